"""What a paper says about itself: title, organisation, body, date; a highlight report's header."""

from __future__ import annotations

import datetime as dt

from extractors.dates import find_date_spans, find_dates, find_day_months, parse_date
from extractors.finders import find_all
from extractors.metadata import extract_metadata, find_organisation
from extractors.task_group import latest_meeting_date
from pipeline.model import Block, Cell, Document, Page, Row
from pipeline.records import DocumentMeta


def para(text: str, *, bold: bool = False) -> Block:
    return Block("paragraph", text, bold=bold)


def head(text: str, level: int = 2) -> Block:
    return Block("heading", text, level=level)


def table(*rows: list[str]) -> Block:
    return Block("table", rows=[Row([Cell(t) for t in row]) for row in rows])


def doc_of(*blocks: Block, properties: dict[str, str] | None = None) -> Document:
    return Document(
        "paper.txt", "txt", "doc", pages=[Page(1, blocks=list(blocks))], properties=properties or {}
    )


# --- dates -----------------------------------------------------------------------------------


def test_dates_as_uk_papers_print_them():
    assert parse_date("30 October 2012") == dt.date(2012, 10, 30)
    assert parse_date("20th February 2013") == dt.date(2013, 2, 20)
    assert parse_date("24 th January 2013") == dt.date(2013, 1, 24)
    assert parse_date("07/12/11") == dt.date(2011, 12, 7)
    assert parse_date("Thursday 19 January 2012") == dt.date(2012, 1, 19)
    assert parse_date("section 2.3.1") is None


def test_date_spans_cover_the_whole_date():
    text = "Board – 20th February 2013"
    ((start, end, date),) = find_date_spans(text)
    assert text[start:end] == "20th February 2013" and date == dt.date(2013, 2, 20)
    assert find_dates(text) == [(start, date)]


def test_yearless_day_months_are_found_and_dated_ones_are_not():
    assert [(d, m) for _, d, m in find_day_months("5 April – scoping; 6th December – final")] == [
        (5, 4),
        (6, 12),
    ]
    assert find_day_months("On 6 December 2012, we met") == []


# --- title -----------------------------------------------------------------------------------


def test_briefing_note_title_is_its_subject():
    doc = doc_of(
        head("BRIEFING NOTE", 1),
        head("Agenda Item no. 6"),
        para("TO: Children and Young People Scrutiny and Performance Panel"),
        para("DATE: 30 October 2012"),
        para("RE: Update regarding Improvement Plan"),
    )
    meta = extract_metadata(doc)
    assert meta.title == "Update regarding Improvement Plan"
    assert meta.body == "Children and Young People Scrutiny and Performance Panel"
    assert meta.doc_date == dt.date(2012, 10, 30)


def test_agenda_item_label_is_not_a_title():
    doc = doc_of(
        head("Agenda item"), head("Safeguarding Improvement Plan"), para("To review the actions.")
    )
    assert extract_metadata(doc).title == "Safeguarding Improvement Plan"


def test_body_and_date_line_and_item_prefix_are_not_part_of_the_title():
    doc = doc_of(
        head("Safeguarding Improvement Board – 20th February 2013"),
        para("Item XX – Scrutiny Task Group report on Improvement milestones within 6 months"),
        head("Background"),
        para("The Task Group met officers of Wiltshire Council."),
    )
    meta = extract_metadata(doc)
    assert meta.title == "Scrutiny Task Group report on Improvement milestones within 6 months"
    assert meta.body == "Safeguarding Improvement Board"
    assert meta.doc_date == dt.date(2013, 2, 20)
    assert meta.organisation == "Wiltshire Council"


def test_council_name_above_the_heading_is_not_the_title():
    doc = doc_of(
        head("Eastmoor Borough Council", 3), head("Minutes of the Corporate Parenting Panel", 1)
    )
    meta = extract_metadata(doc)
    assert meta.title == "Minutes of the Corporate Parenting Panel"
    assert meta.body == "Corporate Parenting Panel"


def test_a_paper_that_prints_no_title_takes_the_files_own_or_none():
    grid = table(
        ["Safeguarding Improvement Board", "Project SPONSOR", "Clair Pyper"],
        ["Key activities completed:"],
    )
    assert extract_metadata(doc_of(grid, head("Early Help"))).title is None
    assert (
        extract_metadata(doc_of(grid, properties={"title": "Highlight report"})).title
        == "Highlight report"
    )


# --- organisation ------------------------------------------------------------------------------


def test_county_council_alone_is_not_an_organisation():
    text = (
        "Ofsted inspected Warwickshire County Council's services. The County Council and the "
        "County Council's partners…"
    )
    assert find_organisation(text) == "Warwickshire County Council"


def test_organisation_from_slogan_email_domain_author_and_acronym():
    assert find_organisation("Working for\nWarwickshire") == "Warwickshire County Council"
    assert find_organisation("✉ collinsonr@walsall.gov.uk") == "Walsall Council"
    assert (
        find_organisation("no name here", author="Harbourside Borough Council")
        == "Harbourside Borough Council"
    )
    assert find_organisation(
        "the SBC Workforce Strategy; to attract social workers to Slough."
    ) == ("Slough Borough Council")


def test_ambiguous_acronym_is_not_spelt_out():
    # WCC is a County or a City Council; nothing else names it.
    assert find_organisation("Service Manager, WCC; staff moved to Warwick.") is None


def test_council_named_in_the_masthead_beats_one_named_more_often_below():
    doc = doc_of(
        para("Eastmoor Borough Council", bold=True),
        head("Minutes of the Panel"),
        *[para("Officers of Westbrook County Council attended.") for _ in range(3)],
    )
    assert extract_metadata(doc).organisation == "Eastmoor Borough Council"


# --- body and date ------------------------------------------------------------------------------


def test_body_from_a_report_to_cue_when_the_masthead_names_none():
    doc = doc_of(
        head("SAFEGUARDING TASK & FINISH GROUP FINAL REPORT", 1),
        para(
            "In March 2012, the Overview & Scrutiny Board commissioned a Task & Finish Group to "
            "monitor the plan."
        ),
        para(
            "The aim was to take a report to the Children and Young People Overview and Scrutiny "
            "Committee on 20 June 2012."
        ),
    )
    assert extract_metadata(doc).body == "Children and Young People Overview and Scrutiny Committee"


def test_the_panel_alone_names_no_body_and_a_date_in_a_sentence_is_not_the_papers_date():
    doc = doc_of(
        head("Agenda item"),
        head("Safeguarding Improvement Plan"),
        para(
            "a) You will need to refer to the Plan distributed to the Panel on 24th November 2011"
        ),
        para("Clair Pyper updated the Panel on progress."),
    )
    meta = extract_metadata(doc)
    assert meta.body is None
    assert meta.doc_date is None


def test_meeting_held_on_gives_the_date():
    doc = doc_of(
        head("Minutes of the Corporate Parenting Panel", 1),
        para("Meeting held on Tuesday 4 March 2025 at 5.30 pm, Civic Centre"),
    )
    assert extract_metadata(doc).doc_date == dt.date(2025, 3, 4)


def test_action_plan_table_rows_do_not_name_the_body():
    doc = doc_of(
        head("Improvement Plan: Action Plan", 1),
        para(
            "Progress at 14 February 2025, for the Children's Services Improvement Board on 26 "
            "February 2025."
        ),
        table(["Ref", "Action"], ["3.6", "Report themes to the Workforce Board."]),
    )
    meta = extract_metadata(doc)
    assert meta.body == "Children's Services Improvement Board"
    assert meta.doc_date == dt.date(2025, 2, 14)


# --- highlight header facts ----------------------------------------------------------------------


def test_highlight_header_facts_and_report_date():
    doc = doc_of(
        table(
            ["Safeguarding Improvement Board", "", "Project SPONSOR", "Clair Pyper"],
            ["Wards affected – All", "", "Project MANAGER", "Keren Bailey"],
            ["", "Timeline", "Budget", "Date of update report"],
            ["Current period", "AMBER", "GREEN", "07/12/11"],
            ["Project start date:", "June 2011", "Anticipated Project end date:", "2013"],
            ["A progress bar. The first 15% is a blue bar labeled 'Completed'. The rest is red."],
            ["Key activities completed / milestones achieved in this period:"],
            ["Social Care Practice\n95% of assessments were completed on time."],
        )
    )
    meta = extract_metadata(doc)
    meta.update_from(find_all(doc, meta).meta)
    assert (meta.sponsor, meta.manager) == ("Clair Pyper", "Keren Bailey")
    assert (meta.project_start, meta.project_end) == ("June 2011", "2013")
    assert meta.percent_complete == 15.0
    assert meta.doc_date == dt.date(2011, 12, 7)
    assert meta.body == "Safeguarding Improvement Board"


def test_percent_completed_in_a_bullet_is_not_progress():
    doc = doc_of(
        table(["Project Sponsor", "Amira Shah, Director of Children's Services"]),
        para("Key activities completed / milestones achieved in this period:"),
        Block("list_item", "95% of assessments were completed on time."),
    )
    found = find_all(doc, DocumentMeta()).meta
    assert found.percent_complete is None
    assert found.sponsor == "Amira Shah"


# --- task group date ------------------------------------------------------------------------------


def test_task_group_date_is_its_latest_meeting_only_when_no_other_date():
    blocks = [
        head("1.4 Dates and Timescales"),
        para("5 April – scoping meeting"),
        para("30 May – agreement of content for interim report"),
        para("6 December – final evidence gathering"),
        head("2.6 Final evidence-gathering meeting (5)"),
        para("On 6 December 2012, we received an update. On 30 May 2012 we met again."),
    ]
    doc = doc_of(*blocks)
    assert latest_meeting_date(doc.blocks, doc.plain_text()) == dt.date(2012, 12, 6)
    assert find_all(doc, DocumentMeta()).meta.doc_date == dt.date(2012, 12, 6)
    dated = DocumentMeta(doc_date=dt.date(2013, 1, 10))
    assert find_all(doc, dated).meta.doc_date is None
