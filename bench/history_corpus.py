"""A corpus of published ``documents`` and ``milestones`` for many organisations, made fast.

The example papers' rows (one organisation's plan over several papers) are cloned
under new organisations, doc ids and record ids, so ``papers`` papers form
``papers // per_organisation`` organisations the way a national corpus does: more
councils, not longer archives. Used by ``bench/scale.py`` and the history tests.
"""

from __future__ import annotations

import hashlib

import pyarrow as pa
import pyarrow.compute as pc


def _new_id(old: str, serial: int) -> str:
    return hashlib.sha256(f"{serial}:{old}".encode()).hexdigest()


def clone_corpus(
    documents: pa.Table, milestones: pa.Table, papers: int, per_organisation: int = 10
) -> tuple[pa.Table, pa.Table]:
    """``papers`` papers in organisations of ``per_organisation``, cloned from the given rows."""
    with_milestones = set(milestones["doc_id"].to_pylist())
    source = documents.filter(pc.is_in(documents["doc_id"], pa.array(sorted(with_milestones))))
    source_docs = source.to_pylist()
    by_doc: dict[str, list[dict]] = {}
    for row in milestones.to_pylist():
        by_doc.setdefault(row["doc_id"], []).append(row)
    docs, rows = [], []
    for serial in range(papers):
        org_number, within = divmod(serial, per_organisation)
        doc = dict(source_docs[within % len(source_docs)])
        old_id = doc["doc_id"]
        doc["doc_id"] = _new_id(old_id, serial)
        doc["organisation"] = f"Council {org_number:03d}"
        doc["source_path"] = f"council_{org_number:03d}/{serial:05d}_{doc['source_path']}"
        docs.append(doc)
        for row in by_doc[old_id]:
            rows.append(
                {**row, "doc_id": doc["doc_id"], "record_id": _new_id(row["record_id"], serial)}
            )
    return (
        pa.Table.from_pylist(docs, schema=documents.schema),
        pa.Table.from_pylist(rows, schema=milestones.schema),
    )
