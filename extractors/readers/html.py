"""HTML → ``Document``: the paper inside a council web page, without the site around it.

Bytes are decoded the way a browser would (byte-order mark, then the ``<meta charset>``
declaration, then detection with charset-normalizer). Site chrome — scripts, styles,
``nav``, page-level ``header``/``footer``, ``aside``, hidden elements — is dropped, and
the paper is taken from ``<main>`` (or the one ``<article>``, or the biggest content
``div``) when the page has one. What remains becomes blocks in reading order: ``h1``–``h6``
headings, paragraphs, list items with their nesting level, and tables with header rows
(``th`` / ``thead``), spans and cell fills (``bgcolor`` or an inline ``background`` style).

HTML has no pages: everything is on ``Page(number=1)``, blocks carry ``page=None`` and
``n_pages`` is None.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.vocab_markers import CANONICAL_BULLET, EMPHASIS_HEADING_LEVEL, is_item_title
from pipeline.errors import ParseError
from pipeline.model import RGB, Block, BlockKind, Cell, Document, Page, Row, grid_cells

FILE_TYPE_LABEL = "HTML"
CHARSET_SNIFF_BYTES = 4096
"""How far into the file a ``<meta charset>`` is looked for (browsers look at 1024)."""
BINARY_SNIFF_CHARS = 65536
MAX_CONTROL_CHAR_SHARE = 0.02
"""More control characters than this in the decoded text means the file is not text."""
MIN_CONTENT_DIV_SHARE = 0.3
"""A content ``div`` is taken as the paper only if it holds this share of the page's text."""
NESTED_CELL_SEPARATOR = " | "
"""Between the cells of a nested table row when it is flattened into its outer cell."""
MAX_NESTED_TABLE_DEPTH = 10
"""Tables nested deeper than this inside a cell are flattened to plain text in one go."""

# Never content: code, embedded objects, form controls.
_NEVER_CONTENT = [
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "map", "button", "select", "textarea", "input", "dialog", "head",
]  # fmt: skip
_SITE_CHROME = "nav, aside, [role=navigation], [role=complementary], [role=search]"
_PAGE_FURNITURE = "header, footer, [role=banner], [role=contentinfo]"
"""Dropped only at page level: inside ``main``/``article``/``section`` they belong to it."""
_SECTIONING = {"main", "article", "section"}
_HIDDEN = "[hidden], [aria-hidden=true]"
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CONTENT_DIV_NAME = re.compile(r"content|main|article|body|entry|page-text", re.IGNORECASE)
_NOT_CONTENT_NAME = re.compile(
    r"nav|menu|sidebar|footer|header|cookie|breadcrumb|banner|share", re.IGNORECASE
)

_HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)}
_LISTS = {"ul", "ol"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "blockquote", "figure", "figcaption", "dl",
    "dt", "dd", "pre", "address", "center", "details", "summary", "fieldset", "legend",
    "hr", "body", "form", "caption", "header", "footer",
}  # fmt: skip
_BOLD_TAGS = {"b", "strong"}
_UNDERLINE_TAGS = {"u", "ins"}

_WHITESPACE = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_SINGLE_BYTE_WESTERN = {"cp1252", "latin_1", "iso8859_15", "ascii"}
_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def read(path: Path, source_path: str, doc_id: str) -> Document:
    """Read the HTML page at ``path`` into a one-page ``Document``.

    Raises ``ParseError("no_text")`` when the page (once its chrome is dropped) has no
    text, or the file is binary rather than text.
    """
    warnings: list[str] = []
    text = decode_html(path.read_bytes(), warnings)
    if not text.strip() or _looks_binary(text):
        raise ParseError("no_text", file_type=FILE_TYPE_LABEL)

    tree = LexborHTMLParser(text)
    properties = _properties(tree)
    root = _content_root(tree)
    walker = _Walker()
    if root is not None:
        walker.walk_root(root)
    if not walker.blocks:
        raise ParseError("no_text", file_type=FILE_TYPE_LABEL)
    return Document(
        source_path=source_path,
        file_type="html",
        doc_id=doc_id,
        pages=[Page(number=1, blocks=walker.blocks)],
        n_pages=None,
        properties=properties,
        warnings=warnings,
    )


# --- decoding ------------------------------------------------------------------------


def decode_html(data: bytes, warnings: list[str] | None = None) -> str:
    """``data`` as text: BOM first, then the declared charset, then detection.

    As browsers do, ``iso-8859-1`` and ``ascii`` declarations are read as windows-1252;
    a page declared as a Western single-byte charset whose bytes are valid UTF-8 with
    non-ASCII characters is read as UTF-8 (a misconfigured server, not a coincidence).
    """
    notes = warnings if warnings is not None else []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")

    declared = _declared_encoding(data[:CHARSET_SNIFF_BYTES])
    if declared is not None:
        if declared in _SINGLE_BYTE_WESTERN:
            if not data.isascii() and _is_utf8(data):
                notes.append("the page declares a Western charset but is UTF-8; read as UTF-8")
                return data.decode("utf-8")
            # The five bytes windows-1252 leaves undefined are stray controls, not a reason
            # to distrust the declaration.
            return data.decode("cp1252", errors="replace")
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            notes.append(f"the page is not valid {declared} as declared; charset detected")

    # NULs are valid UTF-8 but mean UTF-16 without a BOM, or binary: let detection judge.
    if b"\x00" not in data and _is_utf8(data):
        return data.decode("utf-8")
    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    notes.append("the character set could not be detected; read as windows-1252")
    return data.decode("cp1252", errors="replace")


def _declared_encoding(head: bytes) -> str | None:
    """The Python codec name of the page's ``<meta charset>`` (or XML declaration)."""
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    normalised = name.replace("-", "_")
    if normalised.startswith("utf_16") or normalised.startswith("utf_32"):
        # A charset we could read in an ASCII meta tag cannot be UTF-16 (browsers say the same).
        return "utf_8"
    return {"iso8859_1": "latin_1", "us_ascii": "ascii", "windows_1252": "cp1252"}.get(
        normalised, normalised
    )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(text: str) -> bool:
    sample = text[:BINARY_SNIFF_CHARS]
    controls = sum(
        1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f"
    )
    return "\x00" in sample or controls > MAX_CONTROL_CHAR_SHARE * len(sample)


# --- the page ------------------------------------------------------------------------


def _properties(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    title = tree.css_first("title")
    if title is not None and (text := normalise(title.text())):
        found["title"] = text
    author = tree.css_first("meta[name=author]")
    if author is not None and (text := normalise(author.attributes.get("content") or "")):
        found["author"] = text
    return found


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """The page with its chrome dropped, narrowed to the paper's container when it has one."""
    tree.strip_tags(_NEVER_CONTENT)
    _drop(tree.css(_HIDDEN))
    _drop([node for node in tree.css("[style]") if _DISPLAY_NONE.search(_attr(node, "style"))])
    _drop(tree.css(_SITE_CHROME))
    _drop([node for node in tree.css(_PAGE_FURNITURE) if not _inside_sectioning(node)])

    body = tree.body
    # An empty <main> (content left outside it by a broken template) is no guide.
    main = tree.css_first("main") or tree.css_first("[role=main]")
    if main is not None and normalise(main.text()):
        return main
    articles = tree.css("article")
    if len(articles) == 1 and normalise(articles[0].text()):
        return articles[0]
    if body is None:
        return tree.root
    body_length = len(normalise(body.text()))
    candidates = [
        node
        for node in body.css("div, section")
        if _CONTENT_DIV_NAME.search(_attr(node, "id") + " " + _attr(node, "class"))
        and not _NOT_CONTENT_NAME.search(_attr(node, "id") + " " + _attr(node, "class"))
    ]
    if candidates:
        largest = max(candidates, key=lambda node: len(normalise(node.text())))
        if len(normalise(largest.text())) >= MIN_CONTENT_DIV_SHARE * body_length:
            return largest
    return body


def _drop(nodes: list[LexborNode]) -> None:
    # Deepest first, so no node is removed after an ancestor already took it away.
    for node in reversed(nodes):
        node.decompose()


def _inside_sectioning(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in _SECTIONING:
            return True
        parent = parent.parent
    return False


def _attr(node: LexborNode, name: str) -> str:
    return node.attributes.get(name) or ""


def normalise(text: str) -> str:
    """Whitespace runs (newlines and non-breaking spaces too) as one space, invisible marks out."""
    return _WHITESPACE.sub(" ", text.translate(_INVISIBLE)).strip()


# --- blocks --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """What the text gathered inside the current element becomes when it is flushed."""

    kind: BlockKind
    style: str
    level: int = 0


@dataclass(slots=True)
class _Segment:
    text: str
    bold: bool
    underline: bool


class _Walker:
    """Turns the content tree into blocks; inline text gathers until a block boundary.

    The tree is walked with an explicit stack, not recursion: broken pages (thousands of
    unclosed ``<font>`` or ``<div>`` tags) nest deeper than Python's recursion limit.
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._segments: list[_Segment] = []
        self._contexts: list[_Context] = []
        self._lists: list[str] = []
        self._bold = 0
        self._underline = 0
        self._stack: list[LexborNode | Callable[[], object]] = []
        """Nodes still to visit, and what to do when an element's children are done."""

    def walk_root(self, root: LexborNode) -> None:
        self._open_block(root, _Context("paragraph", root.tag or "body"))
        while self._stack:
            step = self._stack.pop()
            if isinstance(step, LexborNode):
                self._visit(step)
            else:
                step()

    def _push_children(self, node: LexborNode) -> None:
        self._stack.extend(reversed(list(node.iter(include_text=True))))

    def _visit(self, node: LexborNode) -> None:
        if node.is_text_node:
            self._add(node.text_content or "")
            return
        tag = node.tag or ""
        if tag in _HEADING_LEVELS:
            self._open_block(node, _Context("heading", tag, _HEADING_LEVELS[tag]))
        elif tag in _LISTS:
            self._flush()
            self._lists.append(tag)
            self._stack.append(self._lists.pop)
            self._push_children(node)
        elif tag == "li":
            level = max(len(self._lists) - 1, 0)
            style = self._lists[-1] if self._lists else "li"
            self._open_block(node, _Context("list_item", style, level))
        elif tag == "table":
            self._flush()
            self._table(node)
        elif tag == "br":
            self._add(" ")
        elif tag in _BLOCK_TAGS:
            if self._contexts[-1].kind != "paragraph":
                # A <p> inside an <li> or heading is part of that item, not a new block.
                self._add(" ")
                self._stack.append(partial(self._add, " "))
                self._push_children(node)
            else:
                self._open_block(node, _Context("paragraph", tag))
        else:
            bold, underline = int(tag in _BOLD_TAGS), int(tag in _UNDERLINE_TAGS)
            if bold or underline:
                self._bold += bold
                self._underline += underline
                self._stack.append(partial(self._end_inline, bold, underline))
            self._push_children(node)

    def _end_inline(self, bold: int, underline: int) -> None:
        self._bold -= bold
        self._underline -= underline

    def _open_block(self, node: LexborNode, context: _Context) -> None:
        self._flush()
        self._contexts.append(context)
        self._stack.append(self._close_block)
        self._push_children(node)

    def _close_block(self) -> None:
        self._flush()
        self._contexts.pop()

    def _add(self, text: str) -> None:
        if text:
            self._segments.append(_Segment(text, self._bold > 0, self._underline > 0))

    def _flush(self) -> None:
        segments, self._segments = self._segments, []
        text = normalise("".join(segment.text for segment in segments))
        if not text:
            return
        context = self._contexts[-1]
        with_text = [segment for segment in segments if segment.text.strip()]
        bold = all(segment.bold for segment in with_text)
        underline = all(segment.underline for segment in with_text)
        kind, level = context.kind, context.level
        numbered = kind == "list_item" and context.style == "ol"
        if numbered and (bold or underline) and is_item_title(text):
            # <ol><li><b>Finance</b>: an item's title, as other readers read "4. Finance"
            kind, level = "heading", EMPHASIS_HEADING_LEVEL
        self.blocks.append(
            Block(kind, text, level=level, style=context.style, bold=bold, underline=underline)
        )

    def _table(self, table: LexborNode) -> None:
        caption = next((child for child in table.iter() if child.tag == "caption"), None)
        if caption is not None and (text := normalise(caption.text())):
            self.blocks.append(Block("paragraph", text, style="caption"))
        rows = table_rows(table)
        if any(cell.text for row in rows for cell in row.cells):
            self.blocks.append(Block("table", style="table", rows=rows))


# --- tables --------------------------------------------------------------------------


@dataclass(slots=True)
class _OpenRowSpan:
    cell: Cell
    rows_left: int


def table_rows(table: LexborNode, depth: int = 0) -> list[Row]:
    """The table's rows with rowspans expanded into ``continued`` cells, so every row has
    a cell (or a continuation) under each column."""
    rows: list[Row] = []
    open_spans: dict[int, _OpenRowSpan] = {}
    for tr, in_head in _row_nodes(table):
        cells: list[Cell] = []
        column = 0
        cell_nodes = [child for child in tr.iter() if child.tag in ("td", "th")]

        def fill_continuations(cells: list[Cell] = cells) -> None:
            nonlocal column
            while column in open_spans:
                span = open_spans[column]
                span.cell.row_span += 1
                cells.append(
                    Cell("", fill=span.cell.fill, col_span=span.cell.col_span, continued=True)
                )
                span.rows_left -= 1
                if span.rows_left == 0:
                    del open_spans[column]
                column += span.cell.col_span

        for node in cell_nodes:
            fill_continuations()
            col_span = _span(node, "colspan")
            fill = _cell_fill(node) or _cell_fill(tr)
            cell = Cell(cell_text(node, depth), fill=fill, col_span=col_span)
            cells.append(cell)
            if (row_span := _span(node, "rowspan")) > 1:
                open_spans[column] = _OpenRowSpan(cell, row_span - 1)
            column += col_span
        fill_continuations()
        if not cells:
            continue
        all_th = bool(cell_nodes) and all(node.tag == "th" for node in cell_nodes)
        rows.append(Row(cells=grid_cells(cells), is_header=in_head or all_th))
    return rows


def _row_nodes(table: LexborNode) -> list[tuple[LexborNode, bool]]:
    """This table's own ``tr`` elements (not a nested table's), with "is in ``thead``"."""
    found: list[tuple[LexborNode, bool]] = []
    for child in table.iter():
        if child.tag == "tr":
            found.append((child, False))
        elif child.tag in ("thead", "tbody", "tfoot"):
            found.extend((tr, child.tag == "thead") for tr in child.iter() if tr.tag == "tr")
    return found


def _span(node: LexborNode, attribute: str) -> int:
    value = _attr(node, attribute).strip()
    return int(value) if value.isdigit() and int(value) > 0 else 1


def cell_text(node: LexborNode, depth: int = 0) -> str:
    """A cell's text: its paragraphs and line breaks as newlines, nested tables flattened.

    ``depth`` counts the tables around the cell; past ``MAX_NESTED_TABLE_DEPTH`` a nested
    table becomes one line of text instead of rows, so table-in-table-in-… pages cannot
    exhaust the recursion limit.
    """
    lines: list[str] = []
    current: list[str] = []

    def end_line() -> None:
        if (line := normalise("".join(current))) and line != CANONICAL_BULLET:
            lines.append(line)
        current.clear()

    # An explicit stack, as in _Walker: a cell's content can nest arbitrarily deep.
    stack: list[LexborNode | Callable[[], None]] = list(
        reversed(list(node.iter(include_text=True)))
    )
    while stack:
        step = stack.pop()
        if not isinstance(step, LexborNode):
            step()
        elif step.is_text_node:
            current.append(step.text_content or "")
        elif step.tag == "br":
            end_line()
        elif step.tag == "table" and depth >= MAX_NESTED_TABLE_DEPTH:
            end_line()
            current.append(step.text(separator=" "))
            end_line()
        elif step.tag == "table":
            end_line()
            for row in table_rows(step, depth + 1):
                texts = [cell.text.replace("\n", " ") for cell in row.cells]
                if any(texts):
                    lines.append(NESTED_CELL_SEPARATOR.join(texts))
        else:
            if step.tag in _BLOCK_TAGS or step.tag in _LISTS or step.tag == "li":
                end_line()
                stack.append(end_line)
            if step.tag == "li":
                current.append(f"{CANONICAL_BULLET} ")  # a list in a cell stays a list
            stack.extend(reversed(list(step.iter(include_text=True))))
    end_line()
    return "\n".join(lines)


# --- colours -------------------------------------------------------------------------

# The colour names RAG tables and CMS editors actually use, as CSS defines them.
CSS_COLOUR_NAMES: dict[str, str] = {
    "red": "ff0000", "darkred": "8b0000", "firebrick": "b22222", "crimson": "dc143c",
    "indianred": "cd5c5c", "tomato": "ff6347", "salmon": "fa8072", "lightcoral": "f08080",
    "orange": "ffa500", "darkorange": "ff8c00", "orangered": "ff4500", "gold": "ffd700",
    "yellow": "ffff00", "lightyellow": "ffffe0", "khaki": "f0e68c", "amber": "ffbf00",
    "green": "008000", "darkgreen": "006400", "lime": "00ff00", "limegreen": "32cd32",
    "lightgreen": "90ee90", "forestgreen": "228b22", "seagreen": "2e8b57",
    "mediumseagreen": "3cb371", "yellowgreen": "9acd32", "olive": "808000",
    "blue": "0000ff", "navy": "000080", "darkblue": "00008b", "royalblue": "4169e1",
    "lightblue": "add8e6", "skyblue": "87ceeb", "steelblue": "4682b4", "dodgerblue": "1e90ff",
    "teal": "008080", "aqua": "00ffff", "cyan": "00ffff", "purple": "800080",
    "white": "ffffff", "black": "000000", "grey": "808080", "gray": "808080",
    "silver": "c0c0c0", "lightgrey": "d3d3d3", "lightgray": "d3d3d3", "darkgrey": "a9a9a9",
    "darkgray": "a9a9a9", "gainsboro": "dcdcdc", "whitesmoke": "f5f5f5",
}  # fmt: skip
"""``amber`` is not CSS (browsers ignore it) but editors write it meaning amber."""

_BACKGROUND_DECLARATION = re.compile(r"background(?:-color)?\s*:\s*([^;]+)", re.IGNORECASE)
_RGB_FUNCTION = re.compile(r"rgba?\(\s*([^)]*)\)", re.IGNORECASE)
_HEX_COLOUR = re.compile(r"#?([0-9a-f]{8}|[0-9a-f]{6}|[0-9a-f]{3,4})\b", re.IGNORECASE)
_TRANSPARENT = {"transparent", "none", "inherit", "initial", "unset", "currentcolor"}


def _cell_fill(node: LexborNode) -> RGB | None:
    """Background of a cell or row: inline style first (it wins in browsers), then ``bgcolor``."""
    for declaration in _BACKGROUND_DECLARATION.findall(_attr(node, "style")):
        if (colour := parse_colour(declaration)) is not None:
            return colour
    return parse_colour(_attr(node, "bgcolor"))


def parse_colour(value: str) -> RGB | None:
    """A CSS colour (``#c00000``, ``#c00``, ``rgb(192, 0, 0)``, ``red``) as RGB 0..1, or None.

    ``value`` may be a whole ``background`` shorthand; the first colour in it is taken.
    """
    value = value.strip().lower()
    if not value or value in _TRANSPARENT:
        return None
    if match := _RGB_FUNCTION.search(value):
        return _rgb_function(match.group(1))
    for token in re.split(r"[\s,]+", value):
        token = token.removesuffix("!important")
        if token in CSS_COLOUR_NAMES:
            return _hex(CSS_COLOUR_NAMES[token])
        # Hex digits without "#" count only as a whole value: that is how bgcolor gets them.
        bare_hex_allowed = token.startswith("#") or token == value
        if bare_hex_allowed and (match := _HEX_COLOUR.fullmatch(token)):
            return _hex(match.group(1))
    return None


def _hex(digits: str) -> RGB:
    if len(digits) in (3, 4):
        digits = "".join(char * 2 for char in digits[:3])
    return (int(digits[0:2], 16) / 255, int(digits[2:4], 16) / 255, int(digits[4:6], 16) / 255)


def _rgb_function(arguments: str) -> RGB | None:
    parts = [part for part in re.split(r"[\s,/]+", arguments.strip()) if part]
    if len(parts) < 3:
        return None
    if len(parts) > 3 and _channel(parts[3], 1.0) == 0:
        return None  # fully transparent: no fill
    channels = [_channel(part, 255.0) for part in parts[:3]]
    if any(channel is None for channel in channels):
        return None
    red, green, blue = (min(max(channel or 0.0, 0.0), 1.0) for channel in channels)
    return (red, green, blue)


def _channel(part: str, full: float) -> float | None:
    try:
        if part.endswith("%"):
            return float(part[:-1]) / 100
        return float(part) / full
    except ValueError:
        return None
