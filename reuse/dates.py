"""Documents' dates as instants: which printing of a passage came first, which version is newest.

A date is what a document says of itself (``Source.date``: a record's ``--date-field``, a page's
published time, a draft's creation time), as text in the many ways archives write it. Compared as
text, ``11:30 +0300`` came after ``09:00 +0000`` and RSS dates sorted by weekday name; compared as
instants (:func:`date_instant`) they sort by time. :func:`earliest` names the first printing among a
finding's documents (the report's ``earliest``); ``reuse dedup --keep newest|oldest`` compares the
same instants.
"""

from __future__ import annotations

import datetime
import email.utils
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_YEAR_OR_MONTH = re.compile(r"\d{4}(-\d{2})?")
_COMPACT_DAY = re.compile(r"\d{8}")
"""Eight digits are a day (ISO 8601's compact ``20240304``), not Unix seconds (which would be 1970)."""
_MILLISECONDS_FROM = 1e11
"""A Unix time this large is milliseconds: 1e11 seconds is the year 5138, 1e11 milliseconds 1973."""


def date_instant(value: Any) -> float | None:
    """A document's date as seconds since 1970 UTC; ``None`` when it has none or it is not a date.

    Text is read as ISO 8601 (a day alone is its start, a year or a year-month their first day),
    then as a number (Unix seconds: a record's number field arrives as text), then as an RFC 2822
    date (email, RSS). A time without a zone (or an unknown zone) is taken as UTC. Numbers are Unix
    seconds, or milliseconds from :data:`_MILLISECONDS_FROM` on (as JavaScript and many CMS exports
    write them), except a whole number of four digits, which is a year as the text ``1888`` is
    (:data:`YEAR_NUMBERS`); datetimes are taken as they are. Dates before 1970 are negative.

    >>> date_instant("2024-03-04T11:30:00+03:00") < date_instant("Mon, 04 Mar 2024 09:00:00 +0000")
    True
    >>> date_instant("2024-03-05"), date_instant("1709596800"), date_instant("not a date")
    (1709596800.0, 1709596800.0, None)
    >>> date_instant(1709596800000), date_instant("1709596800000")  # milliseconds
    (1709596800.0, 1709596800.0)
    >>> date_instant("1719121620000") == date_instant("2024-06-23T05:47:00Z"), date_instant("20240304")
    (True, 1709510400.0)
    >>> date_instant("1887-09-25") < date_instant("1888")
    True
    >>> date_instant(1888) == date_instant("1888.0") == date_instant("1888") == -2587680000.0  # a year
    True
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _unix(float(value)) if math.isfinite(value) else None
    if isinstance(value, datetime.date):
        return _seconds(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _YEAR_OR_MONTH.fullmatch(text):
        text += "-01" if len(text) == 7 else "-01-01"
    if _NUMBER.fullmatch(text) and not _COMPACT_DAY.fullmatch(text):
        return _unix(float(text))  # before ISO, which reads 1719121620000 (ms) as the day 1719-12-16
    try:
        return _seconds(datetime.datetime.fromisoformat(text))
    except (ValueError, OverflowError):
        pass
    if _NUMBER.fullmatch(text):
        return _unix(float(text))
    try:
        return _seconds(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


YEAR_NUMBERS = (1000, 9999)
"""Whole numbers read as a year, not as Unix seconds: four digits, as ISO 8601 reads the text ``1888``.

A year column arrives as a number (a JSON ``1888``, or ``1888.0`` where pandas wrote a column with
a gap as floats), and 1888 Unix seconds is 00:31 on 1 January 1970, a time no story was filed at."""


def _unix(number: float) -> float:
    """A bare number as an instant: a year (:data:`YEAR_NUMBERS`, its start), else Unix seconds or ms.

    >>> _unix(2024.0) == _seconds(datetime.date(2024, 1, 1)), _unix(1709596800.0)
    (True, 1709596800.0)
    """
    if number.is_integer() and YEAR_NUMBERS[0] <= number <= YEAR_NUMBERS[1]:
        return _seconds(datetime.date(int(number), 1, 1))
    return number / 1000 if abs(number) >= _MILLISECONDS_FROM else number


def _seconds(moment: datetime.date) -> float:
    """Seconds since 1970 UTC of a datetime (naive: UTC) or a date (its start)."""
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.timestamp()


def blank(value: Any) -> bool:
    """Whether a date value says nothing (no value, or only spaces), rather than something not a date.

    >>> blank(None), blank("  "), blank("soon")
    (True, True, False)
    """
    return value is None or (isinstance(value, str) and not value.strip())


def earliest(docs: Iterable[str], dates: Mapping[str, str]) -> dict[str, Any] | None:
    """The first printing among ``docs``: its date, the documents of that instant, and how many have none.

    ``dates`` holds each document's date as its source wrote it (absent, blank or not a date: no
    date, :func:`date_instant`). Returns ``None`` when no document of ``docs`` has a date; else
    ``{"date": ..., "docs": [...]}``: the date as the first of those documents wrote it, and every
    document of that instant, in id order (two papers of the same day are both the first printing).
    ``"undated": n`` is added when ``n`` documents of ``docs`` have no date: any of them may be
    earlier still. Each document counts once, whatever its occurrences.

    >>> dates = {"a": "1887-10-02", "b": "Sun, 25 Sep 1887 00:00:00 GMT", "c": "1887-09-25", "d": "?"}
    >>> earliest(["d", "c", "a", "b", "c"], dates)
    {'date': 'Sun, 25 Sep 1887 00:00:00 GMT', 'docs': ['b', 'c'], 'undated': 1}
    >>> earliest(["a", "x"], {"a": "1887-10-02", "x": ""}), earliest(["d"], dates)
    ({'date': '1887-10-02', 'docs': ['a'], 'undated': 1}, None)
    """
    instants: dict[str, float] = {}
    undated = 0
    for doc in sorted(set(docs)):
        instant = date_instant(dates.get(doc))
        if instant is None:
            undated += 1
        else:
            instants[doc] = instant
    if not instants:
        return None
    first = min(instants.values())
    named = [doc for doc, instant in instants.items() if instant == first]
    return {"date": dates[named[0]], "docs": named} | ({"undated": undated} if undated else {})


def unreadable(dates: Mapping[str, str]) -> list[str]:
    """The documents whose date is something, but not a date (:func:`date_instant`), in id order.

    >>> unreadable({"b": "March 3, 1888", "a": "1888-03-03", "c": " "})
    ['b']
    """
    return sorted(doc for doc, value in dates.items() if not blank(value) and date_instant(value) is None)
