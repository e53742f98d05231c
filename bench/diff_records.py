"""Diff the published rows of two ingest outputs (one per PDF engine), table by table.

    python bench/diff_records.py OUT_A OUT_B [--tables documents milestones ...]

Rows are matched on ``record_id`` (``doc_id`` for documents); prints rows only in one
output and, for rows in both, the columns whose values differ.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

TABLES = ("documents", "milestones", "statements", "indicators", "rag_ratings", "flags", "people")
IGNORED = {"run_id", "ingested_at", "rules_version", "processed_at", "read_s", "stage_s"}


def _load(out: Path, table: str) -> pd.DataFrame | None:
    folder = out / table
    if not folder.exists():
        return None
    return pd.read_parquet(folder)


def diff_table(a: pd.DataFrame, b: pd.DataFrame, key: str) -> list[str]:
    lines = []
    ia, ib = a.set_index(key), b.set_index(key)
    only_a = sorted(set(ia.index) - set(ib.index))
    only_b = sorted(set(ib.index) - set(ia.index))
    for k in only_a:
        lines.append(f"  only in A: {dict(ia.loc[k])}")
    for k in only_b:
        lines.append(f"  only in B: {dict(ib.loc[k])}")
    columns = [c for c in ia.columns if c in ib.columns and c not in IGNORED]
    for k in sorted(set(ia.index) & set(ib.index)):
        for c in columns:
            va, vb = ia.at[k, c], ib.at[k, c]
            if str(va) != str(vb):
                lines.append(f"  {k[:12]} {c}: {va!r} → {vb!r}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--tables", nargs="*", default=list(TABLES))
    args = parser.parse_args()
    for table in args.tables:
        a, b = _load(args.a, table), _load(args.b, table)
        if a is None or b is None:
            continue
        key = "doc_id" if table == "documents" else "record_id"
        lines = diff_table(a, b, key)
        print(f"{table}: {len(a)} / {len(b)} rows, {len(lines)} difference(s)")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
