"""`boardpapers lint`: findings printed like a compiler, exit status by --fail-on."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from docbuilders.spec import Heading, Paper, Table
from pipeline.cli import main

DRAFT = (
    "Scrutiny Task Group report on the improvement plan\n"
    "\n"
    "Goal\tMilestone\tComments and conclusions\n"
    "Children are safer\t1. Managers undertake regular case file audits.\tPartially achieved.\n"
    "\t2. By 31 March 2025, 95% of strategy meetings are held within 3 working days, "
    "from the monthly performance report.\tAchieved.\n"
)


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, ["lint", *args])


def test_findings_point_at_line_and_column_of_the_vague_words(draft):
    result = run(str(draft), "--fail-on", "error")
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if "vague-frequency" in ln]
    assert len(lines) == 1
    column = DRAFT.splitlines()[3].index("regular") + 1
    assert lines[0].startswith(f"{draft}:4:{column}: warning vague-frequency ")
    assert lines[0].endswith(")")  # the suggestion closes the line
    # The SMART milestone on line 5 draws nothing.
    assert not any(f"{draft}:5:" in ln for ln in result.output.splitlines())


def test_exit_status_follows_fail_on(draft):
    assert run(str(draft), "--fail-on", "warning").exit_code == 1
    assert run(str(draft), "--fail-on", "error").exit_code == 0


def test_json_output_for_tools(draft):
    result = run(str(draft), "--format", "json", "--fail-on", "error")
    payload = json.loads(result.stdout)
    frequency = [f for f in payload["findings"] if f["rule"] == "vague-frequency"]
    assert frequency[0]["matched_text"] == "regular"
    assert frequency[0]["record"] == "milestone 1"
    assert payload["errors"] == []


def test_config_file_beside_the_draft_switches_a_rule_off(draft):
    (draft.parent / "boardpapers.toml").write_text(
        '[rules]\ndisable = ["vague-frequency", "not-time-bound", "not-measurable"]\n',
        encoding="utf-8",
    )
    result = run(str(draft), "--format", "json")
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "vague-frequency" not in rules


def test_docx_findings_name_the_record(tmp_path, build_docx):
    paper = Paper(
        title="Draft plan",
        blocks=[
            Heading("Draft improvement plan"),
            Table(
                rows=[
                    ["Ref", "Action", "Lead", "Due date", "Progress update"],
                    [
                        "1.1",
                        "Hold regular audits of case files.",
                        "Head of QA",
                        "May 2025",
                        "On track.",
                    ],
                ]
            ),
        ],
    )
    path = build_docx(paper, tmp_path / "plan.docx")
    result = run(str(path), "--fail-on", "error")
    line = next(ln for ln in result.output.splitlines() if "vague-frequency" in ln)
    assert line.startswith(f"{path}:page 1:milestone 1.1: warning vague-frequency")


def test_unreadable_draft_is_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"not a pdf at all")
    result = run(str(path))
    assert result.exit_code == 1
    assert "corrupt" in result.output and "Traceback" not in result.output
