"""Milestone / action-plan tables → ``Milestone`` records.

Column roles are found from header words, never from positions. A logical row
starts where the milestone column opens with a number (``7.``) or the ref column
has a value; the physical rows after it (wrapped text, comment paragraphs) belong
to it until the next one starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.text_utils import clean, split_ref
from extractors.vocab import match_verdict, rag_from_colour, rag_from_word
from pipeline.model import Block, Row
from pipeline.records import Milestone

# role → header words that announce it (checked in this order; first role wins a column).
COLUMN_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("ref", re.compile(r"^\s*(ref|no\.?|number|#|area)\s*$", re.I)),
    ("rag", re.compile(r"\brag\b", re.I)),
    ("comment", re.compile(r"comment|conclusion|progress|update|evidence|commentary", re.I)),
    ("status", re.compile(r"\b(status|verdict|achieved|outcome)\b", re.I)),
    ("text", re.compile(r"milestone|action|area for improvement|recommendation|task", re.I)),
    ("goal", re.compile(r"\b(goal|theme|objective|workstream|priority|outcome)\b", re.I)),
    ("lead", re.compile(r"\b(lead|owner|responsible)\b", re.I)),
    ("due_date", re.compile(r"\b(due|deadline|timescale|target date|by when|date)\b", re.I)),
]


@dataclass
class _Draft:
    page: int | None
    goal: str | None
    parts: dict[str, list[str]] = field(default_factory=dict)
    fills: list[tuple[float, float, float]] = field(default_factory=list)

    def add(self, role: str, text: str) -> None:
        if text.strip():
            self.parts.setdefault(role, []).append(text.strip())


def find_roles(header: Row) -> dict[int, str] | None:
    roles: dict[int, str] = {}
    for i, text in enumerate(header.texts):
        for role, pattern in COLUMN_ROLES:
            if pattern.search(text or "") and role not in roles.values():
                roles[i] = role
                break
    return roles if "text" in roles.values() else None


def _is_repeat_of(row: Row, header: Row) -> bool:
    return [t.strip().lower() for t in row.texts] == [t.strip().lower() for t in header.texts]


def table_to_milestones(table: Block) -> list[Milestone]:
    if not table.rows:
        return []
    header = table.rows[0]
    roles = find_roles(header)
    if roles is None:
        return []
    col = {role: i for i, role in roles.items()}
    drafts: list[_Draft] = []
    goal_parts: list[str] = []
    for row in table.rows[1:]:
        if row.is_header or _is_repeat_of(row, header):
            continue
        cells = row.cells

        def text_of(role: str, cells=cells) -> str:
            i = col.get(role)
            return cells[i].text if i is not None and i < len(cells) else ""

        milestone_text = text_of("text")
        starts = bool(split_ref(milestone_text)[0]) or bool(text_of("ref").strip())
        goal_cell = text_of("goal").strip()
        if starts:
            if goal_cell and (not drafts or goal_cell not in goal_parts):
                # A filled goal cell on a starting row opens a new goal.
                goal_parts = [goal_cell]
            drafts.append(_Draft(page=row.page, goal=None))
        elif goal_cell and drafts:
            goal_parts.append(goal_cell)
        if not drafts:
            continue
        draft = drafts[-1]
        draft.goal = clean(" ".join(goal_parts))
        for role, i in col.items():
            if role != "goal" and i < len(cells):
                draft.add(role, cells[i].text)
                if role == "rag" and cells[i].fill:
                    draft.fills.append(cells[i].fill)
    return [_finish(d) for d in drafts]


def _finish(draft: _Draft) -> Milestone:
    def joined(role: str) -> str | None:
        return clean(" ".join(draft.parts.get(role, [])))

    ref, text = split_ref(joined("text") or "")
    ref = joined("ref") or ref
    status, status_raw, comment = "unknown", None, joined("comment")
    verdict_source = joined("status") or comment or ""
    if verdict := match_verdict(verdict_source):
        status, status_raw, rest = verdict
        if not joined("status"):
            comment = rest or None
    elif joined("status"):
        status_raw = joined("status")
    rag = rag_from_word(joined("rag"))
    if rag is None and draft.fills:
        rag = rag_from_colour(draft.fills[0])
    return Milestone(
        text=clean(text) or "",
        ref=ref,
        goal=draft.goal,
        status=status,
        status_raw=status_raw,
        rag=rag,
        comment=clean(comment),
        page=draft.page,
        lead=joined("lead"),
        due_date=joined("due_date"),
    )


def milestones_in(blocks: list[Block]) -> list[Milestone]:
    return [m for b in blocks if b.is_table for m in table_to_milestones(b)]
