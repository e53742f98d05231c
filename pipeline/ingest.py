"""Run the stages over a folder and publish: the batch job and the nightly job alike.

Incremental by content: a file whose bytes (sha256), path and extractor version
are unchanged since the last publication is not parsed again; its rows are carried
over from that publication. Only its flags are redone when the rules changed.

Only regular files inside the input folder are read (``pipeline.read.scan_folder``);
every other entry is an ``errors`` row. A passing fault (a folder that cannot be
listed, a file being copied, a worker killed from outside) never drops a paper's
published rows: they are kept until it reads. A run refuses to publish when the
input folder is empty or most known files vanished at once (an unmounted share),
unless removals are allowed. A file that failed on a limit (``--max-pages``,
``--timeout``, ...) is tried again when that limit is raised. A publication whose
state cannot be trusted (an empty manifest, a deleted table file) is rebuilt by
parsing every file again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from filelock import FileLock, Timeout

from pipeline import EXTRACTOR_VERSION
from pipeline.apply_rules import flag_rows, rules_version_for
from pipeline.errors import FileError, RunError
from pipeline.history import HISTORY_VERSION, build_history, update_history
from pipeline.links import build_milestone_indicators
from pipeline.process import FileResult, error_row
from pipeline.publish import (
    STATE_DIR,
    check_publication,
    is_published,
    load_lazy_imports,
    publish,
    read_manifest,
    read_published,
    rows_to_table,
    sort_table,
)
from pipeline.read import identify, ocr_engine_for, scan_folder
from pipeline.schema import DERIVED_TABLES, TABLES
from pipeline.settings import DEFAULT_MAX_REMOVED_SHARE, ReadSettings
from pipeline.workers import Job, WorkerSettings, process_jobs
from rules.config import RulesConfig

log = logging.getLogger(__name__)

LOCK_FILE = "lock"
RUN_LOG = "run_log.jsonl"
Row = dict[str, Any]
Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, source_path)`` after each file is processed."""


@dataclass(frozen=True)
class IngestSettings:
    read: ReadSettings = field(default_factory=ReadSettings)
    rules: RulesConfig | None = None
    workers: WorkerSettings = field(default_factory=WorkerSettings)
    lock_timeout_s: float = 0.0
    """How long to wait for another run's lock; 0 means give up at once."""
    allow_removals: bool = False
    """Publish even when the input folder is empty or most known files vanished at once."""
    max_removed_share: float = DEFAULT_MAX_REMOVED_SHARE
    partition_by: tuple[str, ...] = ()
    """Write the tables Hive-partitioned by these (``organisation``, ``year``); see publish."""

    def limits(self) -> dict[str, float]:
        """The limits a file can fail on, stored with each failure: raising one retries it."""
        return {
            "max_file_mb": self.read.max_file_mb,
            "max_pages": self.read.max_pages,
            "timeout_s": self.workers.timeout_s,
            "max_memory_mb": self.workers.max_memory_mb,
            # OCR counts as a limit too: a scan recorded as no_text_layer is read again
            # once an OCR engine is installed (or --no-ocr dropped, or --ocr-timeout raised)
            "ocr": float(ocr_engine_for(self.read) is not None),
            "ocr_timeout_s": self.read.ocr_timeout_s,
        }


# Failures that a raised limit may cure, so they are tried again when one is raised.
LIMIT_ERRORS = frozenset(
    {"too_large", "timeout", "worker_killed", "no_text_layer", "bad_text_layer"}
)


@dataclass
class RunSummary:
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    reprocessed: int = 0
    """Same content, processed again: a new extractor version, or a fault that may have passed."""
    removed: int = 0
    failed: int = 0
    elapsed_s: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    rules_version: str = ""
    stage_s: dict[str, float] = field(default_factory=dict)
    """Seconds per stage summed over the files processed (``publish`` for the run)."""
    version_dir: Path | None = None
    no_records: list[str] = field(default_factory=list)
    """Source paths of the published documents that gave no records at all."""
    kept: int = 0
    """Papers whose last published rows were kept over a passing fault (tried again next run)."""
    state_reset: str | None = None
    """Why the last publication's state could not be trusted, when every file was parsed again."""

    def sentence(self) -> str:
        empty = (
            f" {len(self.no_records)} of {self.rows.get('documents', 0)} documents gave no "
            "records: see receipts."
            if self.no_records
            else ""
        )
        return (
            f"{self.seen} files seen: {self.new} new, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.reprocessed} re-processed, "
            f"{self.removed} removed, {self.failed} failed; "
            f"{self.rows.get('milestones', 0)} milestones, "
            f"{self.rows.get('indicators', 0)} indicators, "
            f"{self.rows.get('statements', 0)} statements, "
            f"{self.rows.get('flags', 0)} flags published in {self.elapsed_s:.1f}s.{empty}"
        )


def _carried_rows(
    out_dir: Path, keep_doc_ids: set[str], keep_error_paths: set[str]
) -> dict[str, pa.Table]:
    """Rows of the current publication that belong to files we are not processing again."""
    carried: dict[str, pa.Table] = {}
    if not keep_doc_ids and not keep_error_paths:
        return {name: TABLES[name].empty_table() for name in TABLES if name not in DERIVED_TABLES}
    ids = pa.array(sorted(keep_doc_ids), pa.string())
    for name in TABLES:
        if name in DERIVED_TABLES:
            continue
        table = read_published(out_dir, name)
        if name == "errors":
            mask = pc.is_in(table["source_path"], pa.array(sorted(keep_error_paths), pa.string()))
        else:
            mask = pc.is_in(table["doc_id"], ids)
        carried[name] = table.filter(mask)
    return carried


def _manifest_entry(result: FileResult, rules_version: str, limits: dict[str, float]) -> Row:
    identity = result.identity
    assert identity is not None, "jobs are identified before they are processed"
    return {
        "doc_id": identity.doc_id,
        "size": identity.size,
        "mtime_ns": identity.mtime_ns,
        "extractor_version": EXTRACTOR_VERSION,
        "rules_version": rules_version,
        "failed": result.failed,
        "transient": result.transient,
        "error_types": sorted({e["error_type"] for e in result.errors}) if result.failed else [],
        "limits": limits,
    }


def _limit_raised(before: Row, limits: dict[str, float]) -> bool:
    """Whether a file that failed on a limit meets a higher limit now (so try it again)."""
    if not before.get("failed") or not LIMIT_ERRORS & set(before.get("error_types") or []):
        return False
    stored = before.get("limits") or {}
    return any(value > stored.get(name, 0) for name, value in limits.items())


def _absolute(path: Path) -> str:
    """``path`` made absolute without resolving links, so links made from elsewhere work."""
    return os.path.abspath(path)


def ingest(
    raw_dir: Path,
    out_dir: Path,
    settings: IngestSettings | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Process ``raw_dir`` and publish every table to ``out_dir``; see the module docstring."""
    settings = settings or IngestSettings()
    if not raw_dir.is_dir():
        raise RunError(f"The input folder {raw_dir} does not exist or is not a folder.")
    started_at = dt.datetime.now(dt.UTC)
    try:
        (out_dir / STATE_DIR).mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(out_dir / STATE_DIR / LOCK_FILE))
        lock.acquire(timeout=settings.lock_timeout_s)
    except Timeout as exc:
        refusal = RunError(
            f"Another boardpapers run is publishing to {out_dir} (lock {lock.lock_file}); "
            "wait for it to finish, or pass --wait SECONDS."
        )
        _log_run(out_dir, raw_dir, started_at, None, f"RunError: {refusal}", outcome="refused")
        raise refusal from exc
    except OSError as exc:
        raise RunError(
            f"The output folder {out_dir} cannot be written ({exc.strerror or exc}); "
            "choose a folder this user may write to with --out."
        ) from exc
    try:
        summary = _ingest_locked(raw_dir, out_dir, settings, progress)
    except OSError as exc:
        failure = RunError(
            f"The run could not be finished ({exc.strerror or exc}: {exc.filename or out_dir}); "
            "nothing was published and the previous publication is untouched."
        )
        _log_run(out_dir, raw_dir, started_at, None, f"{type(exc).__name__}: {exc}")
        raise failure from exc
    except BaseException as exc:
        _log_run(out_dir, raw_dir, started_at, None, f"{type(exc).__name__}: {exc}")
        raise
    else:
        _log_run(out_dir, raw_dir, started_at, summary, None)
        return summary
    finally:
        lock.release()


def _log_run(
    out_dir: Path,
    raw_dir: Path,
    started_at: dt.datetime,
    summary: RunSummary | None,
    failure: str | None,
    outcome: str | None = None,
) -> None:
    """Append one line to the run log (the job history; ``pd.read_json(path, lines=True)``).

    ``outcome`` is ``ok``, ``partial`` (some files failed), ``failed`` or ``refused``
    (another run held the lock). A log that cannot be written never hides the run's
    own outcome.
    """
    if outcome is None:
        outcome = "failed" if failure else ("partial" if summary and summary.failed else "ok")
    entry: dict[str, Any] = {
        "started_at": started_at.isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "raw_dir": _absolute(raw_dir),
        "outcome": outcome,
        "failure": failure,
        "extractor_version": EXTRACTOR_VERSION,
    }
    if summary:
        entry.update(
            {k: v for k, v in asdict(summary).items() if k not in ("version_dir",)},
            version=summary.version_dir.name if summary.version_dir else None,
        )
    with contextlib.suppress(OSError), (out_dir / RUN_LOG).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, sort_keys=True, default=str) + "\n")


def _ingest_locked(
    raw_dir: Path, out_dir: Path, settings: IngestSettings, progress: Progress | None
) -> RunSummary:
    started = time.monotonic()
    now = dt.datetime.now(dt.UTC)
    rules_version = rules_version_for(settings.rules)
    limits = settings.limits()
    summary = RunSummary(rules_version=rules_version)
    summary.state_reset = check_publication(out_dir)
    previous: dict[str, Row] = {}
    previous_manifest: dict[str, Any] = {}
    if summary.state_reset is None:
        previous_manifest = read_manifest(out_dir)
        previous = previous_manifest.get("files", {})
    else:
        log.warning("the last publication in %s is damaged: %s", out_dir, summary.state_reset)
    manifest_files: dict[str, Row] = {}
    new_rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    keep_doc_ids: set[str] = set()
    keep_error_paths: set[str] = set()
    rerun_rules_ids: set[str] = set()
    seen_content: dict[str, str] = {}
    jobs: list[Job] = []
    listed: set[str] = set()

    def record_error(source_path: str, doc_id: str | None, exc: FileError) -> None:
        new_rows["errors"].append(
            error_row(source_path, doc_id, exc.stage, exc.error_type, exc.message, exc.transient)
        )
        summary.failed += 1

    def keep(source_path: str, before: Row, errors_too: bool) -> None:
        """A passing fault: keep the last published rows until the file reads again."""
        listed.add(source_path)
        manifest_files[source_path] = {**before, "transient": True}
        if not before["failed"]:
            keep_doc_ids.add(before["doc_id"])
            summary.kept += 1
        elif errors_too:
            keep_error_paths.add(source_path)

    scan = scan_folder(raw_dir, settings.read.max_file_mb)
    for refused in scan.refused:
        if refused.is_folder:
            record_error(refused.source_path, None, refused.error)
            inside = refused.source_path + "/"
            for source_path, before in previous.items():
                if source_path.startswith(inside):
                    keep(source_path, before, errors_too=True)
            continue
        summary.seen += 1
        listed.add(refused.source_path)
        record_error(refused.source_path, None, refused.error)
        before = previous.get(refused.source_path)
        if refused.error.transient and before and not before["failed"]:
            keep(refused.source_path, before, errors_too=False)

    # Real files before links to them, so a duplicate is published under the file's own name.
    for candidate in sorted(scan.candidates, key=lambda c: c.is_link):
        summary.seen += 1
        source_path = candidate.source_path
        listed.add(source_path)
        before = previous.get(source_path)
        try:
            identity = identify(candidate.path, raw_dir, settings.read.max_file_mb)
        except FileError as exc:
            record_error(source_path, None, exc)
            if exc.transient and before and not before["failed"]:
                keep(source_path, before, errors_too=False)
            continue

        if identity.doc_id in seen_content:
            duplicate = FileError("duplicate", detail=seen_content[identity.doc_id])
            record_error(source_path, identity.doc_id, duplicate)
            continue
        seen_content[identity.doc_id] = source_path

        same_content = bool(before) and before["doc_id"] == identity.doc_id
        reusable = (
            same_content
            and before["extractor_version"] == EXTRACTOR_VERSION
            and not before.get("transient", False)
            and not _limit_raised(before, limits)
        )
        if reusable:
            summary.unchanged += 1
            summary.failed += int(before["failed"])
            manifest_files[source_path] = {**before, "rules_version": rules_version}
            keep_error_paths.add(source_path)
            if not before["failed"]:
                keep_doc_ids.add(identity.doc_id)
                if before.get("rules_version") != rules_version:
                    rerun_rules_ids.add(identity.doc_id)
            continue

        if before is None:
            summary.new += 1
        elif not same_content:
            summary.changed += 1
        else:
            summary.reprocessed += 1
        jobs.append(Job(path=candidate.path, raw_dir=raw_dir, identity=identity))

    removed = set(previous) - listed
    summary.removed = len(removed)
    _refuse_mass_removal(raw_dir, settings, len(previous), len(removed), bool(listed))

    for done, result in enumerate(
        process_jobs(
            jobs, settings.read, settings.rules, settings.workers, meanwhile=load_lazy_imports
        ),
        1,
    ):
        if progress:
            progress(done, len(jobs), result.source_path)
        summary.failed += int(result.failed)
        for stage, seconds in result.timings.items():
            summary.stage_s[stage] = summary.stage_s.get(stage, 0.0) + seconds
        new_rows["errors"].extend(result.errors)
        before = previous.get(result.source_path)
        if result.failed and result.transient and before and not before["failed"]:
            keep(result.source_path, before, errors_too=False)
            continue
        manifest_files[result.source_path] = _manifest_entry(result, rules_version, limits)
        if result.document is not None:
            new_rows["documents"].append({**result.document, "ingested_at": now})
            for name, rows in result.tables.items():
                new_rows[name].extend(rows)

    carried = _carried_rows(out_dir, keep_doc_ids, keep_error_paths)
    if rerun_rules_ids:
        carried["flags"], redone = _redo_flags(carried, rerun_rules_ids, settings.rules)
        new_rows["flags"].extend(redone)

    tables = {
        name: sort_table(
            name, pa.concat_tables([carried[name], rows_to_table(name, new_rows[name])])
        )
        for name in TABLES
        if name not in DERIVED_TABLES
    }
    # Linking needs an organisation's every paper, so one new or removed paper can change
    # older rows' history: its organisation is rebuilt from the final tables.
    same_papers = (
        not jobs
        and not summary.removed
        and summary.state_reset is None
        and is_published(out_dir, "milestone_history")
    )
    history_started = time.perf_counter()
    tables["milestone_history"] = _milestone_history(
        out_dir,
        tables,
        same_papers,
        previous_manifest,
        {j.identity.doc_id for j in jobs if j.identity},
        # the run's parallelism (its workers are done by now, their cores free), on the
        # cores this process may use (a cluster's workers run elsewhere)
        max(1, min(settings.workers.workers, _usable_cores())),
    )
    if not same_papers:  # a run that reuses the published history did no history work
        summary.stage_s["history"] = time.perf_counter() - history_started
    tables["milestone_indicators"] = (
        read_published(out_dir, "milestone_indicators")
        if same_papers and is_published(out_dir, "milestone_indicators")
        else build_milestone_indicators(
            tables["documents"], tables["milestones"], tables["indicators"]
        )
    )
    summary.rows = {name: t.num_rows for name, t in tables.items()}
    summary.no_records = documents_without_records(tables["documents"], tables["receipts"])
    manifest = {
        "extractor_version": EXTRACTOR_VERSION,
        "rules_version": rules_version,
        "published_at": now.isoformat(),
        "raw_dir": _absolute(raw_dir),
        "limits": limits,
        "files": manifest_files,
        "history_version": HISTORY_VERSION,
        "partition_by": list(settings.partition_by),
    }
    publish_started = time.perf_counter()
    summary.version_dir = publish(
        out_dir, tables, manifest, now=now, partition_by=settings.partition_by
    )
    summary.stage_s["publish"] = time.perf_counter() - publish_started
    summary.elapsed_s = time.monotonic() - started
    return summary


def _usable_cores() -> int:
    """The cores this process may run on (all of the machine's where that is not known)."""
    affinity = getattr(os, "sched_getaffinity", None)  # Linux
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def _milestone_history(
    out_dir: Path,
    tables: dict[str, pa.Table],
    same_papers: bool,
    previous_manifest: dict[str, Any],
    processed_doc_ids: set[str | None],
    workers: int = 1,
) -> pa.Table:
    """Linking needs an organisation's every paper, so a changed paper can change its
    older rows: the organisations whose papers changed are rebuilt, the rest reused
    (the text scoring on ``workers`` threads)."""
    reusable = (
        is_published(out_dir, "milestone_history")
        and previous_manifest.get("history_version") == HISTORY_VERSION
    )
    if same_papers and reusable:
        return read_published(out_dir, "milestone_history")
    if not reusable:
        return build_history(tables["documents"], tables["milestones"], workers)
    history, rebuilt = update_history(
        read_published(out_dir, "milestone_history"),
        read_published(out_dir, "documents"),
        tables["documents"],
        tables["milestones"],
        {doc_id for doc_id in processed_doc_ids if doc_id is not None},
        workers,
    )
    log.info("milestone_history: %d organisation(s) rebuilt, the rest reused", len(rebuilt))
    return history


def _refuse_mass_removal(
    raw_dir: Path, settings: IngestSettings, known: int, removed: int, anything_listed: bool
) -> None:
    """Raise ``RunError`` rather than unpublish most papers because a folder is not there."""
    if settings.allow_removals or not known or removed <= settings.max_removed_share * known:
        return
    if not anything_listed:
        raise RunError(
            f"The input folder {raw_dir} is empty, but the last publication has {known} "
            "files; is it mounted? Nothing was published. Pass --allow-removals to publish "
            "an empty folder."
        )
    raise RunError(
        f"{removed} of the {known} files published last time are gone from {raw_dir} (more "
        f"than {settings.max_removed_share:.0%}); is a folder missing or unmounted? Nothing was "
        "published. Pass --allow-removals if they were removed on purpose."
    )


def documents_without_records(documents: pa.Table, receipts: pa.Table) -> list[str]:
    """Source paths of documents whose receipt counts no record, in path order."""
    empty = receipts.filter(pc.equal(receipts["records"], 0))["doc_id"].to_pylist()
    rows = documents.select(["doc_id", "source_path"]).to_pylist()
    return sorted(r["source_path"] for r in rows if r["doc_id"] in set(empty))


def _redo_flags(
    carried: dict[str, pa.Table], doc_ids: set[str], rules: RulesConfig | None
) -> tuple[pa.Table, list[Row]]:
    ids = pa.array(sorted(doc_ids), pa.string())
    keep = carried["flags"].filter(pc.invert(pc.is_in(carried["flags"]["doc_id"], ids)))
    tables: dict[str, Iterable[Row]] = {
        name: carried[name].filter(pc.is_in(carried[name]["doc_id"], ids)).to_pylist()
        for name in ("milestones", "statements")
    }
    return keep, flag_rows(tables, rules)
