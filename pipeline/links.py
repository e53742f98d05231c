"""Indicators that measure a milestone: ``milestone_indicators``, a derived link table.

``build_milestone_indicators(documents, milestones, indicators)`` links each milestone
to the performance indicators of its own organisation's papers whose name shares the
milestone's measure. Like ``milestone_history`` it is rebuilt from the published tables
whenever a paper changes. How it decides:

1. **Organisation first, never across.** Papers are grouped by organisation (case and
   spacing ignored, as in ``pipeline.history``); a paper with no organisation links
   nothing.
2. **Key terms.** Each milestone text and indicator name becomes a set of key terms:
   words lower-cased and lemmatised (the rules' lookup table, so "caseloads" is
   "caseload"), without stop words, numbers and the words every measure has
   (``GENERIC_TERMS``: "percentage", "number", "rate", "within", "days" …). Two terms are
   the same when equal or when one is the other's stem ("referral" and "refer").
3. **Score** (0-100) = ``TERM_WEIGHT`` × the share of the indicator's key terms the
   milestone names, each weighted by how rare it is among the organisation's milestone
   and indicator texts (so "children" counts less than "re-referral"), plus
   ``1 - TERM_WEIGHT`` × rapidfuzz ``token_set_ratio`` of the two key-term texts.
4. **Link** when at least ``MIN_SHARED_TERMS`` key terms are shared (all of them for an
   indicator with fewer), they carry at least ``MIN_TERM_SHARE`` of the indicator's
   weight (so "social worker" alone does not make "caseload per social worker" and
   "social worker vacancy rate" the same measure) and the score is at least
   ``LINK_MIN_SCORE``. Every indicator
   row is linked on its own, so a measure reported in each month's KPI paper links
   once per paper; the exception report shows the latest.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa
from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.lexicon import lemma_lookup

MILESTONE_INDICATORS = pa.schema(
    [
        ("milestone_record_id", pa.string()),
        ("indicator_record_id", pa.string()),
        ("score", pa.float64()),
        # extras
        ("organisation", pa.string()),
        ("milestone_doc_id", pa.string()),
        ("indicator_doc_id", pa.string()),
        ("shared_terms", pa.string()),
    ]
)
"""One row per link: a milestone and an indicator of the same organisation that measures it."""

MILESTONE_INDICATORS_SORT_KEYS = ["milestone_record_id", "indicator_record_id"]

LINK_MIN_SCORE = 60.0
"""Score (0-100) at which an indicator is taken to measure a milestone."""
MIN_SHARED_TERMS = 2
"""Key terms a milestone and an indicator must share (or all the indicator has, if fewer)."""
MIN_TERM_SHARE = 70.0
"""Share (0-100) of the indicator's weighted key terms the milestone must name."""
TERM_WEIGHT = 0.6
"""Weight of the shared-term share in the score; the rest is the fuzzy text similarity."""
MIN_STEM = 4
"""Shortest word taken as the stem of a longer one ("refer" of "referral")."""

GENERIC_TERMS = frozenset(
    [
        "percentage",
        "percent",
        "cent",
        "per",
        "proportion",
        "number",
        "no",
        "total",
        "average",
        "rate",
        "ratio",
        "level",
        "figure",
        "count",
        "amount",
        "share",
        "within",
        "day",
        "days",
        "working",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "time",
        "timescale",
        "timescales",
        "target",
        "actual",
        "value",
        "latest",
        "current",
        "new",
        "all",
        "each",
        "every",
        "period",
        "quarter",
        "monthly",
        "quarterly",
        "annual",
        "annually",
        "improve",
        "improvement",
        "increase",
        "reduce",
        "reduction",
        "ensure",
        "make",
        "take",
        "use",
        "improving",
        "increased",
        "reduced",
        "maintain",
        "ongoing",
    ]
)
"""Words every measure has, which say nothing about which measure it is."""

_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
Row = dict[str, Any]


def _lemmas() -> Mapping[str, str]:
    """The lookup lemmatizer's table (the one the rules' spaCy pipeline reads)."""
    return lemma_lookup()


def key_terms(text: str | None) -> frozenset[str]:
    """The words of ``text`` that say what is measured; see the module docstring."""
    if not text:
        return frozenset()
    table = _lemmas()
    terms = set()
    for word in _WORD.findall(text.casefold().replace("’", "'")):
        for part in word.replace("'s", "").split("-"):
            part = part.strip("'")
            if not part or part in STOP_WORDS:
                continue
            lemma = table.get(part, part)
            if lemma in GENERIC_TERMS or part in GENERIC_TERMS or lemma in STOP_WORDS:
                continue
            terms.add(lemma)
    return frozenset(terms)


def _same_term(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= MIN_STEM and long.startswith(short) and len(long) - len(short) <= 4


def shared_terms(milestone: frozenset[str], indicator: frozenset[str]) -> list[str]:
    """The indicator's key terms the milestone names (as the indicator spells them)."""
    return sorted(t for t in indicator if any(_same_term(t, m) for m in milestone))


def _organisation_key(organisation: str | None) -> str | None:
    if organisation is None:
        return None
    return " ".join(organisation.casefold().split()) or None


def link_score(
    milestone: frozenset[str], indicator: frozenset[str], weights: dict[str, float]
) -> tuple[float, float, list[str]]:
    """``(score, term share, shared terms)`` of one milestone and one indicator (0-100)."""
    shared = shared_terms(milestone, indicator)
    if not shared:
        return 0.0, 0.0, []
    total = sum(weights.get(t, 1.0) for t in indicator)
    term_share = 100.0 * sum(weights.get(t, 1.0) for t in shared) / total
    text = fuzz.token_set_ratio(" ".join(sorted(milestone)), " ".join(sorted(indicator)))
    return round(TERM_WEIGHT * term_share + (1 - TERM_WEIGHT) * text, 1), term_share, shared


def is_link(score: float, term_share: float, shared: list[str], measure: frozenset[str]) -> bool:
    """Whether a scored pair is published as a link; see the module docstring."""
    return (
        len(shared) >= min(MIN_SHARED_TERMS, len(measure))
        and term_share >= MIN_TERM_SHARE
        and score >= LINK_MIN_SCORE
    )


def _weights(texts: Iterable[frozenset[str]]) -> dict[str, float]:
    """Inverse document frequency of each term among the organisation's texts."""
    texts = list(texts)
    frequency = Counter(t for terms in texts for t in terms)
    n = len(texts)
    return {t: math.log((n + 1) / (df + 1)) + 1.0 for t, df in frequency.items()}


def link_rows(documents: list[Row], milestones: list[Row], indicators: list[Row]) -> list[Row]:
    """The link rows for plain rows of the three tables."""
    organisation_of = {
        d["doc_id"]: d.get("organisation")
        for d in documents
        if _organisation_key(d.get("organisation"))
    }
    by_org: dict[str, tuple[list[Row], list[Row]]] = {}
    for row in milestones:
        org = _organisation_key(organisation_of.get(row["doc_id"]))
        if org is not None and row.get("text"):
            by_org.setdefault(org, ([], []))[0].append(row)
    for row in indicators:
        org = _organisation_key(organisation_of.get(row["doc_id"]))
        if org is not None and row.get("name"):
            by_org.setdefault(org, ([], []))[1].append(row)
    out: list[Row] = []
    for org in sorted(by_org):
        org_milestones, org_indicators = by_org[org]
        if not org_milestones or not org_indicators:
            continue
        m_terms = [key_terms(m["text"]) for m in org_milestones]
        i_terms = [key_terms(i["name"]) for i in org_indicators]
        weights = _weights([*m_terms, *i_terms])
        for milestone, terms in zip(org_milestones, m_terms, strict=True):
            for indicator, measure in zip(org_indicators, i_terms, strict=True):
                if not measure:
                    continue
                score, term_share, shared = link_score(terms, measure, weights)
                if not is_link(score, term_share, shared, measure):
                    continue
                out.append(
                    {
                        "milestone_record_id": milestone["record_id"],
                        "indicator_record_id": indicator["record_id"],
                        "score": score,
                        "organisation": organisation_of[milestone["doc_id"]],
                        "milestone_doc_id": milestone["doc_id"],
                        "indicator_doc_id": indicator["doc_id"],
                        "shared_terms": ", ".join(shared),
                    }
                )
    return out


def build_milestone_indicators(
    documents: pa.Table, milestones: pa.Table, indicators: pa.Table
) -> pa.Table:
    """The ``milestone_indicators`` table for published documents, milestones and indicators.

    Only contract columns of the inputs are read, so extra columns may come and go.
    """
    rows = link_rows(
        documents.select(["doc_id", "organisation"]).to_pylist(),
        milestones.select(["doc_id", "record_id", "text"]).to_pylist(),
        indicators.select(["doc_id", "record_id", "name"]).to_pylist(),
    )
    table = pa.Table.from_pylist(rows, schema=MILESTONE_INDICATORS)
    if table.num_rows:
        table = table.sort_by([(k, "ascending") for k in MILESTONE_INDICATORS_SORT_KEYS])
    return table
