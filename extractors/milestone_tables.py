"""Milestone / action-plan tables → ``Milestone`` records.

The steps, each in its own small function::

    blocks → tables, chained where a page break cut one table into several blocks
           → columns (header row and column roles: ``table_columns``)
           → logical rows (one per milestone: ``table_layout``)
           → milestones (refs split off, run-together milestones split, verdict,
             comment, RAG rating from a word or a fill, text tidied)

Decisions a user of the ``milestones`` table should know about:

* ``text``, ``goal`` and ``comment`` are single-spaced prose: the paragraphs of a
  comment cell are joined with one space, because formats disagree on where a
  paragraph ends (a text file keeps only wrapped lines) and the same content must
  give the same record in every format.
* ``status`` comes from a status column when the table has one, else from the
  verdict the comment opens with ("Partially achieved." …); the verdict is then
  ``status_raw`` and what follows it is the ``comment``. A verdict we do not know
  gives ``unknown`` and no ``status_raw`` is invented.
* ``rag`` is a RAG word in the RAG column, else the fill colour of the RAG (or
  status) cell, read through the document's own colour key when it has one.
* A table without a milestone/action column, or without any column that could
  carry a status, gives nothing.
"""

from __future__ import annotations

import colorsys
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from extractors.table_columns import TableColumns, continuing_columns, find_columns
from extractors.table_layout import LayoutState, LogicalRow, rows_to_logical_rows
from extractors.text_utils import (
    Same,
    is_page_furniture,
    join_wrapped,
    normalise_for_match,
    per_document,
    repair_ordinals,
    split_label,
)
from extractors.vocab import (
    VOCABULARY,
    KeyEntry,
    RagLegend,
    key_entries_in_text,
    leading_rag_word,
    rag_from_colour,
    rag_from_word,
    read_verdict,
    standalone_verdict_offsets,
    status_of_label,
)
from pipeline.model import RGB, Block, Row
from pipeline.records import Milestone

UNMAPPED_MIN_SATURATION = 0.25
"""A fill this saturated in a status cell was meant as a rating."""
WRAPPED_TABLE_STYLES = frozenset({"tsv", "spaces"})
"""Table styles of the text reader whose rows are physical lines, not table rows."""
MAX_LEGEND_LABEL_WORDS = 6
"""A colour key entry is a short label ("Red – off track"), not a sentence."""

# A number label run into the text after a sentence: "…is on track.20. The Improvement plan…"
_EMBEDDED_LABEL = re.compile(
    r"(?<=[.!?])\s*(?P<label>\d{1,3}(?:\.\d{1,3})*)"
    r"(?:[.)]\s+|(?<=\.\d)\s+|(?<=\.\d\d)\s+|(?<=\.\d\d\d)\s+)(?=[A-Z\"'‘“(])"
)


@dataclass(frozen=True, slots=True)
class _Assessment:
    status: str
    status_raw: str | None
    comment: str | None


def milestones_in(blocks: list[Block]) -> list[Milestone]:
    """Every milestone, action or area for improvement in the document's tables, in order."""
    return milestones_and_tables(blocks)[0]


def milestones_and_tables(blocks: list[Block]) -> tuple[list[Milestone], list[Block]]:
    """``milestones_in`` and the table blocks that gave them."""
    found = table_milestones(blocks)
    return found.milestones, found.used


@dataclass(slots=True)
class TableFindings:
    milestones: list[Milestone] = field(default_factory=list)
    used: list[Block] = field(default_factory=list)
    """The table blocks that gave milestones."""
    unmapped_colours: list[str] = field(default_factory=list)
    """Fills of status cells that matched no key entry or RAG colour, as ``#rrggbb``."""


def _carries_status(milestone: Milestone) -> bool:
    return milestone.status != "unknown" or bool(milestone.status_raw) or milestone.rag is not None


def table_milestones(blocks: list[Block], legend: RagLegend | None = None) -> TableFindings:
    """Milestones of every milestone or action table among ``blocks``, with what the
    receipt needs. A table none of whose rows carries a status, verdict, rating or
    progress comment (a plan with timescales only) gives nothing."""
    legend = legend if legend is not None else rag_legend(blocks)
    furniture = _repeated_texts(blocks)
    findings = TableFindings()
    milestones = findings.milestones
    used = findings.used
    chain: list[LogicalRow] = []
    chain_blocks: list[Block] = []
    chain_columns: TableColumns | None = None
    state: LayoutState | None = None

    def flush() -> None:
        if chain_columns is not None:
            found = [m for record in chain for m in record_to_milestones(record, legend)]
            if any(_carries_status(m) or m.comment for m in found):
                milestones.extend(found)
                used.extend(chain_blocks)
                for record in chain:
                    findings.unmapped_colours.extend(map(rgb_hex, unmapped_fills(record, legend)))
        chain.clear()
        chain_blocks.clear()

    for block in blocks:
        if not block.is_table:
            if not _is_furniture_block(block, furniture):
                flush()
                chain_columns, state = None, None
            continue
        columns = _columns_of(Same(block.rows))
        continues = chain_columns is not None and (
            columns is None or columns.header_key == chain_columns.header_key
        )
        if chain_columns is not None and columns is None:
            columns = continuing_columns(chain_columns, block.rows)
        elif chain_columns is not None and columns is not None and continues:
            # The header repeated after a page break: keep the roles the first part found.
            columns = replace(
                chain_columns, header_index=columns.header_index, header_key=columns.header_key
            )
        if columns is None:
            flush()
            chain_columns, state = None, None
            continue
        if not continues or state is None:
            flush()
            state = LayoutState()
        chain_columns = columns
        chain_blocks.append(block)
        wrapped = block.style in WRAPPED_TABLE_STYLES
        chain.extend(rows_to_logical_rows(block.rows, columns, state, wrapped=wrapped))
    flush()
    return findings


@per_document
def _columns_of(rows: Same[list[Row]]) -> TableColumns | None:
    """A table's columns, read once per document (the colour key and the milestone tables
    both ask)."""
    return find_columns(rows.value)


def table_to_milestones(table: Block) -> list[Milestone]:
    """The milestones of one table on its own (no chaining, no document colour key)."""
    return milestones_in([table])


def _repeated_texts(blocks: list[Block]) -> set[str]:
    """Texts of non-table blocks printed more than once: running headers and footers."""
    counts = Counter(normalise_for_match(b.text) for b in blocks if not b.is_table and b.text)
    return {text for text, count in counts.items() if count > 1}


def _is_furniture_block(block: Block, repeated: set[str]) -> bool:
    text = normalise_for_match(block.text)
    return not text or is_page_furniture(text) or text in repeated


def rag_legend(blocks: list[Block]) -> RagLegend:
    """The document's colour key: fills beside (or behind) a short label, and keys written
    as text ("Blue – Complete, Green – On track", "1 Fully achieved, 2 On target")."""
    colours: list[tuple[RGB, str]] = []
    entries: list[KeyEntry] = []
    for block in blocks:
        if not block.is_table:
            entries.extend(key_entries_in_text(block.text))
            continue
        if _columns_of(Same(block.rows)) is not None:
            continue
        filled = _filled_key_entries(block)
        colours.extend((e.colour, e.rating) for e in filled if e.colour and e.rating)
        entries.extend(e for e in filled if e.label)
        lines = "\n".join(" – ".join(t for t in row.texts if t.strip()) for row in block.rows)
        entries.extend(key_entries_in_text(lines))
    return RagLegend(colours, entries)


def _filled_key_entries(block: Block) -> list[KeyEntry]:
    """Key entries of a legend table: a fill behind or beside a short label that names a
    rating ("Red – off track") or a status ("Complete")."""
    found: list[KeyEntry] = []
    for row in block.rows:
        for index, cell in enumerate(row.cells):
            if cell.fill is None or cell.continued:
                continue
            label = cell.text or (row.cells[index + 1].text if index + 1 < len(row.cells) else "")
            label = " ".join(label.split())
            if not label or len(label.split()) > MAX_LEGEND_LABEL_WORDS:
                continue
            rating = leading_rag_word(label)
            if rating is not None:
                rest = re.sub(r"^[A-Za-z]+(?:\s*/\s*[A-Za-z]+)?\W*", "", label).strip() or None
                beside = (
                    row.cells[index + 1].text if cell.text and index + 1 < len(row.cells) else ""
                )
                beside = " ".join(beside.split())
                if rest is None and beside and len(beside.split()) <= MAX_LEGEND_LABEL_WORDS:
                    rest = beside
                if rest is None and status_of_label(label) != "unknown":
                    rest = label  # "Complete" on a blue fill: a rating word that is a status
                found.append(KeyEntry(rest, colour=cell.fill, rating=rating))
            elif status_of_label(label) != "unknown":
                found.append(KeyEntry(label, colour=cell.fill, rating=rag_from_colour(cell.fill)))
    return found


# --- one logical row → milestones -------------------------------------------------------


def split_run_together(text: str) -> list[tuple[str | None, str]]:
    """``"19. A is on track.20. B has been revised."`` → ``[("19", "A is on track."), ("20", …)]``.

    Only the next number in sequence after a sentence end splits, so "… in 2025. The"
    or a reference to an earlier milestone stays in the text.
    """
    label, rest = split_label(text)
    if label is None:
        return [(None, text)]
    pieces: list[tuple[str | None, str]] = []
    current = label
    position = 0
    for m in _EMBEDDED_LABEL.finditer(rest):
        found = m.group("label")
        if not _is_successor(found, current) or m.start() < position:
            continue
        pieces.append((current, rest[position : m.start()]))
        current, position = found, m.end()
    pieces.append((current, rest[position:]))
    return pieces


def _is_successor(label: str, previous: str) -> bool:
    """ "10" after "9", "2.4" after "2.3": the very next number, nothing else."""
    parts, previous_parts = label.split("."), previous.split(".")
    if not all(p.isdigit() for p in parts + previous_parts) or len(parts) != len(previous_parts):
        return False
    return parts[:-1] == previous_parts[:-1] and int(parts[-1]) == int(previous_parts[-1]) + 1


def _assess(verdict_source: str, extra_comment: str, *, from_status_column: bool) -> _Assessment:
    """Status, verdict as printed and comment from a status cell or a comment cell."""
    verdict = read_verdict(verdict_source) if verdict_source else None
    if verdict is None:
        if from_status_column and verdict_source:
            return _Assessment("unknown", verdict_source, _tidy(extra_comment))
        return _Assessment("unknown", None, _tidy(join_wrapped([verdict_source, extra_comment])))
    comment = join_wrapped([verdict.rest, extra_comment])
    return _Assessment(verdict.status, verdict.raw, _tidy(comment))


def _assessments(status_text: str, comment_text: str, n_milestones: int) -> list[_Assessment]:
    """One assessment per milestone of the logical row.

    Two milestones run together in one cell share the comment cell too; it holds one
    bare verdict sentence per milestone ("No conclusion. … Achieved."), and each
    opens that milestone's part. When the verdicts do not line up one to one, the
    first milestone gets the whole cell and the others stay ``unknown``.
    """
    from_status = bool(status_text)
    source = status_text or comment_text
    extra = comment_text if from_status else ""
    if n_milestones > 1 and not from_status:
        offsets = [start for start, _ in standalone_verdict_offsets(source)]
        if len(offsets) == n_milestones and offsets[0] == 0:
            bounds = [*offsets, len(source)]
            return [
                _assess(source[bounds[i] : bounds[i + 1]].strip(), "", from_status_column=False)
                for i in range(n_milestones)
            ]
    first = _assess(source, extra, from_status_column=from_status)
    return [first] + [_Assessment("unknown", None, None)] * (n_milestones - 1)


KEY_FILL_ROLES = ("status", "rag", "comment", "text", "other")
"""Where a colour the key explains may sit: the status cell first, then anywhere in the row."""


def _rag(record: LogicalRow, legend: RagLegend) -> str | None:
    for fragment in record.text_of("rag"):
        if rating := rag_from_word(fragment):
            return rating
    status_text = join_wrapped(record.text_of("status"))
    if status_text and read_verdict(status_text) is None and (rating := rag_from_word(status_text)):
        return rating
    roles = ["rag", "status"]
    if not any(record.text_of(r) or record.fills.get(r) for r in roles):
        roles.append("comment")  # no rating column: a colour on the commentary rates the row
    for role in roles:
        for fill in record.fills.get(role, []):
            if rating := legend.rating(fill):
                return rating
    return None


def _keyed_assessment(
    record: LogicalRow, legend: RagLegend
) -> tuple[_Assessment, str | None] | None:
    """Status from the paper's key, or from a RAG word printed as the status.

    A status cell holding a key's code or colour word ("G", "2", "Amber") takes the key's
    label; a row with no status printed takes the label of the key colour its cells are
    filled with, wherever in the row the fill sits. Without a key, a RAG word printed as
    the status reads the conventional way; a fill alone gives only the rating.
    """
    status_text = " ".join(join_wrapped(record.text_of("status")).split())
    comment = _tidy(join_wrapped(record.text_of("comment")))
    if status_text:
        if read_verdict(status_text) is not None:
            return None
        if (entry := legend.entry_for_text(status_text)) is not None:
            return _Assessment(entry.status, entry.label, comment), entry.rating
        rating = rag_from_word(status_text)
        if rating is not None and rating in VOCABULARY.rag_status:
            return _Assessment(VOCABULARY.rag_status[rating], status_text, comment), rating
        return None
    if any(read_verdict(t) for t in record.text_of("comment")[:1]):
        return None
    rated = " ".join(join_wrapped(record.text_of("rated_status")).split())
    if rated:  # a "Status" column printing RAG words, and no verdict in the commentary
        entry = legend.entry_for_text(rated)
        if entry is not None:
            return _Assessment(entry.status, entry.label, comment), entry.rating
        rating = rag_from_word(rated)
        if rating is not None and rating in VOCABULARY.rag_status:
            return _Assessment(VOCABULARY.rag_status[rating], rated, comment), rating
    if not legend.entries:
        return None
    for role in KEY_FILL_ROLES:
        for fill in record.fills.get(role, []):
            if (entry := legend.entry_for_fill(fill)) is not None:
                rating = entry.rating or rag_from_colour(fill)
                return _Assessment(entry.status, entry.label, comment), rating
    return None


def rgb_hex(fill: RGB) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in fill)


def unmapped_fills(record: LogicalRow, legend: RagLegend) -> list[RGB]:
    """Fills of a row's status or rating cells that look like a rating but match nothing."""
    out = []
    for role in ("status", "rag"):
        for fill in record.fills.get(role, []):
            _, saturation, _ = colorsys.rgb_to_hsv(*fill)
            if saturation >= UNMAPPED_MIN_SATURATION and legend.rating(fill) is None:
                out.append(fill)
    return out


def _tidy(text: str | None) -> str | None:
    if not text:
        return None
    text = repair_ordinals(" ".join(text.split()))
    return text or None


def record_to_milestones(record: LogicalRow, legend: RagLegend | None = None) -> list[Milestone]:
    """The milestone(s) one logical row holds: two when two ran together in one cell."""
    legend = legend if legend is not None else RagLegend([])
    text = join_wrapped(record.text_of("text"))
    ref_cell = _tidy(join_wrapped(record.text_of("ref")))
    pieces = [(ref_cell, text)] if ref_cell else split_run_together(text)
    assessments = _assessments(
        join_wrapped(record.text_of("status")), join_wrapped(record.text_of("comment")), len(pieces)
    )
    rag = _rag(record, legend)
    keyed = _keyed_assessment(record, legend) if len(pieces) == 1 else None
    if keyed is not None:
        assessments = [keyed[0]]
        rag = rag or keyed[1]
    milestones = []
    for (ref, piece), assessment in zip(pieces, assessments, strict=True):
        piece_text = _tidy(piece)
        if not piece_text:
            continue
        milestones.append(
            Milestone(
                text=piece_text,
                ref=ref,
                goal=_tidy(record.goal),
                status=assessment.status,
                status_raw=assessment.status_raw,
                rag=rag,
                comment=assessment.comment,
                page=record.page,
                lead=_tidy(join_wrapped(record.text_of("lead"))),
                due_date=_tidy(join_wrapped(record.text_of("due_date"))),
            )
        )
    return milestones
