"""The demo centre (``manage.py seed_demo``) seeded once for all the files of this package:
seeding takes many seconds, so every test here asserts on that one seed, each in its own
savepoint rolled back after it. The files of this package go to one test worker together
(``SHARED_PACKAGES`` in tests/conftest.py), so the suite seeds the demo once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

PEOPLE = 600


def seed(people: int = PEOPLE) -> str:
    out = StringIO()
    call_command("seed_demo", people=people, stdout=out)
    return out.getvalue()


@contextmanager
def on_a_demo_day() -> Iterator[None]:
    """The demo's current programmes and contracts begin on 1 January, so before April its
    history (a lottery 40 days back, three months of deliveries) cannot exist yet, by design.
    Then the package builds and reads the demo on 1 April of the year at noon, else at the
    clock."""
    today = timezone.localdate()
    if today.month >= 4:
        yield
        return
    noon = timezone.make_aware(dt.datetime.combine(today.replace(month=4, day=1), dt.time(12)))
    # In UTC: a ZoneInfo destination would make time-machine change the process's TZ.
    with time_machine.travel(noon.astimezone(dt.UTC), tick=True):
        yield


@pytest.fixture(scope="package")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The demo seeded once for the package, in a transaction rolled back when the package
    ends; gives the command's output. The tests' own transactions are savepoints inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with on_a_demo_day():
            output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _on_a_demo_day() -> Iterator[None]:
    with on_a_demo_day():
        yield
