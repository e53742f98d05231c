"""Dates as UK committee papers print them: "30 October 2012", "20th February 2013", "07/12/11"."""

from __future__ import annotations

import datetime as dt
import re

from extractors.text_utils import per_document

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))

# "30 October 2012", "20th February 2013", "24 th January 2013", "Thursday 19 January 2012",
# "Wednesday14th November 2018" (the space lost)
_DAY_MONTH_YEAR = re.compile(
    rf"(?:\b|(?<=day))(?P<d>\d{{1,2}})\s?(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_ALT})\.?,?\s+(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
# "October 30, 2012", "March 14th 2016", "THURSDAY SEPTEMBER 1ST 2011": month first, the
# day followed by a comma or an ordinal suffix.
_MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<m>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:(?:st|nd|rd|th),?|,)\s+(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
# "07/12/11", "7.12.2011", "07-12-2011": day first, as in the UK.
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})(?![\d/.-])"
)
# ISO "2012-10-30"
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")


def _make(y: str, m: str | int, d: str) -> dt.date | None:
    year = int(y)
    if year < 100:
        year += 2000 if year < 70 else 1900
    month = m if isinstance(m, int) else (MONTHS.get(m.lower().rstrip(".")) or int(m))
    try:
        return dt.date(year, month, int(d))
    except ValueError:
        return None


_DIGIT = re.compile(r"\d")
"""Every date pattern needs a digit (the same ``\\d``): text without one holds no date."""


def find_date_spans(text: str) -> list[tuple[int, int, dt.date]]:
    """Every date in ``text`` as ``(start, end, date)``, in the order they appear."""
    return list(_date_spans(text))


@per_document
def _date_spans(text: str) -> tuple[tuple[int, int, dt.date], ...]:
    if not _DIGIT.search(text):
        return ()
    found: list[tuple[int, int, dt.date]] = []
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _ISO, _NUMERIC):
        for m in pattern.finditer(text):
            month: str | int = m.group("m")
            if pattern in (_NUMERIC, _ISO):
                month = int(month)
            date = _make(m.group("y"), month, m.group("d"))
            if date and not any(start <= m.start() < end for start, end, _ in found):
                found.append((m.start(), m.end(), date))
    found.sort()
    return tuple(found)


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """Every date in ``text`` as ``(offset, date)``, in the order they appear."""
    return [(start, date) for start, _, date in find_date_spans(text)]


def parse_date(text: str | None) -> dt.date | None:
    """The first date in ``text``, or None."""
    if not text:
        return None
    dates = find_dates(text)
    return dates[0][1] if dates else None


# "5 April", "6th December" with no year after them (meeting lists in task group reports).
_DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}})\s?(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_ALT})\b\.?(?!,?\s+\d{{4}})",
    re.IGNORECASE,
)


def find_day_months(text: str) -> list[tuple[int, int, int]]:
    """Every yearless "5 April" in ``text`` as ``(offset, day, month)``, in order."""
    found: list[tuple[int, int, int]] = []
    for m in _DAY_MONTH.finditer(text):
        day, month = int(m.group("d")), MONTHS[m.group("m").lower()]
        if 1 <= day <= 31:
            found.append((m.start(), day, month))
    return found
