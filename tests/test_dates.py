"""Dates as instants (:mod:`reuse.dates`): every way archives write one, and what is not one."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from reuse.dates import date_instant


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
