"""The intermediate document model every reader produces and every extractor reads.

Geometry follows pdfplumber: ``x0, top, x1, bottom`` in PDF points from the top-left
corner of the page, pages counted from 1. Formats without geometry (DOCX, HTML,
text) leave ``bbox`` as ``None``; DOCX and text have no reliable page numbers
either, so their blocks carry ``page=None`` unless the format says otherwise.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table"]
FileType = Literal["pdf", "docx", "html", "txt", "md"]

RGB = tuple[float, float, float]
"""A colour as red, green, blue in 0..1."""

FOLDER_DEPTH = 3
"""At most this many folders of a file's location are kept in ``Document.folders``."""


@dataclass(frozen=True, slots=True)
class BBox:
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class Cell:
    text: str
    fill: RGB | None = None
    """Background colour of the cell where the format records one (PDF rect, DOCX shading)."""
    bbox: BBox | None = None
    col_span: int = 1
    row_span: int = 1
    continued: bool = False
    """True for the cells a vertical merge covers below its first row (DOCX vMerge)."""
    arrow: str | None = None
    """``up``, ``down``, ``left`` or ``right`` when the cell holds a small arrow or triangle
    drawn as a vector shape (PDF); the document's key says what the direction means."""
    mark: RGB | None = None
    """Colour of a small filled shape drawn in the cell (PDF): a RAG dot, a coloured arrow."""


def grid_cells(cells: list[Cell]) -> list[Cell]:
    """Cells laid on the table's column grid: a cell spanning ``n`` columns is followed by
    ``n - 1`` empty ``continued`` placeholders, so ``row.cells[i]`` is always column ``i``."""
    out: list[Cell] = []
    for cell in cells:
        out.append(cell)
        out.extend(Cell("", fill=cell.fill, continued=True) for _ in range(cell.col_span - 1))
    return out


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    """One per grid column (readers pad horizontal spans with ``grid_cells``)."""
    page: int | None = None
    is_header: bool = False
    """Set by the reader when the format marks the row as a header (DOCX tblHeader, HTML th)."""

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(slots=True)
class Block:
    kind: BlockKind
    text: str = ""
    page: int | None = None
    bbox: BBox | None = None
    level: int = 0
    """Heading level (1 = top) or list nesting level (0 = top)."""
    style: str | None = None
    """The source's own style name, e.g. DOCX ``List Bullet`` or HTML tag name."""
    rows: list[Row] = field(default_factory=list)
    """Table rows; empty for every other kind."""
    bold: bool = False
    underline: bool = False

    @property
    def is_table(self) -> bool:
        return self.kind == "table"


@dataclass(slots=True)
class Page:
    number: int
    width: float | None = None
    height: float | None = None
    blocks: list[Block] = field(default_factory=list)
    ocr_confidence: float | None = None
    """Set on a page read by OCR (it had no usable text layer): the engine's mean word
    confidence, 0..1. None for a page read from its text layer."""

    @property
    def ocr(self) -> bool:
        return self.ocr_confidence is not None

    @property
    def landscape(self) -> bool:
        return bool(self.width and self.height and self.width > self.height)


@dataclass(slots=True)
class Document:
    """What a reader found in one file, before anyone decided what it means."""

    source_path: str
    """Relative to the raw folder, with ``/`` separators."""
    file_type: FileType
    doc_id: str
    pages: list[Page] = field(default_factory=list)
    n_pages: int | None = None
    properties: dict[str, str] = field(default_factory=dict)
    """Metadata the file format itself carries (PDF info, DOCX core properties, HTML title)."""
    warnings: list[str] = field(default_factory=list)
    folders: tuple[str, ...] = ()
    """Names of the folders the file sits in, outermost first: the input folder's own name
    and those below it, never above (at most ``FOLDER_DEPTH``): where a person filed it."""

    @property
    def blocks(self) -> list[Block]:
        return [b for p in self.pages for b in p.blocks]

    def plain_text(self) -> str:
        """All text in reading order, tables row by row with tabs between cells."""
        out: list[str] = []
        for block in self.blocks:
            if block.is_table:
                out.extend("\t".join(row.texts) for row in block.rows)
            else:
                out.append(block.text)
        return "\n".join(out)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
