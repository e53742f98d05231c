"""The fast PDF engines read every PDF fixture as pdfplumber, the reference, does: pdfium
(pypdfium2, the default) and playa (PLAYA-PDF).

Compared per document: the words of each page (text and box, in reading order: the
layout layer sorts words top to bottom, so the order an engine lists them in is not
compared), the reading order of the blocks (kind, level, bold, text) and every table
cell (text, fill, drawn arrow and dot, spans, header rows).

Where PLAYA differs from pdfminer, and what ``pdf_playa`` does about it:

* glyph boxes: PLAYA's run from the font's descent to its ascent, pdfminer's from the
  descent to descent + 1 em, with a descent of 0 (PLAYA: -120) when the descriptor has
  none; the engine computes pdfminer's box.
* unmapped glyphs: PLAYA falls back to the character code (a control character),
  pdfminer to the encoding and then ``(cid:N)``; the engine follows pdfminer.
* damaged files: PLAYA reads past damage (a missing object is empty), pdfminer stops;
  a missing content stream is ``corrupt`` and an exception raised inside PLAYA is bad
  input, never an internal error.
* what is left, tolerated here: a glyph's x position can differ by a few hundredths of
  a point (the advances are added up in a different order; at most 0.072 pt over the
  250 Kent pages), so word boxes are compared within ``BOX_TOLERANCE``. Nothing the
  layout layer decides from them changed on any fixture or Kent paper.

Where PDFium differs from pdfminer, and what ``pdf_pdfium`` does about it:

* glyph boxes: PDFium's loose box is the advance box and the glyph's outline together
  (an overhanging 'j' or italic 'f' widens it) and is widened by a TJ adjustment after
  the glyph; the engine takes x0 from the glyph's origin, ends a glyph no later than the
  next glyph's origin in the same text object, and computes pdfminer's vertical extent
  from the baseline (descent to descent + 1 em). What is left is the right edge of the
  last glyph of a text object when its outline overhangs its advance: word boxes are
  compared within ``BOX_TOLERANCE["pdfium"]`` (1 pt; on the 250 Kent pages 66 pages
  have some word off by more than 0.1 pt, and some words are listed in another order,
  the reading order and every record are unchanged). Text turned ±90° (rotated table
  headers, a ``/Rotate 90`` page whose text shows sideways: ``_sideways_pdf``) gets the
  same extent across the run, from the origin along the glyph's up, turned to the
  display; along the run the loose box is kept, and the size (pdfminer's: the box's
  height, the advance) is rounded to 0.001 pt, as the loose box is single precision.
  pdfminer's own size there has float noise in the last digits, which can split a
  sideways word where PDFium's does not ("Budget" is "egd", "u", ... in pdfplumber).
* generated text: PDFium adds the spaces and line breaks it infers (dropped: only
  glyphs the content stream draws are kept) and marks a line-end hyphen U+FFFE (read
  as "-").
* spaces the text page leaves out, put back by the engine (``test_drawn_spaces_...``):
  - a text object whose box has no width is skipped by PDFium's text page
    (``CPDF_TextPage::ProcessTextObject``): a lone space shown by its own ``Tj``, as Word
    draws the space after "95%", after a paragraph number "13." or between every word of
    some table cells. PDFium generates a space there only when the gap is wide, and the
    engine drops generated characters, so the words came out joined where the next word
    follows within pdfplumber's 3 pt ("95%for", "13.As", "SupportforinformalCarers"; 41
    joined runs on 15 of the 250 Kent pages). The engine finds these objects among the
    page objects (not in the text page, box narrower than PDFium's 0.01) and puts a space
    back after the characters of the text object drawn before it, boxed as pdfminer
    boxes it (origin, the font's space advance, descent to descent + 1 em). Its glyph
    has no outline, so it is blank: on the Kent papers all 7,508 are a space in
    pdfminer, of the same font and box (one 0.06 pt to the right); on the ICDAR 2013
    papers all 2,557 are a space or, 83 of them, a no-break space (read as a space
    here; 6 lie 0.7 pt right of pdfminer's; the top can differ by tenths of a point, as
    for every glyph of a standard font such as Helvetica). A space pulled into the
    glyph before it (a TJ adjustment) is not left out.
  - inside a text object PDFium generates a space where a TJ adjustment moves the next
    glyph away, at that glyph's origin, and drops the second of two spaces in a row, so a
    drawn space right after such a gap is gone and the generated one stands for it. The
    engine keeps a generated space only then (the object's next character is not at its
    origin); otherwise it is dropped like every generated character: a gap pdfplumber
    does not split ("withcommunity", 2.8 pt) is no longer split.
  Kent words against pdfplumber (``bench/engine_words.py``): joined runs 41 → 2, split
  runs 1 → 0 (ICDAR 2013: joined 107 → 34, split 20 → 16, none new). The two left on
  Kent are not spaces: "positiv e" (pdfminer's font size differs in the last float
  digit, so pdfplumber splits the word) and "2023- The" (text objects drawn apart,
  which PDFium's text page sorts together on their line); on ICDAR most are the glyph
  boxes below ("of the" where an 'f' ends a text object). No record changed on Kent.
* unmapped glyphs: PDFium gives the glyph code as the character; a font without a
  Unicode map, or a control code, gives pdfminer's ``(cid:N)``.
* page boxes and colours are single precision and 8-bit RGB (PDFium converts gray and
  CMYK); metadata (every key of the information dictionary) is read by PLAYA, which
  reads the trailer only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfminer.psparser import PSKeyword
from pdfplumber.utils.text import WordExtractor
from test_indicators import _arrow_table_pdf
from test_read_pdf import REPORT

from docbuilders.examples import ALL_EXAMPLES
from docbuilders.pdf import build_pdf, build_rotated_pdf
from extractors.readers import pdf as pdf_reader
from extractors.readers import pdf_pdfium, pdf_playa
from extractors.readers.pdf_playa import (
    WORD_ATTRS,
    EngineDocument,
    chars_to_words,
    font_name,
)
from pipeline.model import Document

BOX_TOLERANCE = {"playa": 0.1, "pdfium": 1.0}
"""Points; see the module docstring."""


def _fixtures(folder: Path) -> list[Path]:
    paths = [build_pdf(make(), folder / f"{stem}.pdf") for stem, make in ALL_EXAMPLES.items()]
    stem, make = next(iter(ALL_EXAMPLES.items()))
    paths.append(build_pdf(make(), folder / f"{stem}_borderless.pdf", table_borders=False))
    paths.append(build_pdf(REPORT, folder / "report.pdf"))
    paths.append(build_rotated_pdf(REPORT, folder / "rotated.pdf"))
    paths.append(_arrow_table_pdf(folder / "arrows.pdf"))
    paths.append(_sideways_pdf(folder / "sideways.pdf"))
    return paths


def _sideways_pdf(path: Path) -> Path:
    """Text turned ±90°: a ruled table whose column headers are rotated, a line turned
    the other way, and a ``/Rotate 90`` page whose text shows sideways."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(72, 750, "Upright title text")
    left, bottom, width = 72, 500, 60
    for i, header in enumerate(["Target", "Actual", "Forecast", "Variance"]):
        x = left + i * width
        canvas.rect(x, bottom, width, 80)
        canvas.rect(x, bottom - 20, width, 20)
        canvas.saveState()
        canvas.translate(x + 35, bottom + 5)
        canvas.rotate(90)
        canvas.drawString(0, 0, header)
        canvas.restoreState()
        canvas.drawString(x + 5, bottom - 14, str(100 * (i + 1)))
    canvas.saveState()
    canvas.translate(400, 300)
    canvas.rotate(-90)
    canvas.drawString(0, 0, "Turned the other way")
    canvas.restoreState()
    canvas.showPage()
    canvas.setPageRotation(90)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(72, 700, "Page one of a legal agreement")
    canvas.drawString(72, 680, "sideways on the screen")
    canvas.showPage()
    canvas.save()
    return path


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return _fixtures(tmp_path_factory.mktemp("engines"))


def _words(path: Path, engine: str) -> list[list[tuple[str, float, float, float, float, bool]]]:
    pages = []
    if engine == "pdfplumber":
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                pages.append(pdf_reader._page_to_words(page))
    else:
        engine_module = pdf_pdfium if engine == "pdfium" else pdf_playa
        with engine_module.EngineDocument(path) as pdf:
            for page in pdf.pages:
                pages.append(pdf_reader._page_to_words(page))  # type: ignore[arg-type]
    return [[(w.text, w.x0, w.top, w.x1, w.bottom, w.bold) for w in words] for words in pages]


def _in_reading_order(
    pages: list[list[tuple[str, float, float, float, float, bool]]],
) -> list[list[tuple[str, float, float, float, float, bool]]]:
    """Words top to bottom, left to right: the order the layout layer puts them in
    (``_words_to_lines`` sorts them), whatever order the engine listed them in."""
    return [sorted(words, key=lambda w: (round(w[2]), w[1])) for words in pages]


def _reading_order(doc: Document) -> list[tuple[object, ...]]:
    return [(b.page, b.kind, b.level, b.bold, b.text) for b in doc.blocks if not b.is_table]


def _cells(doc: Document) -> list[tuple[object, ...]]:
    return [
        (i, r, c.text, c.fill, c.arrow, c.mark, c.col_span, c.row_span, c.continued, row.is_header)
        for i, table in enumerate(b for b in doc.blocks if b.is_table)
        for r, row in enumerate(table.rows)
        for c in row.cells
    ]


@pytest.mark.parametrize("engine", ["playa", "pdfium"])
def test_engines_give_the_same_words_reading_order_and_cells(
    fixtures: list[Path], engine: str
) -> None:
    for path in fixtures:
        reference = _in_reading_order(_words(path, "pdfplumber"))
        fast = _in_reading_order(_words(path, engine))
        assert len(reference) == len(fast), path.name
        for number, (ref_page, fast_page) in enumerate(zip(reference, fast, strict=True), 1):
            assert [w[0] for w in ref_page] == [w[0] for w in fast_page], (path.name, number)
            assert [w[5] for w in ref_page] == [w[5] for w in fast_page], (path.name, number)
            for ref_word, fast_word in zip(ref_page, fast_page, strict=True):
                assert ref_word[1:5] == pytest.approx(fast_word[1:5], abs=BOX_TOLERANCE[engine])

        plumber = pdf_reader.read(path, path.name, "doc", engine="pdfplumber")
        fast_doc = pdf_reader.read(path, path.name, "doc", engine=engine)
        assert _reading_order(fast_doc) == _reading_order(plumber), path.name
        assert _cells(fast_doc) == _cells(plumber), path.name
        # PDFium gives the page box in single precision
        assert [(p.number, round(p.width, 2), round(p.height, 2)) for p in fast_doc.pages] == [
            (p.number, round(p.width, 2), round(p.height, 2)) for p in plumber.pages
        ]
        assert fast_doc.properties == plumber.properties


def test_fast_words_are_pdfplumbers_words(fixtures: list[Path]) -> None:
    reference = WordExtractor(extra_attrs=["fontname", "size"])
    for path in fixtures:
        with EngineDocument(path) as pdf:
            for page in pdf.pages:
                assert chars_to_words(page.chars) == [
                    {k: w[k] for k in ("text", "x0", "top", "x1", "bottom", "upright", *WORD_ATTRS)}
                    for w in reference.extract_words(page.chars)
                ], (path.name, page.page_number)


def test_pdfium_words_are_pdfplumbers_words_of_its_characters(fixtures: list[Path]) -> None:
    """``pdf_pdfium.tuples_to_words`` groups PDFium's characters as pdfplumber's
    ``WordExtractor`` groups the same characters (as dicts): same words, same order."""
    reference = WordExtractor(extra_attrs=["fontname", "size"])
    for path in fixtures:
        with pdf_pdfium.EngineDocument(path) as pdf:
            for page in pdf.pages:
                assert page.extract_words(WORD_ATTRS) == [
                    {k: w[k] for k in ("text", "x0", "top", "x1", "bottom", "upright", *WORD_ATTRS)}
                    for w in reference.extract_words(page.chars)
                ], (path.name, page.page_number)


def test_pdfium_glyphs_read_through_cffi_are_the_ones_ctypes_reads(
    fixtures: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The per-glyph calls go through cffi where it is installed (it is a dependency);
    through ctypes, the same characters in the same order come out."""
    assert pdf_pdfium._GLYPH_CALLS.via == "cffi"

    def characters() -> list[list[tuple]]:
        pages = []
        for path in fixtures:
            with pdf_pdfium.EngineDocument(path) as pdf:
                pages.extend(page._tuples for page in pdf.pages)
        return pages

    through_cffi = characters()
    monkeypatch.setattr(pdf_pdfium, "_GLYPH_CALLS", pdf_pdfium._ctypes_glyph_calls())
    assert characters() == through_cffi
    assert sum(map(len, through_cffi)) > 5000


def _synthetic_chars(seed: int) -> list[tuple]:
    """Characters of a made-up page: runs of two fonts over several lines, glyph codes
    ``(cid:N)``, no-break and tab spaces, wide gaps and characters a little off the line."""
    import random

    rng = random.Random(seed)
    pieces = ["Re", "port", " ", "(cid:7)", "\xa0", "\t", "ﬁ", "x", "Q3", "-", "£4", "(cid:12)"]
    chars = []
    for line in range(rng.randint(1, 6)):
        x = 50.0
        top = 100.0 + 14.0 * line + rng.choice([0.0, 0.0, 0.4, -1.5])
        font = rng.choice(["Arial", "Arial-Bold"])
        for _ in range(rng.randint(3, 40)):
            text = rng.choice(pieces)
            width = 5.0 * len(text)
            gap = rng.choice([0.0, 0.0, 0.0, 1.0, 3.5, 12.0])
            x0 = x + gap
            shift = rng.choice([0.0, 0.0, 0.0, 0.2, 3.5])
            chars.append((text, x0, top + shift, x0 + width, top + shift + 10.0, True, font, 10.0))
            x = x0 + width
            if rng.random() < 0.1:
                font = "Arial" if font == "Arial-Bold" else "Arial-Bold"
    return chars


def test_pdfium_word_grouping_is_pdfplumbers_on_unusual_characters() -> None:
    """Glyph codes, other spaces than " ", gaps and lines of one run: ``tuples_to_words``
    (its fast path finds spaces in C when each character is one code point) groups as
    pdfplumber's ``WordExtractor`` groups the same characters."""
    reference = WordExtractor(extra_attrs=["fontname", "size"])
    keys = ("text", "x0", "top", "x1", "bottom", "upright", *WORD_ATTRS)
    for seed in range(300):
        chars = _synthetic_chars(seed)
        expected = [
            {k: w[k] for k in keys} for w in reference.extract_words(pdf_pdfium._as_dicts(chars))
        ]
        assert pdf_pdfium.tuples_to_words(chars) == expected, seed


class _DictWords:
    """A page that gives its words as pdfplumber's dicts only (as the other engines do)."""

    def __init__(self, page: Any) -> None:
        self._page = page

    def extract_words(self, extra_attrs: list[str]) -> list[dict]:
        return self._page.extract_words(extra_attrs)


def test_the_layout_reads_the_same_words_from_pdfium_tuples_as_from_dicts(
    fixtures: list[Path],
) -> None:
    """The PDFium engine hands the layout its words as tuples (no dict a word): the layout's
    words are the ones it reads from the same words as dicts."""
    n_words = 0
    for path in fixtures:
        with pdf_pdfium.EngineDocument(path) as pdf:
            for page in pdf.pages:
                words = pdf_reader._page_to_words(page)
                assert words == pdf_reader._page_to_words(_DictWords(page)), path.name
                n_words += len(words)
    assert n_words > 1000


def _spaces_pdf(path: Path) -> Path:
    """Lines drawn as Word and TJ kerning draw them: each space its own text object; a TJ
    gap inside a word; a TJ gap right before a drawn space; a space pulled into the glyph
    before it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4, invariant=1)

    def line(y: float, operators: list[str], size: float = 10) -> None:
        text = canvas.beginText(72, y)
        text.setFont("Helvetica", size)
        text._code.extend(operators)  # the show-text operators as written
        canvas.drawText(text)

    # a 10 pt Helvetica space is 2.78 pt wide: the words are within pdfplumber's 3 pt
    line(700, ["(95%) Tj", "( ) Tj", "(for the) Tj", "( ) Tj", "(protected) Tj"])
    line(680, ["(13.) Tj", "( ) Tj", "(As set out) Tj"])
    line(660, ["(RESOLVED) Tj", "( ) Tj", "(that) Tj"])
    line(640, ["[(with) -235 (community)] TJ"], size=12)  # a 2.82 pt gap, no space
    line(620, ["[(at) -150 ( next)] TJ"], size=12)  # a 1.8 pt gap, then a drawn space
    # a space that starts inside the glyph before it (PDFium keeps it)
    line(600, ["[(at least) 250 ( for)] TJ"])
    canvas.showPage()
    canvas.save()
    return path


def test_drawn_spaces_are_pdfplumbers_spaces(tmp_path: Path) -> None:
    """A space drawn by a text object of its own (PDFium's text page skips it) separates
    two words; a space PDFium infers inside a text object is no character; a drawn space
    after a TJ gap stays one. Same words and same characters as pdfplumber."""
    path = _spaces_pdf(tmp_path / "spaces.pdf")
    expected = (
        "95% for the protected 13. As set out RESOLVED that withcommunity at next at least for"
    )
    with pdfplumber.open(path) as pdf:
        (page,) = pdf.pages
        assert " ".join(w.text for w in pdf_reader._page_to_words(page)) == expected
        reference = [(c["text"], c["x0"], c["top"], c["x1"]) for c in page.chars]
    with pdf_pdfium.EngineDocument(path) as doc:
        (fast,) = list(doc.pages)
        assert " ".join(w.text for w in pdf_reader._page_to_words(fast)) == expected
        chars = [(c["text"], c["x0"], c["top"], c["x1"]) for c in fast.chars]
    assert [c[0] for c in chars] == [c[0] for c in reference]
    for char, reference_char in zip(chars, reference, strict=True):
        # the space put back, and the generated one kept for a drawn one, where pdfminer has
        # it (a glyph's right edge is compared for spaces only: the engine ends a glyph at
        # the next one's origin, the space pulled into the 't' of "at least")
        compared = slice(1, 4 if char[0] == " " else 3)
        assert char[compared] == pytest.approx(
            reference_char[compared], abs=BOX_TOLERANCE["pdfium"]
        ), char


def test_pdfium_page_chars_can_be_set(fixtures: list[Path]) -> None:
    """``PdfiumPage.chars`` is a view of its tuples: setting it sets them, not nothing."""
    with pdf_pdfium.EngineDocument(fixtures[0]) as pdf:
        page = next(iter(pdf.pages))
        chars = page.chars
        assert len(chars) > 1
        page.chars = chars[1:]
        assert page.chars == chars[1:]
        page.chars = []
        assert page.chars == [] and page.extract_words(WORD_ATTRS) == []


def test_a_pdfium_document_that_fails_after_opening_is_closed(
    fixtures: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting the pages fails after PDFium opened the file: the document is closed, and
    the failure is the engine's."""
    closed = []

    class Failing(pdf_pdfium.pdfium.PdfDocument):  # type: ignore[misc]
        def __len__(self) -> int:
            raise pdf_pdfium.pdfium.PdfiumError("no page count")

        def close(self) -> None:
            closed.append(True)
            super().close()

    monkeypatch.setattr(pdf_pdfium.pdfium, "PdfDocument", Failing)
    with pytest.raises(pdf_playa.EngineError):
        pdf_pdfium.EngineDocument(fixtures[0])
    assert closed


def test_a_font_name_longer_than_the_buffer_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PDFium leaves the name buffer untouched when the name does not fit: read again into
    a buffer of its length, not the previous font's name (a 4-byte buffer stands in for a
    name longer than the 512 bytes)."""
    import ctypes

    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "fonts.pdf"
    canvas = Canvas(str(path), invariant=1)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(72, 700, "Sans")
    canvas.setFont("Times-Roman", 10)
    canvas.drawString(72, 680, "Serif")
    canvas.showPage()
    canvas.save()
    monkeypatch.setattr(pdf_pdfium, "_NAME_BUFFER", ctypes.create_string_buffer(4))
    with pdf_pdfium.EngineDocument(path) as pdf:
        (page,) = list(pdf.pages)
        names = [(w["text"], w["fontname"]) for w in page.extract_words(WORD_ATTRS)]
    assert names == [("Sans", "Helvetica"), ("Serif", "Times-Roman")]


def test_the_fixtures_have_what_the_comparison_needs(fixtures: list[Path]) -> None:
    """Fills, drawn arrows and dots, merged cells and a rotated page are all compared."""
    docs = [pdf_reader.read(p, p.name, "doc", engine="playa") for p in fixtures]
    cells = [c for doc in docs for c in _cells(doc)]
    assert any(c[3] for c in cells)  # fills
    assert {c[4] for c in cells} >= {"up", "down", "right"}  # drawn arrows
    assert any(c[5] for c in cells)  # RAG dots
    assert any(c[7] > 1 for c in cells)  # a vertical merge
    assert any(p.landscape for doc in docs for p in doc.pages)


def test_an_unknown_engine_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="playa, pdfplumber"):
        pdf_reader.read(Path("x.pdf"), "x.pdf", "doc", engine="mupdf")


@pytest.mark.parametrize("value", [None, 12, object(), PSKeyword(b"Tf")])
def test_a_font_name_that_is_not_a_name_is_no_name(value: object) -> None:
    """A fuzzed PDF gave a keyword for a font name: ``TypeError`` in the bold check."""
    assert font_name(value) == ""
    assert pdf_reader._font_name(value) == ""


def test_read_settings_refuse_an_unknown_engine_with_the_choices() -> None:
    from pipeline.settings import ReadSettings

    assert ReadSettings().pdf_engine in pdf_reader.ENGINES
    with pytest.raises(ValueError, match="playa, pdfplumber"):
        ReadSettings(pdf_engine="mupdf")


def _merged_grid_pdf(path: Path) -> Path:
    """A ruled grid with a cell spanning two columns, one spanning two rows, and an inner
    rule that stops short (so some corners do not close a cell)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    xs, ys = [72, 172, 272, 372], [700, 670, 640, 610, 580]
    for y in ys:
        canvas.line(xs[0], y, xs[-1], y)
    for x in (xs[0], xs[-1]):
        canvas.line(x, ys[0], x, ys[-1])
    canvas.line(xs[1], ys[1], xs[1], ys[-1])  # the first row spans columns 1 and 2
    canvas.line(xs[2], ys[0], xs[2], ys[2])  # stops short: rows 3-4 span columns 2-3
    canvas.rect(420, 600, 80, 60)  # a lone box beside the grid
    canvas.showPage()
    canvas.save()
    return path


def test_table_cells_are_pdfplumbers_cells(fixtures: list[Path], tmp_path: Path) -> None:
    """``pdf_playa.intersections_to_cells`` (each point's candidates from its own row and
    column) finds pdfplumber's cells, in pdfplumber's order, from the same intersections."""
    from pdfplumber import table as plumber_table

    settings = plumber_table.TableSettings.resolve(pdf_reader.TABLE_SETTINGS)
    compared = 0
    for path in [*fixtures, _merged_grid_pdf(tmp_path / "merged.pdf")]:
        with pdf_pdfium.EngineDocument(path) as pdf:
            for page in pdf.pages:
                finder = pdf_playa._TableFinder(page, settings)
                if not finder.intersections:
                    continue
                expected = plumber_table.intersections_to_cells(finder.intersections)
                assert finder.cells == expected, (path.name, page.page_number)
                compared += len(expected)
    assert compared > 50
