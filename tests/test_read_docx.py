"""DOCX reader: fixtures built with ``docbuilders.docx`` (and python-docx directly for the
structures the spec cannot express), read back and checked block by block."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from table_helpers import close_to, only_table

from docbuilders.docx import build_docx
from docbuilders.spec import Cell, Heading, ListItem, PageBreak, Paper, Paragraph, Table
from extractors.readers.docx import read
from pipeline.errors import ParseError
from pipeline.model import Document

RED = "#C00000"
GREEN = "#00B050"


def _read(path: Path) -> Document:
    return read(path, path.name, "doc-1")


def _build_and_read(paper: Paper, tmp_path: Path, name: str = "paper.docx") -> Document:
    return _read(build_docx(paper, tmp_path / name))


def _rewrite_member(path: Path, member: str, change: Callable[[str], str]) -> None:
    """Edit one XML part of a built DOCX in place, as Word would have written it."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                changed = change(content.decode("utf-8"))
                assert changed != content.decode("utf-8"), f"{member} was not changed"
                content = changed.encode("utf-8")
            target.writestr(info, content)
    path.write_bytes(out.getvalue())


MILESTONE_TABLE = Table(
    rows=[
        ["Ref", "Milestone", "RAG"],
        ["1", "Publish the improvement plan", Cell("Red", fill=RED)],
        ["", "Consult the scrutiny panel", ""],
        ["2", "Report back to Cabinet", Cell("Green", fill=GREEN)],
    ],
    merge_down=[(0, 1, 2)],
)


def test_paragraphs_and_tables_keep_document_order(tmp_path: Path) -> None:
    paper = Paper(
        title="Order",
        blocks=[
            Heading("1. Purpose"),
            Paragraph("Before the table."),
            MILESTONE_TABLE,
            Paragraph("After the table."),
            Heading("2. Recommendations", level=2),
        ],
    )
    document = _build_and_read(paper, tmp_path)
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("heading", "1. Purpose"),
        ("paragraph", "Before the table."),
        ("table", ""),
        ("paragraph", "After the table."),
        ("heading", "2. Recommendations"),
    ]
    assert [b.level for b in document.blocks if b.kind == "heading"] == [1, 2]
    assert document.blocks[0].style == "Heading 1"


def test_bold_only_when_every_run_is_bold(tmp_path: Path) -> None:
    path = tmp_path / "bold.docx"
    word = docx.Document()
    word.add_paragraph().add_run("All bold").bold = True
    mixed = word.add_paragraph()
    mixed.add_run("Partly ").bold = True
    mixed.add_run("bold")
    underlined = word.add_paragraph()
    underlined.add_run("Underlined").underline = True
    word.save(path)
    blocks = _read(path).blocks
    assert [(b.text, b.bold, b.underline) for b in blocks] == [
        ("All bold", True, False),
        ("Partly bold", False, False),
        ("Underlined", False, True),
    ]


def test_list_levels_and_styles(tmp_path: Path) -> None:
    paper = Paper(
        title="Lists",
        blocks=[
            ListItem("Top bullet"),
            ListItem("Nested bullet", level=1),
            ListItem("First step", numbered=True),
            Paragraph("Not a list."),
        ],
    )
    blocks = _build_and_read(paper, tmp_path).blocks
    assert [(b.kind, b.text, b.level, b.style) for b in blocks] == [
        ("list_item", "Top bullet", 0, "List Bullet"),
        ("list_item", "Nested bullet", 1, "List Bullet 2"),
        ("list_item", "First step", 0, "List Number"),
        ("paragraph", "Not a list.", 0, "Normal"),
    ]


def test_numbering_properties_make_a_list_item_with_their_level(tmp_path: Path) -> None:
    path = tmp_path / "numbered.docx"
    word = docx.Document()
    paragraph = word.add_paragraph("Numbered by direct formatting")
    numbering = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "2"), ("w:numId", "1")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        numbering.append(element)
    paragraph._p.get_or_add_pPr().append(numbering)
    word.save(path)
    (block,) = _read(path).blocks
    assert (block.kind, block.level) == ("list_item", 2)


def test_cell_shading_becomes_fill_near_the_given_colour(tmp_path: Path) -> None:
    table = only_table(_build_and_read(Paper("Fills", [MILESTONE_TABLE]), tmp_path))
    rag = [row.cells[2] for row in table.rows]
    assert rag[0].fill is None  # header, unshaded
    assert close_to(rag[1].fill, RED)
    assert rag[2].fill is None
    assert close_to(rag[3].fill, GREEN)


def test_vertical_merge_gives_continued_cells_and_row_span(tmp_path: Path) -> None:
    table = only_table(_build_and_read(Paper("Merge", [MILESTONE_TABLE]), tmp_path))
    first, covered = table.rows[1].cells[0], table.rows[2].cells[0]
    assert (first.text, first.row_span, first.continued) == ("1", 2, False)
    assert (covered.text, covered.continued) == ("", True)
    # Every row still has a cell under every column.
    assert [len(row.cells) for row in table.rows] == [3, 3, 3, 3]
    assert table.rows[2].cells[1].text == "Consult the scrutiny panel"


@pytest.mark.parametrize("repeat", [True, False])
def test_repeated_header_row_is_flagged(tmp_path: Path, repeat: bool) -> None:
    spec = Table(
        rows=[["Action", "Lead"], ["Agree the plan", "Chief Executive"]], repeat_header=repeat
    )
    table = only_table(_build_and_read(Paper("Header", [spec]), tmp_path))
    assert [row.is_header for row in table.rows] == [repeat, False]


def test_grid_span_becomes_col_span(tmp_path: Path) -> None:
    path = tmp_path / "span.docx"
    word = docx.Document()
    table = word.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Goal 1: Housing"
    table.cell(0, 2).text = "Lead"
    for column, text in enumerate(["1", "Build homes", "Director"]):
        table.cell(1, column).text = text
    word.save(path)
    rows = only_table(_read(path)).rows
    # The span keeps the grid: a continued placeholder stands under the second column.
    assert [(c.text, c.col_span, c.continued) for c in rows[0].cells] == [
        ("Goal 1: Housing", 2, False),
        ("", 1, True),
        ("Lead", 1, False),
    ]
    assert rows[1].texts == ["1", "Build homes", "Director"]


def test_cell_paragraphs_join_with_newlines_and_nested_tables_flatten(tmp_path: Path) -> None:
    path = tmp_path / "nested.docx"
    word = docx.Document()
    table = word.add_table(rows=1, cols=2)
    outer = table.cell(0, 0)
    outer.text = "First paragraph"
    outer.add_paragraph("Second paragraph")
    host = table.cell(0, 1)
    host.text = "Budget"
    inner = host.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Revenue"
    inner.cell(0, 1).text = "£1.2m"
    word.save(path)
    document = _read(path)
    cells = only_table(document).rows[0].cells
    assert cells[0].text == "First paragraph\nSecond paragraph"
    assert cells[1].text == "Budget\nRevenue | £1.2m"
    assert any("nested" in warning for warning in document.warnings)


def test_landscape_section_gives_a_wide_page(tmp_path: Path) -> None:
    landscape = _build_and_read(Paper("Wide", [Paragraph("x")], landscape=True), tmp_path, "l.docx")
    portrait = _build_and_read(Paper("Tall", [Paragraph("x")]), tmp_path, "p.docx")
    page = landscape.pages[0]
    assert page.landscape
    assert page.width == pytest.approx(841.9, abs=1)  # A4 long side in points
    assert not portrait.pages[0].landscape


def test_landscape_section_after_a_portrait_one(tmp_path: Path) -> None:
    path = tmp_path / "sections.docx"
    word = docx.Document()
    word.add_paragraph("Report (portrait)")
    section = word.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    word.add_paragraph("Appendix A (landscape)")
    word.add_section(WD_SECTION.CONTINUOUS)
    word.add_paragraph("Still on the landscape page")
    word.save(path)
    document = _read(path)
    assert [(b.text, b.page) for b in document.blocks] == [
        ("Report (portrait)", 1),
        ("Appendix A (landscape)", 2),
        ("Still on the landscape page", 2),
    ]
    assert [page.landscape for page in document.pages] == [False, True]


def test_hidden_text_and_tracked_deletions_are_not_read(tmp_path: Path) -> None:
    path = build_docx(Paper("Edits", [Paragraph("Kept text")]), tmp_path / "edits.docx")
    _rewrite_member(
        path,
        "word/document.xml",
        lambda xml: xml.replace(
            "<w:t>Kept text</w:t></w:r>",
            "<w:t>Kept text</w:t></w:r>"
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> hidden</w:t></w:r>'
            '<w:del w:id="1" w:author="A"><w:r><w:delText> deleted</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="A">'
            '<w:r><w:t xml:space="preserve"> inserted</w:t></w:r></w:ins>',
        ),
    )
    assert [b.text for b in _read(path).blocks] == ["Kept text inserted"]


def test_page_numbers_after_page_break(tmp_path: Path) -> None:
    paper = Paper(
        "Breaks",
        [Paragraph("On page one."), PageBreak(), MILESTONE_TABLE, PageBreak(), Paragraph("Three")],
    )
    document = _build_and_read(paper, tmp_path)
    assert [(b.text or b.kind, b.page) for b in document.blocks] == [
        ("On page one.", 1),
        ("table", 2),
        ("Three", 3),
    ]
    assert {row.page for row in only_table(document).rows} == {2}
    assert [len(page.blocks) for page in document.pages] == [1, 1, 1]
    assert document.n_pages == 3


def test_rendered_break_after_explicit_break_counts_once(tmp_path: Path) -> None:
    """Word writes a lastRenderedPageBreak where the page after a manual break starts."""
    path = build_docx(
        Paper("Saved", [Paragraph("One"), PageBreak(), Paragraph("Two")]), tmp_path / "w.docx"
    )
    _rewrite_member(
        path,
        "word/document.xml",
        lambda xml: xml.replace("<w:t>Two</w:t>", "<w:lastRenderedPageBreak/><w:t>Two</w:t>"),
    )
    assert [(b.text, b.page) for b in _read(path).blocks] == [("One", 1), ("Two", 2)]


def test_table_split_across_page_break(tmp_path: Path) -> None:
    """A table Word laid out over two pages: rows after the rendered break are on page 2."""
    rows = [["Ref", "Action"]] + [[str(n), f"Action {n}"] for n in range(1, 6)]
    paper = Paper("Split", [Table(rows=rows), Paragraph("After the table")])
    path = build_docx(paper, tmp_path / "split.docx")
    _rewrite_member(
        path,
        "word/document.xml",
        lambda xml: xml.replace(
            "<w:t>Action 4</w:t>", "<w:lastRenderedPageBreak/><w:t>Action 4</w:t>"
        ),
    )
    document = _read(path)
    table = only_table(document)
    assert [row.page for row in table.rows] == [1, 1, 1, 1, 2, 2]
    assert table.page == 1
    assert document.blocks[-1].page == 2


def test_paragraph_running_onto_next_page_starts_on_the_first(tmp_path: Path) -> None:
    path = tmp_path / "long.docx"
    word = docx.Document()
    paragraph = word.add_paragraph()
    paragraph.add_run("Starts here and ")
    paragraph.add_run("ends over the page.")
    word.add_paragraph("Next paragraph")
    word.save(path)
    _rewrite_member(
        path,
        "word/document.xml",
        lambda xml: xml.replace("<w:t>ends", "<w:lastRenderedPageBreak/><w:t>ends"),
    )
    assert [b.page for b in _read(path).blocks] == [1, 2]


def test_n_pages_from_app_properties(tmp_path: Path) -> None:
    path = build_docx(Paper("Pages", [Paragraph("Short")]), tmp_path / "pages.docx")
    _rewrite_member(
        path, "docProps/app.xml", lambda xml: xml.replace("<Pages>1</Pages>", "<Pages>7</Pages>")
    )
    assert _read(path).n_pages == 7


def test_running_header_and_footer_are_not_blocks(tmp_path: Path) -> None:
    paper = Paper(
        "Furniture",
        [Paragraph("Body text")],
        running_header="Scrutiny Panel – 12 March 2024",
        page_numbers=True,
    )
    document = _build_and_read(paper, tmp_path)
    assert [b.text for b in document.blocks] == ["Body text"]
    assert "Scrutiny Panel" not in document.plain_text()


def test_properties_from_core_properties(tmp_path: Path) -> None:
    document = _build_and_read(
        Paper("Improvement Plan", [Paragraph("x")], author="Clerk"), tmp_path
    )
    assert document.properties["title"] == "Improvement Plan"
    assert document.properties["author"] == "Clerk"
    assert document.properties["created"].startswith("2024-01-01T09:00:00")
    assert (document.file_type, document.source_path, document.doc_id) == (
        "docx",
        "paper.docx",
        "doc-1",
    )


def test_not_a_zip_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("These are meeting notes saved as plain text.")
    with pytest.raises(ParseError) as raised:
        _read(path)
    assert raised.value.error_type == "corrupt"
    assert "DOCX" in raised.value.message


def test_renamed_png_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "chart.docx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(ParseError) as raised:
        _read(path)
    assert raised.value.error_type == "corrupt"


def test_old_doc_format_is_corrupt_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    with pytest.raises(ParseError) as raised:
        _read(path)
    assert raised.value.error_type == "corrupt"
    assert ".doc" in raised.value.message


def test_zip_without_document_part_is_corrupt(tmp_path: Path) -> None:
    path = build_docx(Paper("x", [Paragraph("x")]), tmp_path / "gutted.docx")
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info.filename))
    with pytest.raises(ParseError) as raised:
        _read(path)
    assert raised.value.error_type == "corrupt"


def test_document_without_text_is_no_text(tmp_path: Path) -> None:
    path = build_docx(Paper("Blank", [PageBreak(), Table(rows=[["", ""]])]), tmp_path / "b.docx")
    with pytest.raises(ParseError) as raised:
        _read(path)
    assert raised.value.error_type == "no_text"


def test_builder_is_deterministic(tmp_path: Path) -> None:
    paper = Paper("Same", [Heading("Title"), MILESTONE_TABLE, PageBreak(), ListItem("x")])
    first = build_docx(paper, tmp_path / "a.docx").read_bytes()
    time.sleep(1.1)  # zip member times have 2-second resolution; cross a tick boundary
    second = build_docx(paper, tmp_path / "b.docx").read_bytes()
    assert first == second
    changed = build_docx(Paper("Other", paper.blocks), tmp_path / "c.docx").read_bytes()
    assert changed != first


def test_fifty_page_document_reads_quickly(tmp_path: Path) -> None:
    blocks: list = []
    for n in range(50):
        blocks += [Heading(f"Section {n}"), *[Paragraph(f"Paragraph {i} " * 30) for i in range(6)]]
        blocks += [
            Table(rows=[["Ref", "Action", "RAG"]] + [[str(i), "Do it", "Green"] for i in range(10)])
        ]
        blocks.append(PageBreak())
    path = build_docx(Paper("Long", blocks), tmp_path / "long.docx")
    started = time.perf_counter()
    document = _read(path)
    elapsed = time.perf_counter() - started
    assert document.n_pages == 51
    assert elapsed < 1.0, f"reading 50 pages took {elapsed:.2f}s"


def _numbered_minutes(path: Path) -> Path:
    """Minutes whose item titles are bold paragraphs numbered by Word (the number is not in
    the text), with bold bulleted and numbered lines that are not titles."""
    word = docx.Document()
    word.add_paragraph("Minutes of the Parish Council meeting held on 14 May 2024")
    for title, body in (
        ("Apologies for absence", "Apologies were received from Cllr E White."),
        ("Finance", "RESOLVED that the payments listed be approved."),
        ("Playing field", "It was agreed that the Clerk obtain three quotes for a new gate."),
    ):
        word.add_paragraph(style="List Number").add_run(title).bold = True
        word.add_paragraph(body)
    word.add_paragraph(style="List Number").add_run("A whole sentence in bold.").bold = True
    word.add_paragraph(style="List Bullet").add_run("A bold bullet").bold = True
    word.add_paragraph(style="List Number").add_run("Plain numbered line")
    word.save(path)
    return path


def test_a_bold_numbered_title_is_a_heading_as_in_the_pdf(tmp_path: Path) -> None:
    blocks = _read(_numbered_minutes(tmp_path / "minutes.docx")).blocks
    assert [(b.kind, b.text) for b in blocks if b.style != "Normal"] == [
        ("heading", "Apologies for absence"),
        ("heading", "Finance"),
        ("heading", "Playing field"),
        ("list_item", "A whole sentence in bold."),
        ("list_item", "A bold bullet"),
        ("list_item", "Plain numbered line"),
    ]


def test_a_list_numbered_in_letters_by_direct_formatting_is_numbered(tmp_path: Path) -> None:
    """The number format comes from ``numbering.xml`` through the paragraph's own
    ``w:numPr``; a list Word prints as bullets stays a list item however bold."""
    path = _numbered_minutes(tmp_path / "minutes.docx")
    abstract = (
        '<w:abstractNum w:abstractNumId="90"><w:lvl w:ilvl="0"><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
    )
    nums = (
        '<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
        '<w:num w:numId="91"><w:abstractNumId w:val="90"/><w:lvlOverride w:ilvl="0">'
        '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:lvlOverride></w:num>'
    )
    # the schema lists every abstract definition before the first list that uses one
    _rewrite_member(
        path,
        "word/numbering.xml",
        lambda xml: xml.replace("<w:num ", abstract + "<w:num ", 1).replace(
            "</w:numbering>", nums + "</w:numbering>"
        ),
    )
    word = docx.Document(str(path))
    for text, num_id in (("Lettered title", "90"), ("Bulleted by override", "91")):
        paragraph = word.add_paragraph()
        paragraph.add_run(text).bold = True
        numbering = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", "0"), ("w:numId", num_id)):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            numbering.append(element)
        paragraph._p.get_or_add_pPr().append(numbering)
    word.save(str(path))
    blocks = _read(path).blocks
    assert [(b.kind, b.text) for b in blocks[-2:]] == [
        ("heading", "Lettered title"),
        ("list_item", "Bulleted by override"),
    ]


def test_decisions_under_word_numbered_titles_carry_the_title(tmp_path: Path) -> None:
    from pipeline.extract import extract_rows

    rows = extract_rows(_read(_numbered_minutes(tmp_path / "minutes.docx")))
    assert [(s["heading"], s["text"]) for s in rows.tables["statements"]] == [
        ("Finance", "that the payments listed be approved."),
        ("Playing field", "that the Clerk obtain three quotes for a new gate."),
    ]


def _letterheaded_minutes(path: Path) -> Path:
    word = docx.Document()
    header = word.sections[0].header
    header.paragraphs[0].text = "EASTMOOR PARISH COUNCIL"
    header.add_paragraph("Clerk: Mrs J Smith, 1 High Street, Eastmoor")
    word.add_paragraph("Minutes of the meeting held on Tuesday 14 May 2024 in the Village Hall")
    word.add_paragraph("Present: Cllr A Brook (Chair), Cllr B Fenn")
    word.add_paragraph("RESOLVED that the payments be approved.")
    word.save(path)
    return path


def test_the_first_page_header_is_a_property_not_text(tmp_path: Path) -> None:
    doc = _read(_letterheaded_minutes(tmp_path / "minutes.docx"))
    assert doc.properties["header"] == (
        "EASTMOOR PARISH COUNCIL\nClerk: Mrs J Smith, 1 High Street, Eastmoor"
    )
    assert "EASTMOOR" not in " ".join(b.text for b in doc.blocks)


def test_a_council_named_only_in_the_page_header_issued_the_paper(tmp_path: Path) -> None:
    from extractors.metadata import extract_metadata

    doc = _read(_letterheaded_minutes(tmp_path / "minutes.docx"))
    assert extract_metadata(doc).organisation == "Eastmoor Parish Council"
