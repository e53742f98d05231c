"""One finder per record type, registered in one explicit list, run on every document.

A finder takes a ``FindContext`` (the document model, the metadata found so far and
the tables earlier finders took) and returns an ``Extraction``: its records, the
tables that gave them, and what it saw but could not use, for the receipt. The
document kind is computed afterwards from what was found; no finder is switched off
by it.
"""

from __future__ import annotations

from collections.abc import Callable

from extractors.finders.context import FindContext
from extractors.finders.decisions import find_decisions
from extractors.finders.indicators import find_indicators
from extractors.finders.questions import find_questions
from extractors.finders.sections import find_header_facts, find_people, find_sections
from extractors.finders.status_actions import find_status_actions
from extractors.finders.tables import find_milestone_tables, find_rag_grid
from pipeline.model import Document
from pipeline.records import DocumentMeta, Extraction

Finder = Callable[[FindContext], Extraction]

FINDERS: list[tuple[str, Finder]] = [
    ("indicators", find_indicators),
    ("milestone_tables", find_milestone_tables),
    ("status_actions", find_status_actions),
    ("rag_grid", find_rag_grid),
    ("header_facts", find_header_facts),
    ("decisions", find_decisions),
    ("questions", find_questions),
    ("sections", find_sections),
    ("people", find_people),
]
"""In order: a table an earlier finder used is not offered to a later one."""


def find_all(doc: Document, meta: DocumentMeta | None = None) -> Extraction:
    """Every finder on ``doc``; ``meta`` is what is already known of it."""
    return run_finders(FindContext(doc=doc, meta=meta if meta is not None else DocumentMeta()))


def _new_statements(found: Extraction, extraction: Extraction) -> None:
    """Keep only the statements no earlier finder published (same section and text)."""
    seen = {(s.section, " ".join(s.text.split()).casefold()) for s in found.statements}
    extraction.statements = [
        s
        for s in extraction.statements
        if (s.section, " ".join(s.text.split()).casefold()) not in seen
    ]


def run_finders(ctx: FindContext) -> Extraction:
    found = Extraction()
    for _name, finder in FINDERS:
        extraction = finder(ctx)
        _new_statements(found, extraction)
        found.merge(extraction)
        ctx.claimed.extend(b for b in extraction.used_tables if not ctx.is_claimed(b))
        ctx.meta.update_from(extraction.meta)
    return found


__all__ = ["FINDERS", "FindContext", "Finder", "find_all", "run_finders"]
