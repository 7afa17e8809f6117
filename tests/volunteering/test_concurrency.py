"""Changes at the same moment, proven on PostgreSQL with real connections: two coordinators
placing two volunteers on a need for one are served one after the other (the need's row lock)
and the second is refused; two confirmations of the same hours record them in the ledger
once."""

from __future__ import annotations

import pytest
from django.db import connection

from opencus.delivery.models import DeliveryRecord
from opencus.volunteering import services
from opencus.volunteering.errors import AssignmentError
from opencus.volunteering.models import Agreement, Assignment, HoursStatus
from tests.concurrency import at_once
from tests.volunteering.conftest import TODAY
from tests.volunteering.factories import (
    agreement_make,
    assignment_make,
    coordinator,
    help_entitlement,
    need_make,
    ready_volunteer,
    volunteer_make,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]


def test_two_placements_on_a_need_for_one_at_once_one_is_refused() -> None:
    need = need_make(volunteers_needed=1)
    first, second = ready_volunteer(), ready_volunteer()
    one, two = coordinator(), coordinator()
    results = at_once(
        lambda: services.assignment_create(need=need, volunteer=first, acting_user=one),
        lambda: services.assignment_create(need=need, volunteer=second, acting_user=two),
    )
    assert sum(isinstance(r, Assignment) for r in results) == 1, results
    assert sum(isinstance(r, AssignmentError) for r in results) == 1, results
    assert Assignment.objects.filter(need=need).count() == 1


def test_two_confirmations_of_the_same_hours_record_them_once() -> None:
    entitlement = help_entitlement()
    volunteer = ready_volunteer(account=True)
    assignment = assignment_make(volunteer, need_make(person=entitlement.person))
    log = services.hours_log(
        assignment=assignment, worked_on=TODAY, hours=2, scope="Zakupy", acting_user=volunteer.user
    )
    one, two = coordinator(), coordinator()
    results = at_once(
        lambda: services.hours_confirm(log=log, acting_user=one),
        lambda: services.hours_confirm(log=log, acting_user=two),
    )
    assert all(getattr(r, "status", None) == HoursStatus.CONFIRMED for r in results), results
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 1


def test_two_agreements_concluded_at_once_get_different_numbers() -> None:
    first, second = volunteer_make(), volunteer_make()
    boss = coordinator()

    outcomes = at_once(
        lambda: agreement_make(first, starts_on=TODAY, by=boss),
        lambda: agreement_make(second, starts_on=TODAY, by=boss),
    )
    assert all(isinstance(o, Agreement) for o in outcomes), outcomes
    assert {o.number for o in outcomes} == {f"WOL/1/{TODAY.year}", f"WOL/2/{TODAY.year}"}
