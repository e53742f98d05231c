"""Milestone and action tables, and the RAG status grid of a highlight report."""

from __future__ import annotations

from extractors.finders.context import FindContext
from extractors.milestone_tables import table_milestones
from extractors.rag_grid import rag_grid_in
from pipeline.records import DocumentMeta, Extraction


def find_milestone_tables(ctx: FindContext) -> Extraction:
    blocks = [b for b in ctx.blocks if not (b.is_table and ctx.is_claimed(b))]
    found = table_milestones(blocks, ctx.rag_legend())
    return Extraction(
        milestones=found.milestones,
        used_tables=found.used,
        unmapped_colours=found.unmapped_colours,
    )


def find_rag_grid(ctx: FindContext) -> Extraction:
    grid = rag_grid_in(ctx.free_tables())
    if grid is None:
        return Extraction()
    meta = DocumentMeta(doc_date=grid.report_date)
    used = [grid.table] if grid.table is not None else []
    return Extraction(rag_ratings=grid.ratings, meta=meta, used_tables=used)
