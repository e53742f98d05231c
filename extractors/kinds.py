"""One extractor per document kind, registered in one explicit list."""

from __future__ import annotations

from extractors.base import Extractor
from extractors.briefing import BriefingNoteExtractor
from extractors.highlight import HighlightReportExtractor
from extractors.milestone_tables import milestones_in
from extractors.minutes import MinutesExtractor
from extractors.people import people_in
from extractors.sections import RECOMMENDATION, statements_in
from extractors.task_group import TaskGroupReportExtractor
from pipeline.model import Document
from pipeline.records import DocumentMeta, Extraction


class ScrutinyReportExtractor(Extractor):
    kind = "scrutiny_report"

    def extract(self, doc: Document, meta: DocumentMeta) -> Extraction:
        return Extraction(
            milestones=milestones_in(doc.blocks),
            statements=statements_in(doc.blocks, (RECOMMENDATION,)),
            people=people_in(doc.blocks, meta.organisation),
        )


class OtherExtractor(Extractor):
    """A paper of no known kind still gives up any milestone table it holds."""

    kind = "other"

    def extract(self, doc: Document, meta: DocumentMeta) -> Extraction:
        return Extraction(milestones=milestones_in(doc.blocks))


EXTRACTORS: list[Extractor] = [
    HighlightReportExtractor(),
    ScrutinyReportExtractor(),
    MinutesExtractor(),
    BriefingNoteExtractor(),
    TaskGroupReportExtractor(),
    OtherExtractor(),
]


def extractor_for(kind: str) -> Extractor:
    for extractor in EXTRACTORS:
        if extractor.kind == kind:
            return extractor
    raise KeyError(f"no extractor registered for kind {kind!r}")
