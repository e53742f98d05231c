"""The indicators finder: KPI tables and label/value detail blocks → one row per indicator.

Fixtures are built in code (PDF with reportlab, DOCX with python-docx); each false-positive
trap is a table that carries colours or figures but reports no performance indicator.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from docbuilders.spec import Cell, Heading, PageBreak, Paper, Paragraph, Table
from extractors.finders.context import FindContext
from extractors.finders.indicators import find_indicators
from extractors.readers import reader_for
from pipeline.model import Block, Document, Page, Row
from pipeline.model import Cell as ModelCell
from pipeline.records import DocumentMeta, Extraction, Indicator

GREEN, AMBER, RED, PURPLE, GREY = "#00B050", "#FFC000", "#C00000", "#7030A0", "#D9D9D9"
REAL_PAPERS = Path(__file__).resolve().parents[2] / "shared" / "real-papers"
QPR = REAL_PAPERS / "kent" / "QPR Q3 Cabinet appendix 1.pdf"
QPR_GOLD = REAL_PAPERS / "gold" / "QPR Q3 Cabinet appendix 1.pdf.json"

Builder = Callable[[Paper, Path], Path]


def find(path: Path) -> Extraction:
    file_type = path.suffix.lstrip(".")
    doc = reader_for(file_type)(path, path.name, "test")
    return find_indicators(FindContext(doc, DocumentMeta()))


def by_name(extraction: Extraction) -> dict[str, Indicator]:
    return {i.name: i for i in extraction.indicators}


@pytest.fixture(params=["pdf", "docx"])
def build(request: pytest.FixtureRequest, build_pdf: Builder, build_docx: Builder, tmp_path: Path):
    """Build a paper in each format; returns a function ``paper → path``."""
    builder = build_pdf if request.param == "pdf" else build_docx

    def _build(paper: Paper) -> Path:
        return builder(paper, tmp_path / f"paper.{request.param}")

    return _build


def paper(*blocks: Heading | Paragraph | Table | PageBreak, landscape: bool = False) -> Paper:
    return Paper(title="Quarterly performance report", blocks=list(blocks), landscape=landscape)


# --- KPI tables ---------------------------------------------------------------------


def test_kpi_table_with_word_rag_on_fills_and_a_previous_period_column(build):
    table = Table(
        [
            [
                "Ref",
                "Indicator",
                "Target",
                "Q2 2024/25",
                "Q3 2024/25",
                "RAG",
                "Direction of travel",
            ],
            [
                "ASC-01",
                "Percentage of care assessments completed on time",
                "85%",
                "80%",
                "88%",
                Cell("GREEN", GREEN),
                "Improving",
            ],
            [
                "ASC-02",
                "Number of delayed transfers of care",
                "40",
                "45",
                "52",
                Cell("RED", RED),
                "Worsening",
            ],
            [
                "ASC-03",
                "Percentage of reviews completed within 12 months",
                "75%",
                "71%",
                "71%",
                Cell("AMBER", AMBER),
                "No change",
            ],
        ],
        col_widths=[1.2, 4, 1, 1.3, 1.3, 1, 1.6],
    )
    found = find(build(paper(Heading("Adult Social Care"), table, landscape=True)))
    rows = by_name(found)
    assert set(rows) == {
        "Percentage of care assessments completed on time",
        "Number of delayed transfers of care",
        "Percentage of reviews completed within 12 months",
    }
    first = rows["Percentage of care assessments completed on time"]
    assert (first.ref, first.value, first.previous_value, first.target) == (
        "ASC-01",
        "88%",
        "80%",
        "85%",
    )
    assert (first.rag, first.period, first.area) == ("green", "Q3 2024/25", "Adult Social Care")
    assert [i.rag for i in found.indicators] == ["green", "red", "amber"]
    assert [i.direction for i in found.indicators] == ["improving", "worsening", "stable"]
    assert len(found.used_tables) == 1


def test_rag_as_fills_only_latest_and_previous(build):
    table = Table(
        [
            ["Measure", "Latest", "Target", "Current RAG", "Previous RAG"],
            ["Calls answered within 60 seconds", "91%", "90%", Cell("", GREEN), Cell("", AMBER)],
            ["Complaints answered within 20 days", "70%", "85%", Cell("", RED), Cell("", RED)],
            ["Missed bin collections per 100,000", "55", "50", Cell("", AMBER), Cell("", GREEN)],
            ["Library visits per 1,000 residents", "310", "300", Cell("", PURPLE), Cell("", GREEN)],
        ]
    )
    found = find(build(paper(Heading("Customer Services"), table)))
    assert [(i.rag, i.previous_rag) for i in found.indicators] == [
        ("green", "amber"),
        ("red", "red"),
        ("amber", "green"),
        (None, "green"),
    ]
    assert [i.value for i in found.indicators] == ["91%", "70%", "55", "310"]
    assert found.unmapped_colours == [PURPLE.lower()]


def test_rag_read_from_the_value_cell_fill_when_there_is_a_target(build):
    table = Table(
        [
            ["KPI", "Target", "Actual"],
            ["Household waste recycled", "50%", Cell("52%", GREEN)],
            ["Potholes repaired within 28 days", "90%", Cell("78%", RED)],
        ]
    )
    found = find(build(paper(table)))
    assert [(i.value, i.target, i.rag) for i in found.indicators] == [
        ("52%", "50%", "green"),
        ("78%", "90%", "red"),
    ]


def test_direction_from_glyphs(build_docx: Builder, tmp_path: Path):
    table = Table(
        [
            ["Performance indicator", "Value", "Target", "RAG", "Trend"],
            ["Pupils attending good schools", "89%", "90%", "A", "▲"],
            ["Young people not in education or training", "4.1%", "3.5%", "R", "↓"],
            ["Early years settings rated good", "97%", "95%", "G", "►"],
            ["Children in need per 10,000", "310", "320", "G", "é"],  # Wingdings up arrow
        ]
    )
    found = find(build_docx(paper(table), tmp_path / "glyphs.docx"))
    assert [i.direction for i in found.indicators] == [
        "improving",
        "worsening",
        "stable",
        "improving",
    ]
    assert [i.rag for i in found.indicators] == ["amber", "red", "green", "green"]
    assert any("no key" in note for note in found.notes)


def test_direction_from_wingdings_symbols_inserted_in_word(build_docx: Builder, tmp_path: Path):
    """Word's Insert > Symbol stores an arrow as ``<w:sym w:font="Wingdings" w:char="F0E9"/>``."""
    from docx import Document as open_docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = Table(
        [
            ["Indicator", "Latest", "Target", "RAG", "DoT"],
            ["Repairs completed on first visit", "82%", "80%", "Green", "SYM:F0E9"],
            ["Tenants satisfied with repairs", "71%", "85%", "Red", "SYM:F0EA"],
            ["Rent collected", "98%", "98%", "Green", "SYM:F0E8"],
        ]
    )
    path = build_docx(paper(table), tmp_path / "symbols.docx")
    document = open_docx(str(path))
    for text in document.element.body.iter(qn("w:t")):
        if (text.text or "").startswith("SYM:"):
            sym = OxmlElement("w:sym")
            sym.set(qn("w:font"), "Wingdings")
            sym.set(qn("w:char"), text.text[4:])
            text.addprevious(sym)
            text.getparent().remove(text)
    document.save(str(path))
    found = find(path)
    assert [i.direction for i in found.indicators] == ["improving", "worsening", "stable"]


def test_summary_row_and_detail_block_merged_into_one_indicator(build):
    summary = Table(
        [
            [
                Cell("Housing KPIs", GREY),
                Cell("RAG Latest", GREY),
                Cell("RAG Previous", GREY),
                Cell("DoT", GREY),
            ],
            [
                "% of homeless households placed in temporary accommodation",
                Cell("RED", RED),
                Cell("AMBER", AMBER),
                "Worsening",
            ],
            [
                "Number of affordable homes completed",
                Cell("GREEN", GREEN),
                Cell("GREEN", GREEN),
                "Stable",
            ],
        ]
    )
    detail = Table(
        [
            [
                Cell("Percentage of homeless households placed in temporary accommodation", GREY),
                Cell("RED", RED),
            ],
            ["Latest: 14.2%", "Target: 10%, Floor: 12%", "Previous: 11.8% (Amber)"],
            [Cell("Number of affordable homes completed", GREY), Cell("GREEN", GREEN)],
            ["Latest: 412", "Target: 400, Floor: 350", "Previous: 398 (Green)"],
        ],
        header_rows=0,
    )
    found = find(
        build(
            paper(
                Heading("Housing"),
                summary,
                PageBreak(),
                Heading("Key Performance Indicators", 2),
                detail,
            )
        )
    )
    assert len(found.indicators) == 2
    first, second = found.indicators
    assert first.name == "% of homeless households placed in temporary accommodation"
    assert (first.value, first.target, first.floor, first.previous_value) == (
        "14.2%",
        "10%",
        "12%",
        "11.8%",
    )
    assert (first.rag, first.previous_rag, first.direction, first.area) == (
        "red",
        "amber",
        "worsening",
        "Housing",
    )
    assert (second.value, second.rag, second.previous_rag, second.direction) == (
        "412",
        "green",
        "green",
        "stable",
    )
    assert len(found.used_tables) == 2


def test_detail_block_as_paragraphs(build):
    found = find(
        build(
            paper(
                Heading("Public Health"),
                Heading("Smoking quitters at four weeks", 2),
                Paragraph("GREEN"),
                Paragraph("Latest: 1,204   Target: 1,100   Previous: 1,150 (Green)"),
                Paragraph("Direction of travel: Improving"),
                Paragraph("Quit rates have risen for the third quarter running."),
            )
        )
    )
    assert [
        (i.name, i.value, i.target, i.previous_value, i.rag, i.previous_rag, i.direction)
        for i in found.indicators
    ] == [
        ("Smoking quitters at four weeks", "1,204", "1,100", "1,150", "green", "green", "improving")
    ]
    assert found.indicators[0].area == "Public Health"


def test_quarter_columns_latest_is_the_rightmost_figure_and_rags_run_left_to_right(build):
    table = Table(
        [
            ["Measure", "Target", "Q1", "Q2", "Q3", "Q4", "Q2 RAG", "Q3 RAG"],
            [
                "Households in temporary accommodation",
                "150",
                "162",
                "158",
                "149",
                "",
                Cell("", AMBER),
                Cell("", GREEN),
            ],
            [
                "Days to process a benefit claim",
                "20",
                "24",
                "26",
                "",
                "",
                Cell("", RED),
                Cell("", "#FFFFFF"),
            ],
        ],
        col_widths=[4, 1, 1, 1, 1, 1, 1, 1],
    )
    found = find(build(paper(table, landscape=True)))
    assert [(i.value, i.previous_value, i.period) for i in found.indicators] == [
        ("149", "158", "Q3"),
        ("26", "24", "Q2"),
    ]
    assert [(i.rag, i.previous_rag) for i in found.indicators] == [
        ("green", "amber"),
        ("red", None),
    ]


def test_status_words_in_a_rag_column_under_a_caption_row(build):
    table = Table(
        [
            ["Corporate scorecard, quarter 3", "", "", ""],
            ["Performance measure", "Actual", "Target", "Status"],
            ["Calls answered in 3 minutes", "93%", "90%", "On target"],
            ["Invoices paid within 30 days", "81%", "95%", "Off target"],
            ["Staff sickness days per FTE", "9.1", "8.5", Cell("Near target", AMBER)],
        ]
    )
    found = find(build(paper(table)))
    assert [(i.rag, i.rag_raw) for i in found.indicators] == [
        ("green", "On target"),
        ("red", "Off target"),
        ("amber", "Near target"),
    ]


def test_detail_card_of_label_and_value_cells(build):
    card = Table(
        [
            ["Indicator", "Percentage of planning applications decided in time"],
            ["Period", "Q3 2024/25"],
            ["Polarity", "Higher is better"],
            ["Latest", "88%"],
            ["Target", "85%"],
            ["RAG", Cell("GREEN", GREEN)],
            ["Direction of travel", "Improving"],
            ["Indicator", "Number of empty homes brought back into use"],
            ["Latest", "41"],
            ["Previous", "55"],
            ["RAG", Cell("", RED)],
        ],
        header_rows=0,
        col_widths=[1, 3],
    )
    found = find(build(paper(Heading("Planning"), card)))
    assert [
        (i.name, i.value, i.target, i.previous_value, i.rag, i.direction, i.area)
        for i in found.indicators
    ] == [
        (
            "Percentage of planning applications decided in time",
            "88%",
            "85%",
            None,
            "green",
            "improving",
            "Planning",
        ),
        ("Number of empty homes brought back into use", "41", None, "55", "red", None, "Planning"),
    ]
    assert [i.period for i in found.indicators] == ["Q3 2024/25", None]


def test_markdown_scorecard_with_words_and_symbols(tmp_path: Path):
    path = tmp_path / "scorecard.md"
    path.write_text(
        "# Police and Crime Plan scorecard\n\n"
        "## Neighbourhood policing\n\n"
        "| Measure | Latest | Target | RAG | Trend |\n"
        "|---|---|---|---|---|\n"
        "| 999 calls answered within 10 seconds | 91% | 90% | Green | ▲ |\n"
        "| Victim satisfaction with service | 72% | 80% | 🔴 | ▼ |\n"
        "| Burglaries solved | 8.5% | 10% | Amber | ► |\n",
        encoding="utf-8",
    )
    found = find(path)
    assert [(i.value, i.target, i.rag, i.direction) for i in found.indicators] == [
        ("91%", "90%", "green", "improving"),
        ("72%", "80%", "red", "worsening"),
        ("8.5%", "10%", "amber", "stable"),
    ]
    assert {i.area for i in found.indicators} == {"Neighbourhood policing"}


def test_the_latest_period_is_the_latest_whichever_side_it_is_printed(tmp_path: Path):
    """ "Q3 2024/25 | Q2 2024/25": the newer quarter is the value, wherever the column sits."""
    rows = [
        ("999 calls answered within 10 seconds", "90%", "87%", "91%", "Amber"),
        ("Burglary solved rate", "10%", "12%", "9%", "Green"),
    ]
    for name, newest_first in (("newest_first.md", True), ("oldest_first.md", False)):
        header = ["Q3 2024/25", "Q2 2024/25"] if newest_first else ["Q2 2024/25", "Q3 2024/25"]
        lines = [
            "# Performance summary",
            "",
            f"| Measure | Target | {header[0]} | {header[1]} | RAG |",
            "|---|---|---|---|---|",
        ]
        for measure, target, q3, q2, rag in rows:
            first, second = (q3, q2) if newest_first else (q2, q3)
            lines.append(f"| {measure} | {target} | {first} | {second} | {rag} |")
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        found = find(path)
        assert [(i.value, i.previous_value, i.period) for i in found.indicators] == [
            ("87%", "91%", "Q3 2024/25"),
            ("12%", "9%", "Q3 2024/25"),
        ], name


def _model_table(page: int, *rows: list[str | ModelCell]) -> Block:
    return Block(
        "table",
        page=page,
        rows=[
            Row([c if isinstance(c, ModelCell) else ModelCell(c) for c in row], page=page)
            for row in rows
        ],
    )


def _find_in(*blocks: Block) -> Extraction:
    pages = sorted({b.page or 1 for b in blocks})
    doc = Document(
        "paper.pdf",
        "pdf",
        "test",
        pages=[Page(n, blocks=[b for b in blocks if (b.page or 1) == n]) for n in pages],
    )
    return find_indicators(FindContext(doc, DocumentMeta()))


def test_kpi_table_cut_by_a_page_break_without_a_repeated_header():
    header = ["Indicator", "Latest", "Target", "RAG"]
    first = _model_table(
        1,
        header,
        ["Percentage of streets free of litter", "93%", "90%", "G"],
        ["Fly-tipping incidents cleared in 48 hours", "88%", "95%", "R"],
    )
    rest = _model_table(2, ["Number of green flag parks", "12", "12", "G"])
    heading = Block("heading", text="Environment", page=1, level=1)
    found = _find_in(heading, first, rest)
    assert [(i.name, i.rag, i.area) for i in found.indicators] == [
        ("Percentage of streets free of litter", "green", "Environment"),
        ("Fly-tipping incidents cleared in 48 hours", "red", "Environment"),
        ("Number of green flag parks", "green", "Environment"),
    ]
    assert len(found.used_tables) == 2


def test_kpi_listed_in_an_overview_and_its_service_table_is_one_row():
    overview = _model_table(
        1,
        ["Indicators rated red", "Latest", "Target", "RAG"],
        ["Invoices paid within 30 days", "81%", "95%", "RED"],
    )
    service = _model_table(
        2,
        ["Finance KPIs", "Latest", "Target", "RAG", "DoT"],
        ["Invoices paid within 30 days", "81%", "95%", "RED", "Worsening"],
        ["Council tax collected", "97%", "96%", "GREEN", "Stable"],
    )
    found = _find_in(overview, service)
    assert [(i.name, i.direction) for i in found.indicators] == [
        ("Invoices paid within 30 days", "worsening"),
        ("Council tax collected", "stable"),
    ]


def test_summary_row_without_a_detail_block_is_not_paired_with_a_similar_one():
    summary = _model_table(
        1,
        ["Education KPIs", "RAG Latest", "RAG Previous"],
        ["% of pupils attending a good or outstanding primary school", "GREEN", "GREEN"],
        ["% of pupils attending a good or outstanding secondary school", "AMBER", "AMBER"],
    )
    detail = _model_table(
        3,
        ["Percentage of pupils attending a good or outstanding secondary school", "AMBER"],
        ["Latest: 82%", "Target: 85%", "Previous: 81% (Amber)"],
    )
    found = _find_in(summary, detail)
    assert [(i.name, i.value) for i in found.indicators] == [
        ("% of pupils attending a good or outstanding primary school", None),
        ("% of pupils attending a good or outstanding secondary school", "82%"),
    ]


def test_theme_column_merged_down_gives_the_area_and_a_printed_key_the_arrows(
    build_docx: Builder, tmp_path: Path
):
    """DOCX only: the PDF builder's font has no arrow glyphs."""
    table = Table(
        [
            ["Theme", "Measure", "Latest", "Target", "RAG", "DoT"],
            [
                "Safer streets",
                "Anti-social behaviour incidents per 1,000 people",
                "21.4",
                "20",
                Cell("AMBER", AMBER),
                "▲",
            ],
            ["", "Repeat victims of domestic abuse", "28%", "25%", Cell("RED", RED), "▼"],
            [
                "Healthy lives",
                "Adults who are physically active",
                "66%",
                "65%",
                Cell("GREEN", GREEN),
                "►",
            ],
        ],
        merge_down=[(0, 1, 2)],
        col_widths=[1.5, 4, 1, 1, 1, 1],
    )
    found = find(
        build_docx(
            paper(
                Heading("Community safety scorecard"),
                Paragraph("Key: ▲ performance has deteriorated ▼ performance has improved"),
                table,
            ),
            tmp_path / "theme.docx",
        )
    )
    assert [(i.area, i.direction) for i in found.indicators] == [
        ("Safer streets", "worsening"),
        ("Safer streets", "improving"),
        ("Healthy lives", "stable"),
    ]


def test_direction_from_unmapped_wingdings_codes_in_a_pdf():
    """A symbol font without a Unicode map comes out of pdfminer as ``(cid:NNN)``."""
    table = _model_table(
        1,
        ["KPI", "Actual", "Target", "RAG", "DoT"],
        ["Freedom of information requests answered in time", "91%", "90%", "G", "(cid:233)"],
        ["Stage 1 complaints answered in time", "72%", "85%", "R", "(cid:234)"],
        ["Invoices paid within 30 days", "95%", "95%", "G", "(cid:232)"],
    )
    found = _find_in(table)
    assert [i.direction for i in found.indicators] == ["improving", "worsening", "stable"]


def test_services_rated_in_a_small_table_with_a_unit_for_a_value_header():
    table = _model_table(
        1,
        ["Service", "Satisfaction", "Target", "RAG"],
        ["Libraries", "92%", "90%", "G"],
        ["Leisure centres", "81%", "85%", "A"],
    )
    found = _find_in(table)
    assert [(i.name, i.area, i.value, i.target, i.rag) for i in found.indicators] == [
        ("Libraries", None, "92%", "90%", "green"),
        ("Leisure centres", None, "81%", "85%", "amber"),
    ]


# --- drawn arrows (PDF reader) ----------------------------------------------------------


def _arrow_table_pdf(path: Path) -> Path:
    """A ruled KPI table whose RAG column holds drawn dots and whose direction column holds
    drawn triangles and arrows: no text in either."""
    from reportlab.lib.colors import HexColor, black
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    xs, row_h, top = [60, 330, 420, 500], 24, 120
    rows = [
        ("Indicator", "RAG", "DoT", None),
        ("Percentage of roads in good condition", GREEN, "", "up"),
        ("Number of road casualties", RED, "", "down"),
        ("Percentage of streetlights working", AMBER, "", "right"),
    ]
    for r, (name, rag, dot, arrow) in enumerate(rows):
        y = height - top - r * row_h  # baseline space: y grows upwards
        canvas.drawString(xs[0] + 4, y - 16, name)
        canvas.drawString(xs[2] + 4, y - 16, dot)
        if r == 0:
            canvas.drawString(xs[1] + 4, y - 16, rag)
        else:  # a RAG dot
            canvas.setFillColor(HexColor(rag))
            canvas.circle((xs[1] + xs[2]) / 2, y - row_h / 2, 5, stroke=0, fill=1)
            canvas.setFillColor(black)
        cx, cy = (xs[2] + xs[3]) / 2, y - row_h / 2
        if arrow:
            p = canvas.beginPath()
            if arrow == "up":  # an arrow: head and shaft
                for i, (dx, dy) in enumerate(
                    [(0, 7), (6, 0), (2, 0), (2, -7), (-2, -7), (-2, 0), (-6, 0)]
                ):
                    (p.moveTo if i == 0 else p.lineTo)(cx + dx, cy + dy)
            elif arrow == "down":  # a triangle
                p.moveTo(cx - 6, cy + 5)
                p.lineTo(cx + 6, cy + 5)
                p.lineTo(cx, cy - 5)
            else:  # right: an arrow
                for i, (dx, dy) in enumerate(
                    [(8, 0), (1, 6), (1, 2), (-8, 2), (-8, -2), (1, -2), (1, -6)]
                ):
                    (p.moveTo if i == 0 else p.lineTo)(cx + dx, cy + dy)
            p.close()
            canvas.drawPath(p, stroke=0, fill=1)
    bottom = height - top - len(rows) * row_h
    for r in range(len(rows) + 1):
        canvas.line(xs[0], height - top - r * row_h, xs[-1], height - top - r * row_h)
    for x in xs:
        canvas.line(x, height - top, x, bottom)
    canvas.showPage()
    canvas.save()
    return path


def test_pdf_reader_records_drawn_arrows_and_dots_and_the_finder_reads_them(tmp_path: Path):
    path = _arrow_table_pdf(tmp_path / "arrows.pdf")
    doc = reader_for("pdf")(path, path.name, "test")
    table = next(b for b in doc.blocks if b.is_table)
    assert [row.cells[2].arrow for row in table.rows] == [None, "up", "down", "right"]
    assert [row.cells[1].arrow for row in table.rows] == [None, None, None, None]  # dots
    assert all(row.cells[1].mark is not None for row in table.rows[1:])
    found = find_indicators(FindContext(doc, DocumentMeta()))
    assert [(i.rag, i.direction) for i in found.indicators] == [
        ("green", "improving"),
        ("red", "worsening"),
        ("amber", "stable"),
    ]


# --- false-positive traps: colours and figures that are not indicators ------------------


TRAPS = {
    "statistical_significance": Table(
        [
            ["Indicator", "Kent", "England", "Significance"],
            ["Smoking prevalence in adults", "13.1%", "12.7%", Cell("", AMBER)],
            ["Physically active adults", "68.2%", "67.1%", Cell("", GREEN)],
            ["Under 75 mortality from cancer", "128", "122", Cell("", RED)],
        ]
    ),
    "significance_on_values": Table(
        [
            ["Indicator", "Value", "Compared with England"],
            ["Hospital admissions for self-harm", Cell("212", RED), Cell("Worse", RED)],
            ["Breastfeeding at 6-8 weeks", Cell("51%", GREEN), Cell("Better", GREEN)],
        ]
    ),
    "ofsted_judgements": Table(
        [
            ["School", "Overall effectiveness", "Quality of education", "Leadership"],
            ["Oak Primary", Cell("Good", GREEN), Cell("Good", GREEN), Cell("Outstanding", GREEN)],
            [
                "Elm Academy",
                Cell("Requires improvement", AMBER),
                Cell("Inadequate", RED),
                Cell("Requires improvement", AMBER),
            ],
        ]
    ),
    "risk_heat_map": Table(
        [
            ["Likelihood / Impact", "1", "2", "3", "4"],
            ["4", Cell("4", AMBER), Cell("8", AMBER), Cell("12", RED), Cell("16", RED)],
            ["3", Cell("3", GREEN), Cell("6", AMBER), Cell("9", AMBER), Cell("12", RED)],
            ["2", Cell("2", GREEN), Cell("4", GREEN), Cell("6", AMBER), Cell("8", AMBER)],
        ]
    ),
    "risk_register_with_rag": Table(
        [
            ["Risk", "Likelihood", "Impact", "Current rating", "Target rating"],
            ["Failure to recruit social workers", "4", "4", Cell("RED", RED), Cell("AMBER", AMBER)],
            ["Cyber attack on council systems", "3", "5", Cell("RED", RED), Cell("AMBER", AMBER)],
        ]
    ),
    "financial_table": Table(
        [
            ["Directorate", "Budget £m", "Forecast £m", "Variance £m", "RAG"],
            ["Adult Social Care", "£512.3m", "£530.1m", "£17.8m", Cell("RED", RED)],
            ["Children's Services", "£301.0m", "£299.2m", "-£1.8m", Cell("GREEN", GREEN)],
        ]
    ),
    "savings_with_target": Table(
        [
            ["Saving", "Target", "Delivered", "Status"],
            ["Review of care packages", "£2.0m", "£1.2m", Cell("AMBER", AMBER)],
            ["Office rationalisation", "£0.5m", "£0.5m", Cell("GREEN", GREEN)],
        ]
    ),
    "savings_in_thousands": Table(
        [
            ["Proposal", "Target (£000)", "Achieved (£000)", "RAG"],
            ["Review of care packages", "2,000", "1,200", Cell("AMBER", AMBER)],
            ["Office rationalisation", "500", "500", Cell("GREEN", GREEN)],
        ]
    ),
    "resilience_scores": Table(
        [
            ["Symptom", "Assessment"],
            ["Running down reserves", "Score 6/10. Scope for improvement - Moderate"],
            ["Not having a clear plan", "Score 8/10. Scope for improvement - Good"],
        ]
    ),
    "progress_bars": Table(
        [
            ["Project", "Progress", "", ""],
            ["New leisure centre", Cell("", GREEN), Cell("", GREEN), "60%"],
            ["Library refurbishment", Cell("", GREEN), "", "30%"],
        ]
    ),
    "grant_decisions": Table(
        [
            ["Applicant", "Amount requested", "Decision"],
            ["Riverside Community Trust", "£5,000", Cell("Approved", GREEN)],
            ["Hilltop Youth Club", "£2,500", Cell("Rejected", RED)],
        ]
    ),
    "action_plan_with_rag": Table(
        [
            ["Action", "Lead officer", "Due date", "RAG"],
            [
                "Publish the new housing strategy",
                "Head of Housing",
                "March 2025",
                Cell("GREEN", GREEN),
            ],
            ["Recruit two additional planners", "Head of Planning", "June 2025", Cell("RED", RED)],
        ]
    ),
    "project_rag_grid": Table(
        [
            ["", "Timeline", "Budget", "Issues & Risks", "Overall status"],
            [
                "Current period",
                Cell("AMBER", AMBER),
                Cell("GREEN", GREEN),
                Cell("AMBER", AMBER),
                Cell("AMBER", AMBER),
            ],
            [
                "Previous period",
                Cell("GREEN", GREEN),
                Cell("GREEN", GREEN),
                Cell("RED", RED),
                Cell("AMBER", AMBER),
            ],
        ]
    ),
    "project_rag_grid_by_dimension": Table(
        [
            ["RAG status", "Current", "Previous"],
            ["Timeline", Cell("AMBER", AMBER), Cell("GREEN", GREEN)],
            ["Budget", Cell("GREEN", GREEN), Cell("GREEN", GREEN)],
            ["Overall", Cell("AMBER", AMBER), Cell("GREEN", GREEN)],
        ]
    ),
    "shaded_bands": Table(
        [
            ["", "Pollutant", "", "Threshold kg/year"],
            [
                Cell("", "#FFCC99"),
                Cell("Carbon dioxide", "#FFCC99"),
                Cell("", "#FFCC99"),
                "100,000",
            ],
            [Cell("", "#FFCC99"), Cell("Methane", "#FFCC99"), Cell("", "#FFCC99"), "10,000"],
            [Cell("", "#FFCC99"), Cell("Nitrous oxide", "#FFCC99"), Cell("", "#FFCC99"), "10,000"],
        ]
    ),
    "commitments_with_status": Table(
        [
            ["Commitment", "Lead", "Status"],
            ["Open two new family hubs", "Director of Children's Services", "On track"],
            ["Adopt the local transport plan", "Director of Highways", "Off track"],
        ]
    ),
    "project_highlight_form": Table(
        [
            ["Project name", "Library refurbishment"],
            ["Overall status", Cell("AMBER", AMBER)],
            ["Current spend", "£1.2m"],
            ["Target completion", "March 2025"],
            ["Previous status", Cell("GREEN", GREEN)],
        ],
        header_rows=0,
    ),
    "rag_key": Table(
        [
            [Cell("GREEN", GREEN), "Target has been achieved or exceeded"],
            [Cell("AMBER", AMBER), "Floor standard achieved but target not met"],
            [Cell("RED", RED), "Floor standard not achieved"],
        ],
        header_rows=0,
    ),
    "rag_count_summary": Table(
        [
            ["KPI Summary", Cell("GREEN", GREEN), Cell("AMBER", AMBER), Cell("RED", RED)],
            ["", "4", "2", "1"],
        ]
    ),
}


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_no_indicators_from_tables_that_are_not_kpis(build, trap: str):
    found = find(build(paper(Heading("Performance"), Paragraph("The table below."), TRAPS[trap])))
    assert found.indicators == []
    assert found.used_tables == []


def test_money_and_dates_in_label_lines_are_not_indicators(build):
    found = find(
        build(
            paper(
                Heading("Capital programme"),
                Heading("New leisure centre", 2),
                Paragraph("Current: £1.2m   Target: £1.5m"),
                Heading("Library refurbishment", 2),
                Paragraph("Latest: March 2025   Target: June 2025"),
            )
        )
    )
    assert found.indicators == []


def test_prose_with_target_words_is_not_a_detail_block(build):
    found = find(
        build(
            paper(
                Heading("Recruitment"),
                Paragraph(
                    "The target was 90% of posts filled; the latest position is 84%, "
                    "which the service expects to improve next quarter."
                ),
            )
        )
    )
    assert found.indicators == []


# --- the real paper ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def qpr_extract(tmp_path_factory: pytest.TempPathFactory) -> tuple[Extraction, dict]:
    """The summary tables (pp 2-7) and Customer Services pages (pp 8-9) of Kent's QPR.

    A page range keeps the test fast; the whole paper is measured by the real-papers scorer.
    """
    if not QPR.is_file() or not QPR_GOLD.is_file():
        pytest.skip(f"real papers not found at {REAL_PAPERS} (only present beside the dev repo)")
    pikepdf = pytest.importorskip("pikepdf")
    part = tmp_path_factory.mktemp("qpr") / "qpr_pages.pdf"
    with pikepdf.open(QPR) as source, pikepdf.new() as out:
        out.pages.extend(source.pages[1:9])
        out.save(part)
    return find(part), json.loads(QPR_GOLD.read_text(encoding="utf-8"))


def test_real_qpr_summary_tables_give_every_kpi_with_rags_and_direction(qpr_extract):
    found, gold = qpr_extract
    assert len(found.indicators) == len(gold["indicators"])
    for got, want in zip(found.indicators, gold["indicators"], strict=True):
        assert got.name in [want["name"], *want.get("name_accept", [])]
        assert (got.rag, got.previous_rag, got.direction) == (
            want["rag"],
            want["previous_rag"],
            want["direction"],
        ), got.name
        assert got.area in [want["area"], *want.get("area_accept", [])]


def test_real_qpr_detail_lines_merge_into_the_summary_rows(qpr_extract):
    found, gold = qpr_extract
    detailed = [i for i in found.indicators if i.value is not None]
    wanted = {g["name"]: g for g in gold["indicators"]}
    assert len(detailed) == 3  # Customer Services' detail page is in the range
    for got in detailed:
        want = wanted[got.name]
        assert (got.value, got.target, got.floor, got.previous_value) == (
            want["value"],
            want["target"],
            want["floor"],
            want["previous_value"],
        )
