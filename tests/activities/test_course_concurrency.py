"""Two clerks taking the last place of a course at once: the course row's lock serialises
them, the second counts the first one's enrolment and is refused (the group is full). Proven
on PostgreSQL with two real connections; the same rule is checked serially in
test_course_rules.py."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from opencus.activities import course_services
from opencus.activities.errors import EnrolmentError
from opencus.activities.models import Enrolment
from opencus.core.roles import Role
from tests.activities.course_factories import BEFORE, course_make, enrol, entitled
from tests.personas import user_make

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]


@pytest.mark.parametrize("attempt", range(3))
def test_two_clerks_taking_the_last_place_at_once_one_succeeds(attempt: int) -> None:
    course = course_make(min_participants=1, max_participants=2)
    enrol(course)
    entitlements = [entitled(course), entitled(course)]
    clerks = [user_make(Role.CLIENT_OFFICE), user_make(Role.CLIENT_OFFICE)]
    barrier = threading.Barrier(2)
    outcomes: dict[int, Any] = {}

    def run(k: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[k] = course_services.enrolment_create(
                course=course, entitlement=entitlements[k], acting_user=clerks[k], now=BEFORE
            )
        except Exception as error:  # noqa: BLE001 - recorded for the assertion below
            outcomes[k] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    enrolled = [o for o in outcomes.values() if isinstance(o, Enrolment)]
    refused = [o for o in outcomes.values() if not isinstance(o, Enrolment)]
    assert len(enrolled) == 1, outcomes
    assert len(refused) == 1 and isinstance(refused[0], EnrolmentError), outcomes
    assert refused[0].code == "full"
    assert Enrolment.objects.filter(course=course).count() == 2
