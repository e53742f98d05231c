"""Evidence per record: the sources a milestone names and whether the commentary saw them.

Run once per document by the extract stage, after the finders: every milestone's
``text``, ``comment`` and ``status_raw``, and the ``text`` of completed and planned
statements, go through the project's one spaCy pipeline (``rules.engine.get_nlp``) in
one batch and are matched against the evidence vocabulary
(``rules/vocabulary/evidence.toml``, loaded by ``rules.evidence``). The docs come from
the pipeline's ``rules.engine.DocCache``, which the rules stage then reads too: each
distinct text is tokenised and matched once per process. Each record gets

* ``evidence``: the sources named, as printed, with the field and half-open offsets;
  where matches overlap the longest wins, and punctuation at either end is trimmed;
  words inside quotation marks are a mention, not a source;
* ``evidence_status`` (milestones): ``missing`` when the comment or verdict says the
  evidence was not provided, not done or is still needed; else ``seen`` when it reports
  what the evidence showed; else None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.records import EvidenceItem, Milestone, Statement
from rules.engine import PatternSet, doc_cache, get_nlp, quotations
from rules.evidence import EvidenceVocabulary, evidence_vocabulary

EVIDENCE_SECTIONS = ("completed", "planned")
"""Statement sections whose items are activities, and so get ``evidence``."""
MILESTONE_FIELDS = ("text", "comment", "status_raw")
STATUS_FIELDS = ("comment", "status_raw")
EXCEPTION_KEY = "evidence:exception"
SEEN_KEY = "evidence:seen"
MISSING_KEY = "evidence:missing"
# Components the matching needs: the lemmatizer (LEMMA patterns); not the sentencizer.
UNUSED_PIPES = ("sentencizer",)

Span = tuple[int, int]


class EvidenceFinder:
    """The evidence vocabulary compiled once for one spaCy pipeline."""

    def __init__(self, vocabulary: EvidenceVocabulary, nlp: Language) -> None:
        self.nlp = nlp
        self.cache = doc_cache(nlp)
        # Sources and their exceptions, matched in every text; the status phrases, only
        # in a milestone's commentary. No pattern's matches depend on the others'.
        self.patterns = PatternSet(nlp)
        self.status_patterns = PatternSet(nlp)
        self.kind_of: dict[int, str] = {}
        for source in vocabulary.sources:
            key = f"evidence:{source.kind}"
            self.patterns.add(key, list(source.patterns))
            self.kind_of[nlp.vocab.strings[key]] = source.kind
        for patterns_of, key, patterns in (
            (self.patterns, EXCEPTION_KEY, vocabulary.exceptions),
            (self.status_patterns, SEEN_KEY, vocabulary.seen),
            (self.status_patterns, MISSING_KEY, vocabulary.missing),
        ):
            if patterns:
                patterns_of.add(key, list(patterns))
        self.exception_key = nlp.vocab.strings[EXCEPTION_KEY]
        self.seen_key = nlp.vocab.strings[SEEN_KEY]
        self.missing_key = nlp.vocab.strings[MISSING_KEY]
        self.disabled = [name for name in UNUSED_PIPES if name in nlp.pipe_names]

    def docs(self, texts: Iterable[str]) -> list[Doc]:
        """The docs of ``texts``, shared with the rules stage (``rules.engine.DocCache``)."""
        return self.cache.docs(texts, self.disabled)

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The matches in ``doc`` of the sources and their exceptions."""
        return self.cache.matches(self.patterns, doc)

    def status_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The matches in ``doc`` of the status phrases (``seen``, ``missing``)."""
        return self.cache.matches(self.status_patterns, doc)

    def sources(
        self, doc: Doc, matches: list[tuple[int, int, int]] | None = None, text: str | None = None
    ) -> list[tuple[int, int, str]]:
        """``(start, end, kind)`` character spans of the sources named in ``doc``
        (whose text is ``text``, if given: ``doc.text`` is rebuilt from the tokens)."""
        found: list[tuple[int, int, str]] = []
        exceptions: list[Span] = []
        for key, start, end in self.matches(doc) if matches is None else matches:
            if key == self.exception_key:
                exceptions.append(_chars(doc, start, end))
                continue
            kind = self.kind_of.get(key)
            if kind is None:
                continue
            while start < end and (doc[start].is_punct or doc[start].is_space):
                start += 1
            while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            if start < end:
                found.append((*_chars(doc, start, end), kind))
        if not found:
            return []
        quoted = quotations(doc.text if text is None else text)
        kept: list[tuple[int, int, str]] = []
        # Longest first, then leftmost; a span overlapping one kept, an exception or a
        # quotation that holds it whole is dropped.
        for start, end, kind in sorted(found, key=lambda f: (f[0] - f[1], f[0], f[2])):
            if any(start < e and s < end for s, e, _ in kept):
                continue
            if any(start < e and s < end for s, e in exceptions):
                continue
            if any(s <= start and end <= e for s, e in quoted):
                continue
            kept.append((start, end, kind))
        return sorted(kept)

    def status(self, docs: Sequence[Doc]) -> str | None:
        """``missing``, ``seen`` or None, from the commentary's docs; missing wins."""
        return self.status_of({key for doc in docs for key, _, _ in self.status_matches(doc)})

    def status_of(self, keys: set[int]) -> str | None:
        """``missing``, ``seen`` or None, from the match keys of the commentary."""
        if self.missing_key in keys:
            return "missing"
        if self.seen_key in keys:
            return "seen"
        return None


def _chars(doc: Doc, start: int, end: int) -> Span:
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last.text)


@cache
def evidence_finder() -> EvidenceFinder:
    """One compiled finder per process, on the rules' own spaCy pipeline."""
    return EvidenceFinder(evidence_vocabulary(), get_nlp())


def evidence_in(text: str, field: str = "text") -> list[EvidenceItem]:
    """Evidence sources named in one text, for tests and quick checks."""
    finder = evidence_finder()
    (doc,) = finder.docs([text])
    return [EvidenceItem(field, s, e, text[s:e], kind) for s, e, kind in finder.sources(doc)]


def add_evidence(milestones: Sequence[Milestone], statements: Sequence[Statement]) -> None:
    """Set ``evidence`` (and ``evidence_status`` on milestones) on one document's records."""
    targets: list[tuple[Milestone | Statement, str, str]] = []
    for milestone in milestones:
        milestone.evidence = []
        for field in MILESTONE_FIELDS:
            value = getattr(milestone, field)
            if value:
                targets.append((milestone, field, value))
    for statement in statements:
        if statement.section in EVIDENCE_SECTIONS:
            statement.evidence = []
            if statement.text:
                targets.append((statement, "text", statement.text))
    if not targets:
        return
    finder = evidence_finder()
    commentary: dict[int, set[int]] = {}
    for (record, field, text), doc in zip(
        targets, finder.docs(text for _, _, text in targets), strict=True
    ):
        evidence = record.evidence
        assert evidence is not None
        evidence.extend(
            EvidenceItem(field, start, end, text[start:end], kind)
            for start, end, kind in finder.sources(doc, text=text)
        )
        if isinstance(record, Milestone) and field in STATUS_FIELDS:
            commentary.setdefault(id(record), set()).update(
                key for key, _, _ in finder.status_matches(doc)
            )
    for milestone in milestones:
        milestone.evidence_status = finder.status_of(commentary.get(id(milestone), set()))
