"""Two provider staff recording the last remaining unit of an entitlement at the same moment:
exactly one record is written, the other is refused with the numbers. Proven on PostgreSQL with
two real connections (the entitlement and the contract line rows are locked before summing)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from opencus.core.roles import Role
from opencus.delivery.errors import DeliveryError
from opencus.delivery.models import DeliveryRecord
from opencus.delivery.services import delivery_record
from tests.delivery.factories import entitlement_make, line_make, staff_link

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]


@pytest.mark.parametrize("attempt", range(3))
def test_two_staff_recording_the_last_unit_at_once(make_staff, attempt):
    line = line_make()
    entitlement = entitlement_make(
        line=line, allowances=[{"units": 1, "unit": "ride", "period": "month"}]
    )
    workers = [make_staff(Role.PROVIDER_STAFF), make_staff(Role.PROVIDER_STAFF)]
    for worker in workers:
        staff_link(worker, line)
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def record(worker: Any) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(
                delivery_record(
                    entitlement=entitlement,
                    delivered_on=timezone.localdate(),
                    units=1,
                    acting_user=worker,
                )
            )
        except Exception as error:  # noqa: BLE001 - recorded for the assertion below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    written = [o for o in outcomes if isinstance(o, DeliveryRecord)]
    refused = [o for o in outcomes if isinstance(o, DeliveryError)]
    assert len(written) == 1 and len(refused) == 1, outcomes
    assert refused[0].code == "allowance", refused[0].messages  # the last unit was taken
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 1
