"""The extract stage: every finder on the document, then order, identity, kind and receipt."""

from __future__ import annotations

import copy
import functools
import json
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from extractors.evidence import add_evidence
from extractors.finders import FindContext, run_finders
from extractors.metadata import extract_metadata
from extractors.text_utils import forget_document
from pipeline.detect import detect_kind
from pipeline.ids import unique_ids
from pipeline.model import Block, Document, Page
from pipeline.records import DocumentMeta, Extraction

Row = dict[str, Any]

RECORD_TABLES = ("milestones", "indicators", "rag_ratings", "statements")
"""The tables whose rows count as a document's records in its receipt."""
LOW_OCR_CONFIDENCE = 0.75
"""An OCR page whose mean word confidence is below this is noted in the receipt."""


@dataclass
class ExtractedRows:
    """One document's rows for every record table, ready for the rules and publish stages."""

    doc_kind: str
    meta: DocumentMeta
    tables: dict[str, list[Row]] = field(default_factory=dict)


def _identify(doc: Document, table: str, rows: list[Row], key_fields: tuple[str, ...]) -> None:
    """Number rows in document order and give each a stable id.

    Ids hash the file's path and the record's content, not the file's bytes, so a
    re-save of the same content keeps them, and two papers never share one.
    """
    keys = [(doc.source_path, table, *(row.get(f) for f in key_fields)) for row in rows]
    for ordinal, (row, record_id) in enumerate(zip(rows, unique_ids(keys), strict=True), 1):
        row["doc_id"] = doc.doc_id
        row["record_id"] = record_id
        row["ordinal"] = ordinal


_ATOMIC = (str, int, float, bool, type(None))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _as_dict(record: Any) -> Any:
    """``dataclasses.asdict``, with values that cannot change (str, numbers, None) taken
    as they are instead of deep-copied one by one, as Python 3.12's ``asdict`` does; a test
    compares the two on every record type."""
    if type(record) in _ATOMIC:
        return record
    if is_dataclass(record) and not isinstance(record, type):
        return {name: _as_dict(getattr(record, name)) for name in _field_names(type(record))}
    if isinstance(record, tuple) and hasattr(record, "_fields"):
        return type(record)(*[_as_dict(v) for v in record])
    if isinstance(record, list | tuple):
        return type(record)(_as_dict(v) for v in record)
    if isinstance(record, dict):
        return type(record)((_as_dict(k), _as_dict(v)) for k, v in record.items())
    return copy.deepcopy(record)


def _header_of(table: Block) -> list[str]:
    for row in table.rows:
        texts = [" ".join(c.text.split()) for c in row.cells]
        if any(texts):
            return texts
    return []


def _unique(values: list[str]) -> list[str]:
    return sorted({v for v in values if v})


def receipt_row(doc: Document, found: Extraction, tables: dict[str, list[Row]]) -> Row:
    """What was read, what became records and what was left, for one document."""
    all_tables = [b for b in doc.blocks if b.is_table]
    used = [b for b in all_tables if any(b is u for u in found.used_tables)]
    unused = [
        {"page": b.rows[0].page if b.rows else b.page, "header": _header_of(b)}
        for b in all_tables
        if not any(b is u for u in used)
    ]
    unknown = _unique(
        found.unknown_statuses
        + [
            row["status_raw"]
            for row in tables["milestones"]
            if row.get("status") == "unknown" and row.get("status_raw")
        ]
    )
    colours = _unique(found.unmapped_colours)
    counts = {name: len(tables[name]) for name in RECORD_TABLES}
    records = sum(counts.values())
    pages_read = None
    if doc.n_pages is not None and doc.file_type == "pdf":
        pages_read = len(
            {b.page for b in doc.blocks if b.page is not None and b.text.strip()}
            | {r.page for b in all_tables for r in b.rows if r.page is not None}
        )
    notes = list(dict.fromkeys(found.notes))
    if records == 0:
        notes.append(
            "No milestones, indicators, RAG ratings or statements were found in this paper"
            + (
                f"; {len(unused)} table(s) were read but matched no known layout."
                if unused
                else "."
            )
        )
    if unknown:
        notes.append(
            f"{len(unknown)} status word(s) matched no known status and were published as "
            "'unknown': " + ", ".join(repr(u) for u in unknown[:5]) + "."
        )
    ocr_pages = [p for p in doc.pages if p.ocr_confidence is not None]
    notes.extend(_ocr_notes(ocr_pages))
    return {
        "doc_id": doc.doc_id,
        "pages_read": pages_read,
        "tables_seen": len(all_tables),
        "tables_used": len(used),
        "records": records,
        "unused_tables": json.dumps(unused, ensure_ascii=False),
        "unknown_statuses": json.dumps(unknown, ensure_ascii=False),
        "unmapped_colours": json.dumps(colours, ensure_ascii=False),
        "notes": " ".join(notes) or None,
        **{f"n_{name}": n for name, n in counts.items()},
        "ocr_pages": len(ocr_pages),
    }


def _ocr_notes(ocr_pages: list[Page]) -> list[str]:
    """Which pages were read by OCR, which gave no text and which the engine was unsure of."""
    if not ocr_pages:
        return []
    numbers = ", ".join(str(p.number) for p in ocr_pages)
    notes = [
        f"{len(ocr_pages)} page(s) had no usable text layer and were read by OCR "
        f"(page {numbers}); their records have ocr = true."
    ]
    empty = [p for p in ocr_pages if not p.blocks]
    if empty:
        listed = ", ".join(f"{p.number} ({p.ocr_confidence:.0%})" for p in empty)
        notes.append(
            f"OCR found no readable text on page {listed}: a picture, a drawing or a poor "
            "scan; check it by eye."
        )
    unsure = [p for p in ocr_pages if p.blocks and (p.ocr_confidence or 0.0) < LOW_OCR_CONFIDENCE]
    if unsure:
        listed = ", ".join(f"{p.number} ({p.ocr_confidence:.0%})" for p in unsure)
        notes.append(
            f"OCR was unsure of page {listed}: check the records from these pages against the scan."
        )
    return notes


def _mark_ocr(doc: Document, tables: dict[str, list[Row]]) -> None:
    """Give every record an ``ocr`` flag: whether its page was read by OCR."""
    ocr_pages = {p.number for p in doc.pages if p.ocr_confidence is not None}
    for name in RECORD_TABLES:
        for row in tables[name]:
            row["ocr"] = row.get("page") in ocr_pages


def _kind(doc: Document, found: Extraction) -> str:
    """The document's kind, a label for people: from its wording and what was found."""
    return detect_kind(doc, found).kind


def extract_rows(doc: Document) -> ExtractedRows:
    forget_document()
    meta = extract_metadata(doc)
    ctx = FindContext(doc=doc, meta=meta)
    found = run_finders(ctx)
    meta = ctx.meta
    add_evidence(found.milestones, found.statements)

    seen_people: set[str] = set()
    people = []
    for person in found.people:
        if person.name not in seen_people:
            seen_people.add(person.name)
            people.append(_as_dict(person))
    milestones = [_as_dict(m) for m in found.milestones]
    statements = [_as_dict(s) for s in found.statements]
    indicators = [_as_dict(i) for i in found.indicators]
    rag_ratings = [_as_dict(r) for r in found.rag_ratings]
    _identify(doc, "milestones", milestones, ("ref", "text"))
    _identify(doc, "statements", statements, ("section", "heading", "text"))
    _identify(doc, "indicators", indicators, ("ref", "name"))
    _identify(doc, "rag_ratings", rag_ratings, ("period", "dimension"))
    _identify(doc, "people", people, ("name", "role"))
    for row in rag_ratings + people:
        row.pop("ordinal")
    for row in rag_ratings:
        row["as_of"] = row["as_of"] or meta.doc_date
    tables = {
        "milestones": milestones,
        "statements": statements,
        "indicators": indicators,
        "rag_ratings": rag_ratings,
        "people": people,
    }
    _mark_ocr(doc, tables)
    tables["receipts"] = [receipt_row(doc, found, tables)]
    return ExtractedRows(doc_kind=_kind(doc, found), meta=meta, tables=tables)
