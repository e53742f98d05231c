"""Actions with a status in any layout, colour keys, and tables that only look like trackers.

Fixtures are built in code (PDF and DOCX) and read by the real readers; every paper is run
through the milestone-table finder and the status-action finder in their registered order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import pytest

from docbuilders.docx import build_docx
from docbuilders.pdf import build_pdf
from docbuilders.spec import Cell, Heading, Paper, Paragraph, Table
from extractors.finders.context import FindContext
from extractors.finders.status_actions import find_status_actions, split_title
from extractors.finders.tables import find_milestone_tables
from extractors.readers import reader_for
from extractors.vocab import (
    VocabError,
    key_entries_in_text,
    leading_status_label,
    load_vocabulary,
    read_verdict,
)
from pipeline.extract import receipt_row
from pipeline.model import Document
from pipeline.records import DocumentMeta, Extraction

REAL_PAPERS = Path(__file__).resolve().parents[2] / "shared" / "real-papers" / "kent"

BLUE, GREEN, AMBER, RED = "#0070C0", "#00B050", "#FFC000", "#FF0000"
BUILDERS: dict[str, Callable[[Paper, Path], Path]] = {"pdf": build_pdf, "docx": build_docx}


def _read(path: Path) -> Document:
    return reader_for(path.suffix[1:])(path, path.name, "doc")


def _find(doc: Document) -> Extraction:
    ctx = FindContext(doc=doc, meta=DocumentMeta())
    found = Extraction()
    for finder in (find_milestone_tables, find_status_actions):
        extraction = finder(ctx)
        found.merge(extraction)
        ctx.claimed.extend(extraction.used_tables)
    return found


@pytest.fixture(params=sorted(BUILDERS))
def read_paper(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[Paper], Extraction]:
    def read(paper: Paper) -> Extraction:
        path = BUILDERS[request.param](paper, tmp_path / f"paper.{request.param}")
        return _find(_read(path))

    return read


def _statuses(found: Extraction) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.status, m.status_raw) for m in found.milestones]


# --- vocabulary ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "status"),
    [
        ("COMPLETED", "achieved"),
        ("Done", "achieved"),
        ("Closed", "achieved"),
        ("Partially Complete", "partially_achieved"),
        ("On target", "in_progress"),
        ("Regular Review", "in_progress"),
        ("Commenced", "in_progress"),
        ("Behind schedule", "not_achieved"),
        ("Off-track", "not_achieved"),
        ("Overdue", "not_achieved"),
        ("Action Outstanding", "not_achieved"),
        ("Pending", "not_started"),
        ("Paused", "not_started"),
        ("Withdrawn", "not_achieved"),
    ],
)
def test_wild_status_words_map_through_the_vocabulary(printed: str, status: str) -> None:
    verdict = read_verdict(printed)
    assert verdict is not None and verdict.status == status


def test_a_status_label_opens_a_card_but_a_verb_does_not() -> None:
    assert leading_status_label("Complete Data Mapping Exercise") == (
        "achieved",
        "Complete",
        "Data Mapping Exercise",
    )
    assert leading_status_label("Complete the form by May.") is None


def test_bad_vocabulary_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "words.toml"
    bad.write_text('[status]\nfinished = ["done"]\n[rag_words]\nred = ["red"]\n')
    with pytest.raises(VocabError, match="is no status"):
        load_vocabulary(bad)


def test_key_sentence_and_prose_counts() -> None:
    entries = key_entries_in_text("Key: Blue – Complete, Green – On track, Red – Off track")
    assert [(e.rating, e.label, e.status) for e in entries] == [
        ("blue", "Complete", "achieved"),
        ("green", "On track", "in_progress"),
        ("red", "Off track", "not_achieved"),
    ]
    assert key_entries_in_text("Of 20 measures, 12 green, 5 amber and 3 red.") == []


def test_title_run_into_its_text_is_split_where_the_text_starts() -> None:
    assert split_title("Data Mapping Exercise The capture form is in place.") == (
        "Data Mapping Exercise",
        "The capture form is in place.",
    )
    assert split_title("Depot survey Depot survey finished in May.") == (
        "Depot survey",
        "Depot survey finished in May.",
    )
    assert split_title("Review the fleet. Two vans replaced.") == (
        "Review the fleet.",
        "Two vans replaced.",
    )


# --- action tables whose item column is not "milestone" --------------------------------------


def test_commitment_and_mitigation_tables_with_wild_status_words(read_paper) -> None:
    paper = Paper(
        "Delivery plan update",
        [
            Heading("Commitments"),
            Table(
                [
                    ["Ref", "Commitment", "Lead", "Status"],
                    ["C1", "Open two family hubs.", "Head of Early Help", "COMPLETED"],
                    ["C2", "Reduce agency spend.", "HR Director", "Behind schedule"],
                    ["C3", "Publish the play strategy.", "Play Officer", "Not started"],
                    ["C4", "Replace the bridge deck.", "Highways Manager", "Superseded"],
                ]
            ),
            Heading("Risk mitigations"),
            Table(
                [
                    ["Mitigation", "Owner", "Progress status"],
                    ["Quarterly audit of payments.", "Finance Manager", "Regular Review"],
                    ["Second supplier for fuel.", "Fleet Manager", "Off-track"],
                ]
            ),
        ],
    )
    found = read_paper(paper)
    assert _statuses(found) == [
        ("Open two family hubs.", "achieved", "COMPLETED"),
        ("Reduce agency spend.", "not_achieved", "Behind schedule"),
        ("Publish the play strategy.", "not_started", "Not started"),
        ("Replace the bridge deck.", "not_achieved", "Superseded"),
        ("Quarterly audit of payments.", "in_progress", "Regular Review"),
        ("Second supplier for fuel.", "not_achieved", "Off-track"),
    ]
    assert [m.ref for m in found.milestones[:2]] == ["C1", "C2"]


def test_unknown_status_word_is_unknown_and_on_the_receipt(tmp_path: Path) -> None:
    paper = Paper(
        "Action log",
        [
            Table(
                [
                    ["Action", "Owner", "Status"],
                    ["Circulate the slides.", "Clerk", "Complete"],
                    ["Book the venue.", "Clerk", "Parked"],
                ]
            )
        ],
    )
    doc = _read(build_docx(paper, tmp_path / "log.docx"))
    found = _find(doc)
    assert _statuses(found) == [
        ("Circulate the slides.", "achieved", "Complete"),
        ("Book the venue.", "unknown", "Parked"),
    ]
    tables = {"milestones": [asdict(m) for m in found.milestones]}
    tables |= {"indicators": [], "rag_ratings": [], "statements": []}
    assert json.loads(receipt_row(doc, found, tables)["unknown_statuses"]) == ["Parked"]


def test_ticks_under_status_columns(read_paper) -> None:
    paper = Paper(
        "Improvement plan",
        [
            Table(
                [
                    ["Action", "Achieved", "On target", "Not achieved"],
                    ["Recruit two social workers.", "X", "", ""],
                    ["Cut waiting times.", "", "X", ""],
                    ["Open the new depot.", "", "", "X"],
                ]
            )
        ],
    )
    assert [(m.status, m.status_raw) for m in read_paper(paper).milestones] == [
        ("achieved", "Achieved"),
        ("in_progress", "On target"),
        ("not_achieved", "Not achieved"),
    ]


# --- cards and label/value blocks --------------------------------------------------------------


def test_boxed_action_cards_under_a_coded_heading(read_paper) -> None:
    paper = Paper(
        "Risk register actions",
        [
            Heading("Mitigating actions"),
            Table(
                [
                    ["RSK07: Winter road resilience"],
                    [
                        "Complete\nGritting routes reviewed\nThe routes were checked in May.\n"
                        "Partially Complete\nSalt barn repairs\nThe two worst barns are repaired."
                    ],
                    ["RSK09: Fleet replacement"],
                    ["Action Outstanding\nOrder electric vans\nThe order waits for the budget."],
                ],
                header_rows=1,
            ),
        ],
    )
    found = read_paper(paper)
    got = [(m.ref, m.goal, m.text, m.status, m.status_raw, m.comment) for m in found.milestones]
    assert got == [
        (
            "RSK07",
            "Winter road resilience",
            "Gritting routes reviewed",
            "achieved",
            "Complete",
            "The routes were checked in May.",
        ),
        (
            "RSK07",
            "Winter road resilience",
            "Salt barn repairs",
            "partially_achieved",
            "Partially Complete",
            "The two worst barns are repaired.",
        ),
        (
            "RSK09",
            "Fleet replacement",
            "Order electric vans",
            "not_achieved",
            "Action Outstanding",
            "The order waits for the budget.",
        ),
    ]
    assert found.used_tables


def test_label_value_action_blocks(read_paper) -> None:
    paper = Paper(
        "Scrutiny action tracker",
        [
            Heading("Housing repairs"),
            Table(
                [
                    ["Action", "Report damp cases monthly."],
                    ["Lead officer", "Head of Housing"],
                    ["Status", "Ongoing"],
                    ["Update", "First report went to the March meeting."],
                    ["Action", "Visit every flagged home."],
                    ["Lead officer", "Repairs Manager"],
                    ["Status", "Delayed"],
                    ["Update", "Contractor shortage."],
                ],
                header_rows=0,
            ),
        ],
    )
    found = read_paper(paper)
    got = [(m.text, m.status, m.comment, m.goal) for m in found.milestones]
    assert got == [
        (
            "Report damp cases monthly.",
            "in_progress",
            "First report went to the March meeting.",
            "Housing repairs",
        ),
        ("Visit every flagged home.", "not_achieved", "Contractor shortage.", "Housing repairs"),
    ]


# --- colour keys -------------------------------------------------------------------------------


def _tracker(status_fills: list[str], *, on: str) -> Table:
    rows: list[list[str | Cell]] = [["Ref", "Action", "Status", "Comment"]]
    actions = ["Adopt the local plan.", "Fix the leisure centre roof.", "Hire a planner."]
    for number, (action, fill) in enumerate(zip(actions, status_fills, strict=True), 1):
        status = Cell("", fill=fill) if on == "status" else ""
        comment = Cell("See the report.", fill=fill) if on == "comment" else "See the report."
        rows.append([str(number), action, status, comment])
    return Table(rows)


def test_colour_key_table_decides_status_of_a_filled_status_cell(read_paper) -> None:
    paper = Paper(
        "Action plan",
        [
            Table(
                [
                    ["Colour", "Meaning"],
                    [Cell("", fill=BLUE), "Complete"],
                    [Cell("", fill=GREEN), "On track"],
                    [Cell("", fill=RED), "Off track"],
                ]
            ),
            _tracker([BLUE, GREEN, RED], on="status"),
        ],
    )
    assert [(m.status, m.status_raw, m.rag) for m in read_paper(paper).milestones] == [
        ("achieved", "Complete", "blue"),
        ("in_progress", "On track", "green"),
        ("not_achieved", "Off track", "red"),
    ]


def test_colour_key_sentence_decides_status_of_a_filled_comment_cell(read_paper) -> None:
    paper = Paper(
        "Action plan",
        [
            Paragraph("Key: Blue – Complete, Green – On track, Red – Off track."),
            _tracker([RED, BLUE, GREEN], on="comment"),
        ],
    )
    assert [(m.status, m.status_raw, m.rag) for m in read_paper(paper).milestones] == [
        ("not_achieved", "Off track", "red"),
        ("achieved", "Complete", "blue"),
        ("in_progress", "On track", "green"),
    ]


def test_fill_without_a_key_gives_rag_only(read_paper) -> None:
    paper = Paper("Action plan", [_tracker([RED, GREEN, AMBER], on="status")])
    assert [(m.status, m.rag) for m in read_paper(paper).milestones] == [
        ("unknown", "red"),
        ("unknown", "green"),
        ("unknown", "amber"),
    ]


def test_numbers_with_a_key(read_paper) -> None:
    paper = Paper(
        "Recommendations tracker",
        [
            Paragraph("Status key: 1 Fully achieved, 2 On target, 3 Not on target."),
            Table(
                [
                    ["Recommendation", "Status"],
                    ["Publish a members' guide.", "1"],
                    ["Train every councillor.", "2"],
                    ["Review the grants panel.", "3"],
                ]
            ),
        ],
    )
    assert [(m.status, m.status_raw) for m in read_paper(paper).milestones] == [
        ("achieved", "Fully achieved"),
        ("in_progress", "On target"),
        ("not_achieved", "Not on target"),
    ]


def test_rag_words_as_status_without_a_key(read_paper) -> None:
    paper = Paper(
        "Action plan",
        [
            Table(
                [
                    ["Action", "Status"],
                    ["Move the library.", "Red / Amber"],
                    ["Open the hub.", "Amber/Green"],
                ]
            )
        ],
    )
    got = [(m.status, m.status_raw, m.rag) for m in read_paper(paper).milestones]
    assert got == [
        ("in_progress", "Red / Amber", "amber"),
        ("in_progress", "Amber/Green", "amber"),
    ]


# --- traps: coloured or status-like tables that are no tracker ---------------------------------


def test_traps_give_no_milestones(read_paper) -> None:
    paper = Paper(
        "Risk and grants",
        [
            Heading("Risk heat map"),
            Table(
                [
                    ["Likelihood", "1", "2", "3"],
                    ["3", Cell("", fill=AMBER), Cell("", fill=RED), Cell("", fill=RED)],
                    ["2", Cell("", fill=GREEN), Cell("", fill=AMBER), Cell("", fill=RED)],
                    ["1", Cell("", fill=GREEN), Cell("", fill=GREEN), Cell("", fill=AMBER)],
                ]
            ),
            Heading("Inspection judgements"),
            Table(
                [
                    ["Judgement", "Grade"],
                    ["Overall effectiveness", Cell("Good", fill=GREEN)],
                    ["Leadership and management", Cell("Requires improvement", fill=AMBER)],
                ]
            ),
            Heading("Small grants"),
            Table(
                [
                    ["Applicant", "Amount", "Decision"],
                    ["Village hall", "£2,000", Cell("Approved", fill=GREEN)],
                    ["Football club", "£5,000", Cell("Rejected", fill=RED)],
                ]
            ),
            Heading("Budget risk register"),
            Table(
                [
                    ["Directorate", "Risk Title", "Likelihood"],
                    [Cell("Adult Social Care", fill="#8064A2"), "Demand exceeds budget", "4"],
                    [Cell("Children's Services", fill="#4BACC6"), "Placement costs rise", "3"],
                    [Cell("Growth", fill="#F79646"), "Income from fees falls", "2"],
                ]
            ),
            Heading("Delivery plan"),
            Table(
                [
                    ["What we have committed to", "Led by", "Timescale"],
                    ["Expand the falls service.", "Public Health", "Ongoing"],
                    ["Launch the carers' offer.", "Adult Social Care", "Mar 2026"],
                ]
            ),
        ],
    )
    found = read_paper(paper)
    assert found.milestones == []
    assert found.used_tables == []


# --- real papers ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_papers() -> Path:
    if not REAL_PAPERS.is_dir():
        pytest.skip(f"real council papers not found at {REAL_PAPERS} (only beside the dev repo)")
    return REAL_PAPERS


def test_real_risk_register_cards_and_action_log(real_papers: Path) -> None:
    qpr = _find(_read(real_papers / "QPR Q3 Cabinet appendix 1.pdf")).milestones
    # The paper's own summary table counts 8 complete, 6 partially complete, 4 under
    # regular review and 1 outstanding among the 19 actions.
    statuses = [m.status for m in qpr]
    assert len(qpr) == 19
    assert sorted(set(statuses)) == [
        "achieved",
        "in_progress",
        "not_achieved",
        "partially_achieved",
    ]
    assert (statuses.count("achieved"), statuses.count("partially_achieved")) == (8, 6)
    assert all(m.ref and m.goal for m in qpr)
    tmg = _read(real_papers / "Appendix 3 - TMG meeting note 14 November 2024.pdf")
    [action] = _find(tmg).milestones
    assert action.status == "achieved"
