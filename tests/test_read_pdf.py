"""The PDF reader, on PDFs built from code by ``docbuilders.pdf``."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pdfplumber
import pytest

from docbuilders.pdf import (
    build_encrypted_pdf,
    build_image_only_pdf,
    build_pdf,
    build_rotated_pdf,
)
from docbuilders.spec import Block as SpecBlock
from docbuilders.spec import Cell, Heading, ListItem, PageBreak, Paper, Paragraph, Table
from extractors.readers.pdf import _append_rows, _join_line_texts, colour_to_rgb, read
from pipeline.errors import ParseError
from pipeline.model import Block, Document, Row
from pipeline.model import Cell as ModelCell

RUNNING_HEADER = "Children's Services Scrutiny Panel – 12 March 2024"
HYPHENATED = (
    "Members questioned whether the review of safeguarding practice would be fully "
    "inde-pendent of the service."
)
"""Long enough that the line breaks at ``inde-``; the fixture checks that it does."""
COMPOUND = (
    "Officers confirmed that the new quality assurance framework will be considered by "
    "the multi-agency group in May."
)
"""Breaks after ``multi-``: a compound whose hyphen must survive."""
DASHED = (
    "The improvement plan for social care, early help and the safeguarding partnership as a "
    "whole – agreed in May – sets out the actions for the next year."
)
"""The second line starts with a spaced dash, which is not a bullet."""
VERDICT = "Partially achieved.\nAudits are late in two teams.\nA further audit is planned in May."
AMBER, GREEN = "#ffc000", "#00b050"
MILESTONE_HEADER = ["Ref", "Milestone", "Update", "RAG"]
TYPOGRAPHIC = set("‘’“”–—•…£€")
"""Characters beyond Latin-1 that the builder's font (Bitstream Vera) can print."""


def _milestone_rows(n: int) -> list[list[str | Cell]]:
    rows: list[list[str | Cell]] = [list(MILESTONE_HEADER)]
    for i in range(1, n + 1):
        rag = Cell("Amber", fill=AMBER) if i % 3 == 0 else Cell("Green", fill=GREEN)
        update = "Achieved." if i % 2 else "Recruitment continues; agency use is falling."
        rows.append([f"M{i}", f"Deliver workstream {i} of the improvement plan", update, rag])
    return rows


MILESTONES = Table(_milestone_rows(60), col_widths=[1, 4, 6, 1.5], merge_down=[(3, 1, 2)])
REPORT = Paper(
    title="Improvement plan progress",
    author="Democratic Services",
    running_header=RUNNING_HEADER,
    blocks=[
        Heading("Improvement plan progress", 1),
        Paragraph(HYPHENATED),
        Paragraph(COMPOUND),
        Paragraph(DASHED),
        Heading("Key risks", 2),
        ListItem(
            "Recruitment of permanent social workers remains the main risk to the plan, and "
            "agency staff costs are well above the budget set for this year."
        ),
        ListItem("Caseloads are above target in two teams.", level=1),
        ListItem("That the panel notes the report.", numbered=True),
        ListItem("That a further update comes to the March meeting.", numbered=True),
        Table(
            [
                ["Workstream", "Lead", "Verdict"],
                ["Recruitment", "Head of Service", Cell("Amber", fill=AMBER)],
                ["Quality assurance", "Principal social worker", VERDICT],
            ]
        ),
        Paragraph("The milestones below are monitored every month."),
        PageBreak(),
        Heading("Milestones", 2),
        MILESTONES,
        Paragraph("The task group will meet again in April."),
    ],
)


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_pdf(REPORT, tmp_path_factory.mktemp("pdf") / "report.pdf")


@pytest.fixture(scope="module")
def report(report_pdf: Path) -> Document:
    return read(report_pdf, "2024/report.pdf", "doc-1")


def _raw_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def _texts(doc: Document, kind: str) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == kind]


def _tables(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.is_table]


def test_document_fields_and_properties(report: Document) -> None:
    assert report.file_type == "pdf"
    assert report.source_path == "2024/report.pdf"
    assert report.doc_id == "doc-1"
    assert report.n_pages == len(report.pages) >= 3
    assert [p.number for p in report.pages] == list(range(1, report.n_pages + 1))
    assert report.properties["Title"] == "Improvement plan progress"
    assert report.properties["Author"] == "Democratic Services"
    assert report.properties["CreationDate"].startswith("D:")


def test_headings_paragraphs_and_lists_become_blocks(report: Document) -> None:
    first_page = [(b.kind, b.text, b.level) for b in report.pages[0].blocks if not b.is_table]
    assert first_page[0] == ("heading", "Improvement plan progress", 1)
    assert ("heading", "Key risks", 2) in first_page
    assert ("paragraph", "The milestones below are monitored every month.", 0) in first_page
    bullets = [(text, level) for kind, text, level in first_page if kind == "list_item"]
    assert bullets == [
        (
            "Recruitment of permanent social workers remains the main risk to the plan, and "
            "agency staff costs are well above the budget set for this year.",
            0,
        ),
        ("Caseloads are above target in two teams.", 1),
        ("1. That the panel notes the report.", 0),
        ("2. That a further update comes to the March meeting.", 0),
    ]
    assert ("heading", "Milestones", 2) in [(b.kind, b.text, b.level) for b in report.blocks]


def test_dash_opening_a_wrapped_line_is_not_a_bullet(report_pdf: Path, report: Document) -> None:
    assert "\n– agreed in May" in _raw_text(report_pdf), "fixture: the line should wrap there"
    assert DASHED in _texts(report, "paragraph")


def test_blocks_in_reading_order_with_tables_in_place(report: Document) -> None:
    first_page = report.pages[0].blocks
    kinds = [b.kind for b in first_page]
    table_at = kinds.index("table")
    assert first_page[table_at - 1].text == "2. That a further update comes to the March meeting."
    assert first_page[table_at + 1].text == "The milestones below are monitored every month."
    tops = [b.bbox.top for b in first_page if b.bbox]
    assert tops == sorted(tops)


def test_table_cells_and_fill_colour(report: Document) -> None:
    small = _tables(report)[0]
    assert [row.texts for row in small.rows[:2]] == [
        ["Workstream", "Lead", "Verdict"],
        ["Recruitment", "Head of Service", "Amber"],
    ]
    assert small.rows[0].is_header
    amber = small.rows[1].cells[2]
    assert amber.fill is not None
    assert amber.fill == pytest.approx((1.0, 0xC0 / 255, 0.0), abs=0.01)
    assert small.rows[1].cells[0].fill is None
    assert amber.bbox is not None and amber.bbox.x0 > small.rows[1].cells[1].bbox.x1 - 1


def test_cell_paragraph_breaks_kept(report: Document) -> None:
    verdict = _tables(report)[0].rows[2].cells[2].text
    assert verdict == VERDICT
    assert verdict.split("\n")[0] == "Partially achieved."


def test_table_split_across_page_break(report_pdf: Path, report: Document) -> None:
    raw = _raw_text(report_pdf)
    assert raw.count("Ref Milestone Update RAG") >= 2, "fixture: header should repeat"

    milestones = _tables(report)[1]
    assert len(_tables(report)) == 2, "the continuation pages must not start new tables"
    assert milestones.rows[0].texts == MILESTONE_HEADER
    assert milestones.rows[0].is_header
    assert [row.texts[0] for row in milestones.rows[1:]] == [f"M{i}" for i in range(1, 61)]
    assert not any(row.is_header for row in milestones.rows[1:])
    pages = [row.page for row in milestones.rows]
    assert pages == sorted(pages)
    assert len(set(pages)) >= 2
    assert milestones.page == pages[0]
    assert report.blocks[-1].text == "The task group will meet again in April."


def test_vertical_merge_printed_once(report: Document) -> None:
    rows = _tables(report)[1].rows
    merged, covered = rows[1].cells[3], rows[2].cells[3]
    assert (merged.text, merged.row_span) == ("Green", 2)
    assert covered.continued and covered.text == ""
    assert len(rows[2].cells) == len(MILESTONE_HEADER)


def test_running_header_and_page_numbers_not_in_blocks(report_pdf: Path, report: Document) -> None:
    raw = _raw_text(report_pdf)
    assert RUNNING_HEADER in raw and "Page 2" in raw, "fixture: furniture should be printed"
    text = report.plain_text()
    assert "Scrutiny Panel" not in text
    assert not any(b.text.startswith("Page ") for b in report.blocks)


def test_hyphenated_line_end_repaired(report_pdf: Path, report: Document) -> None:
    raw = _raw_text(report_pdf)
    assert "inde-\npendent" in raw and "multi-\nagency" in raw, "fixture: lines should break"
    paragraphs = _texts(report, "paragraph")
    assert HYPHENATED.replace("inde-pendent", "independent") in paragraphs
    assert COMPOUND in paragraphs


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("the recom-", "mendations", "the recommendations"),
        ("a follow-", "up report", "a follow-up report"),
        ("by mid-", "2024", "by mid-2024"),
        ("costs -", "a rise", "costs - a rise"),
        ("soft\u00ad", "ware", "software"),
    ],
)
def test_line_joining(left: str, right: str, joined: str) -> None:
    assert _join_line_texts(left, right) == joined


def test_landscape_page(tmp_path: Path) -> None:
    columns = ["Ref", "Action", "Owner", "Due", "Status", "Comment"]
    paper = Paper(
        title="Action log",
        landscape=True,
        blocks=[
            Heading("Action log"),
            Table([columns, ["A1", "Review caseloads", "Head of Service", "May", "Open", "-"]]),
        ],
    )
    doc = read(build_pdf(paper, tmp_path / "landscape.pdf"), "a.pdf", "a")
    page = doc.pages[0]
    assert page.landscape and page.width > page.height
    assert [b.kind for b in page.blocks] == ["heading", "table"]
    assert page.blocks[1].rows[0].texts == columns
    assert page.blocks[1].bbox.x1 > page.height, "the table uses the landscape width"


def test_rotated_page_reads_in_order(tmp_path: Path) -> None:
    paper = Paper(
        title="Rotated",
        blocks=[
            Heading("Budget monitoring"),
            Paragraph("The forecast outturn is an overspend of two per cent."),
            Table([["Service", "Budget"], ["Children's social care", "12.4m"]]),
        ],
    )
    path = build_rotated_pdf(paper, tmp_path / "rotated.pdf")
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].rotation == 90, "fixture: the page should carry /Rotate 90"
    page = read(path, "r.pdf", "r").pages[0]
    assert page.landscape
    assert [(b.kind, b.text) for b in page.blocks[:2]] == [
        ("heading", "Budget monitoring"),
        ("paragraph", "The forecast outturn is an overspend of two per cent."),
    ]
    assert [row.texts for row in page.blocks[2].rows] == [
        ["Service", "Budget"],
        ["Children's social care", "12.4m"],
    ]


def test_table_drawn_with_cell_shading_only(tmp_path: Path) -> None:
    shade = "#dddddd"
    rows = [
        [Cell("Risk", fill="#1f4e79"), Cell("Score", fill="#1f4e79")],
        [Cell("Staffing", fill=shade), Cell("High", fill="#ff0000")],
        [Cell("Budget", fill=shade), Cell("Medium", fill=AMBER)],
    ]
    paper = Paper(title="Shaded", blocks=[Paragraph("Before."), Table(rows), Paragraph("After.")])
    path = build_pdf(paper, tmp_path / "shaded.pdf", table_borders=False)
    with pdfplumber.open(path) as pdf:
        assert not pdf.pages[0].lines, "fixture: no ruling lines, only filled rectangles"
    doc = read(path, "s.pdf", "s")
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    table = doc.blocks[1]
    assert [row.texts for row in table.rows] == [
        ["Risk", "Score"],
        ["Staffing", "High"],
        ["Budget", "Medium"],
    ]
    assert table.rows[1].cells[1].fill == pytest.approx((1.0, 0.0, 0.0), abs=0.01)
    assert table.rows[1].cells[0].fill == pytest.approx((0xDD / 255,) * 3, abs=0.01)


def test_row_split_across_page_break_joined(tmp_path: Path) -> None:
    comment = "Partially achieved: " + "recruitment continues but vacancies remain high " * 30
    paper = Paper(
        title="Split row",
        blocks=[
            *[Paragraph("The panel reviewed the milestones one by one. " * 12)] * 6,
            Table(
                [
                    ["Ref", "Update", "RAG"],
                    ["M1", "Achieved.", "Green"],
                    ["M2", comment.strip(), Cell("Amber", fill=AMBER)],
                    ["M3", "Achieved.", "Green"],
                ],
                col_widths=[1, 6, 1.5],
                repeat_header=False,  # lets reportlab split a row
            ),
        ],
    )
    path = build_pdf(paper, tmp_path / "split_row.pdf")
    with pdfplumber.open(path) as pdf:
        first, second = (page.extract_text() for page in pdf.pages[:2])
    assert "Partially achieved" in first and "M2" not in second, "fixture: M2 should split"

    doc = read(path, "split_row.pdf", "x")
    tables = _tables(doc)
    assert len(tables) == 1
    rows = tables[0].rows
    assert [row.texts for row in rows] == [
        ["Ref", "Update", "RAG"],
        ["M1", "Achieved.", "Green"],
        ["M2", comment.strip(), "Amber"],
        ["M3", "Achieved.", "Green"],
    ]
    assert [row.page for row in rows] == [1, 1, 1, 2]


def test_row_starting_with_empty_cell_is_not_joined() -> None:
    table = Block(kind="table", rows=[Row([ModelCell("Staffing"), ModelCell("Vacancies.")])])
    _append_rows(table, [Row([ModelCell(""), ModelCell("Agency costs.")], page=2)])
    assert [r.texts for r in table.rows] == [["Staffing", "Vacancies."], ["", "Agency costs."]]


@pytest.mark.parametrize(
    ("colour", "rgb"),
    [
        ((0.5,), (0.5, 0.5, 0.5)),
        ((1.0, 0.0, 0.0), (1.0, 0.0, 0.0)),
        ((0.0, 0.25, 1.0, 0.0), (1.0, 0.75, 0.0)),
        ((1.0, 1.0, 1.0), None),
        ((0.98,), None),
        ((0.0, 0.0, 0.0, 0.0), None),
        (None, None),
        (("P1",), None),
    ],
)
def test_colour_to_rgb(colour: object, rgb: tuple[float, float, float] | None) -> None:
    assert colour_to_rgb(colour) == (pytest.approx(rgb) if rgb else None)


def test_encrypted_pdf_raises_encrypted(tmp_path: Path) -> None:
    path = build_encrypted_pdf(REPORT, tmp_path / "locked.pdf", "s3cret")
    with pytest.raises(ParseError) as caught:
        read(path, "locked.pdf", "x")
    assert caught.value.error_type == "encrypted"
    assert caught.value.stage == "parse"


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    paper = Paper(title="Protected", blocks=[Paragraph("Anyone can open this paper.")])
    path = build_encrypted_pdf(paper, tmp_path / "owner.pdf", "", owner_password="owner")
    assert _texts(read(path, "owner.pdf", "x"), "paragraph") == ["Anyone can open this paper."]


@pytest.mark.parametrize("keep", [0.05, 0.5, 0.95])
def test_truncated_pdf_raises_corrupt(report_pdf: Path, tmp_path: Path, keep: float) -> None:
    data = report_pdf.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ParseError) as caught:
        read(path, "truncated.pdf", "x")
    assert caught.value.error_type == "corrupt"
    assert "PDF" in caught.value.message


def test_not_a_pdf_raises_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "minutes.pdf"
    path.write_text("<html><body>Minutes</body></html>")
    with pytest.raises(ParseError) as caught:
        read(path, "minutes.pdf", "x")
    assert caught.value.error_type == "corrupt"


def test_image_only_pdf_raises_no_text_layer(tmp_path: Path) -> None:
    path = build_image_only_pdf(tmp_path / "scan.pdf", pages=2)
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].images, "fixture: the page should hold an image"
    with pytest.raises(ParseError) as caught:
        read(path, "scan.pdf", "x")
    assert caught.value.error_type == "no_text_layer"


def test_builder_is_deterministic(report_pdf: Path, tmp_path: Path) -> None:
    again = build_pdf(REPORT, tmp_path / "again.pdf")
    digest = hashlib.sha256(report_pdf.read_bytes()).hexdigest()
    assert hashlib.sha256(again.read_bytes()).hexdigest() == digest


def _paper_from_sample(text: str, title: str) -> Paper:
    """A paper laid out from converted text: tab-separated lines make tables, ``- `` lines
    list items, short unpunctuated lines headings. A page break in the middle makes the
    running header repeat."""
    blocks: list[SpecBlock] = []
    table_rows: list[list[str]] = []

    def flush_table() -> None:
        if table_rows:
            width = max(len(row) for row in table_rows)
            rows = [row + [""] * (width - len(row)) for row in table_rows]
            # some sample cells run longer than a page: let their rows split
            blocks.append(Table(rows, repeat_header=False))
            table_rows.clear()

    for raw in text.splitlines():
        line = re.sub(r"<[^>]+>", " ", raw)  # markup scars of the earlier conversion
        if "\t" in line:
            table_rows.append([" ".join(cell.split()) for cell in line.split("\t")])
            continue
        flush_table()
        line = " ".join(line.split())
        if not line or not all(ord(ch) < 256 or ch in TYPOGRAPHIC for ch in line):
            continue
        if line.startswith("- "):
            blocks.append(ListItem(line[2:]))
        elif len(line) < 60 and not line.endswith((".", ":")):
            blocks.append(Heading(line, 2))
        else:
            blocks.append(Paragraph(line))
    flush_table()
    middle = len(blocks) // 2
    return Paper(
        title=title,
        blocks=[*blocks[:middle], PageBreak(), *blocks[middle:]],
        running_header=f"{title} – committee papers",
    )


def test_sample_prose_round_trips(samples_dir: Path, tmp_path: Path) -> None:
    """Real committee-paper prose, laid out by the builder, reads back block for block:
    no paragraph split or glued by line spacing, lists, page breaks or furniture."""
    samples = sorted(samples_dir.glob("*.txt"))
    assert samples, f"no sample texts in {samples_dir}"
    for sample in samples:
        paper = _paper_from_sample(sample.read_text(encoding="utf-8"), sample.stem)
        doc = read(build_pdf(paper, tmp_path / f"{sample.stem}.pdf"), sample.name, "s")
        expected = [b.text for b in paper.blocks if isinstance(b, Heading | Paragraph | ListItem)]
        got = [b.text for b in doc.blocks if not b.is_table]
        assert got == expected, f"{sample.name}: prose blocks differ"
