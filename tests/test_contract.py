"""The published tables meet SCHEMA.md column by column and type by type."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline.schema import TABLES

SCHEMA_MD = Path(__file__).resolve().parents[2] / "shared" / "SCHEMA.md"

# How SCHEMA.md spells the Arrow types.
TYPE_NAMES = {
    "string": pa.string(),
    "date32": pa.date32(),
    "int32": pa.int32(),
    "timestamp[us, UTC]": pa.timestamp("us", tz="UTC"),
}
REQUIRED_TABLES = (
    "documents",
    "milestones",
    "indicators",
    "rag_ratings",
    "statements",
    "flags",
    "receipts",
    "errors",
)


def contract_columns() -> dict[str, list[tuple[str, pa.DataType]]]:
    """The required columns per table, parsed from the markdown tables of SCHEMA.md."""
    if not SCHEMA_MD.is_file():
        pytest.skip(f"SCHEMA.md not found at {SCHEMA_MD} (only present beside the dev repo)")
    tables: dict[str, list[tuple[str, pa.DataType]]] = {}
    current = None
    for line in SCHEMA_MD.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^## (\w+) —", line):
            current = m.group(1)
            tables[current] = []
        elif (
            current
            and (m := re.match(r"^\| (\w+) \| ([^|]+?) \|", line))
            and m.group(1) != "column"
        ):
            tables[current].append((m.group(1), TYPE_NAMES[m.group(2).strip()]))
    return tables


def test_schema_md_lists_the_tables_we_publish():
    assert set(contract_columns()) == set(REQUIRED_TABLES)


@pytest.mark.parametrize("table", REQUIRED_TABLES)
def test_required_columns_come_first_with_the_contract_types(table):
    required = contract_columns()[table]
    ours = TABLES[table]
    assert [(f.name, f.type) for f in ours][: len(required)] == required
