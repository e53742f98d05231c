"""A board's action log and a risk register in the general form such tables take: the
meeting each action came from, a due date, the log's own status words ("Open", "Closed"),
a risk above its mitigations. The board, the council and their actions are invented."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from docbuilders.docx import build_docx
from docbuilders.pdf import build_pdf
from docbuilders.spec import Heading, Paper, Table
from extractors.readers import reader_for
from extractors.table_columns import header_roles
from pipeline.extract import extract_rows

LOG = Paper(
    title="Trust Board (Public) – Action Log",
    blocks=[
        Heading("Actions from previous meetings", 2),
        Table(
            rows=[
                ["Ref", "Meeting date", "Action", "Lead", "Due date", "Status"],
                [
                    "TB/14",
                    "24 Jul 2025",
                    "Bring a deep dive on waiting times",
                    "COO",
                    "Nov 2025",
                    "Closed",
                ],
                [
                    "TB/19",
                    "25 Sep 2025",
                    "Review the performance report format",
                    "CFO",
                    "Jan 2026",
                    "Open",
                ],
                [
                    "TB/21",
                    "25 Sep 2025",
                    "Update the estates strategy",
                    "CFO",
                    "Sep 2025",
                    "Overdue",
                ],
            ]
        ),
    ],
)


@pytest.mark.parametrize(("build", "suffix"), [(build_pdf, "pdf"), (build_docx, "docx")])
def test_an_action_log_gives_due_dates_and_open_actions(
    tmp_path: Path, build: Callable[[Paper, Path], Path], suffix: str
) -> None:
    path = build(LOG, tmp_path / f"log.{suffix}")
    doc = reader_for(path.suffix[1:])(path, path.name, "doc-1")
    rows = extract_rows(doc).tables["milestones"]
    assert [(m["ref"], m["status"], m["due_date"]) for m in rows] == [
        ("TB/14", "achieved", "Nov 2025"),
        ("TB/19", "in_progress", "Jan 2026"),
        ("TB/21", "not_achieved", "Sep 2025"),
    ]


def test_a_due_date_column_beats_a_bare_date_and_an_origin_date_is_none() -> None:
    assert header_roles(["Date", "Action", "Due date"]) == {1: "text", 2: "due_date"}
    assert header_roles(["Action", "Date"]) == {0: "text", 1: "due_date"}
    assert header_roles(["Date raised", "Action", "Target date"]) == {1: "text", 2: "due_date"}
    assert header_roles(["Date raised", "Action", "Status"]) == {1: "text", 2: "status"}


def test_a_risk_registers_risk_is_the_goal_of_its_mitigations() -> None:
    header = ["Risk ID", "Risk description", "Risk owner", "Risk score", "Mitigating actions"]
    assert header_roles(header) == {1: "goal", 2: "lead", 4: "text"}


def test_a_revised_due_date_is_due_and_a_risk_beside_no_mitigation_is_not_a_goal() -> None:
    assert header_roles(["Ref", "Action", "Updated due date", "Status"])[2] == "due_date"
    assert header_roles(["Date raised", "Action", "Revised date agreed"]) == {
        1: "text",
        2: "due_date",
    }
    assert "goal" not in header_roles(["Ref", "Milestone", "Risks/Issues", "Status"]).values()
    register = ["Inherent risk", "Risk description", "Owner", "Mitigating actions"]
    assert header_roles(register) == {1: "goal", 2: "lead", 3: "text"}
