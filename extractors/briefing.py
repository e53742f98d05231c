"""Briefing notes: recommendations, the appendix's question bank, and the author.

Questions are the items of a section whose marker mentions questions; ``heading`` is
the theme they sit under ("Domestic violence"), never page furniture ("Appendix 1")
or an explanation group whose bullets are not questions. The author's organisation
is the issuing council unless the author block prints another.
"""

from __future__ import annotations

from dataclasses import replace

from extractors.base import Extractor
from extractors.milestone_tables import milestones_in
from extractors.people import author_block, lines_of, mentions_in, to_people
from extractors.sections import QUESTION, RECOMMENDATION, keep_question_themes, statements_in
from pipeline.model import Document
from pipeline.records import DocumentMeta, Extraction

BRIEFING_SECTIONS = (RECOMMENDATION, QUESTION)


class BriefingNoteExtractor(Extractor):
    kind = "briefing_note"

    def extract(self, doc: Document, meta: DocumentMeta) -> Extraction:
        blocks = doc.blocks
        authors = {m.name for m in author_block(lines_of(blocks))}
        mentions = [
            replace(m, organisation=meta.organisation)
            if m.name in authors and m.organisation is None
            else m
            for m in mentions_in(blocks)
        ]
        return Extraction(
            statements=keep_question_themes(statements_in(blocks, BRIEFING_SECTIONS)),
            milestones=milestones_in(blocks),
            people=to_people(mentions, meta.organisation),
        )
