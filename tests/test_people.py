"""People named with their roles → one ``Person`` each per paper."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.finders import find_all
from extractors.people import (
    author_block,
    parse_entry,
    people_in,
    prose_mentions,
    roster_line,
    split_owner,
)
from extractors.readers import reader_for
from pipeline.extract import extract_rows
from pipeline.model import Block, Document, Page
from pipeline.records import DocumentMeta

EASTMOOR = "Eastmoor Borough Council"


def para(text: str) -> Block:
    return Block("paragraph", text)


def people_of(
    *texts: str, organisation: str | None = EASTMOOR
) -> list[tuple[str, str | None, str | None]]:
    return [
        (p.name, p.role, p.organisation) for p in people_in([para(t) for t in texts], organisation)
    ]


def test_roster_entries_in_the_forms_councils_print():
    assert people_of(
        "Cllr Bob Hicks (Chair)",
        "Cllr Peter Balaam",
        "Kim Brandrick, Carer, Warwickshire Fostering Service",
        "Helen Marsh – Director of Children's Services",
        "Jacqueline Barnes, Director of Nursing, Arden Cluster",
    ) == [
        ("Bob Hicks", "Councillor, Chair", EASTMOOR),
        ("Peter Balaam", "Councillor", EASTMOOR),
        ("Kim Brandrick", "Carer", "Warwickshire Fostering Service"),
        ("Helen Marsh", "Director of Children's Services", None),
        ("Jacqueline Barnes", "Director of Nursing", "Arden Cluster"),
    ]


def test_several_councillors_on_one_line():
    assert [
        m.name
        for m in roster_line("Cllr Rachel Penrose, Cllr Gareth Lloyd and Cllr Anne Whitcombe")
    ] == [
        "Rachel Penrose",
        "Gareth Lloyd",
        "Anne Whitcombe",
    ]


def test_issuing_councils_initials_are_spelt_out():
    assert people_of(
        "Jenny Butlin-Moran, Service Manager, Safeguarding, WCC",
        organisation="Warwickshire County Council",
    ) == [("Jenny Butlin-Moran", "Service Manager, Safeguarding", "Warwickshire County Council")]


def test_officers_introduced_in_the_minutes_text():
    mentions = prose_mentions(
        "Clair Pyper, Director of Education and Children’s Services, updated the Panel. "
        "Margaret Dennison, Assistant Director of Education and Children’s Services, informed "
        "the Panel. "
        "The Panel was reassured by Clair Pyper that work is in hand."
    )
    assert [(m.name, m.role) for m in mentions] == [
        ("Clair Pyper", "Director of Education and Children’s Services"),
        ("Margaret Dennison", "Assistant Director of Education and Children’s Services"),
    ]


def test_parenthesised_roles_and_what_is_not_a_person():
    mentions = prose_mentions(
        "Phil Sawbridge (Head of Service, Safeguarding) explained that the Care Quality "
        "Commission (CQC) "
        "took part. Jackie Channell (who had taken up post) agreed."
    )
    assert [(m.name, m.role) for m in mentions] == [
        ("Phil Sawbridge", "Head of Service, Safeguarding")
    ]


def test_one_person_per_name_later_mentions_fill_gaps():
    assert people_of(
        "Cllr Paul Denning",
        "Cllr Denning, Cabinet Member for Children and Families, welcomed the challenge.",
        "Helen Marsh, Director of Children's Services, introduced the report.",
        "Helen Marsh – Director of Children's Services",
    ) == [
        ("Paul Denning", "Councillor, Cabinet Member for Children and Families", EASTMOOR),
        ("Helen Marsh", "Director of Children's Services", None),
    ]


def test_role_in_the_label_of_a_line():
    assert [(m.name, m.role) for m in roster_line("Task Group Chairman: Cllr Jon Hubbard")] == [
        ("Jon Hubbard", "Task Group Chairman")
    ]


def test_author_block_gives_name_and_role_lines():
    lines = [
        "Author",
        "Rose Collinson",
        "Interim Executive Director, Children Services",
        "☎ 01922 652081",
    ]
    assert [(m.name, m.role) for m in author_block(lines)] == [
        ("Rose Collinson", "Interim Executive Director, Children Services")
    ]
    inline = [
        "Report author: Tom Ashworth, Senior Scrutiny Officer, Eastmoor Borough Council, 01632 "
        "960418"
    ]
    assert [(m.name, m.role, m.organisation) for m in author_block(inline)] == [
        ("Tom Ashworth", "Senior Scrutiny Officer", EASTMOOR)
    ]


def test_owner_split_from_an_action_line():
    text, owner = split_owner(
        "Propose a standard – Priya Raman, Assistant Director – by 11 November 2024."
    )
    assert text == "Propose a standard by 11 November 2024."
    assert owner is not None and (owner.name, owner.role) == ("Priya Raman", "Assistant Director")
    assert split_owner("Clarity over leads – being discussed at Project Board.") == (
        "Clarity over leads – being discussed at Project Board.",
        None,
    )


def test_a_line_that_is_not_an_entry_names_nobody():
    assert (
        parse_entry("Ofsted inspection report, October 2024, and the Council's Action Plan") is None
    )
    assert roster_line("Monthly performance scorecard, October 2024 to January 2025") == []
    assert roster_line("5 April – scoping meeting") == []


def test_minutes_people_are_deduplicated_per_document():
    doc = Document(
        "m.txt",
        "txt",
        "doc",
        pages=[
            Page(
                1,
                blocks=[
                    para("Present:"),
                    para("Cllr Margaret Holloway (Chair)"),
                    para("Officers in attendance:"),
                    para("Priya Raman – Assistant Director, Safeguarding and Quality Assurance"),
                    para(
                        "Priya Raman, Assistant Director, Safeguarding and Quality Assurance, "
                        "reported."
                    ),
                    Block(
                        "list_item",
                        "Propose a standard – Priya Raman, Assistant Director – by 11 November "
                        "2024.",
                    ),
                ],
            )
        ],
    )
    people = find_all(doc, DocumentMeta(organisation=EASTMOOR)).people
    assert [(p.name, p.role) for p in people] == [
        ("Margaret Holloway", "Councillor, Chair"),
        ("Priya Raman", "Assistant Director, Safeguarding and Quality Assurance"),
    ]


def test_task_group_sample_lists_fourteen_members_and_contributors(samples_dir: Path):
    path = samples_dir / "task_and_finish_group_report.txt"
    if not path.exists():
        pytest.skip(f"{path.name} is not among the samples")
    rows = extract_rows(reader_for("txt")(path, path.name, "doc")).tables["people"]
    assert len(rows) == 14
    assert len({r["record_id"] for r in rows}) == 14
    assert {"name": "Bob Hicks", "role": "Councillor, Chair"}.items() <= rows[0].items()
