"""Bullets inside table cells, and bullets printed in symbol fonts with no Unicode meaning.

Word and LibreOffice print a highlight report's activity lists inside table cells; the
bullets often come in Symbol or Wingdings, which a PDF gives as private-use code points
(U+F0B7 …) or, when the font has no ToUnicode map, as pdfminer's ``(cid:N)``. Each item
is one statement and the glyph is never part of its text.

The PDF fixtures are built by ``docbuilders.pdf`` and then have the bullet's entry in the
font's ToUnicode map rewritten (to U+F0B7) or removed (pdfminer then prints ``(cid:1)``),
as such exports have it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from docx import Document as new_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docbuilders.docx import build_docx
from docbuilders.pdf import build_pdf
from docbuilders.spec import Heading, Paper, Paragraph, Table
from extractors.readers import reader_for
from extractors.sections import COMPLETED, PLANNED, item_text, split_glued, statements_in
from extractors.vocab_markers import normalise_bullet, starts_with_bullet, strip_bullet
from pipeline.model import Block, Cell, Document, Row

FRONT_DOOR = ["Triage rota agreed with the police", "New referral form live", "Audit of 30 cases"]
EARLY_HELP = ["Two family workers recruited", "Parenting course run twice"]
PLANNED_ITEMS = ["Recruit a third family worker", "Review the referral form"]
TYPED = ["Quarterly report sent to the Board on time.", "Budget monitoring set up monthly."]


def _bullets(items: list[str], glyph: str = "•") -> str:
    return "\n".join(f"{glyph} {item}" for item in items)


def highlight_paper(glyph: str = "•") -> Paper:
    return Paper(
        title="Improvement programme highlight report",
        blocks=[
            Heading("Highlight report: Children's Services improvement programme"),
            Paragraph(
                "This report sets out what the programme completed in the period, what it "
                "plans for the next period and the risks the Board should know about."
            ),
            Table(
                [
                    ["Workstream", "Key activities completed", "Activities planned next period"],
                    ["Front Door", _bullets(FRONT_DOOR, glyph), _bullets(PLANNED_ITEMS, glyph)],
                    ["Early Help", _bullets(EARLY_HELP, glyph), ""],
                ],
                col_widths=[1, 3, 3],
            ),
            Heading("Other activities completed"),
            *[Paragraph(f"{glyph} {text}") for text in TYPED],
        ],
    )


def _read(path: Path) -> Document:
    return reader_for(path.suffix[1:])(path, path.name, "doc")


def _remap_bullet(path: Path, to: str | None) -> None:
    """Rewrite "•" in every font's ToUnicode map to ``to`` (hex), or drop it (→ ``(cid:N)``)."""
    pdf = pikepdf.open(path, allow_overwriting_input=True)
    for page in pdf.pages:
        for _, font in page.Resources.Font.items():
            if "/ToUnicode" not in font:
                continue
            cmap = font.ToUnicode.read_bytes().decode("latin-1")
            replacement = (lambda m: f"{m.group(1)} <{to}>") if to else ""
            cmap = re.sub(r"^(<[0-9A-F]{2}>) <2022>$", replacement, cmap, flags=re.MULTILINE)
            font.ToUnicode.write(cmap.encode("latin-1"))
    pdf.save(path)


def _statements(doc: Document) -> list[tuple[str, str | None, str]]:
    found = statements_in(doc.blocks, (COMPLETED, PLANNED))
    return [(s.section, s.heading, s.text) for s in found]


EXPECTED = (
    [("completed", "Front Door", t) for t in FRONT_DOOR]
    + [("completed", "Early Help", t) for t in EARLY_HELP]
    + [("planned", "Front Door", t) for t in PLANNED_ITEMS]
    + [("completed", None, t) for t in TYPED]
)


# --- the shared vocabulary ----------------------------------------------------------


@pytest.mark.parametrize("glyph", ["•", "▪", "\uf0b7", "\uf0a7", "\uf0d8", "\ue001", "(cid:131)"])
def test_a_line_opening_with_any_bullet_glyph_is_an_item_without_it(glyph: str) -> None:
    line = f"{glyph} Audit of 30 cases"
    assert starts_with_bullet(line)
    assert strip_bullet(line) == "Audit of 30 cases"
    assert normalise_bullet(line) == "• Audit of 30 cases"
    assert item_text(line) == (None, "Audit of 30 cases")
    assert split_glued(f"Done: {glyph} one {glyph} two") == ["Done:", "one", "two"]


def test_a_lone_symbol_glyph_and_prose_are_not_items() -> None:
    assert not starts_with_bullet("\uf0e9")  # a KPI's arrow alone in its cell is data
    assert not starts_with_bullet("Audit of 30 cases")
    assert not starts_with_bullet("bene(cid:12)t of the doubt")


# --- PDF ----------------------------------------------------------------------------


@pytest.mark.parametrize("to", ["2022", "F0B7", None], ids=["bullet", "private-use", "cid"])
def test_pdf_bullets_in_cells_give_one_statement_per_item(tmp_path: Path, to: str | None) -> None:
    path = build_pdf(highlight_paper(), tmp_path / "highlight.pdf")
    if to != "2022":
        _remap_bullet(path, to)
    doc = _read(path)
    table = next(b for b in doc.blocks if b.is_table)
    # The cell keeps its list, one item a line, the glyph printed as "•" whatever it was.
    assert table.rows[1].cells[1].text == _bullets(FRONT_DOOR)
    assert _statements(doc) == EXPECTED
    typed = [b for b in doc.blocks if b.text in TYPED]
    assert [b.kind for b in typed] == ["list_item", "list_item"]


# --- DOCX ---------------------------------------------------------------------------


def test_docx_symbol_bullets_typed_in_cells_give_one_statement_per_item(tmp_path: Path) -> None:
    doc = _read(build_docx(highlight_paper("\uf0b7"), tmp_path / "highlight.docx"))
    assert _statements(doc) == EXPECTED


def _sym_run(paragraph, char: str = "F0B7") -> None:
    run = paragraph.add_run()
    sym = OxmlElement("w:sym")
    sym.set(qn("w:font"), "Symbol")
    sym.set(qn("w:char"), char)
    run._r.append(sym)


def test_docx_list_paragraphs_and_inserted_symbols_in_cells(tmp_path: Path) -> None:
    document = new_docx()
    document.add_paragraph("Key activities completed", style="Heading 2")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Workstream", "Progress"
    table.cell(1, 0).text = "Front Door"
    cell = table.cell(1, 1)
    cell.paragraphs[0].text = FRONT_DOOR[0]
    cell.paragraphs[0].style = document.styles["List Bullet"]
    for text in FRONT_DOOR[1:]:
        cell.add_paragraph(text, style="List Bullet")
    document.add_paragraph("Other activities completed", style="Heading 2")
    for text in TYPED:
        paragraph = document.add_paragraph()
        _sym_run(paragraph)
        paragraph.add_run("\t" + text)
    path = tmp_path / "word.docx"
    document.save(str(path))

    doc = _read(path)
    word_table = next(b for b in doc.blocks if b.is_table)
    assert word_table.rows[1].cells[1].text == _bullets(FRONT_DOOR)
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [b.text for b in items] == TYPED  # the inserted Symbol glyph is not in the text
    found = statements_in(doc.blocks, (COMPLETED,))
    assert [(s.heading, s.text) for s in found] == [("Front Door", t) for t in FRONT_DOOR] + [
        (None, t) for t in TYPED
    ]


# --- text, Markdown and HTML --------------------------------------------------------


@pytest.mark.parametrize("glyph", ["\uf0b7", "\uf0a7", "(cid:131)", "▪"])
def test_text_lines_opening_with_symbol_glyphs_are_items(tmp_path: Path, glyph: str) -> None:
    path = tmp_path / "notes.md"
    lines = ["## Key activities completed", "", *[f"{glyph}\t{t}" for t in TYPED]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = _read(path)
    assert [(b.kind, b.text) for b in doc.blocks if b.text in TYPED] == [
        ("list_item", t) for t in TYPED
    ]
    assert [s.text for s in statements_in(doc.blocks, (COMPLETED,))] == TYPED


def test_html_list_in_a_cell_gives_one_statement_per_item(tmp_path: Path) -> None:
    items = "".join(f"<li>{t}</li>" for t in FRONT_DOOR)
    path = tmp_path / "report.html"
    path.write_text(
        "<html><body><h2>Key activities completed</h2><table>"
        "<tr><th>Workstream</th><th>Progress</th></tr>"
        f"<tr><td>Front Door</td><td><ul>{items}</ul></td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    doc = _read(path)
    found = statements_in(doc.blocks, (COMPLETED,))
    assert [(s.heading, s.text) for s in found] == [("Front Door", t) for t in FRONT_DOOR]


# --- the sections walker on the model -------------------------------------------------


def test_a_grid_of_values_without_lists_is_still_skipped() -> None:
    table = Block(
        "table",
        rows=[
            Row([Cell("Workstream"), Cell("Key activities completed")]),
            Row([Cell("Front Door"), Cell("Triage rota agreed; new referral form live.")]),
        ],
    )
    assert statements_in([table], (COMPLETED,)) == []
