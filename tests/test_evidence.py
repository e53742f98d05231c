"""Evidence per milestone: the sources it names, whether they were seen, and the rule.

Scored against ``tests/gold/evidence_sample.json``, written by reading the sample scrutiny
table (25 milestones), on the sample text and on DOCX, HTML and PDF renderings of the same
table. Run with ``-s`` to see the figures. An evidence item matches a gold item of the same
milestone and field when their spans overlap (so "positive feedback" matches "feedback").
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from docbuilders.spec import Paper, Paragraph, Table
from extractors.evidence import add_evidence, evidence_finder, evidence_in
from extractors.readers import reader_for
from pipeline.errors import RuleFileError
from pipeline.extract import extract_rows
from pipeline.publish import rows_to_table
from pipeline.records import Milestone, Statement
from rules.engine import RuleEngine
from rules.evidence import EVIDENCE_KINDS, evidence_vocabulary, load_vocabulary

GOLD = Path(__file__).parent / "gold" / "evidence_sample.json"
MILESTONE_GOLD = Path(__file__).parent / "gold" / "milestones_sample.json"
SAMPLE = "scrutiny_task_group_milestones.txt"
TARGET = 0.9
RULE = "no-evidence-source"

Row = dict[str, Any]


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine.load()


# --- the vocabulary -------------------------------------------------------------------


def test_vocabulary_examples_give_exactly_their_sources() -> None:
    vocabulary = evidence_vocabulary()
    wrong = {
        text: [item.text for item in evidence_in(text)]
        for text, words in vocabulary.examples_find
        if tuple(item.text for item in evidence_in(text)) != words
    }
    assert not wrong, wrong
    named = {text: evidence_in(text) for text in vocabulary.examples_ignore}
    assert not any(named.values()), named


def test_vocabulary_status_examples() -> None:
    finder = evidence_finder()
    wrong = [
        (example.text, finder.status(list(finder.docs([example.text]))), example.status)
        for example in evidence_vocabulary().examples_status
        if finder.status(list(finder.docs([example.text]))) != example.status
    ]
    assert not wrong, wrong


def test_every_kind_has_patterns_and_offsets_point_at_the_words() -> None:
    vocabulary = evidence_vocabulary()
    assert {source.kind for source in vocabulary.sources} == set(EVIDENCE_KINDS)
    text = "Audits found it. The monthly performance report and the staff survey agree."
    for item in evidence_in(text):
        assert text[item.start : item.end] == item.text


def test_a_bad_vocabulary_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    source = evidence_vocabulary().path.read_text(encoding="utf-8")
    bad_kind = tmp_path / "evidence.toml"
    bad_kind.write_text(source.replace('kind = "minutes"', 'kind = "minute"'), encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"evidence\.toml:\d+: source kind 'minute'"):
        load_vocabulary(bad_kind)
    bad_pattern = tmp_path / "pattern.toml"
    bad_pattern.write_text(
        source.replace('[{LOWER = "focus"}, {LEMMA = "group"}]', '[{POS = "NOUN"}]'),
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match=r"pattern\.toml:\d+: source feedback patterns #2"):
        load_vocabulary(bad_pattern)


def test_words_in_quotes_and_look_alikes_are_not_sources() -> None:
    assert evidence_in("The Task Group felt the term 'case file audits' was unclear.") == []
    assert evidence_in("The Audit Committee met for 40 minutes.") == []
    found = evidence_in("The minutes of the Board record the decision.")
    assert [item.kind for item in found] == ["minutes"]


# --- records ----------------------------------------------------------------------------


def test_milestone_evidence_from_text_comment_and_verdict() -> None:
    milestone = Milestone(
        text="Carers report that they feel supported.",
        status_raw="To be tested through the annual carers survey.",
        comment="No evidence was provided from the carers' assessments.",
    )
    add_evidence([milestone], [])
    assert [(e.field, e.text, e.kind) for e in milestone.evidence or []] == [
        ("status_raw", "annual carers survey", "survey")
    ]
    assert milestone.evidence_status == "missing"


def test_statement_evidence_for_completed_and_planned_activities_only() -> None:
    completed = Statement("completed", "Case file audits of 20 cases were completed.")
    planned = Statement("planned", "Publish the quarterly performance scorecard.")
    risk = Statement("risk", "Audit capacity is limited.")
    add_evidence([], [completed, planned, risk])
    assert [e.text for e in completed.evidence or []] == ["Case file audits"]
    assert [e.kind for e in planned.evidence or []] == ["scorecard"]
    assert risk.evidence is None


def test_evidence_columns_are_published_as_a_list_of_structs() -> None:
    milestone = Milestone(text="Managers use the monthly performance report.", ref="1")
    add_evidence([milestone], [])
    from dataclasses import asdict

    row = {**asdict(milestone), "doc_id": "d", "record_id": "r", "ordinal": 1}
    table = rows_to_table("milestones", [row])
    assert table.schema.field("evidence").type.value_type == pa.struct(
        [
            ("field", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("kind", pa.string()),
        ]
    )
    assert table.column("evidence").to_pylist()[0] == [
        {
            "field": "text",
            "start": 17,
            "end": 43,
            "text": "monthly performance report",
            "kind": "report",
        }
    ]
    assert table.column("evidence_status").to_pylist() == [None]


# --- the rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "95% of initial child protection conferences are held within 15 working days.",
        "At least 80% of audited case files are graded good or better in the monthly audit.",
        "Re-referrals within 12 months stay below the national average of 22 per cent.",
        "Caseloads average no more than 18 children per social worker.",
        "Improvement is shown by the annual staff survey.",
    ],
)
def test_smart_milestones_that_name_a_measure_or_source_pass(engine: RuleEngine, text: str) -> None:
    assert RULE not in {f.rule for f in engine.flag_text(text)}


def test_rule_flags_the_whole_milestone_at_info(engine: RuleEngine) -> None:
    text = "The Safeguarding Improvement Plan is on track."
    (flag,) = [f for f in engine.flag_text(text) if f.rule == RULE]
    assert (flag.start, flag.end, flag.severity) == (0, len(text), "info")
    assert "monthly audit scores" in flag.suggestion
    assert RULE not in {f.rule for f in engine.flag_text(text, table="statements")}


def test_lint_reports_the_rule_on_a_draft(tmp_path: Path) -> None:
    from pipeline.lint import lint_file

    draft = tmp_path / "draft.txt"
    draft.write_text(
        "Improvement plan actions\n\n"
        "- The Safeguarding Improvement Plan is on track.\n"
        "- 95% of conferences are held within 15 working days.\n",
        encoding="utf-8",
    )
    findings, problems = lint_file(draft)
    assert not problems
    flagged = [f for f in findings if f.rule == RULE]
    assert [f.matched_text for f in flagged] == ["The Safeguarding Improvement Plan is on track."]
    assert flagged[0].line == 3


# --- scored against the gold file ---------------------------------------------------------


@dataclass
class EvidenceScore:
    gold: int = 0
    found: int = 0
    gold_matched: int = 0
    found_matched: int = 0
    status_right: int = 0
    rule_right: int = 0
    milestones: int = 0
    misses: list[str] | None = None

    @property
    def recall(self) -> float:
        return self.gold_matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.found_matched / self.found if self.found else 1.0

    def line(self, name: str) -> str:
        return (
            f"[{name}] evidence recall {self.recall:.2f} ({self.gold_matched}/{self.gold}), "
            f"precision {self.precision:.2f} ({self.found_matched}/{self.found}); "
            f"status {self.status_right}/{self.milestones}; "
            f"{RULE} {self.rule_right}/{self.milestones}"
        )


def _gold_spans(record: Row, items: list[Row]) -> list[tuple[str, int, int, str]]:
    """Gold items located in the record's fields, in order; (-1, -1) where not found."""
    spans = []
    cursor: dict[str, int] = {}
    for item in items:
        value = record.get(item["field"]) or ""
        start = value.find(item["text"], cursor.get(item["field"], 0))
        if start >= 0:
            cursor[item["field"]] = start + 1
        spans.append((item["field"], start, start + len(item["text"]), item["text"]))
    return spans


def score_evidence(records: list[Row], flags: list[Any], gold: list[Row]) -> EvidenceScore:
    by_ref = {r["ref"]: r for r in records}
    flagged = {f.record_id for f in flags if f.rule == RULE}
    result = EvidenceScore(misses=[])
    assert result.misses is not None
    for expected in gold:
        record = by_ref.get(expected["ref"])
        assert record is not None, f"milestone {expected['ref']} was not extracted"
        result.milestones += 1
        spans = _gold_spans(record, expected["evidence"])
        found = record["evidence"] or []
        result.gold += len(spans)
        result.found += len(found)

        def overlaps(item: Row, span: tuple[str, int, int, str]) -> bool:
            field, start, end, _ = span
            same_field = item["field"] == field and start >= 0
            return same_field and item["start"] < end and start < item["end"]

        for span in spans:
            if any(overlaps(item, span) for item in found):
                result.gold_matched += 1
            else:
                result.misses.append(f"{expected['ref']}: missed {span[0]} {span[3]!r}")
        for item in found:
            if any(overlaps(item, span) for span in spans):
                result.found_matched += 1
            else:
                result.misses.append(f"{expected['ref']}: extra {item['field']} {item['text']!r}")
        if record["evidence_status"] == expected["evidence_status"]:
            result.status_right += 1
        else:
            result.misses.append(
                f"{expected['ref']}: status {record['evidence_status']!r}, "
                f"want {expected['evidence_status']!r}"
            )
        if (record["record_id"] in flagged) == expected["no_evidence_source"]:
            result.rule_right += 1
        else:
            result.misses.append(f"{expected['ref']}: {RULE} wrong")
    return result


def _gold() -> list[Row]:
    return json.loads(GOLD.read_text(encoding="utf-8"))["milestones"]


def _rows_and_flags(path: Path, engine: RuleEngine) -> tuple[list[Row], list[Any]]:
    doc = reader_for(path.suffix.lstrip("."))(path, path.name, "evidence-test")
    rows = extract_rows(doc).tables["milestones"]
    from pipeline.apply_rules import records_of

    return rows, engine.flag(records_of({"milestones": rows}))


def _assert_scores(result: EvidenceScore) -> None:
    assert result.recall >= TARGET and result.precision >= TARGET, result.misses
    assert result.status_right / result.milestones >= TARGET, result.misses
    assert result.rule_right / result.milestones >= TARGET, result.misses


def _by_ref(rows: list[Row]) -> dict[str, Row]:
    return {row["ref"]: row for row in rows}


def _assert_issue_cases(rows: list[Row], flags: list[Any]) -> None:
    milestones = _by_ref(rows)
    first = [(e["field"], e["text"], e["kind"]) for e in milestones["1"]["evidence"]]
    assert ("text", "management information reports", "report") in first
    assert any(kind == "audit" and field == "text" for field, _, kind in first)
    assert milestones["17"]["evidence_status"] == "missing"
    flagged = {f.record_id for f in flags if f.rule == RULE}
    assert milestones["19"]["record_id"] in flagged
    assert milestones["1"]["record_id"] not in flagged


def test_sample_table_evidence_against_gold(samples_dir: Path, engine: RuleEngine) -> None:
    path = samples_dir / SAMPLE
    if not path.exists():
        pytest.skip(f"{SAMPLE} is not among the samples")
    rows, flags = _rows_and_flags(path, engine)
    result = score_evidence(rows, flags, _gold())
    print("\n" + result.line("sample text"))
    print("\n".join(result.misses or []))
    _assert_issue_cases(rows, flags)
    _assert_scores(result)


def sample_table_paper() -> Paper:
    """The sample's conclusions table, laid out as a council would (from the milestone gold)."""
    milestones = json.loads(MILESTONE_GOLD.read_text(encoding="utf-8"))
    rows: list[list[Any]] = [["Goal", "Milestone", "Comments and conclusions"]]
    previous_goal = None
    for m in milestones:
        goal = m["goal"] if m["goal"] != previous_goal else ""
        previous_goal = m["goal"]
        verdict = "\n".join(part for part in (m["status_raw"], m["comment"]) if part)
        rows.append([goal, f"{m['ref']}. {m['text']}", verdict])
    return Paper(
        title="Scrutiny Task Group report on Improvement milestones",
        blocks=[
            Paragraph("Conclusions on the milestones", bold=True),
            Table(rows, col_widths=[2, 5, 5]),
        ],
    )


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_sample_table_rendering_evidence_against_gold(
    fmt: str,
    tmp_path: Path,
    engine: RuleEngine,
    build_pdf: Callable[[Paper, Path], Path],
    build_docx: Callable[[Paper, Path], Path],
) -> None:
    from docbuilders.html import build_html

    builders = {"docx": build_docx, "html": build_html, "pdf": build_pdf}
    path = builders[fmt](sample_table_paper(), tmp_path / f"sample.{fmt}")
    rows, flags = _rows_and_flags(path, engine)
    result = score_evidence(rows, flags, _gold())
    print("\n" + result.line(f"sample table as {fmt}"))
    _assert_issue_cases(rows, flags)
    _assert_scores(result)
