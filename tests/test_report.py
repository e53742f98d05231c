"""The exception report, on a publication made by the real pipeline from PDFs built here."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from docbuilders.spec import Cell, Heading, Paper, Paragraph, Table
from pipeline.errors import RunError
from pipeline.ingest import IngestSettings, ingest
from pipeline.report import markdown_escape, render_report, status_chart
from pipeline.workers import WorkerSettings

EASTMOOR = "Eastmoor Borough Council"
NORTHVALE = "Northvale County Council"
FILLS = {"red": "#ff0000", "amber": "#ffc000", "green": "#00b050", "blue": "#0070c0"}
INJECTED = (
    "Hold strategy discussions within 1 working day of every <script>alert(1)</script> referral."
)
VAGUE = "Managers undertake regular audits of case files."

# (ref, action, rag, progress update) per paper.
JANUARY = [
    (
        "1.1",
        "Publish revised practice standards and brief all social work staff.",
        "green",
        "On track.",
    ),
    ("1.2", INJECTED, "green", "On track. Police attend most discussions."),
    (
        "1.3",
        "Reduce agency social workers to below 30% of the workforce.",
        "amber",
        "Off track. 34%.",
    ),
    ("1.4", VAGUE, "green", "On track."),
]
FEBRUARY = [
    ("1.1", JANUARY[0][1], "blue", "Complete. All staff briefed."),
    ("1.2", INJECTED, "amber", "Off track. Health attendance is low."),
    ("1.3", JANUARY[2][1], "red", "Overdue. 33% at the end of January."),
    ("1.4", VAGUE, "green", "On track."),
]
NORTHVALE_MARCH = [
    (
        "A1",
        "Reduce re-referrals to children's social care to below 20% by June 2025.",
        "red",
        "Overdue.",
    ),
    ("A2", "Publish the early help strategy.", "green", "On track."),
]


def action_plan(organisation: str, when: str, rows: list[tuple[str, str, str, str]]) -> Paper:
    header = ["Ref", "Action", "Lead", "Due date", "RAG", "Progress update"]
    table_rows: list[list[str | Cell]] = [header]
    for ref, action, rag, update in rows:
        rag_cell = Cell(rag.upper(), fill=FILLS[rag])
        table_rows.append([ref, action, "Head of Service", "31/03/2025", rag_cell, update])
    return Paper(
        title=f"Improvement Action Plan – {when}",
        blocks=[
            Paragraph(organisation, bold=True),
            Heading("Children's Services Improvement Plan: Action Plan", level=1),
            Paragraph(f"Progress at {when}, for the Improvement Board."),
            # A wide Action column, so the PDF does not wrap the injected tag mid-word.
            Table(rows=table_rows, col_widths=[0.5, 4.5, 1.0, 0.8, 0.6, 2.0]),
        ],
        landscape=True,
        author=organisation,
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three papers through the real pipeline: Eastmoor's plan twice, Northvale's once."""
    from docbuilders.pdf import build_pdf

    root = tmp_path_factory.mktemp("report")
    raw = root / "raw"
    raw.mkdir()
    build_pdf(action_plan(EASTMOOR, "14 January 2025", JANUARY), raw / "eastmoor_2025-01.pdf")
    build_pdf(action_plan(EASTMOOR, "14 February 2025", FEBRUARY), raw / "eastmoor_2025-02.pdf")
    build_pdf(
        action_plan(NORTHVALE, "19 March 2025", NORTHVALE_MARCH), raw / "northvale_2025-03.pdf"
    )
    summary = ingest(raw, root / "out", IngestSettings(workers=WorkerSettings(workers=0)))
    assert summary.failed == 0 and summary.rows["milestones"] == 10, summary.sentence()
    return root


@pytest.fixture(scope="module")
def html(published: Path) -> str:
    return render_report(published / "out", link_from=published / "reports")


def items(page: str) -> list[Node]:
    return HTMLParser(page).css("tr.milestone")


def text_of(node: Node) -> str:
    return " ".join(node.text(separator=" ").split())


def sections(page: str) -> dict[str, Node]:
    return {text_of(s.css_first("h2 .org")): s for s in HTMLParser(page).css("section.plan")}


def test_script_in_a_milestone_text_is_escaped(html: str) -> None:
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    injected = [row for row in items(html) if "alert(1)" in text_of(row)]
    assert len(injected) == 1, "the escaped text is shown as text"


def test_red_amber_and_slipped_milestones_are_listed_red_first(html: str) -> None:
    eastmoor = sections(html)[EASTMOOR]
    rows = eastmoor.css("tr.milestone")
    refs = [text_of(row.css_first("td.ref")) for row in rows]
    assert refs == ["1.3", "1.2"], "red before amber; the blue and green ones are not exceptions"
    red, amber = rows
    assert red.attributes["data-rag"] == "red"
    assert "Overdue" in text_of(red) and "33% at the end of January" in text_of(red)
    assert "slipped" in red.attributes["class"].split(), "amber in January, red in February"
    assert "Previous paper: Amber, 14 January 2025" in text_of(red)
    assert "slipped" in amber.attributes["class"].split(), "green in January, amber in February"


def test_only_the_latest_state_of_each_milestone_is_reported_newest_first(html: str) -> None:
    # January's amber 1.3 is now red: reported once, from February.
    rows = sections(html)[EASTMOOR].css("tr.milestone")
    assert [text_of(r.css_first("td.when")) for r in rows] == ["14 Feb 2025", "14 Feb 2025"]


def test_vague_wording_flags_come_with_their_suggestion(published: Path) -> None:
    # "regular" is vague; make the milestone an exception so it is in the report.
    page = render_report(published / "out", organisation="eastmoor")
    assert VAGUE not in page, "a green milestone with vague wording is not an exception"

    raw = published / "raw_vague"
    raw.mkdir(exist_ok=True)
    from docbuilders.pdf import build_pdf

    rows = [
        (ref, text, "amber" if text == VAGUE else rag, note) for ref, text, rag, note in JANUARY
    ]
    build_pdf(action_plan(EASTMOOR, "14 January 2025", rows), raw / "plan.pdf")
    ingest(raw, published / "out_vague", IngestSettings(workers=WorkerSettings(workers=0)))
    page = render_report(published / "out_vague")
    vague_row = next(row for row in items(page) if VAGUE in text_of(row))
    flags = [text_of(li) for li in vague_row.css("ul.flags li")]
    frequency = next(f for f in flags if f.startswith("vague-frequency"))
    assert "regular" in frequency
    assert "Suggestion: say how often" in frequency


def test_each_item_links_to_its_source_file_and_page(html: str) -> None:
    red = sections(html)[EASTMOOR].css_first("tr.rag-red")
    links = [a.attributes["href"] for a in red.css("td.source a")]
    assert links == ["../raw/eastmoor_2025-02.pdf#page=1"]


def test_report_is_self_contained(html: str) -> None:
    tree = HTMLParser(html)
    for tag in ("script", "link", "img", "iframe", "object", "embed", "base"):
        assert not tree.css(tag), f"<{tag}> would load or run something"
    hrefs = [node.attributes.get("href") or "" for node in tree.css("[href]")]
    sources = [node.attributes["href"] for node in tree.css("td.source a")]
    for href in hrefs:
        assert href.startswith("#plan-") or href in sources, href
    assert all(not re.match(r"[a-z]+:", href) for href in sources), "source links are relative"
    assert not tree.css("[src]")
    assert "url(" not in html and "@import" not in html
    csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]')
    assert csp is not None and "default-src 'none'" in csp.attributes["content"]


def test_status_chart_only_where_a_plan_has_more_than_one_paper(html: str) -> None:
    by_org = sections(html)
    chart = by_org[EASTMOOR].css_first("svg.chart")
    assert chart is not None
    totals = [text_of(t) for t in chart.css("g > text[font-weight='bold']")]
    assert totals == ["4", "4"], "four milestones in each paper"
    assert "14 Jan 2025" in text_of(chart) and "14 Feb 2025" in text_of(chart)
    assert by_org[NORTHVALE].css_first("svg") is None


def test_chart_of_two_years_of_monthly_papers_stays_inside_and_readable() -> None:
    papers = [date(2023 + m // 12, m % 12 + 1, 14) for m in range(24)]
    counts = {p: Counter(achieved=m, in_progress=30 - m) for m, p in enumerate(papers)}
    chart = status_chart(papers, counts)

    assert len(chart.bars) == 24
    for bar in chart.bars:
        assert chart.left <= bar.x and bar.x + bar.width <= chart.right
        assert sum(s.height for s in bar.segments) == pytest.approx(
            chart.baseline - bar.top, abs=0.5
        )
        assert bar.top >= chart.top - 0.5
    labels = [bar.label for bar in chart.bars if bar.label]
    assert labels[0] == "14 Jan 2023" and 4 <= len(labels) <= 8, (
        "dates thinned so they never overlap"
    )
    assert [label for label, _ in chart.legend] == ["Achieved", "In progress"]


def test_filter_by_organisation(published: Path) -> None:
    page = render_report(published / "out", organisation="northvale")
    assert list(sections(page)) == [NORTHVALE]
    assert [text_of(r.css_first("td.ref")) for r in items(page)] == ["A1"]

    with pytest.raises(RunError, match="Eastmoor Borough Council, Northvale County Council"):
        render_report(published / "out", organisation="Westshire")


def test_filter_since_keeps_later_papers_only(published: Path) -> None:
    page = render_report(published / "out", since=date(2025, 3, 1))
    assert list(sections(page)) == [NORTHVALE]

    page = render_report(published / "out", since=date(2025, 2, 1))
    eastmoor = sections(page)[EASTMOOR]
    assert eastmoor.css_first("svg") is None, "one paper left in range: no chart"
    slipped = [r for r in eastmoor.css("tr.milestone") if "slipped" in r.attributes["class"]]
    assert len(slipped) == 2, "slips are still measured against the paper before the range"


def test_markdown_for_a_committee_paper(published: Path) -> None:
    md = render_report(published / "out", fmt="md", link_from=published / "reports")
    assert md.startswith("# Milestone exception report\n")
    assert f"## {EASTMOOR}: Children's Services Improvement Plan: Action Plan" in md
    assert "<script>" not in md
    row = next(line for line in md.splitlines() if "alert(1)" in line)
    assert "\\<script\\>alert(1)\\</script\\>" in row
    assert row.count(" | ") == 8, "one cell per column: escaped text cannot break the table"
    assert "[eastmoor\\_2025-02.pdf, page 1](../raw/eastmoor_2025-02.pdf#page=1)" in row
    assert "| Status | 14 Jan 2025 | 14 Feb 2025 |" in md


def test_markdown_escape_neutralises_html_and_table_syntax() -> None:
    assert markdown_escape("a | b <i>x</i>\nnext") == "a \\| b \\<i\\>x\\</i\\> next"
    assert markdown_escape(None) == ""


def test_missing_publication_and_unknown_format_are_clear_errors(
    published: Path, tmp_path: Path
) -> None:
    with pytest.raises(RunError, match="boardpapers ingest"):
        render_report(tmp_path)
    with pytest.raises(RunError, match="html, md"):
        render_report(published / "out", fmt="pdf")


def _report_command() -> Callable[..., object]:
    from pipeline.cli import main

    if "report" not in main.commands:
        pytest.skip("`boardpapers report` is not wired into pipeline/cli.py yet")
    return main


def test_cli_report_writes_html_and_prints_markdown(published: Path) -> None:
    main = _report_command()
    runner = CliRunner()
    target = published / "reports" / "report.html"
    target.parent.mkdir(exist_ok=True)
    result = runner.invoke(main, ["report", "--data", str(published / "out"), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert "../raw/eastmoor_2025-02.pdf#page=1" in target.read_text(encoding="utf-8")

    result = runner.invoke(
        main,
        ["report", "--data", str(published / "out"), "--format", "md", "--since", "2025-03-01"],
    )
    assert result.exit_code == 0, result.output
    assert f"## {NORTHVALE}" in result.output and EASTMOOR not in result.output

    result = runner.invoke(
        main, ["report", "--data", str(published / "out"), "--organisation", "x"]
    )
    assert result.exit_code == 1 and "No papers from an organisation" in result.output
