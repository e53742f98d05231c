"""Indicators: KPI rows with a value, target and RAG, summary table and detail page merged."""

from __future__ import annotations

from extractors.finders.context import FindContext
from pipeline.records import Extraction


def find_indicators(ctx: FindContext) -> Extraction:
    return Extraction()
