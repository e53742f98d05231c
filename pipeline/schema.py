"""The published tables, column by column: the contract of ``SCHEMA.md`` in code.

Required columns come first in each schema, in the contract's order; columns after
them are this project's extras (allowed by the contract, never renamed or dropped).
"""

from __future__ import annotations

import pyarrow as pa

from pipeline.history import MILESTONE_HISTORY, MILESTONE_HISTORY_SORT_KEYS
from pipeline.links import MILESTONE_INDICATORS, MILESTONE_INDICATORS_SORT_KEYS

UTC_TS = pa.timestamp("us", tz="UTC")

EVIDENCE = pa.list_(
    pa.struct(
        [
            ("field", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("kind", pa.string()),
        ]
    )
)
"""Evidence sources a record names: ``text[start:end]`` of its ``field``, and their kind."""

DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source_path", pa.string()),
        ("file_type", pa.string()),
        ("doc_kind", pa.string()),
        ("title", pa.string()),
        ("organisation", pa.string()),
        ("body", pa.string()),
        ("doc_date", pa.date32()),
        ("n_pages", pa.int32()),
        ("extractor_version", pa.string()),
        ("ingested_at", UTC_TS),
        # extras
        ("size_bytes", pa.int64()),
        ("rules_version", pa.string()),
        ("sponsor", pa.string()),
        ("manager", pa.string()),
        ("project_start", pa.string()),
        ("project_end", pa.string()),
        ("percent_complete", pa.float64()),
        ("subject_organisation", pa.string()),
    ]
)

MILESTONES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("record_id", pa.string()),
        ("ordinal", pa.int32()),
        ("ref", pa.string()),
        ("goal", pa.string()),
        ("text", pa.string()),
        ("status", pa.string()),
        ("status_raw", pa.string()),
        ("rag", pa.string()),
        ("comment", pa.string()),
        ("page", pa.int32()),
        # extras
        ("lead", pa.string()),
        ("due_date", pa.string()),
        ("ocr", pa.bool_()),
        ("evidence", EVIDENCE),
        ("evidence_status", pa.string()),
    ]
)

RAG_RATINGS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("period", pa.string()),
        ("dimension", pa.string()),
        ("rating", pa.string()),
        ("as_of", pa.date32()),
        # extras
        ("record_id", pa.string()),
        ("rating_raw", pa.string()),
        ("page", pa.int32()),
        ("ocr", pa.bool_()),
    ]
)

STATEMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("record_id", pa.string()),
        ("ordinal", pa.int32()),
        ("section", pa.string()),
        ("heading", pa.string()),
        ("text", pa.string()),
        ("page", pa.int32()),
        # extras
        ("ref", pa.string()),
        ("owner", pa.string()),
        ("ocr", pa.bool_()),
        ("evidence", EVIDENCE),
    ]
)

INDICATORS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("record_id", pa.string()),
        ("ordinal", pa.int32()),
        ("ref", pa.string()),
        ("name", pa.string()),
        ("area", pa.string()),
        ("period", pa.string()),
        ("value", pa.string()),
        ("target", pa.string()),
        ("rag", pa.string()),
        ("previous_value", pa.string()),
        ("previous_rag", pa.string()),
        ("direction", pa.string()),
        ("comment", pa.string()),
        ("page", pa.int32()),
        # extras
        ("floor", pa.string()),
        ("rag_raw", pa.string()),
        ("ocr", pa.bool_()),
    ]
)

RECEIPTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("pages_read", pa.int32()),
        ("tables_seen", pa.int32()),
        ("tables_used", pa.int32()),
        ("records", pa.int32()),
        ("unused_tables", pa.string()),
        ("unknown_statuses", pa.string()),
        ("unmapped_colours", pa.string()),
        ("notes", pa.string()),
        # extras: the records, table by table
        ("n_milestones", pa.int32()),
        ("n_indicators", pa.int32()),
        ("n_rag_ratings", pa.int32()),
        ("n_statements", pa.int32()),
        ("ocr_pages", pa.int32()),
    ]
)

FLAGS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("table", pa.string()),
        ("record_id", pa.string()),
        ("rule", pa.string()),
        ("matched_text", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("severity", pa.string()),
        ("message", pa.string()),
        ("suggestion", pa.string()),
    ]
)

ERRORS = pa.schema(
    [
        ("source_path", pa.string()),
        ("doc_id", pa.string()),
        ("stage", pa.string()),
        ("error_type", pa.string()),
        ("message", pa.string()),
        ("occurred_at", UTC_TS),
        # extras
        ("transient", pa.bool_()),
    ]
)

PEOPLE = pa.schema(
    [
        ("doc_id", pa.string()),
        ("record_id", pa.string()),
        ("name", pa.string()),
        ("role", pa.string()),
        ("organisation", pa.string()),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "milestones": MILESTONES,
    "indicators": INDICATORS,
    "rag_ratings": RAG_RATINGS,
    "statements": STATEMENTS,
    "flags": FLAGS,
    "receipts": RECEIPTS,
    "errors": ERRORS,
    "people": PEOPLE,
    "milestone_history": MILESTONE_HISTORY,
    "milestone_indicators": MILESTONE_INDICATORS,
}
"""Every published table, in publishing order."""

# Columns that make a row's identity, used to sort rows so output is deterministic.
SORT_KEYS: dict[str, list[str]] = {
    "documents": ["source_path", "doc_id"],
    "milestones": ["doc_id", "ordinal"],
    "indicators": ["doc_id", "ordinal"],
    "receipts": ["doc_id"],
    "rag_ratings": ["doc_id", "period", "dimension"],
    "statements": ["doc_id", "ordinal"],
    "flags": ["doc_id", "table", "record_id", "start", "rule"],
    "errors": ["source_path", "stage", "error_type"],
    "people": ["doc_id", "record_id"],
    "milestone_history": MILESTONE_HISTORY_SORT_KEYS,
    "milestone_indicators": MILESTONE_INDICATORS_SORT_KEYS,
}
DERIVED_TABLES = ("milestone_history", "milestone_indicators")
"""Tables rebuilt from the others on every run (never carried over file by file)."""

MILESTONE_STATUSES = (
    "achieved",
    "partially_achieved",
    "in_progress",
    "not_achieved",
    "not_started",
    "no_conclusion",
    "not_yet_assessed",
    "unknown",
)
RAG_COLOURS = ("red", "amber", "green", "blue")
DOC_KINDS = (
    "highlight_report",
    "scrutiny_report",
    "minutes",
    "briefing_note",
    "task_group_report",
    "other",
)
STATEMENT_SECTIONS = (
    "completed",
    "planned",
    "risk",
    "obstacle",
    "resolution",
    "recommendation",
    "question",
    "finding",
    "other",
)
ERROR_STAGES = ("read", "parse", "extract", "rules")
