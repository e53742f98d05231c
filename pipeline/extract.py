"""The extract stage: detect the kind, find the records, give them order and identity."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from extractors.kinds import extractor_for
from extractors.metadata import extract_metadata
from pipeline.detect import detect_kind
from pipeline.ids import unique_ids
from pipeline.model import Document
from pipeline.records import DocumentMeta

Row = dict[str, Any]


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


def extract_rows(doc: Document) -> ExtractedRows:
    detection = detect_kind(doc)
    meta = extract_metadata(doc)
    extraction = extractor_for(detection.kind).extract(doc, meta)
    meta.update_from(extraction.meta)

    milestones = [asdict(m) for m in extraction.milestones]
    statements = [asdict(s) for s in extraction.statements]
    rag_ratings = [asdict(r) for r in extraction.rag_ratings]
    people = [asdict(p) for p in extraction.people]
    _identify(doc, "milestones", milestones, ("ref", "text"))
    _identify(doc, "statements", statements, ("section", "heading", "text"))
    _identify(doc, "rag_ratings", rag_ratings, ("period", "dimension"))
    _identify(doc, "people", people, ("name", "role"))
    for row in rag_ratings + people:
        row.pop("ordinal")
    for row in rag_ratings:
        row["as_of"] = row["as_of"] or meta.doc_date
    return ExtractedRows(
        doc_kind=detection.kind,
        meta=meta,
        tables={
            "milestones": milestones,
            "statements": statements,
            "rag_ratings": rag_ratings,
            "people": people,
        },
    )
