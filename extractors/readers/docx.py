"""DOCX → ``Document``: body paragraphs and tables in document order, via python-docx.

python-docx opens the package and gives the core properties and styles; the body is
walked as XML so paragraphs and tables interleave exactly as they do in the file and
big tables stay fast (python-docx's cell objects are slow on long tables).

Page numbers are estimates. A DOCX has no layout: Word decides where pages end when it
renders. What the file does record is every explicit break (``w:br w:type="page"``,
``pageBreakBefore``, a new-page section break) and, in files Word saved, a
``w:lastRenderedPageBreak`` wherever a page ended the last time Word laid the document
out. Counting both (an explicit break and the rendered break Word writes right after it
count once) gives each block and table row the page it was on in Word; a file written
by another tool only gets the pages its explicit breaks make. ``n_pages`` is the page
count Word stored in ``docProps/app.xml`` when that is higher than the breaks counted.

Section headers and footers are page furniture and are never read into the blocks.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.styles import BabelFish
from lxml import etree

from extractors.vocab_markers import (
    CANONICAL_BULLET,
    EMPHASIS_HEADING_LEVEL,
    is_item_title,
    normalise_bullet,
    starts_with_bullet,
    strip_bullet,
)
from pipeline.errors import ParseError
from pipeline.model import RGB, Block, BlockKind, Cell, Document, Page, Row, grid_cells

FILE_TYPE_LABEL = "DOCX"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
APP_PROPERTIES_PART = "/docProps/app.xml"
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
TWIPS_PER_POINT = 20.0
NESTED_CELL_SEPARATOR = " | "
"""Between the cells of a nested table row when it is flattened into its outer cell."""
MAX_NESTED_TABLE_DEPTH = 10
"""Tables nested deeper than this are flattened to their bare text in one go (no recursion)."""
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Start of an OLE2 compound file: a Word 97-2003 .doc, or an encrypted Office file."""
BODY_TEXT_OUTLINE_LEVEL = 9

_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_TRAILING_LEVEL = re.compile(r"\s([2-9])$")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_FALSE_VALUES = {"0", "false", "off", "none"}
_CONTINUOUS_SECTION_TYPES = {"continuous", "nextColumn"}
# Wrappers whose children are ordinary content (content controls, tracked insertions …).
_TRANSPARENT_WRAPPERS = {
    "sdtContent", "customXml", "ins", "moveTo", "smartTag", "fldSimple", "dir", "bdo",
}  # fmt: skip


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _val(element: etree._Element | None, attribute: str = "val") -> str | None:
    return None if element is None else element.get(_w(attribute))


def _on(element: etree._Element | None) -> bool | None:
    """A Word on/off property: absent → None, ``<w:b/>`` → True, ``w:val="0"`` → False."""
    if element is None:
        return None
    value = _val(element)
    return value is None or value.lower() not in _FALSE_VALUES


def _underlined(run_properties: etree._Element | None) -> bool | None:
    if run_properties is None:
        return None
    underline = run_properties.find(_w("u"))
    if underline is None:
        return None
    return (_val(underline) or "single").lower() not in _FALSE_VALUES


def read(path: Path, source_path: str, doc_id: str) -> Document:
    """Read the DOCX at ``path`` into a ``Document`` (pages estimated, see the module doc).

    Raises ``ParseError("corrupt")`` when the file is not a Word package and
    ``ParseError("no_text")`` when its body holds no text.
    """
    docx_document = _open(path)
    styles = _Styles(docx_document.styles.element)
    walker = _BodyWalker(styles, _sections(docx_document.element.body), _numbering(docx_document))
    walker.walk(docx_document.element.body)

    if not any(_has_text(block) for block in walker.blocks):
        raise ParseError("no_text", file_type=FILE_TYPE_LABEL)

    counted_pages = walker.pages.page
    stored_pages = _stored_page_count(docx_document)
    pages = []
    for number in range(1, counted_pages + 1):
        width, height = walker.pages.sizes.get(number, (None, None))
        pages.append(Page(number=number, width=width, height=height))
    for block in walker.blocks:
        pages[(block.page or 1) - 1].blocks.append(block)
    properties = _core_properties(docx_document)
    if header := _first_page_header(docx_document):
        properties["header"] = header
    return Document(
        source_path=source_path,
        file_type="docx",
        doc_id=doc_id,
        pages=pages,
        n_pages=max(counted_pages, stored_pages or 0),
        properties=properties,
        warnings=walker.warnings,
    )


def _open(path: Path) -> DocxDocument:
    with path.open("rb") as handle:
        if handle.read(len(OLE2_MAGIC)) == OLE2_MAGIC:
            raise ParseError(
                "corrupt",
                detail="it is a Word 97-2003 .doc or a password-protected file, not a .docx "
                "package; save it again from Word as .docx (without a password)",
                file_type=FILE_TYPE_LABEL,
            )
    try:
        return open_docx(str(path))
    except PackageNotFoundError as exc:
        raise _corrupt("it is not a zip package") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _corrupt(f"the zip package is damaged ({exc})") from exc
    except KeyError as exc:
        raise _corrupt(f"a required part is missing ({exc.args[0] if exc.args else exc})") from exc
    except etree.XMLSyntaxError as exc:
        raise _corrupt(f"a part is not well-formed XML ({exc})") from exc
    except ValueError as exc:
        # python-docx's way of saying the package is some other Office document.
        raise _corrupt(str(exc)) from exc


def _corrupt(detail: str) -> ParseError:
    return ParseError("corrupt", detail=detail, file_type=FILE_TYPE_LABEL)


def _has_text(block: Block) -> bool:
    if block.is_table:
        return any(cell.text.strip() for row in block.rows for cell in row.cells)
    return bool(block.text.strip())


def _core_properties(docx_document: DocxDocument) -> dict[str, str]:
    package = docx_document.part.package
    try:
        package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
    except KeyError:
        # Asking python-docx for absent core properties would invent some ("Word Document").
        return {}
    core = docx_document.core_properties
    found = {
        "title": core.title,
        "author": core.author,
        "subject": core.subject,
        "created": core.created.isoformat() if core.created else None,
        "modified": core.modified.isoformat() if core.modified else None,
    }
    return {key: value.strip() for key, value in found.items() if value and value.strip()}


def _stored_page_count(docx_document: DocxDocument) -> int | None:
    """``<Pages>`` from ``docProps/app.xml``: the count Word had when it last saved."""
    for part in docx_document.part.package.iter_parts():
        if str(part.partname) != APP_PROPERTIES_PART:
            continue
        try:
            root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError:
            return None
        pages = root.find(f"{{{APP_NS}}}Pages")
        if pages is not None and pages.text and pages.text.strip().isdigit():
            return int(pages.text.strip())
        return None
    return None


def _first_page_header(docx_document: DocxDocument) -> str | None:
    """The text of the header printed on the first page (the first section's first-page
    header when it has one, else its header): a letterhead, printed above page 1, that
    the body's paragraphs do not hold."""
    try:
        section = docx_document.sections[0]
        header = (
            section.first_page_header
            if section.different_first_page_header_footer
            else section.header
        )
        if header.is_linked_to_previous:
            return None
        texts = [p.text for p in header.paragraphs]
        for table in header.tables:
            texts += [cell.text for row in table.rows for cell in row.cells]
    except (IndexError, KeyError, ValueError):
        return None
    lines = [" ".join(t.split()) for text in texts for t in text.splitlines()]
    return "\n".join(dict.fromkeys(line for line in lines if line)) or None


# --- styles -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ParagraphStyle:
    name: str
    heading_level: int | None
    list_level: int | None
    """None when the style is not a list style; else the level its name or numbering gives."""
    bold: bool
    underline: bool
    page_break_before: bool
    num_id: str | None = None
    """The numbering (``w:numId``) the style gives its paragraphs, if any."""


class _Styles:
    """What the reader needs from ``styles.xml``, with ``basedOn`` inheritance resolved."""

    def __init__(self, styles_element: etree._Element) -> None:
        self._by_id: dict[str, etree._Element] = {}
        self.default_paragraph_style: str | None = None
        for style in styles_element.iterchildren(_w("style")):
            style_id = style.get(_w("styleId"))
            if style_id is None:
                continue
            self._by_id[style_id] = style
            is_default = (style.get(_w("default")) or "").lower() in ("1", "true", "on")
            if style.get(_w("type")) == "paragraph" and is_default:
                self.default_paragraph_style = style_id
        self._paragraph_cache: dict[str | None, _ParagraphStyle] = {}
        self._character_cache: dict[str, tuple[bool | None, bool | None]] = {}

    def name(self, style_id: str | None) -> str | None:
        style = self._by_id.get(style_id or "")
        if style is None:
            return style_id
        return BabelFish.internal2ui(_val(style.find(_w("name"))) or style_id or "")

    def _chain(self, style_id: str | None) -> Iterator[etree._Element]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            style_id = _val(style.find(_w("basedOn")))

    def _inherited(self, style_id: str | None, container: str, prop: str) -> etree._Element | None:
        for style in self._chain(style_id):
            props = style.find(_w(container))
            found = props.find(_w(prop)) if props is not None else None
            if found is not None:
                return found
        return None

    def paragraph(self, style_id: str | None) -> _ParagraphStyle:
        style_id = style_id or self.default_paragraph_style
        cached = self._paragraph_cache.get(style_id)
        if cached is None:
            cached = self._resolve_paragraph(style_id)
            self._paragraph_cache[style_id] = cached
        return cached

    def _resolve_paragraph(self, style_id: str | None) -> _ParagraphStyle:
        name = self.name(style_id) or ""
        heading_level: int | None = None
        if match := _HEADING_NAME.match(name):
            heading_level = int(match.group(1))
        elif name.lower() == "title":
            heading_level = 1
        else:
            outline = _val(self._inherited(style_id, "pPr", "outlineLvl"))
            if outline is not None and outline.isdigit():
                level = int(outline)
                heading_level = level + 1 if level < BODY_TEXT_OUTLINE_LEVEL else None

        list_level: int | None = None
        numbering = self._inherited(style_id, "pPr", "numPr")
        numbered = numbering is not None and _val(numbering.find(_w("numId"))) not in (None, "0")
        if "list" in name.lower() or numbered:
            if match := _TRAILING_LEVEL.search(name):
                list_level = int(match.group(1)) - 1
            else:
                ilvl = _val(numbering.find(_w("ilvl"))) if numbering is not None else None
                list_level = int(ilvl) if ilvl and ilvl.isdigit() else 0

        return _ParagraphStyle(
            name=name,
            heading_level=heading_level,
            list_level=list_level,
            bold=bool(_on(self._inherited(style_id, "rPr", "b"))),
            underline=bool(_underlined(self._run_properties_with(style_id, "u"))),
            page_break_before=bool(_on(self._inherited(style_id, "pPr", "pageBreakBefore"))),
            num_id=_val(numbering.find(_w("numId"))) if numbering is not None else None,
        )

    def _run_properties_with(self, style_id: str | None, prop: str) -> etree._Element | None:
        for style in self._chain(style_id):
            props = style.find(_w("rPr"))
            if props is not None and props.find(_w(prop)) is not None:
                return props
        return None

    def character(self, style_id: str) -> tuple[bool | None, bool | None]:
        """(bold, underline) a character style sets, None where it leaves them alone."""
        cached = self._character_cache.get(style_id)
        if cached is None:
            cached = (
                _on(self._inherited(style_id, "rPr", "b")),
                _underlined(self._run_properties_with(style_id, "u")),
            )
            self._character_cache[style_id] = cached
        return cached


# --- pages and sections ---------------------------------------------------------------

PageSize = tuple[float | None, float | None]


@dataclass(frozen=True, slots=True)
class _Section:
    size: PageSize
    starts_new_page: bool
    """From the section's own ``w:type``: how it begins after the section before it."""


class _Numbering:
    """What ``numbering.xml`` says each list prints before a paragraph at each level: a
    number or letter ("1.", "a)") or a bullet."""

    def __init__(self, element: etree._Element | None) -> None:
        self._formats: dict[str, dict[int, str]] = {}
        if element is None:
            return
        abstract: dict[str | None, dict[int, str]] = {
            definition.get(_w("abstractNumId")): _level_formats(definition)
            for definition in element.iterchildren(_w("abstractNum"))
        }
        for num in element.iterchildren(_w("num")):
            num_id = num.get(_w("numId"))
            if num_id is None:
                continue
            formats = dict(abstract.get(_val(num.find(_w("abstractNumId"))), {}))
            for override in num.iterchildren(_w("lvlOverride")):
                formats.update(_level_formats(override))
            self._formats[num_id] = formats

    def numbered(self, num_id: str | None, level: int) -> bool:
        """Whether list ``num_id`` prints a number or letter at ``level`` (not a bullet);
        False when the list is not defined."""
        number_format = self._formats.get(num_id or "", {}).get(level)
        return number_format is not None and number_format not in ("bullet", "none")


def _level_formats(container: etree._Element) -> dict[int, str]:
    """``w:lvl`` → its ``w:numFmt``, by level, of an abstract list or a level override."""
    formats: dict[int, str] = {}
    for lvl in container.iter(_w("lvl")):
        level = lvl.get(_w("ilvl")) or container.get(_w("ilvl"))
        number_format = _val(lvl.find(_w("numFmt")))
        if level and level.isdigit() and number_format:
            formats[int(level)] = number_format
    return formats


def _numbering(docx_document: DocxDocument) -> _Numbering:
    try:
        return _Numbering(docx_document.part.numbering_part.element)
    except (KeyError, NotImplementedError):  # no numbering part: no list is numbered
        return _Numbering(None)


def _sections(body: etree._Element) -> list[_Section]:
    """Every section in body order (the last is described by the body's own ``sectPr``).

    A section ends at a body paragraph whose properties hold a ``sectPr``: the same
    paragraphs at which the walker moves on to the next section.
    """
    section_properties = [
        props
        for props in body.iter(_w("sectPr"))
        if _is_section_end(props) or props.getparent() is body
    ]
    sections = [
        _Section(
            size=_page_size(props),
            starts_new_page=(_val(_find(props, "type")) or "nextPage")
            not in _CONTINUOUS_SECTION_TYPES,
        )
        for props in section_properties
    ]
    return sections or [_Section(size=(None, None), starts_new_page=True)]


def _is_section_end(section_properties: etree._Element) -> bool:
    paragraph_props = section_properties.getparent()
    paragraph = paragraph_props.getparent() if paragraph_props is not None else None
    return (
        paragraph is not None
        and _local(paragraph_props) == "pPr"
        and _local(paragraph) == "p"
        and not any(_local(ancestor) == "tc" for ancestor in paragraph.iterancestors())
    )


def _page_size(section_properties: etree._Element) -> PageSize:
    size = section_properties.find(_w("pgSz"))
    if size is None:
        return (None, None)
    try:
        width = float(size.get(_w("w"), "")) / TWIPS_PER_POINT
        height = float(size.get(_w("h"), "")) / TWIPS_PER_POINT
    except ValueError:
        return (None, None)
    # Some writers set the orientation without swapping the sides; trust the orientation.
    landscape = size.get(_w("orient")) == "landscape"
    if landscape != (width > height):
        width, height = height, width
    return (width, height)


@dataclass(slots=True)
class _PageCounter:
    """The running page number, and the page size in force on each page entered."""

    size: PageSize
    page: int = 1
    sizes: dict[int, PageSize] = field(default_factory=dict)
    _explicit_break_pending: bool = False
    """An explicit break was counted and no text followed yet: Word writes a rendered
    break for the same page change at the start of the next text, which must not count."""

    def __post_init__(self) -> None:
        self.sizes[1] = self.size

    def explicit_break(self) -> None:
        self._advance()
        self._explicit_break_pending = True

    def rendered_break(self) -> None:
        if self._explicit_break_pending:
            self._explicit_break_pending = False
        else:
            self._advance()

    def saw_text(self) -> None:
        self._explicit_break_pending = False

    def _advance(self) -> None:
        self.page += 1
        self.sizes.setdefault(self.page, self.size)


# --- body ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Piece:
    """A run of text with its formatting, or a page break (``text`` is None)."""

    text: str | None
    bold: bool = False
    underline: bool = False
    explicit_break: bool = False


class _BodyWalker:
    def __init__(self, styles: _Styles, sections: list[_Section], numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.sections = sections
        self.section_index = 0
        self.pages = _PageCounter(size=sections[0].size)
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self._nested_tables = 0
        self._content_seen = False

    def walk(self, body: etree._Element) -> None:
        self._walk_children(body)
        if self._nested_tables:
            self.warnings.append(
                f"{self._nested_tables} table(s) nested inside table cells were flattened "
                "into their cell's text"
            )

    def _walk_children(self, container: etree._Element) -> None:
        for child in container.iterchildren():
            tag = _local(child)
            if tag == "p":
                self._paragraph(child)
            elif tag == "tbl":
                self._table(child)
            elif tag == "sdt":
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self._walk_children(content)
            elif tag in _TRANSPARENT_WRAPPERS:
                self._walk_children(child)
            elif tag == "altChunk":
                self.warnings.append(
                    "an embedded document (altChunk) was not read; Word shows its content "
                    "only after converting it"
                )

    # paragraphs

    def _paragraph(self, p: etree._Element) -> None:
        props = p.find(_w("pPr"))
        style = self.styles.paragraph(_val(_find(props, "pStyle")))
        direct_break_before = _on(_find(props, "pageBreakBefore"))
        break_before = (
            direct_break_before if direct_break_before is not None else style.page_break_before
        )
        if break_before and self._content_seen:
            self.pages.explicit_break()

        pieces = list(self._pieces(p, style))
        page_at_start: int | None = None
        for piece in pieces:
            if piece.text is None:
                if piece.explicit_break:
                    self.pages.explicit_break()
                else:
                    self.pages.rendered_break()
            elif piece.text.strip():
                if page_at_start is None:
                    page_at_start = self.pages.page
                self.pages.saw_text()

        text = _normalise_lines("".join(piece.text for piece in pieces if piece.text))
        if text:
            self._content_seen = True
            self.blocks.append(self._paragraph_block(props, style, pieces, text, page_at_start))

        if _find(props, "sectPr") is not None:
            self._next_section()

    def _paragraph_block(
        self,
        props: etree._Element | None,
        style: _ParagraphStyle,
        pieces: list[_Piece],
        text: str,
        page: int | None,
    ) -> Block:
        with_text = [piece for piece in pieces if piece.text and piece.text.strip()]
        bold = all(piece.bold for piece in with_text)
        underline = all(piece.underline for piece in with_text)
        page = page or self.pages.page
        if style.heading_level is not None:
            return Block(
                "heading",
                text,
                page=page,
                level=style.heading_level,
                style=style.name,
                bold=bold,
                underline=underline,
            )
        numbering = props.find(_w("numPr")) if props is not None else None
        direct_level = _val(numbering.find(_w("ilvl"))) if numbering is not None else None
        if starts_with_bullet(text) and not _is_list_paragraph(props, style):
            # A bullet typed (or inserted as a symbol) before the text: a list item, glyph gone.
            return Block("list_item", strip_bullet(text), page=page, style=style.name, bold=bold)
        if _is_list_paragraph(props, style):
            if direct_level is not None and direct_level.isdigit():
                level = int(direct_level)
            else:
                level = style.list_level or 0
            direct_id = _val(numbering.find(_w("numId"))) if numbering is not None else None
            kind: BlockKind = "list_item"
            if (
                (bold or underline)
                and is_item_title(text)
                and self.numbering.numbered(direct_id or style.num_id, level)
            ):
                # "4. Finance" in bold, numbered by Word: an item's title, as the PDF reader
                # reads the same line (a bold numbered line is a heading, not a list item)
                kind, level = "heading", EMPHASIS_HEADING_LEVEL
            return Block(
                kind,
                text,
                page=page,
                level=level,
                style=style.name,
                bold=bold,
                underline=underline,
            )
        return Block("paragraph", text, page=page, style=style.name, bold=bold, underline=underline)

    def _next_section(self) -> None:
        self.section_index = min(self.section_index + 1, len(self.sections) - 1)
        section = self.sections[self.section_index]
        self.pages.size = section.size
        if section.starts_new_page:
            self.pages.explicit_break()

    def _pieces(self, container: etree._Element, style: _ParagraphStyle) -> Iterator[_Piece]:
        """Text and page breaks of a paragraph in order; text boxes and drawings left out."""
        for child in container.iterchildren():
            tag = _local(child)
            if tag == "r":
                yield from self._run_pieces(child, style)
            elif tag in ("hyperlink", "sdt", *_TRANSPARENT_WRAPPERS):
                content = child.find(_w("sdtContent")) if tag == "sdt" else child
                if content is not None:
                    yield from self._pieces(content, style)
            # Everything else is not printed text: pPr, bookmarks, proofing marks, maths, and
            # tracked deletions (w:del, w:moveFrom) that are not in the document as it reads.

    def _run_pieces(self, run: etree._Element, style: _ParagraphStyle) -> Iterator[_Piece]:
        props = run.find(_w("rPr"))
        if props is not None and _on(props.find(_w("vanish"))):
            return  # hidden text is not printed
        bold, underline = self._run_format(props, style)
        for child in run.iterchildren():
            tag = _local(child)
            if tag == "t":
                yield _Piece(child.text or "", bold, underline)
            elif tag in ("tab", "ptab"):
                yield _Piece(" ", bold, underline)
            elif tag == "br":
                if child.get(_w("type")) == "page":
                    yield _Piece(None, explicit_break=True)
                else:
                    yield _Piece("\n", bold, underline)
            elif tag == "cr":
                yield _Piece("\n", bold, underline)
            elif tag == "noBreakHyphen":
                yield _Piece("-", bold, underline)
            elif tag == "sym" and (char := _symbol_char(child)):
                yield _Piece(char, bold, underline)  # a Symbol/Wingdings glyph: private-use
            elif tag == "lastRenderedPageBreak":
                yield _Piece(None)

    def _run_format(
        self, props: etree._Element | None, style: _ParagraphStyle
    ) -> tuple[bool, bool]:
        bold = _on(props.find(_w("b"))) if props is not None else None
        underline = _underlined(props)
        character_style = _val(props.find(_w("rStyle"))) if props is not None else None
        if character_style and (bold is None or underline is None):
            style_bold, style_underline = self.styles.character(character_style)
            bold = style_bold if bold is None else bold
            underline = style_underline if underline is None else underline
        return (
            style.bold if bold is None else bold,
            style.underline if underline is None else underline,
        )

    # tables

    def _table(self, tbl: etree._Element) -> None:
        table_props = tbl.find(_w("tblPr"))
        style_id = _val(table_props.find(_w("tblStyle"))) if table_props is not None else None
        rows: list[Row] = []
        open_merges: dict[int, Cell] = {}
        """Grid column → the first cell of the vertical merge running down that column."""
        for tr in _rows_of(tbl):
            rows.append(self._row(tr, open_merges))
        if not any(cell.text.strip() for row in rows for cell in row.cells):
            return  # an empty layout grid, nothing a reader would see
        self._content_seen = True
        self.blocks.append(
            Block("table", page=rows[0].page, style=self.styles.name(style_id), rows=rows)
        )

    def _row(self, tr: etree._Element, open_merges: dict[int, Cell]) -> Row:
        row_props = tr.find(_w("trPr"))
        is_header = bool(_on(row_props.find(_w("tblHeader")))) if row_props is not None else False
        grid_before = _int_val(row_props.find(_w("gridBefore"))) if row_props is not None else 0

        cells: list[Cell] = []
        column = 0
        if grid_before:
            cells.append(Cell("", col_span=grid_before))
            column = grid_before
        lead_breaks = total_breaks = 0
        row_has_text = False
        for tc in _cells_of(tr):
            cell_props = tc.find(_w("tcPr"))
            span = max(_int_val(_find(cell_props, "gridSpan")) or 1, 1)
            merge = _find(cell_props, "vMerge")
            text, leading, breaks = self._cell_text(tc)
            lead_breaks, total_breaks = max(lead_breaks, leading), max(total_breaks, breaks)
            merge_kind = None if merge is None else (_val(merge) or "continue")
            if merge_kind == "continue" and column in open_merges:
                first = open_merges[column]
                first.row_span += 1
                cells.append(Cell("", fill=first.fill, col_span=span, continued=True))
            else:
                new_cell = Cell(text, fill=_cell_fill(tc, cell_props), col_span=span)
                cells.append(new_cell)
                row_has_text = row_has_text or bool(text)
                for covered in range(column, column + span):
                    open_merges.pop(covered, None)
                if merge_kind == "restart":
                    open_merges[column] = new_cell
            column += span

        for _ in range(lead_breaks):
            self.pages.rendered_break()
        row_page = self.pages.page
        for _ in range(total_breaks - lead_breaks):
            self.pages.rendered_break()
        if row_has_text:
            self.pages.saw_text()
        return Row(cells=grid_cells(cells), page=row_page, is_header=is_header)

    def _cell_text(self, tc: etree._Element, depth: int = 0) -> tuple[str, int, int]:
        """Cell text (paragraphs joined by newlines) and its page breaks: (text, breaks
        before the first text, breaks in all)."""
        lines: list[str] = []
        leading = total = 0
        for element in _cell_content(tc):
            if _local(element) == "tbl":
                self._nested_tables += 1
                lines.extend(self._flattened_table(element, depth + 1))
                continue
            props = element.find(_w("pPr"))
            style = self.styles.paragraph(_val(_find(props, "pStyle")))
            pieces = list(self._pieces(element, style))
            text_started = bool(lines)
            for piece in pieces:
                if piece.text is None:
                    total += 1
                    leading += not text_started
                elif piece.text.strip():
                    text_started = True
            if paragraph_text := _normalise_lines("".join(p.text for p in pieces if p.text)):
                # Word prints a list paragraph in a cell with its bullet: keep it visible.
                if _is_list_paragraph(props, style) and not starts_with_bullet(paragraph_text):
                    paragraph_text = f"{CANONICAL_BULLET} {paragraph_text}"
                lines.append(paragraph_text)
        if sum(starts_with_bullet(line) for line in lines) >= 2:
            lines = [normalise_bullet(line) for line in lines]
        return "\n".join(lines), leading, total

    def _flattened_table(self, tbl: etree._Element, depth: int) -> list[str]:
        if depth > MAX_NESTED_TABLE_DEPTH:
            return [_normalise_lines(" ".join(t.text or "" for t in tbl.iter(_w("t"))))]
        lines = []
        for tr in _rows_of(tbl):
            texts = [self._cell_text(tc, depth)[0].replace("\n", " ") for tc in _cells_of(tr)]
            if any(texts):
                lines.append(NESTED_CELL_SEPARATOR.join(texts))
        return lines


def _is_list_paragraph(props: etree._Element | None, style: _ParagraphStyle) -> bool:
    """Whether Word numbers or bullets the paragraph (list style or its own numbering)."""
    numbering = props.find(_w("numPr")) if props is not None else None
    numbered = numbering is not None and _val(numbering.find(_w("numId"))) != "0"
    return style.list_level is not None or numbered


def _symbol_char(sym: etree._Element) -> str | None:
    """The character a ``w:sym`` inserts (``w:char="F0B7"`` → U+F0B7), or None."""
    code = sym.get(_w("char")) or ""
    try:
        return chr(int(code, 16)) if code else None
    except ValueError:
        return None


def _find(props: etree._Element | None, tag: str) -> etree._Element | None:
    return props.find(_w(tag)) if props is not None else None


def _int_val(element: etree._Element | None) -> int:
    value = _val(element)
    return int(value) if value and value.isdigit() else 0


def _unwrapped(container: etree._Element, wanted: str) -> Iterator[etree._Element]:
    """Children of ``container`` named ``wanted``, looking through content controls."""
    for child in container.iterchildren():
        tag = _local(child)
        if tag == wanted:
            yield child
        elif tag == "sdt":
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _unwrapped(content, wanted)
        elif tag in ("customXml", "ins", "moveTo"):
            yield from _unwrapped(child, wanted)


def _rows_of(tbl: etree._Element) -> Iterator[etree._Element]:
    return _unwrapped(tbl, "tr")


def _cells_of(tr: etree._Element) -> Iterator[etree._Element]:
    return _unwrapped(tr, "tc")


def _cell_content(tc: etree._Element) -> Iterator[etree._Element]:
    for child in tc.iterchildren():
        tag = _local(child)
        if tag in ("p", "tbl"):
            yield child
        elif tag == "sdt":
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _cell_content(content)
        elif tag in ("customXml", "ins", "moveTo"):
            yield from _cell_content(child)


def _cell_fill(tc: etree._Element, cell_props: etree._Element | None) -> RGB | None:
    """The cell's shading; failing that, the shading of its first shaded paragraph."""
    fill = _shading_colour(_find(cell_props, "shd"))
    if fill is not None:
        return fill
    for paragraph_shading in tc.iterfind(f"{_w('p')}/{_w('pPr')}/{_w('shd')}"):
        fill = _shading_colour(paragraph_shading)
        if fill is not None:
            return fill
    return None


def _shading_colour(shd: etree._Element | None) -> RGB | None:
    if shd is None or _val(shd) == "nil":
        return None
    # A "solid" pattern shows the pattern colour at 100 %, hiding the fill behind it.
    if _val(shd) == "solid":
        pattern_colour = _hex_to_rgb(shd.get(_w("color")))
        if pattern_colour is not None:
            return pattern_colour
    return _hex_to_rgb(shd.get(_w("fill")))


def _hex_to_rgb(value: str | None) -> RGB | None:
    if not value or len(value) != 6 or value.lower() == "auto":
        return None
    try:
        red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return None
    return (red / 255, green / 255, blue / 255)


def _normalise_lines(text: str) -> str:
    """Runs of spaces collapsed, each line trimmed, empty lines dropped."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
