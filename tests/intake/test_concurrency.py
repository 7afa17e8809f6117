"""Two staff qualifying for the last place at the same moment: exactly one gets it, the other
finds it gone and the request waits. Proven on PostgreSQL with two real connections."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from opencus.core.roles import Role
from opencus.intake.models import ApplicationItem, ItemState
from opencus.intake.services import item_qualify
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import item_make

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]


@pytest.mark.parametrize("attempt", range(3))
def test_two_clerks_qualifying_for_the_last_place_at_once(make_staff, attempt):
    service = ProgrammeServiceFactory.create(capacity=1)
    clerks = [make_staff(Role.SERVICE_ORGANISER), make_staff(Role.SERVICE_ORGANISER)]
    filed = timezone.now() - dt.timedelta(hours=1)
    items = [item_make(service, by=clerk, filed_at=filed) for clerk in clerks]
    barrier = threading.Barrier(2)
    outcomes: dict[int, Any] = {}

    def qualify(item: ApplicationItem, clerk: Any) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[item.pk] = item_qualify(item=item, acting_user=clerk).state
        except Exception as error:  # noqa: BLE001 - recorded for the assertion below
            outcomes[item.pk] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=qualify, args=(item, clerk))
        for item, clerk in zip(items, clerks, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == [ItemState.QUALIFIED, ItemState.WAITING]
    states = ApplicationItem.objects.filter(service=service).values_list("state", flat=True)
    assert sorted(states) == [ItemState.QUALIFIED, ItemState.WAITING]
