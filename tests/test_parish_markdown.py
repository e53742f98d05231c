"""Parish and town council minutes published as Markdown pages, and the traps in them.

Each paper is written here in the general form such pages take (front matter, escaped
numbering, a title line in capitals, one long paragraph); councils and people are invented.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extractors.dates import find_dates
from extractors.finders.context import FindContext
from extractors.finders.decisions import find_decisions
from extractors.finders.sections import find_sections
from extractors.metadata import extract_metadata
from extractors.readers.text import read, split_front_matter, unescape_markdown
from pipeline.model import Document


def read_md(tmp_path: Path, content: str, name: str = "minutes.md") -> Document:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return read(path, name, "doc-1")


FRONT = (
    '---\ntitle: "Eastmoor Parish Council"\ndate: "2019-06-01"\ncategories: \n'
    '  - "parish-councils"\n  - "eastmoor"\n---\n\n'
)


# --- the reader -----------------------------------------------------------------------------


def test_front_matter_is_read_as_properties_not_text(tmp_path: Path) -> None:
    doc = read_md(tmp_path, FRONT + "Minutes of the meeting held on Tuesday 7th May 2019\n")
    assert doc.properties["title"] == "Eastmoor Parish Council"
    assert doc.properties["date"] == "2019-06-01"
    text = " ".join(b.text for b in doc.blocks)
    assert "categories" not in text and "2019-06-01" not in text
    assert doc.blocks[0].text.startswith("Minutes of the meeting held on")


def test_a_rule_under_a_first_line_is_not_front_matter() -> None:
    text = "---\nNot a field at all\n---\nBody\n"
    assert split_front_matter(text) == ({}, text)
    assert split_front_matter("Title\n---\nBody\n") == ({}, "Title\n---\nBody\n")


def test_markdown_escapes_are_undone_but_an_escaped_pipe_stays() -> None:
    assert unescape_markdown(r"1\. Apologies") == "1. Apologies"
    assert unescape_markdown(r"\* Pot holes reported") == "* Pot holes reported"
    assert unescape_markdown(r"a \| b") == r"a \| b"


def test_escaped_numbering_makes_numbered_items(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path, "1\\. Apologies: None\n\n2\\. Planning\n\n\\* Glebe Farm - no objection\n"
    )
    assert doc.blocks[0].text.startswith("1. Apologies")
    assert all("\\" not in b.text for b in doc.blocks)


def test_text_file_keeps_its_backslashes(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Path C:\\. and 1\\. kept\n", encoding="utf-8")
    assert "\\" in read(path, "notes.txt", "d").blocks[0].text


# --- dates ----------------------------------------------------------------------------------


def test_month_first_dates_with_an_ordinal_day() -> None:
    assert find_dates("MONDAY MARCH 14th 2016")[0][1] == dt.date(2016, 3, 14)
    assert find_dates("THURSDAY SEPTEMBER 1ST 2011")[0][1] == dt.date(2011, 9, 1)
    assert find_dates("October 30, 2012")[0][1] == dt.date(2012, 10, 30)
    # A bare "March 14 2016" stays unread: "in March 14 2016 applications" is ambiguous.
    assert find_dates("March 14 2016") == []


# --- metadata -------------------------------------------------------------------------------


def test_meeting_date_in_the_text_beats_the_posting_date(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        FRONT + "Minutes of the meeting held on Thursday 14th November 2018 in the Village Hall\n\n"
        "Present: Cllr A Brook (Chairman), Cllr B Fenn\n",
    )
    meta = extract_metadata(doc)
    assert meta.doc_date == dt.date(2018, 11, 14)
    assert meta.organisation == "Eastmoor Parish Council"
    assert meta.body == "Parish Council"


def test_posting_date_is_the_last_resort(tmp_path: Path) -> None:
    doc = read_md(tmp_path, FRONT + "Present: Cllr A Brook, Cllr B Fenn\n\nApologies: none\n")
    assert extract_metadata(doc).doc_date == dt.date(2019, 6, 1)


def test_capitals_title_names_the_council_over_county_mentions(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        "DRAFT MINUTES OF THE EASTMOOR PARISH COUNCIL MEETING HELD AT THE VILLAGE HALL "
        "ON THURSDAY 5 OCTOBER 2017\n\n"
        "In attendance: Cllr C Dale (Westshire County Council), two members of the public.\n\n"
        "1. Highways\n\nWestshire County Council will resurface the lane. Westshire County "
        "Council has been asked about the sign.\n",
    )
    meta = extract_metadata(doc)
    assert meta.organisation == "Eastmoor Parish Council"
    assert meta.body == "Parish Council"
    assert meta.doc_date == dt.date(2017, 10, 5)


def test_council_name_in_capitals_opening_a_long_line(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        "EASTMOOR PARISH COUNCIL Draft (until approved at the next meeting) Minutes of the "
        "Ordinary Meeting held on Wednesday 11 November 2020 at 7.00 pm, Eastmoor Village Hall\n\n"
        "Present: Cllr A Brook. Also present: Cllr D Moss (Westshire County Council)\n",
    )
    meta = extract_metadata(doc)
    assert meta.organisation == "Eastmoor Parish Council"
    assert meta.doc_date == dt.date(2020, 11, 11)


def test_ordinary_meeting_weekday_line_dates_the_paper(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        "Eastmoor and Fenby Parish Council – Ordinary Meeting Tuesday 2nd April 2019, 7.30pm "
        "Eastmoor Village Hall *DRAFT MINUTES SUBJECT TO CORRECTION AND APPROVAL AT THE NEXT "
        "MEETING*\n\nPRESENT Cllr A Brook, Cllr B Fenn\n\n"
        "4. The minutes of the meeting held on 4th March 2019 were approved.\n",
    )
    meta = extract_metadata(doc)
    assert meta.doc_date == dt.date(2019, 4, 2)
    assert meta.organisation == "Eastmoor and Fenby Parish Council"
    assert meta.body == "Parish Council"


def test_weekday_in_capitals_is_no_body(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        "# MINUTES OF EASTMOOR PARISH COUNCIL MEETING\n\n**HELD AT THE CHURCH**\n\n"
        "**MONDAY SEPTEMBER 3RD 2012**\n\nPresent: Cllr A Brook\n",
    )
    meta = extract_metadata(doc)
    assert meta.body == "Parish Council"
    assert meta.doc_date == dt.date(2012, 9, 3)


def test_a_committee_of_a_parish_council_keeps_its_name(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        "Eastmoor Parish Council\n\nMinutes of the meeting of the Planning Committee held on "
        "Monday 3 June 2019\n\nPresent: Cllr A Brook\n",
    )
    assert extract_metadata(doc).body == "Planning Committee"


def test_a_county_report_gets_no_whole_council_body_by_default(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        "Westshire County Council\n\nRoad safety update\n\nThe meeting with the police was "
        "useful.\n",
    )
    assert extract_metadata(doc).body is None


# --- decisions ------------------------------------------------------------------------------


def resolutions(tmp_path: Path, content: str, name: str = "minutes.md") -> list[str]:
    doc = read_md(tmp_path, content, name)
    found = find_decisions(FindContext(doc=doc, meta=extract_metadata(doc)))
    return [s.text for s in found.statements if s.section == "resolution"]


PARISH_HEAD = (
    "MINUTES OF EASTMOOR PARISH COUNCIL MEETING HELD ON TUESDAY 8th SEPTEMBER 2020\n\n"
    "Present: Cllr A Brook (Chairman), Cllr B Fenn, Cllr C Dale\n\n"
)


def test_minutes_approved_in_the_passive_are_a_decision(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "1\\. Apologies for absence: none\n\n"
        "2\\. The Minutes of the meeting held on 14/07/20 were agreed as a true record.\n\n"
        "3\\. MINUTES read and signed as a true record.\n",
    )
    assert got == [
        "The Minutes of the meeting held on 14/07/20 were agreed as a true record.",
        "MINUTES read and signed as a true record.",
    ]


def test_minutes_approval_glued_to_its_item_title_starts_at_the_minutes(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "4\\. TO APPROVE AND SIGN THE MINUTES OF THE LAST MEETING held on 4th May "
        "2020 The minutes from the meeting held on 4th May 2020 were agreed by all Councillors "
        "present. The minutes were signed by the Chair as a true record of the meeting.\n",
    )
    assert got == [
        "The minutes from the meeting held on 4th May 2020 were agreed by all Councillors present."
    ]


def test_one_paragraph_paper_gives_each_decision_once(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        "MINUTES OF EASTMOOR PARISH COUNCIL VIRTUAL MEETING HELD ON AUGUST 24TH 2020 Present: "
        "Cllr A Brook – Chairman, Cllr B Fenn. 1. Apologies received from Cllr C Dale. 2. The "
        "minutes of the virtual meeting held on 06.07.20 were agreed as a true record. 3. Reports "
        "At the last meeting it was agreed to contact the highway authority about parking. Grave "
        "markers damaged by the contractor have still to be replaced as was agreed. Play areas "
        "may open again and it was agreed the Eastmoor play area will now be unlocked. 4. "
        "Accounts were presented and accepted for payment. Cheques for approval of payment: "
        "Clerk's salary £118.44.\n",
    )
    assert got == [
        "The minutes of the virtual meeting held on 06.07.20 were agreed as a true record.",
        "the Eastmoor play area will now be unlocked.",
        "Accounts were presented and accepted for payment.",
    ]


def test_it_was_agreed_inside_a_sentence_and_the_council_agreed(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "5\\. Correspondence: an email about bird scarers at night. This was noted "
        "and it was agreed that Cllr Brook would speak to local farmers.\n\n"
        "6\\. Finance: i. The Councillors agreed the appointment of J Reed as Internal Auditor. "
        "ii. Membership of the rural community council is due, Council agreed to continue with "
        "membership.\n\n"
        "7\\. Trees: The Council agreed at the previous meeting to donate £500 to the church. "
        "Cllr B Fenn agreed to look at the hinge on the gate.\n",
    )
    assert got == [
        "that Cllr Brook would speak to local farmers.",
        "the appointment of J Reed as Internal Auditor.",
        "to continue with membership.",
    ]


def test_votes_with_their_result_and_elections_are_whole_sentences(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "3\\. Election of Chairman: There being no other nominations A. Brook was "
        "duly elected and took the Chair.\n\n"
        "4\\. Appointment of R.F.O: The Clerk was proposed by A. Brook and seconded by B. Fenn "
        "unanimously agreed.\n\n"
        "5\\. Donations: C.A.B. request for a donation - £25.00 proposed B. Fenn, seconded C. Dale "
        "unanimously agreed.\n\n"
        "6\\. Play area: Cllr Fenn proposed new surfacing, seconded by Cllr Dale. The motion was "
        "not agreed.\n\n"
        "7\\. Payments: Proposed B. Fenn, seconded C. Dale pass for payment.\n",
    )
    assert got == [
        "There being no other nominations A. Brook was duly elected and took the Chair.",
        "The Clerk was proposed by A. Brook and seconded by B. Fenn unanimously agreed.",
        "C.A.B. request for a donation - £25.00 proposed B. Fenn, seconded C. Dale unanimously "
        "agreed.",
    ]


def test_terse_agreed_and_decided_open_a_sentence(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "MATTERS ARISING\n\n1\\. Village sign. Decided it was not worth trying to "
        "repair. Quotes to be obtained.\n\n2\\. Fenby parish asked for support against "
        "unauthorised camping. Agreed to write to the Chief Constable.\n\n"
        "3\\. It was decided to end the cleaning contract.\n",
    )
    assert got == [
        "it was not worth trying to repair.",
        "to write to the Chief Constable.",
        "to end the cleaning contract.",
    ]


def test_resolved_over_its_minute_reference_takes_the_paragraph_below(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "**Chairman’s Report**\n\nA shrub on a plot had overgrown.\n\n"
        "**Resolved 20/09/7.01**\n\nThat the shrub be removed at a cost of £40.00.\n\n"
        "Cllr Brook reported that the art competition had been judged.\n",
    )
    assert got == ["That the shrub be removed at a cost of £40.00."]


def test_passive_sentences_in_a_report_are_not_decisions(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        "Eastmoor Empty Homes Programme – quarterly report\n\n"
        "A total of 18 projects have been approved at the end of Quarter 3. Two applications "
        "are being progressed which if both were approved would add seven homes. After review "
        "it was agreed that the risk rating would reduce to medium.\n",
    )
    assert got == []


def test_passive_traps_in_minutes(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "8\\. Planning: 20/0123/F Glebe Farm extension. Approved by the Borough "
        "Council. The new bungalow was approved by the Planning Committee in May.\n\n"
        "9\\. Payments: The following cheques were approved at the meeting.\n\n"
        "10\\. Dog bin: A request for a bin on the playing field was not agreed.\n",
    )
    assert got == []


def test_an_action_label_carrying_its_action_is_one_item(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        PARISH_HEAD + "4\\. Matters arising\n\nii) Allotments\n\nThe rents are due in October.\n\n"
        "Action: Cllr Fenn to collect rents and pass to the clerk.\n\n"
        "iii) Directional signs\n\nHighways have decided that one sign is sufficient.\n\n"
        "iv) Phone box\n\nThe adoption scheme would cost £1 a year.\n",
    )
    found = find_sections(FindContext(doc=doc, meta=extract_metadata(doc)))
    assert [(s.section, s.text) for s in found.statements] == [
        ("planned", "Cllr Fenn to collect rents and pass to the clerk.")
    ]


def test_front_matter_title_names_the_council_when_the_text_names_others(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        '---\ntitle: "Eastmoor Parish Council Meeting January 2016"\ndate: "2016-03-21"\n---\n\n'
        "Councillors present: Cllr A Brook – Chair, Cllr B Fenn\n\n16/01/2 i) ii)\n\n"
        "Local Authority Reports: Westshire County Council sent apologies. Westshire "
        "Constabulary advised residents to lock sheds. Westshire County Council will repair "
        "the sign.\n",
    )
    meta = extract_metadata(doc)
    assert meta.organisation == "Eastmoor Parish Council"
    assert meta.title == "Eastmoor Parish Council Meeting January 2016"  # not "16/01/2 i) ii)"


def test_annual_meeting_of_a_parish_council_and_a_parish_meeting(tmp_path: Path) -> None:
    council = read_md(
        tmp_path,
        "DRAFT MINUTES OF THE EASTMOOR ANNUAL PARISH COUNCIL MEETING HELD AT THE VILLAGE HALL "
        "ON THURSDAY 5th SEPTEMBER 2019 PRESENT: Cllr A Brook (Chair), Cllr B Fenn. Cllr C Dale "
        "(Westshire County Council) sent apologies.\n",
        "council.md",
    )
    meta = extract_metadata(council)
    assert (meta.organisation, meta.body) == ("Eastmoor Parish Council", "Parish Council")
    electors = read_md(
        tmp_path,
        "Minutes of Eastmoor Annual Parish Meeting held in the Community Centre\n\n"
        "At 7.15pm on Wednesday 12 May 2010\n\nThose Attending: Mrs A Brook (Chair)\n",
        "electors.md",
    )
    assert extract_metadata(electors).body == "Eastmoor Annual Parish Meeting"


def test_minutes_agreed_as_a_true_record_do_not_date_the_meeting(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        FRONT + "Present: Cllr A Brook, Cllr B Fenn\n\n"
        "The Minutes of the meeting held on 11.09.17 were agreed as a true record.\n",
    )
    assert extract_metadata(doc).doc_date == dt.date(2019, 6, 1)


def test_a_motion_and_its_result_in_the_next_sentence(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "2 To Approve the Minutes of the last Council Meeting on 9 September 2020 "
        "Cllr A Brook proposed acceptance of the Minutes seconded by Cllr Mrs Fenn. Carried\n\n"
        "8 To Consider Speed Signs: The cost would be £3462.00 per sign. Cllr Mrs Dale proposed "
        "that Bridge Road be considered first, seconded by Cllr Brook. Unanimously Agreed The "
        "Chairman thanked the councillors.\n\n"
        "9 Lighting: The contractor has agreed to a further three-year contract. Cllr Fenn "
        "proposed that the offer be accepted, seconded by Cllr Dale.\n",
    )
    assert got == [
        "Cllr A Brook proposed acceptance of the Minutes seconded by Cllr Mrs Fenn. Carried",
        "Cllr Mrs Dale proposed that Bridge Road be considered first, seconded by Cllr Brook. "
        "Unanimously Agreed",
    ]


def test_resolved_with_its_reference_and_text_on_one_line(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "Planning Applications 20/0205/O – Outline application for one dwelling.\n\n"
        "Resolved 20/09/11.01 No objections.\n\n"
        "Late items: the items were tabled. It was therefore further agreed to limit the time "
        "allocated to 10 minutes.\n",
    )
    assert got == ["No objections.", "to limit the time allocated to 10 minutes."]


def test_reported_and_modal_passives_are_not_decisions(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "6.2 Annual Return: The Parish Clerk noted that the approval should have "
        "been agreed before the end of June, however the council had been unable to meet. The "
        "accounts having been approved by the Internal Auditor were displayed.\n",
    )
    assert got == []


def test_a_planning_decision_by_the_borough_is_no_organisation(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        "Held on the 16th November 2000 at 7.30pm\n\nPRESENT Mr Brook, Mrs Fenn\n\nPLANNING\n\n"
        "1\\. Cornford, High St. New window. Agreed by Borough Council.\n\n"
        "2\\. Brooks, Mill Lane. Extension. Refused by District Council.\n",
    )
    assert extract_metadata(doc).organisation is None


def test_a_rural_community_council_in_correspondence_makes_no_body(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        "Minutes of meeting held on Thursday 8th September 2005 in The Village Hall\n\n"
        "Present: Mrs Carn, Mrs Fisher\n\nCorrespondence: Westshire Rural Community Council - "
        "Affordable Housing for Local People - noted.\n",
    )
    assert extract_metadata(doc).body is None


def test_weekday_glued_to_the_day() -> None:
    found = find_dates("held on Wednesday14th November 2018 at 7.00pm")
    assert found[0][1] == dt.date(2018, 11, 14)
    assert find_dates("ref x14 May 2019") == []


def test_a_registered_charity_names_itself(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        "Eastmoor Village Hall (Registered Charity No, 274033) Minutes of the Annual General "
        "Meeting held at the Village Hall on Wednesday14th November 2018 at 7.00pm\n\n"
        "Present: M Reeve (Chair), G Phillips (Treasurer)\n",
    )
    meta = extract_metadata(doc)
    assert meta.organisation == "Eastmoor Village Hall"
    assert meta.doc_date == dt.date(2018, 11, 14)


def test_a_resolution_quoted_in_full_after_it_was_resolved(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "2\\. Accounts for the year ended 31st March 2018 The audited accounts "
        "were tabled and, upon the proposition of J Trollope, seconded by P Sewell, it was "
        "resolved unanimously 'That the Accounts for the year ended 31st March 2018 be, and they "
        'are hereby, approved."\n',
    )
    assert got == [
        "That the Accounts for the year ended 31st March 2018 be, and they are hereby, approved."
    ]


def test_a_motion_that_comes_after_its_mover_with_its_result(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "5\\. Precept: It was proposed by R. Drew and seconded by Mrs. Fisher that "
        "a precept of £1850. 00 be made for the year 2007/8 - unanimously agreed.\n\n"
        "6\\. Noticeboards: It was agreed that two noticeboards be ordered. Proposed: Cllr A "
        "Brook, 2nd Cllr B Fenn, All agreed.\n",
    )
    assert got == [
        "It was proposed by R. Drew and seconded by Mrs. Fisher that a precept of £1850. 00 be "
        "made for the year 2007/8 - unanimously agreed.",
        "that two noticeboards be ordered.",
    ]


def test_the_motion_was_carried_and_a_recorded_count(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        "# Westbury Town Council\n\n## Minutes of the Full Council meeting held on Monday 5 June "
        "2023\n\n**Present:** Cllr A Brook (Mayor), Cllr B Fenn, Cllr C Dale\n\n"
        "**FC/23/047 Skate park**\n\nCllr Fenn proposed and Cllr Dale seconded that the skate park "
        "be resurfaced; the motion was carried (7 for, 2 against).\n\n"
        "**FC/23/048 Allotments**\n\nCllr Brook proposed that allotment rents rise by 3%, "
        "seconded by Cllr Dale. The motion was carried.\n\n"
        "**FC/23/049 Car park**\n\nCllr Dale proposed that parking charges be introduced, "
        "seconded by Cllr Fenn. The motion was lost.\n",
    )
    assert got == [
        "Cllr Fenn proposed and Cllr Dale seconded that the skate park be resurfaced; the motion "
        "was carried (7 for, 2 against).",
        "Cllr Brook proposed that allotment rents rise by 3%, seconded by Cllr Dale. The motion "
        "was carried.",
    ]


def test_decisions_in_a_paragraph_that_ends_with_a_lead_in(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "208/20 To Approve the Minutes of the Meeting held on 7 October 2020 "
        "RESOLVED: That the minutes of the meeting held on 7 October 2020 be approved. (Cllr A "
        "Brook proposed, Cllr B Fenn seconded, all were in favour). 209/20 To Approve Payments "
        "RESOLVED: That payments as presented for approval be approved. (Cllr C Dale proposed, "
        "Cllr A Brook seconded, six were in favour). Highways Rangers Visit – the items they "
        "carried out were as follows:\n\n• Verges were weeded on Mill Road\n",
    )
    assert got == [
        "That the minutes of the meeting held on 7 October 2020 be approved.",
        "That payments as presented for approval be approved.",
    ]


def test_html_payment_table_in_a_markdown_page_is_a_table(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        "7\\. Payments\n\n<table><tbody><tr><td><strong>Payee</strong></td><td><strong>Net"
        "</strong></td></tr><tr><td>Clerk’s salary</td><td>580.35</td></tr><tr><td><strong>Total"
        "</strong></td><td><strong>878.25</strong></td></tr></tbody></table>\n\n"
        "All of the above payments were considered and approved.\n",
    )
    tables = [b for b in doc.blocks if b.is_table]
    assert [[c.text for c in r.cells] for r in tables[0].rows] == [
        ["Payee", "Net"],
        ["Clerk’s salary", "580.35"],
        ["Total", "878.25"],
    ]
    assert not any(b.kind == "heading" and "878.25" in b.text for b in doc.blocks)
    assert doc.blocks[-1].text == "All of the above payments were considered and approved."


def test_html_layout_grid_holding_the_minutes_is_read_as_text(tmp_path: Path) -> None:
    prose = " ".join(["The Clerk reported on the parking survey and the replies received."] * 8)
    doc = read_md(
        tmp_path,
        f"<table><tr><td>20/09/4</td><td><strong>Parking</strong><div></div>{prose}"
        "<div></div><strong>Resolved 20/09/4.01</strong><div></div>That a letter be sent to the "
        "school.</td></tr></table>\n",
    )
    assert not any(b.is_table for b in doc.blocks)
    assert any(b.text == "That a letter be sent to the school." for b in doc.blocks)


def test_minute_numbers_and_the_next_meeting_do_not_date_the_paper(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        FRONT + "Councillors present: Cllr A Brook – Chair, Cllr B Fenn\n\n16/01/2 i) ii)\n\n"
        "iii) 16/01/3\n\n16/01/10 i)\n\nThe May meeting is to be moved to Tuesday, May 31st 2016 "
        "and the next meeting being held on Tuesday, July 5th 2016 at 7:30pm.\n",
    )
    assert extract_metadata(doc).doc_date == dt.date(2019, 6, 1)


def test_a_page_titled_minutes_with_its_attendance_run_in_is_minutes(tmp_path: Path) -> None:
    from pipeline.detect import detect_kind

    doc = read_md(
        tmp_path,
        '---\ntitle: "Village Liaison minutes"\ndate: "2018-07-29"\n---\n\nEASTMOOR FEED MILL\n\n'
        "Wednesday 9th of May 2018 Present: Mrs A Brook (Parish Council), Mr B Fenn (Mill "
        "manager) 1.Apologies Mr C Dale 2.Minutes from previous meeting and matters arising "
        "We briefly discussed the minutes of the last meeting.\n",
    )
    assert detect_kind(doc).kind == "minutes"


def test_run_in_minute_titles_are_the_headings(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        PARISH_HEAD + "9\\. Adoption of Accounts: It was agreed that the accounts be adopted.\n\n"
        "10\\. Appointment of R.F.O: The Clerk was proposed by A. Brook and seconded by B. Fenn "
        "unanimously agreed.\n\n"
        "11\\. PARISH NOTICEBOARDS – update on options Cllr Dale produced a catalogue. It was "
        "agreed that two noticeboards be ordered.\n\n"
        "12\\. CORRESPONDENCE i. An email about bird scarers. It was agreed that Cllr Brook would "
        "speak to local farmers.\n",
    )
    found = find_decisions(FindContext(doc=doc, meta=extract_metadata(doc)))
    assert [(s.heading, s.text[:22]) for s in found.statements] == [
        ("Adoption of Accounts", "that the accounts be a"),
        ("Appointment of R.F.O", "The Clerk was proposed"),
        ("PARISH NOTICEBOARDS", "that two noticeboards "),
        ("CORRESPONDENCE", "that Cllr Brook would "),
    ]


def test_resolved_for_information_only_is_no_decision(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "**i) Highways**\n\nThe sign on the A134 has been replaced.\n\n"
        "**Resolved: (For information only)**\n\n**Resolved:** That the clerk reports the "
        "pothole.\n",
    )
    assert got == ["That the clerk reports the pothole."]


def test_the_pc_agreed(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "v) Phone box: The adoption scheme would cost £1 a year. The PC all agreed "
        "that preserving the box for heritage was worthwhile. Cllr Fenn agreed to paint it.\n\n"
        "vi) Home Watch: P.Council agreed to refund Mr Reed £40.\n",
    )
    assert got == [
        "that preserving the box for heritage was worthwhile.",
        "to refund Mr Reed £40.",
    ]


def test_a_motion_with_its_vote_count_then_the_result(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "6\\. Precept: Cllr Brook proposed reducing the cemetery budget to £2000, "
        "seconded by Cllr Mrs Fenn. 3 Votes for, 1 Against, 1 Abstention. Carried\n\n"
        "Cllr Brook proposed a total Precept of £15,152.50 be requested, seconded by Cllr Dale. "
        "4 Votes for 1 Against Carried\n\n"
        "7\\. Green: Posts have been erected and it was agreed four more posts should be "
        "purchased.\n\n"
        "8\\. Time: The Chairman proposed that the meeting be extended beyond 9pm and it was "
        "agreed unanimously.\n",
    )
    assert got == [
        "Cllr Brook proposed reducing the cemetery budget to £2000, seconded by Cllr Mrs Fenn. "
        "3 Votes for, 1 Against, 1 Abstention. Carried",
        "Cllr Brook proposed a total Precept of £15,152.50 be requested, seconded by Cllr Dale. "
        "4 Votes for 1 Against Carried",
        "four more posts should be purchased.",
    ]


def test_the_file_name_names_the_council_when_the_paper_does_not(tmp_path: Path) -> None:
    doc = read_md(
        tmp_path,
        "Minutes of the meeting held on Thursday 14th November 2002 in the Village Hall\n\n"
        "Present: E. Drew - Chairman, P. Wood\n",
        "2003-02-eastmoor-parish-council-3.md",
    )
    assert extract_metadata(doc).organisation == "Eastmoor Parish Council"
    other = read_md(
        tmp_path,
        "Minutes of the meeting held on Thursday 14th November 2002\n\nPresent: E. Drew\n",
        "Printed minutes 09th-Jan-2025 10.00 County Council.md",
    )
    assert extract_metadata(other).organisation is None


def test_another_councils_decision_or_a_reported_one_is_not_the_meetings(tmp_path: Path) -> None:
    got = resolutions(
        tmp_path,
        PARISH_HEAD + "4\\. Highways: The Panel noted that Eastshire County Council agreed to "
        "fund the crossing. Members heard that the Borough Council resolved to withdraw its "
        "objection, and the district council decided to close the depot. The Clerk reported "
        "that it was agreed to move the bus stop. Eastmoor Parish Council agreed to write to "
        "the bus company. Council agreed to repaint the shelter.\n\n"
        "5\\. Policing: The PC agreed that the speed watch could restart. The pc agreed to call "
        "back.\n",
    )
    assert got == [
        "to write to the bus company.",
        "to repaint the shelter.",
        "that the speed watch could restart.",
    ]


def test_html_tables_closed_and_opened_on_one_line_are_both_read(tmp_path: Path) -> None:
    # a web export's stray close before the next table opens, its rows on the lines below
    doc = read_md(
        tmp_path,
        "Payments:\n\n</table> <table><tr><td>Clerk</td><td>£100</td></tr>\n"
        "<tr><td>Hall</td><td>£20</td></tr></table> <table><tr><td>Grass</td>\n"
        "<td>£45</td></tr></table>\n\nAfter the tables.\n",
    )
    blocks = [b for page in doc.pages for b in page.blocks]
    tables = [[[c.text for c in row.cells] for row in b.rows] for b in blocks if b.is_table]
    assert tables == [[["Clerk", "£100"], ["Hall", "£20"]], [["Grass", "£45"]]]
    assert blocks[-1].text == "After the tables."
