"""List-like sections (completed, planned, risks, obstacles, questions, findings, a
meeting's actions), a project's header facts, and people — on every document.

Two walks over the same lines, because papers give an item its ``heading`` in two
ways: inside a project or review section the heading is the sub-heading the item sits
under ("Front Door"); a meeting's actions sit under the agenda item they were agreed
at. Both walks run on every paper; an item both walks find is published once. What
is found depends only on the markers printed in the paper, never on its kind.
"""

from __future__ import annotations

from extractors.briefing import authors_with_organisation
from extractors.finders.context import FindContext
from extractors.highlight import header_meta
from extractors.minutes import with_owners
from extractors.people import to_people
from extractors.sections import (
    ACTIONS,
    COMPLETED,
    FINDING,
    OBSTACLE,
    PLANNED,
    QUESTION,
    RECOMMENDATION,
    RESOLUTION,
    RISK,
    keep_question_themes,
    statements_in,
)
from extractors.task_group import latest_meeting_date
from pipeline.records import DocumentMeta, Extraction, Statement

PROJECT_SECTIONS = (COMPLETED, PLANNED, RISK, OBSTACLE, RECOMMENDATION, QUESTION, FINDING)
"""Sections whose items sit under sub-headings of their own."""
MEETING_SECTIONS = (RESOLUTION, ACTIONS)
"""Sections whose items sit under the agenda item of a meeting."""
DECISIONS = frozenset({"resolution", "recommendation"})
"""Resolutions and recommendations are found by ``extractors.finders.decisions``; their
markers stay here only to end the section before them ("Recommendations" after a risk
list is not a sub-heading of the risks)."""


def _merge(first: list[Statement], second: list[Statement]) -> list[Statement]:
    seen = {(s.section, s.text.casefold()) for s in first}
    return first + [s for s in second if (s.section, s.text.casefold()) not in seen]


def find_sections(ctx: FindContext) -> Extraction:
    # Claimed tables are read too: a highlight report prints its activity lists in the
    # same layout table as its RAG grid. Repeats of other finders' items are dropped.
    blocks = ctx.blocks
    project = keep_question_themes(
        statements_in(blocks, PROJECT_SECTIONS, conclusion_paragraphs=True)
    )
    meeting = with_owners(statements_in(blocks, MEETING_SECTIONS, agenda_headings=True))
    found = DocumentMeta()
    if ctx.meta.doc_date is None:
        found.doc_date = latest_meeting_date(blocks, ctx.doc.plain_text())
    statements = [s for s in _merge(project, meeting) if s.section not in DECISIONS]
    return Extraction(statements=statements, meta=found)


def find_header_facts(ctx: FindContext) -> Extraction:
    """Sponsor, manager, project dates and % complete printed above a paper's lists."""
    meta, holders = header_meta(ctx.blocks, ctx.meta.organisation)
    return Extraction(meta=meta, people=holders)


def find_people(ctx: FindContext) -> Extraction:
    """Everyone the paper names with a role; its authors belong to the issuer unless it says."""
    mentions = authors_with_organisation(ctx.blocks, ctx.meta.organisation)
    return Extraction(people=to_people(mentions, ctx.meta.organisation))
