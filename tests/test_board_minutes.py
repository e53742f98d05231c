"""Minutes of boards, panels and committees that record a decision with the body as the
subject of an ordinary sentence ("The Board approved …", "Following discussion, the Panel
agreed …"), and the reports and narrations that must not count.

Each paper is written here in the general form such minutes take; bodies and people are
invented.
"""

from __future__ import annotations

from pathlib import Path

from test_parish_markdown import resolutions

BOARD_HEAD = (
    "# Minutes of the Board of Directors meeting held in public on 26 November 2025\n\n"
    "**Present:** Jane Doe, Chair (JD); Sam Roe, Chief Operating Officer (SR)\n\n"
)


def test_the_body_deciding_at_the_head_of_a_sentence(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        BOARD_HEAD + "## 3. Operating Plan\n\nThe Chief Operating Officer presented the plan. "
        "Noting the discussions, and having reviewed the proposed Operating Plan, the Board "
        "approved the Operating Plan and its submission, subject to the following:\n\n"
        "## 4. Terms of reference\n\nThe Board approved the revised terms of reference.\n\n"
        "## 5. Estates strategy\n\nFollowing discussion, the Directors agreed to defer the "
        "estates strategy to the March meeting.\n\n"
        "## 6. Annual report\n\nMembers endorsed the annual report for publication.\n",
    )
    assert got == [
        "the Operating Plan and its submission.",
        "the revised terms of reference.",
        "to defer the estates strategy to the March meeting.",
        "the annual report for publication.",
    ]


def test_narrations_and_other_bodies_are_not_the_meetings_decision(tmp_path: Path) -> None:
    """A body named in full, a verb inside a sentence, an earlier meeting, a report, and a
    body that is not the meeting's own (a committee, in the minutes of a board)."""
    got = resolutions(
        tmp_path,
        BOARD_HEAD + "## 3. Matters arising\n\n"
        "The Audit Committee approved the annual accounts on 25 July.\n\n"
        "Mr Love suggested and the Leader and Cabinet agreed to review the charges.\n\n"
        "At its last meeting the Board approved the estates strategy.\n\n"
        "The Board approved at its September meeting the use of the reserve.\n\n"
        "The Chair reported that the Committee approved the budget.\n\n"
        "The Committee approved the internal audit plan.\n",
    )
    assert got == []


def test_a_report_is_not_a_meetings_record(tmp_path: Path) -> None:
    """A highlight report's completed actions ("Present the annual report to …",
    "Attendance by partners remains low") are not an attendance list: its "Cabinet
    approved …" narrates."""
    got = resolutions(
        tmp_path,
        "# Highlight report: improvement programme\n\n"
        "## Planned activities\n\n"
        "- Present the annual report to the Corporate Parenting Panel in December.\n"
        "- Attendance by partner agencies at strategy meetings remains low.\n\n"
        "## Completed activities\n\n"
        "The Board approved the recruitment scheme on 6 November. The scheme was discussed "
        "with partners and it was agreed that payments would start in January.\n",
        name="report.md",
    )
    assert got == []


def test_a_panels_and_a_parish_councils_own_decisions(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        "# Police and Crime Panel\n\nMinutes of the meeting held on 4 February 2025\n\n"
        "Present: Cllr A Brook (Chair), Cllr B Fenn, Mr C Dale (Independent Member)\n\n"
        "## 5. Proposed precept\n\nThe Commissioner presented the proposed precept. "
        "Following questions, the Panel endorsed the proposed precept of £250.16 for a Band D "
        "property.\n",
        name="panel.md",
    )
    assert got == ["the proposed precept of £250.16 for a Band D property."]
    got = resolutions(
        tmp_path,
        "MINUTES OF EASTMOOR PARISH COUNCIL MEETING HELD ON TUESDAY 8th SEPTEMBER 2020\n\n"
        "Present: Cllr A Brook (Chairman), Cllr B Fenn, Cllr C Dale\n\n"
        "4\\. Playing field: The quotes were compared. Councillors approved the quote from "
        "Greenway Ltd for £1,200.\n",
    )
    assert got == ["the quote from Greenway Ltd for £1,200."]


def test_an_attendance_line_with_words_before_its_colon(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        "# Eastmoor Parish Council\n\nPresent at the meeting: Cllr A Brook, Cllr B Fenn\n\n"
        "5\\. Finance: The accounts were reviewed and it was agreed to renew the insurance.\n",
    )
    assert got == ["to renew the insurance."]


def test_a_dated_lead_in_or_a_bare_list_lead_in_is_no_decision(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        BOARD_HEAD + "## 3. Estates\n\nOn 3 March 2025, the Board approved the earlier draft.\n\n"
        "Following discussion, the Board agreed the following\n\n"
        "- to close ward 4\n",
    )
    assert "the earlier draft." not in got and "the following." not in got


def test_approved_by_the_council_told_as_a_report_is_no_decision(tmp_path: Path) -> None:
    head = (
        "MINUTES OF EASTMOOR PARISH COUNCIL MEETING HELD ON TUESDAY 8th SEPTEMBER 2020\n\n"
        "Present: Cllr A Brook (Chairman), Cllr B Fenn\n\n"
    )
    got = resolutions(
        tmp_path,
        head + "4\\. Precept: The Clerk reported that the precept was approved by Council in "
        "January.\n\n5\\. Budget: The budget, which was approved by Council in February, is on "
        "track.\n\n6\\. Grass: The grass cutting contract was approved by Council on 12 May.\n",
    )
    assert got == ["The grass cutting contract was approved by Council on 12 May."]
