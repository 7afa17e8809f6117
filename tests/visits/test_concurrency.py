"""Changes at the same moment, proven on PostgreSQL with real connections: two taps on "done"
record the visit in the ledger once; two dispatchers moving two visits into the same time of
the same worker are served one after the other (the week's row lock), and the second is
refused as an overlap."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from opencus.delivery.models import DeliveryRecord
from opencus.visits import services
from opencus.visits.errors import PlanError
from opencus.visits.models import Visit
from tests.concurrency import at_once
from tests.visits.conftest import MONDAY
from tests.visits.factories import planner, request_make, staff_worker, worker_make

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]

TUESDAY = MONDAY + dt.timedelta(days=1)


def test_two_taps_on_done_at_once_record_the_visit_once() -> None:
    _worker, user = staff_worker()
    request = request_make(windows=[(MONDAY, dt.time(9), dt.time(12))], today=MONDAY)
    dispatcher = planner()
    plan = services.week_open(day=MONDAY, acting_user=dispatcher, today=MONDAY)
    services.week_compute(plan=plan, acting_user=dispatcher, seconds=0.5, today=MONDAY)
    services.week_publish(plan=plan, acting_user=dispatcher)
    visit = Visit.objects.get(request=request)

    results = at_once(
        lambda: services.visit_done(visit=visit, acting_user=user),
        lambda: services.visit_done(visit=visit, acting_user=user),
    )
    assert all(isinstance(r, services.MarkResult) for r in results), results
    assert sorted(r.repeated for r in results) == [False, True]
    assert DeliveryRecord.objects.filter(entitlement=request.entitlement).count() == 1


def test_two_moves_into_the_same_time_at_once_one_is_refused_as_an_overlap() -> None:
    physio = worker_make()
    other = worker_make("Second physio")
    wide = [(TUESDAY, dt.time(8), dt.time(16))]
    first = request_make(windows=wide, today=MONDAY, duration=60)
    second = request_make(windows=wide, today=MONDAY, duration=60)
    dispatcher = planner()
    plan = services.week_open(day=MONDAY, acting_user=dispatcher, today=MONDAY)
    services.week_compute(plan=plan, acting_user=dispatcher, seconds=0.5, today=MONDAY)
    visits = [Visit.objects.get(request=first), Visit.objects.get(request=second)]
    # Both start elsewhere: with the other worker at other times.
    for index, visit in enumerate(visits):
        services.visit_move(
            visit=visit,
            worker=other,
            day=TUESDAY,
            start=dt.time(8 + 2 * index),
            acting_user=dispatcher,
        )
    results = at_once(
        *(
            (
                lambda v=visit: services.visit_move(
                    visit=v, worker=physio, day=TUESDAY, start=dt.time(13), acting_user=planner()
                )
            )
            for visit in visits
        )
    )
    refused = [r for r in results if isinstance(r, PlanError)]
    moved = [r for r in results if isinstance(r, Visit)]
    assert len(moved) == 1 and len(refused) == 1, results
    assert refused[0].code == "overlap"
    assert Visit.objects.filter(worker=physio, day=TUESDAY).count() == 1
