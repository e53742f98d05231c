"""The detect stage: every kind on the samples and on PDF/DOCX papers, ``other`` for the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docbuilders.docx import build_docx
from docbuilders.examples import ALL_EXAMPLES, expected_kind
from docbuilders.pdf import build_pdf
from docbuilders.spec import Heading, ListItem, Paper, Paragraph, Table
from extractors.finders import FINDERS
from extractors.readers import reader_for
from pipeline.detect import KIND_SIGNALS, MIN_SCORE, detect_kind
from pipeline.model import Block, Document, Page
from pipeline.schema import DOC_KINDS

SAMPLE_KINDS = {
    "highlight_report_rag.txt": "highlight_report",
    "scrutiny_panel_minutes.txt": "minutes",
    "briefing_note_improvement_plan.txt": "briefing_note",
    "task_and_finish_group_report.txt": "task_group_report",
    "scrutiny_task_group_milestones.txt": "scrutiny_report",
}
# Examples of every kind, each rendered through both binary readers.
RENDERED = [(stem, fmt) for stem in ALL_EXAMPLES for fmt in ("pdf", "docx")]


def budget_report() -> Paper:
    """A committee report of no known kind, with the generic headings every report has."""
    return Paper(
        title="Revenue budget monitoring",
        blocks=[
            Paragraph("Harbourside Borough Council", bold=True),
            Heading("Revenue Budget Monitoring 2024/25 – Quarter 3", 1),
            Paragraph("Report to Cabinet, 12 February 2025. Agenda item 8"),
            Heading("Purpose", 2),
            Paragraph("To report the forecast outturn and the action plan for the overspend."),
            Heading("Background", 2),
            Table(rows=[["Directorate", "Variance £m"], ["Children's Services", "3.7"]]),
            Heading("Recommendations", 2),
            ListItem("Note the forecast overspend of £4.6m.", numbered=True),
        ],
    )


def _read(path: Path) -> Document:
    return reader_for(path.suffix[1:])(path, path.name, "doc")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Document]:
    folder = tmp_path_factory.mktemp("detect")
    builders = {"pdf": build_pdf, "docx": build_docx}
    docs = {
        (stem, fmt): _read(builders[fmt](ALL_EXAMPLES[stem](), folder / f"{stem}.{fmt}"))
        for stem, fmt in RENDERED
    }
    for fmt, build in builders.items():
        docs[("budget_report", fmt)] = _read(build(budget_report(), folder / f"budget.{fmt}"))
    return docs


@pytest.mark.parametrize("name", list(SAMPLE_KINDS))
def test_sample_is_detected_as_its_kind(name: str, samples_dir: Path) -> None:
    path = samples_dir / name
    if not path.exists():
        pytest.skip(f"{name} is not among the samples")
    detection = detect_kind(_read(path))
    assert detection.kind == SAMPLE_KINDS[name], detection.scores


@pytest.mark.parametrize(("stem", "fmt"), RENDERED)
def test_rendered_example_is_detected_as_its_kind(
    stem: str, fmt: str, rendered: dict[tuple[str, str], Document]
) -> None:
    detection = detect_kind(rendered[(stem, fmt)])
    assert detection.kind == expected_kind(stem), detection.scores


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_budget_report_is_other(fmt: str, rendered: dict[tuple[str, str], Document]) -> None:
    detection = detect_kind(rendered[("budget_report", fmt)])
    assert detection.kind == "other", detection.scores


def test_generic_committee_report_words_alone_are_not_a_kind():
    blocks = [
        Block("paragraph", "Agenda item 8"),
        Block("heading", "Purpose"),
        Block("heading", "Background"),
        Block("paragraph", "Subject: Parking charges"),
        Block("paragraph", "The Cabinet agreed the action plan last year."),
    ]
    detection = detect_kind(Document("x.txt", "txt", "doc", pages=[Page(1, blocks=blocks)]))
    assert detection.kind == "other", detection.scores


def test_minutes_that_mention_a_briefing_note_stay_minutes():
    blocks = [
        Block("heading", "Minutes of the Corporate Parenting Panel"),
        Block("paragraph", "Helen Marsh introduced the briefing note (agenda item 5)."),
        Block("paragraph", "Resolved: that the briefing note be noted."),
    ]
    detection = detect_kind(Document("x.txt", "txt", "doc", pages=[Page(1, blocks=blocks)]))
    assert detection.kind == "minutes", detection.scores


def test_signals_are_valid_patterns_for_known_kinds():
    assert set(KIND_SIGNALS) == set(DOC_KINDS) - {"other"}
    for kind, signals in KIND_SIGNALS.items():
        assert any(weight * 3 >= MIN_SCORE for _, weight in signals), (
            f"{kind} has no defining phrase"
        )
        for pattern, weight in signals:
            re.compile(pattern)
            assert weight != 0  # a negative weight is a counter-signal (an agenda's summons)


def test_an_agenda_is_not_minutes() -> None:
    blocks = [
        Block("heading", "Eastmoor Parish Council", level=1),
        Block("heading", "Agenda", level=2),
        Block(
            "paragraph",
            "Members are summoned to attend the meeting to be held on 10 June 2025.",
        ),
        Block("list_item", "To approve the minutes of the meeting held on 13 May 2025."),
        Block("list_item", "To receive apologies for absence."),
    ]
    detection = detect_kind(Document("x.txt", "txt", "doc", pages=[Page(1, blocks=blocks)]))
    assert detection.kind == "other", detection.scores


def test_every_kind_has_signals_and_no_finder_is_per_kind():
    """Kind is a label: every kind but ``other`` has signals, and finders are per record type."""
    assert sorted(KIND_SIGNALS) == sorted(set(DOC_KINDS) - {"other"})
    assert not {name for name, _ in FINDERS} & set(DOC_KINDS)
