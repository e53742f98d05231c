"""The publish stage: write every table, then switch them in at once.

Layout of an output folder::

    OUT/documents -> .boardpapers/current/documents     (one link per table, made once)
    OUT/.boardpapers/current -> versions/<version>       (switched by atomic rename)
    OUT/.boardpapers/versions/<version>/<table>/part-0.parquet
    OUT/.boardpapers/versions/<version>/manifest.json    (the nightly job's state)

A run writes a complete new version folder, fsyncs it, and then replaces the
``current`` link with ``os.replace`` — a single atomic step. A reader therefore
sees either the whole previous publication or the whole new one, never a mix,
and a run killed at any point leaves the previous publication untouched. Data
and state (the manifest) live in the same version, so they can never disagree.
Older versions are kept for a while so a reader that listed files just before a
switch can still open them.

The manifest records each table's row count and sha256 (``tables``), so a run can
tell a whole publication from one whose files were deleted or changed behind its
back (``check_publication``) and parse everything again instead of carrying a
damaged table forward. Published files are made read-only (files ``0444``, table
folders ``0555``): the publication is changed only by publishing a new version.
Readers that need several tables pin one version for the whole read
(``pinned_dir``), so a switch in the middle of a read cannot mix two runs.

A publication for a large corpus can be partitioned (``partition_by``, Hive style)::

    OUT/.boardpapers/versions/<version>/milestones/organisation_key=<slug>/year=<yyyy>/part-0.parquet

Every table is split by the paper each row belongs to (``doc_id`` → the paper's
organisation and year); rows of no known paper (a file that failed) go under
``organisation_key=unknown/year=0``, as do papers without an organisation or date. The
files hold the contract's columns only; the folder names add ``organisation_key`` and
``year`` for readers that read them (pandas, DuckDB with ``hive_partitioning=true``,
Polars), so a filter on them skips whole folders. ``read_table_folder`` reads either
layout with the contract's schema.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import RunError
from pipeline.schema import SORT_KEYS, TABLES

STATE_DIR = ".boardpapers"
CURRENT = "current"
VERSIONS = "versions"
MANIFEST = "manifest.json"
PART_FILE = "part-0.parquet"
VERSIONS_KEPT = 3
READ_ONLY_FILE = 0o444
READ_ONLY_DIR = 0o555

PARTITIONS = {"organisation": "organisation_key", "year": "year"}
"""What ``--partition-by`` accepts, and the folder key each one is written under."""
UNKNOWN_ORGANISATION = "unknown"
UNKNOWN_YEAR = 0

log = logging.getLogger(__name__)

Rows = Sequence[Mapping[str, Any]]
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def load_lazy_imports() -> None:
    """Import now what building the first Arrow array would import: pyarrow loads pandas
    (about 0.3 s) the first time it converts Python values. ``ingest`` calls this while the
    workers read the papers, so the import is not left for the end of the run."""
    pa.array([], pa.string())


def check_partition_by(partition_by: Sequence[str]) -> tuple[str, ...]:
    """``partition_by`` as a tuple; ``ValueError`` naming the allowed values when it is wrong."""
    wrong = [p for p in partition_by if p not in PARTITIONS]
    if wrong or len(set(partition_by)) != len(partition_by):
        raise ValueError(
            f"partition_by takes each of {', '.join(PARTITIONS)} at most once, got "
            f"{', '.join(partition_by)}"
        )
    return tuple(partition_by)


def organisation_slug(organisation: str | None) -> str:
    """``Eastmoor Borough Council`` → ``eastmoor-borough-council``: safe as a folder name."""
    slug = _NOT_SLUG.sub("-", (organisation or "").casefold()).strip("-")
    return slug or UNKNOWN_ORGANISATION


def partition_folders(documents: pa.Table, partition_by: Sequence[str]) -> dict[str, str]:
    """``doc_id`` → the folder its rows are written to, e.g. ``organisation_key=x/year=2025``."""
    folders: dict[str, str] = {}
    for doc in documents.select(["doc_id", "organisation", "doc_date"]).to_pylist():
        values = {
            "organisation": organisation_slug(doc["organisation"]),
            "year": doc["doc_date"].year if doc["doc_date"] else UNKNOWN_YEAR,
        }
        folders[doc["doc_id"]] = "/".join(f"{PARTITIONS[p]}={values[p]}" for p in partition_by)
    return folders


def _unknown_folder(partition_by: Sequence[str]) -> str:
    values = {"organisation": UNKNOWN_ORGANISATION, "year": UNKNOWN_YEAR}
    return "/".join(f"{PARTITIONS[p]}={values[p]}" for p in partition_by)


def split_table(
    table: pa.Table, folders: Mapping[str, str], partition_by: Sequence[str]
) -> dict[str, pa.Table]:
    """``table`` cut into its partition folders, rows in their order; at least one folder."""
    unknown = _unknown_folder(partition_by)
    if not table.num_rows:
        return {unknown: table}
    if "doc_id" not in table.column_names:
        return {unknown: table}
    keys = [folders.get(d, unknown) for d in table["doc_id"].to_pylist()]
    order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: keeps the sort order
    parts: dict[str, pa.Table] = {}
    start = 0
    for end in range(1, len(order) + 1):
        if end == len(order) or keys[order[end]] != keys[order[start]]:
            parts[keys[order[start]]] = table.take(pa.array(order[start:end], pa.int64()))
            start = end
    return parts


def table_files(folder: Path) -> list[Path]:
    """The Parquet files of a table folder, partitioned or not, in path order."""
    return sorted(folder.rglob("*.parquet")) if folder.is_dir() else []


def read_table_folder(folder: Path, schema: pa.Schema) -> pa.Table:
    """A table folder read whole with ``schema``: one file, or every partition's file."""
    files = table_files(folder)
    if not files:
        return schema.empty_table()
    return pa.concat_tables([pq.read_table(f, schema=schema) for f in files])


def sort_table(name: str, table: pa.Table) -> pa.Table:
    """Rows in their identity order, so the same input always gives the same file."""
    return table.sort_by([(k, "ascending") for k in SORT_KEYS[name]]) if table.num_rows else table


def rows_to_table(name: str, rows: Rows) -> pa.Table:
    """Rows → an Arrow table of the contract's schema, sorted so output is deterministic."""
    schema = TABLES[name]
    table = pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema=schema)
    return sort_table(name, table)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd", write_statistics=True)
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def current_version_dir(out_dir: Path) -> Path | None:
    link = out_dir / STATE_DIR / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def pinned_dir(out_dir: Path) -> Path:
    """The folder whose table sub-folders a reader of several tables should read.

    The current version folder, resolved once, so a run that publishes meanwhile
    cannot hand the reader half of each; ``out_dir`` itself for a folder that was
    not written by ``publish`` (tables copied by hand).
    """
    return current_version_dir(out_dir) or out_dir


def _load_manifest(version: Path) -> dict[str, Any] | None:
    """The manifest of ``version``; None when it is missing, empty or not a JSON object."""
    try:
        manifest = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return manifest if isinstance(manifest, dict) else None


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The current manifest; ``{}`` when there is none or it is unreadable."""
    version = current_version_dir(out_dir)
    if version is None:
        return {}
    return _load_manifest(version) or {}


def check_publication(out_dir: Path) -> str | None:
    """None when the current publication is whole (or there is none); else what is wrong.

    Whole means: a readable manifest, and every table file present with the row
    count and sha256 the manifest recorded for it.
    """
    version = current_version_dir(out_dir)
    if version is None:
        link = out_dir / STATE_DIR / CURRENT
        return f"{link} points to nothing" if link.is_symlink() else None
    manifest = _load_manifest(version)
    if manifest is None:
        return f"its manifest ({version / MANIFEST}) is missing, empty or not valid JSON"
    recorded = manifest.get("tables")
    for name in TABLES:
        entry = recorded.get(name) if isinstance(recorded, dict) else None
        if isinstance(entry, dict) and isinstance(entry.get("files"), dict):
            problem = _check_partitions(version / name, name, entry["files"])
            if problem:
                return problem
            continue
        path = version / name / PART_FILE
        if not path.is_file():
            return f"the {name} table file ({path}) is missing"
        if not isinstance(recorded, dict):
            continue  # published before tables were recorded: presence is all we can check
        if not isinstance(entry, dict):
            return f"the manifest does not record the {name} table"
        problem = _check_file(path, name, entry)
        if problem:
            return problem
    return None


def _check_file(path: Path, name: str, entry: Mapping[str, Any]) -> str | None:
    try:
        rows = pq.ParquetFile(path).metadata.num_rows
        digest = file_sha256(path)
    except (OSError, pa.ArrowException) as exc:
        return f"the {name} table file ({path}) cannot be read: {exc}"
    if rows != entry.get("rows") or digest != entry.get("sha256"):
        return f"the {name} table file ({path}) is not the one published"
    return None


def _check_partitions(folder: Path, name: str, files: Mapping[str, Any]) -> str | None:
    found = {f.relative_to(folder).as_posix() for f in table_files(folder)}
    if found != set(files):
        missing, extra = sorted(set(files) - found), sorted(found - set(files))
        return f"the {name} table's files in {folder} are not the ones published " + (
            f"(missing {missing[:3]})" if missing else f"(not published: {extra[:3]})"
        )
    for relative, entry in sorted(files.items()):
        problem = _check_file(folder / relative, name, entry if isinstance(entry, dict) else {})
        if problem:
            return problem
    return None


def is_published(out_dir: Path, name: str) -> bool:
    version = current_version_dir(out_dir)
    return version is not None and bool(table_files(version / name))


def read_published(out_dir: Path, name: str) -> pa.Table:
    """The current publication of table ``name`` (empty, with the schema, when none)."""
    version = current_version_dir(out_dir)
    if version is None:
        return TABLES[name].empty_table()
    return read_table_folder(version / name, TABLES[name])


def _ensure_table_links(out_dir: Path) -> None:
    for name in TABLES:
        link = out_dir / name
        target = Path(STATE_DIR) / CURRENT / name
        if link.is_symlink():
            if Path(os.readlink(link)) != target:
                link.unlink()
            else:
                continue
        elif link.exists():
            raise RunError(
                f"{link} exists and is not a boardpapers table link; "
                "choose an empty --out folder or remove it."
            )
        link.symlink_to(target, target_is_directory=True)


def _new_version_name(now: dt.datetime) -> str:
    return now.strftime("v%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"


def publish(
    out_dir: Path,
    tables: Mapping[str, pa.Table],
    manifest: Mapping[str, Any],
    now: dt.datetime | None = None,
    partition_by: Sequence[str] = (),
) -> Path:
    """Write all ``tables`` and ``manifest`` as a new version and switch it in atomically.

    Every table of ``pipeline.schema.TABLES`` is written, empty ones included, so
    a query never fails on a missing path. With ``partition_by`` (names of
    ``PARTITIONS``) each table is written Hive-partitioned by its papers'
    organisation and year. Returns the new version folder.
    """
    partition_by = check_partition_by(partition_by)
    missing = set(TABLES) - set(tables)
    if missing:
        raise ValueError(f"publish needs every table; missing {sorted(missing)}")
    now = now or dt.datetime.now(dt.UTC)
    state = out_dir / STATE_DIR
    versions = state / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    version = versions / _new_version_name(now)
    staging = versions / (version.name + ".tmp")
    for name, schema in TABLES.items():
        if not tables[name].schema.equals(schema):
            raise ValueError(f"table {name} does not match its schema:\n{tables[name].schema}")
    recorded: dict[str, dict[str, Any]] = {}
    folders = partition_folders(tables["documents"], partition_by) if partition_by else {}
    for name in TABLES:
        if not partition_by:
            recorded[name] = _write_part(tables[name], staging / name / PART_FILE)
            continue
        files = {
            f"{folder}/{PART_FILE}": _write_part(part, staging / name / folder / PART_FILE)
            for folder, part in split_table(tables[name], folders, partition_by).items()
        }
        recorded[name] = {"rows": tables[name].num_rows, "files": files}
        for sub in sorted((staging / name).rglob("*"), key=lambda p: -len(p.parts)):
            if sub.is_dir():
                _fsync_dir(sub)
                sub.chmod(READ_ONLY_DIR)
        _fsync_dir(staging / name)
        (staging / name).chmod(READ_ONLY_DIR)
    text = json.dumps({**manifest, "tables": recorded}, indent=1, sort_keys=True, default=str)
    _write_text(staging / MANIFEST, text)
    (staging / MANIFEST).chmod(READ_ONLY_FILE)
    _fsync_dir(staging)
    staging.rename(version)
    _fsync_dir(versions)

    # Switch: make a fresh link beside the old one, then rename it over the old one.
    new_link = state / f"{CURRENT}.{version.name}.tmp"
    new_link.symlink_to(Path(VERSIONS) / version.name, target_is_directory=True)
    os.replace(new_link, state / CURRENT)
    _fsync_dir(state)
    _ensure_table_links(out_dir)
    _prune(versions, keep=version.name)
    return version


def _write_part(table: pa.Table, path: Path) -> dict[str, Any]:
    """Write one read-only Parquet file; what the manifest records of it."""
    _write_parquet(table, path)
    entry = {"rows": table.num_rows, "sha256": file_sha256(path)}
    path.chmod(READ_ONLY_FILE)
    _fsync_dir(path.parent)
    path.parent.chmod(READ_ONLY_DIR)
    return entry


def _remove_tree(folder: Path) -> None:
    """``rmtree`` for a published version, whose folders were made read-only."""
    with contextlib.suppress(OSError):
        for child in folder.rglob("*"):
            if child.is_dir() and not child.is_symlink():
                child.chmod(child.stat().st_mode | stat.S_IWUSR | stat.S_IXUSR)
    shutil.rmtree(folder, ignore_errors=True)


def _prune(versions: Path, keep: str) -> None:
    """Drop old versions and leftovers of killed runs, keeping the newest few."""
    finished = sorted(p for p in versions.iterdir() if p.is_dir() and not p.name.endswith(".tmp"))
    for old in finished[:-VERSIONS_KEPT]:
        if old.name != keep:
            _remove_tree(old)
    for leftover in versions.glob("*.tmp"):
        _remove_tree(leftover)
    for stale_link in versions.parent.glob(f"{CURRENT}.*.tmp"):
        stale_link.unlink(missing_ok=True)
