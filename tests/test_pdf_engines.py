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
  the reading order and every record are unchanged).
* generated text: PDFium adds the spaces and line breaks it infers (dropped: only
  glyphs the content stream draws are kept) and marks a line-end hyphen U+FFFE (read
  as "-").
* dropped spaces: PDFium leaves out a drawn space that starts inside the glyph before it
  (and generates one in its place); where the next word follows within pdfplumber's 3 pt
  the two words come out as one ("95%for", "13.As" after a paragraph number,
  "SupportforinformalCarers" in a table cell). On the 250 Kent pages 16 pages have such
  joined words (9 in one appendix of measures tables, 4 in the call-in report, 2 in the
  QPR appendix, 1 in the risk register); no record changed, there or on the bundled
  examples or the bench corpus. Keeping PDFium's generated spaces instead splits about
  as many words pdfplumber keeps whole ("4-5", "•Support"), so they are dropped. This
  is the one difference in text between the engines; ``--pdf-engine playa`` has none.
* unmapped glyphs: PDFium gives the glyph code as the character; a font without a
  Unicode map, or a control code, gives pdfminer's ``(cid:N)``.
* page boxes and colours are single precision and 8-bit RGB (PDFium converts gray and
  CMYK); metadata (every key of the information dictionary) is read by PLAYA, which
  reads the trailer only.
"""

from __future__ import annotations

from pathlib import Path

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
    return paths


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
