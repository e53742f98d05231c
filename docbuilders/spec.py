"""A format-neutral description of a committee paper."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class ListItem:
    text: str
    numbered: bool = False
    level: int = 0


@dataclass(frozen=True)
class Cell:
    text: str
    fill: str | None = None
    """Background colour as ``#rrggbb``; ``None`` for no shading."""
    bold: bool = False


@dataclass(frozen=True)
class Table:
    rows: list[list[str | Cell]]
    header_rows: int = 1
    repeat_header: bool = True
    """Repeat the header rows at the top of every page the table runs onto."""
    col_widths: list[float] | None = None
    """Relative column widths; equal when ``None``."""
    merge_down: list[tuple[int, int, int]] = field(default_factory=list)
    """Vertical merges as ``(column, first_row, last_row)``, rows counted in ``rows``."""


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | ListItem | Table | PageBreak


@dataclass(frozen=True)
class Paper:
    title: str
    blocks: list[Block]
    landscape: bool = False
    author: str = "boardpapers test builder"
    running_header: str | None = None
    """Printed at the top of every page (page furniture extractors must ignore)."""
    page_numbers: bool = True
    """Print ``Page N`` at the foot of every page."""


def cell(value: str | Cell) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)
