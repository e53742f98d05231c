"""What extractors find, before the extract stage numbers it and gives it ids.

Extractors return these; ``pipeline.extract`` adds ``doc_id``, ``ordinal`` and
``record_id`` so that no extractor has to get identity right on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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


@dataclass(slots=True)
class Statement:
    section: str
    text: str
    heading: str | None = None
    page: int | None = None
    ref: str | None = None
    owner: str | None = None


@dataclass(slots=True)
class RagRating:
    period: str
    dimension: str
    rating: str
    as_of: dt.date | None = None
    rating_raw: str | None = None
    page: int | None = None


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
    """Everything one extractor found in one document."""

    milestones: list[Milestone] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    rag_ratings: list[RagRating] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    meta: DocumentMeta = field(default_factory=DocumentMeta)


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
