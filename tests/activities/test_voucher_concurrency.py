"""Two devices at the venue confirming the same voucher at the same moment: the voucher row is
locked, the second waits, sees it redeemed and is refused; the ledger gets one ticket. Also
two clerks issuing the last ticket of the allowance at once, and two organisers admitting to
the last place of the day home. Proven on PostgreSQL with two real connections; the same rules
are checked serially in test_voucher_services.py and test_daycare_services.py."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from opencus.activities.daycare_services import member_admit
from opencus.activities.errors import DaycareError, VoucherError
from opencus.activities.models import Membership, Voucher, VoucherStatus
from opencus.activities.voucher_services import voucher_issue, voucher_redeem
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from tests.activities.senior_factories import facility_make, venue_make
from tests.people.factories import PersonFactory
from tests.personas import provider_staff_make, user_make
from tests.transport.factories import entitlement_make

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]


def at_once(work: Callable[[int], Any]) -> dict[int, Any]:
    barrier = threading.Barrier(2)
    outcomes: dict[int, Any] = {}

    def run(k: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[k] = work(k)
        except Exception as error:  # noqa: BLE001 - recorded for the assertions
            outcomes[k] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_two_devices_redeeming_the_same_voucher_at_once_redeem_it_once(attempt: int) -> None:
    venue = venue_make()
    devices = [venue.staff, provider_staff_make(venue.line)]
    voucher = voucher_issue(
        person=venue.entitlement().person, service=venue.service, acting_user=venue.clerk
    )
    outcomes = at_once(lambda k: voucher_redeem(voucher=voucher, acting_user=devices[k]))
    redeemed = [o for o in outcomes.values() if isinstance(o, Voucher)]
    refused = [o for o in outcomes.values() if not isinstance(o, Voucher)]
    assert len(redeemed) == 1, outcomes
    assert len(refused) == 1 and isinstance(refused[0], VoucherError), outcomes
    assert refused[0].code == "redeemed"
    assert Voucher.objects.get().status == VoucherStatus.REDEEMED
    assert DeliveryRecord.objects.count() == 1
    assert Voucher.objects.get().transitions.count() == 2


def test_two_clerks_issuing_the_last_ticket_at_once_issue_it_once() -> None:
    venue = venue_make()
    entitlement = venue.entitlement(tickets=1)
    clerks = [venue.clerk, user_make(Role.CLIENT_OFFICE)]
    outcomes = at_once(
        lambda k: voucher_issue(
            person=entitlement.person, service=venue.service, acting_user=clerks[k]
        )
    )
    refused = [o for o in outcomes.values() if not isinstance(o, Voucher)]
    assert len(refused) == 1 and isinstance(refused[0], VoucherError), outcomes
    assert refused[0].code == "allowance"
    assert Voucher.objects.count() == 1


def test_two_organisers_admitting_to_the_last_place_at_once_admit_one() -> None:
    facility = facility_make(capacity=1)
    people = [PersonFactory.create(), PersonFactory.create()]
    for person in people:
        entitlement_make(facility.service, person)
    organisers = [user_make(Role.SERVICE_ORGANISER), user_make(Role.SERVICE_ORGANISER)]
    today = timezone.localdate()
    outcomes = at_once(
        lambda k: member_admit(
            facility=facility,
            person=people[k],
            starts_on=today,
            basis_reference="",
            acting_user=organisers[k],
        )
    )
    refused = [o for o in outcomes.values() if not isinstance(o, Membership)]
    assert len(refused) == 1 and isinstance(refused[0], DaycareError), outcomes
    assert refused[0].code == "capacity"
    assert Membership.objects.count() == 1
