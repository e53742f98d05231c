"""The RAG exception report: which milestones are slipping, with their evidence.

``render_report(out_dir)`` reads a publication (``boardpapers ingest --out``) and
returns one self-contained document: HTML (inline CSS and SVG, no scripts, no
network; a Content-Security-Policy forbids any fetch) or Markdown for pasting
into a committee paper.

Per organisation and plan (as linked by ``pipeline.history``), it lists each
milestone's latest state where that state is an exception: rated red or amber,
not or partially achieved, or slipped since the previous paper. Newest paper
first; within a paper red before amber, then in the paper's order. Each item
carries its verdict as printed, the commentary, the vague-wording flags with their
suggestions, its evidence (the sources it and its commentary name, and whether the
commentary says the evidence was seen or is missing), the latest RAG of each
performance indicator of its organisation that measures it (``pipeline.links``), and
links to every copy of the paper it came from (a PDF link opens at the page). Where
a plan has more than one paper date, a bar chart shows the status counts of each
paper.
"""

from __future__ import annotations

import math
import os
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import RunError
from pipeline.history import build_history, representative_order
from pipeline.links import build_milestone_indicators
from pipeline.publish import pinned_dir, read_manifest
from pipeline.schema import MILESTONE_STATUSES, TABLES

FORMATS = ("html", "md")
TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_FOR_FORMAT = {"html": "report.html.j2", "md": "report.md.j2"}

EXCEPTION_RAGS = ("red", "amber")
EXCEPTION_STATUSES = ("not_achieved", "partially_achieved")
STATUS_LABELS = {status: status.replace("_", " ").capitalize() for status in MILESTONE_STATUSES}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# Chart colours per status: a sequence from done to not done, distinct from the RAG
# colours so a bar is never read as a RAG rating; statuses without a rank are grey.
STATUS_COLOURS = {
    "achieved": "#1b7837",
    "in_progress": "#7fbf7b",
    "not_started": "#c2a5cf",
    "partially_achieved": "#e08214",
    "not_achieved": "#b2182b",
    "no_conclusion": "#bababa",
    "not_yet_assessed": "#d9d9d9",
    "unknown": "#f0f0f0",
}
CHART_WIDTH = 560
CHART_HEIGHT = 200
CHART_MARGIN = {"left": 34, "right": 10, "top": 12, "bottom": 34}
CHART_LABEL_WIDTH = 72
"""Room one date label needs under its bar, in SVG user units."""

Row = dict[str, Any]


@dataclass(frozen=True)
class SourceLink:
    label: str
    """File name and page: ``plan.pdf, page 3``."""
    href: str
    name: str
    """The file name without its extension, shown once for the copies of one paper."""
    kind: str
    """``PDF, page 3`` or ``DOCX``: the link text beside ``name``."""


@dataclass(frozen=True)
class FlagView:
    rule: str
    severity: str
    matched_text: str
    message: str
    suggestion: str | None


@dataclass(frozen=True)
class EvidenceView:
    text: str
    kind: str
    where: str
    """``milestone``, ``comment`` or ``verdict``: where the paper names it."""


@dataclass(frozen=True)
class IndicatorView:
    """The latest report of an indicator that measures the milestone."""

    name: str
    rag: str | None
    value: str | None
    target: str | None
    period: str | None
    doc_date: date | None


@dataclass(frozen=True)
class ReportItem:
    doc_date: date | None
    ref: str | None
    goal: str | None
    text: str | None
    status: str
    status_label: str
    status_raw: str | None
    rag: str | None
    comment: str | None
    reasons: list[str]
    slipped: bool
    previous: str | None
    """The state at the previous paper, in words: ``"Green, 20 January 2025"``."""
    flags: list[FlagView]
    sources: list[SourceLink]
    evidence: list[EvidenceView] = field(default_factory=list)
    evidence_status: str | None = None
    """``seen`` or ``missing`` where the commentary says so."""
    indicators: list[IndicatorView] = field(default_factory=list)


@dataclass(frozen=True)
class ChartSegment:
    status: str
    label: str
    count: int
    y: float
    height: float
    colour: str


@dataclass(frozen=True)
class ChartBar:
    label: str
    x: float
    width: float
    total: int
    top: float
    segments: list[ChartSegment]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    left: float
    right: float
    top: float
    max_total: int
    bars: list[ChartBar]
    legend: list[tuple[str, str]]
    """(label, colour) for each status that occurs."""


@dataclass
class PlanSection:
    organisation: str
    plan: str
    papers: list[date | None]
    items: list[ReportItem] = field(default_factory=list)
    chart: Chart | None = None
    counts: list[tuple[str, list[int]]] = field(default_factory=list)
    """Per status that occurs: its label and its count in each paper (the chart's data)."""

    @property
    def summary(self) -> dict[str, int]:
        return {
            "red": sum(i.rag == "red" for i in self.items),
            "amber": sum(i.rag == "amber" for i in self.items),
            "not_achieved": sum(i.status == "not_achieved" for i in self.items),
            "partially_achieved": sum(i.status == "partially_achieved" for i in self.items),
            "slipped": sum(i.slipped for i in self.items),
        }


@dataclass(frozen=True)
class SilentPaper:
    """A published paper that gave no records at all, with what its receipt says."""

    source: SourceLink
    note: str | None


@dataclass
class Report:
    sections: list[PlanSection]
    n_papers: int
    published_at: str | None
    since: date | None
    organisation: str | None
    no_records: list[SilentPaper] = field(default_factory=list)
    """Papers that gave no milestones, indicators, RAG ratings or statements: check them."""


def format_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "undated"


def _short_date(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else "undated"


def read_tables(out_dir: Path, names: Iterable[str]) -> dict[str, pa.Table]:
    """Published tables by name; a table folder that is missing reads as empty."""
    if not (out_dir / "documents").exists():
        raise RunError(
            f"No published tables in {out_dir}; run `boardpapers ingest RAW_DIR --out {out_dir}` "
            "first, or point at the folder you published to."
        )
    source = pinned_dir(out_dir)  # one version for every table, resolved once
    tables: dict[str, pa.Table] = {}
    for name in names:
        path = source / name
        has_data = path.is_dir() and any(path.rglob("*.parquet"))  # partitioned too
        tables[name] = pq.read_table(path) if has_data else TABLES[name].empty_table()
    return tables


def source_href(source_path: str, raw_dir: Path | None, link_from: Path, page: int | None) -> str:
    """A relative link from the report's folder to the paper (at its page, for a PDF)."""
    target = (raw_dir / source_path) if raw_dir else Path(source_path)
    relative = Path(os.path.relpath(target.absolute(), link_from.absolute())).as_posix()
    href = urllib.parse.quote(relative, safe="/._-~")
    if page and source_path.lower().endswith(".pdf"):
        href += f"#page={page}"
    return href


def _raw_dir_of(out_dir: Path, raw_dir: Path | None) -> Path | None:
    if raw_dir is not None:
        return raw_dir
    recorded = read_manifest(out_dir).get("raw_dir")
    return Path(recorded) if recorded else None


def _matches_organisation(name: str | None, wanted: str) -> bool:
    return name is not None and wanted.casefold().strip() in name.casefold()


def _reasons(row: Row) -> list[str]:
    reasons = [row["rag"].capitalize()] if row["rag"] in EXCEPTION_RAGS else []
    if row["status"] in EXCEPTION_STATUSES:
        reasons.append(STATUS_LABELS[row["status"]])
    if row["slipped"]:
        reasons.append("Slipped")
    return reasons


def _previous(row: Row) -> str | None:
    if row["previous_doc_date"] is None:
        return None
    state = (row["previous_rag"] or "").capitalize() or STATUS_LABELS.get(
        row["previous_status"] or "unknown", "Unknown"
    )
    return f"{state}, {format_date(row['previous_doc_date'])}"


def _verdict_as_printed(status_raw: str | None, status: str | None) -> str | None:
    """The printed verdict, unless it only repeats the status ("Partially achieved.")."""
    label = STATUS_LABELS.get(status or "unknown", "")
    if status_raw is None or status_raw.strip(" .;:").casefold() == label.casefold():
        return None
    return status_raw


def _item_order(item: ReportItem, ordinal: int) -> tuple[Any, ...]:
    rag_rank = {"red": 0, "amber": 1}.get(item.rag or "", 2)
    status_rank = {"not_achieved": 0, "partially_achieved": 1}.get(item.status, 2)
    newest_first = -(item.doc_date.toordinal() if item.doc_date else 0)
    return (newest_first, rag_rank, status_rank, ordinal)


def status_chart(papers: list[date | None], counts: Mapping[date | None, Counter[str]]) -> Chart:
    """Stacked bars of status counts, one per paper date, laid out in SVG user units."""
    left, right = CHART_MARGIN["left"], CHART_WIDTH - CHART_MARGIN["right"]
    top, baseline = CHART_MARGIN["top"], CHART_HEIGHT - CHART_MARGIN["bottom"]
    max_total = max((sum(c.values()) for c in counts.values()), default=0) or 1
    slot = (right - left) / max(len(papers), 1)
    bar_width = min(64.0, slot * 0.6)
    scale = (baseline - top) / max_total
    present = [s for s in MILESTONE_STATUSES if any(counts[p][s] for p in papers)]
    # Monthly reports over two years must not print 24 dates on top of each other.
    label_every = max(1, math.ceil(CHART_LABEL_WIDTH / slot))
    bars: list[ChartBar] = []
    for index, paper in enumerate(papers):
        y = baseline
        segments = []
        for status in present:
            n = counts[paper][status]
            if not n:
                continue
            height = n * scale
            y -= height
            segments.append(
                ChartSegment(
                    status,
                    STATUS_LABELS[status],
                    n,
                    round(y, 1),
                    round(height, 1),
                    STATUS_COLOURS[status],
                )
            )
        x = left + slot * index + (slot - bar_width) / 2
        total = sum(counts[paper].values())
        bars.append(
            ChartBar(
                label=_short_date(paper) if index % label_every == 0 else "",
                x=round(x, 1),
                width=round(bar_width, 1),
                total=total,
                top=round(y, 1),
                segments=segments,
            )
        )
    legend = [(STATUS_LABELS[s], STATUS_COLOURS[s]) for s in present]
    return Chart(CHART_WIDTH, CHART_HEIGHT, baseline, left, right, top, max_total, bars, legend)


EVIDENCE_WHERE = {"text": "milestone", "comment": "comment", "status_raw": "verdict"}


def _evidence_views(items: list[Row] | None) -> list[EvidenceView]:
    """The sources a milestone row names, each wording once, in the paper's order."""
    views: list[EvidenceView] = []
    seen: set[str] = set()
    for item in items or []:
        key = " ".join(item["text"].casefold().split())
        if key not in seen:
            seen.add(key)
            where = EVIDENCE_WHERE.get(item["field"], item["field"])
            views.append(EvidenceView(item["text"], item["kind"], where))
    return views


def _indicators_by_milestone(
    documents: pa.Table, milestones: pa.Table, indicators: pa.Table
) -> dict[str, list[IndicatorView]]:
    """Per milestone record: the latest report of each indicator linked to it."""
    links = build_milestone_indicators(documents, milestones, indicators).to_pylist()
    if not links:
        return {}
    docs = {d["doc_id"]: d for d in documents.to_pylist()}

    def newest_last(indicator: Row) -> tuple[date, str]:
        doc = docs.get(indicator["doc_id"], {})
        return (doc.get("doc_date") or date.min, doc.get("source_path") or "")

    rows = {r["record_id"]: r for r in indicators.to_pylist()}
    latest: dict[str, dict[tuple[str | None, str], Row]] = {}
    for link in links:
        indicator = rows[link["indicator_record_id"]]
        key = (indicator["ref"], " ".join(indicator["name"].casefold().split()))
        chosen = latest.setdefault(link["milestone_record_id"], {})
        if key not in chosen or newest_last(indicator) > newest_last(chosen[key]):
            chosen[key] = indicator
    return {
        record_id: [
            IndicatorView(
                name=row["name"],
                rag=row["rag"],
                value=row["value"],
                target=row["target"],
                period=row["period"],
                doc_date=docs.get(row["doc_id"], {}).get("doc_date"),
            )
            for row in sorted(chosen.values(), key=lambda r: r["ordinal"] or 0)
        ]
        for record_id, chosen in latest.items()
    }


def _flags_by_record(flags: pa.Table) -> dict[str, list[FlagView]]:
    by_record: dict[str, list[FlagView]] = {}
    for flag in flags.to_pylist():
        if flag["table"] != "milestones":
            continue
        by_record.setdefault(flag["record_id"], []).append(
            FlagView(
                rule=flag["rule"],
                severity=flag["severity"],
                matched_text=flag["matched_text"],
                message=flag["message"],
                suggestion=flag["suggestion"],
            )
        )
    for views in by_record.values():
        views.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.rule, f.matched_text))
    return by_record


def build_report(
    out_dir: Path,
    since: date | None = None,
    organisation: str | None = None,
    *,
    raw_dir: Path | None = None,
    link_from: Path | None = None,
) -> Report:
    """The report's content, ready for a template; see ``render_report``."""
    tables = read_tables(out_dir, ["documents", "milestones", "flags", "receipts", "indicators"])
    documents, milestones = tables["documents"], tables["milestones"]
    history = build_history(documents, milestones).to_pylist()
    measured_by = _indicators_by_milestone(documents, milestones, tables["indicators"])
    if organisation is not None:
        known = sorted({r["organisation"] for r in documents.to_pylist() if r["organisation"]})
        if not any(_matches_organisation(name, organisation) for name in known):
            raise RunError(
                f"No papers from an organisation matching {organisation!r}; "
                f"the publication has: {', '.join(known) or 'none'}."
            )
        history = [r for r in history if _matches_organisation(r["organisation"], organisation)]
    if since is not None:
        history = [r for r in history if r["doc_date"] is not None and r["doc_date"] >= since]

    milestone_rows = {r["record_id"]: r for r in milestones.to_pylist()}
    flags = _flags_by_record(tables["flags"])
    raw = _raw_dir_of(out_dir, raw_dir)
    link_from = link_from or Path.cwd()

    by_plan: dict[str, list[Row]] = {}
    for row in history:
        by_plan.setdefault(row["plan_key"], []).append(row)
    sections: list[PlanSection] = []
    for rows in by_plan.values():
        papers = sorted({r["doc_date"] for r in rows}, key=lambda d: d or date.min)
        section = PlanSection(
            organisation=rows[0]["organisation"] or "Organisation not stated",
            plan=rows[0]["plan"] or "Untitled paper",
            papers=papers,
        )
        by_key_date: dict[tuple[str, date | None], list[Row]] = {}
        for row in rows:
            by_key_date.setdefault((row["milestone_key"], row["doc_date"]), []).append(row)
        counts: dict[date | None, Counter[str]] = {paper: Counter() for paper in papers}
        latest: dict[str, tuple[date | None, list[Row]]] = {}
        for (key, when), copies in by_key_date.items():
            copies.sort(key=representative_order)
            counts[when][copies[0]["status"] or "unknown"] += 1
            if key not in latest or (when or date.min) > (latest[key][0] or date.min):
                latest[key] = (when, copies)
        ordered: list[tuple[tuple[Any, ...], ReportItem]] = []
        for when, copies in latest.values():
            row = copies[0]
            reasons = _reasons(row)
            if not reasons:
                continue
            source = milestone_rows.get(row["record_id"], {})
            item = ReportItem(
                doc_date=when,
                ref=row["ref"],
                goal=row["goal"],
                text=row["text"],
                status=row["status"] or "unknown",
                status_label=STATUS_LABELS.get(row["status"] or "unknown", "Unknown"),
                status_raw=_verdict_as_printed(source.get("status_raw"), row["status"]),
                rag=row["rag"],
                comment=source.get("comment"),
                reasons=reasons,
                slipped=bool(row["slipped"]),
                previous=_previous(row),
                flags=flags.get(row["record_id"], []),
                sources=[
                    _source_link(copy, raw, link_from)
                    for copy in sorted(copies, key=lambda c: c["source_path"] or "")
                ],
                evidence=_evidence_views(source.get("evidence")),
                evidence_status=source.get("evidence_status"),
                indicators=measured_by.get(row["record_id"], []),
            )
            ordered.append((_item_order(item, row["ordinal"] or 0), item))
        section.items = [item for _, item in sorted(ordered, key=lambda pair: pair[0])]
        present = [s for s in MILESTONE_STATUSES if any(counts[p][s] for p in papers)]
        section.counts = [(STATUS_LABELS[s], [counts[p][s] for p in papers]) for s in present]
        if len(papers) > 1:
            section.chart = status_chart(papers, counts)
        sections.append(section)

    sections.sort(
        key=lambda s: (s.organisation.casefold(), -max(p.toordinal() if p else 0 for p in s.papers))
    )
    return Report(
        sections=sections,
        n_papers=len({r["doc_id"] for r in history}),
        published_at=read_manifest(out_dir).get("published_at"),
        since=since,
        organisation=organisation,
        no_records=_silent_papers(
            documents, tables["receipts"], since, organisation, raw, link_from
        ),
    )


def _silent_papers(
    documents: pa.Table,
    receipts: pa.Table,
    since: date | None,
    organisation: str | None,
    raw_dir: Path | None,
    link_from: Path,
) -> list[SilentPaper]:
    """Papers in the selection whose receipt counts no record, by source path."""
    empty = {r["doc_id"]: r["notes"] for r in receipts.to_pylist() if r["records"] == 0}
    papers: list[SilentPaper] = []
    for doc in sorted(documents.to_pylist(), key=lambda d: d["source_path"] or ""):
        if doc["doc_id"] not in empty:
            continue
        if organisation is not None and not _matches_organisation(
            doc["organisation"], organisation
        ):
            continue
        if since is not None and (doc["doc_date"] is None or doc["doc_date"] < since):
            continue
        link = _source_link({"source_path": doc["source_path"], "page": None}, raw_dir, link_from)
        papers.append(SilentPaper(link, empty[doc["doc_id"]]))
    return papers


def _source_link(row: Row, raw_dir: Path | None, link_from: Path) -> SourceLink:
    source_path = row["source_path"] or ""
    file_name = source_path.rsplit("/", 1)[-1] or "source"
    stem, _, suffix = file_name.rpartition(".")
    # Only a PDF has fixed pages; a DOCX page depends on the printer and the fonts.
    page = row["page"] if suffix.lower() == "pdf" else None
    kind = suffix.upper() or "file"
    return SourceLink(
        label=f"{file_name}, page {page}" if page else file_name,
        href=source_href(source_path, raw_dir, link_from, page),
        name=stem or file_name,
        kind=f"{kind}, page {page}" if page else kind,
    )


_MARKDOWN_SPECIAL = set("\\`*_{}[]<>|#&~!")


def markdown_escape(value: object) -> str:
    """Text safe inside a Markdown table cell: specials backslash-escaped, one line."""
    text = " ".join(str(value).split()) if value is not None else ""
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in text)


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        # HTML templates escape every value; the Markdown one escapes with ``md``.
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = markdown_escape
    environment.filters["long_date"] = format_date
    environment.filters["short_date"] = _short_date
    return environment


def render_report(
    out_dir: Path,
    fmt: str = "html",
    since: date | None = None,
    organisation: str | None = None,
    *,
    raw_dir: Path | None = None,
    link_from: Path | None = None,
) -> str:
    """The exception report for the publication in ``out_dir``, as HTML or Markdown.

    ``since`` keeps papers dated on or after it; ``organisation`` keeps organisations
    whose name contains it (case ignored). Source links are relative paths from
    ``link_from`` (the folder the report will be saved in; default the current
    folder) to ``raw_dir`` (default the folder the publication was ingested from,
    as recorded in its manifest). Raises ``RunError`` for a folder with no
    publication, an unknown format or an organisation with no papers.
    """
    if fmt not in FORMATS:
        raise RunError(f"Unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
    report = build_report(out_dir, since, organisation, raw_dir=raw_dir, link_from=link_from)
    template = _environment().get_template(TEMPLATE_FOR_FORMAT[fmt])
    return template.render(report=report, status_labels=STATUS_LABELS)
