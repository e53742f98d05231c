"""A highlight report's RAG status grid → one ``RagRating`` per rated cell.

The grid is found by its period labels ("Current period", "Previous month" …), not by
its position: the rows (or, in a transposed grid, the columns) that carry them are
the periods, the header across from them names the dimensions. A cell's rating is its
word (AMBER, G, Red) or, when it holds no rating word, its fill colour by nearness. A
column headed "Date …" holds the report date and is not a dimension.

Steps::

    table_to_grid      cells laid out by grid column (spans expanded)
    find_period_axis   which rows or columns are periods, and which line is the header
    grid_to_ratings    one rating per (period, dimension) cell that has a colour
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extractors.dates import parse_date
from extractors.text_utils import clean
from extractors.vocab import rag_from_colour, rag_from_word
from pipeline.model import Block, Cell
from pipeline.records import RagRating

PERIOD_LABELS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"^\s*(current|this|latest)(\s+(period|month|quarter|report|update|status))?\s*:?\s*$",
            re.I,
        ),
        "current",
    ),
    (
        re.compile(
            r"^\s*(previous|last|prior)(\s+(period|month|quarter|report|update|status))?\s*:?\s*$",
            re.I,
        ),
        "previous",
    ),
]

# Header labels with a contract name (SCHEMA.md rag_ratings.dimension); others are snake_cased.
DIMENSION_NAMES: dict[str, str] = {
    "timeline": "timeline",
    "timescale": "timeline",
    "timescales": "timeline",
    "time": "timeline",
    "budget": "budget",
    "cost": "budget",
    "costs": "budget",
    "issues & risks": "issues_risks",
    "issues and risks": "issues_risks",
    "issues/risks": "issues_risks",
    "risks & issues": "issues_risks",
    "risks and issues": "issues_risks",
    "overall": "overall",
    "overall status": "overall",
    "overall rag": "overall",
    "overall rating": "overall",
    "overall rag status": "overall",
}
_DATE_HEADER = re.compile(r"\bdate\b|\bas at\b", re.IGNORECASE)


def dimension_name(label: str) -> str:
    """``"Issues & Risks"`` → ``issues_risks``; ``"Scope"`` → ``scope``."""
    key = re.sub(r"\s+", " ", label.strip().rstrip(":").lower())
    if key in DIMENSION_NAMES:
        return DIMENSION_NAMES[key]
    return re.sub(r"[^a-z0-9]+", "_", key.replace("&", " and ")).strip("_")


def period_of(label: str) -> str | None:
    text = clean(label) or ""
    for pattern, period in PERIOD_LABELS:
        if pattern.match(text):
            return period
    return None


def table_to_grid(block: Block) -> list[list[Cell | None]]:
    """Rows of cells placed by grid column: a cell spanning two columns fills both."""
    grid: list[list[Cell | None]] = []
    for row in block.rows:
        placed: list[Cell | None] = []
        for cell in row.cells:
            placed.extend([cell] * max(cell.col_span, 1))
        grid.append(placed)
    return grid


def _text(cell: Cell | None) -> str:
    return cell.text.strip() if cell is not None else ""


def _rating(cell: Cell | None) -> tuple[str | None, str | None]:
    """``(rating, rating_raw)``: the word wins; an empty or wordless cell gives its fill."""
    if cell is None:
        return None, None
    raw = clean(cell.text)
    rating = rag_from_word(raw)
    if rating is None:
        rating = rag_from_colour(cell.fill)
    return rating, raw


@dataclass(frozen=True, slots=True)
class _Axis:
    periods: dict[int, str]
    """Row (or column) index → period."""
    header: int
    """The column (or row) index of the period labels."""
    names_at: int
    """The row (or column) index of the dimension header."""


def _transpose(grid: list[list[Cell | None]]) -> list[list[Cell | None]]:
    width = max((len(r) for r in grid), default=0)
    return [[r[i] if i < len(r) else None for r in grid] for i in range(width)]


def _find_axis(grid: list[list[Cell | None]]) -> _Axis | None:
    """Rows whose first filled cell is a period label, and the header line above them."""
    periods: dict[int, str] = {}
    label_column = -1
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if _text(cell):
                period = period_of(_text(cell))
                if period is not None and period not in periods.values():
                    periods[r] = period
                    label_column = c
                break
    if not periods:
        return None
    first = min(periods)
    for r in range(first - 1, -1, -1):
        if sum(1 for cell in grid[r] if _text(cell)) >= 2:
            return _Axis(periods, label_column, r)
    return None


def _ratings_from(
    grid: list[list[Cell | None]], axis: _Axis
) -> tuple[list[RagRating], dt.date | None]:
    header = grid[axis.names_at]
    report_date: dt.date | None = None
    date_columns = {c for c, cell in enumerate(header) if _DATE_HEADER.search(_text(cell))}
    for r in axis.periods:
        for c in date_columns:
            if c < len(grid[r]) and (found := parse_date(_text(grid[r][c]))):
                report_date = report_date or found
    ratings: list[RagRating] = []
    named: set[tuple[str, str]] = set()
    for r, period in sorted(axis.periods.items()):
        row = grid[r]
        seen_cells: set[int] = set()
        for c, name_cell in enumerate(header):
            label = _text(name_cell)
            if c <= axis.header or c in date_columns or not label or c >= len(row):
                continue
            cell = row[c]
            if cell is None or id(cell) in seen_cells:
                continue
            seen_cells.add(id(cell))
            rating, raw = _rating(cell)
            dimension = dimension_name(label)
            # A header spanning two value cells names one dimension: its first cell counts.
            if rating is None or (period, dimension) in named:
                continue
            named.add((period, dimension))
            ratings.append(
                RagRating(
                    period=period,
                    dimension=dimension,
                    rating=rating,
                    as_of=report_date,
                    rating_raw=raw,
                    page=None,
                )
            )
    return ratings, report_date


@dataclass(frozen=True, slots=True)
class RagGrid:
    ratings: list[RagRating]
    report_date: dt.date | None
    table: Block | None = None


def rag_grid_in(blocks: list[Block]) -> RagGrid | None:
    """The first table that is a RAG status grid, in either orientation; None if there is none."""
    for block in blocks:
        if not block.is_table:
            continue
        grid = table_to_grid(block)
        for candidate in (grid, _transpose(grid)):
            axis = _find_axis(candidate)
            if axis is None:
                continue
            ratings, report_date = _ratings_from(candidate, axis)
            if ratings:
                pages = [row.page for row in block.rows if row.page is not None]
                page = pages[0] if pages else None
                for rating in ratings:
                    rating.page = page
                return RagGrid(ratings, report_date, block)
    return None
