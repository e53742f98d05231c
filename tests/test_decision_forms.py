"""Decisions in forms panels, boards, commissioners and inspectorates print them: a
resolution whose subject alone precedes its lettered items, a one-person decision notice
("I approve …" under "Decision"), and numbered recommendations each under its own heading.
Papers written in code in the general form; the bodies and places are invented."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from docbuilders.docx import build_docx
from docbuilders.pdf import build_pdf
from docbuilders.spec import Block, Heading, ListItem, Paper, Paragraph, Table
from extractors.readers import reader_for
from pipeline.extract import extract_rows

BUILDERS: dict[str, Callable[[Paper, Path], Path]] = {"pdf": build_pdf, "docx": build_docx}


def _statements(path: Path, file_type: str) -> list[tuple[str, str]]:
    doc = reader_for(file_type)(path, path.name, "doc-1")
    return [(s["section"], s["text"]) for s in extract_rows(doc).tables["statements"]]


def _meeting(body: str, record: str, present: str) -> list[Block]:
    """A meeting record's head: the body, "Minutes of …", who was present."""
    return [Heading(body, 1), Paragraph(record), Paragraph(f"Present: {present}")]


def _panel_minutes() -> Paper:
    return Paper(
        title="Police and Crime Panel minutes",
        blocks=[
            *_meeting(
                "Northshire Police and Crime Panel",
                "Minutes of the meeting held on Thursday 12 September 2024",
                "Councillor A Smith (Chair), Councillor B Jones",
            ),
            Heading("24. Annual Report 2023/24", 2),
            Paragraph("The Commissioner presented the annual report."),
            Paragraph("RESOLVED that the Panel"),
            Paragraph("(a) notes the Annual Report; and"),
            Paragraph("(b) recommends that the Commissioner publishes response times."),
            Heading("25. Complaints", 2),
            Paragraph("RESOLVED that the Panel"),
            ListItem("receives a quarterly report on complaints;"),
            ListItem("writes to the Home Office about funding."),
        ],
    )


def test_a_subject_with_its_verb_is_a_whole_resolution(tmp_path):
    path = tmp_path / "minutes.md"
    path.write_text(
        "# Minutes of the Finance Panel\n\nPresent: Councillor A Smith (Chair)\n\n"
        "## 4. Budget\n\nRESOLVED that the Panel notes the budget.\n\n"
        "## 5. Fees\n\nRESOLVED that the Panel\n\nThe meeting closed at 8 pm.\n",
        encoding="utf-8",
    )
    # a subject without items below it is no decision of its own; the receipt says so
    assert _statements(path, "md") == [("resolution", "that the Panel notes the budget.")]
    (receipt,) = extract_rows(reader_for("md")(path, path.name, "doc-1")).tables["receipts"]
    assert "names its subject ('that the Panel') but no items followed it" in receipt["notes"]


def _decision_notice() -> Paper:
    return Paper(
        title="Decision notice",
        blocks=[
            Heading("Office of the Police and Crime Commissioner for Northshire", 1),
            Paragraph("Decision notice 2024/037: Safer Streets funding"),
            Heading("Executive summary", 2),
            Paragraph("The Commissioner is asked to approve funding for the programme."),
            Heading("Decision", 2),
            Paragraph(
                "I approve the allocation of £250,000 from the Community Safety Fund to the "
                "Safer Streets programme for 2024/25."
            ),
            Heading("Reasons for the decision", 2),
            Paragraph("I agree that the programme meets the priorities of the plan."),
        ],
    )


@pytest.mark.parametrize("file_type", sorted(BUILDERS))
def test_a_decision_notices_first_person_decision(tmp_path, file_type):
    path = BUILDERS[file_type](_decision_notice(), tmp_path / f"notice.{file_type}")
    statements = _statements(path, file_type)
    assert (
        "resolution",
        "I approve the allocation of £250,000 from the Community Safety Fund to the Safer "
        "Streets programme for 2024/25.",
    ) in statements
    # the reasons' "I agree that …" is under no decision label: not a decision
    assert not any(text.startswith("I agree") for _, text in statements)


def _inspection() -> Paper:
    return Paper(
        title="Inspection report",
        blocks=[
            Heading("Inspection of Northshire Council children's services", 1),
            Paragraph("Published: 2 May 2024"),
            Heading("Recommendations", 2),
            Heading("Recommendation 1", 3),
            Paragraph("The council should make sure that every child in care has a plan."),
            Heading("Recommendation 2", 3),
            Paragraph("Leaders should improve the supervision of social workers."),
            Heading("Area for improvement 1", 3),
            Paragraph("The council should record the views of children."),
            Heading("Summary of findings", 2),
            Paragraph("Recommendation 3 of the last inspection has been met."),
        ],
    )


def _board_minutes() -> Paper:
    return Paper(
        title="Integrated Care Board minutes",
        blocks=[
            *_meeting(
                "Northshire Integrated Care Board",
                "Minutes of the Board meeting held in public on 5 November 2024",
                "Ms A Brown (Chair), Mr C Green (Chief Executive)",
            ),
            Heading("ICB 24/101 Finance report, month 6", 2),
            Paragraph("The Chief Finance Officer presented the report."),
            Paragraph("The Board:"),
            ListItem("NOTED the month 6 financial position;"),
            ListItem("APPROVED the revised capital plan; and"),
            ListItem("AGREED to receive a recovery plan in January."),
            Heading("ICB 24/102 Membership", 2),
            Paragraph("The Committee:"),
            ListItem("Ms A Brown, Chair"),
            ListItem("Mr C Green, Chief Executive"),
        ],
    )


# Each paper's statements, exactly: (section, text) in the order printed.
EXPECTED: dict[str, tuple[Callable[[], Paper], list[tuple[str, str]]]] = {
    # a resolution's subject alone opens its lettered or bulleted items
    "panel": (
        _panel_minutes,
        [
            ("resolution", "notes the Annual Report"),
            ("resolution", "recommends that the Commissioner publishes response times."),
            ("resolution", "receives a quarterly report on complaints"),
            ("resolution", "writes to the Home Office about funding."),
        ],
    ),
    # numbered recommendations, each under its own heading; a mention of one is not one
    "inspection": (
        _inspection,
        [
            ("recommendation", "The council should make sure that every child in care has a plan."),
            ("recommendation", "Leaders should improve the supervision of social workers."),
            ("recommendation", "The council should record the views of children."),
        ],
    ),
    # a board's list of what it decided, each item its verb and all; a list of members
    # under "The Committee:" decides nothing
    "board": (
        _board_minutes,
        [
            ("resolution", "NOTED the month 6 financial position"),
            ("resolution", "APPROVED the revised capital plan"),
            ("resolution", "AGREED to receive a recovery plan in January."),
        ],
    ),
}


@pytest.mark.parametrize("file_type", sorted(BUILDERS))
@pytest.mark.parametrize("paper", sorted(EXPECTED))
def test_the_papers_decisions_in_pdf_and_docx(tmp_path, paper, file_type):
    make, expected = EXPECTED[paper]
    path = BUILDERS[file_type](make(), tmp_path / f"{paper}.{file_type}")
    assert _statements(path, file_type) == expected


def _minutes_in_a_grid() -> Paper:
    return Paper(
        title="Town council minutes",
        blocks=[
            *_meeting(
                "Eastmoor Town Council",
                "Minutes of the Full Council held on Monday 3 March 2025 at 7pm",
                "Cllr A Smith (Mayor), Cllr B Jones, Cllr C Lee",
            ),
            Table(
                rows=[
                    ["Minute", "Item"],
                    [
                        "24/102",
                        "Planning applications. 25/0123/FUL, extension. RESOLVED: no objection.",
                    ],
                    [
                        "24/103",
                        "Finance. Payments of £12,345.67 were presented. RESOLVED: That the "
                        "payments be approved.",
                    ],
                    [
                        "24/104",
                        "Grants. Cllr Jones proposed and Cllr Lee seconded that a grant of £500 "
                        "be made to the Scouts. All in favour. RESOLVED.",
                    ],
                ],
                col_widths=[1, 5],
            ),
        ],
    )


@pytest.mark.parametrize("file_type", sorted(BUILDERS))
def test_minutes_in_a_grid_take_the_title_run_into_each_minute(tmp_path, file_type):
    """A minute laid out as a grid row, its title run into its text ("Finance. Payments
    …"): the decision sits under that title; a vote's "All in favour. RESOLVED." records
    the motion before it."""
    path = BUILDERS[file_type](_minutes_in_a_grid(), tmp_path / f"grid.{file_type}")
    doc = reader_for(file_type)(path, path.name, "doc-1")
    found = [(s["heading"], s["text"]) for s in extract_rows(doc).tables["statements"]]
    assert found[:2] == [
        ("Planning applications", "no objection."),
        ("Finance", "That the payments be approved."),
    ]
    assert found[2][0] == "Grants"
    assert found[2][1].startswith("Cllr Jones proposed and Cllr Lee seconded that a grant")
    assert len(found) == 3


# --- what these forms must not take (a reviewer's probes, written in the general form) ---


def _md_statements(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "paper.md"
    path.write_text(text, encoding="utf-8")
    return _statements(path, "md")


MEETING = (
    "# Minutes of the Eastmoor Town Council meeting held on 3 March 2025\n\n"
    "Present: Cllr A Smith (Mayor), Cllr B Jones\n\n"
)


def test_a_motion_not_adopted_is_not_a_decision(tmp_path):
    found = _md_statements(
        tmp_path,
        MEETING + "## 24/123 Defibrillator\n\nCllr Jones proposed and Cllr Lee seconded "
        "purchasing a defibrillator. Resolved that the Clerk obtains three quotes first.\n",
    )
    assert found == [("resolution", "that the Clerk obtains three quotes first.")]


def test_a_grid_row_that_opens_with_its_decision_keeps_it(tmp_path):
    paper = Paper(
        title="m",
        blocks=[
            *_meeting(
                "Eastmoor Town Council",
                "Minutes of the Full Council held on 3 March 2025",
                "Cllr A Smith (Mayor), Cllr B Jones",
            ),
            Table(
                rows=[
                    ["Minute", "Item"],
                    ["24/201", "The minutes of 3 February 2025 were approved as a true record."],
                    ["24/202", "RESOLVED: That the grant of £250 to the Scouts be approved."],
                    ["24/203", "Members noted the report. It was resolved to write to the police."],
                ],
                col_widths=[1, 5],
            ),
        ],
    )
    path = build_docx(paper, tmp_path / "grid.docx")
    texts = [text for _, text in _statements(path, "docx")]
    assert texts == [
        "The minutes of 3 February 2025 were approved as a true record.",
        "That the grant of £250 to the Scouts be approved.",
        "to write to the police.",
    ]


def test_a_reports_list_of_what_a_committee_did_last_year_decides_nothing(tmp_path):
    found = _md_statements(
        tmp_path,
        "# Eastmoor County Council\n\n## Audit Committee annual report 2024/25\n\n"
        "### Work of the Committee in 2024/25\n\nThe Committee:\n\n"
        "- Approved the Internal Audit Plan for 2024/25;\n"
        "- Approved the Statement of Accounts for 2023/24.\n",
    )
    assert found == []


def test_a_numbered_recommendations_progress_is_no_recommendation(tmp_path):
    found = _md_statements(
        tmp_path,
        "# Eastmoor County Council\n\n## Internal audit follow-up, March 2025\n\n"
        "### Recommendation 1\n\nStatus: Implemented. The leavers process was revised.\n\n"
        "### Recommendation 2\n\nThe service should record overtime approvals.\n\n"
        "Area for improvement 3: Closed.\n",
    )
    assert found == [("recommendation", "The service should record overtime approvals.")]


def test_a_view_under_a_decision_label_is_not_the_decision(tmp_path):
    found = _md_statements(
        tmp_path,
        "# Office of the Police and Crime Commissioner for Northshire\n\n## Decision\n\n"
        "I agree with the officers' assessment that the risks are manageable.\n\n"
        "I approve the award of the custody healthcare contract to Provider A.\n",
    )
    assert found == [
        ("resolution", "I approve the award of the custody healthcare contract to Provider A.")
    ]


def test_a_committee_of_a_board_is_the_body_not_the_board(tmp_path):
    from extractors.metadata import extract_metadata

    path = tmp_path / "arc.md"
    path.write_text(
        "# NHS Northshire Integrated Care Board\n\n## Audit and Risk Committee\n\n"
        "Minutes of the meeting held on 4 February 2025\n\nPresent: Ms A Brown (Chair)\n",
        encoding="utf-8",
    )
    meta = extract_metadata(reader_for("md")(path, path.name, "d"))
    assert meta.body == "Audit and Risk Committee"


def test_a_boards_list_keeps_its_decisions_among_what_else_it_did(tmp_path):
    found = _md_statements(
        tmp_path,
        "# Northshire Hospitals NHS Foundation Trust\n\n"
        "## Minutes of the Board of Directors meeting held on 5 November 2024\n\n"
        "Present: Ms A Brown (Chair)\n\n### 24/88 Integrated performance report\n\n"
        "The Board:\n\n- RECEIVED and NOTED the report;\n- DISCUSSED the A&E position;\n"
        "- TOOK ASSURANCE from the recovery actions; and\n- APPROVED the revised trajectory.\n",
    )
    assert found == [
        ("resolution", "RECEIVED and NOTED the report"),
        ("resolution", "APPROVED the revised trajectory."),
    ]


def test_a_boards_list_under_its_name_in_bold_in_a_pdf(tmp_path):
    paper = Paper(
        title="m",
        blocks=[
            *_meeting(
                "Northshire Integrated Care Board",
                "Minutes of the Board meeting held in public on 5 November 2024",
                "Ms A Brown (Chair)",
            ),
            Heading("ICB 24/101 Finance report", 2),
            Paragraph("The Board:", bold=True),
            ListItem("NOTED the month 6 position;"),
            ListItem("APPROVED the capital plan."),
        ],
    )
    path = build_pdf(paper, tmp_path / "board.pdf")
    assert _statements(path, "pdf") == [
        ("resolution", "NOTED the month 6 position"),
        ("resolution", "APPROVED the capital plan."),
    ]


def test_a_numbered_recommendation_may_be_a_list(tmp_path):
    found = _md_statements(
        tmp_path,
        "# Inspection of Northshire Constabulary\n\nPublished: 2 May 2024\n\n"
        "### Recommendation 1\n\nBy 31 March 2025, the force should:\n\n"
        "- review its call handling procedures;\n- audit compliance quarterly.\n\n"
        "### Recommendation 2\n\nThe force should improve the supervision of investigations.\n",
    )
    assert found == [
        ("recommendation", "review its call handling procedures"),
        ("recommendation", "audit compliance quarterly."),
        ("recommendation", "The force should improve the supervision of investigations."),
    ]


def test_a_table_below_a_resolutions_lead_in_is_not_its_items(tmp_path):
    paper = Paper(
        title="m",
        blocks=[
            *_meeting(
                "Eastmoor Town Council",
                "Minutes of the Full Council held on 3 March 2025",
                "Cllr A Smith (Mayor), Cllr B Jones",
            ),
            Heading("24/130 Payments", 2),
            Paragraph("RESOLVED that the following payments be made:"),
            Table(
                rows=[
                    ["Payee", "Amount", "Status"],
                    ["Northshire Water", "£45.00", "Approved"],
                    ["Stationery", "The payment was approved by the clerk, delegated", "Paid"],
                ]
            ),
        ],
    )
    path = build_docx(paper, tmp_path / "payments.docx")
    texts = [text for _, text in _statements(path, "docx")]
    assert not any(text in ("Approved", "£45.00", "Northshire Water") for text in texts)
    assert not any("approved by the clerk" in text for text in texts)


def test_a_numbered_recommendations_list_ends_where_its_items_do(tmp_path):
    found = _md_statements(
        tmp_path,
        "# Inspection of Northshire Constabulary\n\nPublished: 2 May 2024\n\n"
        "### Recommendation 2\n\nBy 31 March 2025, the force should:\n\n"
        "- review its vetting;\n- audit compliance.\n\n"
        "Since then the force has made progress:\n\n- appointed a strategic lead;\n"
        "- trained 80% of call handlers.\n\nNote: this was first made in 2022.\n\n"
        "### Recommendation 3\n\nStatus:\n\n- Complete – closed in January 2025.\n",
    )
    assert found == [
        ("recommendation", "review its vetting"),
        ("recommendation", "audit compliance."),
    ]
