"""List markers, in one place: the bullet glyphs every reader and the sections walker know.

A list item may open with

* a bullet glyph printed as itself (``•``, ``▪``, ``◦``, ``➢``, ``✓`` …);
* a symbol-font glyph with no Unicode meaning. Word's Symbol and Wingdings bullets come
  out of PDFs and DOCX files as Unicode private-use code points (U+E000–U+F8FF: ``\\uf0b7``,
  ``\\uf0a7``, ``\\uf0d8`` …); a PDF font without a ToUnicode map comes out of pdfminer as
  ``(cid:NNN)``; a converter that could not map it leaves U+FFFD;
* a dash, asterisk or plus sign, or Word's second-level ``o``, followed by a space (typed
  lists; ``TYPED_MARKS``).

The glyph is never part of the item's text. Readers decide "this line is a list item" with
``starts_with_bullet``/``strip_bullet``; inside a table cell, where the reader keeps the
cell's lines as text, a glyph is normalised to ``CANONICAL_BULLET`` so that later steps can
still see the list (``normalise_bullet``). The sections walker splits runs of glyphs glued
into one line with ``GLUED_BULLET``.

A glyph in the middle of a line is left alone unless it follows white space: an arrow
glyph a KPI table uses for its direction of travel is data, not a marker, when it stands
alone in its cell (``strip_bullet`` only strips a glyph that has text after it).
"""

from __future__ import annotations

import re

BULLET_GLYPHS = "•●▪◦‣⁃∙·■□➢➤►✓✔❖◆◇○"
"""Bullet glyphs printed as themselves."""
PRIVATE_USE = "\ue000-\uf8ff"
"""Symbol-font glyphs (Symbol, Wingdings) that PDF and DOCX exports leave as private-use."""
CANONICAL_BULLET = "•"

_GLYPH_CLASS = f"[{BULLET_GLYPHS}{PRIVATE_USE}\ufffd]"
GLYPH = rf"(?:\(cid:\d+\)|{_GLYPH_CLASS})"
"""One bullet glyph: printed, private-use, replacement character or pdfminer's ``(cid:N)``."""
TYPED_MARKS = "-–—*+o"
"""Typed list markers (dashes, asterisk, plus, Word's "o") that need a space after them."""

LEADING_BULLET = re.compile(rf"^\s*{GLYPH}(?:\s*{GLYPH})*\s*(?=\S)")
"""A line that opens with one or more glyphs, text after them."""
LEADING_MARKER = re.compile(
    rf"^\s*(?:{GLYPH}(?:\s*{GLYPH})*\s*|[{re.escape(TYPED_MARKS)}]\s+)(?=\S)"
)
"""A line that opens with a glyph or a typed dash/asterisk/"o" marker, text after it."""
WORD_SYMBOL_BULLETS = "\uf0b7\uf0a7\uf0d8\uf076\uf0fc"
"""The private-use code points of Word's own bullet choices (Symbol dot, Wingdings square,
arrowhead, diamond, tick); other private-use glyphs may be data, e.g. a KPI's arrow."""
RUN_GLYPH = f"[•●◦▪‣{WORD_SYMBOL_BULLETS}]"
"""Glyphs that mark an item even glued to the text before them ("Intro •one •two"); the
middle dot, squares, ticks and other symbol-font glyphs are bullets only opening a line."""
GLUED_BULLET = re.compile(rf"(?:^|\s){GLYPH}\s*")
"""A glyph at the start of a line or after white space: where a glued run splits."""
ANY_GLYPH = re.compile(GLYPH)

NUMBER_MARKER = re.compile(
    r"^(?:\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)]|\([a-z]\)|[ivx]{1,5}[.)]|\([ivx]{1,5}\))\s+(?=\S)"
)
"""Numbering typed before an item: ``1.``, ``1)``, ``(1)``, ``a.``, ``(a)``, ``iv.``, ``(iv)``."""


ITEM_TITLE_MAX_CHARS = 120
"""The longest bold numbered line read as an item's title (the PDF reader's short bold
heading, ``pdf.SHORT_HEADING_MAX_CHARS``)."""
EMPHASIS_HEADING_LEVEL = 3
"""The level of a heading known by its emphasis, not its style or size."""


def is_item_title(text: str) -> bool:
    """Whether a bold (or underlined) line that the source numbers reads as an agenda
    item's title ("Finance", "Minutes of the last meeting") rather than a bold sentence:
    short, with letters, no closing full stop, not a resolution's wording ("That …"). The
    DOCX and HTML readers apply it to a numbered line whose words are all emphasised, as the
    PDF reader reads a short bold numbered line (and the text reader its bold numbered
    Markdown item), so "4. Finance" in bold is a heading whatever the format; a bold bullet
    stays a list item."""
    text = text.strip()
    return (
        0 < len(text) <= ITEM_TITLE_MAX_CHARS
        and not text.endswith(".")
        and any(c.isalpha() for c in text)
        and not _RESOLUTION_WORDING.match(text)
    )


# A resolution's own wording, bold and numbered under "RESOLVED:": "That the budget be
# approved" is an item of the decision, not a title.
_RESOLUTION_WORDING = re.compile(r"^(?:that|the\s+council\s+resolves?)\b", re.IGNORECASE)


def starts_with_bullet(text: str) -> bool:
    """Whether ``text`` opens with a bullet glyph (any kind) followed by text."""
    return LEADING_BULLET.match(text) is not None


def strip_bullet(text: str) -> str:
    """``text`` without the glyph(s) it opens with; unchanged when it opens with none."""
    return LEADING_BULLET.sub("", text, count=1)


def normalise_bullet(text: str) -> str:
    """``"(cid:131) Audit"`` / ``"\\uf0b7 Audit"`` → ``"• Audit"``; other text unchanged."""
    if not starts_with_bullet(text):
        return text
    return f"{CANONICAL_BULLET} {strip_bullet(text)}"


def split_glued(text: str) -> list[str]:
    """``"• a • b"`` → ``["a", "b"]``; text before the first glyph is kept as its own part."""
    return [p.strip() for p in GLUED_BULLET.split(text) if p.strip()]


def has_glued_bullets(text: str) -> bool:
    return GLUED_BULLET.search(text) is not None
