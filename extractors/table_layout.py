"""Physical table rows → logical rows: one per milestone or action, whatever the layout.

Readers give the rows a format has. In PDF, DOCX and HTML a row is usually one
milestone, but a page break can split it in two. In a text file flattened by an
earlier conversion, a row is one *line*: a milestone wraps over several lines whose
other cells are empty, its goal wraps down the goal column ("Children and" / "young
people" / "are safe(r)"), and the header comes back at every page break. This module
decides, row by row:

* **header repeated** (a row equal to the header, or marked as one) → skipped;
* **theme row** (one filled cell spanning the table, or a non-reference text in the
  reference column with every other cell empty) → the goal of the rows below;
* **start of a record**: the reference cell is filled, or (no reference column) the
  milestone cell opens with the next number label, or (no numbering at all) the
  milestone cell opens a new sentence;
* **anything else continues the record above** (wrapped lines, comment paragraphs,
  the part of a row a page break pushed over).

Goal cells are read as a flow of their own: merged (``continued`` cells), filled only
on their first row, wrapped over several lines, or repeated after a page break all
give the same goal.

It also turns a space-aligned text table (columns kept only as runs of spaces) into a
table block, for the text reader to call (``space_aligned_table``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.table_columns import TableColumns, is_ref_like, row_key
from extractors.text_utils import is_page_furniture, looks_like_garbage, split_label
from extractors.vocab import is_mark, rag_from_colour, read_verdict
from pipeline.model import RGB, Block, Cell, Row

_SENTENCE_END = re.compile(r"[.!?:;]['\"’”)]*$")
_CONNECTOR_END = re.compile(
    r"(?:[,&/-]|\b(?:and|or|of|the|a|an|to|for|in|on|with|from|by|at|into|that|which))$",
    re.IGNORECASE,
)
PROSE_ROLES = frozenset({"text", "comment", "goal", "status"})
"""Columns of prose, where a number standing alone is a page number that strayed in."""
MIN_NUMBERED_SHARE = 0.5
"""Share of record-opening milestone cells that must carry a number label for the
numbering to mark where records start."""
MAX_LABEL_STEP = 3
"""A number label more than this past the last one is a number in the text ("2025.")."""


@dataclass(slots=True)
class GoalFlow:
    """The goal text of a run of rows; it can still grow after a row under it was read,
    when a wrapped goal runs on past its first milestone."""

    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str | None:
        return " ".join(self.parts) or None


@dataclass(slots=True)
class LogicalRow:
    """One milestone or action, with every fragment of every cell it covers."""

    parts: dict[str, list[str]] = field(default_factory=dict)
    """Role → cell texts in reading order (one per physical row, "\\n" between paragraphs)."""
    fills: dict[str, list[RGB]] = field(default_factory=dict)
    """Role → fills of its cells, for colour-only RAG ratings."""
    goal_flow: GoalFlow | None = None
    page: int | None = None

    @property
    def goal(self) -> str | None:
        return self.goal_flow.text if self.goal_flow is not None else None

    def add(self, role: str, text: str) -> None:
        self.parts.setdefault(role, []).append(text)

    def text_of(self, role: str) -> list[str]:
        return self.parts.get(role, [])


@dataclass(slots=True)
class LayoutState:
    """What one table leaves open for the next part of the same table (after a page break)."""

    goal: GoalFlow = field(default_factory=GoalFlow)
    record: LogicalRow | None = None
    last_label: tuple[int, ...] | None = None
    numbered: bool = False
    """Whether number labels mark where milestones start; a later part keeps what an
    earlier part showed, however few labels it holds itself."""


THEME_LABEL = re.compile(
    r"^(theme|priority|objective|outcome|workstream|strand|section|area|goal|aim)\b"
    r"\s*[\w.]{0,4}\s*[:.–-]",
    re.IGNORECASE,
)
"""How a theme row announces itself in a text table, where a lone line may be wrapped text."""
MAX_HEADING_WORDS = 15


def _uniformly_filled(row: Row) -> bool:
    """Every cell shaded alike: how a theme band across a table is drawn."""
    fills = {cell.fill for cell in row.cells}
    return len(row.cells) > 1 and len(fills) == 1 and None not in fills


def _reads_as_heading(text: str) -> bool:
    return (
        not text[:1].islower()
        and not re.search(r"[.!?;:,]$", text)
        and len(text.split()) <= MAX_HEADING_WORDS
    )


def _label_key(label: str) -> tuple[int, ...] | None:
    parts = label.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def is_next_label(label: str, previous: tuple[int, ...] | None) -> bool:
    """Whether number label ``label`` can follow ``previous`` ("9" → "10", "2.3" → "2.4")."""
    key = _label_key(label)
    if key is None or previous is None:
        return key is not None or previous is None
    if key <= previous:
        return False
    return key[0] - previous[0] <= MAX_LABEL_STEP


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def _continues_flow(previous: str, fragment: str) -> bool:
    """Whether ``fragment`` carries on the line above it rather than starting anew."""
    return fragment[:1].islower() or bool(_CONNECTOR_END.search(previous.rstrip()))


def clean_fragments(text: str, previous: str | None, *, keep_numbers: bool) -> list[str]:
    """The lines of a cell without page numbers and conversion debris.

    A line is judged as debris only where a sentence may start: first in the cell
    with nothing before it, or after a line that ended a sentence.
    """
    kept: list[str] = []
    last = previous
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if not keep_numbers and is_page_furniture(line):
            continue
        opens_sentence = last is None or ends_sentence(last)
        if opens_sentence and read_verdict(line) is None and looks_like_garbage(line):
            continue
        kept.append(line)
        last = line
    return kept


class _TableReader:
    def __init__(self, columns: TableColumns, state: LayoutState, *, wrapped: bool) -> None:
        self.columns = columns
        self.wrapped = wrapped
        self.state = state
        self.records: list[LogicalRow] = []
        self.ref_column = columns.column("ref")
        self.text_column = columns.column("text")
        self.goal_column = columns.column("goal")

    # -- per row ------------------------------------------------------------------

    def texts(self, row: Row) -> list[str]:
        """Cell texts; a page number that strayed alone into a prose column counts as empty."""
        texts = ["" if cell.continued else cell.text.strip() for cell in row.cells]
        for index, role in self.columns.roles.items():
            if role == "status" and not self.wrapped:
                continue  # a number alone in a status cell may be a status key's code
            if index < len(texts) and role in PROSE_ROLES and is_page_furniture(texts[index]):
                texts[index] = ""
        return texts

    def is_repeated_header(self, row: Row) -> bool:
        key = row_key(row)
        return row.is_header or (any(key) and key == self.columns.header_key)

    def theme_text(self, row: Row, texts: list[str]) -> str | None:
        """The theme a heading row inside the table names, or None for any other row."""
        filled = [i for i, text in enumerate(texts) if text]
        if len(filled) != 1:
            return None
        index = filled[0]
        text = " ".join(texts[index].split())
        role = self.columns.roles.get(index)
        if is_ref_like(text) or is_page_furniture(text) or role in ("comment", "goal", "status"):
            return None
        width = sum(cell.col_span for cell in row.cells)
        if row.cells[index].col_span >= max(2, width // 2) or _uniformly_filled(row):
            return text
        if role != "text":
            return text if role == "ref" or (index == 0 and role is None) else None
        # Alone in the milestone column: a heading, or the wrapped end of the text above.
        if not _reads_as_heading(text):
            return None
        return text if not self.wrapped or THEME_LABEL.match(text) else None

    def label_of(self, text: str, texts: list[str]) -> str | None:
        """The number label opening a milestone, if ``text`` opens one.

        Labels count up; numbering that starts again at 1 counts only under a new goal
        or theme, so "2025." at the start of a wrapped line is never a milestone.
        """
        label, _ = split_label(text)
        if label is None:
            return None
        if is_next_label(label, self.state.last_label):
            return label
        key = _label_key(label)
        restarts = key is not None and key[-1] == 1
        if restarts and (self.state.record is None or self.opens_goal(texts)):
            return label
        return None

    def opens_goal(self, texts: list[str]) -> bool:
        """Whether the row's goal cell starts a goal other than the current one."""
        if self.goal_column is None or self.goal_column >= len(texts):
            return False
        fragment = " ".join(texts[self.goal_column].split())
        parts = self.state.goal.parts
        if not fragment or fragment.lower() in (p.lower() for p in [" ".join(parts), *parts]):
            return False
        return not parts or not _continues_flow(parts[-1], fragment)

    def starts_record(self, texts: list[str]) -> bool:
        if self.ref_column is not None:
            return bool(texts[self.ref_column]) if self.ref_column < len(texts) else False
        text = texts[self.text_column] if self.text_column is not None else ""
        if not text:
            return False
        if self.state.numbered:
            label = self.label_of(text, texts)
            if label is not None:
                self.state.last_label = _label_key(label)
            return label is not None
        record = self.state.record
        if record is None:
            return True
        previous = record.text_of("text")
        if previous and _continues_flow(previous[-1], text):
            return False
        if not self.wrapped or not previous or ends_sentence(previous[-1]):
            return True
        # A wrapped line in a text table opens a milestone only beside the start of
        # the other cells of one (a verdict, a rating, a lead or a date).
        return self.opens_other_cells(texts)

    def opens_other_cells(self, texts: list[str]) -> bool:
        for index, role in self.columns.roles.items():
            text = texts[index] if index < len(texts) else ""
            if not text or role in ("text", "goal"):
                continue
            if role in ("status", "rag", "lead", "due_date") or read_verdict(text):
                return True
        return False

    def update_goal(self, text: str, starts: bool) -> None:
        goal_parts = self.state.goal.parts
        fragment = " ".join(text.split())
        seen = {" ".join(goal_parts).lower(), *(part.lower() for part in goal_parts)}
        if fragment.lower() in seen:
            return  # the goal repeated on every row, or again after a page break
        if not goal_parts or not starts or _continues_flow(goal_parts[-1], fragment):
            # The rows read so far with no goal get it too: a goal printed lower
            # down its merged cell still heads the rows beside it.
            goal_parts.append(fragment)
        else:
            self.state.goal = GoalFlow([fragment])

    def add_row(self, row: Row) -> None:
        texts = self.texts(row)
        if not any(texts):
            return
        theme = self.theme_text(row, texts)
        # A reader may take a bold theme row under the header for more header.
        if theme is None and self.is_repeated_header(row):
            return
        if theme is not None:
            self.state.goal = GoalFlow([theme])
            self.state.record = None
            return
        starts = self.starts_record(texts)
        if self.goal_column is not None and self.goal_column < len(texts):
            goal_lines = clean_fragments(texts[self.goal_column], None, keep_numbers=False)
            if goal_lines:
                self.update_goal("\n".join(goal_lines), starts)
        if starts:
            self.state.record = LogicalRow(goal_flow=self.state.goal, page=row.page)
            self.records.append(self.state.record)
        record = self.state.record
        if record is None:
            return
        for index, cell in enumerate(row.cells):
            if index not in self.columns.roles and cell.fill is not None and not cell.continued:
                record.fills.setdefault("other", []).append(cell.fill)
        for index, role in self.columns.roles.items():
            if role == "goal" or index >= len(row.cells):
                continue
            cell = row.cells[index]
            if role == "tick":
                if is_mark(texts[index]) or rag_from_colour(cell.fill) is not None:
                    record.add("status", self.columns.labels[index])
                continue
            if cell.fill is not None:
                record.fills.setdefault(role, []).append(cell.fill)
            if not texts[index]:
                continue
            previous = record.text_of(role)
            lines = clean_fragments(
                texts[index],
                previous[-1] if previous else None,
                keep_numbers=role not in PROSE_ROLES or (role == "status" and not self.wrapped),
            )
            if lines:
                record.add(role, "\n".join(lines))
                if index in self.columns.status_ratings and not self.columns.column("status"):
                    record.add("rated_status", "\n".join(lines))

    # -- whole table ----------------------------------------------------------------

    def decide_numbering(self, rows: list[Row]) -> None:
        """Numbered milestones ("1. …", "2. …") mark record starts when there is no ref column."""
        if self.ref_column is not None or self.text_column is None:
            return
        labelled = opening = 0
        previous = self.state.last_label
        for row in rows:
            texts = self.texts(row)
            if self.text_column >= len(texts) or not texts[self.text_column]:
                continue
            text = texts[self.text_column]
            if not text[:1].islower():
                opening += 1
            label, _ = split_label(text)
            key = _label_key(label) if label is not None else None
            if key is not None and (is_next_label(label or "", previous) or key[-1] == 1):
                labelled += 1  # the next number, or numbering starting again under a goal
                previous = key
        numbered = labelled >= 2 and labelled >= MIN_NUMBERED_SHARE * opening
        self.state.numbered = self.state.numbered or numbered


def rows_to_logical_rows(
    rows: list[Row],
    columns: TableColumns,
    state: LayoutState | None = None,
    *,
    wrapped: bool = False,
) -> list[LogicalRow]:
    """The logical rows of a table's body (the rows after its header).

    ``state`` carries the open goal and record from an earlier part of the same table,
    so a table the page break cut into two blocks reads as one. ``wrapped`` says the
    rows are physical lines of a text table, where a lone line in the milestone column
    is wrapped text unless it names itself a theme ("Theme 2: …").
    """
    reader = _TableReader(columns, state if state is not None else LayoutState(), wrapped=wrapped)
    body = rows[columns.header_index + 1 :]
    reader.decide_numbering(body)
    for row in body:
        reader.add_row(row)
    return reader.records


# --- space-aligned text tables ------------------------------------------------------------

MIN_GUTTER = 2
"""Columns of a space-aligned table are at least this many spaces apart on every line."""
MAX_GAP_LINES = 5
"""Blank or page-number lines a table may run across (a page break)."""
MIN_TABLE_LINES = 3


_SEGMENT = re.compile(r"\S+(?: \S+)*")


def _segments(line: str) -> list[tuple[int, str]]:
    """``(start, text)`` of each run of text; runs are two or more spaces apart."""
    return [(m.start(), m.group()) for m in _SEGMENT.finditer(line)]


def _fits(line: str, starts: list[int]) -> bool:
    """Whether no text of ``line`` crosses into the gutter before a column start."""
    for start in starts[1:]:
        gutter = line[max(start - MIN_GUTTER, 0) : start]
        if gutter.strip():
            return False
    return True


def _cells(line: str, starts: list[int]) -> list[str]:
    bounds = [*starts, max(len(line), starts[-1]) + 1]
    return [line[bounds[i] : bounds[i + 1]].strip() for i in range(len(starts))]


def space_aligned_table(lines: list[str], start: int) -> tuple[Block, int] | None:
    """The table whose header is ``lines[start]``, with columns kept only by spaces.

    Returns the table block (one row per physical line, like a tab-separated table,
    the header repeated after a page break kept as a row) and the index of the first
    line after it; None when ``lines[start]`` does not open such a table. Column
    starts are where the header's labels start; every line of the table must leave
    the gutter before each column start blank.
    """
    header = lines[start]
    segments = _segments(header)
    if len(segments) < 2 or header.startswith(" "):
        return None
    starts = [s for s, _ in segments]
    starts[0] = 0
    table_lines: list[str] = [header]
    i = start + 1
    gap: list[str] = []
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip() or is_page_furniture(line):
            if len(gap) == MAX_GAP_LINES:
                break
            gap.append(line)
            i += 1
            continue
        if not _fits(line, starts):
            break
        if gap and not line.startswith(" ") and len(_segments(line)) < 2:
            break  # after a blank line, text at the margin alone is prose again
        gap = []
        table_lines.append(line)
        i += 1
    if len(table_lines) < MIN_TABLE_LINES:
        return None
    end = i - len(gap)
    rows = [Row([Cell(text) for text in _cells(line, starts)]) for line in table_lines]
    return Block(kind="table", rows=rows, style="spaces"), end


def space_aligned_tables(text: str) -> list[tuple[int, int, Block]]:
    """Every space-aligned table in ``text`` as ``(first line, line after, block)``."""
    lines = text.split("\n")
    found: list[tuple[int, int, Block]] = []
    i = 0
    while i < len(lines):
        table = space_aligned_table(lines, i) if "  " in lines[i].strip() else None
        if table is None:
            i += 1
            continue
        block, end = table
        found.append((i, end, block))
        i = end
    return found
