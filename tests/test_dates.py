"""Dates as instants (:mod:`reuse.dates`): every way archives write one, and what is not one."""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pytest

from reuse.dates import date_instant, earliest, unreadable


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2024-03-04T11:30:00+03:00", "2024-03-04T08:30:00+00:00", id="offset"),
        pytest.param("2024-03-04T09:00:00Z", "2024-03-04T09:00:00+00:00", id="zulu"),
        pytest.param("2024-03-04 09:00", "2024-03-04T09:00:00+00:00", id="naive-is-utc"),
        pytest.param("2024-03-04", "2024-03-04T00:00:00+00:00", id="day"),
        pytest.param("2024-03", "2024-03-01T00:00:00+00:00", id="month"),
        pytest.param(" 2024 ", "2024-01-01T00:00:00+00:00", id="year"),
        pytest.param("Mon, 04 Mar 2024 11:30:00 +0300", "2024-03-04T08:30:00+00:00", id="rfc-2822"),
        pytest.param("Mon, 04 Mar 2024 09:00:00 GMT", "2024-03-04T09:00:00+00:00", id="rss"),
        pytest.param("1709542800", "2024-03-04T09:00:00+00:00", id="unix-text"),
        pytest.param(1709542800, "2024-03-04T09:00:00+00:00", id="unix"),
        pytest.param(datetime.date(2024, 3, 4), "2024-03-04T00:00:00+00:00", id="date-object"),
    ],
)
def test_date_instant(value: Any, expected: str) -> None:
    assert date_instant(value) == datetime.datetime.fromisoformat(expected).timestamp()


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("not a date", id="words"),
        pytest.param("2024-13-01", id="month-13"),
        pytest.param("Mon, 31 Feb 2024 10:00:00 GMT", id="no-such-day"),
        pytest.param("", id="empty"),
        pytest.param(None, id="none"),
        pytest.param(True, id="bool"),
        pytest.param(float("nan"), id="nan"),
    ],
)
def test_date_instant_invalid(value: Any) -> None:
    assert date_instant(value) is None


# ------------------------------------------------------------------------------ the first printing


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        pytest.param(
            {"a": "1887-10-13", "b": "1887-09-25", "c": "1888-01-22"},
            {"date": "1887-09-25", "docs": ["b"]},
            id="iso-days",
        ),
        pytest.param(
            {"a": "1887-09-25", "b": "1887-09-25", "c": "1888-01-22"},
            {"date": "1887-09-25", "docs": ["a", "b"]},
            id="same-day-both-in-id-order",
        ),
        pytest.param(
            {"b": "Sun, 25 Sep 1887 00:00:00 GMT", "a": "1887-09-25T00:00Z", "c": "1887-09-25T01:00+01:00"},
            {"date": "1887-09-25T00:00Z", "docs": ["a", "b", "c"]},
            id="one-instant-written-three-ways",
        ),
        pytest.param(
            {"a": "2024-03-04T11:30:00+03:00", "b": "2024-03-04T09:00:00+00:00"},
            {"date": "2024-03-04T11:30:00+03:00", "docs": ["a"], "undated": 1},  # c has no date
            id="instants-not-text",
        ),
        pytest.param(
            {"a": "1887-10-13", "b": "", "c": "March 3, 1887"},
            {"date": "1887-10-13", "docs": ["a"], "undated": 2},
            id="blank-and-unreadable-are-undated",
        ),
        pytest.param({"a": "", "c": "soon"}, None, id="none-dated"),
        pytest.param({}, None, id="no-dates-at-all"),
    ],
)
def test_earliest(dates: dict[str, str], expected: dict[str, Any] | None) -> None:
    assert earliest(["c", "a", "b", "a"], dates) == expected


def test_earliest_invalid() -> None:
    """No documents: nothing is earliest."""
    assert earliest([], {"a": "1887-09-25"}) is None


def test_unreadable_names_dates_that_are_not_dates_in_id_order() -> None:
    dates = {"z": "March 3, 1888", "a": "1888-03-03", "m": "", "b": "3/3/1888", "c": "1888"}
    assert unreadable(dates) == ["b", "z"]


def test_milliseconds_written_as_text_are_never_read_as_a_compact_iso_day() -> None:
    """A JSON number arrives as text, and ISO 8601 reads some 13-digit ones as a day: 1719121620000 (23
    June 2024, 05:47) as 1719-12-16, about 1% of millisecond times in 2024-2025 (a walker's archive:
    `--keep newest` kept the story over its correction). Eight digits stay a compact day."""
    rng = np.random.default_rng(5)
    for ms in rng.integers(946_684_800_000, 1_893_456_000_000, 5_000).tolist():
        assert date_instant(str(ms)) == ms / 1000, ms
    correction, story = date_instant("1719121620000"), date_instant("Sun, 23 Jun 2024 05:00:00 +0000")
    assert correction is not None
    assert story is not None
    assert correction > story
    assert date_instant("20240623") == date_instant("2024-06-23")
