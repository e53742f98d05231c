"""One file through read → detect/extract → rules; never raises for bad input.

``process_file`` is what the ingest job, ``boardpapers lint`` and the worker pool
all call, so a file is processed the same way wherever it comes from.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import EXTRACTOR_VERSION
from pipeline.apply_rules import flag_rows, rules_version_for
from pipeline.errors import FileError, ReadError, Stage
from pipeline.extract import extract_rows
from pipeline.model import Document
from pipeline.read import FileIdentity, identify, read_document, source_path_of
from pipeline.settings import ReadSettings
from rules.config import RulesConfig

log = logging.getLogger(__name__)

Row = dict[str, Any]
RECORD_TABLES = (
    "milestones",
    "indicators",
    "statements",
    "rag_ratings",
    "people",
    "receipts",
    "flags",
)


@dataclass
class FileResult:
    source_path: str
    identity: FileIdentity | None = None
    document: Row | None = None
    """The ``documents`` row, without ``ingested_at`` (the publisher stamps it)."""
    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in RECORD_TABLES})
    errors: list[Row] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each stage, for the benchmark and the run log."""
    model: Document | None = field(default=None, repr=False, compare=False)
    """The document model, kept only when asked (``lint`` checks every paragraph of it)."""

    @property
    def doc_id(self) -> str | None:
        return self.identity.doc_id if self.identity else None

    @property
    def failed(self) -> bool:
        return self.document is None

    @property
    def transient(self) -> bool:
        return any(e["transient"] for e in self.errors)


def error_row(
    source_path: str,
    doc_id: str | None,
    stage: Stage,
    error_type: str,
    message: str,
    transient: bool = False,
) -> Row:
    return {
        "source_path": source_path,
        "doc_id": doc_id,
        "stage": stage,
        "error_type": error_type,
        "message": message,
        "occurred_at": dt.datetime.now(dt.UTC),
        "transient": transient,
    }


def _record_error(result: FileResult, exc: Exception, stage: Stage) -> None:
    if isinstance(exc, FileError):
        row = error_row(
            result.source_path, result.doc_id, exc.stage, exc.error_type, exc.message, exc.transient
        )
    else:
        # Our bug, not the paper's: keep the traceback in the log, a plain sentence in the row.
        log.exception("internal error in stage %s on %s", stage, result.source_path)
        detail = f"{type(exc).__name__} in the {stage} stage"
        row = error_row(
            result.source_path,
            result.doc_id,
            stage,
            "internal",
            FileError("internal", detail=detail).message,
        )
    result.errors.append(row)


def ensure_unchanged(path: Path, identity: FileIdentity) -> None:
    """The bytes we parsed are the bytes we hashed: a file still being copied is tried later."""
    try:
        now = path.stat()
    except FileNotFoundError as exc:
        raise ReadError("not_found", detail=identity.source_path) from exc
    if (now.st_size, now.st_mtime_ns) != (identity.size, identity.mtime_ns):
        raise ReadError("changed_while_reading")


def document_row(
    doc: Document, identity: FileIdentity, doc_kind: str, meta: Any, rules_version: str
) -> Row:
    return {
        "doc_id": identity.doc_id,
        "source_path": identity.source_path,
        "file_type": doc.file_type,
        "doc_kind": doc_kind,
        "title": meta.title,
        "organisation": meta.organisation,
        "body": meta.body,
        "doc_date": meta.doc_date,
        "n_pages": doc.n_pages,
        "extractor_version": EXTRACTOR_VERSION,
        "size_bytes": identity.size,
        "rules_version": rules_version,
        "sponsor": meta.sponsor,
        "manager": meta.manager,
        "project_start": meta.project_start,
        "project_end": meta.project_end,
        "percent_complete": meta.percent_complete,
        "subject_organisation": meta.subject_organisation,
    }


def process_file(
    path: Path,
    raw_dir: Path,
    settings: ReadSettings | None = None,
    rules_config: RulesConfig | None = None,
    identity: FileIdentity | None = None,
    keep_model: bool = False,
) -> FileResult:
    """Run every stage on one file; bad input ends as rows in ``FileResult.errors``."""
    settings = settings or ReadSettings()
    result = FileResult(source_path=source_path_of(path, raw_dir), identity=identity)
    stage: Stage = "read"
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.timings[name] = result.timings.get(name, 0.0) + now - clock
        clock = now

    try:
        if result.identity is None:
            result.identity = identify(path, raw_dir, settings.max_file_mb)
        lap("read")
        stage = "parse"
        doc = read_document(path, result.identity, settings)
        ensure_unchanged(path, result.identity)
        lap("parse")
        stage = "extract"
        extracted = extract_rows(doc)
        lap("extract")
        if keep_model:
            result.model = doc
    except MemoryError:
        detail = "It needs more memory than a worker may use; raise --max-memory-mb or split it."
        message = FileError("too_large", detail=detail).message
        result.errors.append(
            error_row(result.source_path, result.doc_id, stage, "too_large", message)
        )
        lap(stage)
        return result
    except Exception as exc:
        _record_error(result, exc, stage)
        lap(stage)
        return result

    for warning in doc.warnings:
        result.errors.append(
            error_row(
                result.source_path,
                result.doc_id,
                "parse",
                "partial",
                FileError("partial", detail=warning).message,
            )
        )
    result.document = document_row(
        doc, result.identity, extracted.doc_kind, extracted.meta, rules_version_for(rules_config)
    )
    result.tables.update(extracted.tables)
    try:
        result.tables["flags"] = flag_rows(extracted.tables, rules_config)
    except Exception as exc:
        _record_error(result, exc, "rules")
    lap("rules")
    return result
