"""The words and glyphs performance reports print around indicators, in one place.

Column headers name what a column holds (``COLUMN_WORDS``); label/value detail lines
use the same words as labels ("Latest: 94%", "Target: 90%, Floor: 85%"). Directions of
travel are read from words (``DIRECTION_WORDS``) or from arrow glyphs (``ARROW_GLYPHS``,
including the Wingdings letters Word stores for its arrows), then given a meaning by
the document's own key when it prints one, else by ``ARROW_MEANING``. A RAG is a colour
word, a coloured circle (``RAG_SYMBOLS``) or, in a column headed "RAG" / "Status", a verdict
such as "On target" (``RAG_STATUS_WORDS``).

Tables that carry colours and figures but no indicators are told apart by their headers
too: registers, judgement grids and action plans (``NOT_INDICATOR_WORDS``), financial
tables (``FINANCIAL_WORDS``), comparisons with other areas (``COMPARISON_WORDS``) and
project status grids (``PROJECT_DIMENSIONS`` by ``STATUS_PERIODS``).

Every entry is a lower-case word or phrase matched on word boundaries.
"""

from __future__ import annotations

COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "name": (
        "indicator",
        "indicators",
        "kpi",
        "kpis",
        "measure",
        "measures",
        "metric",
        "metrics",
        "performance indicator",
        "pi",
        "description",
        "title",
    ),
    "ref": ("ref", "ref.", "reference", "code", "id", "no", "no.", "pi code", "kpi ref"),
    "value": (
        "latest",
        "actual",
        "actuals",
        "value",
        "current",
        "outturn",
        "performance",
        "result",
        "this period",
        "this quarter",
        "this month",
        "ytd",
        "year to date",
    ),
    "target": ("target", "targets", "goal", "ambition", "standard"),
    "floor": ("floor", "threshold", "minimum", "tolerance", "lower limit"),
    "previous": ("previous", "prev", "last", "prior", "preceding", "last quarter", "last year"),
    "rag": ("rag", "r.a.g", "rating", "status", "red amber green", "rag status", "rag rating"),
    "direction": (
        "dot",
        "d.o.t",
        "direction",
        "direction of travel",
        "trend",
        "travel",
        "change",
        "trajectory",
    ),
    "comment": (
        "comment",
        "comments",
        "commentary",
        "narrative",
        "notes",
        "note",
        "explanation",
        "update",
        "remarks",
    ),
    "area": (
        "service",
        "service area",
        "directorate",
        "department",
        "portfolio",
        "theme",
        "division",
        "area",
    ),
    "period": ("period", "date", "as at", "quarter", "month"),
}
"""Header word → the role of the column (also the labels of label/value detail lines)."""

NAME_HEADER_WORDS = COLUMN_WORDS["name"]
"""Words showing a table lists performance indicators (in any header cell)."""

AREA_SUFFIX_WORDS = (
    "kpis",
    "kpi",
    "key performance indicators",
    "performance indicators",
    "indicators",
    "measures",
    "scorecard",
)
"""Trailing words dropped from a name-column header used as the area ("Public Health KPIs")."""

GENERIC_HEADINGS = (
    "key performance indicators",
    "performance indicators",
    "kpis",
    "kpi",
    "indicators",
    "measures",
    "performance measures",
    "scorecard",
    "kpi summary",
    "activity indicators",
    "summary",
    "performance summary",
    "performance",
)
"""Headings that name the KPI part of a section, not the service it belongs to."""

COMPARISON_WORDS = (
    "significance",
    "significant",
    "statistically",
    "statistical",
    "compared",
    "comparison",
    "comparator",
    "vs",
    "versus",
    "england",
    "national",
    "regional",
    "benchmark",
    "confidence",
    "quartile",
    "ranking",
    "rank",
)
"""A coloured column headed with these compares with others; its colours are no RAG."""

NOT_INDICATOR_WORDS = (
    "risk",
    "risks",
    "likelihood",
    "impact",
    "probability",
    "mitigation",
    "mitigations",
    "judgement",
    "judgment",
    "grade",
    "ofsted",
    "inspection",
    "approved",
    "rejected",
    "grant",
    "grants",
    "owner",
    "lead officer",
    "due date",
    "deadline",
    "milestone",
    "milestones",
    "action",
    "actions",
    "deliverable",
    "project",
    "workstream",
    "residual",
    "inherent",
    "control",
    "controls",
    "recommendation",
    "likelihood score",
    "impact score",
)
"""Header words of registers, judgement grids, action plans and grant lists: tables that
carry colours and figures but no performance indicators (checked on the name column and
the columns that are no part of an indicator)."""

FINANCIAL_WORDS = (
    "budget",
    "forecast",
    "variance",
    "spend",
    "expenditure",
    "income",
    "cost",
    "costs",
    "savings",
    "£",
    "£m",
    "£000",
    "£000s",
    "£k",
)
"""Header words of financial tables (budget monitoring, savings trackers): checked on
every column, a "Savings target (£000)" column included."""

ARROW_GLYPHS: dict[str, str] = {
    "▲": "up",
    "△": "up",
    "↑": "up",
    "⬆": "up",
    "⇧": "up",
    "⇑": "up",
    "↗": "up",
    "⏶": "up",
    "▼": "down",
    "▽": "down",
    "↓": "down",
    "⬇": "down",
    "⇩": "down",
    "⇓": "down",
    "↘": "down",
    "⏷": "down",
    "►": "right",
    "▶": "right",
    "→": "right",
    "➡": "right",
    "⇨": "right",
    "⇒": "right",
    "◄": "left",
    "◀": "left",
    "←": "left",
    "⬅": "left",
    "⇦": "left",
    "↔": "both",
    "⇔": "both",
    "⬌": "both",
    "=": "both",
    # Wingdings arrows as Word stores them: in the private-use area, or as the Latin-1
    # letter the font draws as an arrow (read only when the cell holds nothing else)
    "\uf0e9": "up",
    "\uf0ea": "down",
    "\uf0e8": "right",
    "\uf0e7": "left",
    "\uf0f1": "up",
    "\uf0f2": "down",
    "\uf0f0": "right",
    "\uf0ef": "left",
    "\uf0d9": "up",  # Wingdings arrowheads
    "\uf0da": "down",
    "\uf0d8": "right",
    "\uf0d7": "left",
    "é": "up",
    "ê": "down",
    "è": "right",
    "ç": "left",
    "ñ": "up",
    "ò": "down",
    "ð": "right",
    "ï": "left",
}
"""Glyph → which way it points. A PDF symbol font with no Unicode map gives pdfminer's
``(cid:NNN)``; NNN is then read as the Wingdings code point (U+F000 + NNN)."""

ARROW_MEANING: dict[str, str] = {
    "up": "improving",
    "down": "worsening",
    "right": "stable",
    "left": "stable",
    "both": "stable",
}
"""What an arrow means when the document prints no key of its own."""

DIRECTION_WORDS: dict[str, str] = {
    "improving": "improving",
    "improved": "improving",
    "improvement": "improving",
    "better": "improving",
    "getting better": "improving",
    "positive trend": "improving",
    "worsening": "worsening",
    "worsened": "worsening",
    "worse": "worsening",
    "getting worse": "worsening",
    "deteriorating": "worsening",
    "deteriorated": "worsening",
    "declining": "worsening",
    "declined": "worsening",
    "negative trend": "worsening",
    "stable": "stable",
    "no change": "stable",
    "unchanged": "stable",
    "static": "stable",
    "steady": "stable",
    "maintained": "stable",
    "same": "stable",
    "no significant change": "stable",
    "remained stable": "stable",
    "similar": "stable",
}
"""Direction of travel as words (a key entry such as "Performance is improving" too)."""

RAG_SYMBOLS: dict[str, str] = {
    "🟢": "green",
    "🟡": "amber",
    "🟠": "amber",
    "🔴": "red",
    "🔵": "blue",
}
"""Coloured circles that Markdown and web papers print for a RAG."""

RAG_STATUS_WORDS: dict[str, str] = {
    "on target": "green",
    "met": "green",
    "target met": "green",
    "achieved": "green",
    "exceeded": "green",
    "above target": "green",
    "ahead of target": "green",
    "near target": "amber",
    "close to target": "amber",
    "within tolerance": "amber",
    "slightly below target": "amber",
    "off target": "red",
    "not met": "red",
    "target not met": "red",
    "missed": "red",
    "below target": "red",
    "not achieved": "red",
    "achieving": "green",
    "not achieving": "red",
    "on track": "green",
    "off track": "red",
    "at risk": "amber",
}
"""Verdicts a KPI table prints in its RAG / status column instead of a colour word."""

PROJECT_DIMENSIONS = (
    "timeline",
    "timescale",
    "timescales",
    "time",
    "schedule",
    "budget",
    "cost",
    "costs",
    "finance",
    "resources",
    "resourcing",
    "issues",
    "risks",
    "issues & risks",
    "issues and risks",
    "risks & issues",
    "risks and issues",
    "issues/risks",
    "scope",
    "quality",
    "benefits",
    "overall",
    "overall status",
    "overall rag",
    "overall rating",
    "stakeholders",
    "dependencies",
    "governance",
    "delivery",
)

STATUS_PERIODS = (
    "current period",
    "previous period",
    "this period",
    "last period",
    "current month",
    "previous month",
    "last month",
    "this month",
    "current",
    "previous",
    "last report",
    "this report",
)
"""The periods a project status grid rates (its other axis).

A table whose columns are ``PROJECT_DIMENSIONS``, or whose rows are dimensions or
periods, is a project's RAG status grid: it belongs to ``rag_ratings``, not to indicators."""
