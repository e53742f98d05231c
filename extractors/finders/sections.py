"""List-like sections (completed, planned, risks, findings, questions …) and people."""

from __future__ import annotations

from extractors.finders.context import FindContext
from extractors.kinds import extractor_for
from extractors.people import people_in
from pipeline.detect import detect_kind
from pipeline.records import Extraction


def find_sections(ctx: FindContext) -> Extraction:
    kind = detect_kind(ctx.doc).kind
    found = extractor_for(kind).extract(ctx.doc, ctx.meta)
    return Extraction(statements=found.statements, people=found.people, meta=found.meta)


def find_people(ctx: FindContext) -> Extraction:
    return Extraction(people=people_in(ctx.blocks, ctx.meta.organisation))
