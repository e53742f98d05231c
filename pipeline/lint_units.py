"""What ``boardpapers lint`` checks: every paragraph, bullet and table cell of a draft.

The finders recognise records (milestones, statements) in layouts they know; a draft
in any other layout still has words to check. So lint walks the document model and
makes a *unit* of every heading, paragraph, list item and table cell, in reading
order, and checks each one:

* an **action** — a list item, or the cell of a table's action column (a header the
  milestone-table finder would read as "Action", "Milestone", "Deliverable", …) — is
  checked by every rule, as a milestone; the row's due-date cell makes it time-bound
  when that cell is time-bound by the same rule;
* any other unit is checked by the word rules (vague words), as a statement.

Where a finder recognised a record, the record wins: a unit inside the record's text
is reported through the record's own flags, and a unit holding the whole record is
checked with the record's table and due date. Either way the finding keeps the record
(milestone ref, page) as its context. The steps::

    document_to_units → units_to_checks (records claim units) → checks_to_hits
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from extractors.table_columns import header_roles
from pipeline.model import Block, Document
from pipeline.records import Flag
from rules.engine import RecordText, RuleEngine

ACTION_TABLE = "milestones"
"""Rules table an action is checked as: every rule, absence rules included."""
TEXT_TABLE = "statements"
"""Rules table any other unit is checked as: the word rules only."""
MAX_HEADER_ROWS = 6
"""A table's header is looked for in its first rows only."""

# A list marker or reference printed before a list item's or cell's text: "1.", "2)",
# "(a)", "1.2", "•". It is numbering, not a measure, so it is not checked.
LEADING_MARKER = re.compile(
    r"^\s*(?:[-–•▪◦*·]|\(?(?:\d{1,3}|[a-zA-Z])[.)]|\d{1,3}(?:\.\d{1,3})+\.?)\s+(?=\S)"
)
# A date a narrow column wrapped inside its digits ("31/05/201 3").
_WRAPPED_DIGITS = re.compile(r"(?<=[\d/.])\s+(?=\d)")


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of a draft the rules check, and where a person finds it."""

    text: str
    table: str
    """``milestones`` for an action (every rule), ``statements`` otherwise (word rules)."""
    kind: str
    """``heading``, ``paragraph``, ``list_item`` or ``cell``."""
    page: int | None
    paragraph: int | None = None
    """Position among the document's non-table blocks, from 1."""
    table_number: int | None = None
    row: int | None = None
    column: int | None = None
    due_date: str | None = None
    text_line: int = 1
    """Line of the unit's first character in ``Document.plain_text()``, from 1."""
    text_column: int = 1
    """Column of that character in its line, from 1."""
    record: str | None = None
    """The record a finder recognised here (``milestone 1.1``), if any."""

    @property
    def position(self) -> str:
        """``table 1 row 3 cell 2`` or ``paragraph 7``."""
        if self.table_number is not None:
            return f"table {self.table_number} row {self.row} cell {self.column}"
        return f"paragraph {self.paragraph}"

    def plain_text_position(self, offset: int) -> tuple[int, int]:
        """Line and column (from 1) of ``offset`` into the unit, in ``Document.plain_text()``."""
        before = self.text[:offset]
        breaks = before.count("\n")
        if breaks == 0:
            return self.text_line, self.text_column + offset
        return self.text_line + breaks, offset - before.rfind("\n")


@dataclass(frozen=True, slots=True)
class Hit:
    """A flag placed in the draft: in a unit (offsets into ``unit.text``) or, for a
    record no unit could be matched to, only in its record."""

    flag: Flag
    unit: Unit | None
    record: Mapping[str, Any] | None = None
    index: int = -1
    """The unit's position in the list ``document_to_units`` gave; -1 for none."""


def _strip_marker(text: str) -> tuple[str, int]:
    found = LEADING_MARKER.match(text)
    return (text[found.end() :], found.end()) if found else (text, 0)


def _action_columns(rows: Sequence[Any]) -> tuple[int, int, int | None] | None:
    """``(header row, action column, due-date column)`` of an action table, else None."""
    for index, row in enumerate(rows[:MAX_HEADER_ROWS]):
        roles = header_roles(["" if cell.continued else cell.text for cell in row.cells])
        columns = {role: column for column, role in roles.items()}
        if "text" in columns:
            return index, columns["text"], columns.get("due_date")
    return None


def document_to_units(doc: Document, is_time_bound: Callable[[str], bool]) -> list[Unit]:
    """Every heading, paragraph, list item and table cell with text, in reading order.

    ``is_time_bound(text)`` says whether a due-date cell gives its row's action a time.
    """
    units: list[Unit] = []
    line = 1
    paragraph = 0
    table_number = 0
    previous: tuple[int, int, int | None, int, tuple[str, ...]] | None = None
    for block in doc.blocks:
        if block.is_table:
            table_number += 1
            previous = _table_units(block, table_number, line, previous, is_time_bound, units)
            line += sum(1 + "\t".join(row.texts).count("\n") for row in block.rows)
            continue
        paragraph += 1
        text, skipped = _strip_marker(block.text) if block.kind != "heading" else (block.text, 0)
        if text.strip():
            units.append(
                Unit(
                    text=text,
                    table=ACTION_TABLE if block.kind == "list_item" else TEXT_TABLE,
                    kind=block.kind,
                    page=block.page,
                    paragraph=paragraph,
                    text_line=line,
                    text_column=1 + skipped,
                )
            )
        line += 1 + block.text.count("\n")
    return units


def _table_units(
    block: Block,
    number: int,
    line: int,
    previous: tuple[int, int, int | None, int, tuple[str, ...]] | None,
    is_time_bound: Callable[[str], bool],
    units: list[Unit],
) -> tuple[int, int, int | None, int, tuple[str, ...]] | None:
    """Append a table's cell units; return its action columns for a continuation."""
    width = max((len(row.cells) for row in block.rows), default=0)
    found = _action_columns(block.rows)
    header_key: tuple[str, ...] = ()
    if found is not None:
        header, action, due = found
        header_key = tuple(" ".join(t.split()) for t in block.rows[header].texts)
    elif previous is not None and previous[3] == width:
        # A table the page broke without repeating its header continues the last one.
        header, action, due, _, header_key = -1, previous[1], previous[2], width, previous[4]
    else:
        header, action, due = len(block.rows), -1, None
    for r, row in enumerate(block.rows):
        repeated_header = tuple(" ".join(t.split()) for t in row.texts) == header_key
        offset = 0
        for c, cell in enumerate(row.cells):
            is_action = r > header and c == action and not repeated_header
            text, skipped = _strip_marker(cell.text) if is_action else (cell.text, 0)
            if text.strip() and not cell.continued:
                due_text = row.cells[due].text if is_action and due is not None else ""
                due_text = _WRAPPED_DIGITS.sub("", " ".join(due_text.split()))
                units.append(
                    Unit(
                        text=text,
                        table=ACTION_TABLE if is_action else TEXT_TABLE,
                        kind="cell",
                        page=row.page if row.page is not None else block.page,
                        table_number=number,
                        row=r + 1,
                        column=c + 1,
                        due_date=due_text if due_text and is_time_bound(due_text) else None,
                        text_line=line,
                        text_column=offset + skipped + 1,
                    )
                )
            offset += len(cell.text) + 1
        line += 1 + "\t".join(row.texts).count("\n")
    return (header, action, due, width, header_key) if action >= 0 else None


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _raw_offset(raw: str, normalised_offset: int) -> int:
    """Offset into ``raw`` of character ``normalised_offset`` of ``_normalised(raw)``."""
    seen = 0
    position = len(raw) - len(raw.lstrip())
    while position < len(raw) and seen < normalised_offset:
        if raw[position].isspace():
            while position < len(raw) and raw[position].isspace():
                position += 1
        else:
            position += 1
        seen += 1
    return position


def record_label(record: Mapping[str, Any]) -> str:
    kind = "milestone" if record["_table"] == "milestones" else "statement"
    return f"{kind} {record.get('ref') or record.get('ordinal', '?')}"


def units_to_hits(
    units: Sequence[Unit],
    records: Sequence[Mapping[str, Any]],
    record_flags: Iterable[Flag],
    engine: RuleEngine,
    doc_id: str = "",
) -> list[Hit]:
    """Flags for ``units``, with the records the finders recognised claiming their units.

    ``records`` are milestone and statement rows (with ``_table`` naming their table);
    ``record_flags`` their flags from the rules stage.
    """
    units = list(units)
    normalised = [_normalised(u.text) for u in units]
    claimed: dict[int, tuple[Mapping[str, Any], int]] = {}
    """Unit index → (record, the unit's offset in the record's normalised text)."""
    whole: dict[str, int] = {}
    """Record id → the unit that holds its whole text."""
    for record in records:
        text = _normalised(record["text"])
        if not text:
            continue
        label = record_label(record)
        holder = next((i for i, n in enumerate(normalised) if i not in claimed and text in n), None)
        if holder is not None:
            whole[record["record_id"]] = holder
            due = record.get("due_date") if record["_table"] == "milestones" else None
            units[holder] = replace(
                units[holder],
                table=record["_table"],
                due_date=str(due) if due else None,
                page=record.get("page") or units[holder].page,
                record=label,
            )
            claimed[holder] = (record, -1)
            continue
        start = 0
        for i, n in enumerate(normalised):
            if i in claimed or not n:
                continue
            found = text.find(n, start)
            if found >= 0:
                claimed[i] = (record, found)
                units[i] = replace(units[i], record=label, page=record.get("page") or units[i].page)
                start = found + len(n)
    hits: list[Hit] = []
    by_record: dict[str, list[Flag]] = {}
    for flag in record_flags:
        by_record.setdefault(flag.record_id, []).append(flag)
    to_check = [i for i in range(len(units)) if claimed.get(i, (None, -1))[1] < 0]
    checked = engine.flag(
        RecordText(doc_id, units[i].table, str(i), units[i].text, units[i].due_date)
        for i in to_check
    )
    for flag in checked:
        index = int(flag.record_id)
        record = claimed.get(index, (None, -1))[0]
        hits.append(Hit(replace(flag, doc_id=doc_id), units[index], record, index))
    for record in records:
        flags = by_record.get(record["record_id"], [])
        if record["record_id"] in whole or not flags:
            continue
        fragments = sorted(
            (offset, i) for i, (r, offset) in claimed.items() if r is record and offset >= 0
        )
        for flag in flags:
            hits.append(_record_hit(flag, record, fragments, units))
    return sorted(hits, key=_reading_order)


def _record_hit(
    flag: Flag, record: Mapping[str, Any], fragments: list[tuple[int, int]], units: list[Unit]
) -> Hit:
    """A record's flag placed in the fragment unit its flagged words start in."""
    text = record["text"]
    start = len(_normalised(text[: flag.start] + "x")) - 1 if flag.start else 0
    for offset, index in reversed(fragments):
        if offset <= start:
            unit = units[index]
            at = _raw_offset(unit.text, start - offset)
            end = min(len(unit.text), at + len(flag.matched_text))
            if unit.text[at:end] != flag.matched_text:
                end = len(unit.text.rstrip())
            return Hit(replace(flag, start=at, end=end), unit, record, index)
    return Hit(flag, None, record)


def _reading_order(hit: Hit) -> tuple[int, int, int, int, str]:
    unit = hit.unit
    if unit is None:
        return (1 << 30, 0, 0, hit.flag.start, hit.flag.rule)
    return (unit.text_line, unit.text_column, 0, hit.flag.start, hit.flag.rule)


# --- positions in a text file -----------------------------------------------------------

_GAP = r"(?:-?\s+|\s*)"


def words_pattern(text: str) -> str:
    """A regex for ``text``'s words with any white space (or a line-end hyphen) between them."""
    return _GAP.join(re.escape(w) for w in text.split())


def line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def walk_to(source: str, start: int, end: int, text: str, offset: int) -> int:
    """Offset into ``source`` of ``text[offset]``, where ``source[start:end]`` is ``text``
    laid out with other white space (and line-end hyphens)."""
    src, rec = start, 0
    while rec < offset and src < end:
        if text[rec].isspace():
            rec += 1
            while rec < len(text) and text[rec].isspace():
                rec += 1
            while src < end and (source[src].isspace() or source[src] == "-"):
                src += 1
            continue
        if source[src] == text[rec]:
            src += 1
            rec += 1
        else:  # a hyphenation break or other layout character only the source has
            src += 1
    return src


def units_in_source(source: str, units: Sequence[Unit]) -> list[tuple[int, int] | None]:
    """Where each unit's text is in ``source``, searching on from the previous unit so a
    repeated cell ("Ongoing") is found in its own row; None where it cannot be found."""
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for unit in units:
        words = unit.text.split()
        if not words:
            spans.append(None)
            continue
        pattern = re.compile(words_pattern(unit.text))
        found = pattern.search(source, cursor) or pattern.search(source)
        if found is None:  # wrapped among other columns: its first words at least
            opening = re.compile(words_pattern(" ".join(words[:4])))
            found = opening.search(source, cursor) or opening.search(source)
            if found is None:
                spans.append(None)
                continue
            spans.append((found.start(), len(source)))
            cursor = found.end()
            continue
        spans.append(found.span())
        cursor = found.end()
    return spans
