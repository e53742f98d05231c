"""Reader for plain-text and Markdown papers (``.txt``, ``.md``, ``.markdown``).

Text papers are mostly what an earlier conversion left behind, and they carry its
scars: tables flattened to tab-separated lines whose wrapped cell text continues on
lines that start with tabs, header rows repeated where a page broke, HTML fragments
(``<p><u>Heading</u></p> <ul> • item • item``) pasted into a cell, ``**bold**``
markers that lost their partner, lines holding only a non-breaking space, and
Windows-1252 bytes. This module turns such a file into one ``Page`` of blocks and
keeps the layout evidence (physical table rows, one line per list item) so the
extractors can decide what a logical record is.

The steps are small and pure, named ``a_to_b``::

    bytes_to_text → normalise_text → text_to_blocks
                                        ├─ tab-separated runs  → table blocks
                                        ├─ Markdown pipe tables → table blocks
                                        └─ everything else      → headings, paragraphs, list items
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from extractors.vocab_markers import EMPHASIS_HEADING_LEVEL, GLYPH, RUN_GLYPH, is_item_title
from pipeline.errors import ParseError, ReadError
from pipeline.model import Block, BlockKind, Cell, Document, Page, Row

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

# ---------------------------------------------------------------------------
# Decoding and normalisation
# ---------------------------------------------------------------------------

# UTF-32 LE starts with the UTF-16 LE BOM, so it must be tried first.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# charset-normalizer names for the Western single-byte family. UK papers that are not
# UTF-8 are nearly always Windows-1252; on short files the detector often ranks a
# look-alike code page first (cp1250 turns "£" into "Ł"), so when Windows-1252 or
# Latin-1 is among its candidates at all we take Windows-1252, which is also the
# right reading of "Latin-1" files (curly quotes live in 0x80-0x9F).
_WESTERN_ENCODINGS = frozenset({"cp1252", "latin_1", "iso8859_1", "iso8859_15", "ascii"})
_FALLBACK_ENCODING = "cp1252"
_WESTERN_SYMBOLS = frozenset("£€¢¥–—‘’‚“”„…•·°©®™§¶½¼¾×÷±«»\u00a0")

# A text file with more control characters than this share is not a text file.
_MAX_CONTROL_SHARE = 0.05

_LINE_BREAK_RE = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")
_SPACE_LIKE_RE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE_RE = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
_BINARY_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")
_TRAILING_SPACES_RE = re.compile(r" +$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    """Python codec name the bytes were decoded with."""
    guessed: bool
    """True when neither a BOM nor strict UTF-8 decided, so charset-normalizer guessed."""
    replaced: int = 0
    """Number of undecodable bytes replaced by U+FFFD."""


def bytes_to_text(raw: bytes) -> DecodedText:
    """Decode ``raw``: BOM first, then strict UTF-8, then the best Western-aware guess."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _decode(raw, codec, guessed=False)
    utf8 = _strict_utf8(raw)
    # NUL is valid UTF-8 but never in a text file; BOM-less UTF-16 is full of them.
    if utf8 is not None and "\x00" not in utf8:
        return DecodedText(utf8, "utf-8", guessed=False)
    return _decode(raw, _guess_encoding(raw), guessed=True)


def _strict_utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode(raw: bytes, codec: str, *, guessed: bool) -> DecodedText:
    text = raw.decode(codec, errors="replace")
    return DecodedText(text, codec, guessed=guessed, replaced=text.count("\ufffd"))


def _guess_encoding(raw: bytes) -> str:
    if _only_western_symbols(raw):
        return _FALLBACK_ENCODING
    matches = from_bytes(raw)
    best = matches.best()
    if best is None:
        return _FALLBACK_ENCODING
    if best.encoding.startswith(("utf_16", "utf_32")):
        return best.encoding
    if any(_WESTERN_ENCODINGS.intersection(match.could_be_from_charset) for match in matches):
        return _FALLBACK_ENCODING
    return best.encoding


def _only_western_symbols(raw: bytes) -> bool:
    """Windows-1252 whose only non-ASCII characters are "£", curly quotes, dashes and the like.

    Such bytes carry no letters that could tell a language apart, which is exactly
    when the detector guesses wildly (it takes "£5 – ok" for Cyrillic cp1125).
    """
    try:
        text = raw.decode(_FALLBACK_ENCODING)
    except UnicodeDecodeError:
        return False
    return all(
        ch in _WESTERN_SYMBOLS or (ch.isascii() and (ch.isprintable() or ch in "\t\n\r\f"))
        for ch in text
    )


def normalise_text(text: str) -> str:
    """One newline convention, ordinary spaces, no control or invisible characters.

    Tabs survive: they are the column separators of flattened tables.
    """
    text = _LINE_BREAK_RE.sub("\n", text)
    text = _SPACE_LIKE_RE.sub(" ", text)
    text = _INVISIBLE_RE.sub("", text)
    return _TRAILING_SPACES_RE.sub("", text)


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    return len(_BINARY_CONTROL_RE.findall(text)) > _MAX_CONTROL_SHARE * len(text)


# ---------------------------------------------------------------------------
# Inline markup: HTML tags, entities, Markdown emphasis and links
# ---------------------------------------------------------------------------

_INLINE_TAGS = "span|b|i|u|em|strong|font|a|sup|sub|small|mark|s|strike|del|ins|code|img|abbr"
_BLOCK_TAGS = "p|div|ul|ol|li|br|h[1-6]|table|tbody|thead|tr|td|th|blockquote|section|hr"
_INLINE_TAG_RE = re.compile(rf"</?(?:{_INLINE_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_BLOCK_TAG_RE = re.compile(rf"</?(?:{_BLOCK_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")

_ENTIRELY_BOLD_RE = re.compile(
    r"^(?:\*\*(?!\s)(?:(?!\*\*).)+(?<!\s)\*\*|__(?!\s)(?:(?!__).)+(?<!\s)__"
    r"|<(b|strong)>(?:(?!</?\1>).)+</\1>)$",
    re.IGNORECASE,
)
_MD_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK_RE = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK_RE = re.compile(r"<((?:https?://|mailto:)[^<>\s]+)>", re.IGNORECASE)
_INLINE_CODE_RE = re.compile(r"`([^`]+)`")
_MD_BOLD_RE = re.compile(r"\*\*(?!\s)(.+?)(?<!\s)\*\*|(?<!\w)__(?!\s)(.+?)(?<!\s)__(?!\w)")
_MD_ITALIC_RE = re.compile(
    r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])|(?<![\w_])_(?![\s_])(.+?)(?<![\s_])_(?![\w_])"
)
# A converter often drops one half of a bold pair ("1.1 Executive Summary**").
_STRAY_BOLD_RE = re.compile(r"\*\*|(?<!\w)__|__(?!\w)")
_LEADING_STAR_RE = re.compile(r"^\*(?=\w)")
_WHITESPACE_RE = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _WHITESPACE_RE.sub(" ", text).strip()


def _unescape_entities(text: str) -> str:
    # Only complete entities: html.unescape alone also rewrites "&copy" without ";".
    return _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text) if "&" in text else text


def _strip_markdown(text: str) -> str:
    text = _MD_IMAGE_RE.sub(r"\1", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _INLINE_CODE_RE.sub(r"\1", text)
    text = _MD_BOLD_RE.sub(lambda m: m.group(1) or m.group(2), text)
    text = _STRAY_BOLD_RE.sub("", text)
    text = _MD_ITALIC_RE.sub(lambda m: m.group(1) or m.group(2), text)
    return _LEADING_STAR_RE.sub("", text.strip())


def clean_inline(raw: str) -> tuple[str, bool]:
    """Text without inline HTML, entities or Markdown markers; and whether it was all bold."""
    text = raw.strip()
    bold = bool(_ENTIRELY_BOLD_RE.match(text))
    text = _INLINE_TAG_RE.sub("", text)
    text = _unescape_entities(text)
    return _collapse(_strip_markdown(text)), bold


# ---------------------------------------------------------------------------
# Bullet runs and HTML fragments
# ---------------------------------------------------------------------------

# Glyphs a converter leaves where a list used to be, often several on one line.
_BULLET_RUN_RE = re.compile(rf"\s*{RUN_GLYPH}\s*")

# A run that is entirely underlined or bold and no longer than this is a heading.
_MAX_EMPHASIS_HEADING_WORDS = 12


def split_bullet_run(text: str) -> tuple[str, list[str]]:
    """``"Intro • one • two"`` → ``("Intro", ["one", "two"])``; no bullets → ``(text, [])``."""
    pieces = _BULLET_RUN_RE.split(text)
    items = [_collapse(p) for p in pieces[1:] if p.strip()]
    return _collapse(pieces[0]), items


@dataclass(frozen=True, slots=True)
class TextPart:
    """One block-level piece of an HTML fragment."""

    kind: BlockKind
    text: str
    level: int = 0
    bold: bool = False
    underline: bool = False


@dataclass(slots=True)
class _Run:
    text: str
    bold: bool
    underline: bool


class _FragmentParser(HTMLParser):
    """Tolerant flattening of a stray fragment; converters rarely close their ``<ul>``."""

    _HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
    _LIST_TAGS = frozenset({"ul", "ol"})
    _BREAKING_TAGS = frozenset(
        {"p", "div", "li", "br", "hr", "table", "tbody", "thead", "tr", "td", "th", "blockquote"}
    )
    _BOLD_TAGS = frozenset({"b", "strong"})
    _SKIPPED_TAGS = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[TextPart] = []
        self._runs: list[_Run] = []
        self._container: str | None = None
        self._list_depth = 0
        self._open_items = 0
        self._bold_depth = 0
        self._underline_depth = 0
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BOLD_TAGS:
            self._bold_depth += 1
        elif tag == "u":
            self._underline_depth += 1
        elif tag in self._SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in self._LIST_TAGS:
            self._flush()
            self._list_depth += 1
            self._container = None
        elif tag in self._HEADING_TAGS or tag in self._BREAKING_TAGS:
            self._flush()
            if tag == "li":
                self._open_items += 1
                self._container = "li"
            elif tag == "p" or tag in self._HEADING_TAGS:
                if not self._open_items:
                    # A paragraph or heading outside any item means the unclosed
                    # list before it has ended.
                    self._list_depth = 0
                self._container = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAKING_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BOLD_TAGS:
            self._bold_depth = max(0, self._bold_depth - 1)
        elif tag == "u":
            self._underline_depth = max(0, self._underline_depth - 1)
        elif tag in self._SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._LIST_TAGS:
            self._flush()
            self._list_depth = max(0, self._list_depth - 1)
            if not self._list_depth:
                self._open_items = 0  # items left unclosed end with their list
            self._container = None
        elif tag in self._HEADING_TAGS or tag in self._BREAKING_TAGS:
            self._flush()
            if tag == "li":
                self._open_items = max(0, self._open_items - 1)
            self._container = "li" if self._open_items else None

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._runs.append(_Run(data, self._bold_depth > 0, self._underline_depth > 0))

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        runs, self._runs = self._runs, []
        text = _collapse(_strip_markdown("".join(r.text for r in runs)))
        if not text:
            return
        visible = [r for r in runs if r.text.strip()]
        bold = all(r.bold for r in visible)
        underline = all(r.underline for r in visible)
        lead, items = split_bullet_run(text)
        item_level = max(0, self._list_depth - 1)
        if lead:
            self.parts.append(self._lead_part(lead, bold, underline, item_level))
        self.parts.extend(TextPart("list_item", item, level=item_level) for item in items)

    def _lead_part(self, text: str, bold: bool, underline: bool, item_level: int) -> TextPart:
        container = self._container
        if container in self._HEADING_TAGS:
            return TextPart("heading", text, level=int(container[1]), bold=bold)
        if container == "li" or self._open_items:
            return TextPart("list_item", text, level=item_level, bold=bold, underline=underline)
        if (bold or underline) and len(text.split()) <= _MAX_EMPHASIS_HEADING_WORDS:
            return TextPart(
                "heading",
                text,
                level=EMPHASIS_HEADING_LEVEL,
                bold=bold,
                underline=underline,
            )
        if container is None and self._list_depth:
            return TextPart("list_item", text, level=item_level)
        return TextPart("paragraph", text, bold=bold, underline=underline)


def html_fragment_to_parts(fragment: str) -> list[TextPart]:
    """Block-level pieces of a stray HTML fragment, inline tags dropped, entities unescaped.

    ``<p><u>X</u></p>`` or ``<p><b>X</b></p>`` alone is a heading, ``<li>`` and text
    runs separated by "•" are list items, other ``<p>`` text is a paragraph.
    """
    parser = _FragmentParser()
    parser.feed(fragment)
    parser.close()
    return parser.parts


def cell_text(raw: str) -> str:
    """A table cell's text; an HTML fragment or bullet run keeps one heading/item per line."""
    raw = raw.strip()
    if _BLOCK_TAG_RE.search(raw):
        return "\n".join(part.text for part in html_fragment_to_parts(raw))
    text, _bold = clean_inline(raw)
    lead, items = split_bullet_run(text)
    if items:
        return "\n".join([lead, *items] if lead else items)
    return text


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

# A tab between two pieces of text: this line can start a table.
_CELL_ROW_RE = re.compile(r"\S[ ]*\t[ \t]*\S")
_PAGE_FURNITURE_RE = re.compile(
    r"^\s*(?:-\s*)?(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?(?:\s*-)?\s*$", re.I
)
# A table resumes after at most this many blank / page-furniture / stray lines.
_MAX_TABLE_GAP_LINES = 3
# Lines without tabs wedged between two table rows (a wrapped last cell) kept as rows.
_MAX_SANDWICHED_LINES = 2
# Tables this wide that resume after a blank line with the same width are one table.
_MIN_COLUMNS_TO_ASSUME_CONTINUATION = 3

_PIPE_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_UNESCAPED_PIPE_RE = re.compile(r"(?<!\\)\|")


# A bullet glyph and Word's list tab before the text: a list item, not a row of two cells.
_BULLET_TAB_RE = re.compile(rf"^\s*{GLYPH}[ ]*\t")


def _is_cell_row(line: str) -> bool:
    return bool(_CELL_ROW_RE.search(line)) and not _BULLET_TAB_RE.match(line)


def _is_tab_line(line: str) -> bool:
    """Any line with a tab and text: a table row once a table has started."""
    return "\t" in line and bool(line.strip())


def _raw_cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


def _trimmed(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _row_key(cells: list[str]) -> tuple[str, ...]:
    return tuple(_collapse(c).casefold() for c in _trimmed(cells))


def _table_resumes(table_lines: list[str], gap: list[str], next_line: str) -> bool:
    """Whether the tab line after ``gap`` clearly belongs to the table above it."""
    has_blank = any(not line.strip() for line in gap)
    content = [line for line in gap if line.strip() and not _PAGE_FURNITURE_RE.match(line)]
    if not has_blank:
        return len(content) <= _MAX_SANDWICHED_LINES
    if content:
        return False
    first_cells = _raw_cells(table_lines[0])
    next_cells = _raw_cells(next_line)
    first_key = _row_key(first_cells)
    if len([c for c in first_key if c]) >= 2 and _row_key(next_cells) == first_key:
        return True  # the header repeated at the top of a new page
    width = max(len(_raw_cells(line)) for line in table_lines)
    if len(next_cells) != width:
        return False
    return not next_cells[0] or width >= _MIN_COLUMNS_TO_ASSUME_CONTINUATION


def _consume_tab_table(lines: list[str], start: int) -> tuple[list[str], int]:
    """The physical lines of the tab-separated table starting at ``start``, and where it ends."""
    table_lines = [lines[start]]
    i = start + 1
    while i < len(lines):
        if _is_tab_line(lines[i]):
            table_lines.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and j - i < _MAX_TABLE_GAP_LINES and not _is_tab_line(lines[j]):
            j += 1
        if j >= len(lines) or not _is_tab_line(lines[j]):
            break
        gap = lines[i:j]
        if not _table_resumes(table_lines, gap, lines[j]):
            break
        # Page numbers inside the gap are furniture; wedged text is a one-cell row.
        table_lines.extend(
            line for line in gap if line.strip() and not _PAGE_FURNITURE_RE.match(line)
        )
        i = j
    return table_lines, i


def _rows_from_cells(cell_rows: list[list[str]]) -> list[Row]:
    trimmed = [_trimmed(cells) for cells in cell_rows]
    trimmed = [cells for cells in trimmed if any(cells)]
    width = max((len(cells) for cells in trimmed), default=0)
    return [Row([Cell(text) for text in cells + [""] * (width - len(cells))]) for cells in trimmed]


def _mark_repeated_header(rows: list[Row]) -> None:
    """A first row that recurs further down is a header repeated across page breaks."""
    if not rows:
        return
    first_key = _row_key(rows[0].texts)
    if len([c for c in first_key if c]) < 2:
        return
    repeats = [row for row in rows[1:] if _row_key(row.texts) == first_key]
    if repeats:
        rows[0].is_header = True
        for row in repeats:
            row.is_header = True


def tab_lines_to_table(table_lines: list[str]) -> Block:
    """One table block, one ``Row`` per physical line; continuation rows are kept as they are."""
    rows = _rows_from_cells([[cell_text(c) for c in line.split("\t")] for line in table_lines])
    _mark_repeated_header(rows)
    return Block(kind="table", rows=rows, style="tsv")


def _starts_pipe_table(lines: list[str], i: int) -> bool:
    return (
        i + 1 < len(lines)
        and "|" in lines[i]
        and "|" in lines[i + 1]
        and bool(_PIPE_SEPARATOR_RE.match(lines[i + 1]))
    )


def _pipe_cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell_text(c.replace("\\|", "|")) for c in _UNESCAPED_PIPE_RE.split(line)]


def _consume_pipe_table(lines: list[str], start: int) -> tuple[Block, int]:
    header = _pipe_cells(lines[start])
    body: list[list[str]] = []
    i = start + 2
    while i < len(lines) and "|" in lines[i] and lines[i].strip():
        body.append(_pipe_cells(lines[i]))
        i += 1
    width = max(len(cells) for cells in [header, *body])
    rows = [
        Row([Cell(text) for text in cells + [""] * (width - len(cells))])
        for cells in [header, *body]
    ]
    rows[0].is_header = True  # the separator line marks it, no guessing involved
    return Block(kind="table", rows=rows, style="pipe"), i


# ---------------------------------------------------------------------------
# Prose: headings, paragraphs, list items
# ---------------------------------------------------------------------------

_TAB_WIDTH = 4
_MD_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE_RE = re.compile(r"^ {0,3}(?:```|~~~)")
# Glyphs (printed, symbol-font private-use, "(cid:N)") from the shared marker vocabulary;
# a typed dash, asterisk or plus needs a space after it.
_BULLET_RE = re.compile(rf"^(?P<indent>[ \t]*)(?:{GLYPH}[ \t]*|[-*+–][ \t]+)(?P<text>\S.*)$")
# A dotted section number without a closing "." or ")" must be followed by a capital,
# so "2.5 million people" stays prose.
_NUMBERED_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<label>\d{1,3}[.)]"
    r"|(?P<section>\d{1,3}(?:\.\d{1,3})+)[.)]?(?=[ \t]+[A-Z(\"'‘“])"
    r"|\([A-Za-z0-9]{1,4}\)|[a-z][.)]|[A-Z]\)|(?:[ivx]{1,5}|[IVX]{1,5})[.)])"
    r"[ \t]+(?P<text>\S.*)$"
)
_FIELD_LINE_RE = re.compile(r"^[A-Z][\w&/'-]*(?: [\w&/'-]+){0,3}:\s+\S")
_TERMINAL_PUNCTUATION = (".", "!", "?", ":", ";")
_CONNECTOR_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "between",
        "by",
        "for",
        "from",
        "in",
        "including",
        "into",
        "of",
        "on",
        "or",
        "that",
        "the",
        "to",
        "which",
        "with",
    ]
)

# Heading heuristics for a line standing alone between blank lines.
_MAX_HEADING_WORDS = 8
_MAX_NUMBERED_HEADING_WORDS = 10
_MAX_CAPS_HEADING_WORDS = 12
_MAX_LABEL_HEADING_WORDS = 4
_MIN_CAPS_HEADING_LETTERS = 3
_CAPS_HEADING_LEVEL = 1
_SHORT_LINE_HEADING_LEVEL = 2
_LABEL_HEADING_LEVEL = 3
# Cross a blank-line gap to rejoin a sentence a page break cut, at most this wide.
_MAX_REJOIN_GAP_LINES = 3
# Hard-wrapped text: lines no longer than this, many of them close to the longest.
_MAX_WRAP_WIDTH = 100
_WRAPPED_LINE_SHARE = 0.75
_MIN_WRAPPED_LINES = 3
_WRAPPED_JOIN_SHARE = 0.6


@dataclass(slots=True)
class _Line:
    kind: str
    """blank, rule, fence, md_heading, html, item or plain."""
    text: str = ""
    indent: int = 0
    level: int = 0
    numbered: bool = False
    section: str | None = None
    """The dotted section number ("2.1", "1.0") when the line starts with one."""


@dataclass(slots=True)
class _Draft:
    """A block still being built; text keeps its inline markup until it is final."""

    kind: BlockKind
    text: str
    level: int = 0
    style: str | None = None
    indent: int = 0
    bold: bool = False
    underline: bool = False
    raw: bool = True
    last_line: str = ""
    n_lines: int = 1


def _indent_width(whitespace: str) -> int:
    return len(whitespace.expandtabs(_TAB_WIDTH))


def _classify_marker_line(stripped: str) -> _Line | None:
    """A list item when the line opens with a bullet or a number label; the label stays."""
    bullet = _BULLET_RE.match(stripped)
    if bullet:
        text = bullet.group("text")
        return _Line("item", text, numbered=bool(_NUMBERED_RE.match(text)))
    numbered = _NUMBERED_RE.match(stripped)
    if numbered:
        text = f"{numbered.group('label')} {numbered.group('text')}"
        return _Line("item", text, numbered=True, section=numbered.group("section"))
    return None


def _classify_line(line: str) -> list[_Line]:
    """What one physical prose line is; a line of "•"-separated runs becomes several."""
    if not line.strip():
        return [_Line("blank")]
    if _RULE_RE.match(line):
        return [_Line("rule", line.strip()[0])]
    if _FENCE_RE.match(line):
        return [_Line("fence")]
    heading = _MD_HEADING_RE.match(line)
    if heading:
        return [_Line("md_heading", heading.group(2) or "", level=len(heading.group(1)))]
    if _BLOCK_TAG_RE.search(line):
        return [_Line("html", line.strip())]
    indent = _indent_width(line[: len(line) - len(line.lstrip())])
    stripped = line.strip()
    if _BULLET_RUN_RE.search(stripped):
        lead, items = split_bullet_run(stripped)
        out = [_classify_single(lead, indent)] if lead else []
        return out + [_Line("item", item, indent=indent) for item in items]
    return [_classify_single(stripped, indent)]


def _classify_single(stripped: str, indent: int) -> _Line:
    marker = _classify_marker_line(stripped)
    if marker is None:
        return _Line("plain", stripped, indent=indent)
    marker.indent = indent
    return marker


def _word_count(text: str) -> int:
    return len(text.split())


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL_PUNCTUATION)


def _is_caps_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= _MIN_CAPS_HEADING_LETTERS
        and all(c.isupper() for c in letters)
        and _word_count(text) <= _MAX_CAPS_HEADING_WORDS
        and not text.endswith(".")
        and not _BULLET_RE.match(text)
    )


def _is_heading_text(text: str, max_words: int) -> bool:
    """Short, capitalised, no closing full stop, not a "Label: value" line or an address."""
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    return (
        0 < _word_count(text) <= max_words
        and text[0].isupper()
        and not text.endswith((".", ",", ";", "!", ":"))
        and (": " not in text or _is_topic_with_subtitle(text))
        and "@" not in text
        and "://" not in text
        and letters >= 2
        and digits <= letters
    )


def _is_topic_with_subtitle(text: str) -> bool:
    """ "Workforce: relationships, capacity" is a heading; "DATE: 30 October" is a field."""
    _topic, _sep, rest = text.partition(": ")
    return _starts_lower(rest)


def _is_label_heading(text: str) -> bool:
    """ "Minutes:", "Resolved:", "Recommendations for CMT:" standing alone."""
    body = text[:-1]
    return (
        text.endswith(":")
        and ":" not in body
        and 0 < _word_count(body) <= _MAX_LABEL_HEADING_WORDS
        and body[:1].isupper()
    )


def _short_heading_words(text: str) -> int:
    # A subtitle after a colon earns a heading a couple of extra words.
    return _MAX_NUMBERED_HEADING_WORDS if ": " in text else _MAX_HEADING_WORDS


def _section_level(section: str) -> int:
    parts = section.split(".")
    while len(parts) > 1 and parts[-1].strip("0") == "":
        parts.pop()  # "1.0 Introduction" is a top-level section
    return len(parts)


def _section_heading(line: _Line) -> _Draft | None:
    if line.kind != "item" or line.section is None:
        return None
    title = line.text[len(line.section) :].lstrip(".) ")
    cleaned, bold = clean_inline(title)
    if not _is_heading_text(cleaned, _MAX_NUMBERED_HEADING_WORDS):
        return None
    text, _ = clean_inline(line.text)
    return _Draft(
        "heading", text, level=_section_level(line.section), style="numbered", bold=bold, raw=False
    )


def _bold_numbered_title(line: _Line) -> _Draft | None:
    """``2. **Finance**``: a numbered item whose words are all bold and read as a title is
    an agenda item's title, as the PDF and DOCX readers read a bold numbered line (a bold
    bullet stays a list item there too)."""
    if line.kind != "item" or not line.numbered:
        return None
    numbered = _NUMBERED_RE.match(line.text)
    if numbered is None:
        return None
    title, bold = clean_inline(numbered.group("text"))
    if not (bold and _is_heading_text(title, _MAX_NUMBERED_HEADING_WORDS) and is_item_title(title)):
        return None
    text, _ = clean_inline(line.text)
    return _Draft(
        "heading", text, level=EMPHASIS_HEADING_LEVEL, style="numbered", bold=True, raw=False
    )


def _standalone_heading(line: _Line) -> _Draft | None:
    """The heading a line standing alone between blank lines makes, if it makes one."""
    section = _section_heading(line)
    if section is not None or line.kind != "plain":
        return section
    text, bold = clean_inline(line.text)
    if not text:
        return None
    if _is_caps_heading(text):
        level, style = _CAPS_HEADING_LEVEL, "caps"
    elif _is_label_heading(text):
        level, style = _LABEL_HEADING_LEVEL, "label"
    elif bold and _is_heading_text(text, _MAX_CAPS_HEADING_WORDS):
        level, style = _SHORT_LINE_HEADING_LEVEL, "bold"
    elif _is_heading_text(text, _short_heading_words(text)):
        level, style = _SHORT_LINE_HEADING_LEVEL, "standalone"
    else:
        return None
    return _Draft("heading", text, level=level, style=style, bold=bold, raw=False)


def join_lines(first: str, second: str) -> str:
    """Join two wrapped lines, repairing a word hyphenated across them ("inde-" + "pendent")."""
    first, second = first.rstrip(), second.strip()
    if re.search(r"[A-Za-z]-$", first) and not first.endswith("--"):
        return first[:-1] + second if _starts_lower(second) else first + second
    return f"{first} {second}"


def _ends_with_connector(text: str) -> bool:
    text = text.rstrip()
    if text.endswith((",", "&", "/", "-")):
        return True
    words = text.split()
    return bool(words) and words[-1].lower().strip("*_") in _CONNECTOR_WORDS


def _hard_wrap_width(lines: list[str]) -> int | None:
    """The width prose was wrapped at, or None when paragraphs sit on one line each."""
    lengths = [len(line.strip()) for line in lines if line.strip() and "\t" not in line]
    if not lengths:
        return None
    widest = max(lengths)
    if widest > _MAX_WRAP_WIDTH:
        return None
    near_widest = sum(length >= _WRAPPED_LINE_SHARE * widest for length in lengths)
    return widest if near_widest >= _MIN_WRAPPED_LINES else None


class _ProseAssembler:
    """Turns the prose lines between tables into drafts, one blank-line group at a time."""

    def __init__(self, wrap_width: int | None) -> None:
        self.drafts: list[_Draft] = []
        self._wrap_width = wrap_width
        self._list_indents: list[int] = []
        self._open: _Draft | None = None

    def add_group(self, lines: list[_Line], blanks_before: int) -> None:
        self._open = None
        if len(lines) == 1:
            heading = _standalone_heading(lines[0])
            if heading is not None:
                self._emit(heading)
                return
        for index, line in enumerate(lines):
            following = lines[index + 1] if index + 1 < len(lines) else None
            if index == 0 and self._rejoins_previous(line, blanks_before):
                continue
            self._add_line(line, index, following)
        self._open = None

    def _rejoins_previous(self, line: _Line, blanks_before: int) -> bool:
        """A sentence cut by a page break: the group starts lowercase, the last block unfinished."""
        if line.kind != "plain" or not _starts_lower(line.text) or not self.drafts:
            return False
        previous = self.drafts[-1]
        if (
            blanks_before > _MAX_REJOIN_GAP_LINES
            or previous.kind not in ("paragraph", "list_item")
            or not previous.raw
            or _ends_sentence(clean_inline(previous.text)[0])
        ):
            return False
        self._append(previous, line.text)
        self._open = previous
        return True

    def _add_line(self, line: _Line, index: int, following: _Line | None) -> None:
        if line.kind == "rule":
            self._add_rule(line)
        elif line.kind == "fence":
            self._open = None
        elif line.kind == "md_heading":
            text, bold = clean_inline(line.text)
            self._emit(
                _Draft("heading", text, level=line.level, style="markdown", bold=bold, raw=False)
            )
        elif line.kind == "html":
            self._add_html(line.text)
        elif line.kind == "item":
            self._add_item(line, index, following)
        else:
            self._add_plain(line)

    def _add_rule(self, line: _Line) -> None:
        # "Title" underlined with === or --- (setext); any other rule is decoration.
        draft = self._open
        if (
            draft is not None
            and draft.kind == "paragraph"
            and draft.n_lines == 1
            and line.text in "=-"
        ):
            text, bold = clean_inline(draft.text)
            draft.kind, draft.text, draft.raw, draft.bold = "heading", text, False, bold
            draft.level, draft.style = (1 if line.text == "=" else 2), "setext"
            self._list_indents = []
        self._open = None

    def _add_html(self, fragment: str) -> None:
        self._open = None
        for part in html_fragment_to_parts(fragment):
            self._emit(
                _Draft(
                    part.kind,
                    part.text,
                    level=part.level,
                    style="html",
                    bold=part.bold,
                    underline=part.underline,
                    raw=False,
                ),
                keep_list=part.kind == "list_item",
            )

    def _add_item(self, line: _Line, index: int, following: _Line | None) -> None:
        title = _bold_numbered_title(line)
        if title is not None:
            self._emit(title)
            return
        if index == 0 and following is not None and following.kind == "plain":
            heading = _section_heading(line)
            if heading is not None and not _starts_lower(following.text):
                self._emit(heading)
                return
        draft = _Draft(
            "list_item",
            line.text,
            level=self._list_level(line.indent),
            style="numbered" if line.numbered else "bullet",
            indent=line.indent,
            last_line=line.text,
        )
        self._emit(draft, keep_list=True)
        self._open = draft

    def _add_plain(self, line: _Line) -> None:
        draft = self._open
        if draft is not None and self._continues(draft, line):
            self._append(draft, line.text)
            return
        if _is_caps_heading(line.text):
            self._emit(
                _Draft(
                    "heading",
                    clean_inline(line.text)[0],
                    level=_CAPS_HEADING_LEVEL,
                    style="caps",
                    raw=False,
                )
            )
            return
        draft = _Draft("paragraph", line.text, indent=line.indent, last_line=line.text)
        self._emit(draft)
        self._open = draft

    def _continues(self, draft: _Draft, line: _Line) -> bool:
        """Whether ``line`` carries on the paragraph or list item above it."""
        previous = draft.last_line
        if _starts_lower(line.text) or _ends_with_connector(previous):
            return True
        if _FIELD_LINE_RE.match(line.text):
            return False
        wrapped_at = self._wrap_width
        wrapped = (
            wrapped_at is not None and len(previous.strip()) >= _WRAPPED_JOIN_SHARE * wrapped_at
        )
        if _FIELD_LINE_RE.match(previous) and not wrapped:
            # "Date: 14 May 2024" ends there; "Recommendation 1: By 30 September …" running
            # to the wrap width goes on below
            return False
        if draft.kind == "list_item" and line.indent > draft.indent:
            return True
        return wrapped

    @staticmethod
    def _append(draft: _Draft, text: str) -> None:
        draft.text = join_lines(draft.text, text)
        draft.last_line = text
        draft.n_lines += 1

    def _list_level(self, indent: int) -> int:
        stack = self._list_indents
        while stack and indent < stack[-1]:
            stack.pop()
        if not stack or indent > stack[-1]:
            stack.append(indent)
        return len(stack) - 1

    def _emit(self, draft: _Draft, *, keep_list: bool = False) -> None:
        if not keep_list:
            self._list_indents = []
        self.drafts.append(draft)


def _draft_to_block(draft: _Draft) -> Block | None:
    text, bold = clean_inline(draft.text) if draft.raw else (draft.text, False)
    if not text:
        return None
    return Block(
        kind=draft.kind,
        text=text,
        level=draft.level,
        style=draft.style,
        bold=draft.bold or bold,
        underline=draft.underline,
    )


def _prose_to_blocks(lines: list[str], wrap_width: int | None = None) -> list[Block]:
    """Headings, paragraphs and list items of the lines between tables."""
    assembler = _ProseAssembler(wrap_width)
    group: list[_Line] = []
    blanks = 0
    blanks_before_group = 0
    for line in lines:
        for classified in _classify_line(line):
            if classified.kind == "blank":
                if group:
                    assembler.add_group(group, blanks_before_group)
                    group, blanks = [], 0
                blanks += 1
                continue
            if not group:
                blanks_before_group = blanks
            group.append(classified)
    if group:
        assembler.add_group(group, blanks_before_group)
    return [block for block in map(_draft_to_block, assembler.drafts) if block is not None]


# A space-aligned "table" of fewer rows is more likely a signature block or an address.
MIN_SPACE_ALIGNED_ROWS = 3


def _space_aligned_table(lines: list[str], i: int) -> tuple[Block, int] | None:
    """A table whose columns survive only as runs of spaces (an earlier conversion's output)."""
    if "  " not in lines[i].strip():
        return None
    from extractors.table_layout import space_aligned_table

    found = space_aligned_table(lines, i)
    if found is None or len(found[0].rows) < MIN_SPACE_ALIGNED_ROWS:
        return None
    return found


_HTML_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_HTML_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_HTML_TABLE_TAG = re.compile(r"<(/)?table\b[^>]*>?", re.IGNORECASE)
_MAX_HTML_TABLE_LINES = 2000
_MAX_DATA_CELL_WORDS = 60


def _consume_html_table(lines: list[str], start: int) -> tuple[str, list[Block], str, int] | None:
    """An HTML ``<table>`` pasted into a Markdown page (a web export keeps its payment
    lists and layout grids so): the text before it, its table blocks, the text after it and
    the index after its last line. ``None`` when the table never closes."""
    depth, opened, end = 0, False, start
    while end < len(lines) and end - start < _MAX_HTML_TABLE_LINES:
        for tag in _HTML_TABLE_TAG.finditer(lines[end]):  # in order: "</table> <table>"
            if tag.group(1):
                depth -= 1 if depth else 0  # a close before any open closes nothing
            else:
                depth, opened = depth + 1, True
        end += 1
        if opened and depth == 0:
            break
    else:
        return None
    chunk = "\n".join(lines[start:end])
    first = _HTML_TABLE_OPEN.search(chunk)
    last = list(_HTML_TABLE_CLOSE.finditer(chunk))
    if first is None or not last:
        return None
    from selectolax.lexbor import LexborHTMLParser

    from extractors.readers.html import table_rows

    tree = LexborHTMLParser(chunk[first.start() : last[-1].end()])
    tables = [
        node
        for node in tree.css("table")
        if not any(parent.tag == "table" for parent in _ancestors(node))
    ]
    blocks = [
        Block(kind="table", rows=rows, style="html")
        for node in tables
        if (rows := table_rows(node))
    ]
    if any(
        len(cell.text.split()) > _MAX_DATA_CELL_WORDS
        for block in blocks
        for row in block.rows
        for cell in row.cells
    ):
        return None  # a layout grid holding the minutes' prose: read as text
    return chunk[: first.start()], blocks, chunk[last[-1].end() :], end


def _ancestors(node: object) -> list[object]:
    found = []
    parent = getattr(node, "parent", None)
    while parent is not None:
        found.append(parent)
        parent = getattr(parent, "parent", None)
    return found


def text_to_blocks(text: str) -> list[Block]:
    """All blocks of a normalised text, in reading order."""
    lines = text.split("\n")
    wrap_width = _hard_wrap_width(lines)
    blocks: list[Block] = []
    prose: list[str] = []
    i = 0
    while i < len(lines):
        if (
            _HTML_TABLE_OPEN.search(lines[i])
            and (html_table := _consume_html_table(lines, i)) is not None
        ):
            before, tables, after, i = html_table
            if before.strip():
                prose.append(before)
            blocks.extend(_prose_to_blocks(prose, wrap_width))
            prose = []
            blocks.extend(tables)
            if after.strip():
                prose.append(after)
        elif _is_cell_row(lines[i]):
            blocks.extend(_prose_to_blocks(prose, wrap_width))
            prose = []
            table_lines, i = _consume_tab_table(lines, i)
            blocks.append(tab_lines_to_table(table_lines))
        elif _starts_pipe_table(lines, i):
            blocks.extend(_prose_to_blocks(prose, wrap_width))
            prose = []
            table, i = _consume_pipe_table(lines, i)
            blocks.append(table)
        elif (aligned := _space_aligned_table(lines, i)) is not None:
            blocks.extend(_prose_to_blocks(prose, wrap_width))
            prose = []
            table, i = aligned
            blocks.append(table)
        else:
            prose.append(lines[i])
            i += 1
    blocks.extend(_prose_to_blocks(prose, wrap_width))
    return [b for b in blocks if not b.is_table or b.rows]


# Markdown's backslash escapes: a converter writes "1\\. Apologies" and "\\* item" so that
# a renderer prints them as typed. A pipe stays escaped: it separates a table's cells.
_MD_ESCAPE_RE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{}~])")


def unescape_markdown(text: str) -> str:
    """``"1\\. Apologies"`` → ``"1. Apologies"``; ``"\\* item"`` → ``"* item"``."""
    return _MD_ESCAPE_RE.sub(r"\1", text)


# ---------------------------------------------------------------------------
# Front matter
# ---------------------------------------------------------------------------

# A static-site Markdown file opens with a YAML block between "---" lines: the page's
# title, its posting date, its categories. It describes the page, not the paper.
_FRONT_MATTER_RE = re.compile(
    r"\A---[ \t]*\n(?P<body>(?:.*\n){0,60}?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)"
)
_FRONT_FIELD_RE = re.compile(r"^(?P<key>[A-Za-z][\w-]{0,30}):[ \t]*(?P<value>.*?)[ \t]*$")
_FRONT_FIELDS = frozenset({"title", "date", "author", "subject", "description"})


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``("---\\ntitle: "X"\\ndate: 2019-08-01\\n---\\nBody")`` → ``({"title": "X", "date":
    "2019-08-01"}, "Body")``: the scalar fields a reader can use, and the text after the block.

    Only a block at the very start whose lines are all ``key: value`` fields, list items
    or blank counts; anything else (a rule under a first line, a table) is left alone.
    """
    m = _FRONT_MATTER_RE.match(text)
    if m is None:
        return {}, text
    fields: dict[str, str] = {}
    for line in m.group("body").splitlines():
        if not line.strip() or line.lstrip().startswith(("- ", "#")) or line.strip() == "-":
            continue
        field = _FRONT_FIELD_RE.match(line)
        if field is None:
            return {}, text
        key, value = field.group("key").lower(), field.group("value").strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1].replace('\\"', '"').strip()
        if key in _FRONT_FIELDS and value:
            fields[key] = value
    if not fields:
        return {}, text
    return fields, text[m.end() :]


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def _read_bytes(path: Path, source_path: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError("not_found", detail=source_path) from exc
    except OSError as exc:
        raise ReadError("unreadable", detail=f"{source_path}: {exc.strerror or exc}") from exc


def read(path: Path, source_path: str, doc_id: str) -> Document:
    """Read a ``.txt`` / ``.md`` paper into a one-page ``Document``.

    Raises ``ParseError("no_text")`` for an empty or whitespace-only file and
    ``ParseError("corrupt")`` for binary content saved under a text name.
    """
    file_type = "md" if path.suffix.lower() in MARKDOWN_SUFFIXES else "txt"
    decoded = bytes_to_text(_read_bytes(path, source_path))
    if _looks_binary(decoded.text):
        raise ParseError(
            "corrupt", detail="it holds binary data, not text", file_type=file_type.upper()
        )
    text = normalise_text(decoded.text)
    front, text = split_front_matter(text)
    if file_type == "md":
        text = unescape_markdown(text)
    blocks = text_to_blocks(text) if text.strip() else []
    if not blocks:
        raise ParseError("no_text", file_type=file_type.upper())
    warnings = []
    if decoded.replaced:
        warnings.append(
            f"{decoded.replaced} character(s) could not be decoded as {decoded.encoding} "
            "and were replaced"
        )
    return Document(
        source_path=source_path,
        file_type=file_type,
        doc_id=doc_id,
        pages=[Page(number=1, blocks=blocks)],
        n_pages=None,
        properties={"encoding": decoded.encoding} | front,
        warnings=warnings,
    )
