"""Milestone history: the same milestone followed across the papers that report on its plan.

``build_history(documents, milestones)`` gives one ``milestone_history`` row per
milestone row, with a ``milestone_key`` shared by every row that is the same
milestone in another paper. How linking decides, in order:

1. **Organisation first, never across.** Documents are grouped by organisation
   (case and spacing ignored). A document with no organisation or no date is
   never linked: each of its milestones is a history of one (``unlinked``).
2. **Papers in date order.** Within an organisation, documents are taken by
   ``doc_date`` (then ``source_path``, then ``doc_id``, so the order is total).
   Copies of one paper (the PDF and the DOCX) are simply two papers of one date.
3. **Plan.** A document joins an existing plan of its organisation when its title,
   with dates, years, month names, item numbers and punctuation removed, equals
   the title of a paper already in that plan, or when at least ``PLAN_MIN_SHARE``
   of its milestones (of the smaller of the two sides) match that plan's
   milestones by text (score at least ``TEXT_MIN_SIMILARITY``); the plan with the
   most matches wins. Otherwise it starts a new plan. So a scrutiny report on "the
   Improvement Plan" and the Improvement Plan's own action plan are one plan when
   they share milestones, and two unrelated plans of a council stay apart even
   though both number their actions 1.1, 1.2, …
4. **Milestones within a plan.** Each milestone of the new paper is scored
   against every milestone already known in the plan (against each wording it has
   had). The text score is the mean of rapidfuzz's ``token_set_ratio`` and
   ``token_sort_ratio`` on lower-cased text without punctuation: reordered and
   added words cost little, a different subject costs a lot (unrelated milestones
   of one plan score below about 60, rewordings of one milestone above 70).

   - *By ref where refs are stable.* Refs are taken as stable between the paper
     and the plan when at least half of the pairs that share a ref also have a
     text score of ``REF_MIN_SIMILARITY`` or more. Then a pair with the same ref
     and that text score is a candidate (``ref``), ranked ``REF_BONUS`` above its
     text score. When refs were renumbered, most same-ref pairs differ in text, the
     refs are not stable, and refs are ignored for that paper.
   - *By text where wording drifts.* Any pair with a text score of
     ``TEXT_MIN_SIMILARITY`` or more is a candidate (``text``; ``same_text`` when the
     normalised wording is identical).
   - Candidates are accepted greedily, identical wording first, then by rank
     (ties by the paper's order, then the plan's), each milestone at most once per
     paper and each paper's milestone at most once; so a renumbered milestone still
     finds its own wording before a stranger that took its old number.
   - A milestone left unmatched starts a new history (``first``).
5. **Keys.** ``milestone_key`` hashes the organisation and the ``record_id`` of
   the milestone's first appearance; ``plan_key`` the organisation and the first
   paper's ``doc_id``. Equal inputs give equal keys on every run; adding a newer
   paper keeps them, adding an older one (a backfill) may move a history's start.

Each row also carries the state at the plan's previous paper date
(``previous_doc_date``, ``previous_status``, ``previous_rag``) and ``slipped``: the
RAG colour worsened (blue < green < amber < red) or, where the two papers do not
both give a colour, the status did (achieved < in progress < not started or
partially achieved < not achieved). Where copies of one paper disagree, the copy
that gives a RAG colour, then the first by ``source_path``, speaks for that date.

"Which milestones went from green to amber since the last report" is then::

    select organisation, plan, ref, text, previous_doc_date, doc_date
    from milestone_history
    where in_latest_paper and previous_rag = 'green' and rag = 'amber'

(``GREEN_TO_AMBER_SQL``; ``went_from(history, "green", "amber")`` does the same
with pyarrow).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from pipeline.ids import stable_id

MILESTONE_HISTORY = pa.schema(
    [
        ("organisation", pa.string()),
        ("milestone_key", pa.string()),
        ("doc_id", pa.string()),
        ("doc_date", pa.date32()),
        ("status", pa.string()),
        ("rag", pa.string()),
        ("record_id", pa.string()),
        # extras
        ("plan_key", pa.string()),
        ("plan", pa.string()),
        ("ref", pa.string()),
        ("goal", pa.string()),
        ("text", pa.string()),
        ("source_path", pa.string()),
        ("page", pa.int32()),
        ("ordinal", pa.int32()),
        ("match_method", pa.string()),
        ("match_score", pa.float64()),
        ("previous_doc_date", pa.date32()),
        ("previous_status", pa.string()),
        ("previous_rag", pa.string()),
        ("slipped", pa.bool_()),
        ("in_latest_paper", pa.bool_()),
    ]
)
"""One row per milestone row, linked across the papers of its organisation and plan."""

MILESTONE_HISTORY_SORT_KEYS = ["organisation", "plan_key", "milestone_key", "doc_date", "doc_id"]

MATCH_METHODS = ("first", "same_text", "ref", "text", "unlinked")
"""How a row joined its history: ``first`` appearance, identical wording, same ref
with similar wording, similar wording alone, or never linked (no organisation or date)."""

TEXT_MIN_SIMILARITY = 70.0
"""Text score (0-100) at which two milestones are the same without help from the ref."""
REF_MIN_SIMILARITY = 55.0
"""Text score at which a shared ref, where refs are stable, makes two milestones the same."""
REF_BONUS = 25.0
"""How far a same-ref candidate ranks above its text score when refs are stable."""
REF_STABLE_SHARE = 0.5
"""Share of same-ref pairs that must agree in text for a paper's refs to count as stable."""
PLAN_MIN_SHARE = 0.25
"""Share of milestones that must match for a paper to join a plan with a different title."""

RAG_RANK = {"blue": 0, "green": 1, "amber": 2, "red": 3}
"""Worse is higher; blue is "complete" in four-colour (BRAG) keys."""
STATUS_RANK = {
    "achieved": 0,
    "in_progress": 1,
    "not_started": 2,
    "partially_achieved": 2,
    "not_achieved": 3,
}
"""Worse is higher; ``no_conclusion``, ``not_yet_assessed`` and ``unknown`` have no rank."""

GREEN_TO_AMBER_SQL = """\
select organisation, plan, ref, text, previous_doc_date, doc_date, source_path, page
from milestone_history
where in_latest_paper and previous_rag = 'green' and rag = 'amber'
order by organisation, plan, ordinal"""
"""Which milestones went from green to amber since the last report (DuckDB or any SQL)."""

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_MONTH_WORDS = "|".join(_MONTHS.split())
_TITLE_NOISE = re.compile(
    r"\b(?:item\s+\d+[a-z]?|\d{1,4}(?:st|nd|rd|th)?|q[1-4]|(?:" + _MONTH_WORDS + r"))\b"
)
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")

Row = dict[str, Any]


def normalise_text(text: str | None) -> str:
    """Lower case, punctuation dropped, spaces collapsed: what similarity is measured on."""
    if not text:
        return ""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text.casefold())).strip()


def normalise_ref(ref: str | None) -> str | None:
    """``"1.3."``, ``"1.3"`` and ``" 1.3 "`` are one ref; an empty ref is none."""
    if ref is None:
        return None
    cleaned = _SPACES.sub(" ", ref.casefold()).strip().rstrip(".):")
    return cleaned or None


def plan_title(title: str | None) -> str:
    """A title without the parts that change from paper to paper (dates, item numbers)."""
    text = _NON_WORD.sub(" ", (title or "").casefold().replace("'", ""))
    return _SPACES.sub(" ", _TITLE_NOISE.sub(" ", text)).strip()


def text_similarity(queries: Sequence[str], choices: Sequence[str], workers: int = 1) -> np.ndarray:
    """Scores 0-100, ``len(queries) × len(choices)``: mean of token-set and token-sort ratios,
    computed by ``workers`` threads (rapidfuzz's own; the scores do not depend on it).

    Token-set alone scores a short text inside a longer one at 100 ("The Plan is on
    track" inside "Publish the Plan summary"); token-sort alone punishes added
    detail; their mean keeps rewordings above and strangers below the thresholds.
    """
    if not queries or not choices:
        return np.zeros((len(queries), len(choices)))
    # each distinct text is scored once (a paper can repeat a milestone's wording)
    query_at = {text: i for i, text in enumerate(dict.fromkeys(queries))}
    choice_at = {text: i for i, text in enumerate(dict.fromkeys(choices))}
    distinct_queries, distinct_choices = list(query_at), list(choice_at)
    threads = max(1, workers)
    token_set, token_sort = (
        process.cdist(
            distinct_queries, distinct_choices, scorer=scorer, dtype=np.float64, workers=threads
        )
        for scorer in (fuzz.token_set_ratio, fuzz.token_sort_ratio)
    )
    scores = (token_set + token_sort) / 2.0
    rows = np.fromiter((query_at[q] for q in queries), dtype=np.intp, count=len(queries))
    columns = np.fromiter((choice_at[c] for c in choices), dtype=np.intp, count=len(choices))
    return scores[np.ix_(rows, columns)]


@dataclass
class _Thread:
    """One milestone's history within a plan."""

    key: str
    order: int
    texts: list[str] = field(default_factory=list)
    """Every distinct normalised wording it has had, oldest first."""
    ref: str | None = None
    """Its ref in the latest paper that carried it."""


@dataclass
class _Plan:
    key: str
    titles: set[str] = field(default_factory=set)
    threads: list[_Thread] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Link:
    thread: int
    method: str
    score: float


def _thread_scores(plan: _Plan, texts: list[str], workers: int = 1) -> np.ndarray:
    """Best text score of each new milestone against each thread (over its wordings)."""
    variants = [(i, text) for i, thread in enumerate(plan.threads) for text in thread.texts]
    scores = text_similarity(texts, [text for _, text in variants], workers)
    best = np.zeros((len(texts), len(plan.threads)))
    for column, (thread_index, _) in enumerate(variants):
        np.maximum(best[:, thread_index], scores[:, column], out=best[:, thread_index])
    return best


def _refs_stable(plan: _Plan, refs: list[str | None], scores: np.ndarray) -> bool:
    agree = total = 0
    thread_by_ref = {t.ref: i for i, t in enumerate(plan.threads) if t.ref is not None}
    for row, ref in enumerate(refs):
        if ref is not None and ref in thread_by_ref:
            total += 1
            agree += int(scores[row, thread_by_ref[ref]] >= REF_MIN_SIMILARITY)
    return total > 0 and agree / total >= REF_STABLE_SHARE


def _link_milestones(
    plan: _Plan, texts: list[str], refs: list[str | None], scores: np.ndarray | None = None
) -> list[_Link | None]:
    """For each new milestone (in paper order), the thread it continues, or None;
    ``scores`` are ``_thread_scores(plan, texts)`` when already computed."""
    if not plan.threads:
        return [None] * len(texts)
    if scores is None:
        scores = _thread_scores(plan, texts)
    use_refs = _refs_stable(plan, refs, scores)
    # Ranked by (identical wording, text score + ref bonus): the same words always
    # win, then a shared stable ref lifts its pair above a closer stranger.
    candidates: list[tuple[bool, float, int, int, str]] = []
    for row, (text, ref) in enumerate(zip(texts, refs, strict=True)):
        for column, thread in enumerate(plan.threads):
            score = float(scores[row, column])
            same_ref = use_refs and ref is not None and ref == thread.ref
            by_ref = same_ref and score >= REF_MIN_SIMILARITY
            if not by_ref and score < TEXT_MIN_SIMILARITY:
                continue
            identical = bool(text) and text in thread.texts
            method = "same_text" if identical else ("ref" if by_ref else "text")
            candidates.append((identical, score + REF_BONUS * by_ref, row, column, method))
    candidates.sort(key=lambda c: (not c[0], -c[1], c[2], plan.threads[c[3]].order))
    links: list[_Link | None] = [None] * len(texts)
    taken: set[int] = set()
    for _, _, row, column, method in candidates:
        if links[row] is None and column not in taken:
            links[row] = _Link(column, method, round(float(scores[row, column]), 1))
            taken.add(column)
    return links


def _choose_plan(
    plans: list[_Plan], title: str, texts: list[str], workers: int = 1
) -> tuple[_Plan | None, np.ndarray | None]:
    """The plan the paper continues (None: a new plan) and, when computed, its milestones'
    scores against that plan's threads (the text scoring is most of the history's time)."""
    best: tuple[int, float, int] | None = None
    chosen: _Plan | None = None
    chosen_scores: np.ndarray | None = None
    # A plan of the same title outranks every other (the rank's first term), so when one
    # has it the others need no scoring.
    titled = bool(title) and any(title in plan.titles for plan in plans)
    for order, plan in enumerate(plans):
        same_title = int(bool(title) and title in plan.titles)
        if titled and not same_title:
            continue
        share = 0.0
        scores = None
        if texts and plan.threads:
            scores = _thread_scores(plan, texts, workers)
            matched = int((scores.max(axis=1) >= TEXT_MIN_SIMILARITY).sum())
            share = matched / min(len(texts), len(plan.threads))
        if not same_title and share < PLAN_MIN_SHARE:
            continue
        rank = (same_title, share, -order)
        if best is None or rank > best:
            best, chosen, chosen_scores = rank, plan, scores
    return chosen, chosen_scores


def _organisation_key(organisation: str | None) -> str | None:
    if organisation is None:
        return None
    key = _SPACES.sub(" ", organisation.casefold()).strip()
    return key or None


def _paper_order(doc: Row) -> tuple[Any, ...]:
    return (doc["doc_date"], doc["source_path"] or "", doc["doc_id"])


def _history_rows(documents: list[Row], milestones: list[Row], workers: int = 1) -> list[Row]:
    docs_by_id = {doc["doc_id"]: doc for doc in documents}
    by_doc: dict[str, list[Row]] = {}
    for row in milestones:
        by_doc.setdefault(row["doc_id"], []).append(row)
    for rows in by_doc.values():
        rows.sort(key=lambda r: (r["ordinal"] if r["ordinal"] is not None else 0, r["record_id"]))

    out: list[Row] = []
    by_organisation: dict[str, list[Row]] = {}
    for doc_id in sorted(by_doc):
        doc = docs_by_id.get(doc_id, {"doc_id": doc_id})
        org = _organisation_key(doc.get("organisation"))
        if org is None or doc.get("doc_date") is None:
            plan_key = stable_id("plan", doc.get("organisation"), doc_id)
            for row in by_doc[doc_id]:
                out.append(_row(row, doc, stable_id("milestone", row["record_id"]), plan_key, None))
            continue
        by_organisation.setdefault(org, []).append(doc)

    for org in sorted(by_organisation):
        plans: list[_Plan] = []
        plan_of_row: list[tuple[Row, Row, _Plan, str, _Link | None]] = []
        for doc in sorted(by_organisation[org], key=_paper_order):
            rows = by_doc[doc["doc_id"]]
            texts = [normalise_text(r["text"]) for r in rows]
            refs = [normalise_ref(r["ref"]) for r in rows]
            title = plan_title(doc.get("title"))
            plan, scores = _choose_plan(plans, title, texts, workers)
            if plan is None:
                plan = _Plan(key=stable_id("plan", org, doc["doc_id"]))
                plans.append(plan)
            if title:
                plan.titles.add(title)
            plan.doc_ids.append(doc["doc_id"])
            links = _link_milestones(plan, texts, refs, scores)
            for row, text, ref, link in zip(rows, texts, refs, links, strict=True):
                if link is None:
                    thread = _Thread(
                        key=stable_id("milestone", org, row["record_id"]),
                        order=len(plan.threads),
                    )
                    plan.threads.append(thread)
                else:
                    thread = plan.threads[link.thread]
                if text and text not in thread.texts:
                    thread.texts.append(text)
                thread.ref = ref
                plan_of_row.append((row, doc, plan, thread.key, link))
        for row, doc, plan, key, link in plan_of_row:
            out.append(_row(row, doc, key, plan.key, link))
        _label_plans(out, plans, by_organisation[org])
    _add_previous_state(out)
    return out


def _row(row: Row, doc: Row, key: str, plan_key: str, link: _Link | None) -> Row:
    linkable = _organisation_key(doc.get("organisation")) and doc.get("doc_date") is not None
    return {
        "organisation": doc.get("organisation"),
        "milestone_key": key,
        "doc_id": row["doc_id"],
        "doc_date": doc.get("doc_date"),
        "status": row.get("status"),
        "rag": row.get("rag"),
        "record_id": row["record_id"],
        "plan_key": plan_key,
        "plan": doc.get("title"),
        "ref": row.get("ref"),
        "goal": row.get("goal"),
        "text": row.get("text"),
        "source_path": doc.get("source_path"),
        "page": row.get("page"),
        "ordinal": row.get("ordinal"),
        "match_method": (link.method if link else "first") if linkable else "unlinked",
        "match_score": link.score if link else None,
    }


def _label_plans(out: list[Row], plans: list[_Plan], docs: list[Row]) -> None:
    """Name each plan after its newest paper's title: the name readers know it by now."""
    docs_by_id = {doc["doc_id"]: doc for doc in docs}
    labels = {
        plan.key: max((docs_by_id[d] for d in plan.doc_ids), key=_paper_order).get("title")
        for plan in plans
    }
    for row in out:
        if row["plan_key"] in labels:
            row["plan"] = labels[row["plan_key"]]


def representative_order(row: Row) -> tuple[Any, ...]:
    """Among copies of one paper (same milestone, same date), the first speaks for them."""
    return (row["rag"] is None, row["source_path"] or "", row["doc_id"], row["record_id"])


def is_worse(before: Row, after: Row) -> bool:
    """Did the milestone slip between two rows: colour first, status where colour is missing."""
    if before.get("rag") in RAG_RANK and after.get("rag") in RAG_RANK:
        return RAG_RANK[after["rag"]] > RAG_RANK[before["rag"]]
    if before.get("status") in STATUS_RANK and after.get("status") in STATUS_RANK:
        return STATUS_RANK[after["status"]] > STATUS_RANK[before["status"]]
    return False


def _add_previous_state(out: list[Row]) -> None:
    latest_date: dict[str, date] = {}
    for row in out:
        if row["doc_date"] is not None:
            current = latest_date.get(row["plan_key"])
            if current is None or row["doc_date"] > current:
                latest_date[row["plan_key"]] = row["doc_date"]
    by_key_date: dict[str, dict[date, list[Row]]] = {}
    for row in out:
        row.update(previous_doc_date=None, previous_status=None, previous_rag=None, slipped=False)
        row["in_latest_paper"] = row["doc_date"] is not None and row["doc_date"] == latest_date.get(
            row["plan_key"]
        )
        if row["doc_date"] is not None:
            dates = by_key_date.setdefault(row["milestone_key"], {})
            dates.setdefault(row["doc_date"], []).append(row)
    for dates in by_key_date.values():
        ordered = sorted(dates)
        for before_date, after_date in pairwise(ordered):
            before = min(dates[before_date], key=representative_order)
            for row in dates[after_date]:
                row.update(
                    previous_doc_date=before_date,
                    previous_status=before["status"],
                    previous_rag=before["rag"],
                    slipped=is_worse(before, row),
                )


def build_history(documents: pa.Table, milestones: pa.Table, workers: int = 1) -> pa.Table:
    """The ``milestone_history`` table for published ``documents`` and ``milestones``.

    One row per milestone row; see the module docstring for how rows are linked.
    Only the contract's columns of the inputs are used, so extra columns may come
    and go. The result is sorted by ``MILESTONE_HISTORY_SORT_KEYS``. The text scoring
    (most of the time) runs on ``workers`` threads: an ingest gives its worker count.
    """
    doc_columns = ["doc_id", "source_path", "title", "organisation", "doc_date"]
    milestone_columns = ["doc_id", "record_id", "ordinal", "ref", "goal", "text", "status"]
    milestone_columns += ["rag", "page"]
    rows = _history_rows(
        documents.select(doc_columns).to_pylist(),
        milestones.select(milestone_columns).to_pylist(),
        workers,
    )
    table = pa.Table.from_pylist(rows, schema=MILESTONE_HISTORY)
    if table.num_rows:
        table = table.sort_by([(k, "ascending") for k in MILESTONE_HISTORY_SORT_KEYS])
    return table


def went_from(history: pa.Table, before: str, after: str) -> pa.Table:
    """Rows of each plan's latest paper whose RAG went from ``before`` to ``after``.

    ``went_from(history, "green", "amber")``: which milestones went from green to
    amber since the last report (the same as ``GREEN_TO_AMBER_SQL``).
    """
    mask = pc.and_(
        pc.and_(
            pc.fill_null(history["in_latest_paper"], False),
            pc.equal(history["previous_rag"], before),
        ),
        pc.equal(history["rag"], after),
    )
    return history.filter(pc.fill_null(mask, False))


HISTORY_VERSION = "1"
"""Version of the linking above; a publication made by another version is rebuilt whole."""


def _history_group(doc: Row) -> str:
    """What a paper's history rows depend on: its organisation, or itself when unlinkable."""
    org = _organisation_key(doc.get("organisation"))
    if org is None or doc.get("doc_date") is None:
        return "\0" + doc["doc_id"]
    return org


def update_history(
    previous: pa.Table,
    previous_documents: pa.Table,
    documents: pa.Table,
    milestones: pa.Table,
    changed_doc_ids: set[str],
    workers: int = 1,
) -> tuple[pa.Table, set[str]]:
    """``build_history(documents, milestones)``, rebuilding only the organisations that changed.

    Linking never crosses organisations, so an organisation's rows depend on its own
    papers alone: its rows in ``previous`` (the published history, made from
    ``previous_documents``) are reused unless one of its papers is new, gone, or in
    ``changed_doc_ids`` (processed again this run). Returns the table and the
    organisations (normalised; ``"\\0" + doc_id`` for an unlinkable paper) rebuilt.
    """
    doc_columns = ["doc_id", "organisation", "doc_date"]
    before = {d["doc_id"]: d for d in previous_documents.select(doc_columns).to_pylist()}
    now = {d["doc_id"]: d for d in documents.select(doc_columns).to_pylist()}
    changed = set(changed_doc_ids) | (set(before) ^ set(now))
    affected = {_history_group(docs[d]) for docs in (before, now) for d in changed if d in docs}
    reused = {
        doc_id
        for doc_id, doc in now.items()
        if doc_id in before
        and _history_group(doc) not in affected
        and _history_group(before[doc_id]) == _history_group(doc)
    }
    if not reused:
        return build_history(documents, milestones, workers), affected
    reused_ids = pa.array(sorted(reused), pa.string())
    kept = previous.filter(pc.is_in(previous["doc_id"], reused_ids))
    rebuilt = build_history(
        documents.filter(pc.invert(pc.is_in(documents["doc_id"], reused_ids))),
        milestones.filter(pc.invert(pc.is_in(milestones["doc_id"], reused_ids))),
        workers,
    )
    table = pa.concat_tables([kept.cast(MILESTONE_HISTORY), rebuilt])
    if table.num_rows:
        table = table.sort_by([(k, "ascending") for k in MILESTONE_HISTORY_SORT_KEYS])
    return table, affected
