"""The publish stage: write every table, then switch them in at once.

Layout of an output folder::

    OUT/documents -> .boardpapers/current/documents     (one link per table, made once)
    OUT/.boardpapers/current -> versions/<version>       (switched by atomic rename)
    OUT/.boardpapers/versions/<version>/<table>/part-0.parquet
    OUT/.boardpapers/versions/<version>/manifest.json    (the nightly job's state)

A run writes a complete new version folder, fsyncs it, and then replaces the
``current`` link with ``os.replace`` — a single atomic step. A reader therefore
sees either the whole previous publication or the whole new one, never a mix,
and a run killed at any point leaves the previous publication untouched. Data
and state (the manifest) live in the same version, so they can never disagree.
Older versions are kept for a while so a reader that listed files just before a
switch can still open them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import RunError
from pipeline.schema import SORT_KEYS, TABLES

STATE_DIR = ".boardpapers"
CURRENT = "current"
VERSIONS = "versions"
MANIFEST = "manifest.json"
PART_FILE = "part-0.parquet"
VERSIONS_KEPT = 3

Rows = Sequence[Mapping[str, Any]]


def sort_table(name: str, table: pa.Table) -> pa.Table:
    """Rows in their identity order, so the same input always gives the same file."""
    return table.sort_by([(k, "ascending") for k in SORT_KEYS[name]]) if table.num_rows else table


def rows_to_table(name: str, rows: Rows) -> pa.Table:
    """Rows → an Arrow table of the contract's schema, sorted so output is deterministic."""
    schema = TABLES[name]
    table = pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema=schema)
    return sort_table(name, table)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd", write_statistics=True)
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def current_version_dir(out_dir: Path) -> Path | None:
    link = out_dir / STATE_DIR / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def read_manifest(out_dir: Path) -> dict[str, Any]:
    version = current_version_dir(out_dir)
    if version is None or not (version / MANIFEST).is_file():
        return {}
    return json.loads((version / MANIFEST).read_text(encoding="utf-8"))


def is_published(out_dir: Path, name: str) -> bool:
    version = current_version_dir(out_dir)
    return version is not None and (version / name / PART_FILE).is_file()


def read_published(out_dir: Path, name: str) -> pa.Table:
    """The current publication of table ``name`` (empty, with the schema, when none)."""
    if not is_published(out_dir, name):
        return TABLES[name].empty_table()
    version = current_version_dir(out_dir)
    assert version is not None
    return pq.read_table(version / name / PART_FILE, schema=TABLES[name])


def _ensure_table_links(out_dir: Path) -> None:
    for name in TABLES:
        link = out_dir / name
        target = Path(STATE_DIR) / CURRENT / name
        if link.is_symlink():
            if Path(os.readlink(link)) != target:
                link.unlink()
            else:
                continue
        elif link.exists():
            raise RunError(
                f"{link} exists and is not a boardpapers table link; "
                "choose an empty --out folder or remove it."
            )
        link.symlink_to(target, target_is_directory=True)


def _new_version_name(now: dt.datetime) -> str:
    return now.strftime("v%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"


def publish(
    out_dir: Path,
    tables: Mapping[str, pa.Table],
    manifest: Mapping[str, Any],
    now: dt.datetime | None = None,
) -> Path:
    """Write all ``tables`` and ``manifest`` as a new version and switch it in atomically.

    Every table of ``pipeline.schema.TABLES`` is written, empty ones included, so
    a query never fails on a missing path. Returns the new version folder.
    """
    missing = set(TABLES) - set(tables)
    if missing:
        raise ValueError(f"publish needs every table; missing {sorted(missing)}")
    now = now or dt.datetime.now(dt.UTC)
    state = out_dir / STATE_DIR
    versions = state / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    version = versions / _new_version_name(now)
    staging = versions / (version.name + ".tmp")
    for name, schema in TABLES.items():
        table = tables[name]
        if not table.schema.equals(schema):
            raise ValueError(f"table {name} does not match its schema:\n{table.schema}")
        _write_parquet(table, staging / name / PART_FILE)
        _fsync_dir(staging / name)
    (staging / MANIFEST).write_text(
        json.dumps(manifest, indent=1, sort_keys=True, default=str), encoding="utf-8"
    )
    _fsync_dir(staging)
    staging.rename(version)
    _fsync_dir(versions)

    # Switch: make a fresh link beside the old one, then rename it over the old one.
    new_link = state / f"{CURRENT}.{version.name}.tmp"
    new_link.symlink_to(Path(VERSIONS) / version.name, target_is_directory=True)
    os.replace(new_link, state / CURRENT)
    _fsync_dir(state)
    _ensure_table_links(out_dir)
    _prune(versions, keep=version.name)
    return version


def _prune(versions: Path, keep: str) -> None:
    """Drop old versions and leftovers of killed runs, keeping the newest few."""
    finished = sorted(p for p in versions.iterdir() if p.is_dir() and not p.name.endswith(".tmp"))
    for old in finished[:-VERSIONS_KEPT]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
    for leftover in versions.glob("*.tmp"):
        shutil.rmtree(leftover, ignore_errors=True)
    for stale_link in versions.parent.glob(f"{CURRENT}.*.tmp"):
        stale_link.unlink(missing_ok=True)
