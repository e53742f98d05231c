"""Statements, RAG grids, people and metadata scored against gold sets.

Gold sets: the four sample papers of the kinds this covers (highlight report, minutes,
briefing note, task & finish group report) plus the scrutiny sample's metadata, and
our own fixtures — one paper of each kind, built as PDF and as DOCX (the minutes
also as a council web page). The highlight
fixture's grid gives its previous period in colour only (empty shaded cells) and one
current cell too, glues a workstream's bullets into one "•" run, and closes with an
"N/A" recommendation; the minutes number resolutions ``(a)``, ``i.`` and inline
("Resolved: that …"), and name action owners after a dash.

Run with ``-s`` to see the figures: per section, recall and precision of rows and
heading accuracy; RAG cell accuracy; people and metadata fields right.
Targets: every gold row found once under the right heading, nothing extra, every
cell right.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from docbuilders.docx import build_docx
from docbuilders.html import build_html
from docbuilders.pdf import build_pdf
from docbuilders.spec import Block, Cell, Heading, ListItem, PageBreak, Paper, Paragraph, Table
from extractors.readers import reader_for
from pipeline.extract import ExtractedRows, extract_rows
from pipeline.model import Document
from pipeline.schema import STATEMENT_SECTIONS

GOLD_DIR = Path(__file__).parent / "gold"
RED, AMBER, GREEN, BLUE = "#ff0000", "#ffc000", "#00b050", "#0070c0"
META_FIELDS = (
    "title",
    "organisation",
    "body",
    "doc_date",
    "sponsor",
    "manager",
    "project_start",
    "project_end",
    "percent_complete",
)

# --- the fixtures: one paper of each kind ------------------------------------------------

HIGHLIGHT_COMPLETED = {
    "Front Door": [
        "The new contact form went live on 6 January 2025 for all partner agencies.",
        "Threshold decisions within 24 hours rose to 91% in January.",
    ],
    "Early Help": [
        "Two family hubs opened in the north of the borough.",
        "Early help assessments completed within 30 days reached 78%.",
    ],
}
HIGHLIGHT_PLANNED = {
    "Front Door": [
        "Audit 40 contacts that led to no further action by 28 February 2025.",
        "Agree the multi-agency screening rota with the police",
    ],
    "Early Help": ["Open the third family hub in March 2025."],
}
HIGHLIGHT_RISK_PARAGRAPH = (
    "The Board has agreed the project risks. There is a risk that agency staff leave "
    "before the permanent recruits start in April."
)
HIGHLIGHT_OBSTACLES = [
    "Police attendance at screening meetings is not yet agreed – escalated to the Chief "
    "Superintendent.",
    "The case system change request is waiting for funding approval.",
]


def highlight_paper() -> Paper:
    grid = Table(
        rows=[
            [
                "",
                "Timeline",
                "Budget",
                "Scope",
                "Issues & Risks",
                "OVERALL STATUS",
                "Date of update report",
            ],
            [
                Cell("Current period", bold=True),
                Cell("AMBER", fill=AMBER),
                Cell("G", fill=GREEN),
                Cell("Red", fill=RED),
                Cell("", fill=AMBER),
                Cell("AMBER", fill=AMBER),
                "03/02/25",
            ],
            [
                Cell("Last period", bold=True),
                Cell("", fill=GREEN),
                Cell("", fill=GREEN),
                Cell("", fill=AMBER),
                Cell("", fill=RED),
                Cell("", fill=BLUE),
                "",
            ],
        ],
        col_widths=[1.3, 1.0, 1.0, 1.0, 1.1, 1.1, 1.3],
    )
    blocks: list[Block] = [
        Heading("Highlight Report – Front Door Improvement Project", 1),
        Table(
            rows=[
                [
                    "Families First Board",
                    Cell("Project Sponsor", bold=True),
                    "Amira Shah, Director of Children's Services",
                ],
                ["Wards affected – All", Cell("Project Manager", bold=True), "Lewis Grant"],
            ],
            header_rows=0,
            repeat_header=False,
        ),
        grid,
        Table(
            rows=[
                [
                    "Project start date:",
                    "April 2024",
                    "Anticipated project end date:",
                    "March 2026",
                ],
                ["% complete:", "40%", "", ""],
            ],
            header_rows=0,
            repeat_header=False,
        ),
        Paragraph("Key activities completed / milestones achieved in this period:", bold=True),
        Heading("Front Door", 3),
        *(ListItem(text) for text in HIGHLIGHT_COMPLETED["Front Door"]),
        # An earlier conversion glued this workstream's heading and bullets into one line.
        Paragraph("Early Help • " + " • ".join(HIGHLIGHT_COMPLETED["Early Help"])),
        Paragraph("Key activities / milestones scheduled for next period:", bold=True),
    ]
    for workstream, items in HIGHLIGHT_PLANNED.items():
        blocks += [Heading(workstream, 3), *(ListItem(text) for text in items)]
    blocks += [
        Paragraph("Key issues of risk / obstacles to progress:", bold=True),
        Paragraph(HIGHLIGHT_RISK_PARAGRAPH),
        Paragraph("The obstacles to progress are:"),
        *(ListItem(text) for text in HIGHLIGHT_OBSTACLES),
        Paragraph("Recommendations for the Board:", bold=True),
        ListItem("N/A"),
    ]
    return Paper(
        title="Front Door highlight report",
        blocks=blocks,
        author="Harbourside Borough Council",
    )


def minutes_paper() -> Paper:
    return Paper(
        title="Corporate Parenting Panel minutes",
        author="Harbourside Borough Council",
        blocks=[
            Paragraph("Harbourside Borough Council", bold=True),
            Heading("Minutes of the Corporate Parenting Panel", 1),
            Paragraph("Meeting held on Tuesday 4 March 2025 at 5.30 pm, Civic Centre"),
            Paragraph("Present:", bold=True),
            Paragraph("Cllr Ruth Okonjo (Chair), Cllr Dan Pryce and Cllr Alice Moreno"),
            Paragraph("Officers in attendance:", bold=True),
            Paragraph("Sam Whitfield – Head of Children in Care"),
            Heading("5. Fostering recruitment update", 2),
            Paragraph(
                "Sam Whitfield, Head of Children in Care, presented the report. Cllr Pryce asked "
                "how many enquiries had turned into applications."
            ),
            Paragraph("Resolved:", bold=True),
            Paragraph("(a) that the update be noted;"),
            Paragraph(
                "(b) that a further report on the recruitment of foster carers for teenagers "
                "come to the Panel in June 2025."
            ),
            Heading("6. Care leavers' accommodation", 2),
            Paragraph("Members discussed the joint housing protocol with the housing service."),
            Paragraph("Resolved: that the Panel endorse the joint housing protocol."),
            Heading("7. Work programme", 2),
            Paragraph("Resolved:", bold=True),
            Paragraph("i. that the work programme be agreed; and"),
            Paragraph("ii. that the Chair agree the dates of the visits."),
            Paragraph("Actions:", bold=True),
            ListItem(
                "Circulate the housing protocol to Panel members – Sam Whitfield, Head of "
                "Children in Care – by 14 March 2025."
            ),
            Paragraph("The meeting closed at 7.05 pm."),
        ],
    )


BRIEFING_QUESTIONS = {
    "Recruitment": [
        "How many enquiries from prospective foster carers became applications last year?",
        "Which recruitment channels bring in carers for teenagers?",
        "Give examples of how the service follows up enquirers who do not apply.",
    ],
    "Retention": [
        "Why did foster carers who resigned last year say they left?",
        "How often do supervising social workers visit each household?",
    ],
}


def briefing_paper() -> Paper:
    blocks: list[Block] = [
        Paragraph("Harbourside Borough Council", bold=True),
        Heading("BRIEFING NOTE", 1),
        Paragraph("Agenda Item no. 4", bold=True),
        Paragraph("TO: Corporate Parenting Panel"),
        Paragraph("DATE: 20th February 2025"),
        Paragraph("RE: Placement sufficiency and the fostering recruitment plan"),
        Heading("Purpose", 2),
        Paragraph(
            "To update the Panel on placement sufficiency and the recruitment of foster carers."
        ),
        Heading("Background", 2),
        ListItem("The sufficiency strategy was agreed by Cabinet in 2024.", numbered=True),
        ListItem("Demand for placements for teenagers has risen.", numbered=True),
        Heading("Recommendations", 2),
        Paragraph("The Panel is recommended to:"),
        ListItem("Note the progress of the fostering recruitment plan.", numbered=True),
        ListItem("Agree to receive a further update in September 2025.", numbered=True),
        Heading("Author", 2),
        Paragraph("Joanne Fairley"),
        Paragraph("Service Manager, Fostering"),
        Paragraph("E-mail: joanne.fairley@harbourside.gov.uk"),
        PageBreak(),
        Heading("Appendix 1", 2),
        Heading("Questions the Panel may wish to ask", 2),
        Heading("Explanation", 3),
        ListItem("a clear picture of what good fostering support looks like"),
        ListItem("confidence to ask questions that get below the surface of reports."),
    ]
    for theme, questions in BRIEFING_QUESTIONS.items():
        blocks += [Heading(theme, 3), *(ListItem(q) for q in questions)]
    return Paper(title="Briefing note – placement sufficiency", blocks=blocks)


TASK_GROUP_RECOMMENDATIONS = [
    "To endorse the Task & Finish Group's conclusion that the fostering action plan is on course.",
    "To ask officers to report on initial health assessments to this Committee in October 2024.",
]


def task_group_paper() -> Paper:
    return Paper(
        title="Looked after children task and finish group",
        blocks=[
            Heading("LOOKED AFTER CHILDREN TASK & FINISH GROUP FINAL REPORT", 1),
            Paragraph("Working for Westbrook"),
            Heading("1.1 Members and Contributors", 2),
            Paragraph("Cllr Ian Marsh (Chair)"),
            Paragraph("Cllr Beth Novak"),
            Paragraph("Karen Doyle, Team Manager, Fostering, WCC"),
            Heading("1.2 Dates and Timescales", 2),
            Paragraph("3 June – scoping meeting"),
            Paragraph("17 June – evidence from officers"),
            Paragraph("9 September – agreement of findings"),
            Heading("1.3 Recommendations", 2),
            *(ListItem(text, numbered=True) for text in TASK_GROUP_RECOMMENDATIONS),
            Heading("2.0 Findings", 1),
            Heading("2.1 Placement stability", 2),
            Paragraph("We heard that twelve children had three or more moves last year."),
            Paragraph(
                "We concluded that placement moves are now reviewed within five working days."
            ),
            Heading("2.2 Health assessments", 2),
            ListItem("Initial health assessments are late for one child in three."),
            Heading("3.0 Recommendations", 1),
            Paragraph("On 9 September 2024 we agreed the following recommendations:"),
            *(ListItem(text, numbered=True) for text in TASK_GROUP_RECOMMENDATIONS),
            Heading("4.0 Acknowledgements", 1),
            Paragraph("We thank the officers and carers who gave evidence."),
        ],
    )


def other_paper() -> Paper:
    """A committee report of no kind the pipeline knows: budget monitoring."""
    return Paper(
        title="Revenue budget monitoring",
        blocks=[
            Paragraph("Harbourside Borough Council", bold=True),
            Heading("Revenue Budget Monitoring 2024/25 – Quarter 3", 1),
            Paragraph("Report to Cabinet, 12 February 2025"),
            Paragraph("Agenda item 8"),
            Heading("Purpose", 2),
            Paragraph("To report the forecast outturn against the revenue budget."),
            Heading("Background", 2),
            Paragraph("The Council set a net revenue budget of £212.4m in February 2024."),
            Table(
                rows=[
                    ["Directorate", "Budget £m", "Forecast £m", "Variance £m"],
                    ["Children's Services", "64.2", "67.9", "3.7"],
                    ["Adult Social Care", "88.1", "89.0", "0.9"],
                ]
            ),
            Heading("Recommendations", 2),
            ListItem("Note the forecast overspend of £4.6m.", numbered=True),
        ],
    )


PAPERS: dict[str, Callable[[], Paper]] = {
    "highlight": highlight_paper,
    "minutes": minutes_paper,
    "briefing_note": briefing_paper,
    "task_group": task_group_paper,
    "other": other_paper,
}
BUILDERS: dict[str, Callable[[Paper, Path], Path]] = {"pdf": build_pdf, "docx": build_docx}
# Minutes are also published as council web pages.
FIXTURES = [f"{kind}_{fmt}" for kind in PAPERS for fmt in BUILDERS] + ["minutes_html"]
SAMPLES = {
    "highlight": "highlight_report_rag.txt",
    "minutes": "scrutiny_panel_minutes.txt",
    "briefing_note": "briefing_note_improvement_plan.txt",
    "task_group": "task_and_finish_group_report.txt",
    "scrutiny": "scrutiny_task_group_milestones.txt",
}


def _read(path: Path) -> Document:
    return reader_for(path.suffix[1:])(path, path.name, "doc")


@pytest.fixture(scope="module")
def fixture_rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ExtractedRows]:
    folder = tmp_path_factory.mktemp("statement_fixtures")
    rows: dict[str, ExtractedRows] = {}
    for kind, paper in PAPERS.items():
        for fmt, build in BUILDERS.items():
            rows[f"{kind}_{fmt}"] = extract_rows(_read(build(paper(), folder / f"{kind}.{fmt}")))
    rows["minutes_html"] = extract_rows(_read(build_html(minutes_paper(), folder / "minutes.html")))
    return rows


# --- scoring -----------------------------------------------------------------------------


def load_gold(name: str) -> dict[str, Any]:
    return json.loads((GOLD_DIR / f"statements_{name}.json").read_text(encoding="utf-8"))


def _norm(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return " ".join(value.split())
    return value


@dataclass
class SectionScore:
    expected: int = 0
    found: int = 0
    matched: int = 0
    right_heading: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def heading_accuracy(self) -> float:
        return self.right_heading / self.matched if self.matched else 1.0


@dataclass
class Score:
    sections: dict[str, SectionScore] = field(default_factory=dict)
    rag_expected: int = 0
    rag_right: int = 0
    rag_found: int = 0
    fields_checked: int = 0
    fields_right: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def rag_accuracy(self) -> float:
        return self.rag_right / self.rag_expected if self.rag_expected else 1.0

    def lines(self, label: str) -> list[str]:
        out = [
            f"{label}: rag cells {self.rag_right}/{self.rag_expected} ({self.rag_accuracy:.0%})"
            f", other fields {self.fields_right}/{self.fields_checked}"
        ]
        for name, s in sorted(self.sections.items()):
            out.append(
                f"    {name:15} recall={s.recall:.0%} ({s.matched}/{s.expected}) "
                f"precision={s.precision:.0%} heading={s.heading_accuracy:.0%}"
            )
        return out

    def full_marks(self) -> bool:
        sections_ok = all(
            s.recall == 1 and s.precision == 1 and s.heading_accuracy == 1
            for s in self.sections.values()
        )
        return (
            sections_ok
            and self.rag_right == self.rag_expected == self.rag_found
            and self.fields_right == self.fields_checked
        )


def _check(result: Score, label: str, want: object, got: object) -> None:
    result.fields_checked += 1
    if _norm(want) == _norm(got):
        result.fields_right += 1
    else:
        result.problems.append(f"{label}: want {want!r} got {got!r}")


def score(gold: dict[str, Any], rows: ExtractedRows, *, check_refs: bool = True) -> Score:
    """Statements match by section and text; then heading, ref and owner are compared."""
    result = Score()
    _check(result, "doc_kind", gold["doc_kind"], rows.doc_kind)
    for name, want in gold["meta"].items():
        _check(result, f"meta.{name}", want, getattr(rows.meta, name))

    found = list(rows.tables["statements"])
    for row in found:
        result.sections.setdefault(row["section"], SectionScore()).found += 1
    for expected in gold["statements"]:
        section = result.sections.setdefault(expected["section"], SectionScore())
        section.expected += 1
        match = next(
            (
                r
                for r in found
                if r["section"] == expected["section"]
                and _norm(r["text"]) == _norm(expected["text"])
            ),
            None,
        )
        if match is None:
            result.problems.append(f"missing [{expected['section']}] {expected['text']}")
            continue
        found.remove(match)
        section.matched += 1
        if _norm(match["heading"]) == _norm(expected["heading"]):
            section.right_heading += 1
        else:
            result.problems.append(f"heading of {expected['text'][:50]!r}: {match['heading']!r}")
        if check_refs:
            _check(result, f"ref of {expected['text'][:40]!r}", expected["ref"], match["ref"])
        _check(result, f"owner of {expected['text'][:40]!r}", expected["owner"], match["owner"])
    result.problems += [f"extra [{r['section']}] {r['text']}" for r in found]

    ratings = {(r["period"], r["dimension"]): r for r in rows.tables["rag_ratings"]}
    result.rag_expected = len(gold["rag_ratings"])
    result.rag_found = len(ratings)
    for cell in gold["rag_ratings"]:
        got = ratings.get((cell["period"], cell["dimension"]))
        if got and got["rating"] == cell["rating"] and _norm(got["as_of"]) == cell["as_of"]:
            result.rag_right += 1
        else:
            result.problems.append(f"rag {cell}: got {got}")

    people = {p["name"]: p for p in rows.tables["people"]}
    _check(result, "people", sorted(p["name"] for p in gold["people"]), sorted(people))
    for person in gold["people"]:
        got = people.get(person["name"], {})
        for name in ("role", "organisation"):
            _check(result, f"{person['name']}.{name}", person[name], got.get(name))
    return result


def _report_and_assert(result: Score, label: str) -> None:
    print("\n" + "\n".join(result.lines(label)))
    assert result.full_marks(), "\n".join(result.problems)


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_scores_full_marks_against_gold(
    name: str, fixture_rows: dict[str, ExtractedRows]
) -> None:
    kind, fmt = name.rsplit("_", 1)
    # Word numbers a "List Number" paragraph itself, so the number is not in the text.
    result = score(load_gold(f"{kind}_fixture"), fixture_rows[name], check_refs=fmt != "docx")
    _report_and_assert(result, name)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_sample_scores_full_marks_against_gold(name: str, samples_dir: Path) -> None:
    path = samples_dir / SAMPLES[name]
    if not path.exists():
        pytest.skip(f"{path.name} is not among the samples")
    result = score(load_gold(f"{name}_sample"), extract_rows(_read(path)))
    _report_and_assert(result, f"sample {path.name}")


def test_gold_sets_cover_every_section_the_issue_names() -> None:
    """A scoring run that never meets a section cannot say it is extracted."""
    sections = {
        row["section"]
        for name in [*(f"{k}_fixture" for k in PAPERS), *(f"{k}_sample" for k in SAMPLES)]
        for row in load_gold(name)["statements"]
    }
    assert sections >= set(STATEMENT_SECTIONS) - {"other"}
