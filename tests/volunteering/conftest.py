"""Tests of the volunteer centre read messages in English and run on a fixed clock: Monday
2 March 2026, 9:00 in Warsaw (none depends on the day the suite runs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

WARSAW = ZoneInfo("Europe/Warsaw")
TODAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WARSAW)


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _clock() -> Iterator[time_machine.Traveller]:
    # In UTC: a ZoneInfo destination would make time-machine change the process's TZ.
    with time_machine.travel(NOW.astimezone(dt.UTC), tick=False) as traveller:
        yield traveller
