"""Actions with a status in any layout outside a headed action table.

Action tables with a header row ("Action | Lead | Status", "Commitment | RAG" …) are read
by the milestone-table finder, which runs first. This finder reads what it leaves:

* **boxed action cards**: a box (a table of one-cell rows) under a heading row such as
  "CRR0003: Securing resources …", each action a paragraph that opens with its status
  printed as a label ("Complete", "Partially Complete", "Action Outstanding"), then the
  action's title and its progress text;
* **label/value blocks**: "Action | …", "Status | …", "Update | …" rows of a two-column
  table, or "Action: …" / "Status: …" lines, one action per "Action" label;
* **status lines**: a paragraph that is nothing but a status, followed by the action and
  its commentary (a card whose box the format did not keep).

``goal`` is the heading the action sits under; a heading that opens with a code
("CRR0003: …") gives the ``ref``. Statuses are looked up in the vocabulary, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.finders.context import FindContext
from extractors.milestone_tables import record_to_milestones
from extractors.table_columns import header_roles
from extractors.table_layout import GoalFlow, LogicalRow
from extractors.text_utils import is_page_furniture
from extractors.vocab import VOCABULARY, leading_status_label, status_of_phrase
from pipeline.model import Block, Row
from pipeline.records import Extraction, Milestone

MAX_HEADING_WORDS = 25
"""A card's heading row is a title, not a paragraph."""
MIN_TITLE_WORDS = 2
"""A title that ran into its text has at least this many words before the text starts."""
MIN_STATUS_LINES = 2
"""Status-only paragraphs outside a box count only when the paper prints several."""
MAX_LABEL_WORDS = 4

_CODE_HEADING = re.compile(
    r"^(?P<ref>[A-Z]{1,6}[-/]?\d+[A-Za-z0-9./-]*)\s*[:.–—-]\s*(?P<title>\S.*)$"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z0-9\"'‘“(])")
_LABEL_LINE = re.compile(r"^(?P<label>[A-Za-z][A-Za-z /&'’-]{1,40}?)\s*[:–—]\s*(?P<value>\S.*)$")


def split_code_heading(text: str | None) -> tuple[str | None, str | None]:
    """``"CRR0003: Securing resources"`` → ``("CRR0003", "Securing resources")``."""
    if not text:
        return None, None
    text = " ".join(text.split())
    m = _CODE_HEADING.match(text)
    if m is None:
        return None, text
    return m.group("ref"), m.group("title").strip()


def split_title(text: str) -> tuple[str, str | None]:
    """An action's title and the progress text a reader ran into it.

    The title ends at its first full stop, or earlier where the body's first sentence
    starts without one: at a capitalised sentence opener ("… Exercise The data map …")
    or where the title's own words start again ("Delivery of the plan Delivery of the
    plan will be monitored …").
    """
    text = " ".join(text.split())
    words = text.split(" ")
    end = _SENTENCE_END.search(text)
    limit = end.end() if end else len(text)
    position = 0
    for k, word in enumerate(words):
        start = position
        position += len(word) + 1
        if start >= limit:
            break
        if k < MIN_TITLE_WORDS or k + 1 >= len(words):
            continue
        previous = words[k - 1]
        if previous[-1:] in ",;:–-&" or previous.lower() in _FUNCTION_WORDS:
            continue
        size = min(3, k)
        repeats = words[k : k + size] == words[:size]
        if word in VOCABULARY.sentence_openers or repeats:
            return text[:start].strip(), text[start:].strip() or None
    if end is None:
        return text, None
    return text[: end.end()].strip(), text[end.end() :].strip() or None


_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "to",
        "for",
        "in",
        "on",
        "with",
        "by",
        "at",
        "from",
        "into",
        "as",
        "that",
        "which",
        "is",
        "are",
        "was",
        "be",
    ]
)


@dataclass(slots=True)
class _Action:
    status: str
    status_raw: str
    lead_text: str
    paragraphs: list[str] = field(default_factory=list)
    page: int | None = None

    def to_milestone(self, ref: str | None, goal: str | None) -> Milestone | None:
        if self.lead_text:
            if self.paragraphs:
                text, comment = self.lead_text, " ".join(self.paragraphs)
            else:
                text, comment = split_title(self.lead_text)
        elif self.paragraphs:
            text, comment = self.paragraphs[0], " ".join(self.paragraphs[1:]) or None
        else:
            return None
        return Milestone(
            text=" ".join(text.split()),
            ref=ref,
            goal=goal,
            status=self.status,
            status_raw=self.status_raw,
            comment=" ".join(comment.split()) if comment else None,
            page=self.page,
        )


# --- boxed cards -----------------------------------------------------------------------


def _row_texts(row: Row) -> list[str]:
    return [c.text.strip() for c in row.cells if not c.continued and c.text.strip()]


def _is_heading_row(texts: list[str]) -> bool:
    joined = " ".join(texts)
    return (
        "\n" not in joined
        and len(joined.split()) <= MAX_HEADING_WORDS
        and leading_status_label(joined) is None
    )


def card_actions(table: Block, goal: str | None) -> list[Milestone] | None:
    """The actions of a box of status-led paragraphs, or None when ``table`` is no such box."""
    ref, title = split_code_heading(goal)
    actions: list[tuple[str | None, str | None, _Action]] = []
    current: _Action | None = None
    for row in table.rows:
        texts = _row_texts(row)
        if not texts:
            continue
        if len(texts) > 1 or ("\n" not in texts[0] and _is_heading_row(texts)):
            if not _is_heading_row(texts):
                return None
            ref, title = split_code_heading(" ".join(texts))
            current = None
            continue
        for paragraph in _split_at_status_labels(texts[0]):
            if not paragraph or is_page_furniture(paragraph):
                continue
            opened = leading_status_label(paragraph)
            if opened is not None:
                status, raw, rest = opened
                current = _Action(status, raw, rest, page=row.page)
                actions.append((ref, title, current))
            elif current is not None:
                current.paragraphs.append(paragraph)
    found = [a.to_milestone(r, t) for r, t, a in actions]
    milestones = [m for m in found if m is not None]
    return milestones or None


_LABEL_AFTER_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _split_at_status_labels(text: str) -> list[str]:
    """A cell's paragraphs, also split where a reader ran the next card's status label into
    the sentence before it ("… in October. Partially Complete Salt barn repairs …")."""
    paragraphs: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = " ".join(paragraph.split())
        start = 0
        for m in _LABEL_AFTER_SENTENCE.finditer(paragraph):
            opened = leading_status_label(paragraph[m.end() :])
            if opened is not None and opened[1][:1].isupper() and opened[1].istitle():
                paragraphs.append(paragraph[start : m.start()])
                start = m.end()
        paragraphs.append(paragraph[start:])
    return [p for p in paragraphs if p]


# --- label/value blocks ----------------------------------------------------------------


def _role_of_label(label: str) -> str | None:
    label = " ".join(label.split()).strip(" :")
    if not label or len(label.split()) > MAX_LABEL_WORDS:
        return None
    return header_roles([label]).get(0)


def label_value_records(
    pairs: list[tuple[str, str, Row | None]], goal: str | None, page: int | None
) -> list[LogicalRow]:
    """Logical rows from ``(label, value, row)`` pairs; every "Action" label opens one."""
    records: list[LogicalRow] = []
    current: LogicalRow | None = None
    pending: list[tuple[str, str, Row | None]] = []
    flow = GoalFlow([goal]) if goal else None
    for label, value, row in pairs:
        role = _role_of_label(label)
        if role is None:
            continue
        if role == "text" or (role == "ref" and (current is None or current.text_of("text"))):
            if role == "text" and current is not None and not current.text_of("text"):
                pass  # a ref label opened this record
            else:
                current = LogicalRow(goal_flow=flow, page=row.page if row else page)
                records.append(current)
                for p_label, p_value, _ in pending:
                    current.add(_role_of_label(p_label) or "comment", p_value)
                pending.clear()
        if current is None:
            pending.append((label, value, row))
            continue
        if role == "goal":
            current.goal_flow = GoalFlow([" ".join(value.split())])
            continue
        current.add(role, value)
        if row is not None and role in ("status", "rag"):
            fill = row.cells[-1].fill
            if fill is not None:
                current.fills.setdefault(role, []).append(fill)
    return [r for r in records if r.text_of("text") and (r.text_of("status") or r.fills)]


def _table_pairs(table: Block) -> list[tuple[str, str, Row | None]] | None:
    pairs = []
    for row in table.rows:
        texts = _row_texts(row)
        if not texts:
            continue
        if len(texts) != 2:
            return None
        pairs.append((texts[0], texts[1], row))
    return pairs


def _line_pairs(lines: list[str]) -> list[tuple[str, str, Row | None]]:
    pairs: list[tuple[str, str, Row | None]] = []
    for line in lines:
        m = _LABEL_LINE.match(" ".join(line.split()))
        if m and _role_of_label(m.group("label")):
            pairs.append((m.group("label"), m.group("value"), None))
        elif pairs and line.strip():
            label, value, row = pairs[-1]
            pairs[-1] = (label, value + " " + line.strip(), row)
    return pairs


# --- the finder ------------------------------------------------------------------------


def _heading_text(block: Block) -> str | None:
    text = " ".join(block.text.split())
    if block.kind == "heading" or (block.bold and len(text.split()) <= MAX_HEADING_WORDS):
        return text or None
    return None


def find_status_actions(ctx: FindContext) -> Extraction:
    legend = ctx.rag_legend()
    found = Extraction()
    heading: str | None = None
    status_lines: list[tuple[str | None, _Action]] = []
    line_pairs: list[tuple[str, str, Row | None]] = []
    line_goal: str | None = None
    current_line: _Action | None = None

    def flush_lines() -> None:
        nonlocal line_pairs
        if line_pairs:
            records = label_value_records(line_pairs, line_goal, None)
            for record in records:
                found.milestones.extend(_with_code(record_to_milestones(record, legend)))
        line_pairs = []

    for block in ctx.blocks:
        if block.is_table:
            flush_lines()
            current_line = None
            if ctx.is_claimed(block):
                continue
            milestones = card_actions(block, heading)
            if milestones is None:
                pairs = _table_pairs(block)
                records = label_value_records(pairs, heading, block.page) if pairs else []
                milestones = [m for r in records for m in record_to_milestones(r, legend)]
                milestones = _with_code(milestones)
            if milestones:
                found.milestones.extend(milestones)
                found.used_tables.append(block)
            continue
        text = block.text.strip()
        if not text or is_page_furniture(text):
            continue
        if (title := _heading_text(block)) is not None and status_of_phrase(title) is None:
            flush_lines()
            heading, current_line = title, None
            continue
        lines = text.split("\n")
        pairs = _line_pairs(lines)
        if pairs:
            if not line_pairs:
                line_goal = heading
            line_pairs.extend(pairs)
            continue
        status = status_of_phrase(text)
        if status is not None and len(text.split()) <= MAX_LABEL_WORDS:
            current_line = _Action(status, " ".join(text.split()).strip(" .:"), "", page=block.page)
            status_lines.append((heading, current_line))
        elif current_line is not None:
            current_line.paragraphs.append(" ".join(text.split()))
    flush_lines()
    if len(status_lines) >= MIN_STATUS_LINES:
        for goal, action in status_lines:
            ref, title = split_code_heading(goal)
            if (milestone := action.to_milestone(ref, title)) is not None:
                found.milestones.append(milestone)
    found.unknown_statuses.extend(
        m.status_raw for m in found.milestones if m.status == "unknown" and m.status_raw
    )
    return found


def _with_code(milestones: list[Milestone]) -> list[Milestone]:
    """A goal that opens with a code ("CRR0003: …") gives the ref where none is printed."""
    for milestone in milestones:
        ref, title = split_code_heading(milestone.goal)
        if ref is not None and milestone.ref is None:
            milestone.ref, milestone.goal = ref, title
    return milestones
