"""`boardpapers query`: SQL over the published tables as DuckDB views."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from docbuilders.spec import Cell, Heading, Paper, Paragraph, Table
from pipeline.errors import RunError
from pipeline.history import GREEN_TO_AMBER_SQL, MILESTONE_HISTORY, build_history
from pipeline.ingest import IngestSettings, ingest
from pipeline.query import format_result, run_query, table_names
from pipeline.schema import TABLES
from pipeline.workers import WorkerSettings

pytest.importorskip("duckdb", reason="duckdb (the query extra) is not installed")

ROWS = {
    "January": [
        ("1.1", "Publish the practice standards.", "green"),
        ("1.2", "Train 40 managers.", "green"),
    ],
    "February": [
        ("1.1", "Publish the practice standards.", "amber"),
        ("1.2", "Train 40 managers.", "green"),
    ],
}


def plan(month: str) -> Paper:
    fills = {"green": "#00b050", "amber": "#ffc000"}
    rows: list[list[str | Cell]] = [["Ref", "Action", "RAG", "Progress update"]]
    rows += [
        [ref, text, Cell(rag.upper(), fill=fills[rag]), "Update."] for ref, text, rag in ROWS[month]
    ]
    return Paper(
        title=f"Action Plan – {month} 2025",
        blocks=[
            Paragraph("Eastmoor Borough Council", bold=True),
            Heading("Children's Services Improvement Plan: Action Plan", level=1),
            Paragraph(f"Progress at 14 {month} 2025, for the Improvement Board."),
            Table(rows=rows),
        ],
    )


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from docbuilders.pdf import build_pdf

    root = tmp_path_factory.mktemp("query")
    raw = root / "raw"
    raw.mkdir()
    for month in ROWS:
        build_pdf(plan(month), raw / f"plan_{month.lower()}.pdf")
    summary = ingest(raw, root / "out", IngestSettings(workers=WorkerSettings(workers=0)))
    assert summary.rows["milestones"] == 4, summary.sentence()
    return root / "out"


def test_every_published_table_is_a_view(out_dir: Path) -> None:
    # Built for the query until ingest publishes it; then it is one of TABLES.
    assert table_names(out_dir) == list(dict.fromkeys([*TABLES, "milestone_history"]))
    for name in TABLES:
        columns, rows = run_query(out_dir, f'select count(*) as n from "{name}"')
        assert columns == ["n"]
        assert rows == [(pq.read_table(out_dir / name).num_rows,)], name


def test_join_across_views(out_dir: Path) -> None:
    columns, rows = run_query(
        out_dir,
        "select d.doc_date, m.ref, m.rag from milestones m join documents d using (doc_id) "
        "order by d.doc_date, m.ref",
    )
    assert columns == ["doc_date", "ref", "rag"]
    assert rows == [
        (date(2025, 1, 14), "1.1", "green"),
        (date(2025, 1, 14), "1.2", "green"),
        (date(2025, 2, 14), "1.1", "amber"),
        (date(2025, 2, 14), "1.2", "green"),
    ]


def test_milestone_history_is_built_when_not_published(out_dir: Path) -> None:
    columns, rows = run_query(out_dir, GREEN_TO_AMBER_SQL)
    assert [dict(zip(columns, r, strict=True))["ref"] for r in rows] == ["1.1"]


def test_published_milestone_history_is_used_as_it_is(out_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "out"
    for name in [n for n in TABLES if n != "milestone_history"]:
        (copy / name).mkdir(parents=True)
        pq.write_table(pq.read_table(out_dir / name), copy / name / "part-0.parquet")
    history = build_history(
        pq.read_table(out_dir / "documents"), pq.read_table(out_dir / "milestones")
    )
    (copy / "milestone_history").mkdir()
    pq.write_table(history.slice(0, 1), copy / "milestone_history" / "part-0.parquet")

    assert run_query(copy, "select count(*) from milestone_history")[1] == [(1,)]
    assert history.schema.equals(MILESTONE_HISTORY)


def test_formats_table_csv_and_json(out_dir: Path) -> None:
    columns, rows = run_query(
        out_dir,
        "select m.ref, d.doc_date, count(*) over () as n, 0.1 + 0.2 as x from milestones m "
        "join documents d using (doc_id) order by d.doc_date, m.ref limit 2",
    )

    table = format_result(columns, rows, "table").splitlines()
    assert table[0].split() == ["ref", "doc_date", "n", "x"]
    assert table[2].split() == ["1.1", "2025-01-14", "4", "0.3"]
    assert table[-1] == "(2 rows)"

    parsed = list(csv.reader(io.StringIO(format_result(columns, rows, "csv"))))
    assert parsed[0] == columns and parsed[1][:3] == ["1.1", "2025-01-14", "4"]

    records = json.loads(format_result(columns, rows, "json"))
    assert records[1]["ref"] == "1.2" and records[1]["doc_date"] == "2025-01-14"
    with pytest.raises(RunError, match="table, csv, json"):
        format_result(columns, rows, "xml")


def test_long_values_are_cut_in_the_text_table_only() -> None:
    long_text = "word " * 30
    assert "…" in format_result(["text"], [(long_text,)], "table")
    assert json.loads(format_result(["text"], [(long_text,)], "json"))[0]["text"] == long_text


def test_bad_sql_says_why_and_lists_the_tables(out_dir: Path) -> None:
    with pytest.raises(RunError, match=r"(?s)mileston.*Tables: documents, milestones"):
        run_query(out_dir, "select * from milestone")


def test_folder_without_a_publication_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RunError, match="boardpapers ingest"):
        run_query(tmp_path, "select 1")


def test_missing_duckdb_says_how_to_install_it(
    out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)  # makes `import duckdb` fail
    with pytest.raises(RunError, match=r'pip install "boardpapers\[query\]"'):
        run_query(out_dir, "select 1")


def test_cli_query_prints_csv(out_dir: Path) -> None:
    from pipeline.cli import main

    if "query" not in main.commands:
        pytest.skip("`boardpapers query` is not wired into pipeline/cli.py yet")
    result = CliRunner().invoke(
        main,
        [
            "query",
            "select ref, rag from milestones order by rag, ref",
            "--data",
            str(out_dir),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "ref,rag",
        "1.1,amber",
        "1.1,green",
        "1.2,green",
        "1.2,green",
    ]

    result = CliRunner().invoke(main, ["query", "select * from nope", "--data", str(out_dir)])
    assert result.exit_code == 1 and "The query failed" in result.output
