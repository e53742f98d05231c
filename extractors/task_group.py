"""Task & finish group reports: recommendations, findings, members and meeting dates.

Findings are (a) the items of a section headed "Findings" or "Conclusions" and (b)
every paragraph that says what the group concluded ("we concluded that …", "we were
satisfied that …", "we found …"), whole, under the sub-heading it sits in; what the
group heard or did ("we heard that …", "we agreed not to pursue …") is not a finding.
A summary list of recommendations repeated in full later is kept once.

``doc_date``: when the paper prints no date of its own, the latest meeting date it
lists ("6 December – final evidence gathering") stands in, the year taken from the
same day and month written with a year elsewhere in the text. It is the earliest the
report can be of, which is closer than nothing; it is never used when any other date
was found.
"""

from __future__ import annotations

import datetime as dt
import re

from extractors.dates import find_dates, find_day_months
from extractors.sections import heading_number
from pipeline.model import Block

_MEETINGS_HEADING = re.compile(r"\b(dates?|meetings?|timescales?|timetable)\b", re.IGNORECASE)


def _meeting_lines(blocks: list[Block]) -> list[str]:
    """The lines under a "Dates and Timescales" / "Meetings" heading."""
    lines: list[str] = []
    inside = False
    for block in blocks:
        if block.kind == "heading":
            inside = bool(_MEETINGS_HEADING.search(heading_number(block.text)[1]))
            continue
        if inside and not block.is_table:
            lines.append(block.text)
    return lines


def latest_meeting_date(blocks: list[Block], full_text: str) -> dt.date | None:
    """The latest date the meetings list gives, yearless dates dated from the text."""
    dated_elsewhere = {(d.day, d.month): d for _, d in find_dates(full_text)}
    latest: dt.date | None = None
    for line in _meeting_lines(blocks):
        candidates = [d for _, d in find_dates(line)]
        candidates += [
            dated_elsewhere[(day, month)]
            for _, day, month in find_day_months(line)
            if (day, month) in dated_elsewhere
        ]
        for date in candidates:
            latest = date if latest is None or date > latest else latest
    return latest
