"""The publish stage: every table present with its schema, switched in all at once."""

from __future__ import annotations

import os

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.publish import (
    CURRENT,
    STATE_DIR,
    VERSIONS_KEPT,
    publish,
    read_manifest,
    rows_to_table,
)
from pipeline.schema import TABLES


def empty_tables() -> dict[str, pa.Table]:
    return {name: rows_to_table(name, []) for name in TABLES}


def run_state(out_dir) -> dict:
    """The manifest as the caller gave it, without the per-table checks publish adds."""
    return {k: v for k, v in read_manifest(out_dir).items() if k != "tables"}


def test_empty_tables_are_published_with_their_schema(tmp_path):
    publish(tmp_path, empty_tables(), {"files": {}})
    for name, schema in TABLES.items():
        files = list((tmp_path / name).glob("*.parquet"))
        assert len(files) == 1, name
        table = pq.read_table(tmp_path / name)
        assert table.num_rows == 0
        assert table.schema.equals(schema), name
        assert pd.read_parquet(tmp_path / name).columns.tolist() == schema.names
        query = f"select count(*) from read_parquet('{tmp_path / name}/*.parquet')"
        assert duckdb.connect().execute(query).fetchall() == [(0,)]


def test_publish_switches_all_tables_at_once(tmp_path):
    first = empty_tables()
    first["errors"] = rows_to_table(
        "errors",
        [{"source_path": "a.pdf", "stage": "read", "error_type": "empty", "message": "m"}],
    )
    v1 = publish(tmp_path, first, {"run": 1})
    v2 = publish(tmp_path, empty_tables(), {"run": 2})
    assert v1 != v2
    assert (tmp_path / STATE_DIR / CURRENT).resolve() == v2
    assert run_state(tmp_path) == {"run": 2}
    assert pq.read_table(tmp_path / "errors").num_rows == 0
    # The previous version stays on disk for readers that opened it before the switch.
    assert v1.is_dir()


def test_old_versions_are_pruned(tmp_path):
    versions = [publish(tmp_path, empty_tables(), {"run": i}) for i in range(VERSIONS_KEPT + 2)]
    remaining = sorted(p for p in versions[0].parent.iterdir() if p.is_dir())
    assert remaining == versions[-VERSIONS_KEPT:]


def test_leftover_staging_of_a_killed_run_is_ignored_and_cleaned(tmp_path):
    publish(tmp_path, empty_tables(), {"run": 1})
    leftover = tmp_path / STATE_DIR / "versions" / "v99999999T000000000000Z-1.tmp" / "milestones"
    leftover.mkdir(parents=True)
    (leftover / "part-0.parquet").write_bytes(b"half written")
    assert run_state(tmp_path) == {"run": 1}
    publish(tmp_path, empty_tables(), {"run": 2})
    assert not leftover.exists()


def test_wrong_schema_is_refused_before_anything_is_switched(tmp_path):
    publish(tmp_path, empty_tables(), {"run": 1})
    bad = empty_tables()
    bad["milestones"] = pa.table({"doc_id": pa.array([], pa.string())})
    with pytest.raises(ValueError, match="milestones"):
        publish(tmp_path, bad, {"run": 2})
    assert run_state(tmp_path) == {"run": 1}


def test_a_real_folder_in_the_way_is_a_clear_error(tmp_path):
    from pipeline.errors import RunError

    (tmp_path / "milestones").mkdir()
    with pytest.raises(RunError, match="empty --out folder"):
        publish(tmp_path, empty_tables(), {})


def test_table_links_are_relative_so_the_folder_can_be_moved(tmp_path):
    publish(tmp_path / "out", empty_tables(), {})
    os.rename(tmp_path / "out", tmp_path / "moved")
    assert pq.read_table(tmp_path / "moved" / "documents").num_rows == 0
