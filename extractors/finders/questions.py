"""Questions and findings: issue/response tables, a committee's comments and concerns.

Two layouts, recognised by their form on every document, never by the council's phrases:

* **Issue/response table** — a column of what was asked or raised beside a column of
  what was answered. The header says which is which: the asking column is headed by a
  noun for what was raised ("Issue raised", "Question", "Query", "Concern", "You said"),
  the answering column by a noun for the reply ("Response", "Answer", "Reply", "We did").
  Every row gives one ``question`` statement, the asking cell as printed (numbering to
  ``ref``); ``heading`` is the heading the table sits under, else the asking column's
  header. Tables that follow with the same columns and no header of their own, before
  any running text, are the same table continued over a page (tables nested inside the
  answers in between are part of it); a row whose asking cell is empty carries only the
  rest of an answer, and one whose asking cell goes on in lower case after an unfinished
  question is the rest of that question.
* **Comments list** — the items of a list under a heading, or after a lead-in ending in
  ":", that names what a committee said ("Comments from the Committee", "Members raised
  the following concerns:") give ``finding`` statements under that heading. The list is
  the first run of items after the marker (a lead-in or two may come between); it ends
  at the first line that is not an item, or where the numbering changes style ("12."
  after "a."–"j."). Headings that name findings, questions, resolutions,
  recommendations or risks belong to other finders; officers' statutory comments
  (finance, legal) are not a committee's findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.finders.context import FindContext
from extractors.sections import (
    FINDING,
    FURNITURE,
    NOTHING_ITEMS,
    QUESTION,
    RECOMMENDATION,
    RESOLUTION,
    RISK,
    Line,
    blocks_to_lines,
    heading_text,
    item_text,
    merge_wrapped,
    section_of,
)
from extractors.text_utils import clean
from pipeline.model import Block, Row
from pipeline.records import Extraction, Statement

# --- vocabulary -------------------------------------------------------------------------

ASKING_HEADER = re.compile(
    r"\b(issues?|questions?|quer(?:y|ies)|concerns?|comments?|points?|matters?|challenges?|"
    r"representations?|enquir(?:y|ies)|you said|(?:you|people|residents|members) told us)\b",
    re.IGNORECASE,
)
"""Words that head the column of what was asked or raised."""
ANSWERING_HEADER = re.compile(
    r"\b(responses?|answers?|repl(?:y|ies)|we did|what we (?:did|are doing|will do))\b",
    re.IGNORECASE,
)
"""Words that head the column of what was answered."""
OFFICER_COMMENT_HEADER = re.compile(r"\bcomments?\b", re.IGNORECASE)
"""A comment column answers when the asking column is an issue or question ("Officer comment")."""
_MAX_HEADER_WORDS = 8

_COMMENT_NOUN = r"(?:comments?|concerns?|observations?|views)"
_BODY = r"(?:committee|panel|board|members?|councillors?|group|forum|scrutiny|commission)"
COMMENTS_MARKER = re.compile(
    rf"\b{_COMMENT_NOUN}\s+(?:\w+\s+){{0,2}}?"
    r"(?:from|of|by|made|raised|expressed|received|put forward|voiced)\b"
    rf"|\b{_BODY}(?:'s|s'|’s|s’)?\s+{_COMMENT_NOUN}\b"
    rf"|\b(?:raised|expressed|made|voiced)\s+(?:\w+\s+){{0,3}}?{_COMMENT_NOUN}\b"
    r"|\b(?:issues?|points?|matters?)\s+(?:raised|identified|highlighted)\b",
    re.IGNORECASE,
)
"""What a heading or lead-in names when a committee's comments follow: whose comments
("Comments from the Committee", "Members' concerns") or that they were raised ("Members
raised the following concerns:", "Issues raised"); "General comments" names neither."""
NOT_COMMENTS = re.compile(
    r"\b(officers?|financ\w*|legal|monitoring|section 151|s\.?151|director|head of|treasurer|"
    r"recommend\w*|resol\w*|decisions?|actions?|no (?:comments?|concerns?)|consultation)\b",
    re.IGNORECASE,
)
"""Markers that name officers' statutory comments, decisions or actions, not findings."""
OTHER_FINDERS_SECTIONS = (FINDING, QUESTION, RESOLUTION, RECOMMENDATION, RISK)
"""Markers another finder opens a section at; their items are published there."""
_MAX_MARKER_WORDS = 30
_MAX_LEAD_INS = 2
_TERMINAL = re.compile(r"[.?!:;]\s*$")
_COLUMN_TOLERANCE = 6.0
"""Points by which a continued table's column edges may differ from the first page's."""


# --- issue/response tables --------------------------------------------------------------


def _cell_text(row: Row, index: int) -> str:
    if index >= len(row.cells):
        return ""
    cell = row.cells[index]
    return "" if cell.continued else cell.text.strip()


def _is_header_cell(text: str, pattern: re.Pattern[str]) -> bool:
    words = text.split()
    return 0 < len(words) <= _MAX_HEADER_WORDS and pattern.search(text) is not None


@dataclass(frozen=True, slots=True)
class QAColumns:
    """Where a table's asking and answering columns are, read from its header row."""

    header_row: int
    asking: int
    answering: int
    asking_header: str


def qa_columns(table: Block) -> QAColumns | None:
    """The asking and answering columns of an issue/response table, or None."""
    for r, row in enumerate(table.rows[:2]):
        texts = [_cell_text(row, i) for i in range(len(row.cells))]
        if not any(texts):
            continue
        asking = next(
            (
                i
                for i, t in enumerate(texts)
                if _is_header_cell(t, ASKING_HEADER) and not ANSWERING_HEADER.search(t)
            ),
            None,
        )
        if asking is None:
            return None
        comment_asks = OFFICER_COMMENT_HEADER.search(texts[asking]) is not None
        answering = next(
            (
                i
                for i, t in enumerate(texts[asking + 1 :], start=asking + 1)
                if _is_header_cell(t, ANSWERING_HEADER)
                or (not comment_asks and _is_header_cell(t, OFFICER_COMMENT_HEADER))
            ),
            None,
        )
        if answering is None:
            return None
        return QAColumns(r, asking, answering, clean(texts[asking]) or texts[asking])
    return None


def _column_edges(table: Block) -> list[float] | None:
    for row in table.rows:
        if all(c.bbox is not None for c in row.cells):
            return [c.bbox.x0 for c in row.cells if c.bbox] + [row.cells[-1].bbox.x1]  # type: ignore[union-attr]
    return None


def _same_columns(first: Block, other: Block) -> bool:
    if not first.rows or not other.rows:
        return False
    if len(first.rows[0].cells) != len(other.rows[0].cells):
        return False
    a, b = _column_edges(first), _column_edges(other)
    if a is None or b is None:
        return True
    return all(abs(x - y) <= _COLUMN_TOLERANCE for x, y in zip(a, b, strict=True))


def _is_repeated_header(row: Row, cols: QAColumns) -> bool:
    if clean(_cell_text(row, cols.asking)) != cols.asking_header:
        return False
    answer = _cell_text(row, cols.answering)
    return _is_header_cell(answer, ANSWERING_HEADER) or _is_header_cell(
        answer, OFFICER_COMMENT_HEADER
    )


def _is_page_furniture(block: Block) -> bool:
    text = block.text.strip()
    return not text or FURNITURE.match(text) is not None or text.isdigit()


def _continuations(blocks: list[Block], start: int, first: Block, ctx: FindContext) -> list[Block]:
    """Tables after ``blocks[start]`` that continue it, with nested tables in between."""
    out: list[Block] = []
    pending: list[Block] = []
    for block in blocks[start + 1 :]:
        if not block.is_table:
            if _is_page_furniture(block):
                continue
            break
        if ctx.is_claimed(block):
            break
        own_header = qa_columns(block)
        first_flagged = bool(block.rows) and block.rows[0].is_header
        if _same_columns(first, block) and not (first_flagged and own_header is None):
            out += [*pending, block]
            pending = []
        else:
            pending.append(block)
    return out


def _unfinished(text: str) -> bool:
    return not _TERMINAL.search(text)


def _goes_on(text: str) -> bool:
    """Text that carries on a sentence rather than starting one."""
    first = text.lstrip()[:1]
    return bool(first) and (first.islower() or first in ",;–-)")


def _heading_before(blocks: list[Block], index: int) -> str | None:
    for block in reversed(blocks[:index]):
        if block.kind == "heading" and block.text.strip():
            return heading_text(block.text)
    return None


@dataclass(slots=True)
class _Question:
    text: str
    page: int | None
    ref: str | None


def questions_in_table(rows: list[Row], cols: QAColumns) -> list[_Question]:
    """One question per row of an issue/response table, rows split over pages joined."""
    out: list[_Question] = []
    for row in rows:
        if _is_repeated_header(row, cols):
            continue
        raw = _cell_text(row, cols.asking)
        if not raw:
            continue  # the rest of an answer that ran onto the next page
        if out and _unfinished(out[-1].text) and _goes_on(raw):
            out[-1].text = clean(f"{out[-1].text} {raw}") or out[-1].text
            continue
        ref, text = item_text(raw)
        if text is None or NOTHING_ITEMS.match(text):
            continue
        out.append(_Question(text, row.page, ref))
    return out


def issue_tables(ctx: FindContext) -> tuple[list[Statement], list[Block]]:
    """``question`` statements from every issue/response table, and the tables used."""
    blocks = ctx.blocks
    free = {id(b) for b in ctx.free_tables()}
    statements: list[Statement] = []
    used: list[Block] = []
    for i, block in enumerate(blocks):
        if id(block) not in free or any(block is u for u in used):
            continue
        cols = qa_columns(block)
        if cols is None:
            continue
        parts = [block, *_continuations(blocks, i, block, ctx)]
        rows = block.rows[cols.header_row + 1 :] + [
            r for p in parts[1:] if _same_columns(block, p) for r in p.rows
        ]
        found = questions_in_table(rows, cols)
        if not found:
            continue
        heading = _heading_before(blocks, i) or cols.asking_header
        statements += [
            Statement(section="question", text=q.text, heading=heading, page=q.page, ref=q.ref)
            for q in found
        ]
        used += parts
    return statements, used


# --- comments lists ---------------------------------------------------------------------


def _names_comments(text: str) -> bool:
    body = text.strip()
    if not body or len(body.split()) > _MAX_MARKER_WORDS:
        return False
    if COMMENTS_MARKER.search(body) is None or NOT_COMMENTS.search(body) is not None:
        return False
    return section_of(body, OTHER_FINDERS_SECTIONS) is None


def _is_comments_marker(line: Line) -> bool:
    text = line.text.strip()
    if line.kind == "heading":
        return _names_comments(text)
    if line.kind in ("paragraph", "cell_line"):
        lead_in = text.endswith(":")
        label = line.emphasised and not _TERMINAL.search(text) and len(text.split()) <= 12
        return (lead_in or label) and _names_comments(text)
    return False


def _ref_style(ref: str | None) -> str:
    if ref is None:
        return "bullet"
    return "number" if ref[0].isdigit() else "letter"


@dataclass(slots=True)
class _CommentsWalk:
    """The items of one comments list, from its marker to its first non-item line."""

    heading: str | None
    items: list[Line] = field(default_factory=list)
    lead_ins: int = 0
    style: str | None = None
    level: int | None = None

    def take(self, line: Line) -> bool:
        """Whether the list goes on after ``line``; items are collected on the way."""
        text = line.text.strip()
        ref, _ = item_text(text)
        # Numbering typed as text ("a. Members …") makes a paragraph an item too.
        if line.kind in ("item", "cell_line") or (line.kind == "paragraph" and ref is not None):
            style = _ref_style(ref)
            if self.level is None:
                self.level, self.style = line.level, style
            if not self.items and text.endswith(":"):
                self.lead_ins += 1  # a numbered lead-in paragraph ("11. … summarised below:")
                self.level = self.style = None
                return self.lead_ins <= _MAX_LEAD_INS
            if line.level <= self.level and style != self.style:
                return False
            self.items.append(line)
            return True
        if line.kind == "heading" or self.items:
            return False
        self.lead_ins += 1
        return self.lead_ins <= _MAX_LEAD_INS


def comments_lists(lines: list[Line]) -> list[Statement]:
    """``finding`` statements from every list a comments marker opens."""
    out: list[Statement] = []
    heading: str | None = None
    walk: _CommentsWalk | None = None
    for line in lines:
        if FURNITURE.match(line.text):
            continue
        if walk is not None:
            if walk.take(line):
                continue
            out += _findings(walk)
            walk = None
        if _is_comments_marker(line):
            own = heading_text(line.text) if line.kind == "heading" else heading
            walk = _CommentsWalk(own)
        if line.kind == "heading":
            heading = heading_text(line.text)
    if walk is not None:
        out += _findings(walk)
    return out


def _findings(walk: _CommentsWalk) -> list[Statement]:
    out: list[Statement] = []
    for line in walk.items:
        ref, text = item_text(line.text)
        if text is None or NOTHING_ITEMS.match(text):
            continue
        out.append(Statement("finding", text, heading=walk.heading, page=line.page, ref=ref))
    return out


# --- the finder -------------------------------------------------------------------------


def find_questions(ctx: FindContext) -> Extraction:
    questions, used = issue_tables(ctx)
    rest = [b for b in ctx.blocks if not (b.is_table and (ctx.is_claimed(b) or _in(b, used)))]
    findings = comments_lists(merge_wrapped(blocks_to_lines(rest)))
    return Extraction(statements=questions + findings, used_tables=used)


def _in(block: Block, blocks: list[Block]) -> bool:
    return any(block is b for b in blocks)


__all__ = ["comments_lists", "find_questions", "issue_tables", "qa_columns"]
