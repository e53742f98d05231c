"""Questions and findings: issue/response tables, a committee's comments and concerns."""

from __future__ import annotations

from extractors.finders.context import FindContext
from pipeline.records import Extraction


def find_questions(ctx: FindContext) -> Extraction:
    return Extraction()
