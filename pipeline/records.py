"""What extractors find, before the extract stage numbers it and gives it ids.

Extractors return these; ``pipeline.extract`` adds ``doc_id``, ``ordinal`` and
``record_id`` so that no extractor has to get identity right on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline.model import Block


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """An evidence source a record names, as printed; offsets are half-open into ``field``.

    ``field`` is the record's column the words are in: ``text``, ``comment`` or
    ``status_raw`` (a verdict cell that says "To be tested through the staff survey").
    ``kind`` is the vocabulary's sort of source: ``audit``, ``report``, ``survey`` …
    """

    field: str
    start: int
    end: int
    text: str
    kind: str


@dataclass(slots=True)
class Milestone:
    text: str
    ref: str | None = None
    goal: str | None = None
    status: str = "unknown"
    status_raw: str | None = None
    rag: str | None = None
    comment: str | None = None
    page: int | None = None
    lead: str | None = None
    due_date: str | None = None
    evidence: list[EvidenceItem] | None = None
    """Evidence sources named in the text, comment and verdict (``extractors.evidence``)."""
    evidence_status: str | None = None
    """``seen`` or ``missing`` where the commentary says so; else None."""


@dataclass(slots=True)
class Statement:
    section: str
    text: str
    heading: str | None = None
    page: int | None = None
    ref: str | None = None
    owner: str | None = None
    evidence: list[EvidenceItem] | None = None
    """For completed and planned activities: evidence sources named in the text."""


@dataclass(slots=True)
class RagRating:
    period: str
    dimension: str
    rating: str
    as_of: dt.date | None = None
    rating_raw: str | None = None
    page: int | None = None


@dataclass(slots=True)
class Indicator:
    """A performance indicator (KPI): a measure, its latest value against a target, a RAG."""

    name: str
    ref: str | None = None
    area: str | None = None
    period: str | None = None
    value: str | None = None
    target: str | None = None
    rag: str | None = None
    previous_value: str | None = None
    previous_rag: str | None = None
    direction: str | None = None
    comment: str | None = None
    page: int | None = None
    floor: str | None = None
    rag_raw: str | None = None


@dataclass(slots=True)
class Person:
    name: str
    role: str | None = None
    organisation: str | None = None


@dataclass(slots=True)
class DocumentMeta:
    """What the document says about itself; ``None`` where it does not say."""

    title: str | None = None
    organisation: str | None = None
    subject_organisation: str | None = None
    """The council an inspectorate's report is about (the issuer is ``organisation``)."""
    body: str | None = None
    doc_date: dt.date | None = None
    sponsor: str | None = None
    manager: str | None = None
    project_start: str | None = None
    project_end: str | None = None
    percent_complete: float | None = None

    def update_from(self, other: DocumentMeta) -> None:
        """Take every field ``other`` states, keeping ours where it is silent."""
        for name in self.__slots__:  # type: ignore[attr-defined]
            value = getattr(other, name)
            if value is not None:
                setattr(self, name, value)


@dataclass(slots=True)
class Extraction:
    """Everything one finder found in one document, and what it saw but could not use.

    ``used_tables`` are the table blocks (the very ``Block`` objects of the document) that
    gave records; every other table is listed in the document's receipt as unused.
    ``unknown_statuses`` are status words printed but mapped to nothing;
    ``unmapped_colours`` are cell fills that looked like a rating but matched no key or
    RAG colour (as ``#rrggbb``); ``notes`` are plain-English sentences for a person.
    """

    milestones: list[Milestone] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    rag_ratings: list[RagRating] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    used_tables: list[Block] = field(default_factory=list)
    unknown_statuses: list[str] = field(default_factory=list)
    unmapped_colours: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def merge(self, other: Extraction) -> None:
        """Add ``other``'s findings to ours (metadata: ``other`` wins where it speaks)."""
        self.milestones += other.milestones
        self.statements += other.statements
        self.rag_ratings += other.rag_ratings
        self.indicators += other.indicators
        self.people += other.people
        self.meta.update_from(other.meta)
        self.used_tables += [
            b for b in other.used_tables if not any(b is u for u in self.used_tables)
        ]
        self.unknown_statuses += other.unknown_statuses
        self.unmapped_colours += other.unmapped_colours
        self.notes += other.notes


@dataclass(frozen=True, slots=True)
class Flag:
    """One vague or non-SMART wording in one record; offsets are half-open into ``text``."""

    doc_id: str
    table: str
    record_id: str
    rule: str
    matched_text: str
    start: int
    end: int
    severity: str
    message: str
    suggestion: str
