"""Parish council minutes as a clerk types them in Word: unnumbered titles run into each
minute ("Planning: No objection was raised …"), decisions told in ordinary sentences, a
meeting held by video call. Written here in that general form; the council, its
councillors and its business are invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from extractors.metadata import extract_metadata
from extractors.readers.docx import read
from extractors.readers.text import read as read_text
from pipeline.extract import extract_rows

MINUTES = [
    "Minutes of Eastmoor Parish Council Meeting",
    "Held via Zoom (as permitted by national guidance) on Monday 20th April 2020",
    "Present: Councillors A Brook, B Fenn, C Dale",
    "Clerk: D Green    e’mail: clerk@example.org",
    "Apologies:  County councillor E White",
    "Minutes of the last meeting:",
    "The minutes of the previous meeting were agreed as a true record.",
    "Flooding:  Councillors discussed the flooding in Mill Lane. Highways to be contacted.",
    "Village maintenance:  A proposal to install CCTV was put forward. Options are to be "
    "investigated.",
    "Planning:  No objection was raised to planning application S.20/0631/HHOLD at 12 Church "
    "Lane for the erection of a porch.",
    "Finance & Clerks Report:  Councillors approved a request for a rise of 20% in the precept. "
    "Renewal of the subscription to the county association was approved by councillors and "
    "payment agreed for 2020/2021.",
    "Any other business:  The road outside the school has developed a crack.",
    "Date of next meeting: Monday May 18th 2020",
]


def _minutes_docx(path: Path) -> Path:
    word = docx.Document()
    for text in MINUTES:
        word.add_paragraph(text)
    word.save(path)
    return path


def test_unnumbered_titles_and_plain_sentence_decisions(tmp_path: Path) -> None:
    doc = read(_minutes_docx(tmp_path / "minutes.docx"), "minutes.docx", "doc-1")
    statements = extract_rows(doc).tables["statements"]
    assert [(s["heading"], s["text"]) for s in statements] == [
        (
            "Minutes of the last meeting",
            "The minutes of the previous meeting were agreed as a true record.",
        ),
        (
            "Planning",
            "No objection was raised to planning application S.20/0631/HHOLD at 12 "
            "Church Lane for the erection of a porch.",
        ),
        ("Finance & Clerks Report", "a request for a rise of 20% in the precept."),
        (
            "Finance & Clerks Report",
            "Renewal of the subscription to the county association was "
            "approved by councillors and payment agreed for 2020/2021.",
        ),
    ]


def test_a_meeting_held_by_video_call_is_dated_by_its_held_line(tmp_path: Path) -> None:
    doc = read(_minutes_docx(tmp_path / "minutes.docx"), "minutes.docx", "doc-1")
    assert extract_metadata(doc).doc_date == dt.date(2020, 4, 20)


def test_short_numbered_titles_after_the_first_numbered_minute(tmp_path: Path) -> None:
    path = tmp_path / "minutes.md"
    path.write_text(
        "Minutes of Eastmoor Parish Council Meeting held on Wednesday 13 January 2010\n\n"
        "Those Attending: Cllr A Brook (Chairman), Cllr B Fenn\n\n"
        "1. Minutes of the last Meeting: Cllr Fenn proposed acceptance, seconded by Cllr "
        "Brook.\n\n"
        "2. Matters Arising:\n\n"
        "a) Footpath sign - a new sign will be erected.\n\n"
        "3. Budget 2010/2011\n\n"
        "After discussion it was agreed to accept the quotation for grass cutting.\n",
        encoding="utf-8",
    )
    doc = read_text(path, path.name, "doc-1")
    statements = extract_rows(doc).tables["statements"]
    assert [(s["heading"], s["text"]) for s in statements] == [
        ("Budget 2010/2011", "to accept the quotation for grass cutting."),
    ]


def test_a_decision_printed_as_its_own_short_line(tmp_path: Path) -> None:
    """A decision sentence on a line of its own ("All payments approved by Council") reads
    as a heading (short, capitalised, no full stop); it is still the meeting's decision. A
    heading that is no decision sentence stays a heading."""
    path = tmp_path / "minutes.md"
    path.write_text(
        "Minutes of Eastmoor Parish Council meeting held on 3 March 2015\n\n"
        "Present: Cllr A Brook (Chair), Cllr B Fenn\n\n"
        "Finance\n\n"
        "The following payments were presented: Clerk salary £250; hall hire £30.\n\n"
        "All payments approved by Council\n\n"
        "Payments approval process\n\n"
        "The clerk explained the process.\n",
        encoding="utf-8",
    )
    statements = extract_rows(read_text(path, path.name, "doc-1")).tables["statements"]
    assert [(s["heading"], s["text"]) for s in statements] == [
        ("Finance", "All payments approved by Council")
    ]


def test_a_decision_heading_titles_nothing_and_options_are_not_minutes(tmp_path: Path) -> None:
    path = tmp_path / "minutes.md"
    path.write_text(
        "Minutes of Eastmoor Parish Council meeting held on 3 March 2015\n\n"
        "Present: Cllr A Brook (Chair), Cllr B Fenn\n\n"
        "1. Minutes of the last meeting: approved.\n\n"
        "2. Finance\n\n"
        "All payments approved by Council\n\n"
        "It was agreed to appoint the internal auditor.\n\n"
        "3. Gate\n\n"
        "The options were:\n\n"
        "1. Replace the fence\n\n"
        "2. Repair the gate\n\n"
        "After discussion it was agreed to repair the gate.\n",
        encoding="utf-8",
    )
    statements = extract_rows(read_text(path, path.name, "doc-1")).tables["statements"]
    assert [(s["heading"], s["text"]) for s in statements] == [
        ("Finance", "All payments approved by Council"),
        ("Finance", "to appoint the internal auditor."),
        ("Gate", "to repair the gate."),
    ]


def test_speakers_are_not_titles_and_a_report_title_is(tmp_path: Path) -> None:
    lines = [*MINUTES[:8], "Cllr Brook: It was agreed to repaint the shelter.", *MINUTES[8:]]
    lines.insert(9, "Clerk's Report: It was agreed to renew the domain name.")
    word = docx.Document()
    for text in lines:
        word.add_paragraph(text)
    word.save(tmp_path / "minutes.docx")
    doc = read(tmp_path / "minutes.docx", "minutes.docx", "doc-1")
    statements = extract_rows(doc).tables["statements"]
    headings = {s["text"]: s["heading"] for s in statements}
    assert headings["to repaint the shelter."] == "Flooding"
    assert headings["to renew the domain name."] == "Clerk's Report"


def test_an_agenda_is_dated_by_its_summons_and_records_no_decision(tmp_path: Path) -> None:
    """An agenda names the minutes it will approve ("the meeting held on 13 May"): it is
    not a meeting's record, and its date is the meeting it summons members to."""
    path = tmp_path / "agenda-june.md"
    path.write_text(
        "# Eastmoor Parish Council\n\n## Agenda\n\n"
        "Members of the Council are summoned to attend the meeting of the Parish Council to "
        "be held on Tuesday 10 June 2025 at 7.30pm in the Village Hall.\n\n"
        "1. To receive apologies for absence.\n"
        "2. To approve the minutes of the meeting held on 13 May 2025.\n"
        "3. Finance: to approve the payments list.\n",
        encoding="utf-8",
    )
    doc = read_text(path, path.name, "doc-1")
    rows = extract_rows(doc)
    assert rows.meta.doc_date == dt.date(2025, 6, 10)
    assert rows.doc_kind == "other"
    assert rows.tables["statements"] == []
