"""Milestone extraction scored against gold sets: the sample text and our own fixtures.

Each fixture is the same content laid out the ways councils lay it out: a scrutiny
task-group table (Goal | Milestone | Comments and conclusions) in PDF (goal cells
merged, or filled only on their first row, with the header repeated on every page),
DOCX, HTML, tab-separated text and space-aligned text (wrapped cells, a goal wrapped
down its column, page numbers and conversion debris in the cells); and a landscape
action plan (Ref | Action | Lead | Due date | RAG | Progress update) over several
pages, with theme rows and colour-only RAG cells, in PDF, DOCX and HTML.

Run with ``-s`` to see the figures: precision and recall of rows, accuracy of
status, goal and RAG, and the exact-match rate of text and comment.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from docbuilders.docx import build_docx
from docbuilders.html import build_html
from docbuilders.pdf import build_pdf
from docbuilders.spec import Cell, Heading, Paper, Paragraph, Table
from extractors.milestone_tables import milestones_in
from extractors.readers import reader_for
from pipeline.extract import extract_rows
from pipeline.model import Document
from pipeline.records import Milestone

GOLD_DIR = Path(__file__).parent / "gold"
SCORED_FIELDS = ("status", "status_raw", "goal", "rag", "text", "comment", "lead", "due_date")
TARGET = 1.0

# --- the scrutiny table ---------------------------------------------------------------

SCRUTINY_HEADER = ["Goal", "Milestone", "Comments and conclusions"]
SCRUTINY_GOALS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Residents are supported to live independently at home",
        [
            (
                "1. Every new referral for home care is assessed within five working days.",
                "Partially achieved.\nThe Task Group heard that four out of five referrals were "
                "assessed on time in the autumn, but the figure fell over the winter when staff "
                "absence was high.\nOfficers expect the new duty rota to restore the position by "
                "the spring.",
            ),
            (
                "2. A reablement offer is available in every locality.",
                "Achieved.\nThe Task Group was satisfied that each of the four localities now has "
                "a reablement team with its own manager.",
            ),
            (
                "3. There is some evidence that reablement reduces the need for long term care.",
                "Achieved.\nMembers felt that the phrase 'some evidence' should be replaced by a "
                "measure, such as the share of people needing no further support after six weeks.",
            ),
            (
                "4. Carers report that they feel supported.",
                "To be tested through the annual carers survey.",
            ),
            (
                "5. Equipment is delivered within the agreed timescales.",
                "Not achieved.\nOnly half of the deliveries in the sample were on time. The "
                "contract with the equipment provider is being renegotiated and the Task Group "
                "asked to see the new terms.",
            ),
        ],
    ),
    (
        "Quality assurance of care providers has improved",
        [
            (
                "6. A programme of unannounced visits to care homes has been established.",
                "Achieved.\nThe programme has been running since September and every home has had "
                "at least one visit.",
            ),
            (
                "7. Findings from provider visits are shared with commissioners monthly.",
                "Partially achieved.\nReports for September and October were shared, but "
                "November's report was delayed while the template was revised.\nThe Task Group "
                "recommends that the reports go to the commissioning board as a standing item, so "
                "that members can see each month which providers were visited, what was found and "
                "what has been done about it.\nOfficers agreed to add a summary of the themes "
                "across all visits to each report, and to include the number of visits that found "
                "concerns about medication, staffing levels or the condition of the buildings.\n"
                "The Task Group will look again at this milestone when the December and January "
                "reports are available.",
            ),
            (
                "8. Providers rated inadequate have an improvement plan agreed within a month.",
                "Deferred to the next meeting because the data was not available.",
            ),
            (
                "9. The provider quality dashboard is on track.10. The dashboard has been "
                "published to all members.",
                "No conclusion. The Task Group felt that this milestone was too broad to be "
                "meaningful. Achieved.",
            ),
            (
                "11. Complaints about care providers are analysed each quarter for themes.",
                "Partially achieved.\nThe first analysis was completed in October. The second is "
                "due in January and the Task Group will look at it then.",
            ),
        ],
    ),
    (
        "The workforce is skilled and stable",
        [
            (
                "12. All care managers have completed training in strengths based practice.",
                "Achieved.",
            ),
            (
                "13. Vacancy rates for social workers have fallen below ten per cent.",
                "Not achieved.\nThe vacancy rate was fourteen per cent in December. Members noted "
                "that the recruitment campaign had only started in November and asked for an "
                "update in three months.",
            ),
            (
                "14. Supervision takes place at least every six weeks for all frontline staff.",
                "Partially achieved.\nAudits show supervision is regular in most teams, but two "
                "teams had gaps over the summer.\nThe Task Group asked that the audit results be "
                "reported by team in future.",
            ),
        ],
    ),
    (
        "Partnership governance is effective",
        [
            (
                "15. The terms of reference of the partnership board have been reviewed.",
                "Achieved.\nThe revised terms of reference were agreed in November.",
            ),
            (
                "16. The board receives a performance report at every meeting.",
                "Partially achieved.\nThe report has been received at two of the three meetings "
                "since the summer.",
            ),
            (
                "17. Staff in all partner agencies understand their safeguarding duties.",
                "To be tested through the partner staff survey in March.",
            ),
        ],
    ),
]
SCRUTINY_INTRO = [
    "The Task Group met on 14 January to consider the evidence provided by officers on the "
    "milestones due by the end of December.",
    "The Board asked the Task Group to scrutinise the delivery of the milestones in the "
    "improvement plan that were due for completion by the end of December. This report sets out "
    "the Task Group's conclusions on each of them, with the evidence it saw and the changes it "
    "recommends.",
    "The Task Group found that several milestones are not specific enough to be tested, and "
    "recommends that each one names the evidence that will show whether it has been achieved. It "
    "also asks that the Board receives an exception report that lists the milestones that are "
    "slipping.",
    "Officers attended the meeting and answered questions on each milestone. Where evidence was "
    "not yet available the Task Group has said so, and it will return to those milestones at its "
    "next meeting.",
]
SCRUTINY_TITLE = "Adult Social Care Task Group: conclusions on the improvement milestones"
RUNNING_HEADER = "Health Select Committee - 4 March 2025"

# Debris an earlier conversion left in the text versions, after the verdict of a milestone:
# a fragment that opens with a comma, and a verdict read twice by OCR.
TEXT_DEBRIS = {"2": ", wontrel.", "11": "Partiaiiy acliieved."}


def scrutiny_table(goal_layout: str) -> Table:
    """``goal_layout``: ``merged`` (vertical merge), ``first_row`` (filled once), ``every_row``."""
    rows: list[list[str | Cell]] = [list(SCRUTINY_HEADER)]
    merges = []
    for goal, items in SCRUTINY_GOALS:
        first = len(rows)
        for i, (milestone, comment) in enumerate(items):
            shown = goal if i == 0 or goal_layout == "every_row" else ""
            rows.append([shown, milestone, comment])
        if goal_layout == "merged" and len(items) > 1:
            merges.append((0, first, len(rows) - 1))
    return Table(rows=rows, col_widths=[1.2, 2.2, 3.0], merge_down=merges)


def scrutiny_paper(goal_layout: str = "merged") -> Paper:
    return Paper(
        title=SCRUTINY_TITLE,
        running_header=RUNNING_HEADER,
        blocks=[
            Heading("Adult Social Care Task Group", 1),
            *(Paragraph(text) for text in SCRUTINY_INTRO),
            Heading("Conclusions on the milestones", 2),
            scrutiny_table(goal_layout),
            Paragraph("Task Group chairman: Cllr A. Example"),
        ],
    )


# --- the scrutiny table as an earlier conversion left it in a text file ------------------

TEXT_WIDTHS = (18, 40, 60)
LINES_PER_PAGE = 30


def _wrap(text: str, width: int) -> list[str]:
    """Lines of ``text`` at ``width``; a long word that does not fit is hyphenated, as
    a word processor's export does ("renego-" / "tiated")."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if len(candidate) <= width:
                line = candidate
                continue
            room = width - len(line) - (2 if line else 1)
            if len(word) >= 11 and room >= 5:
                lines.append(f"{line} {word[:room]}-".strip())
                line = word[room:]
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _format_line(cells: list[str], separator: str) -> str:
    if separator == "\t":
        return "\t".join(cells).rstrip("\t")
    padded = [c.ljust(w + 3) for c, w in zip(cells[:-1], TEXT_WIDTHS, strict=False)]
    return ("".join(padded) + cells[-1]).rstrip()


def scrutiny_as_text(separator: str, repeat_goal_at_page_top: bool) -> str:
    """The table flattened to one physical line per row of text, with page breaks.

    The goal flows down its column as a merged cell's text does; each page ends with
    a stray page number in the milestone column and a "Page N" line, and the header
    comes back at the top of the next page.
    """
    out = [SCRUTINY_TITLE, "", *(line for text in SCRUTINY_INTRO for line in (text, "")), ""]
    out += ["Conclusions on the milestones", ""]
    header = _format_line(SCRUTINY_HEADER, separator)
    body: list[tuple[list[str], str | None]] = []  # physical cells, and the goal they sit under
    for goal, items in SCRUTINY_GOALS:
        goal_lines = _wrap(goal, TEXT_WIDTHS[0])
        for milestone, comment in items:
            ref = milestone.split(".")[0]
            comment_lines = _wrap(comment, TEXT_WIDTHS[2])
            if ref in TEXT_DEBRIS:
                comment_lines.insert(1, TEXT_DEBRIS[ref])
            milestone_lines = _wrap(milestone, TEXT_WIDTHS[1])
            for i in range(max(len(milestone_lines), len(comment_lines))):
                goal_line = goal_lines.pop(0) if goal_lines else ""
                body.append(
                    (
                        [
                            goal_line,
                            milestone_lines[i] if i < len(milestone_lines) else "",
                            comment_lines[i] if i < len(comment_lines) else "",
                        ],
                        goal,
                    )
                )
        while goal_lines:  # a goal longer than its milestones
            body.append(([goal_lines.pop(0), "", ""], goal))
    out.append(header)
    page = 1
    for n, (cells, goal) in enumerate(body, 1):
        out.append(_format_line(cells, separator))
        if n % LINES_PER_PAGE == 0 and n < len(body):
            if not out[-1].strip(separator + " ").endswith(str(page)):
                out.append(_format_line(["", str(page), ""], separator))
            page += 1
            out += ["", f"Page {page - 1}", "", header]
            next_cells, next_goal = body[n]
            if repeat_goal_at_page_top and not next_cells[0] and next_goal == goal:
                next_cells[0] = _wrap(goal, TEXT_WIDTHS[0])[0]
    out += ["", "Task Group chairman: Cllr A. Example", ""]
    return "\n".join(out)


# --- the action plan --------------------------------------------------------------------

ACTION_HEADER = ["Ref", "Action", "Lead", "Due date", "RAG", "Progress update"]
RED, AMBER, GREEN, BLUE, COMPLETE_PURPLE = "#ff0000", "#ffc000", "#00b050", "#0070c0", "#8064a2"
"""``COMPLETE_PURPLE`` is the plan's own colour for "complete", defined only by its key."""
ACTION_THEMES: list[tuple[str, list[tuple[str, str, str, str, str, str]]]] = [
    (
        "Theme 1: Leadership and governance",
        [
            (
                "1.1",
                "Appoint a permanent Director of Adult Services.",
                "Chief Executive",
                "31/03/2025",
                COMPLETE_PURPLE,
                "Complete – the Director started on 3 February.",
            ),
            (
                "1.2",
                "Agree an improvement board with independent chair.",
                "Chief Executive",
                "30/11/2024",
                COMPLETE_PURPLE,
                "Complete. The board has met three times.",
            ),
            (
                "1.3",
                "Publish a quarterly performance report for members.",
                "Head of Performance",
                "Q1 2025",
                GREEN,
                "On track. The first report is drafted.",
            ),
            (
                "1.4",
                "Refresh the risk register for the improvement plan.",
                "Programme Manager",
                "28/02/2025",
                AMBER,
                "In progress – two workshops held.",
            ),
            (
                "1.5",
                "Train all cabinet members in adult safeguarding.",
                "Democratic Services",
                "31/01/2025",
                RED,
                "Overdue. Only four of nine members have attended.",
            ),
            (
                "1.6",
                "Review the scheme of delegation for care purchasing.",
                "Monitoring Officer",
                "June 2025",
                GREEN,
                "Not started.",
            ),
            (
                "1.7",
                "Set up a service user panel to advise the board.",
                "Head of Engagement",
                "30/04/2025",
                AMBER,
                "Off track: recruitment of members has been slow.",
            ),
            (
                "1.8",
                "Agree the budget for the improvement programme.",
                "Section 151 Officer",
                "31/12/2024",
                COMPLETE_PURPLE,
                "Met.",
            ),
        ],
    ),
    (
        "Theme 2: Front door and assessment",
        [
            (
                "2.1",
                "Answer 90% of calls to the adult front door within two minutes.",
                "Front Door Manager",
                "31/03/2025",
                AMBER,
                "Partly met – 84% in January.",
            ),
            (
                "2.2",
                "Complete Care Act assessments within 28 days.",
                "Head of Assessment",
                "30/06/2025",
                RED,
                "Not met. The average is 41 days and the backlog is growing.",
            ),
            (
                "2.3",
                "Introduce a triage tool for occupational therapy requests.",
                "Principal OT",
                "31/05/2025",
                GREEN,
                "On track for go-live in May.",
            ),
            (
                "2.4",
                "Clear the waiting list for financial assessments.",
                "Finance Manager",
                "31/03/2025",
                AMBER,
                "Paused while the service is restructured.",
            ),
            (
                "2.5",
                "Record the outcome of every contact on the case system.",
                "Front Door Manager",
                "Ongoing",
                GREEN,
                "Recording audited weekly since December.",
            ),
            (
                "2.6",
                "Publish information on eligibility in easy read format.",
                "Head of Engagement",
                "31/01/2025",
                COMPLETE_PURPLE,
                "Complete.",
            ),
            (
                "2.7",
                "Review all open safeguarding concerns older than a month.",
                "Safeguarding Lead",
                "28/02/2025",
                RED,
                "Off track. 63 concerns remain open.",
            ),
            (
                "2.8",
                "Link the front door to the hospital discharge hub.",
                "Head of Integration",
                "30/09/2025",
                GREEN,
                "Not started. Funding agreed in January.",
            ),
        ],
    ),
    (
        "Theme 3: Areas for improvement from the inspection",
        [
            (
                "AFI 1",
                "Improve the quality of recording in care plans.",
                "Principal Social Worker",
                "31/03/2025",
                AMBER,
                "In progress. Audits show 62% of plans are good.",
            ),
            (
                "AFI 2",
                "Make sure carers are offered an assessment.",
                "Carers Lead",
                "30/04/2025",
                GREEN,
                "On track – offers are now made at first contact.",
            ),
            (
                "AFI 3",
                "Reduce the use of residential care for people under 65.",
                "Head of Commissioning",
                "31/03/2026",
                AMBER,
                "In progress – placements fell from 212 to 198.",
            ),
            (
                "AFI 4",
                "Improve the timeliness of annual reviews.",
                "Head of Reviews",
                "30/06/2025",
                RED,
                "Overdue. 38% of reviews are late.",
            ),
            (
                "AFI 5",
                "Strengthen oversight of direct payments.",
                "Finance Manager",
                "31/03/2025",
                COMPLETE_PURPLE,
                "Complete – new audit process in place.",
            ),
            (
                "AFI 6",
                "Involve people who use services in designing support.",
                "Head of Engagement",
                "30/09/2025",
                GREEN,
                "Not started.",
            ),
            (
                "AFI 7",
                "Improve transition planning for young people at 17.",
                "Transitions Manager",
                "31/05/2025",
                AMBER,
                "On track. Joint panel with children's services set up.",
            ),
            (
                "AFI 8",
                "Reduce waiting times for deprivation of liberty assessments.",
                "DoLS Manager",
                "31/12/2025",
                RED,
                "Off track – the backlog stands at 410.",
            ),
        ],
    ),
    (
        "Theme 4: Workforce",
        [
            (
                "Area 1",
                "Recruit twelve permanent social workers.",
                "Head of Workforce",
                "30/06/2025",
                AMBER,
                "In progress. Seven offers made.",
            ),
            (
                "Area 2",
                "Reduce agency staff below 15% of the social work workforce.",
                "Head of Workforce",
                "31/03/2026",
                RED,
                "Not met. Agency staff are 22% of the workforce.",
            ),
            (
                "Area 3",
                "Introduce a career pathway for social care assistants.",
                "Workforce Development",
                "30/04/2025",
                GREEN,
                "On track – the pathway is with HR for grading.",
            ),
            (
                "Area 4",
                "Make sure every worker has supervision each month.",
                "Principal Social Worker",
                "Ongoing",
                AMBER,
                "Partly met. 81% of workers were supervised in January.",
            ),
            (
                "Area 5",
                "Offer Best Interests Assessor training to ten staff.",
                "Workforce Development",
                "31/01/2025",
                COMPLETE_PURPLE,
                "Complete.",
            ),
            (
                "Area 6",
                "Run exit interviews for every leaver.",
                "HR Business Partner",
                "31/12/2024",
                COMPLETE_PURPLE,
                "Met – all leavers since October were interviewed.",
            ),
            (
                "Area 7",
                "Survey staff on workload and wellbeing.",
                "Head of Workforce",
                "31/03/2025",
                GREEN,
                "Not started. Survey questions agreed with unions.",
            ),
            (
                "Area 8",
                "Agree a retention payment for hard to fill posts.",
                "HR Business Partner",
                "30/06/2025",
                AMBER,
                "Delayed pending the pay review.",
            ),
        ],
    ),
]
RAG_KEY = [
    ("Red – off track", RED),
    ("Amber – at risk", AMBER),
    ("Green – on track", GREEN),
    ("Blue – complete", COMPLETE_PURPLE),
]


def action_plan_paper() -> Paper:
    rows: list[list[str | Cell]] = [list(ACTION_HEADER)]
    for theme, actions in ACTION_THEMES:
        rows.append([theme, "", "", "", "", ""])
        for ref, action, lead, due, fill, update in actions:
            rows.append([ref, action, lead, due, Cell("", fill=fill), update])
    key = Table(
        rows=[["Colour", "Meaning"], *([Cell("", fill=fill), label] for label, fill in RAG_KEY)],
        col_widths=[1.0, 4.0],
    )
    return Paper(
        title="Adult Social Care Improvement Action Plan - progress at February 2025",
        landscape=True,
        running_header="Adult Social Care Improvement Action Plan - OFFICIAL",
        blocks=[
            Heading("Adult Social Care Improvement Action Plan", 1),
            Paragraph("Progress at 14 February 2025, for the Improvement Board on 26 February."),
            Table(rows=rows, col_widths=[1.2, 3.2, 1.7, 1.1, 0.7, 3.6]),
            Heading("RAG key", 2),
            key,
        ],
    )


# --- building and reading each fixture once ----------------------------------------------


def _read(path: Path) -> Document:
    return reader_for(path.suffix[1:])(path, path.name, "doc")


@dataclass(frozen=True)
class Fixture:
    gold: str
    build: Callable[[Path], Document]


def _built_with(
    builder: Callable[[Paper, Path], Path], paper: Paper, name: str
) -> Callable[[Path], Document]:
    return lambda folder: _read(builder(paper, folder / name))


def _text_file(
    name: str, text: str, reader: Callable[[Path], Document]
) -> Callable[[Path], Document]:
    def build(folder: Path) -> Document:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return reader(path)

    return build


FIXTURES: dict[str, Fixture] = {
    "scrutiny_pdf_merged_goals": Fixture(
        "scrutiny", _built_with(build_pdf, scrutiny_paper("merged"), "merged.pdf")
    ),
    "scrutiny_pdf_goal_on_first_row": Fixture(
        "scrutiny", _built_with(build_pdf, scrutiny_paper("first_row"), "first_row.pdf")
    ),
    "scrutiny_pdf_goal_on_every_row": Fixture(
        "scrutiny", _built_with(build_pdf, scrutiny_paper("every_row"), "every_row.pdf")
    ),
    "scrutiny_docx": Fixture("scrutiny", _built_with(build_docx, scrutiny_paper(), "s.docx")),
    "scrutiny_html": Fixture("scrutiny", _built_with(build_html, scrutiny_paper(), "s.html")),
    "scrutiny_tab_separated_text": Fixture(
        "scrutiny", _text_file("tabs.txt", scrutiny_as_text("\t", False), _read)
    ),
    "scrutiny_space_aligned_text": Fixture(
        "scrutiny",
        _text_file("spaces.txt", scrutiny_as_text(" ", True), _read),
    ),
    "action_plan_pdf": Fixture("action_plan", _built_with(build_pdf, action_plan_paper(), "a.pdf")),
    "action_plan_docx": Fixture(
        "action_plan", _built_with(build_docx, action_plan_paper(), "a.docx")
    ),
    "action_plan_html": Fixture(
        "action_plan", _built_with(build_html, action_plan_paper(), "a.html")
    ),
}


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    folder = tmp_path_factory.mktemp("milestone_fixtures")
    return {name: fixture.build(folder) for name, fixture in FIXTURES.items()}


# --- scoring ----------------------------------------------------------------------------


def load_gold(name: str) -> list[dict[str, str | None]]:
    return json.loads((GOLD_DIR / f"milestones_{name}.json").read_text(encoding="utf-8"))


def _normalised(value: str | None) -> str | None:
    return " ".join(value.split()) if value else value


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def accuracy(self, name: str) -> float:
        return self.correct.get(name, 0) / self.matched if self.matched else 0.0

    def line(self, label: str) -> str:
        figures = " ".join(f"{f}={self.accuracy(f):.0%}" for f in SCORED_FIELDS)
        return (
            f"{label:34} rows P={self.precision:.0%} R={self.recall:.0%} "
            f"({self.matched}/{self.expected}) {figures}"
        )


def score(gold: list[dict[str, str | None]], found: list[Milestone]) -> Score:
    """Rows are matched by ref (and by text where refs repeat or are missing)."""
    result = Score(expected=len(gold), found=len(found))
    unmatched = list(found)
    for expected in gold:
        candidates = [m for m in unmatched if m.ref == expected["ref"]]
        if len(candidates) != 1:
            candidates = [
                m
                for m in candidates or unmatched
                if _normalised(m.text) == _normalised(expected["text"])
            ]
        if not candidates:
            result.mismatches.append(f"missing {expected['ref']}: {expected['text']}")
            continue
        actual = candidates[0]
        unmatched.remove(actual)
        result.matched += 1
        for name in SCORED_FIELDS:
            want, got = _normalised(expected.get(name)), _normalised(getattr(actual, name))
            if want == got:
                result.correct[name] = result.correct.get(name, 0) + 1
            else:
                result.mismatches.append(f"{expected['ref']} {name}: want {want!r} got {got!r}")
    result.mismatches += [f"extra {m.ref}: {m.text}" for m in unmatched]
    return result


def _assert_full_marks(result: Score) -> None:
    assert result.precision >= TARGET and result.recall >= TARGET, result.mismatches
    for name in SCORED_FIELDS:
        assert result.accuracy(name) >= TARGET, result.mismatches


@pytest.mark.parametrize("name", list(FIXTURES))
def test_fixture_scores_full_marks_against_gold(name: str, documents: dict[str, Document]) -> None:
    result = score(load_gold(FIXTURES[name].gold), milestones_in(documents[name].blocks))
    print("\n" + result.line(name))
    _assert_full_marks(result)


def test_sample_task_group_table_scores_full_marks_against_gold(samples_dir: Path) -> None:
    path = samples_dir / "scrutiny_task_group_milestones.txt"
    if not path.exists():
        pytest.skip(f"{path.name} is not among the samples")
    result = score(load_gold("sample"), milestones_in(_read(path).blocks))
    print("\n" + result.line("sample scrutiny_task_group_milestones"))
    _assert_full_marks(result)


# --- identity across formats and re-saves ---------------------------------------------------


def _record_ids(doc: Document, source_path: str) -> list[str]:
    """Record ids as the extract stage gives them, with every file under one path."""
    rows = extract_rows(replace(doc, source_path=source_path)).tables["milestones"]
    return [row["record_id"] for row in rows]


@pytest.mark.parametrize("gold", ["scrutiny", "action_plan"])
def test_same_content_gives_the_same_record_ids_in_every_format(
    gold: str, documents: dict[str, Document]
) -> None:
    ids = {
        name: _record_ids(documents[name], "papers/plan")
        for name, fixture in FIXTURES.items()
        if fixture.gold == gold
    }
    first = next(iter(ids.values()))
    assert len(first) == len(load_gold(gold))
    assert all(found == first for found in ids.values()), ids


def test_record_ids_survive_a_resave_of_the_same_content(tmp_path: Path) -> None:
    # The same paper saved twice, once with the header row not repeating: other bytes,
    # same content, same ids.
    paper = scrutiny_paper()
    table = paper.blocks[-2]
    assert isinstance(table, Table)
    resaved = Paper(
        title=paper.title,
        running_header=None,
        blocks=[
            *paper.blocks[:-2],
            Table(
                table.rows,
                repeat_header=False,
                col_widths=table.col_widths,
                merge_down=table.merge_down,
            ),
            paper.blocks[-1],
        ],
    )
    first = _read(build_pdf(paper, tmp_path / "first.pdf"))
    second = _read(build_pdf(resaved, tmp_path / "second.pdf"))
    assert (tmp_path / "first.pdf").read_bytes() != (tmp_path / "second.pdf").read_bytes()
    assert _record_ids(first, "p.pdf") == _record_ids(second, "p.pdf")
