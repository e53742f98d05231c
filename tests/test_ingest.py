"""The ingest job end to end on real files: PDF, DOCX and text built here, bad files beside them."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from filelock import FileLock

from docbuilders.spec import Cell, Heading, ListItem, Paper, Paragraph, Table
from pipeline.cli import EXIT_SOME_FILES_FAILED, main
from pipeline.errors import RunError
from pipeline.ingest import LOCK_FILE, ingest
from pipeline.publish import STATE_DIR
from pipeline.schema import TABLES

SCRUTINY = Paper(
    title="Scrutiny Task Group report on improvement milestones",
    blocks=[
        Heading("Scrutiny Task Group report on improvement milestones"),
        Paragraph("Safeguarding Improvement Board – 12 March 2025"),
        Paragraph("The Task Group met on 3 March 2025 and considered evidence from officers."),
        Heading("Conclusions on the milestones", level=2),
        Table(
            rows=[
                ["Goal", "Milestone", "Comments and conclusions"],
                [
                    "Children are safer",
                    "1. Managers undertake regular case file audits.",
                    "Partially achieved. Audits were missed in December.",
                ],
                [
                    "",
                    "2. 95% of strategy meetings held within 3 working days by June 2025.",
                    "Achieved.",
                ],
                [
                    "Practice has improved",
                    "3. There is some evidence that supervision is good.",
                    "Not achieved. No audit evidence was provided.",
                ],
            ]
        ),
    ],
)
HIGHLIGHT = Paper(
    title="Highlight report",
    blocks=[
        Heading("Children's Improvement Board highlight report"),
        Table(
            rows=[
                [
                    "",
                    "Timeline",
                    "Budget",
                    "Issues & Risks",
                    "Overall status",
                    "Date of update report",
                ],
                ["Current period", "AMBER", "GREEN", "AMBER", "AMBER", "05/11/24"],
                ["Previous month", Cell("", fill="#ff0000"), "GREEN", "AMBER", "AMBER", ""],
            ]
        ),
        Paragraph("Key activities completed / milestones achieved in this period:"),
        Heading("Social Care Practice", level=2),
        ListItem("New practice standards issued to all 140 social workers."),
        ListItem("Weekly case audits started in October."),
        Paragraph("Key activities / milestones scheduled for next period:"),
        ListItem("Recruit 6 permanent team managers by January 2025."),
    ],
)
MINUTES_TEXT = (
    "Minutes\n\nChildren's Scrutiny Panel, 4 December 2024\n\n"
    "The Panel discussed the improvement plan with the Director of Children's Services.\n\n"
    "Resolved:\n\n1) to receive the updated improvement plan; and\n\n"
    "2) to review progress against the plan in March 2025.\n"
)


@pytest.fixture
def raw_dir(tmp_path, build_pdf, build_docx) -> Path:
    raw = tmp_path / "raw"
    (raw / "2025").mkdir(parents=True)
    build_pdf(SCRUTINY, raw / "2025" / "scrutiny.pdf")
    build_docx(HIGHLIGHT, raw / "highlight.docx")
    (raw / "minutes.txt").write_text(MINUTES_TEXT, encoding="utf-8")
    (raw / "empty.pdf").write_bytes(b"")
    (raw / "renamed.docx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (raw / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    return raw


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def read_all(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / name) for name in TABLES}


def test_every_table_is_published_and_bad_files_become_error_rows(raw_dir, tmp_path):
    out = tmp_path / "out"
    summary = ingest(raw_dir, out)
    assert (summary.seen, summary.new, summary.failed) == (5, 5, 2)
    tables = read_all(out)
    for name, schema in TABLES.items():
        assert pq.read_table(out / name).schema.equals(schema), name
        query = f"select count(*) from read_parquet('{out / name}/*.parquet')"
        assert duckdb.connect().execute(query).fetchall() == [(len(tables[name]),)]

    docs = tables["documents"].set_index("source_path")
    assert sorted(docs.index) == ["2025/scrutiny.pdf", "highlight.docx", "minutes.txt"]
    assert docs.loc["2025/scrutiny.pdf", "doc_kind"] == "scrutiny_report"
    assert docs.loc["highlight.docx", "doc_kind"] == "highlight_report"
    assert docs.loc["minutes.txt", "doc_kind"] == "minutes"
    assert docs.loc["2025/scrutiny.pdf", "n_pages"] == 1
    assert pd.isna(docs.loc["minutes.txt", "n_pages"])

    errors = tables["errors"].set_index("source_path")
    assert errors.loc["empty.pdf", "error_type"] == "empty"
    assert errors.loc["renamed.docx", "error_type"] == "corrupt"
    assert "not a zip" in errors.loc["renamed.docx", "message"]

    milestones = tables["milestones"]
    assert milestones["status"].tolist() == ["partially_achieved", "achieved", "not_achieved"]
    assert milestones["record_id"].is_unique
    resolutions = tables["statements"].query("section == 'resolution'")
    assert len(resolutions) == 2


def test_raw_folder_is_never_written(raw_dir, tmp_path):
    before = snapshot(raw_dir)
    ingest(raw_dir, tmp_path / "out")
    assert snapshot(raw_dir) == before


def test_second_run_over_the_same_folder_publishes_identical_rows(raw_dir, tmp_path):
    out = tmp_path / "out"
    ingest(raw_dir, out)
    first = read_all(out)
    summary = ingest(raw_dir, out)
    assert (summary.new, summary.changed, summary.unchanged) == (0, 0, 5)
    second = read_all(out)
    for name in TABLES:
        pd.testing.assert_frame_equal(first[name], second[name], obj=name)


def test_fresh_runs_give_the_same_rows_apart_from_timestamps(raw_dir, tmp_path):
    ingest(raw_dir, tmp_path / "a")
    ingest(raw_dir, tmp_path / "b")
    a, b = read_all(tmp_path / "a"), read_all(tmp_path / "b")
    for name in TABLES:
        drop = [c for c in ("ingested_at", "occurred_at") if c in a[name]]
        pd.testing.assert_frame_equal(
            a[name].drop(columns=drop), b[name].drop(columns=drop), obj=name
        )


def test_changed_and_deleted_files_replace_and_remove_their_rows(raw_dir, tmp_path):
    out = tmp_path / "out"
    ingest(raw_dir, out)
    (raw_dir / "minutes.txt").write_text(
        MINUTES_TEXT.replace("2) to review", "2) to invite the Director; and\n\n3) to review"),
        encoding="utf-8",
    )
    shutil.rmtree(raw_dir / "2025")
    summary = ingest(raw_dir, out)
    assert (summary.changed, summary.removed, summary.unchanged) == (1, 1, 3)
    tables = read_all(out)
    assert "2025/scrutiny.pdf" not in set(tables["documents"]["source_path"])
    assert tables["milestones"].empty
    assert tables["milestone_history"].empty  # rebuilt, not carried, when a paper leaves
    assert len(tables["statements"].query("section == 'resolution'")) == 3
    assert set(tables["flags"]["record_id"]) <= set(tables["statements"]["record_id"])


def test_second_run_while_one_holds_the_lock_is_refused(raw_dir, tmp_path):
    out = tmp_path / "out"
    ingest(raw_dir, out)
    with FileLock(str(out / STATE_DIR / LOCK_FILE)), pytest.raises(RunError, match="Another"):
        ingest(raw_dir, out)


def test_cli_ingest_reports_and_exits_with_the_partial_failure_status(raw_dir, tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(raw_dir), "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_SOME_FILES_FAILED, result.output
    assert "5 files seen" in result.output
    assert "Traceback" not in result.output


def test_cli_ingest_on_a_missing_folder_is_a_clear_message(tmp_path):
    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "does not exist" in result.output
