"""Milestone history: linking the same milestone across papers of one organisation and plan."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from pipeline.history import (
    GREEN_TO_AMBER_SQL,
    MILESTONE_HISTORY,
    REF_MIN_SIMILARITY,
    TEXT_MIN_SIMILARITY,
    build_history,
    normalise_text,
    plan_title,
    text_similarity,
    went_from,
)
from pipeline.schema import DOCUMENTS, MILESTONES

EASTMOOR = "Eastmoor Borough Council"
NORTHVALE = "Northvale County Council"
PLAN_TITLE = "Children's Services Improvement Plan: progress report"


def paper(
    doc_id: str,
    when: date | None,
    milestones: list[tuple[str | None, str, str | None]],
    organisation: str | None = EASTMOOR,
    title: str = PLAN_TITLE,
    status: str = "in_progress",
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A document row and its milestone rows; milestones are ``(ref, text, rag)``."""
    document = {
        "doc_id": doc_id,
        "source_path": f"{doc_id}.pdf",
        "file_type": "pdf",
        "doc_kind": "highlight_report",
        "title": title,
        "organisation": organisation,
        "doc_date": when,
    }
    rows = [
        {
            "doc_id": doc_id,
            "record_id": f"{doc_id}-m{ordinal}",
            "ordinal": ordinal,
            "ref": ref,
            "text": text,
            "status": status,
            "rag": rag,
            "page": 1,
        }
        for ordinal, (ref, text, rag) in enumerate(milestones, 1)
    ]
    return document, rows


def history_of(*papers: tuple[dict[str, Any], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    documents = pa.Table.from_pylist([p[0] for p in papers], schema=DOCUMENTS)
    milestones = pa.Table.from_pylist([m for p in papers for m in p[1]], schema=MILESTONES)
    return build_history(documents, milestones).to_pylist()


def key_of(history: list[dict[str, Any]], record_id: str) -> str:
    return next(r["milestone_key"] for r in history if r["record_id"] == record_id)


def row_of(history: list[dict[str, Any]], record_id: str) -> dict[str, Any]:
    return next(r for r in history if r["record_id"] == record_id)


JANUARY = [
    ("1.1", "Publish revised practice standards and brief all social work staff.", "green"),
    (
        "1.2",
        "Hold strategy discussions within 1 working day of every section 47 referral.",
        "green",
    ),
    ("1.3", "Reduce agency social workers to below 30% of the qualified workforce.", "amber"),
    ("1.4", "Present the placement sufficiency strategy to Cabinet.", "red"),
]


def test_wording_drift_links_by_text() -> None:
    february = [
        (None, "Present the placement sufficiency strategy to Cabinet by 31 March 2025.", "red"),
        (
            None,
            "Strategy discussions are held within 1 working day of every section 47 referral.",
            "amber",
        ),
        (
            None,
            "Reduce agency social workers to below 30 per cent of the qualified social work staff.",
            "amber",
        ),
    ]
    history = history_of(
        paper("jan", date(2025, 1, 20), JANUARY), paper("feb", date(2025, 2, 20), february)
    )

    assert key_of(history, "feb-m1") == key_of(history, "jan-m4")
    assert key_of(history, "feb-m2") == key_of(history, "jan-m2")
    assert key_of(history, "feb-m3") == key_of(history, "jan-m3")
    assert {row_of(history, f"feb-m{i}")["match_method"] for i in (1, 2, 3)} == {"text"}
    assert len({r["milestone_key"] for r in history}) == 4, "no new milestone was invented"
    assert row_of(history, "jan-m1")["match_method"] == "first"


def test_renumbered_refs_follow_the_wording_not_the_number() -> None:
    # A new milestone is inserted as 1.2, so every later one moves down a number.
    february = [
        ("1.1", JANUARY[0][1], "green"),
        ("1.2", "Adopt the Graded Care Profile 2 tool for all neglect assessments.", "green"),
        ("1.3", JANUARY[1][1], "green"),
        ("1.4", JANUARY[2][1], "amber"),
        ("1.5", JANUARY[3][1], "red"),
    ]
    history = history_of(
        paper("jan", date(2025, 1, 20), JANUARY), paper("feb", date(2025, 2, 20), february)
    )

    assert key_of(history, "feb-m1") == key_of(history, "jan-m1")
    assert key_of(history, "feb-m3") == key_of(history, "jan-m2")
    assert key_of(history, "feb-m4") == key_of(history, "jan-m3")
    assert key_of(history, "feb-m5") == key_of(history, "jan-m4")
    inserted = row_of(history, "feb-m2")
    assert inserted["match_method"] == "first", "the new 1.2 must not inherit the old 1.2"
    assert inserted["milestone_key"] not in {key_of(history, f"jan-m{i}") for i in range(1, 5)}


def test_wholesale_renumbering_ignores_refs() -> None:
    # Every ref now points at a different milestone: refs are not stable, so text decides.
    reordered = [
        ("1.1", JANUARY[3][1], "red"),
        ("1.2", JANUARY[2][1], "amber"),
        ("1.3", JANUARY[1][1], "green"),
        ("1.4", JANUARY[0][1], "green"),
    ]
    history = history_of(
        paper("jan", date(2025, 1, 20), JANUARY), paper("feb", date(2025, 2, 20), reordered)
    )

    for new, old in ((1, 4), (2, 3), (3, 2), (4, 1)):
        assert key_of(history, f"feb-m{new}") == key_of(history, f"jan-m{old}")


def test_repeated_wordings_score_as_each_pair_alone() -> None:
    """A paper that repeats a wording (and a plan whose threads share one) is scored once a
    distinct text: every pair's score is the one it has alone, on one thread or several."""
    texts = [normalise_text(text) for _, text, _ in JANUARY]
    queries = [texts[0], texts[2], texts[0], texts[1], texts[2]]
    choices = [texts[1], texts[0], texts[1], texts[3]]
    for workers in (1, 2):
        scores = text_similarity(queries, choices, workers)
        assert scores.shape == (5, 4)
        for i, query in enumerate(queries):
            for j, choice in enumerate(choices):
                assert scores[i, j] == text_similarity([query], [choice])[0, 0], (i, j)
    assert scores[0, 1] == 100.0 and scores[0, 0] < 100.0


def test_stable_refs_link_a_milestone_reworded_beyond_text_matching() -> None:
    before = "Publish revised practice standards and brief all social work staff."
    after = "All practitioners have been briefed on the new practice standards handbook."
    score = float(text_similarity([normalise_text(after)], [normalise_text(before)])[0, 0])
    assert REF_MIN_SIMILARITY <= score < TEXT_MIN_SIMILARITY, (
        f"fixture no longer tests refs ({score})"
    )
    february = [("1.1", after, "green"), *JANUARY[1:]]
    history = history_of(
        paper("jan", date(2025, 1, 20), JANUARY), paper("feb", date(2025, 2, 20), february)
    )

    reworded = row_of(history, "feb-m1")
    assert reworded["milestone_key"] == key_of(history, "jan-m1")
    assert reworded["match_method"] == "ref"


def test_stable_refs_outrank_a_closer_wording_of_another_milestone() -> None:
    supervision = "Audit 10% of supervision records each quarter against the standard."
    case_files = "Audit 10% of case files each quarter against the practice standards."
    reworded = "Audit supervision case files each quarter against practice standards."
    to_own, to_other = text_similarity(
        [normalise_text(reworded)], [normalise_text(supervision), normalise_text(case_files)]
    )[0]
    assert REF_MIN_SIMILARITY <= to_own < to_other, "fixture no longer tests the ref bonus"
    january = [("1.1", supervision, "green"), ("1.2", case_files, "green"), JANUARY[3]]
    february = [
        ("1.1", reworded, "green"),
        ("1.2", "Launch a social work academy for apprentices and step-up trainees.", "green"),
        ("1.4", JANUARY[3][1], "red"),
    ]
    history = history_of(
        paper("jan", date(2025, 1, 20), january), paper("feb", date(2025, 2, 20), february)
    )

    assert key_of(history, "feb-m1") == key_of(history, "jan-m1")
    assert row_of(history, "feb-m1")["match_method"] == "ref"
    assert row_of(history, "feb-m2")["match_method"] == "first"


def test_identical_wording_wins_over_a_shared_ref() -> None:
    front_door = "Audit 10% of Front Door case files each quarter."
    assessment = "Audit 10% of Assessment team case files each quarter."
    january = [("1.1", front_door, "green"), ("1.2", assessment, "green")]
    swapped = [("1.1", assessment, "amber"), ("1.2", front_door, "green")]
    history = history_of(
        paper("jan", date(2025, 1, 20), january), paper("feb", date(2025, 2, 20), swapped)
    )

    assert key_of(history, "feb-m1") == key_of(history, "jan-m2")
    assert key_of(history, "feb-m2") == key_of(history, "jan-m1")
    assert {row_of(history, f"feb-m{i}")["match_method"] for i in (1, 2)} == {"same_text"}


def test_refs_are_ignored_for_a_paper_whose_refs_were_renumbered() -> None:
    # 1.1 is now a different milestone that merely resembles the old 1.1, and the
    # other refs were shuffled: the refs say nothing, and the text alone is too weak.
    lookalike = "All practitioners have been briefed on the new practice standards handbook."
    score = float(
        text_similarity([normalise_text(lookalike)], [normalise_text(JANUARY[0][1])])[0, 0]
    )
    assert REF_MIN_SIMILARITY <= score < TEXT_MIN_SIMILARITY, (
        f"fixture no longer tests refs ({score})"
    )
    february = [
        ("1.1", lookalike, "green"),
        ("1.2", JANUARY[3][1], "red"),
        ("1.3", JANUARY[1][1], "green"),
        ("1.4", JANUARY[2][1], "amber"),
    ]
    history = history_of(
        paper("jan", date(2025, 1, 20), JANUARY), paper("feb", date(2025, 2, 20), february)
    )

    assert row_of(history, "feb-m1")["match_method"] == "first"
    assert key_of(history, "feb-m2") == key_of(history, "jan-m4")
    assert key_of(history, "feb-m3") == key_of(history, "jan-m2")


def test_two_organisations_never_link_even_with_identical_milestones() -> None:
    history = history_of(
        paper("east", date(2025, 1, 20), JANUARY, organisation=EASTMOOR),
        paper("north", date(2025, 2, 20), JANUARY, organisation=NORTHVALE),
    )

    east = {r["milestone_key"] for r in history if r["organisation"] == EASTMOOR}
    north = {r["milestone_key"] for r in history if r["organisation"] == NORTHVALE}
    assert len(east) == len(north) == 4
    assert not east & north
    assert {r["match_method"] for r in history} == {"first"}
    assert {r["previous_rag"] for r in history} == {None}


def test_organisation_names_differing_in_case_and_spacing_are_one_organisation() -> None:
    history = history_of(
        paper("jan", date(2025, 1, 20), JANUARY, organisation="Eastmoor Borough Council"),
        paper("feb", date(2025, 2, 20), JANUARY, organisation="EASTMOOR  Borough Council"),
    )

    assert len({r["milestone_key"] for r in history}) == 4


def test_unrelated_plans_of_one_council_stay_apart_despite_shared_refs() -> None:
    send_plan = [
        ("1.1", "Issue 90% of education, health and care plans within 20 weeks.", "green"),
        ("1.2", "Open a second specialist autism resource base in a secondary school.", "green"),
        ("1.3", "Publish the local offer for children with special educational needs.", "amber"),
        ("1.4", "Train every SENCo in the graduated approach toolkit.", "red"),
    ]
    history = history_of(
        paper("children", date(2025, 1, 20), JANUARY),
        paper("send", date(2025, 2, 20), send_plan, title="SEND Improvement Plan: progress"),
    )

    assert len({r["plan_key"] for r in history}) == 2
    assert len({r["milestone_key"] for r in history}) == 8


def test_papers_with_different_titles_join_one_plan_when_milestones_match() -> None:
    reworded = [
        (
            None,
            "Strategy discussions happen within 1 working day of each section 47 referral.",
            None,
        ),
        (None, "The placement sufficiency strategy is presented to Cabinet.", None),
    ]
    history = history_of(
        paper("plan", date(2025, 1, 20), JANUARY, title="Improvement Plan 2024–2026"),
        paper("scrutiny", date(2025, 3, 1), reworded, title="Task group report on milestones"),
    )

    assert len({r["plan_key"] for r in history}) == 1
    assert {r["plan"] for r in history} == {"Task group report on milestones"}, (
        "a plan is named after its newest paper"
    )
    assert key_of(history, "scrutiny-m2") == key_of(history, "plan-m4")


def test_plan_title_ignores_dates_and_item_numbers() -> None:
    assert plan_title("Item 7 – Highlight Report – November 2024") == plan_title(
        "Highlight Report: 14 January 2025"
    )
    assert plan_title("Highlight Report – SEND") != plan_title("Highlight Report – Children")


def test_green_to_amber_since_the_last_report() -> None:
    march = [(ref, text, rag) for ref, text, rag in JANUARY]
    march[0] = ("1.1", JANUARY[0][1], "amber")
    february = [(ref, text, "green") for ref, text, _ in JANUARY]
    february[2] = ("1.3", JANUARY[2][1], "amber")  # went amber in February: not "since the last"
    history_rows = history_of(
        paper("jan", date(2025, 1, 20), JANUARY),
        paper("feb", date(2025, 2, 20), february),
        paper("mar", date(2025, 3, 20), march),
    )
    history = pa.Table.from_pylist(history_rows, schema=MILESTONE_HISTORY)

    turned = went_from(history, "green", "amber").to_pylist()
    assert [r["record_id"] for r in turned] == ["mar-m1"]
    assert turned[0]["previous_doc_date"] == date(2025, 2, 20)

    duckdb = pytest.importorskip("duckdb", reason="duckdb (the query extra) is not installed")
    connection = duckdb.connect()
    connection.register("milestone_history", history)
    rows = connection.execute(GREEN_TO_AMBER_SQL).fetchall()
    assert [(r[2], r[5]) for r in rows] == [("1.1", date(2025, 3, 20))]


def test_slipped_compares_colour_then_status() -> None:
    jan_doc, jan = paper("jan", date(2025, 1, 20), JANUARY[:2], status="achieved")
    feb_doc, feb = paper("feb", date(2025, 2, 20), [(r, t, None) for r, t, _ in JANUARY[:2]])
    feb[0]["rag"] = None
    history = history_of((jan_doc, jan), (feb_doc, feb))
    assert row_of(history, "feb-m1")["slipped"], "achieved → in progress is a slip"

    mar_doc, mar = paper("mar", date(2025, 3, 20), [(r, t, "red") for r, t, _ in JANUARY[:2]])
    apr_doc, apr = paper("apr", date(2025, 4, 20), [(r, t, "amber") for r, t, _ in JANUARY[:2]])
    history = history_of((mar_doc, mar), (apr_doc, apr))
    assert not row_of(history, "apr-m1")["slipped"], "red → amber is a recovery"
    assert row_of(history, "apr-m1")["previous_rag"] == "red"


def test_copies_of_one_paper_share_keys_and_compare_with_the_earlier_paper() -> None:
    pdf_doc, pdf_rows = paper(
        "feb-pdf", date(2025, 2, 20), [(r, t, "amber") for r, t, _ in JANUARY]
    )
    docx_doc, docx_rows = paper(
        "feb-docx", date(2025, 2, 20), [(r, t, "amber") for r, t, _ in JANUARY]
    )
    history = history_of(
        paper("jan", date(2025, 1, 20), JANUARY), (pdf_doc, pdf_rows), (docx_doc, docx_rows)
    )

    for i in range(1, 5):
        assert key_of(history, f"feb-pdf-m{i}") == key_of(history, f"feb-docx-m{i}")
        for copy in ("feb-pdf", "feb-docx"):
            row = row_of(history, f"{copy}-m{i}")
            assert row["previous_doc_date"] == date(2025, 1, 20)
            assert row["previous_rag"] == JANUARY[i - 1][2]
            assert row["in_latest_paper"]
    assert row_of(history, "feb-pdf-m1")["slipped"], "green in January, amber in February"
    assert not any(row_of(history, f"jan-m{i}")["in_latest_paper"] for i in range(1, 5))


def test_undated_or_anonymous_papers_are_never_linked() -> None:
    history = history_of(
        paper("jan", date(2025, 1, 20), JANUARY),
        paper("undated", None, JANUARY),
        paper("anonymous", date(2025, 2, 20), JANUARY, organisation=None),
    )

    for doc_id in ("undated", "anonymous"):
        rows = [r for r in history if r["doc_id"] == doc_id]
        assert {r["match_method"] for r in rows} == {"unlinked"}
        assert not {r["milestone_key"] for r in rows} & {
            key_of(history, f"jan-m{i}") for i in range(1, 5)
        }


def test_keys_are_stable_whatever_the_input_order() -> None:
    papers = [
        paper("jan", date(2025, 1, 20), JANUARY),
        paper("feb", date(2025, 2, 20), JANUARY[::-1]),
        paper("north", date(2025, 2, 20), JANUARY, organisation=NORTHVALE),
    ]
    documents = [p[0] for p in papers]
    milestones = [m for p in papers for m in p[1]]
    first = build_history(
        pa.Table.from_pylist(documents, schema=DOCUMENTS),
        pa.Table.from_pylist(milestones, schema=MILESTONES),
    )
    shuffled = random.Random(7)
    shuffled.shuffle(documents)
    shuffled.shuffle(milestones)
    second = build_history(
        pa.Table.from_pylist(documents, schema=DOCUMENTS),
        pa.Table.from_pylist(milestones, schema=MILESTONES),
    )

    assert first.equals(second)
    assert first.schema.equals(MILESTONE_HISTORY)
    assert len(set(first["milestone_key"].to_pylist())) == 8


def test_empty_input_gives_an_empty_table_with_the_schema() -> None:
    history = build_history(DOCUMENTS.empty_table(), MILESTONES.empty_table())

    assert history.num_rows == 0
    assert history.schema.equals(MILESTONE_HISTORY)
