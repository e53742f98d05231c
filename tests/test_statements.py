"""List-like sections → statements: markers, sub-headings, numbering, glued and wrapped bullets.

Documents here are built straight from the document model, as the readers would
give them, so each test pins one behaviour; the PDF and DOCX round trips are scored
in ``test_statement_scoring.py``.
"""

from __future__ import annotations

from extractors.finders import find_all
from extractors.sections import (
    COMPLETED,
    OBSTACLE,
    PLANNED,
    QUESTION,
    RECOMMENDATION,
    RISK,
    item_text,
    keep_question_themes,
    looks_like_subheading,
    split_glued,
    split_item_ref,
    statements_in,
)
from pipeline.model import BBox, Block, Cell, Document, Page, Row
from pipeline.records import DocumentMeta, Statement

HIGHLIGHT = (COMPLETED, PLANNED, RISK, OBSTACLE, RECOMMENDATION)


def para(text: str, *, bold: bool = False, bbox: BBox | None = None) -> Block:
    return Block("paragraph", text, bold=bold, bbox=bbox, page=1 if bbox else None)


def item(text: str, *, bbox: BBox | None = None) -> Block:
    return Block("list_item", text, bbox=bbox, page=1 if bbox else None)


def head(text: str, level: int = 2) -> Block:
    return Block("heading", text, level=level)


def table(*rows: list[str]) -> Block:
    return Block("table", rows=[Row([Cell(t) for t in row]) for row in rows])


def doc_of(*blocks: Block) -> Document:
    return Document("paper.txt", "txt", "doc", pages=[Page(1, blocks=list(blocks))])


def rows_of(statements: list[Statement]) -> list[tuple[str, str | None, str]]:
    return [(s.section, s.heading, s.text) for s in statements]


# --- text of one item ----------------------------------------------------------------------


def test_numbering_goes_to_ref_in_every_style_councils_type():
    assert split_item_ref("1) to receive the plan") == ("1", "to receive the plan")
    assert split_item_ref("(a) that the report be noted") == ("a", "that the report be noted")
    assert split_item_ref("i. that the work programme be agreed") == (
        "i",
        "that the work programme be agreed",
    )
    assert split_item_ref("(iv) agree the dates") == ("iv", "agree the dates")
    assert split_item_ref("2.3 Review the policy") == ("2.3", "Review the policy")
    assert split_item_ref("1. Note the work") == ("1", "Note the work")


def test_a_sentence_that_starts_with_a_capital_letter_word_keeps_it():
    assert split_item_ref("A weekly newsletter is now issued.") == (
        None,
        "A weekly newsletter is now issued.",
    )
    assert split_item_ref("I. M. Smith attended") == (None, "I. M. Smith attended")


def test_item_text_drops_glyphs_stray_bold_marks_and_list_joiners():
    assert item_text("• New framework disseminated") == (None, "New framework disseminated")
    assert item_text("1. To endorse the conclusion**") == ("1", "To endorse the conclusion")
    assert item_text("1) to receive the updated Improvement Plan; and") == (
        "1",
        "to receive the updated Improvement Plan",
    )
    assert item_text("(a) that the update be noted;") == ("a", "that the update be noted")


def test_glued_bullets_split_into_one_part_each():
    assert split_glued("Social Care Practice • First item. • Second item") == [
        "Social Care Practice",
        "First item.",
        "Second item",
    ]


def test_subheadings_are_short_title_case_lines_and_bullets_are_not():
    assert looks_like_subheading("Leadership, Governance and Finance")
    assert looks_like_subheading("Capability and Capacity")
    assert not looks_like_subheading(
        "Interviews for social work practitioners are being held week commencing 05.12"
    )
    assert not looks_like_subheading("Recruitment has started.")


# --- highlight report sections -------------------------------------------------------------


def test_each_bullet_is_a_row_under_its_workstream():
    doc = doc_of(
        para("Key activities completed / milestones achieved in this period:"),
        head("Social Care Practice", 3),
        item("Framework disseminated to staff."),
        item("Audits continue each month."),
        head("Capability and Capacity", 3),
        item("Interviews held for practitioners."),
        para("Key activities / milestones scheduled for next period:"),
        para("Clear milestones will be added once delivery plans are agreed."),
        head("Social Care Practice", 3),
        item("Develop the workforce strategy."),
    )
    assert rows_of(statements_in(doc.blocks, HIGHLIGHT)) == [
        ("completed", "Social Care Practice", "Framework disseminated to staff."),
        ("completed", "Social Care Practice", "Audits continue each month."),
        ("completed", "Capability and Capacity", "Interviews held for practitioners."),
        ("planned", "Social Care Practice", "Develop the workforce strategy."),
    ]


def test_glued_bullet_run_in_a_paragraph_becomes_one_row_each():
    doc = doc_of(
        para("Key activities completed / milestones achieved in this period:", bold=True),
        para("Early Help • Two family hubs opened. • Assessments reached 78%."),
    )
    assert rows_of(statements_in(doc.blocks, HIGHLIGHT)) == [
        ("completed", "Early Help", "Two family hubs opened."),
        ("completed", "Early Help", "Assessments reached 78%."),
    ]


def test_bullets_that_come_as_one_table_cell_with_their_workstream_lines():
    # The text reader turns "<p><u>Heading</u></p> <ul> • a • b" inside a cell into lines.
    cell_text = (
        "Social Care Practice\nFramework disseminated.\nAudits continue\nCapability and "
        "Capacity\nPosts advertised."
    )
    doc = doc_of(
        table(["Key activities completed / milestones achieved in this period:", "", ""]),
        table([cell_text, "", ""]),
        head("Early Intervention and Prevention"),
        item("Partners encouraged to join the audit."),
    )
    assert rows_of(statements_in(doc.blocks, HIGHLIGHT)) == [
        ("completed", "Social Care Practice", "Framework disseminated."),
        ("completed", "Social Care Practice", "Audits continue"),
        ("completed", "Capability and Capacity", "Posts advertised."),
        (
            "completed",
            "Early Intervention and Prevention",
            "Partners encouraged to join the audit.",
        ),
    ]


def test_html_fragment_pasted_into_a_cell_is_split_into_its_bullets():
    fragment = (
        "<p><u>Social Care Practice</u></p> <ul style='list-style-type: none'> "
        "• Framework disseminated. • Audits continue each month. </ul>"
    )
    doc = doc_of(table(["Key activities completed in this period:"]), table([fragment]))
    assert rows_of(statements_in(doc.blocks, HIGHLIGHT)) == [
        ("completed", "Social Care Practice", "Framework disseminated."),
        ("completed", "Social Care Practice", "Audits continue each month."),
    ]


def test_risk_paragraph_gives_its_risk_sentence_and_obstacle_lead_in_switches_section():
    doc = doc_of(
        para("Key issues of risk / obstacles to progress:"),
        para(
            "The IB has now agreed the project risks. There is a risk that staff sickness is "
            "delaying implementation."
        ),
        para(
            "The key obstacles to progress have been identified as shown below. These are being "
            "resolved:"
        ),
        item("Clarity over leads – being discussed."),
        para("Recommendations for CMT:"),
        item("N/A"),
    )
    assert rows_of(statements_in(doc.blocks, HIGHLIGHT)) == [
        ("risk", None, "There is a risk that staff sickness is delaying implementation."),
        ("obstacle", None, "Clarity over leads – being discussed."),
    ]


def test_combined_risk_and_obstacle_marker_without_lead_in_gives_risks():
    doc = doc_of(
        para("Key issues of risk / obstacles to progress:", bold=True),
        item("Agency staff may leave."),
    )
    assert rows_of(statements_in(doc.blocks, HIGHLIGHT)) == [
        ("risk", None, "Agency staff may leave.")
    ]


def test_not_applicable_items_are_not_statements():
    doc = doc_of(para("Recommendations:"), item("N/A"), item("None."), item("-"))
    assert statements_in(doc.blocks, HIGHLIGHT) == []


# --- section boundaries --------------------------------------------------------------------


def test_author_heading_closes_the_recommendations():
    doc = doc_of(
        head("Recommendations"),
        para("The Panel are recommended to:"),
        item("1. Note the work undertaken."),
        head("Author"),
        head("Rose Collinson"),
        para("Interim Executive Director, Children Services"),
        item("Call the office on Mondays."),
    )
    assert rows_of(statements_in(doc.blocks, HIGHLIGHT)) == [
        ("recommendation", None, "Note the work undertaken.")
    ]


def test_numbered_sibling_heading_closes_the_section_and_a_child_is_a_subheading():
    doc = doc_of(
        head("1.5 Recommendations"),
        item("1. To endorse the conclusion"),
        head("2.0 History of the Review"),
        item("An evidence bullet"),
        head("3.0 Recommendations"),
        head("3.1 Health"),
        item("To agree a protocol"),
    )
    assert rows_of(statements_in(doc.blocks, (RECOMMENDATION,))) == [
        ("recommendation", None, "To endorse the conclusion"),
        ("recommendation", "Health", "To agree a protocol"),
    ]


def test_summary_list_repeated_in_full_is_kept_once():
    doc = doc_of(
        head("1.5 Recommendations"),
        item("1. To endorse the conclusion"),
        head("3.0 Recommendations"),
        para("Our first recommendation is therefore:"),
        item("1. To endorse the conclusion"),
    )
    assert len(statements_in(doc.blocks, (RECOMMENDATION,))) == 1


# --- wrapped and glued text ------------------------------------------------------------------


def test_wrapped_numbered_item_split_by_reader_is_rejoined():
    # The PDF reader makes the first line of "2) that …" a list item and its wrapped
    # remainder a paragraph 2pt below; separate paragraphs sit 8pt apart.
    doc = doc_of(
        para("Resolved:", bold=True),
        item(
            "2) that the Board be asked to replace vague wording with", bbox=BBox(62, 100, 530, 110)
        ),
        para("Improvement Board targets by March 2025.", bbox=BBox(62, 112, 300, 122)),
        para("The meeting closed at 7.48 pm.", bbox=BBox(62, 130, 300, 140)),
    )
    statements = find_all(doc, DocumentMeta()).statements
    assert [(s.ref, s.text) for s in statements] == [
        (
            "2",
            "that the Board be asked to replace vague wording with Improvement Board targets by "
            "March 2025.",
        )
    ]


def test_question_wrapped_over_a_page_break_is_rejoined():
    doc = doc_of(
        head("Examples of questions to ask"),
        head("Priority service areas"),
        item("What are the outcomes you are trying to deliver?"),
        item("What are parents saying about the Children's Social"),
        para("Care front door and how they were treated?"),
        item("Does A&E have paediatric nurses?"),
    )
    texts = [s.text for s in statements_in(doc.blocks, (QUESTION,))]
    assert texts[1] == (
        "What are parents saying about the Children's Social Care front door and how they "
        "were treated?"
    )
    assert len(texts) == 3


def test_lead_in_paragraph_between_numbered_items_is_not_glued_to_them():
    doc = doc_of(
        head("3.0 Recommendations"),
        item("1. To endorse the conclusion of the group"),
        para("However, as a result of our concerns, our second recommendation is as follows:"),
        item("2. To encourage a common approach"),
    )
    assert [s.text for s in statements_in(doc.blocks, (RECOMMENDATION,))] == [
        "To endorse the conclusion of the group",
        "To encourage a common approach",
    ]


# --- minutes -----------------------------------------------------------------------------


def test_resolutions_sit_under_their_agenda_item_with_numbering_as_ref():
    doc = doc_of(
        head("Agenda item"),
        head("Safeguarding Improvement Plan"),
        head("Minutes:", 3),
        para("Clair Pyper updated the Panel."),
        head("Resolved:", 3),
        item("1) to receive the updated Improvement Plan; and"),
        item("2) to regularly review progress."),
        head("Supporting documents:", 3),
        head("24. Work programme 2024/25"),
        para("Resolved: that the work programme be agreed."),
    )
    statements = find_all(doc, DocumentMeta()).statements
    assert [(s.section, s.heading, s.ref, s.text) for s in statements] == [
        (
            "resolution",
            "Safeguarding Improvement Plan",
            "1",
            "to receive the updated Improvement Plan",
        ),
        ("resolution", "Safeguarding Improvement Plan", "2", "to regularly review progress."),
        ("resolution", "Work programme 2024/25", None, "that the work programme be agreed."),
    ]


def test_action_owner_moves_from_the_text_to_owner():
    doc = doc_of(
        head("5. Fostering"),
        para("Actions:", bold=True),
        item(
            "Circulate the protocol – Sam Whitfield, Head of Children in Care – by 14 March 2025."
        ),
        item("Book the venue for the next meeting."),
    )
    statements = find_all(doc, DocumentMeta()).statements
    assert [(s.section, s.owner, s.text) for s in statements] == [
        ("planned", "Sam Whitfield", "Circulate the protocol by 14 March 2025."),
        ("planned", None, "Book the venue for the next meeting."),
    ]


# --- briefing note questions -----------------------------------------------------------------


def test_questions_take_their_theme_and_page_furniture_does_not_change_it():
    doc = doc_of(
        head("Examples of questions for scrutiny bodies to ask"),
        head("Explanation"),
        para("Boards will need:"),
        item("a clear picture of what good looks like"),
        item("confidence to ask questions."),
        head("Wider picture content areas"),
        head("The impact of poverty and poor housing"),
        head("Appendix 1"),
        item("What are the outcomes you want?"),
        item("Give examples of the worst housing conditions you know of."),
    )
    statements = find_all(doc, DocumentMeta()).statements
    assert rows_of(statements) == [
        ("question", "The impact of poverty and poor housing", "What are the outcomes you want?"),
        (
            "question",
            "The impact of poverty and poor housing",
            "Give examples of the worst housing conditions you know of.",
        ),
    ]


def test_specific_risk_issues_is_a_question_theme_in_a_briefing_note_not_a_risk_section():
    doc = doc_of(
        head("Questions to ask"),
        head("Specific risk issues"),
        head("Domestic violence"),
        item("What are the trends in reported incidents?"),
    )
    statements = find_all(doc, DocumentMeta()).statements
    assert rows_of(statements) == [
        ("question", "Domestic violence", "What are the trends in reported incidents?")
    ]


def test_a_group_of_mostly_non_questions_is_dropped():
    statements = [
        Statement("question", "a clear picture", heading="Explanation"),
        Statement("question", "confidence to ask.", heading="Explanation"),
        Statement("question", "Why?", heading="Theme"),
    ]
    assert [s.text for s in keep_question_themes(statements)] == ["Why?"]


# --- task & finish findings -------------------------------------------------------------------


def test_conclusion_paragraphs_are_findings_and_what_the_group_heard_is_not():
    doc = doc_of(
        head("2.0 History of the Review", 1),
        head("2.2 Safeguarding meeting (2)"),
        para("For Area 3, Jenny Butlin-Moran presented the checklists."),
        para(
            "As members, we scrutinised the evidence and concluded that suitable progress is "
            "being made."
        ),
        head("2.3 Health meeting (3)"),
        para("For Area 2, we heard that an audit is due in October 2012."),
        para("We also observed that the two plans set different timescales."),
    )
    statements = find_all(doc, DocumentMeta()).statements
    assert rows_of(statements) == [
        (
            "finding",
            "Safeguarding meeting (2)",
            "As members, we scrutinised the evidence and concluded that suitable progress is "
            "being made.",
        ),
        (
            "finding",
            "Health meeting (3)",
            "We also observed that the two plans set different timescales.",
        ),
    ]


def test_minutes_recording_members_concerns_are_discussion_not_findings():
    """Conclusion paragraphs run on every paper, but only the reviewers' own voice counts."""
    doc = doc_of(
        head("Minutes of the Scrutiny Panel", 1),
        head("4. Improvement Plan – progress update"),
        para(
            "Cllr Lloyd asked about agency staff. The Head of Service said that 38% of posts "
            "were filled by agency staff. Members were concerned that several milestones used "
            "words such as 'regular'."
        ),
        para("The Task Group was satisfied that the audit programme is in place."),
    )
    statements = find_all(doc, DocumentMeta()).statements
    assert [(s.section, s.text) for s in statements] == [
        ("finding", "The Task Group was satisfied that the audit programme is in place.")
    ]


def test_items_under_a_findings_heading_are_findings():
    doc = doc_of(
        head("2.0 Findings", 1),
        head("2.2 Health assessments"),
        item("Assessments are late for one child in three."),
    )
    statements = find_all(doc, DocumentMeta()).statements
    assert rows_of(statements) == [
        ("finding", "Health assessments", "Assessments are late for one child in three.")
    ]


def test_workstream_label_with_a_colon_above_its_bullets_is_a_subheading():
    doc = doc_of(
        para("Key activities completed / milestones achieved in this period:"),
        head("Social Care Practice:", 3),
        item("Framework disseminated."),
        para("Capability and Capacity:"),
        item("Posts advertised."),
    )
    assert rows_of(statements_in(doc.blocks, HIGHLIGHT)) == [
        ("completed", "Social Care Practice", "Framework disseminated."),
        ("completed", "Capability and Capacity", "Posts advertised."),
    ]


def test_a_label_heading_with_no_bullets_under_it_closes_the_section():
    doc = doc_of(
        head("Recommendations"),
        item("Note the report."),
        head("Useful links:"),
        para("None published."),
        item("Report to Cabinet, 2012"),
    )
    assert rows_of(statements_in(doc.blocks, HIGHLIGHT)) == [
        ("recommendation", None, "Note the report.")
    ]
