"""Milestone and action-plan tables → ``milestones`` records, one behaviour at a time.

Tables are built here as the readers give them (``pipeline.model`` rows and cells), so
each test shows the layout it is about; ``test_milestone_scoring`` runs whole files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuilders.pdf import build_pdf
from docbuilders.spec import Paper, Table
from extractors.milestone_tables import milestones_in, split_run_together, table_to_milestones
from extractors.readers.pdf import read as read_pdf
from extractors.readers.text import text_to_blocks
from extractors.table_columns import find_columns, is_ref_like
from extractors.table_layout import space_aligned_tables
from extractors.text_utils import (
    is_page_furniture,
    join_wrapped,
    looks_like_garbage,
    repair_ordinals,
)
from extractors.vocab import RagLegend, rag_from_colour, rag_from_word, read_verdict
from pipeline.model import RGB, Block, Cell, Row

RED: RGB = (1.0, 0.0, 0.0)
AMBER: RGB = (1.0, 0.75, 0.0)
GREEN: RGB = (0.0, 0.69, 0.31)
GREY: RGB = (0.85, 0.85, 0.85)


def table(*rows: list[str | Cell], style: str | None = None, page: int | None = None) -> Block:
    return Block(
        kind="table",
        style=style,
        rows=[Row([c if isinstance(c, Cell) else Cell(c) for c in row], page=page) for row in rows],
    )


def tsv(text: str) -> list[Block]:
    """Blocks the text reader makes of ``text`` (tab-separated lines become table rows)."""
    return text_to_blocks(text)


SCRUTINY_HEADER = ["Goal", "Milestone", "Comments and conclusions"]
ACTION_HEADER = ["Ref", "Action", "Lead", "Due date", "RAG", "Progress update"]


# --- verdicts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "status"),
    [
        ("Achieved.", "achieved"),
        ("Partially achieved.", "partially_achieved"),
        ("Not achieved.", "not_achieved"),
        ("No conclusion.", "no_conclusion"),
        ("To be tested through the staff survey.", "not_yet_assessed"),
        ("Complete", "achieved"),
        ("On track", "in_progress"),
        ("Off track", "not_achieved"),
        ("Not started", "not_started"),
        ("In progress", "in_progress"),
        ("Overdue", "not_achieved"),
        ("Met", "achieved"),
        ("Partly met", "partially_achieved"),
        ("Not met", "not_achieved"),
    ],
)
def test_each_council_verdict_maps_to_its_normalised_status(printed: str, status: str) -> None:
    verdict = read_verdict(printed)
    assert verdict is not None
    assert (verdict.status, verdict.raw, verdict.rest) == (status, printed, "")


def test_verdict_is_split_from_the_comment_that_follows_it() -> None:
    verdict = read_verdict("On track – recruitment done in May.")
    assert verdict is not None
    assert (verdict.raw, verdict.rest) == ("On track", "recruitment done in May.")
    verdict = read_verdict("Achieved. The Task Group recommended a change.")
    assert verdict is not None
    assert (verdict.raw, verdict.rest) == ("Achieved.", "The Task Group recommended a change.")


def test_open_verdict_runs_to_the_end_of_its_sentence() -> None:
    verdict = read_verdict("To be tested through the Peer Review staff survey. Due in May.")
    assert verdict is not None
    assert verdict.raw == "To be tested through the Peer Review staff survey."
    assert verdict.rest == "Due in May."


@pytest.mark.parametrize(
    "progress", ["Met with partners to agree the plan.", "Completed 12 audits.", "Awaiting data."]
)
def test_a_verb_or_unseen_word_is_never_read_as_a_verdict(progress: str) -> None:
    assert read_verdict(progress) is None


def test_unseen_verdict_in_a_status_column_is_unknown_and_kept_verbatim() -> None:
    [milestone] = table_to_milestones(
        table(["Action", "Status"], ["Agree the budget.", "Deferred to April"])
    )
    assert (milestone.status, milestone.status_raw) == ("unknown", "Deferred to April")


def test_progress_without_a_known_verdict_is_unknown_with_the_text_as_comment() -> None:
    [milestone] = table_to_milestones(
        table(["Ref", "Action", "Progress update"], ["1.1", "Agree the budget.", "Paused for now."])
    )
    assert (milestone.status, milestone.status_raw) == ("unknown", None)
    assert milestone.comment == "Paused for now."


# --- RAG -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fill", "rating"),
    [
        ((1.0, 0.0, 0.0), "red"),
        ((0.75, 0.0, 0.0), "red"),
        ((1.0, 0.78, 0.81), "red"),  # Excel's pale "Bad" fill
        ((1.0, 0.75, 0.0), "amber"),  # Word's FFC000
        ((1.0, 1.0, 0.0), "amber"),  # yellow
        ((1.0, 0.55, 0.0), "amber"),  # orange
        ((0.0, 0.69, 0.31), "green"),
        ((0.78, 0.94, 0.81), "green"),  # Excel's pale "Good" fill
        ((0.57, 0.82, 0.31), "green"),  # Word's light green 92D050
        ((0.0, 0.44, 0.75), "blue"),
        ((0.85, 0.85, 0.85), None),  # grey theme band
        ((0.87, 0.92, 0.97), None),  # the palest header tint
        ((0.5, 0.0, 0.5), None),  # purple: near no rating
        ((0.05, 0.05, 0.05), None),
    ],
)
def test_fill_colour_maps_to_the_nearest_rag_rating(fill: RGB, rating: str | None) -> None:
    assert rag_from_colour(fill) == rating


@pytest.mark.parametrize(
    ("word", "rating"),
    [("RED", "red"), ("Amber", "amber"), ("G", "green"), ("A/G", "amber"), ("High", None)],
)
def test_rag_words(word: str, rating: str | None) -> None:
    assert rag_from_word(word) == rating


def test_document_colour_key_names_a_colour_off_the_usual_palette() -> None:
    purple: RGB = (0.5, 0.39, 0.64)
    plan = table(
        ACTION_HEADER,
        [
            "1",
            "Appoint a director.",
            "Chief Executive",
            "March 2025",
            Cell("", fill=purple),
            "Done",
        ],
    )
    key = table(["Colour", "Meaning"], [Cell("", fill=purple), "Blue – complete"])
    assert table_to_milestones(plan)[0].rag is None
    assert milestones_in([plan, key])[0].rag == "blue"
    assert RagLegend([(purple, "blue")]).rating((0.52, 0.4, 0.62)) == "blue"


def test_rag_from_word_beats_fill_and_fill_only_cells_are_read() -> None:
    rows = table(
        ACTION_HEADER,
        ["1", "Publish the plan.", "Head of Service", "May 2025", Cell("", fill=GREEN), "On track"],
        ["2", "Train staff.", "Head of Service", "May 2025", Cell("RED", fill=GREEN), "Overdue"],
    )
    assert [m.rag for m in table_to_milestones(rows)] == ["green", "red"]


# --- columns ------------------------------------------------------------------------------


def test_column_of_rag_words_is_the_rag_column_whatever_its_header_says() -> None:
    rows = table(
        ["No.", "Action", "Status", "Update"],
        ["1", "Publish the plan.", "Green", "Complete. Published in May."],
        ["2", "Train staff.", "Amber", "In progress."],
        ["3", "Audit cases.", "Red", "Not started."],
    )
    columns = find_columns(rows.rows)
    assert columns is not None and columns.column("rag") == 2
    assert [(m.rag, m.status) for m in table_to_milestones(rows)] == [
        ("green", "achieved"),
        ("amber", "in_progress"),
        ("red", "not_started"),
    ]


def test_column_of_verdicts_stays_the_status_column_though_complete_is_a_rag_word() -> None:
    rows = table(
        ["Action", "Status", "Comments"],
        ["Publish the plan.", "Complete", "Published in May."],
        ["Train staff.", "Complete", ""],
        ["Audit cases.", "On track", ""],
    )
    assert [(m.status, m.rag) for m in table_to_milestones(rows)] == [
        ("achieved", None),
        ("achieved", None),
        ("in_progress", None),
    ]


def test_columns_are_found_by_header_words_not_position() -> None:
    rows = table(
        ["Progress update", "Due date", "Lead", "Action", "Ref"],
        ["Complete.", "June 2025", "Director", "Agree the budget.", "4.2"],
    )
    [milestone] = table_to_milestones(rows)
    assert (milestone.ref, milestone.text, milestone.lead, milestone.due_date) == (
        "4.2",
        "Agree the budget.",
        "Director",
        "June 2025",
    )
    assert milestone.status == "achieved"


def test_reference_column_without_a_header_is_found_from_its_content() -> None:
    rows = table(
        ["", "Action", "Progress"],
        ["AFI 1", "Improve recording.", "On track."],
        ["AFI 2", "Offer carers assessments.", "Complete."],
    )
    assert [m.ref for m in table_to_milestones(rows)] == ["AFI 1", "AFI 2"]


@pytest.mark.parametrize("ref", ["7", "2.3", "1.2a", "AFI 5", "Area 3", "R4"])
def test_printed_references(ref: str) -> None:
    assert is_ref_like(ref)


def test_rag_grid_of_a_highlight_report_gives_no_milestones() -> None:
    grid = table(
        ["", "Timeline", "Budget", "Issues & Risks", "Overall status"],
        ["Current period", "AMBER", "GREEN", "AMBER", "AMBER"],
        ["Previous month", Cell("", fill=RED), "GREEN", "AMBER", "AMBER"],
    )
    assert milestones_in([grid]) == []


def test_list_of_actions_with_no_status_column_gives_no_milestones() -> None:
    plain = table(["Action", "Lead"], ["Agree the budget.", "Director"])
    assert milestones_in([plain]) == []


# --- layout: goals, themes, continuations --------------------------------------------------------


def test_goal_merged_down_its_rows_heads_every_milestone_under_it() -> None:
    rows = table(
        SCRUTINY_HEADER,
        ["Children are safer", "1. Audits happen monthly.", "Achieved."],
        [Cell("", continued=True), "2. Plans are reviewed.", "Not achieved."],
        ["Staff are skilled", "3. Training is complete.", "Partially achieved."],
    )
    assert [m.goal for m in table_to_milestones(rows)] == [
        "Children are safer",
        "Children are safer",
        "Staff are skilled",
    ]


def test_goal_wrapped_over_text_lines_and_past_its_first_milestone() -> None:
    blocks = tsv(
        "Goal\tMilestone\tComments and conclusions\n"
        "Children and\t1. Audits happen monthly.\tAchieved.\n"
        "young people\t2. Plans are reviewed.\tNot achieved.\n"
        "are safe(r)\t\tReviews were late.\n"
        "Quality\t3. Training is complete.\tPartially achieved.\n"
        "assurance has\t\t\n"
        "improved\t\t\n"
    )
    assert [m.goal for m in milestones_in(blocks)] == [
        "Children and young people are safe(r)",
        "Children and young people are safe(r)",
        "Quality assurance has improved",
    ]


def test_goal_repeated_after_a_page_break_does_not_open_a_new_goal() -> None:
    blocks = tsv(
        "Goal\tMilestone\tComments and conclusions\n"
        "Children are safer\t1. Audits happen monthly.\tAchieved.\n"
        "\t2. Plans are reviewed.\tNot achieved.\n"
        "\n"
        "Goal\tMilestone\tComments and conclusions\n"
        "Children are safer\t3. Visits are on time.\tAchieved.\n"
    )
    milestones = milestones_in(blocks)
    assert [m.goal for m in milestones] == ["Children are safer"] * 3


def test_theme_rows_inside_an_action_plan_are_the_goal_of_the_rows_below() -> None:
    rows = table(
        ACTION_HEADER,
        ["Theme 1: Leadership", "", "", "", "", ""],
        ["1.1", "Appoint a director.", "Chief Executive", "March 2025", "G", "Complete."],
        [Cell("Theme 2: Workforce", col_span=6)],
        ["2.1", "Recruit staff.", "HR", "June 2025", "A", "On track."],
        [Cell("", fill=GREY), Cell("Theme 3: Practice", fill=GREY)]
        + [Cell("", fill=GREY) for _ in range(4)],
        ["3.1", "Audit cases.", "PSW", "May 2025", "R", "Overdue."],
    )
    assert [(m.ref, m.goal) for m in table_to_milestones(rows)] == [
        ("1.1", "Theme 1: Leadership"),
        ("2.1", "Theme 2: Workforce"),
        ("3.1", "Theme 3: Practice"),
    ]


def test_bold_theme_row_a_reader_took_for_header_still_names_the_theme() -> None:
    rows = table(ACTION_HEADER, ["Theme 1: Leadership", "", "", "", "", ""])
    rows.rows[0].is_header = rows.rows[1].is_header = True
    rows.rows.append(Row([Cell(t) for t in ["1.1", "Appoint.", "CEO", "May", "G", "Done."]]))
    assert table_to_milestones(rows)[0].goal == "Theme 1: Leadership"


def test_wrapped_action_line_in_a_text_table_is_not_taken_for_a_theme() -> None:
    blocks = tsv(
        "Ref\tAction\tLead\tProgress update\n"
        "1.1\tReview the Front Door\tHead of Service\tOn track.\n"
        "\tProtocol\t\t\n"
        "1.2\tTrain staff.\tPSW\tComplete.\n"
    )
    assert [(m.text, m.goal) for m in milestones_in(blocks)] == [
        ("Review the Front Door Protocol", None),
        ("Train staff.", None),
    ]


def test_unnumbered_milestones_wrapped_in_a_text_table_start_beside_their_verdict() -> None:
    blocks = tsv(
        "Goal\tMilestone\tComments and conclusions\n"
        "Safer\tAudits of case files take place\tAchieved.\n"
        "\tMonthly Across All Teams\tThe audits started in May.\n"
        "\tPlans are reviewed\tNot achieved.\n"
        "\tQuarterly\t\n"
    )
    assert [(m.text, m.status) for m in milestones_in(blocks)] == [
        ("Audits of case files take place Monthly Across All Teams", "achieved"),
        ("Plans are reviewed Quarterly", "not_achieved"),
    ]


def test_table_split_across_page_break_continues_the_row_it_cut() -> None:
    page_one = table(
        ACTION_HEADER,
        ["1.1", "Appoint a director.", "CEO", "May 2025", "G", "Complete.\nStarted in May."],
        page=1,
    )
    page_two = table(
        ["", "", "", "", "", "The post was filled from the first round."],
        ["1.2", "Agree the budget.", "CFO", "April 2025", "A", "On track."],
        page=2,
    )
    milestones = milestones_in([page_one, Block("paragraph", "Page 1"), page_two])
    assert [(m.ref, m.page) for m in milestones] == [("1.1", 1), ("1.2", 2)]
    assert milestones[0].comment == "Started in May. The post was filled from the first round."


def test_running_header_between_two_parts_of_a_table_does_not_break_it() -> None:
    running = "Health Select Committee - 4 March 2025"
    blocks = [
        Block("heading", running),
        table(
            SCRUTINY_HEADER,
            ["Residents are safe", "1. Audits happen monthly.", "Partially achieved."],
        ),
        Block("paragraph", "2"),
        Block("heading", running),
        table(
            SCRUTINY_HEADER,
            ["", "", "Audits were missed in December."],
            ["", "2. Plans are reviewed.", "Achieved."],
        ),
    ]
    milestones = milestones_in(blocks)
    assert [(m.ref, m.goal, m.comment) for m in milestones] == [
        ("1", "Residents are safe", "Audits were missed in December."),
        ("2", "Residents are safe", None),
    ]


def test_heading_between_two_tables_keeps_them_apart() -> None:
    blocks = [
        table(SCRUTINY_HEADER, ["Residents are safe", "1. Audits happen.", "Achieved."]),
        Block("heading", "Milestones due by March"),
        table(SCRUTINY_HEADER, ["", "1. Plans are reviewed.", "Achieved."]),
    ]
    assert [m.goal for m in milestones_in(blocks)] == ["Residents are safe", None]


def test_numbering_that_starts_again_under_each_goal_opens_new_milestones() -> None:
    rows = table(
        SCRUTINY_HEADER,
        ["Children are safer", "1. Audits happen monthly.", "Achieved."],
        ["", "2. Plans are reviewed.", "Not achieved."],
        ["Staff are skilled", "1. Training is complete.", "Partially achieved."],
        ["", "2. Supervision is monthly.", "Achieved."],
    )
    assert [(m.ref, m.goal) for m in table_to_milestones(rows)] == [
        ("1", "Children are safer"),
        ("2", "Children are safer"),
        ("1", "Staff are skilled"),
        ("2", "Staff are skilled"),
    ]


def test_year_at_the_start_of_a_wrapped_line_does_not_open_a_milestone() -> None:
    blocks = tsv(
        "Goal\tMilestone\tComments and conclusions\n"
        "Safer\t1. Plans are reviewed by the end of March\tAchieved.\n"
        "\t2025. Every plan has an owner.\t\n"
        "\t2. Audits happen monthly.\tNot achieved.\n"
    )
    assert [m.text for m in milestones_in(blocks)] == [
        "Plans are reviewed by the end of March 2025. Every plan has an owner.",
        "Audits happen monthly.",
    ]


# --- two milestones run together ------------------------------------------------------------


def test_two_milestones_run_together_in_one_cell_become_two_rows() -> None:
    rows = table(
        SCRUTINY_HEADER,
        [
            "The system works",
            "19. The plan is on track.20. The plan has been revised.",
            "No conclusion. The milestone is too broad to be meaningful. Achieved.",
        ],
    )
    first, second = table_to_milestones(rows)
    assert (first.ref, first.text, first.status, first.status_raw) == (
        "19",
        "The plan is on track.",
        "no_conclusion",
        "No conclusion.",
    )
    assert first.comment == "The milestone is too broad to be meaningful."
    assert (second.ref, second.text, second.status, second.status_raw, second.comment) == (
        "20",
        "The plan has been revised.",
        "achieved",
        "Achieved.",
        None,
    )


def test_run_together_milestones_whose_verdicts_do_not_line_up_leave_the_second_unknown() -> None:
    rows = table(
        SCRUTINY_HEADER,
        ["Goal", "4. Audits happen.5. Plans are reviewed.", "Achieved. Both were discussed."],
    )
    milestones = table_to_milestones(rows)
    assert [(m.ref, m.status) for m in milestones] == [("4", "achieved"), ("5", "unknown")]
    assert milestones[1].comment is None


def test_only_the_next_number_splits_a_milestone() -> None:
    assert split_run_together("3. Plans agreed in 2024. 7. Items remain.") == [
        ("3", "Plans agreed in 2024. 7. Items remain.")
    ]
    assert split_run_together("2.3 Plans agreed.2.4 Budget set.") == [
        ("2.3", "Plans agreed."),
        ("2.4", "Budget set."),
    ]


# --- clean text ---------------------------------------------------------------------------


def test_page_number_and_repeated_header_inside_a_text_table_are_dropped() -> None:
    blocks = tsv(
        "Goal\tMilestone\tComments and conclusions\n"
        "Safer\t1. Audits happen monthly.\tAchieved.\n"
        "\t5\tThe Task Group felt the term should\n"
        "\n"
        "Goal\tMilestone\tComments and conclusions\n"
        "\t\tbe made more specific.\n"
    )
    [milestone] = milestones_in(blocks)
    assert milestone.text == "Audits happen monthly."
    assert milestone.comment == "The Task Group felt the term should be made more specific."


@pytest.mark.parametrize("debris", [", tomered.", "Tartiany admicrea.", "; xq."])
def test_conversion_debris_after_a_verdict_is_dropped(debris: str) -> None:
    blocks = tsv(
        "Goal\tMilestone\tComments and conclusions\n"
        "Safer\t1. A new programme of audits has been\tAchieved.\n"
        f"\testablished.\t{debris}\n"
        "\t\tThe audits started in May.\n"
    )
    [milestone] = milestones_in(blocks)
    assert milestone.text == "A new programme of audits has been established."
    assert (milestone.status_raw, milestone.comment) == ("Achieved.", "The audits started in May.")


@pytest.mark.parametrize(
    "fragment", ["Reablement.", "LSCB to confirm.", "Cllr Smith agreed.", "N/A", "Not started."]
)
def test_short_real_comments_are_not_debris(fragment: str) -> None:
    assert not looks_like_garbage(fragment)


def test_hyphenation_and_ordinal_scars_are_repaired() -> None:
    assert join_wrapped(["the contract is being renego-", "tiated"]) == (
        "the contract is being renegotiated"
    )
    assert join_wrapped(["by mid-", "2025 at the"]) == "by mid-2025 at the"
    assert repair_ordinals("on 24 th January and 1 st March") == "on 24th January and 1st March"


@pytest.mark.parametrize("text", ["5", "Page 5", "5 of 12", "- 5 -"])
def test_page_furniture(text: str) -> None:
    assert is_page_furniture(text)


# --- space-aligned text -------------------------------------------------------------------


def test_space_aligned_table_becomes_rows_and_stops_at_the_prose_after_it() -> None:
    text = (
        "Conclusions\n"
        "\n"
        "Goal            Milestone                    Comments and conclusions\n"
        "Residents are   1. Referrals are assessed    Partially achieved.\n"
        "safe            within five days.            Four in five were on time.\n"
        "                2. Equipment arrives on      Achieved.\n"
        "                time.\n"
        "\n"
        "Task Group chairman: Cllr A. Example, for the Health Select Committee\n"
    )
    [(start, end, block)] = space_aligned_tables(text)
    assert (start, end) == (2, 7)
    assert block.rows[1].texts == [
        "Residents are",
        "1. Referrals are assessed",
        "Partially achieved.",
    ]
    milestones = milestones_in([block])
    assert [(m.ref, m.goal, m.text) for m in milestones] == [
        ("1", "Residents are safe", "Referrals are assessed within five days."),
        ("2", "Residents are safe", "Equipment arrives on time."),
    ]
    assert [(m.status, m.comment) for m in milestones] == [
        ("partially_achieved", "Four in five were on time."),
        ("achieved", None),
    ]


# --- files ----------------------------------------------------------------------------------


def test_pdf_milestone_carries_the_page_its_row_starts_on(tmp_path: Path) -> None:
    rows: list[list[str]] = [SCRUTINY_HEADER]
    for n in range(1, 41):
        rows.append(
            [
                "Residents are safe" if n == 1 else "",
                f"{n}. Milestone number {n} is met.",
                "Achieved.\nThe evidence was seen by the Task Group in January and was sufficient.",
            ]
        )
    paper = Paper(title="Pages", blocks=[Table(rows=rows)])
    doc = read_pdf(build_pdf(paper, tmp_path / "pages.pdf"), "pages.pdf", "doc")
    milestones = milestones_in(doc.blocks)
    assert [m.ref for m in milestones] == [str(n) for n in range(1, 41)]
    assert milestones[0].page == 1 and milestones[-1].page == doc.n_pages > 1
    assert {m.goal for m in milestones} == {"Residents are safe"}
    assert all(m.comment and m.comment.startswith("The evidence") for m in milestones)
