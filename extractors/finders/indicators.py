"""Indicators: KPI rows with a value, target and RAG, summary table and detail page merged.

Two general forms are read, in any format:

* **A KPI table**: a column naming the measure and columns whose headers say what they
  hold (value, target, previous, RAG, direction of travel, comment; vocabulary in
  ``indicator_words``). The RAG is a word ("GREEN", "A") or a cell fill; a direction is
  a word, a glyph (▲, ↓, Wingdings é) or an arrow the PDF reader found drawn in the cell.
* **A label/value detail block**: a name followed by lines such as "Latest: 94%",
  "Target: 90%, Floor: 85%", "Previous: 89% (Amber)", in a table or as paragraphs.

A KPI printed both ways (a summary row, then a detail page) becomes one indicator: the
two are paired by name similarity with agreement of their RAGs; the summary's wording
names it, the detail block gives its figures and page.

Precision first: a table is taken only when its headers and cells say it reports
performance indicators. Coloured cells that are no RAG (statistical significance,
judgement grids, heat maps), scores, and financial tables (budget, forecast, variance, £)
are left for other finders.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from extractors.dates import MONTHS
from extractors.finders.context import FindContext
from extractors.finders.indicator_words import (
    AREA_SUFFIX_WORDS,
    ARROW_GLYPHS,
    ARROW_MEANING,
    COLUMN_WORDS,
    COMPARISON_WORDS,
    DIRECTION_WORDS,
    FINANCIAL_WORDS,
    GENERIC_HEADINGS,
    NAME_HEADER_WORDS,
    NOT_INDICATOR_WORDS,
    PROJECT_DIMENSIONS,
    RAG_STATUS_WORDS,
    RAG_SYMBOLS,
    STATUS_PERIODS,
)
from extractors.text_utils import clean, per_document
from extractors.vocab import RagLegend, rag_from_colour, rag_from_word
from pipeline.model import RGB, Block, Cell, Row
from pipeline.records import Extraction, Indicator

MAX_HEADER_ROWS = 3
MAX_HEADER_CELL_CHARS = 80
MIN_NAME_CHARS = 6
COLUMN_SHARE = 0.5
"""Share of a table's body rows that must hold a RAG (or a figure) for the column to count."""
MONEY_SHARE = 0.5
"""Tables whose figures are mostly sums of money are financial tables."""
DETAIL_COVERAGE = 0.6
"""Share of a detail line's characters the label/value pairs must account for."""
MAX_DETAIL_VALUE_CHARS = 40
MERGE_MIN_SCORE = 0.8
"""Name similarity (0..1, with RAG agreement added) needed to pair a summary row and a
detail block."""

_FIGURE = re.compile(
    r"^(?:[<>≤≥~]=?\s*)?[-+]?[£$€]?\s?\d[\d,]*(?:\.\d+)?\s*(?:%|[kmb]n?|p|pp|days?|weeks?|hrs?"
    r"|hours?|mins?|minutes?|per\s+[\d,]+)?(?:\s*\([^)]*\))?$|^n/?a$|^tbc$|^-$",
    re.IGNORECASE,
)
_MONEY = re.compile(r"[£$€]\s?\d|\d\s?(?:bn|m)\b", re.IGNORECASE)
_PERIOD = re.compile(
    r"\b(?:Q[1-4](?:\s*\d{2,4}(?:/\d{2,4})?)?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov"
    r"|dec)[a-z]*[\s-]*\d{2,4}|\d{4}\s*[/-]\s*\d{2,4}|(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_QUARTER_KEY = re.compile(r"\bQ([1-4])\s*(\d{2,4})", re.IGNORECASE)
_MONTH_KEY = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[\s-]*(\d{2,4})\b", re.IGNORECASE
)
_YEAR_KEY = re.compile(r"\b((?:19|20)\d{2})(?:\s*[/-]\s*\d{2,4})?\b")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _period_key(label: str) -> tuple[str, tuple[int, ...]] | None:
    """How a column's period sorts: ``"Q3 2024/25"`` → ``("quarter", (2024, 3))``."""
    if m := _QUARTER_KEY.search(label):
        return "quarter", (_year(m.group(2)), int(m.group(1)))
    if m := _MONTH_KEY.search(label):
        return "month", (_year(m.group(2)), MONTHS[m.group(1).lower()[:3]])
    if m := _YEAR_KEY.search(label):
        return "year", (int(m.group(1)),)
    return None


def _oldest_first(columns: list[int], labels: list[str]) -> list[int]:
    """Columns in time order when every header names a period of one kind; else as printed.

    Papers print the latest period first as often as last ("Q3 2024/25 | Q2 2024/25"),
    so the order on the page says nothing; the periods do.
    """
    keys = [_period_key(labels[i]) for i in columns]
    if len(columns) < 2 or any(k is None for k in keys) or len({k[0] for k in keys if k}) > 1:
        return columns
    return [i for _, i in sorted(zip([k[1] for k in keys if k], columns, strict=True))]


_REF_PREFIX = re.compile(
    r"^(?P<ref>[A-Z]{1,6}[ -]?\d{1,3}[a-z]?)\s*[:.)–-]\s*(?=\S)"  # "CS1: …", "ASC-04 – …"
    r"|^(?P<bare>[A-Z]{2,6}[ -]?\d{1,3}[a-z]?)\s+(?=\S)"  # "PH12 Number of …"
)
_PAREN_RAG = re.compile(r"\(\s*([A-Za-z/]+)\s*\)\s*$")
_GENERIC_SUFFIX = re.compile(
    r"[\s:–-]*\b(?:" + "|".join(re.escape(w) for w in AREA_SUFFIX_WORDS) + r")\s*$", re.IGNORECASE
)


def _words_pattern(words: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


_ROLE_PATTERNS = {role: _words_pattern(words) for role, words in COLUMN_WORDS.items()}
_NAME_HEADER = _words_pattern(NAME_HEADER_WORDS)
_COMPARISON = _words_pattern(COMPARISON_WORDS)
_NOT_INDICATOR = _words_pattern(NOT_INDICATOR_WORDS)
_FINANCIAL = _words_pattern(FINANCIAL_WORDS)
_PROJECT_DIMENSION = re.compile(
    r"^(?:"
    + "|".join(re.escape(w) for w in PROJECT_DIMENSIONS)
    + r")(?:\s+rag)?(?:\s+status)?\W*$",
    re.IGNORECASE,
)
_STATUS_ROW = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in (*PROJECT_DIMENSIONS, *STATUS_PERIODS)) + r")\W*$",
    re.IGNORECASE,
)
_DIRECTION = _words_pattern(tuple(DIRECTION_WORDS))
_GENERIC_HEADING = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in GENERIC_HEADINGS) + r")\W*$", re.IGNORECASE
)
_DETAIL_LABELS = ("value", "target", "floor", "previous")
_DETAIL_LABEL = re.compile(
    r"(?<![\w])(?P<label>"
    + "|".join(
        sorted(
            (re.escape(w) for role in _DETAIL_LABELS for w in COLUMN_WORDS[role]),
            key=len,
            reverse=True,
        )
    )
    + r")(?:\s*\([^)]{1,30}\))?\s*(?:[:=]\s*|(?=[£$€]?\d))",
    re.IGNORECASE,
)
_LABEL_ROLE = {w: role for role in _DETAIL_LABELS for w in COLUMN_WORDS[role]}
_WORD_LABELS = ("rag", "direction")
_WORD_LABEL = re.compile(
    r"(?<![\w])(?P<label>"
    + "|".join(
        sorted(
            (re.escape(w) for role in _WORD_LABELS for w in COLUMN_WORDS[role] if w != "change"),
            key=len,
            reverse=True,
        )
    )
    + r")\s*:\s*",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
"""The figure ``_DETAIL_LABEL`` may see after a label without a separator (the same ``\\d``)."""
_WORD_LABEL_ROLE = {w: role for role in _WORD_LABELS for w in COLUMN_WORDS[role]}


# --- cells --------------------------------------------------------------------------


def _rag_word(text: str) -> str | None:
    """A RAG colour word alone in a cell ("GREEN", "A", "Red/Amber", 🟢); verdicts are not."""
    if text.strip() in RAG_SYMBOLS:
        return RAG_SYMBOLS[text.strip()]
    rating = rag_from_word(text)
    if rating is None or text.strip().lower() not in _rag_spellings():
        return None
    return rating


@functools.cache
def _rag_spellings() -> frozenset[str]:
    letters = {"r", "a", "g", "b", "red", "amber", "green", "blue", "yellow"}
    return frozenset(
        w
        for w in (
            *letters,
            *(f"{a}/{b}" for a in letters for b in letters),
            *(f"{a} / {b}" for a in letters for b in letters),
        )
    )


def _rag_colour(cell: Cell) -> RGB | None:
    """The colour a cell shows a rating in: a dot drawn in it, else its fill (an arrow's
    colour is left out: it may say good or bad, not the RAG)."""
    if cell.mark is not None and cell.arrow is None and rag_from_colour(cell.mark):
        return cell.mark
    return cell.fill


def _hex(fill: RGB) -> str:
    return "#" + "".join(f"{round(v * 255):02x}" for v in fill)


def _looks_coloured(fill: RGB | None) -> bool:
    """A saturated fill: a rating would be printed like this (greys and tints are not)."""
    if fill is None:
        return False
    hi, lo = max(fill), min(fill)
    return hi > 0.2 and (hi - lo) / hi >= 0.35


@dataclass(slots=True)
class _Reading:
    """Everything the document says about how to read its colours and arrows."""

    legend: RagLegend
    arrow_meaning: dict[str, str]
    keyed: set[str] = field(default_factory=set)
    """Arrows whose meaning the document's own key gives."""
    unmapped: list[str] = field(default_factory=list)
    unkeyed: set[str] = field(default_factory=set)
    """Arrows read with the default meaning, for lack of a key."""

    def arrow(self, direction: str) -> str | None:
        if direction not in self.keyed:
            self.unkeyed.add(direction)
        return self.arrow_meaning.get(direction)

    def cell_rag(self, cell: Cell, *, allow_fill: bool) -> tuple[str | None, str | None]:
        """``(rating, as printed)`` of a cell: its word, else (when allowed) its fill."""
        text = (cell.text or "").strip()
        word = _rag_word(text) if text else None
        if word:
            return word, text
        if text or not allow_fill:
            return None, None
        fill = _rag_colour(cell)
        rating = self.legend.rating(fill)
        if rating is None and _looks_coloured(fill) and fill is not None:
            colour = _hex(fill)
            if colour not in self.unmapped:
                self.unmapped.append(colour)
        return rating, None

    def labelled_rag(self, cell: Cell) -> tuple[str | None, str | None]:
        """The RAG of a cell in a column headed "RAG" or "Status": a status word
        ("On target"), else the fill behind whatever word is printed."""
        text = clean(cell.text) or ""
        status = RAG_STATUS_WORDS.get(text.lower().strip(" .!"))
        if status:
            return status, text
        rating = self.legend.rating(_rag_colour(cell)) if text else None
        return rating, (text or None) if rating else None

    def direction(self, cell: Cell) -> str | None:
        text = (cell.text or "").strip()
        if cell.arrow:
            return self.arrow(cell.arrow)
        return self.text_direction(text)

    def text_direction(self, text: str) -> str | None:
        text = _CID.sub(_cid_to_symbol, text).strip()
        if not text:
            return None
        if match := _DIRECTION.search(text):
            return DIRECTION_WORDS[match.group(0).lower()]
        glyphs = [ARROW_GLYPHS[ch] for ch in text if ch in ARROW_GLYPHS and not ch.isalpha()]
        if not glyphs and len(text) == 1 and text in ARROW_GLYPHS:
            glyphs = [ARROW_GLYPHS[text]]  # a Wingdings letter standing alone
        if glyphs:
            return self.arrow(glyphs[0])
        return None


def _document_reading(ctx: FindContext) -> _Reading:
    """The document's RAG key (words on fills) and direction key (arrow beside a meaning)."""
    colours: list[tuple[RGB, str]] = []
    meaning = dict(ARROW_MEANING)
    keyed: set[str] = set()

    def key(arrow: str, word: str) -> None:
        if arrow not in keyed:
            meaning[arrow] = DIRECTION_WORDS[word.lower()]
            keyed.add(arrow)

    for block in ctx.blocks:
        if not block.is_table:
            for arrow, word in _glyph_key(block.text):
                key(arrow, word)
            continue
        for row in block.rows:
            for cell in row.cells:
                rating = _rag_word(cell.text or "")
                if rating and cell.fill is not None and all(c != cell.fill for c, _ in colours):
                    colours.append((cell.fill, rating))
                for arrow, word in _glyph_key(cell.text or ""):
                    key(arrow, word)
            arrows = [_cell_arrow(c) for c in row.cells]
            arrows = [a for a in arrows if a]
            if len(arrows) != 1:
                continue
            words = [m for c in row.cells if (m := _DIRECTION.search(c.text or ""))]
            if len(words) == 1:
                key(arrows[0], words[0].group(0))
    return _Reading(RagLegend(colours), meaning, keyed)


MAX_KEY_CHARS = 200
_KEY_GLYPHS = "".join(re.escape(g) for g in ARROW_GLYPHS if not g.isalpha() and g != "=")
_GLYPH_ENTRY = re.compile(rf"([{_KEY_GLYPHS}])\s*[=:–-]?\s*([^{_KEY_GLYPHS}]+)")


def _glyph_key(text: str) -> list[tuple[str, str]]:
    """``[("up", "improving"), …]`` from a printed key such as "▲ Improving ▼ Worsening"."""
    if not text or len(text) > MAX_KEY_CHARS:
        return []
    found = []
    for glyph, words in _GLYPH_ENTRY.findall(text):
        if m := _DIRECTION.search(words):
            found.append((ARROW_GLYPHS[glyph], m.group(0)))
    return found


_CID = re.compile(r"\(cid:(\d{1,3})\)")


def _cid_to_symbol(match: re.Match[str]) -> str:
    """pdfminer's ``(cid:233)`` of a symbol font → the private-use code point Word uses."""
    code = int(match.group(1))
    return chr(0xF000 + code) if code < 256 else match.group(0)


def _cell_arrow(cell: Cell) -> str | None:
    if cell.arrow:
        return cell.arrow
    text = _CID.sub(_cid_to_symbol, cell.text or "").strip()
    if len(text) == 1 and text in ARROW_GLYPHS:
        return ARROW_GLYPHS[text]
    return None


# --- headings and areas ---------------------------------------------------------------


class _Headings:
    """The headings above the current block, by level."""

    def __init__(self) -> None:
        self.stack: list[Block] = []

    def see(self, block: Block) -> None:
        if block.kind != "heading" or not block.text.strip():
            return
        self.stack = [h for h in self.stack if h.level < block.level]
        self.stack.append(block)

    def area(self) -> str | None:
        return _area_of(tuple(self.stack))


def _area_of(stack: tuple[Block, ...], skip: Block | None = None) -> str | None:
    """The nearest heading naming a service; above a "Key Performance Indicators" one.
    ``skip`` is a heading that names the indicator itself."""
    generic_level = None
    for heading in reversed(stack):
        text = clean(heading.text) or ""
        if heading is skip:
            continue
        if _GENERIC_HEADING.match(text):
            generic_level = heading.level
        elif generic_level is None or heading.level < generic_level:
            return text
    return None


def _area_from_header(text: str) -> str | None:
    text = clean(text) or ""
    if (
        not text
        or _NAME_HEADER.fullmatch(text)
        or _ROLE_PATTERNS["area"].fullmatch(text)
        or _GENERIC_HEADING.match(text)
    ):
        return None
    stripped = _GENERIC_SUFFIX.sub("", text).strip(" :–-")
    return stripped or None


# --- KPI tables -----------------------------------------------------------------------


@dataclass(slots=True)
class _Columns:
    """Where each part of an indicator sits in a KPI table (column indexes)."""

    name: int
    labels: list[str]
    values: list[int] = field(default_factory=list)
    """Columns of the latest figure, left to right: a run of periods ("Q1", "Q2", …) gives
    several, and each row's latest is its rightmost figure."""
    rags: list[int] = field(default_factory=list)
    """RAG columns not headed "previous", left to right (the rightmost rated is the latest)."""
    previous_rag: int | None = None
    target: int | None = None
    floor: int | None = None
    previous: int | None = None
    direction: int | None = None
    comment: int | None = None
    ref: int | None = None
    area: int | None = None
    """A column naming the service or theme each row belongs to (merged down, often)."""

    def taken(self) -> set[int]:
        single = (
            self.area,
            self.previous_rag,
            self.target,
            self.floor,
            self.previous,
            self.direction,
            self.comment,
            self.ref,
        )
        return {*self.values, *self.rags, *(i for i in single if i is not None)}


def _laid_out(row: Row) -> list[Cell]:
    """The row's cells on the column grid: a cell spanning ``n`` columns is followed by
    ``n - 1`` empty placeholders (added here where the reader did not)."""
    out: list[Cell] = []
    cells = row.cells
    i = 0
    while i < len(cells):
        cell = cells[i]
        out.append(cell)
        i += 1
        following = cells[i : i + cell.col_span - 1]
        padded = len(following) == cell.col_span - 1 and all(
            c.continued and not c.text and c.col_span == 1 for c in following
        )
        if cell.col_span > 1 and not padded:
            out.extend(Cell("", fill=cell.fill, continued=True) for _ in range(cell.col_span - 1))
    return out


def _is_title_row(cells: list[Cell]) -> bool:
    """A caption row over the header: one text across the table ("Scorecard Q3 2024/25")."""
    filled = [c for c in cells if (c.text or "").strip()]
    return len(cells) >= 3 and len(filled) == 1


def _header_labels(block: Block, n_header: int) -> list[str]:
    """Each column's header text, spans carried to the columns they cover (a caption row
    over the header is left out)."""
    grid = [_laid_out(r) for r in block.rows]
    width = max(len(cells) for cells in grid)
    labels = [""] * width
    for cells in grid[:n_header]:
        if _is_title_row(cells):
            continue
        carried = ""
        for i in range(width):
            cell = cells[i] if i < len(cells) else None
            if cell is None:
                continue
            if cell.continued and not cell.text:
                text = carried
            else:
                text = clean(cell.text) or ""
                carried = text if cell.col_span > 1 else ""
            if text and text not in labels[i]:
                labels[i] = f"{labels[i]} {text}".strip()
    return labels


def _count_header_rows(block: Block) -> int:
    """How many rows at the top are header rows: words naming columns, no RAG, no figures."""
    n = 0
    headed = False
    for row in block.rows[:MAX_HEADER_ROWS]:
        texts = [clean(c.text) or "" for c in row.cells if not c.continued]
        filled = [t for t in texts if t]
        if not filled or any(_rag_word(t) for t in filled):
            break
        if any(len(t) > MAX_HEADER_CELL_CHARS for t in filled):
            break
        if any(_FIGURE.match(t) and not _PERIOD.search(t) for t in filled):
            break
        worded = any(p.search(t) for t in filled for p in _ROLE_PATTERNS.values())
        if not headed and not worded and _is_title_row(_laid_out(row)):
            n += 1
            continue
        if not (row.is_header or worded):
            break
        headed = True
        n += 1
    return n if headed else 0


def _cell(row_cells: list[Cell], i: int | None) -> Cell | None:
    if i is None or i >= len(row_cells):
        return None
    return row_cells[i]


def _text(row_cells: list[Cell], i: int | None) -> str:
    cell = _cell(row_cells, i)
    return (clean(cell.text) or "") if cell is not None else ""


def _rag_column_share(body: list[list[Cell]], i: int, reading: _Reading, label: str) -> float:
    """Share of body rows whose cell ``i`` holds a RAG: a colour word, an empty cell in a
    RAG colour, or (in a column headed "RAG" / "Status") a status word or a coloured word."""
    if _COMPARISON.search(label):
        return 0.0
    rag_label = bool(_ROLE_PATTERNS["rag"].search(label))
    fill_ok = not label or bool(
        rag_label
        or _ROLE_PATTERNS["value"].search(label)
        or _ROLE_PATTERNS["previous"].search(label)
        or _PERIOD.search(label)
    )
    hits = 0
    fill_ratings: set[str] = set()
    for cells in body:
        cell = _cell(cells, i)
        if cell is None:
            continue
        text = (cell.text or "").strip()
        if text:
            if not (_rag_word(text) or (rag_label and reading.labelled_rag(cell)[0])):
                return 0.0  # a column of other words or figures, coloured or not
            hits += 1
        elif (
            fill_ok
            and (rating := rag_from_colour(_rag_colour(cell)))
            and not _shaded_row(cells, cell)
        ):
            hits += 1
            fill_ratings.add(rating)
    if not label and len(fill_ratings) == 1:
        # an unheaded column of one colour is decoration unless some cell says a word
        words = sum(bool(_rag_word(_text(cells, i))) for cells in body)
        if not words:
            return 0.0
    return hits / len(body) if body else 0.0


def _shaded_row(cells: list[Cell], cell: Cell) -> bool:
    """Whether ``cell``'s colour shades its whole row (a band behind words), not a RAG."""
    if cell.fill is None or _rag_colour(cell) is not cell.fill:
        return False
    return any(
        other is not cell
        and other.fill == cell.fill
        and (other.text or "").strip()
        and not _rag_word(other.text)
        for other in cells
    )


def _figure_share(body: list[list[Cell]], i: int) -> float:
    texts = [_text(cells, i) for cells in body]
    return sum(bool(t and _FIGURE.match(t)) for t in texts) / len(body) if body else 0.0


def _name_column(body: list[list[Cell]], labels: list[str], taken: set[int]) -> int | None:
    for i, label in enumerate(labels):
        if i not in taken and _NAME_HEADER.search(label):
            return i
    best, best_distinct = None, 0
    for i in range(len(labels)):  # else the column naming the most distinct things
        if i in taken:
            continue
        texts = [_text(cells, i) for cells in body]
        wordy = [t for t in texts if len(t) >= MIN_NAME_CHARS and re.search(r"[A-Za-z]{3}", t)]
        if len(wordy) < max(1, COLUMN_SHARE * len(body)) or all(_FIGURE.match(t) for t in wordy):
            continue
        if len(set(wordy)) > best_distinct:
            best, best_distinct = i, len(set(wordy))
    return best


def _columns(block: Block, n_header: int, reading: _Reading) -> _Columns | None:
    labels = _header_labels(block, n_header)
    body = [_laid_out(r) for r in block.rows[n_header:]]
    if not body:
        return None
    cols = _Columns(name=-1, labels=labels)
    for i, label in enumerate(labels):
        if _PROJECT_DIMENSION.match(label):
            continue  # a project status grid's dimension ("Budget", "Overall")
        if _rag_column_share(body, i, reading, label) < COLUMN_SHARE:
            continue
        if _ROLE_PATTERNS["previous"].search(label) and cols.previous_rag is None:
            cols.previous_rag = i
        else:
            cols.rags.append(i)
    for i, label in enumerate(labels):
        if i in cols.taken() or not label:
            continue
        figures = _figure_share(body, i) >= COLUMN_SHARE
        if _ROLE_PATTERNS["direction"].search(label) and cols.direction is None:
            cols.direction = i
        elif _ROLE_PATTERNS["previous"].search(label) and figures and cols.previous is None:
            cols.previous = i
        elif _ROLE_PATTERNS["target"].search(label) and figures and cols.target is None:
            cols.target = i
        elif _ROLE_PATTERNS["floor"].search(label) and figures and cols.floor is None:
            cols.floor = i
        elif _ROLE_PATTERNS["comment"].search(label) and cols.comment is None:
            cols.comment = i
        elif _ROLE_PATTERNS["ref"].search(label) and cols.ref is None and not figures:
            cols.ref = i
        elif figures and (_ROLE_PATTERNS["value"].search(label) or _PERIOD.search(label)):
            cols.values.append(i)
        elif (
            _ROLE_PATTERNS["area"].search(label)
            and not _NAME_HEADER.search(label)
            and not figures
            and cols.area is None
        ):
            cols.area = i
    if not cols.values and (cols.target is not None or cols.rags):
        # one more column of figures, headed with the measure's unit ("Satisfaction", "Days")
        spare = [
            i
            for i, label in enumerate(labels)
            if i not in cols.taken() and label and _figure_share(body, i) >= COLUMN_SHARE
        ]
        if len(spare) == 1:
            cols.values = spare
    cols.values = _oldest_first(cols.values, labels)
    cols.rags = _oldest_first(cols.rags, labels)
    name = _name_column(body, labels, cols.taken())
    if name is None and cols.area is not None:  # "Service | Latest | Target": it names them
        name, cols.area = cols.area, None
    if name is None:
        return None
    cols.name = name
    return cols


def _is_kpi_table(block: Block, n_header: int, cols: _Columns) -> bool:
    labels = cols.labels
    body = [_laid_out(r) for r in block.rows[n_header:]]
    has_rag = bool(cols.rags) or cols.previous_rag is not None
    named = bool(_NAME_HEADER.search(" ".join(labels)))
    figure_columns = [*cols.values, cols.target, cols.previous]
    figures = [_text(c, i) for c in body for i in figure_columns if i is not None]
    figures = [f for f in figures if f]
    if figures and sum(bool(_MONEY.search(f)) for f in figures) / len(figures) >= MONEY_SHARE:
        return False  # a financial table
    if any(_FINANCIAL.search(label) for i, label in enumerate(labels) if i != cols.comment):
        return False  # a financial table
    roles = cols.taken() - {cols.ref}
    for i, label in enumerate(labels):
        if (
            i != cols.comment
            and _NOT_INDICATOR.search(label)
            and (i not in roles or i == cols.name)
        ):
            return False  # a register, an action plan, a judgement grid, a grant list
    names = [_text(c, cols.name) for c in body]
    names = [n for n in names if n]
    if sum(bool(_STATUS_ROW.match(n)) for n in names) * 2 >= len(names):
        return False  # rows of a project status grid (timeline, budget …; current, previous)
    rag_columns = [*cols.rags, *([cols.previous_rag] if cols.previous_rag is not None else [])]
    headed = any(labels[i] for i in rag_columns)
    if has_rag:
        return bool(
            cols.values
            or cols.target is not None
            or cols.direction is not None
            or (len(rag_columns) >= 2 and headed)  # latest and previous RAG
            or named
        )
    return bool(cols.values) and cols.target is not None


@dataclass(slots=True)
class _TableRead:
    indicators: list[Indicator]
    cols: _Columns
    area: str | None
    """The area in force at the table's end (a continuation on the next page keeps it)."""
    last_page: int | None


def _continues_kpi_table(block: Block, cols: _Columns, reading: _Reading) -> bool:
    """Whether a table with no header row is the rest of a KPI table the page break cut."""
    body = [_laid_out(r) for r in block.rows]
    if max(len(cells) for cells in body) != len(cols.labels):
        return False
    if _name_column(body, cols.labels, cols.taken()) != cols.name:
        return False
    rag_ok = any(
        _rag_column_share(body, i, reading, cols.labels[i]) >= COLUMN_SHARE for i in cols.rags
    )
    value_ok = any(
        _figure_share(body, i) >= COLUMN_SHARE for i in [*cols.values, cols.target] if i is not None
    )
    return rag_ok or value_ok


def _table_indicators(
    block: Block, reading: _Reading, area: str | None, cut: _TableRead | None = None
) -> _TableRead | None:
    """The indicators of a KPI table; ``cut`` is the KPI table just before it, whose
    columns a headerless table on the next page takes."""
    n_header = _count_header_rows(block)
    if n_header:
        cols = _columns(block, n_header, reading)
        if cols is None or not _is_kpi_table(block, n_header, cols):
            return None
        area = _area_from_header(cols.labels[cols.name]) or area
    elif cut is not None and _continues_kpi_table(block, cut.cols, reading):
        cols, area = cut.cols, cut.area
    else:
        return None
    found: list[Indicator] = []
    for row in block.rows[n_header:]:
        cells = _laid_out(row)
        name = _text(cells, cols.name)
        if not name:
            continue
        others = [c for i, c in enumerate(cells) if i != cols.name]
        if not any(
            (c.text or "").strip() or rag_from_colour(_rag_colour(c)) or c.arrow for c in others
        ):
            area = _area_from_header(name) or area  # a section row inside the table
            continue
        indicator = _row_indicator(cells, cols, reading)
        if indicator is None:
            continue
        indicator.ref, indicator.name = _split_ref(name, _text(cells, cols.ref) or None)
        area = _text(cells, cols.area) or area
        indicator.area = area
        indicator.page = row.page or block.page
        found.append(indicator)
    if not found:
        return None
    return _TableRead(found, cols, area, block.rows[-1].page or block.page)


def _row_indicator(cells: list[Cell], cols: _Columns, reading: _Reading) -> Indicator | None:
    """One body row's figures, RAGs and direction; None when it holds none of them."""
    filled = [i for i in cols.values if _text(cells, i)]
    value_at = filled[-1] if filled else None
    previous_at = (
        cols.previous if cols.previous is not None else (filled[-2] if len(filled) > 1 else None)
    )
    rated = [(i, *_rag_at(cells, i, cols, reading)) for i in cols.rags]
    rated = [(i, rating, raw) for i, rating, raw in rated if rating]
    rag, rag_raw = (rated[-1][1], rated[-1][2]) if rated else (None, None)
    if cols.previous_rag is not None:
        previous_rag = _rag_at(cells, cols.previous_rag, cols, reading)[0]
    else:
        previous_rag = rated[-2][1] if len(rated) > 1 else None
    if not cols.rags and cols.previous_rag is None and cols.target is not None:
        rag = _fill_rag(_cell(cells, value_at), reading)  # the figure's own cell coloured
        previous_rag = _fill_rag(_cell(cells, previous_at), reading)
    direction_cell = _cell(cells, cols.direction)
    value = _text(cells, value_at) or None
    target = _text(cells, cols.target) or None
    if not (value or target or rag):
        return None
    period = None
    if value_at is not None and (m := _PERIOD.search(cols.labels[value_at])):
        period = m.group(0)
    return Indicator(
        name="",
        period=period,
        value=value,
        target=target,
        rag=rag,
        rag_raw=rag_raw,
        previous_value=_text(cells, previous_at) or None,
        previous_rag=previous_rag,
        direction=reading.direction(direction_cell) if direction_cell is not None else None,
        comment=_text(cells, cols.comment) or None,
        floor=_text(cells, cols.floor) or None,
    )


def _rag_at(
    cells: list[Cell], i: int | None, cols: _Columns, reading: _Reading
) -> tuple[str | None, str | None]:
    cell = _cell(cells, i)
    if cell is None or i is None:
        return None, None
    rating, raw = reading.cell_rag(cell, allow_fill=True)
    if rating is None and _ROLE_PATTERNS["rag"].search(cols.labels[i]):
        rating, raw = reading.labelled_rag(cell)
    return rating, raw


def _fill_rag(cell: Cell | None, reading: _Reading) -> str | None:
    if cell is None or not (cell.text or "").strip():
        return None
    return reading.legend.rating(cell.fill)


def _split_ref(name: str, ref: str | None) -> tuple[str | None, str]:
    if ref:
        return ref, name
    m = _REF_PREFIX.match(name)
    if m and len(name) - m.end() >= MIN_NAME_CHARS:
        return m.group("ref") or m.group("bare"), name[m.end() :].strip()
    return None, name


# --- label/value detail blocks --------------------------------------------------------


def _is_detail_value(text: str) -> bool:
    """A figure as a detail line prints it ("94%", "1,234", "97% (Green)", "n/a"); not a
    date ("March 2025") or a sentence."""
    return 0 < len(text) <= MAX_DETAIL_VALUE_CHARS and bool(_FIGURE.match(text))


def _label_pairs(text: str) -> dict[str, str] | None:
    """``{"value": "94%", "target": "90%", …}`` when ``text`` is label/value pairs only."""
    pairs = _read_label_pairs(text)
    return dict(pairs) if pairs is not None else None


@per_document
def _read_label_pairs(text: str) -> tuple[tuple[str, str], ...] | None:
    text = clean(text) or ""
    if ":" not in text and "=" not in text and not _DIGIT.search(text):
        return None  # a label is followed by ":" (or "=" or a figure): there is none
    matches = sorted(
        [*_DETAIL_LABEL.finditer(text), *_WORD_LABEL.finditer(text)], key=lambda m: m.start()
    )
    if not matches:
        return None
    pairs: dict[str, str] = {}
    covered = 0
    for m, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        value = text[m.end() : end].strip(" ,;|")
        label = m.group("label").lower()
        if m.re is _WORD_LABEL:
            role = _WORD_LABEL_ROLE[label]
            if not value or len(value) > MAX_DETAIL_VALUE_CHARS:
                return None
        elif _is_detail_value(value):
            role = _LABEL_ROLE[label]
        else:
            return None
        pairs.setdefault(role, value)
        covered += end - m.start()
    if covered < DETAIL_COVERAGE * len(text) or matches[0].start() > (1 - DETAIL_COVERAGE) * len(
        text
    ):
        return None
    return tuple(pairs.items())


@dataclass(slots=True)
class _Detail:
    name: str
    page: int | None
    area: str | None
    rag: str | None = None
    rag_raw: str | None = None
    previous_rag: str | None = None
    direction: str | None = None
    comment: str | None = None
    pairs: dict[str, str] = field(default_factory=dict)
    period: str | None = None
    carded: bool = False
    """Named by a label cell ("Indicator" | "…"): label/value cell pairs may follow."""

    def complete(self) -> bool:
        if "value" not in self.pairs or len(self.pairs) + bool(self.rag) < 2:
            return False
        return not _MONEY.search(self.pairs["value"])  # a financial summary

    def to_indicator(self) -> Indicator:
        previous = self.pairs.get("previous")
        previous_rag = self.previous_rag
        if previous and (m := _PAREN_RAG.search(previous)) and _rag_word(m.group(1)):
            previous_rag = _rag_word(m.group(1))
            previous = previous[: m.start()].strip() or None
        ref, name = _split_ref(self.name, None)
        return Indicator(
            name=name,
            ref=ref,
            area=self.area,
            value=self.pairs.get("value"),
            target=self.pairs.get("target"),
            floor=self.pairs.get("floor"),
            rag=self.rag,
            rag_raw=self.rag_raw,
            previous_value=previous,
            previous_rag=previous_rag,
            direction=self.direction,
            comment=self.comment,
            period=self.period,
            page=self.page,
        )


_CARD_ROLES = (
    "direction",
    "previous",
    "target",
    "floor",
    "rag",
    "comment",
    "name",
    "value",
    "period",
)
MAX_CARD_LABEL_WORDS = 4


def _card_label(text: str) -> str | None:
    """The role of a label cell ("Target", "Latest position:", "Direction of travel",
    "Previous RAG"); None for any other text."""
    text = (clean(text) or "").rstrip(":").strip()
    words = _PERIOD.sub("", text).split()
    if (
        not text
        or not words
        or len(words) > MAX_CARD_LABEL_WORDS
        or re.search(r"\d", _PERIOD.sub("", text))
    ):
        return None
    for role in _CARD_ROLES:
        if _ROLE_PATTERNS[role].search(text):
            if role == "previous" and _ROLE_PATTERNS["rag"].search(text):
                return "previous_rag"
            return role
    return None


def _label_cells(cells: list[Cell]) -> list[tuple[str, Cell]] | None:
    """``[(role, value cell), …]`` when a row is label cells each followed by its value."""
    cells = [c for c in cells if (c.text or "").strip() or _rag_colour(c) or c.arrow]
    out: list[tuple[str, Cell]] = []
    i = 0
    while i < len(cells):
        role = _card_label(cells[i].text or "")
        if role is None or i + 1 >= len(cells):
            return None
        out.append((role, cells[i + 1]))
        i += 2
    return out or None


def _apply_card(detail: _Detail | None, role: str, cell: Cell, reading: _Reading) -> _Detail | None:
    """Add one label/value cell pair to the record being read; None if it has no place."""
    text = clean(cell.text) or ""
    if detail is None or not detail.carded:
        return None
    if role in ("rag", "previous_rag"):
        rating, raw = reading.cell_rag(cell, allow_fill=True)
        if rating is None:
            rating, raw = reading.labelled_rag(cell)
        if role == "rag" and detail.rag is None:
            detail.rag, detail.rag_raw = rating, raw
        elif role == "previous_rag" and rating:
            detail.previous_rag = rating
    elif role == "direction":
        detail.direction = detail.direction or reading.direction(cell)
    elif role == "comment":
        detail.comment = detail.comment or text or None
    elif role == "period":
        detail.period = detail.period or text or None
    elif role in _DETAIL_LABELS and _is_detail_value(text):
        detail.pairs.setdefault(role, text)
    return detail


def _table_details(block: Block, reading: _Reading, area: str | None) -> list[_Detail]:
    """Detail blocks in a table: a name row (with its RAG and arrow) and label/value rows
    ("Latest: 94%" cells, or "Target" | "90%" cell pairs), one KPI after another."""
    details: list[_Detail] = []
    current: _Detail | None = None
    for row in block.rows:
        cells = [c for c in _laid_out(row) if not (c.continued and not c.text)]
        texts = [clean(c.text) or "" for c in cells]
        filled = [t for t in texts if t]
        if not filled:
            continue
        pairs = [p for t in filled if (p := _label_pairs(t))]
        if pairs and len(pairs) == len(filled):
            if current is not None:
                for p in pairs:
                    _absorb(current, p, reading)
            continue
        card = _label_cells(cells)
        if card:
            for role, cell in card:
                if role == "name":
                    name = clean(cell.text) or ""
                    if len(name) < MIN_NAME_CHARS:
                        current = None
                        continue
                    current = _Detail(name, row.page or block.page, area, carded=True)
                    details.append(current)
                else:
                    current = _apply_card(current, role, cell, reading)
            continue
        if current is not None and current.carded and len(filled) == 2:
            continue  # a label this finder does not know, inside a card: skip it
        first = filled[0]
        if len(first) < MIN_NAME_CHARS or not re.search(r"[A-Za-z]{3}", first) or _rag_word(first):
            current = None
            continue
        current = _Detail(first, row.page or block.page, area)
        for cell in cells:
            if (clean(cell.text) or "") == first:
                continue
            rating, raw = reading.cell_rag(cell, allow_fill=True)
            if rating and current.rag is None:
                current.rag, current.rag_raw = rating, raw
            direction = reading.direction(cell)
            if direction and current.direction is None:
                current.direction = direction
        details.append(current)
    return [d for d in details if d.complete()]


def _text_details(
    blocks: list[Block], stacks: list[tuple[Block, ...]], reading: _Reading
) -> list[_Detail]:
    """Detail lines printed as paragraphs, named by the heading or short line above them."""
    details: list[_Detail] = []
    current: _Detail | None = None
    for i, block in enumerate(blocks):
        if block.is_table:
            current = None
            continue
        pairs = _label_pairs(block.text)
        if pairs:
            if current is None:
                found = _title_above(blocks, i)
                if found is None:
                    continue
                title_block, rag = found
                area = _area_of(stacks[i], skip=title_block)
                title = clean(title_block.text) or ""
                current = _Detail(title, title_block.page, area, rag=rag)
                details.append(current)
            _absorb(current, pairs, reading)
            continue
        current = None
    return [d for d in details if d.complete()]


MAX_TITLE_CHARS = 200


def _title_above(blocks: list[Block], i: int) -> tuple[Block, str | None] | None:
    """The name a detail line sits under: the heading or short line above it, past a line
    holding only its RAG word; with that RAG."""
    rag = None
    for above in reversed(blocks[max(0, i - 3) : i]):
        text = clean(above.text) or ""
        if above.is_table or not text:
            return None
        if _rag_word(text):
            rag = rag or _rag_word(text)
            continue
        if len(text) > MAX_TITLE_CHARS or text.endswith((".", ":")) or _GENERIC_HEADING.match(text):
            return None
        return above, rag
    return None


def _absorb(detail: _Detail, pairs: dict[str, str], reading: _Reading) -> None:
    """Add a detail line's label/value pairs to its record (RAG and direction as words)."""
    for role, value in pairs.items():
        if role == "rag":
            rating = _rag_word(value) or RAG_STATUS_WORDS.get(value.lower().strip(" ."))
            detail.rag = detail.rag or rating
            detail.rag_raw = detail.rag_raw or (value if rating else None)
        elif role == "direction":
            detail.direction = detail.direction or reading.text_direction(value)
        else:
            detail.pairs.setdefault(role, value)


# --- pairing summary rows with detail blocks -----------------------------------------

_PERCENT = re.compile(r"%|\bper ?cent(?:age)?\b|\bproportion\b", re.IGNORECASE)


@per_document
def _match_key(name: str) -> str:
    text = _PERCENT.sub(" percentage ", name.lower())
    text = re.sub(r"\b(?:of|the|a|an|and|&|in|by|to|for|which|were|who|that)\b", " ", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _pair_score(summary: Indicator, detail: Indicator) -> float:
    a, b = _match_key(summary.name), _match_key(detail.name)
    score = max(fuzz.ratio(a, b), fuzz.token_set_ratio(a, b) * 0.95) / 100
    for mine, theirs in ((summary.rag, detail.rag), (summary.previous_rag, detail.previous_rag)):
        if mine and theirs:
            score += 0.08 if mine == theirs else -0.25
    return score


def _merge(summary: list[Indicator], details: list[Indicator]) -> list[Indicator]:
    """One indicator per KPI: each detail block joins the summary row it best matches."""
    scored = sorted(
        (
            (
                _pair_score(s, d)
                - 0.001 * abs(i / max(len(summary), 1) - j / max(len(details), 1)),
                i,
                j,
            )
            for i, s in enumerate(summary)
            for j, d in enumerate(details)
        ),
        reverse=True,
    )
    partner: dict[int, int] = {}
    taken: set[int] = set()
    for score, i, j in scored:
        if score < MERGE_MIN_SCORE:
            break
        if i in partner or j in taken:
            continue
        partner[i] = j
        taken.add(j)
    merged = [
        _combine(s, details[partner[i]]) if i in partner else s for i, s in enumerate(summary)
    ]
    merged += [d for j, d in enumerate(details) if j not in taken]
    return merged


_COMPARED = ("value", "target", "rag", "previous_rag", "previous_value")


def _fold_repeats(rows: list[Indicator]) -> list[Indicator]:
    """A KPI listed in two summary tables (an overview, then its service) is one row,
    when the two copies agree wherever both say something."""
    out: list[Indicator] = []
    by_key: dict[str, Indicator] = {}
    for row in rows:
        earlier = by_key.get(_match_key(row.name))
        if earlier is not None and all(
            getattr(earlier, f) is None
            or getattr(row, f) is None
            or getattr(earlier, f) == getattr(row, f)
            for f in _COMPARED
        ):
            for name in Indicator.__slots__:  # type: ignore[attr-defined]
                if getattr(earlier, name) is None:
                    setattr(earlier, name, getattr(row, name))
            continue
        by_key[_match_key(row.name)] = row
        out.append(row)
    return out


def _combine(summary: Indicator, detail: Indicator) -> Indicator:
    out = replace(detail, name=summary.name)
    for name in Indicator.__slots__:  # type: ignore[attr-defined]
        if name in ("name", "page", "value", "target", "floor", "previous_value"):
            continue
        mine = getattr(summary, name)
        if mine is not None:
            setattr(out, name, mine)
    for name in ("value", "target", "floor", "previous_value", "page"):
        if getattr(out, name) is None:
            setattr(out, name, getattr(summary, name))
    return out


# --- the finder -----------------------------------------------------------------------


def find_indicators(ctx: FindContext) -> Extraction:
    reading = _document_reading(ctx)
    headings = _Headings()
    summary: list[Indicator] = []
    details: list[_Detail] = []
    used: list[Block] = []
    stacks: list[tuple[Block, ...]] = []
    cut: _TableRead | None = None  # the KPI table a page break may have cut
    for block in ctx.blocks:
        headings.see(block)
        stacks.append(tuple(headings.stack))
        if not block.is_table or ctx.is_claimed(block) or not block.rows:
            if block.kind == "heading" or (cut and block.page != cut.last_page):
                cut = None
            continue
        if cut is not None and (cut.last_page is None or block.page != cut.last_page + 1):
            cut = None
        seen_colours = len(reading.unmapped)
        read = _table_indicators(block, reading, headings.area(), cut)
        cut = read
        if read:
            summary += read.indicators
            used.append(block)
            continue
        found = _table_details(block, reading, headings.area())
        if found:
            details += found
            used.append(block)
        else:
            del reading.unmapped[seen_colours:]  # colours of a table that gave nothing
    details += _text_details(ctx.blocks, stacks, reading)
    summary = _fold_repeats(summary)
    indicators = _merge(summary, [d.to_indicator() for d in details])
    notes = []
    if indicators and reading.unkeyed and any(i.direction for i in indicators):
        notes.append(
            f"Direction arrows ({', '.join(sorted(reading.unkeyed))}) were read with the usual "
            "meaning (up = improving, down = worsening, sideways = stable) because the paper "
            "prints no key for them; check each measure's polarity."
        )
    if summary and details:
        paired = len(summary) + len(details) - len(indicators)
        if paired < min(len(summary), len(details)):
            notes.append(
                f"{len(summary)} indicators in summary tables and {len(details)} detail blocks, "
                f"of which only {paired} could be paired by name; check for duplicates."
            )
    return Extraction(
        indicators=indicators,
        used_tables=used,
        unmapped_colours=reading.unmapped if indicators else [],
        notes=notes,
    )
