"""The example papers: each builds, has the structure its kind needs, and never changes.

These tests look at the ``Paper`` specs only; rendering them is the PDF and DOCX
builders' business and is tested there.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from docbuilders.examples import (
    ALL_EXAMPLES,
    DOCX_EXAMPLES,
    EASTMOOR,
    NORTHVALE,
    RAG_FILLS,
    action_plan,
    briefing_note,
    expected_kind,
    highlight_report,
    minutes,
    scrutiny_report,
    task_group_report,
)
from docbuilders.spec import Block, Cell, Heading, ListItem, Paper, Paragraph, Table, cell
from pipeline.detect import detect_kind
from pipeline.model import Block as ModelBlock
from pipeline.model import Cell as ModelCell
from pipeline.model import Document, Page, Row
from pipeline.schema import DOC_KINDS

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_examples.py"
STATUS_WORDS = ("Complete", "On track", "Off track", "Not started", "Overdue")
VERDICTS = (
    "Achieved.",
    "Partially achieved.",
    "Not achieved.",
    "No conclusion.",
    "To be tested through the staff survey.",
)


def texts(paper: Paper) -> list[str]:
    """The text of every non-table block, in order."""
    return [b.text for b in paper.blocks if isinstance(b, Heading | Paragraph | ListItem)]


def tables(paper: Paper) -> list[Table]:
    return [b for b in paper.blocks if isinstance(b, Table)]


def table_with_header(paper: Paper, first_cells: list[str]) -> Table:
    for table in tables(paper):
        header = [cell(c).text for c in table.rows[0]]
        if header[: len(first_cells)] == first_cells:
            return table
    raise AssertionError(f"no table whose header starts {first_cells}")


def row_texts(row: list[str | Cell]) -> list[str]:
    return [cell(c).text for c in row]


def items_after(paper: Paper, marker: str) -> Iterator[Block]:
    """The blocks after the first one whose text is ``marker``, up to the next bold paragraph."""
    blocks = iter(paper.blocks)
    for block in blocks:
        if isinstance(block, Paragraph | Heading) and block.text == marker:
            break
    else:
        raise AssertionError(f"{marker!r} not found")
    for block in blocks:
        if isinstance(block, Paragraph) and block.bold:
            return
        yield block


def blocks_under(paper: Paper, heading: str) -> list[Block]:
    """The blocks after the heading ``heading`` up to the next heading of its level or above."""
    for i, block in enumerate(paper.blocks):
        if isinstance(block, Heading) and block.text == heading:
            out: list[Block] = []
            for later in paper.blocks[i + 1 :]:
                if isinstance(later, Heading) and later.level <= block.level:
                    break
                out.append(later)
            return out
    raise AssertionError(f"no heading {heading!r}")


def spec_to_document(paper: Paper) -> Document:
    """The spec as a one-page ``Document``, the way a faithful reader would see its text."""
    blocks: list[ModelBlock] = []
    if paper.running_header:
        blocks.append(ModelBlock("paragraph", paper.running_header))
    for b in paper.blocks:
        if isinstance(b, Heading):
            blocks.append(ModelBlock("heading", b.text, level=b.level))
        elif isinstance(b, Paragraph):
            blocks.append(ModelBlock("paragraph", b.text, bold=b.bold))
        elif isinstance(b, ListItem):
            blocks.append(ModelBlock("list_item", b.text, level=b.level))
        elif isinstance(b, Table):
            rows = [Row([ModelCell(cell(c).text) for c in row]) for row in b.rows]
            blocks.append(ModelBlock("table", rows=rows))
    return Document("example.pdf", "pdf", "0" * 64, pages=[Page(1, blocks=blocks)])


@pytest.fixture(params=list(ALL_EXAMPLES), scope="module")
def stem(request: pytest.FixtureRequest) -> str:
    return request.param


# --- every example -------------------------------------------------------------------


def test_every_example_builds_a_titled_paper(stem):
    paper = ALL_EXAMPLES[stem]()
    assert isinstance(paper, Paper)
    assert paper.title.strip()
    table_text = [t for table in tables(paper) for row in table.rows for t in row_texts(row)]
    assert len(" ".join(texts(paper) + table_text)) >= 3000, "long enough to be realistic"


def test_every_example_is_deterministic(stem):
    make = ALL_EXAMPLES[stem]
    first, second = make(), make()
    assert first == second
    assert first is not second  # a fresh spec each call, so a caller's edits cannot leak


def test_every_stem_has_an_expected_kind_of_the_contract(stem):
    assert re.fullmatch(r"[a-z0-9_-]+", stem)
    assert expected_kind(stem) in DOC_KINDS


def test_expected_kind_agrees_with_the_detector_on_the_papers_own_text(stem):
    detection = detect_kind(spec_to_document(ALL_EXAMPLES[stem]()))
    assert detection.kind == expected_kind(stem), detection.scores


def test_every_table_is_well_formed(stem):
    for table in tables(ALL_EXAMPLES[stem]()):
        widths = {len(row) for row in table.rows}
        assert len(widths) == 1, f"ragged table rows: {widths}"
        n_cols = widths.pop()
        if table.col_widths is not None:
            assert len(table.col_widths) == n_cols
        for row in table.rows:
            for c in row:
                fill = cell(c).fill
                assert fill is None or re.fullmatch(r"#[0-9a-f]{6}", fill), fill
        for column, first, last in table.merge_down:
            assert 0 <= column < n_cols
            assert table.header_rows <= first < last < len(table.rows)
            covered = [cell(table.rows[r][column]).text for r in range(first + 1, last + 1)]
            assert covered == [""] * len(covered), "text in a cell a merge hides"


def test_expected_kind_of_an_unknown_stem_names_the_known_ones():
    with pytest.raises(KeyError, match="eastmoor_highlight_report_2024-11"):
        expected_kind("no_such_paper")


def test_examples_cover_every_paper_kind_and_both_councils():
    kinds = {expected_kind(s) for s in ALL_EXAMPLES}
    assert kinds >= set(DOC_KINDS) - {"other"}
    authors = {make().author for make in ALL_EXAMPLES.values()}
    assert authors == {EASTMOOR, NORTHVALE}
    assert set(DOCX_EXAMPLES) <= set(ALL_EXAMPLES)


# --- highlight report ------------------------------------------------------------------


def test_highlight_grid_states_current_period_in_words_and_previous_month_in_colour_only():
    grid = table_with_header(highlight_report(), ["", "Timeline", "Budget", "Issues & Risks"])
    header = row_texts(grid.rows[0])
    assert header[1:] == [
        "Timeline",
        "Budget",
        "Issues & Risks",
        "Overall status",
        "Date of update report",
    ]
    by_label = {cell(row[0]).text: [cell(c) for c in row[1:]] for row in grid.rows[1:]}
    current, previous = by_label["Current period"], by_label["Previous month"]

    assert {c.text for c in current[:4]} <= {"RED", "AMBER", "GREEN"}
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", current[4].text)
    ratings = previous[:4]
    assert all(c.text == "" and c.fill in RAG_FILLS.values() for c in ratings)
    assert previous[4] == Cell(""), "the date cell is empty and unshaded"


def test_highlight_report_masthead_names_board_sponsor_and_manager():
    masthead = tables(highlight_report())[0]
    flat = " ".join(t for row in masthead.rows for t in row_texts(row))
    for needed in ("Improvement Board", "Project Sponsor", "Project Manager"):
        assert needed in flat


def test_highlight_report_lists_three_workstreams_of_completed_activities():
    paper = highlight_report()
    joined = "\n".join(texts(paper))
    assert "% complete:" in " ".join(
        t for tab in tables(paper) for r in tab.rows for t in row_texts(r)
    )
    completed = list(
        items_after(paper, "Key activities completed / milestones achieved in this period:")
    )
    workstreams: dict[str, int] = {}
    for block in completed:
        if isinstance(block, Heading):
            workstreams[block.text] = 0
        elif isinstance(block, ListItem):
            workstreams[list(workstreams)[-1]] += 1
    assert len(workstreams) == 3
    assert all(3 <= n <= 5 for n in workstreams.values()), workstreams
    for marker in (
        "Key activities / milestones scheduled for next period:",
        "Key issues of risk / obstacles to progress:",
        "Recommendations:",
    ):
        assert any(isinstance(b, ListItem) for b in items_after(paper, marker)), marker
    assert "Regular audits" in joined and "some improvement" in joined


# --- scrutiny report ----------------------------------------------------------------------


def test_scrutiny_table_numbers_at_least_twenty_milestones_under_merged_goals():
    paper = scrutiny_report()
    table = table_with_header(paper, ["Goal", "Milestone", "Comments and conclusions"])
    body = table.rows[table.header_rows :]
    numbers = [int(re.match(r"(\d+)\. ", cell(row[1]).text).group(1)) for row in body]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 20
    assert table.repeat_header
    # Every body row lies under exactly one merged goal, and each goal spans 2+ milestones.
    spans = sorted((first, last) for column, first, last in table.merge_down if column == 0)
    assert 4 <= len(spans) <= 5
    assert spans[0][0] == table.header_rows and spans[-1][1] == len(table.rows) - 1
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(spans))


def test_scrutiny_comments_open_with_a_verdict_and_use_every_verdict():
    table = table_with_header(scrutiny_report(), ["Goal", "Milestone"])
    comments = [cell(row[2]).text for row in table.rows[1:]]
    assert all(c.startswith(VERDICTS) for c in comments)
    assert {v for v in VERDICTS for c in comments if c.startswith(v)} == set(VERDICTS)
    assert sum("\n" in c for c in comments) >= 15, "verdicts are followed by comment sentences"


def test_scrutiny_milestones_mix_vague_and_smart_wording():
    table = table_with_header(scrutiny_report(), ["Goal", "Milestone"])
    milestones = [cell(row[1]).text for row in table.rows[1:]]
    joined = " ".join(milestones)
    for vague in ("regular", "some evidence", "good", "similar standard"):
        assert vague in joined, vague
    assert any(m.endswith("The Improvement Plan is on track.") for m in milestones)
    smart = [m for m in milestones if re.search(r"\d+%", m) and re.search(r"\b20\d\d\b", m)]
    assert len(smart) >= 3


def test_scrutiny_report_masthead_and_numbered_general_comments():
    paper = scrutiny_report()
    lines = texts(paper)
    assert lines[0].endswith("22 January 2025")
    assert "Item 7 – Scrutiny Task Group report on improvement milestones" in lines
    numbered = [b for b in paper.blocks if isinstance(b, ListItem) and b.numbered]
    assert len(numbered) >= 3


# --- action plan --------------------------------------------------------------------------


def test_action_plan_has_32_actions_under_theme_rows_in_landscape():
    paper = action_plan()
    assert paper.landscape
    table = table_with_header(paper, ["Ref", "Action", "Lead", "Due date", "RAG"])
    assert row_texts(table.rows[0])[-1] == "Progress update"
    assert table.repeat_header
    body = [row_texts(row) for row in table.rows[1:]]
    themes = [r for r in body if not r[0]]
    actions = [r for r in body if r[0]]
    assert len(actions) == 32
    assert all(re.fullmatch(r"\d+\.\d+", r[0]) for r in actions)
    assert all(t[1].startswith("Theme ") and t.count("") == len(t) - 1 for t in themes)
    assert len(themes) >= 4
    # refs restart under each theme: 1.1, 1.2, …, 2.1, …
    themes_of_refs = [int(r[0].split(".")[0]) for r in actions]
    assert themes_of_refs == sorted(themes_of_refs)
    assert set(themes_of_refs) == set(range(1, len(themes) + 1))


def test_action_plan_rag_is_a_word_in_some_rows_and_colour_only_in_others():
    table = table_with_header(action_plan(), ["Ref", "Action"])
    rag_cells = [cell(row[4]) for row in table.rows[1:] if cell(row[0]).text]
    assert all(c.fill in RAG_FILLS.values() for c in rag_cells)
    as_words = [c for c in rag_cells if c.text]
    colour_only = [c for c in rag_cells if not c.text]
    assert len(as_words) >= 5 and len(colour_only) >= 5
    updates = [cell(row[5]).text for row in table.rows[1:] if cell(row[0]).text]
    for status in STATUS_WORDS:
        assert any(u.startswith(status) for u in updates), status


# --- minutes, briefing note, task group report -----------------------------------------


def test_minutes_record_attendance_resolutions_and_actions():
    lines = texts(minutes())
    for marker in ("Present:", "Apologies:", "Resolved:", "Actions:"):
        assert marker in lines, marker
    assert lines.count("Resolved:") == 2
    assert any(line.startswith("1) ") for line in lines)
    assert any(line.startswith("2) ") for line in lines)
    assert any(line.startswith("(a) ") for line in lines)
    assert any(line.startswith("(b) ") for line in lines)
    assert any("(Chair)" in line for line in lines)
    assert any(re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+, Director of", line) for line in lines)


def test_briefing_note_masthead_author_and_question_appendix():
    paper = briefing_note()
    lines = texts(paper)
    assert {"BRIEFING NOTE", "Agenda Item no. 5", "DATE: 14 October 2024"} <= set(lines)
    assert any(line.startswith("TO: ") and line.endswith("Panel") for line in lines)
    assert any(line.startswith("RE: ") for line in lines)
    for heading in ("Purpose", "Background", "Current Position", "Recommendations"):
        assert heading in lines, heading
    assert any(re.search(r"\b[\w.]+@eastmoor\.gov\.uk\b", line) for line in lines)
    assert any(re.search(r"\b01\d{3} \d{6}\b", line) for line in lines)
    appendix = blocks_under(paper, "Questions for the Panel to consider")
    themes = [b for b in appendix if isinstance(b, Heading) and b.level == 3]
    questions = [b for b in appendix if isinstance(b, ListItem) and b.text.endswith("?")]
    assert 2 <= len(themes) <= 3 and len(questions) >= 9


def test_task_group_report_is_northvales_with_members_dates_and_recommendations():
    paper = task_group_report()
    lines = texts(paper)
    assert lines[0].endswith("TASK & FINISH GROUP FINAL REPORT")
    assert NORTHVALE in lines
    for heading in (
        "1.1 Executive Summary",
        "1.2 Members and Contributors",
        "1.4 Dates and Timescales",
        "1.5 Recommendations",
        "3.0 Recommendations",
    ):
        assert lines.count(heading) == 2, heading  # once in the contents, once as a heading
    assert sum(line.startswith("Cllr ") for line in lines) >= 4
    assert any(line.startswith("Cllr ") and line.endswith("(Chair)") for line in lines)
    officers = [line for line in lines if re.fullmatch(r"[A-Z][\w. ]+, [^,]+, [^,]+", line)]
    assert len(officers) >= 5
    dated = blocks_under(paper, "1.4 Dates and Timescales")
    assert len(dated) >= 4
    assert all(
        isinstance(b, ListItem) and re.match(r"\d{1,2} \w+ 202[45] – ", b.text) for b in dated
    )


# --- the script ----------------------------------------------------------------------------


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_examples", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_examples_writes_a_pdf_of_each_and_a_docx_of_four(tmp_path):
    def fake_builder(paper: Paper, path: Path) -> Path:
        path.write_text(paper.title, encoding="utf-8")
        return path

    written = load_script().make_examples(tmp_path / "raw", fake_builder, fake_builder)
    names = sorted(p.name for p in written)
    assert names == sorted(
        [f"{s}.pdf" for s in ALL_EXAMPLES] + [f"{s}.docx" for s in DOCX_EXAMPLES]
    )
    assert len(DOCX_EXAMPLES) == 4
    assert all(p.parent == tmp_path / "raw" and p.is_file() for p in written)
