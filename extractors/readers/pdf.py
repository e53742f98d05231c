"""PDF reader: a PDF file → ``pipeline.model.Document``.

Two layers. The **engine** turns the file into per-page objects in pdfplumber's
vocabulary (``chars``, ``rects``, ``lines``, ``curves``, ``edges``; ``x0, top, x1,
bottom``): ``pdfium`` (pypdfium2: PDFium's text page and page objects with pdfminer's
glyph boxes; ``extractors.readers.pdf_pdfium``; the default), ``playa`` (PLAYA-PDF,
pdfminer's lazy successor: the same glyph geometry without pdfminer's layout objects
and pdfplumber's dicts; ``extractors.readers.pdf_playa``) or ``pdfplumber`` (pdfminer;
the reference). Every page of a file goes through the one engine chosen
(``ReadSettings.pdf_engine``, ``--pdf-engine``); each gives the reference's words (boxes
within a point), reading order and table cells on every fixture, and the same records
on the real papers; the few words PDFium still joins or splits where pdfminer does not
are counted in ``tests/test_pdf_engines.py``. The **layout** layer below is shared: the same
steps for every engine (and for OCR'd pages, ``read_pages``).

A page goes through small steps, each a function named for what it turns into what::

    page → words (with font name and size) and ruled tables (pdfplumber, "lines")
         → the other words → tables laid out by alignment (``pdf_tables``)
         → words inside a table → cell text; the other words → lines
    lines of all pages → page furniture (running headers/footers, page numbers) dropped
    lines → blocks (heading / list_item / paragraph), tables placed among them by position
    tables cut by a page break → one table block

Decisions a user of the document model should know about:

* **Tables** are found from ruling first: stroked lines *and* the edges of filled
  rectangles (Word draws borders as thin filled rectangles, and shaded cells are filled
  rectangles), so a table drawn with cell shading only is found too. A grid of one-line
  cells ruled only by edges no one sees (white boxes behind lines of text) is read as
  text. A "table" of a single cell (a box around a paragraph, a page border) is read as
  text; a grid with no word in it (a chart's gridlines) is dropped. A chart is read as
  text: a grid whose words lie only in the gaps between its drawn cells (bars drawn
  touching, labelled beside their ends), one column of cells holding figures only (a
  stacked bar labelled with its values), or whose words cover under a tenth of it among
  drawn marks that are not its ruling (plotted lines, bars, legend keys:
  ``pdf_tables.is_sparse_chart``); small marks (a RAG dot, an arrow) do not count. Boxes
  in a row joined by arrows (a flowchart) are read as text; two boxes side by side with
  nothing between them stay one table row. Grids drawn side by side whose rules happen
  to line up are cut apart where a band of columns has no cell, or only a few tall empty
  ones (the gap between them, closed by rules across their ends); a single box cut off
  so (a framed chart beside a table) is read as text. A merged cell whose words sit
  clear of the column rules in two columns or more is split at them (tables ruled only
  around the outside or only in the header).
* **Tables without full ruling** (rules only under the header and at the foot, or none)
  are found among the words outside ruled tables from text alignment, by
  ``extractors.readers.pdf_tables``: columns from white-space corridors that run down a
  block of lines, rows from lines with wrapped lines joined, header rules as hints; it
  asks for three columns on several lines and refuses prose, numbered lists and charts
  (see its docstring). A one-column ruled grid around such a table (a frame), or ruled
  cells that are only part of one (lines that go on beyond the rules), give way to it.
  Every page goes through both steps, so the same page always gives the same blocks.
* **Rows** of a table block all have one cell per grid column: a merged cell is followed
  by empty ``continued`` placeholders for the columns it spans (``grid_cells``).
* **Cell text**: whitespace is normalised, lines inside a paragraph are joined with
  spaces, and a line-end hyphen is repaired. Paragraph breaks inside a cell are kept
  as ``"\\n"`` when the gap between two lines is clearly larger than the usual line
  pitch of the document's cells (Word's "space after"), so a verdict such as "Partially
  achieved." stays separable from the comment paragraphs under it. Paragraphs
  typed with no extra space between them cannot be told apart and are joined.
* **Hyphenation**: ``inde-`` at a line end followed by ``pendent`` becomes
  ``independent``; a compound broken after its own hyphen keeps it (``multi-`` /
  ``agency`` → ``multi-agency``, ``mid-`` / ``2024`` → ``mid-2024``). Telling the
  two apart needs a word list: spaCy's English lemma tables (see ``_is_hyphenation``).
* **Cell fill** is the colour of the last-drawn filled rectangle covering the cell's
  centre; white (every channel ≥ 0.97) counts as no fill.
* **Drawn arrows and dots**: a cell holding a small arrow or triangle drawn as a vector
  path (a direction-of-travel arrow) gets ``Cell.arrow`` (``up``/``down``/``left``/
  ``right``): the shape points away from its widest side. A small filled shape (a RAG dot)
  gives ``Cell.mark``, its colour. Arrows drawn as separate stroked lines, and arrows or
  dots in images, are not read.
* **Vertical merges**: the merged cell carries the text and ``row_span``; the rows it
  covers get an empty ``Cell(continued=True)``, as the DOCX reader does.
* **Tables left open by a page break** (no rule under the last row on one page or
  over the first on the next) are closed where their column rules end.
* **Tables across a page break** are joined when the table is the last thing on one
  page and the first on the next, in the lower/upper part of the pages, with the
  same columns; a repeated header row is dropped. A row that Word split across the
  break is joined back only when the cut is plainly mid-sentence (see
  ``_is_split_row``); otherwise its two parts stay two rows.
* **Paragraphs cut by a page break** are joined into the block where they started
  when the new page opens in lower case (see ``_join_paragraphs_across_pages``).
* **Lists**: bullet glyphs are removed from the text, number and letter markers
  (``1.``, ``(a)``, ``ii)``) are kept because papers refer to them.
* **Headings** are lines in a noticeably larger font than the page's body text, or
  short bold lines; ``level`` ranks heading font sizes across the document (bold
  body-size headings come last).
* **Rotated pages** (``/Rotate 90``): pdfminer applies the rotation before layout, so
  words come out upright in the rotated (displayed) coordinates and in reading
  order; ``Page.width``/``height`` are the displayed size.
* **Not handled**: multi-column page layouts (lines of both columns are read across),
  text inside images (a document with no text at all is ``no_text_layer``).
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extractors.readers.pdf_tables import (
    TextTable,
    drawn_objects,
    drawn_shapes,
    find_text_tables,
    horizontal_rules,
    is_sparse_chart,
)
from extractors.vocab_markers import (
    LEADING_MARKER,
    NUMBER_MARKER,
    normalise_bullet,
    starts_with_bullet,
)
from pipeline.errors import ParseError
from pipeline.lexicon import lemma_lookup, read_table
from pipeline.model import RGB, BBox, Block, Cell, Document, Page, Row
from pipeline.settings import DEFAULT_PDF_ENGINE, PDF_ENGINES

logger = logging.getLogger(__name__)

FILE_TYPE_LABEL = "PDF"

ENGINES = PDF_ENGINES
"""``pdfium`` (pypdfium2; see ``pdf_pdfium``), ``playa`` (PLAYA-PDF, pdfminer's lazy
successor: the same glyph geometry, read faster; see ``pdf_playa``) and ``pdfplumber``
(pdfminer; the reference)."""
DEFAULT_ENGINE = DEFAULT_PDF_ENGINE

TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
"""pdfplumber's "lines" strategy uses stroked lines and rectangle edges alike."""
MIN_TABLE_CELLS = 2
GRID_SNAP = 2.0
"""Cell edges closer than this (points) are one grid line."""
TEXT_TABLE_MIN_WORDS = 6
"""Fewer words than this outside ruled tables cannot make a table of three lines."""
TEXT_TABLE_RULE_MIN_WIDTH = 30.0
"""Horizontal rules shorter than this (points) are not hints for tables without ruling."""
OUTSIDE_REACH = 4.0
"""Font sizes beside a ruled grid where the words of a table it is only part of lie."""
SPLIT_CLEARANCE = 0.3
"""A merged cell is split at a column rule only when its words keep this many font sizes
clear of the rule (a sentence running across the rule keeps the merge)."""
CONNECTOR_SHARE = 0.5
"""A connector (an arrow's shaft) runs across this share of the gap between two boxes."""
MIN_COLUMN_RULE = 6.0
"""Vertical edges shorter than this (points) are no column rules to close (an arrowhead's
step, a tick): shorter than any row of text."""
MIN_CLOSED_WIDTH = 20.0
"""Column rules closer together than this are not a table left open by a page break."""

BOLD_FONT_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
HEADING_SIZE_RATIO = 1.15
"""A line this much larger than the body text is a heading."""
SHORT_HEADING_MAX_CHARS = 120
SHORT_HEADING_MAX_LINES = 2
SIZE_TOLERANCE = 0.5
WORD_GAP_RATIO = 0.12
"""A gap wider than this share of the font size between two words is a space."""

DEFAULT_PITCH_RATIO = 1.2
"""Baseline-to-baseline distance over font size for single-spaced text."""
PARAGRAPH_GAP_FACTOR = 1.25
"""A line pitch this many times the page's usual one starts a new paragraph."""
SHORT_LINE_SHARE = 0.85
"""A line ending before this share of the column width was not wrapped: its block ends."""
LIST_INDENT_TOLERANCE = 3.0
SMALL_PAGE_CHARS = 300
"""Below this many characters a page's own body size is unreliable; use the document's."""

WHITE_LEVEL = 0.97
MIN_FILL_SIZE = 2.0
"""Filled rectangles thinner than this are borders, not shading."""

FURNITURE_ZONE = 0.1
"""Share of the page height at the top and at the bottom where headers and footers live."""
FURNITURE_MIN_PAGES = 2
FURNITURE_ALWAYS_PAGES = 3
"""Margin text repeated on this many pages is furniture even in a long document."""

CONTINUED_TABLE_MIN_BOTTOM = 0.5
CONTINUED_TABLE_MAX_TOP = 0.35
"""A table continues on the next page when it ends below half of one page and the
next starts in the top third of the next page (with nothing else in between)."""
COLUMN_TOLERANCE = 4.0

BULLET = LEADING_MARKER
"""Bullet glyphs (printed, Symbol/Wingdings private-use, ``(cid:N)``) and typed markers;
the vocabulary, with ``NUMBER_MARKER``, is ``extractors.vocab_markers``'s."""
DASH_BULLET = re.compile(r"^[-–—]\s")
PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$"
    r"|^\d{1,4}\s*\|\s*p\s*a\s*g\s*e$|^page\s*\|\s*\d{1,4}$",
    re.IGNORECASE,
)
FIGURE = re.compile(r"^[-–+(]?[£$€]?\d[\d,.]*%?\)?$")
"""A word that is a figure: ``12``, ``-3.5``, ``£1,200``, ``45%``, ``(7)``."""
LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)[-\u2010]$")
WORD_START = re.compile(r"[^\W\d_]+")
INFLECTIONS = ("s", "es", "ed", "d", "ing", "ly")


def read(
    path: Path,
    source_path: str,
    doc_id: str,
    engine: str | None = None,
    max_pages: int | None = None,
) -> Document:
    """Read the PDF at ``path`` into a ``Document`` with ``engine`` (one of ``ENGINES``;
    ``DEFAULT_ENGINE`` when None).

    Raises ``ParseError`` ``encrypted`` (password-protected), ``corrupt`` (the engine
    cannot parse the bytes), ``no_text_layer`` (no page has any text) or ``too_large``
    (more than ``max_pages`` pages in its page tree, whatever its ``/Count`` says).
    """
    engine = engine or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "playa":
        properties, layouts = _read_layouts_engine(path, max_pages, "playa")
    elif engine == "pdfium":
        properties, layouts = _read_layouts_engine(path, max_pages, "pdfium")
    else:
        properties, layouts = _read_layouts_pdfplumber(path, max_pages)

    if not layouts:
        raise ParseError("corrupt", detail="the PDF has no pages", file_type=FILE_TYPE_LABEL)
    if not any(layout.n_chars for layout in layouts):
        raise ParseError("no_text_layer", file_type=FILE_TYPE_LABEL)
    return _layouts_to_document(layouts, properties, source_path, doc_id)


def read_pages(pages: Iterable[Any], source_path: str, doc_id: str) -> Document:
    """Pages of words and ruling from another engine (OCR) → a ``Document``, by the same
    layout steps as ``read``. Each page duck-types what the layout layer reads of a
    pdfplumber page (``page_number``, ``width``, ``height``, ``extract_words``,
    ``find_tables``, ``lines``, ``rects``, ``curves``, ``edges``); see ``ocr.OcrPage``."""
    layouts = [_page_to_layout(page) for page in pages]
    return _layouts_to_document(layouts, {}, source_path, doc_id)


def _layouts_to_document(
    layouts: list[_PageLayout], properties: dict[str, str], source_path: str, doc_id: str
) -> Document:
    _drop_page_furniture(layouts)
    # line spacing is judged per document, text and table cells apart: a page of
    # one-line paragraphs alone would mistake its paragraph spacing for line spacing
    text_pitch = _typical_pitch([r for layout in layouts for r in layout.text_pitches])
    cell_pitch = _typical_pitch([r for layout in layouts for r in layout.cell_pitches])
    for layout in layouts:
        for segment in layout.tables:
            _fill_cell_texts(segment, cell_pitch)
    document_body_size = _body_size(sum((layout.sizes for layout in layouts), Counter()))
    headings: list[tuple[Block, float]] = []
    pages = []
    for layout in layouts:
        body_size = (
            _body_size(layout.sizes) if layout.n_chars >= SMALL_PAGE_CHARS else document_body_size
        )
        blocks = _layout_to_blocks(layout, body_size, text_pitch, headings)
        pages.append(Page(layout.number, layout.width, layout.height, blocks))
    _set_heading_levels(headings)
    _join_paragraphs_across_pages(pages)
    _join_tables_across_pages(pages, {id(s.block): s for lay in layouts for s in lay.tables})

    return Document(
        source_path=source_path,
        file_type="pdf",
        doc_id=doc_id,
        pages=pages,
        n_pages=len(pages),
        properties=properties,
    )


# --- engines: a file → per-page objects (chars, rects, lines, curves) → page layouts ---


def _check_pages_read(n_read: int, max_pages: int | None) -> None:
    """A page tree longer than the limit: its ``/Count`` understated it to the page check."""
    if max_pages is not None and n_read > max_pages:
        raise ParseError(
            "too_large",
            detail=f"The PDF has more than {max_pages} pages (its page count understates "
            "them); raise --max-pages or split it.",
        )


def _read_layouts_pdfplumber(
    path: Path, max_pages: int | None = None
) -> tuple[dict[str, str], list[_PageLayout]]:
    try:
        with pdfplumber.open(path) as pdf:
            properties = _properties(pdf.metadata)
            layouts = []
            for page in pdf.pages:
                _check_pages_read(len(layouts) + 1, max_pages)
                layouts.append(_page_to_layout(page))
                page.close()  # drops the page's cached objects: memory stays flat
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFEncryptionError):
            raise ParseError("encrypted", file_type=FILE_TYPE_LABEL) from exc
        raise ParseError("corrupt", detail=_describe(cause), file_type=FILE_TYPE_LABEL) from exc
    except (PSException, MalformedPDFException) as exc:
        raise ParseError("corrupt", detail=_describe(exc), file_type=FILE_TYPE_LABEL) from exc
    return properties, layouts


def _read_layouts_engine(
    path: Path, max_pages: int | None = None, engine: str = "playa"
) -> tuple[dict[str, str], list[_PageLayout]]:
    """Pages read by ``pdf_playa`` or ``pdf_pdfium`` (the same ``EngineDocument`` interface)."""
    from extractors.readers.pdf_playa import EngineError

    if engine == "pdfium":
        from extractors.readers.pdf_pdfium import EngineDocument
    else:
        from extractors.readers.pdf_playa import EngineDocument  # type: ignore[assignment]

    try:
        with EngineDocument(path) as pdf:
            properties = _properties(pdf.metadata)
            layouts = []
            for page in pdf.pages:
                _check_pages_read(len(layouts) + 1, max_pages)
                layouts.append(_page_to_layout(page))  # type: ignore[arg-type]
                page.close()
    except EngineError as exc:
        if exc.encrypted:
            raise ParseError("encrypted", file_type=FILE_TYPE_LABEL) from exc
        raise ParseError("corrupt", detail=_describe(exc.cause), file_type=FILE_TYPE_LABEL) from exc
    return properties, layouts


# --- intermediate objects -------------------------------------------------------------


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool


@dataclass(slots=True)
class _TableSegment:
    """One table as found on one page, with the geometry needed to join it to the next."""

    block: Block
    columns: list[float]
    top: float
    bottom: float
    page_height: float
    pending_text: list[tuple[Cell, list[_Line]]]
    """Cells whose text is joined from their lines once the document's line pitch is known."""


@dataclass(slots=True)
class _PageLayout:
    number: int
    width: float
    height: float
    lines: list[_Line]
    tables: list[_TableSegment]
    text_pitches: list[float]
    cell_pitches: list[float]
    """Line pitch over font size between consecutive lines, outside tables and in cells."""
    sizes: Counter[float]
    """Font size → number of characters, for the body size."""
    n_chars: int


@dataclass(slots=True)
class _Group:
    """Lines on their way to becoming one block."""

    lines: list[_Line]
    marker: str | None
    """``"bullet"`` or ``"number"`` when the first line starts a list item."""
    marker_x0: float
    """Where the first line (and its list marker) starts."""
    text: str = ""


# --- per page ----------------------------------------------------------------------


def _page_to_layout(page: PlumberPage) -> _PageLayout:
    words = _page_to_words(page)
    settings = TABLE_SETTINGS
    if page.lines or page.rects:
        settings = {**TABLE_SETTINGS, "explicit_horizontal_lines": _open_table_ends(page.edges)}
    found = page.find_tables(settings)
    tables = [t for t in found if len(t.cells) >= MIN_TABLE_CELLS]
    table_boxes = [t.bbox for t in tables]
    words_by_table: list[list[_Word]] = [[] for _ in tables]
    text_words: list[_Word] = []
    for word in words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        for i, (x0, top, x1, bottom) in enumerate(table_boxes):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                words_by_table[i].append(word)
                break
        else:
            text_words.append(word)

    cell_boxes: list[list[tuple[float, float, float, float]]] = []
    kept_words: list[list[_Word]] = []
    parts = [
        part
        for table, table_words in zip(tables, words_by_table, strict=True)
        for part in _disjoint_parts(table.cells, table_words)
    ]
    visible: list[dict[str, Any]] | None = None
    objects: list[tuple[float, float, float, float]] | None = None
    for cells, table_words in parts:
        if not table_words:
            continue  # a grid with no word in it (a chart's gridlines, an empty form)
        if len(cells) < MIN_TABLE_CELLS:
            text_words.extend(table_words)  # a single box beside a grid (a framed chart)
            continue
        if not _words_in_cells(cells, table_words) or _is_bar_of_figures(cells, table_words):
            text_words.extend(table_words)  # bars labelled beside their ends, or inside
            continue
        objects = drawn_objects(page) if objects is None else objects
        if _is_chart_grid(cells, table_words, objects) or _is_flowchart_row(
            cells, table_words, objects
        ):
            text_words.extend(table_words)  # a chart in a frame, a flowchart's boxes
            continue
        if _one_line_cells(cells, table_words):
            visible = [e for e in page.edges if _is_visible(e)] if visible is None else visible
            if not _is_ruled_by(cells, visible):
                text_words.extend(table_words)  # white boxes behind lines of text
                continue
        if _is_frame(page, cells, table_words) or _continues_outside(
            cells, table_words, text_words
        ):
            # a box around a table laid out by alignment, or around some cells of one:
            # read what is inside with the words around it
            text_words.extend(table_words)
            continue
        cell_boxes.append(_split_spanning_cells(cells, table_words))
        kept_words.append(table_words)
    words_by_table = kept_words
    text_tables = _text_tables(page, text_words)
    if text_tables:
        in_text_table = {id(w) for t in text_tables for w in t.words}
        text_words = [w for w in text_words if id(w) not in in_text_table]
        cell_boxes += [t.cells for t in text_tables]
        words_by_table += [t.words for t in text_tables]
    lines = _words_to_lines(text_words)
    fills = _filled_rects(page) if cell_boxes else []
    grids = [_table_to_grid(c, ws) for c, ws in zip(cell_boxes, words_by_table, strict=True)]
    if grids and page.curves:
        _mark_arrows(page.curves, grids)
    segments = [
        _grid_to_segment(grid, fills, page.page_number, float(page.height)) for grid in grids
    ]
    sizes: Counter[float] = Counter()
    for word in words:
        sizes[word.size] += len(word.text)
    return _PageLayout(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        lines=lines,
        tables=segments,
        text_pitches=_pitch_samples([lines]),
        cell_pitches=_pitch_samples(ls for grid in grids for ls in grid.cell_lines),
        sizes=sizes,
        n_chars=sum(sizes.values()),
    )


def _disjoint_parts(
    cells: list[tuple[float, float, float, float]], words: list[_Word]
) -> list[tuple[list[tuple[float, float, float, float]], list[_Word]]]:
    """A ruled "table" cut where a band of its columns has no cell in any row, or only a few
    tall empty ones (``_is_gap``): grids (or a grid and a framed chart) drawn side by side
    whose rules line up, which pdfplumber returns as one table, the gap between them
    closed only by rules across their ends. Parts of fewer than ``MIN_TABLE_CELLS`` cells
    come out too: their words are read as text."""
    xs = _snap(v for c in cells for v in (c[0], c[2]))
    n_rows = len(_snap(v for c in cells for v in (c[1], c[3]))) - 1
    cuts = []
    for a, b in pairwise(xs):
        covering = [c for c in cells if c[0] <= a + GRID_SNAP and c[2] >= b - GRID_SNAP]
        if not covering or _is_gap(covering, a, b, n_rows, words):
            cuts.append((a + b) / 2)
    if not cuts:
        return [(cells, words)]
    bounds = [-math.inf, *cuts, math.inf]
    out = []
    for lo, hi in pairwise(bounds):
        part = [c for c in cells if lo < (c[0] + c[2]) / 2 < hi]
        part_words = [w for w in words if lo < (w.x0 + w.x1) / 2 < hi]
        if part or part_words:
            out.append((part, part_words))
    return out


def _is_gap(
    covering: list[tuple[float, float, float, float]],
    a: float,
    b: float,
    n_rows: int,
    words: list[_Word],
) -> bool:
    """Whether the cells ``covering`` the band ``a..b`` of a grid of ``n_rows`` rows are a
    gap between grids: none wider than the band or holding a word, and tall (at most one
    per two rows; an empty column of a table has a cell in every row)."""
    return (
        len(covering) * 2 <= n_rows
        and all(abs(c[0] - a) <= GRID_SNAP and abs(c[2] - b) <= GRID_SNAP for c in covering)
        and not any(_centre_in(w, c) for w in words for c in covering)
    )


def _words_in_cells(cells: list[tuple[float, float, float, float]], words: list[_Word]) -> bool:
    """Whether some word lies in a drawn cell of the grid, not only in the gaps of it
    (which ``_table_to_grid`` fills): bars drawn in steps, labelled beside their ends."""
    return any(_centre_in(w, c) for w in words for c in cells)


def _is_bar_of_figures(cells: list[tuple[float, float, float, float]], words: list[_Word]) -> bool:
    """Whether a ruled grid is one column of cells holding figures only, no label: the
    segments of a stacked bar, each labelled with its value. A table has labels."""
    if len(_snap(v for c in cells for v in (c[0], c[2]))) > 2:
        return False
    return all(FIGURE.match(w.text) for w in words)


def _is_flowchart_row(
    cells: list[tuple[float, float, float, float]],
    words: list[_Word],
    objects: list[tuple[float, float, float, float]],
) -> bool:
    """Whether a one-row grid is boxes joined by arrows: every empty cell, between boxes
    with words, holds a drawn connector clear of its sides and across half its width (an
    arrow's shaft; a dot or a tick is narrower). An empty gap between two boxes side by
    side keeps them a table row."""
    if len(_snap(v for c in cells for v in (c[1], c[3]))) > 2:
        return False
    empty = [c for c in cells if not any(_centre_in(w, c) for w in words)]
    if not empty or len(empty) == len(cells):
        return False
    return all(
        any(
            c[0] + GRID_SNAP < (o[0] + o[2]) / 2 < c[2] - GRID_SNAP
            and c[1] + GRID_SNAP < (o[1] + o[3]) / 2 < c[3] - GRID_SNAP
            and o[2] - o[0] >= CONNECTOR_SHARE * (c[2] - c[0])
            # a shaft is thin: the cell's own shading or border (a colour key's swatch
            # cell) fills its height
            and o[3] - o[1] <= CONNECTOR_SHARE * (c[3] - c[1])
            for o in objects
        )
        for c in empty
    )


def _is_chart_grid(
    cells: list[tuple[float, float, float, float]],
    words: list[_Word],
    objects: list[tuple[float, float, float, float]],
) -> bool:
    """Whether a ruled grid is a chart: its words (axis labels, a legend) cover little of it
    among marks that are not its ruling (``pdf_tables.is_sparse_chart``)."""
    xs = _snap(v for c in cells for v in (c[0], c[2]))
    ys = _snap(v for c in cells for v in (c[1], c[3]))
    return is_sparse_chart((xs[0], ys[0], xs[-1], ys[-1]), objects, words, xs, ys)


def _continues_outside(
    cells: list[tuple[float, float, float, float]], words: list[_Word], outside: list[_Word]
) -> bool:
    """Whether most lines of a ruled grid go on beyond it, close by on the same baseline:
    rules drawn around some cells of a table laid out by alignment, not a table."""
    x0 = min(c[0] for c in cells)
    x1 = max(c[2] for c in cells)
    top = min(c[1] for c in cells)
    bottom = max(c[3] for c in cells)
    widest = OUTSIDE_REACH * max(w.size for w in words)
    outside = [
        w
        for w in outside
        if w.bottom >= top
        and w.top <= bottom
        and (x0 - widest <= w.x1 <= x0 or x1 <= w.x0 <= x1 + widest)
    ]
    if not outside:
        return False
    lines = _words_to_lines(words)
    continued = 0
    for line in lines:
        reach = OUTSIDE_REACH * line.size
        if any(
            min(w.bottom, line.bottom) - max(w.top, line.top) > 0.5 * (w.bottom - w.top)
            and (x0 - reach <= w.x1 <= x0 or x1 <= w.x0 <= x1 + reach)
            for w in outside
        ):
            continued += 1
    return continued * 2 > len(lines)


def _is_frame(
    page: PlumberPage, cells: list[tuple[float, float, float, float]], words: list[_Word]
) -> bool:
    """Whether a ruled "table" of one column is a frame around a table laid out by text
    alignment (a box around a borderless table, rules between its header and body only).
    Other one-column grids (boxed paragraphs) stay tables: finders read boxed text."""
    if len(_snap(v for c in cells for v in (c[0], c[2]))) > 2:
        return False
    return bool(_text_tables(page, words))


def _split_spanning_cells(
    cells: list[tuple[float, float, float, float]], words: list[_Word]
) -> list[tuple[float, float, float, float]]:
    """Cells that span grid columns but hold words in two of them or more, with no word
    across a column rule and a clear gap at each, split at the rules: rows whose column
    rules were not drawn (ruling only around the table, or only in its header)."""
    xs = _snap(v for c in cells for v in (c[0], c[2]))
    out = []
    for cell in cells:
        inner = [x for x in xs if cell[0] + GRID_SNAP < x < cell[2] - GRID_SNAP]
        inside = [w for w in words if _centre_in(w, cell)] if inner else []
        if inside and _words_fit_columns(inside, inner):
            edges = [cell[0], *inner, cell[2]]
            out.extend((a, cell[1], b, cell[3]) for a, b in pairwise(edges))
        else:
            out.append(cell)
    return out


def _centre_in(word: _Word, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _words_fit_columns(words: list[_Word], rules: list[float]) -> bool:
    """Words fall in two columns or more, none across a rule or within
    ``SPLIT_CLEARANCE`` font sizes of one."""
    slots = set()
    for word in words:
        clearance = SPLIT_CLEARANCE * word.size
        if any(word.x0 - clearance < x < word.x1 + clearance for x in rules):
            return False
        slots.add(bisect_right(rules, word.x0))
    return len(slots) >= 2


def _text_tables(page: PlumberPage, words: list[_Word]) -> list[TextTable]:
    """Tables laid out by text alignment among the words outside ruled tables."""
    if len(words) < TEXT_TABLE_MIN_WORDS:
        return []
    rules = horizontal_rules(page.edges, TEXT_TABLE_RULE_MIN_WIDTH)
    return find_text_tables(words, rules, drawn_shapes(page), drawn_objects(page))


def _one_line_cells(cells: list[tuple[float, float, float, float]], words: list[_Word]) -> bool:
    """Whether no cell of the grid holds two lines of text."""
    centres = [((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2, w) for w in words]
    for x0, top, x1, bottom in cells:
        inside = [w for cx, cy, w in centres if x0 <= cx <= x1 and top <= cy <= bottom]
        if len(inside) > 1 and _line_count(inside) > 1:
            return False
    return True


def _line_count(words: list[_Word]) -> int:
    """How many lines ``_words_to_lines`` makes of ``words`` (without making them)."""
    count = 0
    line_bottom = -math.inf
    for word in sorted(words, key=_top_x0):
        height = max(word.bottom - word.top, 0.1)
        if count and min(word.bottom, line_bottom) - word.top >= 0.5 * height:
            line_bottom = max(line_bottom, word.bottom)
        else:
            count += 1
            line_bottom = word.bottom
    return count


def _top_x0(word: _Word) -> tuple[float, float]:
    return (word.top, word.x0)


def _is_ruled_by(
    cells: list[tuple[float, float, float, float]], edges: list[dict[str, Any]]
) -> bool:
    """Whether some of ``edges`` rule the grid: lie on one of its cell sides."""
    sides = {(round(c[1]), "h") for c in cells} | {(round(c[3]), "h") for c in cells}
    sides |= {(round(c[0]), "v") for c in cells} | {(round(c[2]), "v") for c in cells}
    x0 = min(c[0] for c in cells) - GRID_SNAP
    x1 = max(c[2] for c in cells) + GRID_SNAP
    top = min(c[1] for c in cells) - GRID_SNAP
    bottom = max(c[3] for c in cells) + GRID_SNAP
    for e in edges:
        if e["x0"] < x0 or e["x1"] > x1 or e["top"] < top or e["bottom"] > bottom:
            continue
        at = e["top"] if e["orientation"] == "h" else e["x0"]
        if any((round(at) + d, e["orientation"]) in sides for d in (-1, 0, 1)):
            return True
    return False


def _is_visible(edge: dict[str, Any]) -> bool:
    """Whether a ruling edge shows on the page: drawn (stroked or filled) in a colour that
    is not white. A white box behind a line of text, or an unpainted path, is no rule.
    A grid of one-line cells ruled only by such edges is read as text."""
    if edge.get("object_type") not in ("rect_edge", "line_edge", "curve_edge"):
        return True
    painted = []
    if edge.get("stroke", True):
        painted.append(edge.get("stroking_color"))
    if edge.get("fill"):
        painted.append(edge.get("non_stroking_color"))
    return any(not _is_white(colour) for colour in painted)


def _is_white(colour: Any) -> bool:
    """A colour that reads as white (``colour_to_rgb`` gives None for white but also for
    patterns and unknown spaces, which may well show)."""
    if isinstance(colour, int | float):
        colour = (colour,)
    if not isinstance(colour, tuple | list) or not colour:
        return False
    return colour_to_rgb(colour) is None and all(isinstance(v, int | float) for v in colour)


def _open_table_ends(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal lines closing tables that a page break left open.

    Where a table (or a row) runs onto the next page, exporters often draw no rule at
    the foot of the first part or the head of the second, and pdfplumber finds no
    cells in an unclosed row (a known limitation; its advice is explicit lines). Column
    rules that end together with no horizontal rule across their ends get one.
    """
    verticals = [
        e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= MIN_COLUMN_RULE
    ]
    if len(verticals) < 2:
        return []
    horizontals = [e for e in edges if e["orientation"] == "h"]
    closing = []
    for end in ("top", "bottom"):
        for group in _cluster(verticals, end):
            x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
            y = group[0][end]
            if len(group) < 2 or x1 - x0 < MIN_CLOSED_WIDTH:
                continue
            closed = any(
                abs(h["top"] - y) <= GRID_SNAP
                and h["x0"] <= x0 + GRID_SNAP
                and h["x1"] >= x1 - GRID_SNAP
                for h in horizontals
            )
            if not closed:
                closing.append(
                    {
                        "object_type": "line_edge",
                        "orientation": "h",
                        "x0": x0,
                        "x1": x1,
                        "width": x1 - x0,
                        "top": y,
                        "bottom": y,
                        "height": 0,
                    }
                )
    return closing


def _cluster(edges: list[dict[str, Any]], key: str) -> list[list[dict[str, Any]]]:
    """Edges whose ``key`` coordinate lies within ``GRID_SNAP`` of the previous one's."""
    groups: list[list[dict[str, Any]]] = []
    for edge in sorted(edges, key=lambda e: e[key]):
        if groups and edge[key] - groups[-1][-1][key] <= GRID_SNAP:
            groups[-1].append(edge)
        else:
            groups.append([edge])
    return groups


_WORD_FIELDS = itemgetter("text", "x0", "top", "x1", "bottom", "fontname", "size")
_WORD_TUPLE_FIELDS = itemgetter(0, 1, 2, 3, 4, 6, 7)  # the same of a ``word_tuples`` tuple


def _page_to_words(page: PlumberPage) -> list[_Word]:
    words = []
    append = words.append
    # a page has a handful of fonts and sizes and thousands of words
    bold_fonts: dict[object, bool] = {}
    sizes: dict[object, float] = {}
    # the PDFium engine gives its words as tuples; the others as pdfplumber's dicts
    word_tuples = getattr(page, "word_tuples", None)
    found = (
        map(_WORD_TUPLE_FIELDS, word_tuples())
        if word_tuples is not None
        else map(_WORD_FIELDS, page.extract_words(extra_attrs=["fontname", "size"]))
    )
    for raw_text, x0, top, x1, bottom, fontname, raw_size in found:
        text = raw_text.strip()
        if not text:
            continue
        bold = bold_fonts.get(fontname)
        if bold is None:
            bold = bold_fonts[fontname] = bool(BOLD_FONT_NAME.search(_font_name(fontname)))
        size = sizes.get(raw_size)
        if size is None:
            size = sizes[raw_size] = round(float(raw_size), 1)
        append(_Word(text, float(x0), float(top), float(x1), float(bottom), size, bold))
    return words


def _font_name(value: object) -> str:
    """A font name as text; a damaged file can give a keyword or nothing (then ``""``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    name = getattr(value, "name", None)  # a PDF name object (PSLiteral)
    return name if isinstance(name, str) else ""


def _words_to_lines(words: Iterable[_Word]) -> list[_Line]:
    """Group words whose vertical extents overlap by half into lines, top to bottom."""
    groups: list[list[_Word]] = []
    line_bottom = -math.inf
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        height = max(word.bottom - word.top, 0.1)
        if groups and min(word.bottom, line_bottom) - word.top >= 0.5 * height:
            groups[-1].append(word)
            line_bottom = max(line_bottom, word.bottom)
        else:
            groups.append([word])
            line_bottom = word.bottom
    return [_words_to_line(group) for group in groups]


def _words_to_line(words: list[_Word]) -> _Line:
    words.sort(key=_word_x0)
    first = words[0]
    if len(words) == 1:
        return _Line(
            text=first.text,
            x0=first.x0,
            top=first.top,
            x1=first.x1,
            bottom=first.bottom,
            size=first.size,
            bold=first.bold and any(ch.isalnum() for ch in first.text),
        )
    parts = [first.text]
    previous = first
    sizes: dict[float, int] = {}
    top, x1, bottom = first.top, first.x1, first.bottom
    bold = True
    lettered = False
    for word in words:
        if word is not first:
            gap = word.x0 - previous.x1
            # words split only by a font change (a bold prefix) touch; real words have a gap
            parts.append(" " + word.text if gap > WORD_GAP_RATIO * word.size else word.text)
            previous = word
            if word.top < top:
                top = word.top
            if word.x1 > x1:
                x1 = word.x1
            if word.bottom > bottom:
                bottom = word.bottom
        sizes[word.size] = sizes.get(word.size, 0) + len(word.text)
        if bold and any(ch.isalnum() for ch in word.text):
            lettered = True
            bold = word.bold
    return _Line(
        text="".join(parts),
        x0=first.x0,
        top=top,
        x1=x1,
        bottom=bottom,
        # the size of most characters; of equal counts, the size seen first (Counter's)
        size=max(sizes, key=sizes.__getitem__),
        bold=lettered and bold,
    )


_word_x0 = attrgetter("x0")


def _pitch_samples(line_runs: Iterable[Sequence[_Line]]) -> list[float]:
    """Baseline distance over font size between consecutive lines of the same size."""
    ratios = []
    for lines in line_runs:
        for above, below in pairwise(lines):
            if abs(above.size - below.size) <= SIZE_TOLERANCE and above.size > 0:
                ratio = (below.bottom - above.bottom) / above.size
                if 0.9 <= ratio <= 3.0:
                    ratios.append(ratio)
    return ratios


def _typical_pitch(ratios: list[float]) -> float:
    """The usual line pitch: the lower quartile, so that paragraph spacing does not count."""
    if len(ratios) < 3:
        return DEFAULT_PITCH_RATIO
    ratios.sort()
    return ratios[len(ratios) // 4]


def _is_paragraph_gap(above: _Line, below: _Line, pitch_ratio: float) -> bool:
    size = max(above.size, below.size, 0.1)
    return (below.bottom - above.bottom) / size > pitch_ratio * PARAGRAPH_GAP_FACTOR


def _join_line_texts(left: str, right: str) -> str:
    """Join two wrapped lines, repairing a word hyphenated at the line end."""
    if not left:
        return right
    if left.endswith("\u00ad"):  # a soft hyphen is only ever there to break a word
        return left[:-1] + right
    # the pattern ends in a hyphen: without one the search (slow on a long paragraph) is moot
    head = LINE_END_HYPHEN.search(left) if left.rstrip("\n").endswith(("-", "\u2010")) else None
    if head:
        tail = WORD_START.match(right)
        if tail and right[:1].islower() and _is_hyphenation(head.group(1), tail.group()):
            return left[:-1] + right
        return left + right  # a compound broken after its hyphen: "multi-" + "agency"
    return left + " " + right


def _is_hyphenation(head: str, tail: str) -> bool:
    """Whether ``head-`` + ``tail`` is one word split by hyphenation, not a compound.

    Word breaks lines after the hyphen of compounds ("multi-agency", "follow-up") far
    more often than it hyphenates (automatic hyphenation is off by default), so the
    hyphen is dropped only when the joined word is English and the halves are not
    both words themselves: "inde" + "pendent" joins, "follow" + "up" does not.
    """
    words = _english_words()
    if not _is_word(f"{head}{tail}".lower(), words):
        return False
    return not (_is_word(head.lower(), words) and _is_word(tail.lower(), words))


def _is_word(word: str, words: frozenset[str]) -> bool:
    if word in words:
        return True
    return any(word.endswith(suffix) and word[: -len(suffix)] in words for suffix in INFLECTIONS)


@cache
def _english_words() -> frozenset[str]:
    """English word forms from spaCy's lemma tables (spacy-lookups-data, a dependency).

    Loaded on the first line-end hyphen, about 120,000 forms in some 50 ms. Without the
    tables every line-end hyphen is kept, which never damages a compound.
    """
    words: set[str] = set()
    try:
        for lemmas in read_table("lemma_index").values():  # part of speech → lemmas
            words.update(lemmas)
        lookup = lemma_lookup()  # form → lemma (the rules' lemmatizer's copy)
        words.update(lookup.keys())
        words.update(lookup.values())
    except (ModuleNotFoundError, OSError, ValueError) as exc:
        logger.warning("English word list unavailable (%s); line-end hyphens are kept", exc)
        return frozenset()
    return frozenset(map(str.lower, words))


# --- tables --------------------------------------------------------------------------


@dataclass(slots=True)
class _GridCell:
    x0: float
    top: float
    x1: float
    bottom: float
    r0: int
    r1: int
    c0: int
    c1: int
    words: list[_Word] = field(default_factory=list)
    arrow: str | None = None
    mark: RGB | None = None


@dataclass(slots=True)
class _Grid:
    xs: list[float]
    ys: list[float]
    cells: list[_GridCell]
    owner: dict[tuple[int, int], int]
    """Grid position (row, column) → index of the cell covering it."""
    cell_lines: list[list[_Line]]


def _snap(values: Iterable[float]) -> list[float]:
    snapped: list[float] = []
    for value in sorted(values):
        if not snapped or value - snapped[-1] > GRID_SNAP:
            snapped.append(value)
    return snapped


def _nearest(grid: list[float], value: float) -> int:
    i = bisect_right(grid, value)
    if i == 0:
        return 0
    if i == len(grid) or value - grid[i - 1] <= grid[i] - value:
        return i - 1
    return i


def _table_to_grid(boxes: list[tuple[float, float, float, float]], words: list[_Word]) -> _Grid:
    xs = _snap(v for b in boxes for v in (b[0], b[2]))
    ys = _snap(v for b in boxes for v in (b[1], b[3]))
    cells: list[_GridCell] = []
    owner: dict[tuple[int, int], int] = {}
    for x0, top, x1, bottom in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = _nearest(xs, x0), max(_nearest(xs, x1), _nearest(xs, x0) + 1)
        r0, r1 = _nearest(ys, top), max(_nearest(ys, bottom), _nearest(ys, top) + 1)
        cells.append(_GridCell(x0, top, x1, bottom, r0, r1, c0, c1))
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), len(cells) - 1)
    # pdfplumber leaves a hole where a border is missing; give it a cell so no text is lost
    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            if (r, c) not in owner:
                cells.append(_GridCell(xs[c], ys[r], xs[c + 1], ys[r + 1], r, r + 1, c, c + 1))
                owner[(r, c)] = len(cells) - 1
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    for word in words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        row = min(max(bisect_right(ys, cy) - 1, 0), n_rows - 1)
        col = min(max(bisect_right(xs, cx) - 1, 0), n_cols - 1)
        cells[owner[(row, col)]].words.append(word)
    return _Grid(xs, ys, cells, owner, [_words_to_lines(cell.words) for cell in cells])


ARROW_MIN_SIZE = 3.0
ARROW_MAX_SIZE = 30.0
"""A drawn shape whose sides lie between these (points) may be an arrow or a triangle."""
ARROW_MAX_SHAPES = 6
ARROW_EDGE_BAND = 0.1
"""Share of the shape's size, at each side, where its points are measured."""
ARROW_BASE_RATIO = 2.0
"""The base (or tail) side must be this many times wider than every other side."""


def _mark_arrows(curves: list[dict[str, Any]], grids: list[_Grid]) -> None:
    """Give each table cell holding a small drawn shape its direction (an arrow or a
    triangle) and its colour (a RAG dot, a coloured arrow).

    Directions of travel and RAG dots are often vector paths, not text. Only cells whose
    shapes are few and small count (a chart in a cell is neither).
    """
    by_cell: dict[int, list[dict[str, Any]]] = {}
    for curve in curves:
        cx, cy = (curve["x0"] + curve["x1"]) / 2, (curve["top"] + curve["bottom"]) / 2
        for grid in grids:
            cell = _cell_at(grid, cx, cy)
            if cell is not None:
                by_cell.setdefault(id(cell), []).append(curve)
                break
    cells = {id(c): c for grid in grids for c in grid.cells}
    for key, shapes in by_cell.items():
        points = [(float(x), float(y)) for shape in shapes for x, y in shape["pts"]]
        if len(shapes) > ARROW_MAX_SHAPES or not points:
            continue
        size = max(
            max(x for x, _ in points) - min(x for x, _ in points),
            max(y for _, y in points) - min(y for _, y in points),
        )
        if not ARROW_MIN_SIZE <= size <= ARROW_MAX_SIZE:
            continue
        cells[key].arrow = _points_to_arrow(points)
        filled = [shape for shape in shapes if shape.get("fill")]
        if filled:
            cells[key].mark = colour_to_rgb(filled[-1].get("non_stroking_color"))


def _cell_at(grid: _Grid, x: float, y: float) -> _GridCell | None:
    if not (grid.xs[0] <= x <= grid.xs[-1] and grid.ys[0] <= y <= grid.ys[-1]):
        return None
    row = min(max(bisect_right(grid.ys, y) - 1, 0), len(grid.ys) - 2)
    col = min(max(bisect_right(grid.xs, x) - 1, 0), len(grid.xs) - 2)
    return grid.cells[grid.owner[(row, col)]]


def _points_to_arrow(points: list[tuple[float, float]]) -> str | None:
    """Which way a shape points: away from its widest side (an arrow's tail, a triangle's
    base), when that side is plainly wider than the others; None for other shapes."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    width, height = x1 - x0, bottom - top
    if not (ARROW_MIN_SIZE <= max(width, height) <= ARROW_MAX_SIZE):
        return None
    band_x, band_y = max(width * ARROW_EDGE_BAND, 0.3), max(height * ARROW_EDGE_BAND, 0.3)

    def spread(values: list[float]) -> float:
        return max(values) - min(values) if values else 0.0

    sides = {  # side → how wide the shape is along that side; it points the other way
        "down": spread([x for x, y in points if y <= top + band_y]),
        "up": spread([x for x, y in points if y >= bottom - band_y]),
        "right": spread([y for x, y in points if x <= x0 + band_x]),
        "left": spread([y for x, y in points if x >= x1 - band_x]),
    }
    ranked = sorted(sides.items(), key=lambda kv: kv[1], reverse=True)
    (direction, base), (_, runner_up) = ranked[0], ranked[1]
    if base < ARROW_MIN_SIZE / 3 or base < ARROW_BASE_RATIO * runner_up:
        return None
    return direction


def _cell_text(lines: list[_Line], pitch_ratio: float) -> str:
    paragraphs: list[str] = []
    current = ""
    # A line that opens with a bullet glyph starts an item of a list typed in the cell; in a
    # list (two items or more) the glyph, whatever font it came in, is printed as "•". A lone
    # symbol-font glyph stays as printed: it may be data (a KPI's arrow), not a bullet.
    is_list = sum(starts_with_bullet(line.text) for line in lines) >= 2
    for i, line in enumerate(lines):
        opens_item = starts_with_bullet(line.text)
        if i and (opens_item or _is_paragraph_gap(lines[i - 1], line, pitch_ratio)):
            paragraphs.append(current)
            current = ""
        text = normalise_bullet(line.text) if is_list else line.text
        current = _join_line_texts(current, text)
    paragraphs.append(current)
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _grid_to_segment(
    grid: _Grid,
    fills: list[tuple[float, float, float, float, RGB | None]],
    page_number: int,
    page_height: float,
) -> _TableSegment:
    pending: list[tuple[Cell, list[_Line]]] = []
    cell_fills = [_fill_at(fills, (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2) for c in grid.cells]
    rows: list[Row] = []
    bold_rows: list[bool] = []
    for r in range(len(grid.ys) - 1):
        out: list[Cell] = []
        row_words: list[_Word] = []
        c = 0
        while c < len(grid.xs) - 1:
            index = grid.owner[(r, c)]
            cell = grid.cells[index]
            spans = {"col_span": cell.c1 - cell.c0, "row_span": cell.r1 - cell.r0}
            if cell.r0 == r:
                bbox = BBox(cell.x0, cell.top, cell.x1, cell.bottom)
                out.append(
                    Cell("", cell_fills[index], bbox, **spans, arrow=cell.arrow, mark=cell.mark)
                )
                pending.append((out[-1], grid.cell_lines[index]))
                row_words.extend(cell.words)
            else:
                out.append(Cell("", cell_fills[index], None, **spans, continued=True))
            # the columns a merged cell spans get placeholders: row.cells[i] is column i
            out.extend(
                Cell("", cell_fills[index], continued=True) for _ in range(cell.c0 + 1, cell.c1)
            )
            c = cell.c1
        rows.append(Row(cells=out, page=page_number))
        lettered = [w for w in row_words if any(ch.isalnum() for ch in w.text)]
        bold_rows.append(bool(lettered) and all(w.bold for w in lettered))
    # leading bold rows are headers, unless the whole table is bold (then bold means nothing)
    if not all(bold_rows):
        for row, bold in zip(rows, bold_rows, strict=True):
            if not bold:
                break
            row.is_header = True
    x0, top, x1, bottom = grid.xs[0], grid.ys[0], grid.xs[-1], grid.ys[-1]
    block = Block(kind="table", page=page_number, bbox=BBox(x0, top, x1, bottom), rows=rows)
    return _TableSegment(block, grid.xs, top, bottom, page_height, pending)


def _fill_cell_texts(segment: _TableSegment, pitch_ratio: float) -> None:
    for cell, lines in segment.pending_text:
        cell.text = _cell_text(lines, pitch_ratio)
    segment.pending_text = []


def _filled_rects(page: PlumberPage) -> list[tuple[float, float, float, float, RGB | None]]:
    """Filled rectangles big enough to be shading, in drawing order, with their colour."""
    out = []
    for rect in page.rects:
        if not rect.get("fill"):
            continue
        if rect["x1"] - rect["x0"] < MIN_FILL_SIZE or rect["bottom"] - rect["top"] < MIN_FILL_SIZE:
            continue
        colour = colour_to_rgb(rect.get("non_stroking_color"))
        out.append((rect["x0"], rect["top"], rect["x1"], rect["bottom"], colour))
    return out


def _fill_at(
    fills: list[tuple[float, float, float, float, RGB | None]], x: float, y: float
) -> RGB | None:
    found = None
    for x0, top, x1, bottom, colour in fills:  # the last one drawn is the one on top
        if x0 <= x <= x1 and top <= y <= bottom:
            found = colour
    return found


def colour_to_rgb(colour: Any) -> RGB | None:
    """A pdfplumber colour (gray, RGB or CMYK tuple) as RGB 0..1; white and patterns → None."""
    if isinstance(colour, int | float):
        colour = (colour,)
    if not isinstance(colour, tuple | list) or not all(isinstance(v, int | float) for v in colour):
        return None
    values = [min(max(float(v), 0.0), 1.0) for v in colour]
    if len(values) == 1:
        rgb = (values[0], values[0], values[0])
    elif len(values) == 3:
        rgb = (values[0], values[1], values[2])
    elif len(values) == 4:
        c, m, y, k = values
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return None
    if all(v >= WHITE_LEVEL for v in rgb):
        return None
    return (round(rgb[0], 4), round(rgb[1], 4), round(rgb[2], 4))


# --- across pages ------------------------------------------------------------------


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _margin_zone(line: _Line, height: float) -> str | None:
    if line.bottom <= height * FURNITURE_ZONE:
        return "top"
    if line.top >= height * (1 - FURNITURE_ZONE):
        return "bottom"
    return None


def _drop_page_furniture(layouts: list[_PageLayout]) -> None:
    """Remove running headers/footers (margin lines repeated on most pages) and page numbers."""
    seen_on: Counter[tuple[str, str]] = Counter()
    for layout in layouts:
        keys = set()
        for line in layout.lines:
            zone = _margin_zone(line, layout.height)
            if zone:
                keys.add((zone, _furniture_key(line.text)))
        seen_on.update(keys)
    needed = min(max(FURNITURE_MIN_PAGES, math.ceil(len(layouts) / 2)), FURNITURE_ALWAYS_PAGES)
    repeated = {key for key, count in seen_on.items() if count >= needed}
    for layout in layouts:
        kept = []
        for line in layout.lines:
            zone = _margin_zone(line, layout.height)
            if zone and (
                PAGE_NUMBER.match(line.text.strip())
                or (zone, _furniture_key(line.text)) in repeated
            ):
                continue
            kept.append(line)
        layout.lines = kept


def _body_size(sizes: Counter[float]) -> float:
    if not sizes:
        return 10.0
    return sizes.most_common(1)[0][0]


def _layout_to_blocks(
    layout: _PageLayout, body_size: float, pitch_ratio: float, headings: list[tuple[Block, float]]
) -> list[Block]:
    """Lines and tables of one page → blocks in reading order (top to bottom)."""
    body_lines = [ln for ln in layout.lines if abs(ln.size - body_size) <= SIZE_TOLERANCE]
    column = body_lines or layout.lines
    left = min((ln.x0 for ln in column), default=0.0)
    right = max((ln.x1 for ln in column), default=layout.width)
    short_line_end = left + SHORT_LINE_SHARE * (right - left)

    items: list[_Line | _TableSegment] = [*layout.lines, *layout.tables]
    items.sort(key=lambda item: item.top)
    blocks: list[Block] = []
    group: _Group | None = None

    def flush() -> None:
        if group is not None:
            blocks.append(_group_to_block(group, layout.number, body_size, headings))

    for item in items:
        if isinstance(item, _TableSegment):
            flush()
            group = None
            blocks.append(item.block)
            continue
        marker = _list_marker(item.text)
        # a spaced dash can open a wrapped line ("… as a whole" / "– agreed in May –")
        wrapped_dash = (
            marker == "bullet"
            and DASH_BULLET.match(item.text) is not None
            and group is not None
            and group.lines[-1].x1 >= short_line_end
        )
        if (
            group is not None
            and (marker is None or wrapped_dash)
            and _continues(group, item, pitch_ratio, short_line_end)
        ):
            group.lines.append(item)
            group.text = _join_line_texts(group.text, item.text)
            continue
        flush()
        text = BULLET.sub("", item.text) if marker == "bullet" else item.text
        group = _Group([item], marker, item.x0, text)
    flush()
    _set_list_levels(blocks)
    return blocks


def _list_marker(text: str) -> str | None:
    """``"bullet"`` or ``"number"`` when ``text`` starts with a list marker."""
    if BULLET.match(text):
        return "bullet"
    if NUMBER_MARKER.match(text):
        return "number"
    return None


def _continues(group: _Group, line: _Line, pitch_ratio: float, short_line_end: float) -> bool:
    """Whether ``line`` goes on the block ``group`` has started (no marker on ``line``)."""
    last = group.lines[-1]
    if abs(line.size - last.size) > SIZE_TOLERANCE or line.bold != last.bold:
        return False
    if _is_paragraph_gap(last, line, pitch_ratio):
        return False
    if group.marker and line.x0 < group.marker_x0 - LIST_INDENT_TOLERANCE:
        return False  # left of the item's marker: the list has ended
    # a line that stops well short of the right edge was not wrapped: what follows is new
    # (a heading under a heading, a paragraph typed with no space before it)
    return not (last.x1 < short_line_end and line.text[:1].isupper())


def _group_to_block(
    group: _Group, page: int, body_size: float, headings: list[tuple[Block, float]]
) -> Block:
    lines = group.lines
    bbox = BBox(
        min(ln.x0 for ln in lines),
        lines[0].top,
        max(ln.x1 for ln in lines),
        lines[-1].bottom,
    )
    size = lines[0].size
    bold = all(ln.bold for ln in lines)
    text = " ".join(group.text.split())
    is_large = size >= body_size * HEADING_SIZE_RATIO - 0.05 and any(c.isalpha() for c in text)
    is_short_bold = (
        bold
        and len(lines) <= SHORT_HEADING_MAX_LINES
        and len(text) <= SHORT_HEADING_MAX_CHARS
        and not text.endswith(".")
    )
    if group.marker == "bullet" or (group.marker == "number" and not (is_large or bold)):
        block = Block(kind="list_item", text=text, page=page, bbox=bbox, bold=bold)
        block.level = round(group.marker_x0)  # an indent for now; ranked in _set_list_levels
        return block
    if is_large or is_short_bold:
        block = Block(kind="heading", text=text, page=page, bbox=bbox, bold=bold)
        headings.append((block, size if is_large else 0.0))
        return block
    return Block(kind="paragraph", text=text, page=page, bbox=bbox, bold=bold)


def _set_list_levels(blocks: list[Block]) -> None:
    """Turn each list item's marker indent into a nesting level within its run of items."""
    run: list[Block] = []
    for block in [*blocks, None]:
        if block is not None and block.kind == "list_item":
            run.append(block)
            continue
        indents = _snap(float(b.level) for b in run)
        for item in run:
            item.level = min(range(len(indents)), key=lambda i, x=item.level: abs(indents[i] - x))
        run = []


def _set_heading_levels(headings: list[tuple[Block, float]]) -> None:
    """Level 1 for the largest heading font in the document, and so on; bold body text last."""
    sizes = sorted({round(size * 2) / 2 for _, size in headings if size}, reverse=True)
    rank = {size: i + 1 for i, size in enumerate(sizes)}
    for block, size in headings:
        block.level = rank[round(size * 2) / 2] if size else len(sizes) + 1


def _join_paragraphs_across_pages(pages: list[Page]) -> None:
    """Join a paragraph the page break cut mid-sentence into the block where it started.

    Only when plain: the new page opens with a paragraph starting in lower case, right
    after a paragraph or list item of the same weight. The block keeps the page and
    bbox of its start.
    """
    for before, after in pairwise(pages):
        if not (before.blocks and after.blocks):
            continue
        last, first = before.blocks[-1], after.blocks[0]
        if (
            last.kind in ("paragraph", "list_item")
            and first.kind == "paragraph"
            and first.text[:1].islower()
            and first.bold == last.bold
        ):
            last.text = _join_line_texts(last.text, first.text)
            after.blocks.pop(0)


def _join_tables_across_pages(pages: list[Page], segments: dict[int, _TableSegment]) -> None:
    """Join a table cut by a page break into the block where it started."""
    open_block: Block | None = None
    open_segment: _TableSegment | None = None
    for page in pages:
        first = page.blocks[0] if page.blocks else None
        if (
            open_block is not None
            and open_segment is not None
            and first is not None
            and first.is_table
            and _continues_table(open_segment, segments[id(first)])
        ):
            _append_rows(open_block, first.rows)
            page.blocks.pop(0)
            open_segment = segments[id(first)]
            if not page.blocks:
                continue  # the table fills this page and may go on to the next
        last = page.blocks[-1] if page.blocks else None
        if last is not None and last.is_table:
            open_block, open_segment = last, segments[id(last)]
        else:
            open_block = open_segment = None


def _continues_table(ended: _TableSegment, started: _TableSegment) -> bool:
    if started.block.page != (ended.block.page or 0) + 1:
        return False
    if ended.bottom < ended.page_height * CONTINUED_TABLE_MIN_BOTTOM:
        return False
    if started.top > started.page_height * CONTINUED_TABLE_MAX_TOP:
        return False
    if len(ended.columns) != len(started.columns):
        return False
    return all(
        abs(a - b) <= COLUMN_TOLERANCE for a, b in zip(ended.columns, started.columns, strict=True)
    )


def _normalised_texts(row: Row) -> list[str]:
    return [" ".join(text.split()).lower() for text in row.texts]


def _append_rows(table: Block, rows: list[Row]) -> None:
    """Append a continuation's rows, dropping header rows repeated from the table's start."""
    repeated = 0
    while (
        repeated < len(rows)
        and repeated < len(table.rows)
        and any(rows[repeated].texts)
        and _normalised_texts(rows[repeated]) == _normalised_texts(table.rows[repeated])
    ):
        table.rows[repeated].is_header = True
        repeated += 1
    rows = rows[repeated:]
    if rows and _is_split_row(table.rows[-1], rows[0]):
        for above, below in zip(table.rows[-1].cells, rows[0].cells, strict=True):
            above.text = _join_line_texts(above.text, below.text) if below.text else above.text
        rows = rows[1:]
    for row in rows:
        row.is_header = False
    table.rows.extend(rows)


def _is_split_row(above: Row, below: Row) -> bool:
    """Whether ``below`` is the rest of ``above``, cut by the page break (Word lets rows split).

    Only when it is plain: the cells line up and every non-empty cell below continues a
    non-empty cell above mid-sentence (starts with a lower-case letter). A row cut
    between paragraphs or before a number, or a real row under an empty first cell,
    is left alone.
    """
    if len(above.cells) != len(below.cells) or not any(below.texts):
        return False
    pairs = zip(above.texts, below.texts, strict=True)
    return all(a and b[:1].islower() for a, b in pairs if b)


# --- metadata and errors -------------------------------------------------------------


def _properties(metadata: dict[str, Any]) -> dict[str, str]:
    out = {}
    for key, value in metadata.items():
        if value is None:
            continue
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        if text.strip():
            out[str(key)] = text.strip()
    return out


def _describe(exc: BaseException) -> str:
    message = str(exc).strip()
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
