"""Tables without full ruling: words laid out in columns → cell boxes.

The PDF reader (``extractors.readers.pdf``) finds ruled tables with pdfplumber's "lines"
strategy. The words left over go through this module, which finds tables from text
alignment alone, the way tabula's and camelot's "stream" readers do:

* **lines**: words whose heights overlap by half;
* **columns** are the corridors of white space that run down through a block of
  consecutive lines (tabula's and camelot's column inference from word gaps). A block
  grows line by line from a line with a column gap; a line that would close a corridor
  already separating words in two lines ends it, unless the next line keeps them all (a
  section label or a spanning header is a row). Among a block's first lines the start
  that gives most columns wins (a caption has gaps of its own);
* **rows** are lines; a line joins the row above when it has nothing in the first
  column, fills only columns the row's last line fills, and follows it closely (a
  wrapped cell). A word across a column boundary makes its cell span it;
* **headers**: header lines over the block join it (inside its width, short, split by a
  corridor or not starting at its left edge), all lines up to a rule above when a
  horizontal rule runs just over the block (the council "header rule only" style), and a
  short block found right over a longer one is its header.

The evidence asked for is deliberately strong, so that prose is never read as a table:

* at least ``MIN_LINES`` lines with words in two columns, no gap between lines wider than
  ``MAX_LINE_GAP`` font sizes;
* at least ``MIN_CORRIDORS`` corridors (three columns), each at least ``MIN_CORRIDOR`` font
  sizes wide, with words on both sides in ``MIN_SUPPORT`` lines and a share
  ``MIN_SUPPORT_SHARE`` of the block's lines, across a gap wider than the line's usual
  word space (justified text spreads its spaces; see ``_support_gap``); a first column of
  list markers (``1.``, ``(a)``, bullets) does not count;
* not prose: some column holds short cells (median words per line at most
  ``SHORT_CELL_WORDS``) and at most one column is running text;
* not a chart: fewer than ``CHART_MIN_SHAPES`` drawn shapes inside the block that hold no
  word (bars, plotted lines), and not words spread thin among chart marks (bars labelled
  inside, gridlines; ``is_sparse_chart``, also asked of ruled grids by the reader).

Side-by-side tables are split where a corridor is much wider than the others
(``SPLIT_CORRIDOR``). The cell boxes come out in pdfplumber's ``table.cells`` form, so
the reader turns them into a grid (text, fill, marks) exactly as it does ruled tables.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from operator import attrgetter
from typing import Any, Protocol

Box = tuple[float, float, float, float]
"""x0, top, x1, bottom (points, from the page's top-left)."""

MIN_LINES = 3
"""A text table has at least this many lines."""
MAX_LINE_GAP = 2.6
"""Font sizes of white space between two lines of one table, at most."""
MIN_CORRIDOR = 0.6
"""A column corridor is at least this many font sizes wide."""
MIN_CORRIDORS = 2
"""A text table has at least this many column corridors (three columns), not counting
the one after a column of list markers."""
MARKER_CELL = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]?|\(\d{1,3}\)|[a-z][.)]|\([a-z]\)|[ivx]{1,5}[.)]"
    r"|\([ivx]{1,5}\)|[•●▪■◦·‣○–\-*]|\(cid:\d+\)|[\ue000-\uf8ff])$",
    re.IGNORECASE,
)
"""A cell that is only a list marker: a number, a letter or a bullet glyph."""
SPACED_GAP_RATIO = 1.5
MIN_GAPS_FOR_SPACING = 3
"""In a line of words with at least this many gaps, a gap separates columns only when it
is this many times the line's median gap (justified text spaces its words evenly)."""
EVIDENCE_LINES = 4
"""A block this many lines long with no corridor separating words in ``MIN_SUPPORT`` lines
grows no further (running text)."""
MIN_SUPPORT = 2
MIN_SUPPORT_SHARE = 0.5
"""A corridor separates columns when this many lines (and this share of the block's
lines) have words on both sides of it."""
SHORT_CELL_WORDS = 4
SHORT_COLUMN_SHARE = 0.4
"""Some column of a table has cells of at most ``SHORT_CELL_WORDS`` words per line
(median) on at least this share of the table's lines."""
FULL_LINE_SHARE = 0.75
RUNNING_TEXT_SHARE = 0.6
"""A column is running text when this share of its lines fill ``FULL_LINE_SHARE`` of its
width (with more than ``SHORT_CELL_WORDS`` words a line, median)."""
CHART_MIN_SHAPES = 3
"""This many drawn shapes holding no word inside a block make it a chart, not a table."""
CHART_MAX_TEXT_SHARE = 0.1
"""Words cover less than this share of a chart's box (axis labels, a legend, a title);
table cells hold text, however sparse the table."""
CHART_MIN_MARKS = 2
CHART_MARK_LENGTH = 2.0
"""A sparse box holding this many marks is a chart: drawn objects at least
``CHART_MARK_LENGTH`` font sizes long (a bar, a plotted line, a legend key) that hold no
word and are not its ruling. A RAG dot or a direction arrow is shorter."""
RULING_SNAP = 2.0
"""Points between a thin object and a grid line it is drawn along (its ruling)."""
RULE_MIN_SHARE = 0.6
"""A horizontal rule bounds a block when it runs along this share of the block's width."""
RULE_REACH = 2.0
"""Font sizes between a block's first (last) line and the rule above (below) it, at most."""
SHORT_LINE_SHARE = 0.3
"""A line narrower than this share of a table's width may be a label or a header."""
HEADER_MAX_LINES = 4
"""Lines over a table that may join it as its header (a short block over a longer one is
a header when it has at most twice as many)."""
BETTER_START_REACH = 6
"""Lines from a block's start where a later start with more columns is looked for."""
ROW_JOIN_GAP = 0.8
"""Font sizes of white space under a row, at most, for the next line to be its wrapped part."""
SPLIT_CORRIDOR = 4.0
"""A corridor this many times wider than the block's median corridor (and at least
``SPLIT_MIN_WIDTH`` font sizes) separates two tables side by side."""
SPLIT_MIN_WIDTH = 3.0


class WordLike(Protocol):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass(slots=True)
class _TextLine:
    words: list[Any]
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    support_gap: float = 0.0
    """How wide a gap of this line must be to separate columns (see ``_support_gap``)."""
    starts: list[float] = field(default_factory=list)
    reach: list[float] = field(default_factory=list)
    """The words' left edges, and the furthest right edge of the words up to each one."""


@dataclass(slots=True)
class _Corridor:
    x0: float
    x1: float
    support: int = 0


@dataclass(slots=True)
class TextTable:
    """One table found from text alignment: its cells (pdfplumber's ``table.cells`` form)
    and the words inside it."""

    cells: list[Box]
    words: list[Any] = field(default_factory=list)

    @property
    def bbox(self) -> Box:
        return (
            min(c[0] for c in self.cells),
            min(c[1] for c in self.cells),
            max(c[2] for c in self.cells),
            max(c[3] for c in self.cells),
        )


# --- lines -----------------------------------------------------------------------------


def words_to_text_lines(words: Sequence[WordLike]) -> list[_TextLine]:
    """Words whose vertical extents overlap by half → lines, top to bottom."""
    lines: list[_TextLine] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        height = max(word.bottom - word.top, 0.1)
        last = lines[-1] if lines else None
        if last is not None and min(word.bottom, last.bottom) - word.top >= 0.5 * height:
            last.words.append(word)
            last.bottom = max(last.bottom, word.bottom)
            last.x0, last.x1 = min(last.x0, word.x0), max(last.x1, word.x1)
        else:
            lines.append(_TextLine([word], word.top, word.bottom, word.x0, word.x1, word.size))
    for line in lines:
        line.words.sort(key=_x0)
        line.size = _median([w.size for w in line.words]) or 1.0
        line.support_gap = _support_gap(line)
    return lines


_x0 = attrgetter("x0")


def _median(values: list[float]) -> float:
    """``statistics.median`` of a non-empty list, without its generality (a hot path)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _support_gap(line: _TextLine) -> float:
    """The gap between two words of ``line`` that can separate columns.

    A justified line of running text spreads its spaces evenly and wide; they line up by
    chance from one line to the next. So in a line of words (most not numbers) with several
    gaps, only a gap ``SPACED_GAP_RATIO`` times the line's median gap counts. Rows of
    figures are spaced evenly because they are columns, and keep every gap.
    """
    gaps = [b.x0 - a.x1 for a, b in pairwise(line.words)]
    if len(gaps) < MIN_GAPS_FOR_SPACING:
        return 0.0
    numeric = sum(1 for w in line.words if any(ch.isdigit() for ch in w.text))
    if numeric * 2 >= len(line.words):
        return 0.0
    return SPACED_GAP_RATIO * _median(gaps)


# --- corridors -------------------------------------------------------------------------


def _subtract(corridors: list[_Corridor], x0: float, x1: float) -> list[_Corridor]:
    """Corridors with the span ``x0..x1`` taken out of them."""
    out = []
    for c in corridors:
        if x1 <= c.x0 or x0 >= c.x1:
            out.append(c)
            continue
        if x0 > c.x0:
            out.append(_Corridor(c.x0, x0, c.support))
        if x1 < c.x1:
            out.append(_Corridor(x1, c.x1, c.support))
    return out


def _line_gaps(line: _TextLine) -> list[_Corridor]:
    return [_Corridor(a.x1, b.x0) for a, b in pairwise(line.words)]


def _add_line(
    corridors: list[_Corridor], extent: tuple[float, float], line: _TextLine, min_width: float
) -> tuple[list[_Corridor], tuple[float, float]]:
    """The corridors of a block once ``line`` joins it: the line's words are taken out, space
    the block newly spans opens only where the line has gaps, and every corridor with
    words on both sides in the line gains support."""
    x0, x1 = extent
    out = list(corridors)
    for word in line.words:
        out = _subtract(out, word.x0, word.x1)
    if line.x0 < x0:
        out.extend(_free_within(line, line.x0, x0))
    if line.x1 > x1:
        out.extend(_free_within(line, x1, line.x1))
    out = [c for c in out if c.x1 - c.x0 >= min_width]
    for c in out:
        if _separates(line, c):
            c.support += 1
    out.sort(key=lambda c: c.x0)
    return out, (min(x0, line.x0), max(x1, line.x1))


def _free_within(line: _TextLine, a: float, b: float) -> list[_Corridor]:
    """The parts of ``a..b`` that no word of ``line`` covers."""
    free = [_Corridor(a, b)]
    for word in line.words:
        free = _subtract(free, word.x0, word.x1)
    return free


def _separates(line: _TextLine, corridor: _Corridor) -> bool:
    """Whether ``line`` has words on both sides of ``corridor``, across a gap wide enough."""
    if not line.starts:
        line.starts = [w.x0 for w in line.words]
        line.reach = list(accumulate((w.x1 for w in line.words), max))
    k = bisect_left(line.starts, corridor.x1)
    if k == 0 or k == len(line.words):
        return False
    if line.reach[k - 1] <= corridor.x0:  # no word of the line inside the corridor
        return line.starts[k] - line.reach[k - 1] >= line.support_gap
    left = [w.x1 for w in line.words if w.x1 <= corridor.x0]
    return bool(left) and line.starts[k] - max(left) >= line.support_gap


def _first_line_corridors(line: _TextLine, min_width: float) -> list[_Corridor]:
    corridors = [_Corridor(g.x0, g.x1) for g in _line_gaps(line) if g.x1 - g.x0 >= min_width]
    for c in corridors:
        c.support = int(_separates(line, c))
    return corridors


# --- blocks ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    lines: list[_TextLine]
    corridors: list[_Corridor]


_Part = tuple[_Block, list[_Corridor], int]
"""A table on its way: its lines, its column corridors, how many lines are header."""


def _grow_block(lines: list[_TextLine], start: int) -> _Block:
    """The longest run of lines from ``start`` that keeps its well-supported corridors.

    A line that would close one (a section label, a spanning header) still joins when the
    line after it keeps them all: it is a row of the table, not the end of it.
    """
    first = lines[start]
    min_width = MIN_CORRIDOR * first.size
    corridors = _first_line_corridors(first, min_width)
    extent = (first.x0, first.x1)
    block = [first]
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if not _close_below(block[-1], line):
            break
        grown, grown_extent = _add_line(corridors, extent, line, min_width)
        if not grown or (
            len(block) >= EVIDENCE_LINES and max(c.support for c in grown) < MIN_SUPPORT
        ):
            break  # no corridor left, or none that separates words in two lines
        if not _lost_supported(corridors, grown):
            corridors, extent = grown, grown_extent
            block.append(line)
            i += 1
            continue
        after = lines[i + 1] if i + 1 < len(lines) else None
        if after is None or not _close_below(line, after):
            break
        bridged, bridged_extent = _add_line(corridors, extent, after, min_width)
        if _lost_supported(corridors, bridged):
            break
        corridors, extent = bridged, bridged_extent
        block.extend((line, after))
        i += 2
    return _Block(block, corridors)


def _close_below(above: _TextLine, below: _TextLine) -> bool:
    return below.top - above.bottom <= MAX_LINE_GAP * max(above.size, below.size)


def _lost_supported(before: list[_Corridor], after: list[_Corridor]) -> bool:
    """Whether a corridor that already separated words in ``MIN_SUPPORT`` lines closed."""
    for c in before:
        if c.support < MIN_SUPPORT:
            continue
        if not any(a.x0 < c.x1 and a.x1 > c.x0 for a in after):
            return True
    return False


def _columns(block: _Block) -> list[_Corridor]:
    n = len(block.lines)
    need = max(MIN_SUPPORT, MIN_SUPPORT_SHARE * n)
    return [c for c in block.corridors if c.support >= need]


def _cells_by_column(block: _Block, corridors: list[_Corridor]) -> list[list[list[Any]]]:
    """Per line, the words of each column."""
    bounds = [(c.x0 + c.x1) / 2 for c in corridors]
    out = []
    for line in block.lines:
        cols: list[list[Any]] = [[] for _ in range(len(bounds) + 1)]
        for word in line.words:
            cx = (word.x0 + word.x1) / 2
            cols[sum(1 for b in bounds if cx > b)].append(word)
        out.append(cols)
    return out


def _multi_column_lines(block: _Block, corridors: list[_Corridor]) -> int:
    """Lines with words in two columns or more."""
    per_line = _cells_by_column(block, corridors)
    return sum(1 for cols in per_line if sum(1 for ws in cols if ws) >= 2)


def _is_marker_column(block: _Block, corridors: list[_Corridor]) -> bool:
    """Whether the first column holds only list markers (``1.``, ``(a)``, bullets): a
    numbered list with hanging indents, whose marker column is no table column."""
    texts = [" ".join(w.text for w in cols[0]) for cols in _cells_by_column(block, corridors)]
    texts = [t for t in texts if t]
    return bool(texts) and all(MARKER_CELL.match(t) for t in texts)


def _is_prose(block: _Block, corridors: list[_Corridor]) -> bool:
    """Columns of running text (a page set in columns, a paragraph beside a margin note),
    not a table: no column holds short cells on many lines, or two columns or more are
    running text."""
    per_line = _cells_by_column(block, corridors)
    n = len(per_line)
    short = running = 0
    for c in range(len(corridors) + 1):
        cells = [cols[c] for cols in per_line if cols[c]]
        if len(cells) < SHORT_COLUMN_SHARE * n:
            continue
        if statistics.median(len(ws) for ws in cells) <= SHORT_CELL_WORDS:
            short += 1
        elif _is_running_text(cells):
            running += 1
    return short == 0 or running >= 2


def _is_running_text(cells: list[list[Any]]) -> bool:
    """Most lines of the column fill its width, as wrapped text does (cells of a table
    end where their text ends)."""
    widths = [ws[-1].x1 - ws[0].x0 for ws in cells]
    full = sum(1 for w in widths if w >= FULL_LINE_SHARE * max(widths))
    return full >= RUNNING_TEXT_SHARE * len(widths)


def is_chart(box: Box, shapes: Sequence[Box], words: Sequence[WordLike]) -> bool:
    """Drawn shapes holding no word inside the block: bars, plotted lines, pie slices."""
    x0, top, x1, bottom = box
    empty = 0
    for s in shapes:
        if s[0] < x0 - 1 or s[2] > x1 + 1 or s[1] < top - 1 or s[3] > bottom + 1:
            continue
        holds_word = any(
            s[0] <= (w.x0 + w.x1) / 2 <= s[2] and s[1] <= (w.top + w.bottom) / 2 <= s[3]
            for w in words
        )
        if not holds_word:
            empty += 1
            if empty >= CHART_MIN_SHAPES:
                return True
    return False


def is_sparse_chart(
    box: Box,
    objects: Sequence[Box],
    words: Sequence[WordLike],
    xs: Sequence[float] = (),
    ys: Sequence[float] = (),
) -> bool:
    """A box whose words cover little of it (``CHART_MAX_TEXT_SHARE``) and which holds
    ``CHART_MIN_MARKS`` chart marks (see ``chart_marks``): a chart drawn in a frame or on
    gridlines, not a table. ``xs``, ``ys``: the box's grid lines, when it is a ruled grid."""
    x0, top, x1, bottom = box
    area = (x1 - x0) * (bottom - top)
    if area <= 0 or not words:
        return False
    text = sum((w.x1 - w.x0) * (w.bottom - w.top) for w in words)
    if text >= CHART_MAX_TEXT_SHARE * area:
        return False
    return chart_marks(box, objects, words, xs, ys) >= CHART_MIN_MARKS


def chart_marks(
    box: Box,
    objects: Sequence[Box],
    words: Sequence[WordLike],
    xs: Sequence[float] = (),
    ys: Sequence[float] = (),
) -> int:
    """Drawn objects at least ``CHART_MARK_LENGTH`` font sizes long that hold no word and are
    not ruling: a thin object along one of the grid lines ``xs``/``ys``, a horizontal one
    across most of the box (a header or foot rule), a rectangle whose sides lie on grid
    lines (a shaded cell). Inside ``box`` for a ruled grid (``xs`` given); for a block of
    words found by alignment, touching it (the block may cover a part of a chart only)."""
    x0, top, x1, bottom = box
    size = statistics.median(w.size for w in words) if words else 0.0
    centres = [((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for w in words]
    grid = bool(xs)
    count = 0
    for o in objects:
        if grid and (o[0] < x0 - 1 or o[2] > x1 + 1 or o[1] < top - 1 or o[3] > bottom + 1):
            continue  # a grid's own frame bounds it
        if o[2] < x0 or o[0] > x1 or o[3] < top or o[1] > bottom:
            continue  # a block of words found by alignment may lie across a chart
        width, height = o[2] - o[0], o[3] - o[1]
        if max(width, height) < CHART_MARK_LENGTH * size:
            continue
        if _is_ruling(o, box, xs, ys):
            continue
        if any(o[0] <= cx <= o[2] and o[1] <= cy <= o[3] for cx, cy in centres):
            continue
        count += 1
        if count >= CHART_MIN_MARKS:
            break
    return count


def _is_ruling(o: Box, box: Box, xs: Sequence[float], ys: Sequence[float]) -> bool:
    """Whether the drawn object ``o`` rules ``box`` (see ``chart_marks``)."""

    def on(value: float, lines: Sequence[float]) -> bool:
        return any(abs(value - line) <= RULING_SNAP for line in lines)

    width, height = o[2] - o[0], o[3] - o[1]
    if height <= RULING_SNAP:
        return on(o[1], ys) or width >= RULE_MIN_SHARE * (box[2] - box[0])
    if width <= RULING_SNAP:
        return on(o[0], xs)
    return on(o[0], xs) and on(o[2], xs) and on(o[1], ys) and on(o[3], ys)


def _block_box(lines: Sequence[_TextLine]) -> Box:
    return (
        min(ln.x0 for ln in lines),
        min(ln.top for ln in lines),
        max(ln.x1 for ln in lines),
        max(ln.bottom for ln in lines),
    )


def _rule_near(rules: Sequence[Box], box: Box, y: float, reach: float) -> Box | None:
    """A horizontal rule within ``reach`` of ``y`` running along most of the box's width."""
    width = box[2] - box[0]
    for rule in rules:
        overlap = min(rule[2], box[2]) - max(rule[0], box[0])
        if abs(rule[1] - y) <= reach and overlap >= RULE_MIN_SHARE * width:
            return rule
    return None


# --- rows and cells --------------------------------------------------------------------


def _rows(block: _Block, corridors: list[_Corridor], header_lines: int) -> list[list[_TextLine]]:
    """Lines → rows: a line joins the row above when it has nothing in the first column, only
    fills columns the line above fills, and follows it closely (a wrapped cell)."""
    per_line = _cells_by_column(block, corridors)
    rows: list[list[_TextLine]] = []
    previous_cols: set[int] = set()
    for i, (line, cols) in enumerate(zip(block.lines, per_line, strict=True)):
        filled = {c for c, ws in enumerate(cols) if ws}
        if rows and i != header_lines:
            above = rows[-1][-1]
            close = line.top - above.bottom <= ROW_JOIN_GAP * line.size
            if close and 0 not in filled and filled <= previous_cols:
                rows[-1].append(line)
                continue
        rows.append([line])
        previous_cols = filled
    return rows


def _row_cells(row: list[_TextLine], xs: list[float], top: float, bottom: float) -> list[Box]:
    """One row's cell boxes; a word across a column boundary makes its cell span it."""
    crossed = [any(w.x0 < b < w.x1 for line in row for w in line.words) for b in xs[1:-1]]
    cells = []
    start = xs[0]
    for k, boundary in enumerate(xs[1:-1]):
        if not crossed[k]:
            cells.append((start, top, boundary, bottom))
            start = boundary
    cells.append((start, top, xs[-1], bottom))
    return cells


def _block_to_table(block: _Block, corridors: list[_Corridor], header_lines: int) -> TextTable:
    rows = _rows(block, corridors, header_lines)
    box = _block_box(block.lines)
    xs = [box[0], *((c.x0 + c.x1) / 2 for c in corridors), box[2]]
    ys = [box[1]]
    for above, below in pairwise(rows):
        ys.append((above[-1].bottom + below[0].top) / 2)
    ys.append(box[3])
    cells = []
    for row, (top, bottom) in zip(rows, pairwise(ys), strict=True):
        cells.extend(_row_cells(row, xs, top, bottom))
    words = [w for line in block.lines for w in line.words]
    return TextTable(cells, words)


# --- the page --------------------------------------------------------------------------


def horizontal_rules(edges: Sequence[dict[str, Any]], min_width: float) -> list[Box]:
    """Horizontal edges at least ``min_width`` long, as boxes."""
    return [
        (float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]))
        for e in edges
        if e.get("orientation") == "h" and e["x1"] - e["x0"] >= min_width
    ]


def drawn_shapes(page: Any) -> list[Box]:
    """Filled rectangles and curves big enough to be chart marks."""
    out = []
    for obj in (*page.rects, *page.curves):
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if w >= 2 and h >= 2:
            box = (float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))
            out.append(box)
    return out


def drawn_objects(page: Any) -> list[Box]:
    """Every rectangle, line and curve of the page, as boxes."""
    return [
        (float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"]))
        for o in (*page.rects, *page.lines, *page.curves)
    ]


def find_text_tables(
    words: Sequence[WordLike],
    rules: Sequence[Box],
    shapes: Sequence[Box],
    objects: Sequence[Box] = (),
) -> list[TextTable]:
    """Tables laid out by alignment among ``words`` (those outside ruled tables);
    ``shapes`` and ``objects`` (``drawn_shapes``, ``drawn_objects``) tell charts."""
    lines = words_to_text_lines(words)
    accepted: list[list[_Part]] = []
    floor = 0
    i = 0
    # a table does not start at a line without a column gap (headers join it later)
    starts = [
        any(g.x1 - g.x0 >= MIN_CORRIDOR * line.size for g in _line_gaps(line)) for line in lines
    ]
    grown: dict[int, _Block] = {}  # start → its block: a start is grown once

    def grow(start: int) -> _Block:
        if start not in grown:
            grown[start] = _grow_block(lines, start)
        return grown[start]

    while i < len(lines):
        if not starts[i]:
            i += 1
            continue
        block = grow(i)
        if len(block.lines) < MIN_LINES or not _columns(block):
            i += 1
            continue
        i, block = _better_start(lines, i, block, starts, grow)
        if _is_sparse_chart_block(block, objects):
            i += len(block.lines)  # a chart's labels: no table starts among them
            continue
        found = _accept(block, lines, i, floor, rules, shapes)
        if found is None:
            i += 1
            continue
        if len(found) == 1 and len(accepted[-1:][0] if accepted else []) == 1:
            merged = _header_and_body(accepted[-1][0], found[0])
            if merged is not None:
                accepted[-1] = [merged]
                found = []
        if found:
            accepted.append(found)
        i += len(block.lines)
        floor = i
    return [_block_to_table(*part) for parts in accepted for part in parts]


def _header_and_body(upper: _Part, lower: _Part) -> _Part | None:
    """Two tables found one right under the other, the upper one short and no wider: a
    header whose spanning cells hid the body's columns, and the body. One table."""
    above, below = upper[0].lines, lower[0].lines
    size = statistics.median(ln.size for ln in below)
    if len(above) > 2 * HEADER_MAX_LINES or len(above) >= len(below):
        return None
    if not _close_below(above[-1], below[0]):
        return None
    a, b = _block_box(above), _block_box(below)
    if a[0] < b[0] - size or a[2] > b[2] + size:
        return None
    return _Block(above + below, lower[0].corridors), lower[1], len(above) + lower[2]


def _better_start(
    lines: list[_TextLine],
    i: int,
    block: _Block,
    starts: list[bool],
    grow: Callable[[int], _Block],
) -> tuple[int, _Block]:
    """A later start, among the block's first lines, that gives it more columns: a caption,
    a paragraph's last line or a spanning header over a table has gaps of its own that
    would stand for (or hide) the table's columns. Only lines with a column gap
    (``starts``) can start a block; the block must still reach about as far down."""
    end = i + len(block.lines)
    best, best_columns = (i, block), len(_columns(block))
    for j in range(i + 1, min(end, i + BETTER_START_REACH + 1, len(lines))):
        if not starts[j]:
            continue
        later = grow(j)
        if len(later.lines) < MIN_LINES or j + len(later.lines) < end - 1:
            continue
        if len(_columns(later)) > best_columns:
            best, best_columns = (j, later), len(_columns(later))
    return best


def _accept(
    block: _Block,
    lines: list[_TextLine],
    start: int,
    floor: int,
    rules: Sequence[Box],
    shapes: Sequence[Box],
) -> list[_Part] | None:
    if len(block.lines) < MIN_LINES:
        return None
    corridors = _columns(block)
    if not corridors:
        return None
    box = _block_box(block.lines)
    size = statistics.median(ln.size for ln in block.lines)
    reach = RULE_REACH * size
    top_rule = _rule_near(rules, box, box[1], reach)
    if _multi_column_lines(block, corridors) < MIN_LINES:
        return None
    if len(corridors) - _is_marker_column(block, corridors) < MIN_CORRIDORS:
        return None
    if _is_prose(block, corridors):
        return None
    words = [w for line in block.lines for w in line.words]
    if is_chart(box, shapes, words):
        return None
    header = _header_lines(lines[floor:start], box, top_rule, rules, size)
    if not header:
        header = _heading_lines(lines[floor:start], box, corridors, lines[start])
    body = _trim_leading(block.lines, box, corridors)
    if len(body) < MIN_LINES:
        return None
    return _side_by_side(_Block(header + body, block.corridors), corridors, len(header))


def _is_sparse_chart_block(block: _Block, objects: Sequence[Box]) -> bool:
    """Whether the words of a block are a chart's labels, spread thin among its marks
    (``is_sparse_chart``): the whole block is passed over, so that no part of it is read
    as a table either."""
    if len(block.lines) < MIN_LINES or not _columns(block):
        return False
    words = [w for line in block.lines for w in line.words]
    return is_sparse_chart(_block_box(block.lines), objects, words)


def _side_by_side(block: _Block, corridors: list[_Corridor], header_lines: int) -> list[_Part]:
    """A block cut at a corridor much wider than its others, with columns on both sides:
    tables set side by side. Each part keeps the lines it has words in."""
    widths = sorted(c.x1 - c.x0 for c in corridors)
    size = statistics.median(ln.size for ln in block.lines)
    for k, c in enumerate(corridors):
        if not (0 < k < len(corridors) - 1):
            continue  # each side needs columns of its own
        others = [w for w in widths if w != c.x1 - c.x0] or widths
        wide = c.x1 - c.x0 >= max(
            SPLIT_MIN_WIDTH * size, SPLIT_CORRIDOR * statistics.median(others)
        )
        crossed = any(w.x0 < c.x1 and w.x1 > c.x0 for ln in block.lines for w in ln.words)
        if not wide or crossed:
            continue
        parts = [
            _part(block, header_lines, lambda w, c=c: w.x1 <= c.x0, corridors[:k]),
            _part(block, header_lines, lambda w, c=c: w.x0 >= c.x1, corridors[k + 1 :]),
        ]
        return [p for part in parts for p in _side_by_side(*part)]
    return [(block, corridors, header_lines)]


def _part(block: _Block, header_lines: int, keep: Any, corridors: list[_Corridor]) -> _Part:
    """The words of ``block`` that ``keep`` takes, as a block of their own."""
    kept, n_header = [], 0
    for i, line in enumerate(block.lines):
        words = [w for w in line.words if keep(w)]
        if words:
            kept.append(_sub_line(line, words))
            n_header += i < header_lines
    return _Block(kept, corridors), corridors, n_header


def _sub_line(line: _TextLine, words: list[Any]) -> _TextLine:
    return _TextLine(
        words,
        min(w.top for w in words),
        max(w.bottom for w in words),
        words[0].x0,
        max(w.x1 for w in words),
        line.size,
        line.support_gap,
    )


def _is_header_like(line: _TextLine, box: Box, corridors: list[_Corridor]) -> bool:
    """A line that can head columns: inside the table's width, and either split by a column
    corridor, short, or not starting at the table's left edge (a spanning header)."""
    size = line.size
    if line.x0 < box[0] - size or line.x1 > box[2] + size:
        return False
    if any(a.x1 <= c.x0 and b.x0 >= c.x1 for c in corridors for a, b in _pairs(line.words)):
        return True
    width = box[2] - box[0]
    return line.x1 - line.x0 <= SHORT_LINE_SHARE * width or line.x0 > box[0] + size


def _pairs(words: list[Any]) -> list[tuple[Any, Any]]:
    return list(pairwise(words))


def _heading_lines(
    above: list[_TextLine], box: Box, corridors: list[_Corridor], below: _TextLine
) -> list[_TextLine]:
    """Header lines just above a block found from alignment (none ruled off)."""
    out: list[_TextLine] = []
    for line in reversed(above[-HEADER_MAX_LINES:]):
        if not _close_below(line, below) or not _is_header_like(line, box, corridors):
            break
        out.insert(0, line)
        below = line
    return out


def _trim_leading(lines: list[_TextLine], box: Box, corridors: list[_Corridor]) -> list[_TextLine]:
    """Drop leading lines that are not header-like (a caption, a paragraph's last line)."""
    k = 0
    while k < len(lines) and not _is_header_like(lines[k], box, corridors):
        k += 1
    return lines[k:]


def _header_lines(
    above: list[_TextLine],
    box: Box,
    header_rule: Box | None,
    rules: Sequence[Box],
    size: float,
) -> list[_TextLine]:
    """Lines over a header rule, up to the rule above them, inside the block's width."""
    if header_rule is None:
        return []
    out: list[_TextLine] = []
    for line in reversed(above[-HEADER_MAX_LINES:]):
        if line.bottom > header_rule[1] or line.x0 < box[0] - size or line.x1 > box[2] + size:
            break
        out.insert(0, line)
        if _rule_near(rules, box, line.top, RULE_REACH * size) is not None:
            return out
    return []
