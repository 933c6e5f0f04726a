"""Documents' dates as instants: which version of a story is the newest.

A date is what a document says of itself (``Source.date``: a record's ``--date-field``, a page's
published time, a draft's creation time), as text in the many ways archives write it. Compared as
text, ``11:30 +0300`` came after ``09:00 +0000`` and RSS dates sorted by weekday name; compared as
instants (:func:`date_instant`) they sort by time. ``reuse dedup --keep newest`` compares them.
"""

from __future__ import annotations

import datetime
import email.utils
import math
import re
from typing import Any

_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_YEAR_OR_MONTH = re.compile(r"\d{4}(-\d{2})?")
_MILLISECONDS_FROM = 1e11
"""A Unix time this large is milliseconds: 1e11 seconds is the year 5138, 1e11 milliseconds 1973."""


def date_instant(value: Any) -> float | None:
    """A document's date as seconds since 1970 UTC; ``None`` when it has none or it is not a date.

    Text is read as ISO 8601 (a day alone is its start, a year or a year-month their first day),
    then as a number (Unix seconds: a record's number field arrives as text), then as an RFC 2822
    date (email, RSS). A time without a zone (or an unknown zone) is taken as UTC. Numbers are Unix
    seconds, or milliseconds from :data:`_MILLISECONDS_FROM` on (as JavaScript and many CMS exports
    write them); datetimes are taken as they are. Dates before 1970 are negative.

    >>> date_instant("2024-03-04T11:30:00+03:00") < date_instant("Mon, 04 Mar 2024 09:00:00 +0000")
    True
    >>> date_instant("2024-03-05"), date_instant("1709596800"), date_instant("not a date")
    (1709596800.0, 1709596800.0, None)
    >>> date_instant(1709596800000), date_instant("1709596800000")  # milliseconds
    (1709596800.0, 1709596800.0)
    >>> date_instant("1887-09-25") < date_instant("1888")
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


def _unix(number: float) -> float:
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
