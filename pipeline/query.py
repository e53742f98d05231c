"""SQL over a publication: every published table is a DuckDB view of the same name.

``run_query(out_dir, "select ... from milestones join documents using (doc_id)")``
returns ``(columns, rows)``; ``format_result`` prints them as a text table, CSV or
JSON. DuckDB is the optional ``query`` extra; without it the error says how to
install it. ``milestone_history`` is a view of the published table where there is
one, and otherwise is built from ``documents`` and ``milestones`` for the query.

A query only reads: statements other than ``SELECT`` (``WITH``, ``FROM``, ``DESCRIBE``,
``SUMMARIZE``, ``VALUES`` ...) and ``EXPLAIN`` are refused before anything runs, DuckDB's
access to files is switched off outside the publication, and its configuration is locked
so a query cannot switch it back on. The views are made on one version of the
publication, resolved once, so a run that publishes meanwhile cannot mix two.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.errors import RunError
from pipeline.publish import pinned_dir
from pipeline.schema import TABLES

QUERY_FORMATS = ("table", "csv", "json")
HISTORY_TABLE = "milestone_history"
INSTALL_HINT = 'pip install "boardpapers[query]"'
MAX_CELL_WIDTH = 60
"""Longer values are cut with an ellipsis in the text table (never in CSV or JSON)."""
READ_STATEMENTS = ("SELECT", "EXPLAIN")
"""DuckDB statement types a query may be made of; everything else could write or configure."""


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError as exc:
        raise RunError(
            f"`boardpapers query` needs DuckDB, which is not installed; run: {INSTALL_HINT}"
        ) from exc
    return duckdb


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _parquet_glob(folder: Path) -> str | None:
    """The glob DuckDB reads a table folder with, or None when it holds no Parquet file.

    ``folder/**/*.parquet`` for a table published partitioned (``--partition-by``).
    """
    if not folder.is_dir():
        return None
    if any(folder.glob("*.parquet")):
        return (folder / "*.parquet").as_posix()
    if any(folder.rglob("*.parquet")):
        return (folder / "**" / "*.parquet").as_posix()
    return None


def table_names(out_dir: Path) -> list[str]:
    """The views a query over ``out_dir`` can use, in publishing order."""
    names = [name for name in TABLES if _parquet_glob(out_dir / name)]
    can_build_history = {"documents", "milestones"} <= set(names)
    if HISTORY_TABLE not in names and (_parquet_glob(out_dir / HISTORY_TABLE) or can_build_history):
        names.append(HISTORY_TABLE)
    return names


def connect(out_dir: Path) -> Any:
    """An in-memory, read-only DuckDB connection with one view per published table.

    The views read one version of the publication (``pinned_dir``); files outside
    ``out_dir`` cannot be read, and the configuration is locked.
    """
    duckdb = _duckdb()
    if not out_dir.is_dir() or _parquet_glob(out_dir / "documents") is None:
        raise RunError(
            f"No published tables in {out_dir}; run `boardpapers ingest RAW_DIR --out {out_dir}` "
            "first, or pass --data with the folder you published to."
        )
    source = pinned_dir(out_dir)
    connection = duckdb.connect(":memory:")
    for name in table_names(source):
        glob = _parquet_glob(source / name)
        if glob is not None:
            connection.execute(
                f'create view "{name}" as select * from read_parquet({_sql_string(glob)}'
                + (", hive_partitioning = true)" if "/**/" in glob else ")")
            )
        elif name == HISTORY_TABLE:
            import pyarrow.parquet as pq

            from pipeline.history import build_history

            history = build_history(
                pq.read_table(source / "documents"), pq.read_table(source / "milestones")
            )
            connection.register(HISTORY_TABLE, history)
    allowed = sorted({f"{Path(p).absolute().as_posix()}/" for p in (out_dir, source)})
    connection.execute(f"set allowed_directories = [{', '.join(map(_sql_string, allowed))}]")
    connection.execute("set enable_external_access = false")
    connection.execute("set lock_configuration = true")
    return connection


def read_statements(connection: Any, sql: str) -> list[Any]:
    """The statements of ``sql``; ``RunError`` when one of them is not a read."""
    duckdb = _duckdb()
    try:
        statements = connection.extract_statements(sql)
    except duckdb.Error as exc:
        raise RunError(f"The query failed: {exc}") from exc
    if not statements:
        raise RunError("The query is empty; give a SELECT statement.")
    for statement in statements:
        kind = statement.type.name
        if kind not in READ_STATEMENTS:
            raise RunError(
                f"`boardpapers query` only reads: {kind} statements are refused "
                f"({statement.query.strip()[:60]!r}). Use SELECT (or WITH, FROM, DESCRIBE, "
                "SUMMARIZE, EXPLAIN); the published tables are changed only by "
                "`boardpapers ingest`."
            )
    return statements


def run_query(out_dir: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` over the publication in ``out_dir``: column names and rows.

    Raises ``RunError`` when DuckDB is missing (with the install command), when
    ``out_dir`` holds no publication, or when the query fails (with DuckDB's reason
    and the tables there are).
    """
    duckdb = _duckdb()
    try:
        connection = connect(out_dir)
    except duckdb.Error as exc:
        raise RunError(f"The publication in {out_dir} could not be opened: {exc}") from exc
    try:
        statements = read_statements(connection, sql)
        for statement in statements:
            cursor = connection.execute(statement)
        if cursor.description is None:
            return [], []
        columns = [d[0] for d in cursor.description]
        rows = [tuple(row) for row in cursor.fetchall()]
    except duckdb.Error as exc:
        raise RunError(
            f"The query failed: {exc}\nTables: {', '.join(table_names(pinned_dir(out_dir)))}."
        ) from exc
    finally:
        connection.close()
    return columns, rows


def _plain(value: Any) -> Any:
    """A value JSON can hold: dates and times as ISO 8601, decimals as numbers."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = round(value, 6)  # 83.10000000000001 is 83.1 to a reader
    text = " ".join(str(_plain(value)).split())
    return text if len(text) <= MAX_CELL_WIDTH else text[: MAX_CELL_WIDTH - 1] + "…"


def _text_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in cells:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    numeric = [
        bool(rows) and all(isinstance(row[i], int | float | Decimal | None) for row in rows)
        for i in range(len(columns))
    ]

    def line(values: Sequence[str]) -> str:
        padded = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(padded).rstrip()

    out = [line(list(columns)), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    noun = "row" if len(rows) == 1 else "rows"
    out.append(f"({len(rows)} {noun})")
    return "\n".join(out)


def format_result(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table") -> str:
    """``table``: aligned text for a terminal; ``csv``: RFC 4180 with a header; ``json``: a list
    of objects, one per row, dates as ISO 8601."""
    if fmt == "table":
        return _text_table(columns, rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in row] for row in rows])
        return buffer.getvalue().rstrip("\n")
    if fmt == "json":
        records = [dict(zip(columns, (_plain(v) for v in row), strict=True)) for row in rows]
        return json.dumps(records, indent=1, ensure_ascii=False)
    raise RunError(f"Unknown output format {fmt!r}; choose one of: {', '.join(QUERY_FORMATS)}.")
