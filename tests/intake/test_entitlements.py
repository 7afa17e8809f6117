"""Entitlements: qualification grants one (units from the programme's limits, the provider
when only one has a contract); suspending or ending it frees the place and promotes the next
person on the waiting list; resuming needs a free place."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone, translation

from opencus.catalog.models import Period, Unit
from opencus.core.models import AuditEvent
from opencus.core.roles import Role
from opencus.intake.entitlements import entitlement_assign_provider
from opencus.intake.models import Entitlement, EntitlementStatus, EntitlementTransition, ItemState
from opencus.intake.selectors import Suspension, entitlement_suspensions, free_places
from opencus.intake.services import (
    entitlement_end,
    entitlement_resume,
    entitlement_suspend,
    item_qualify,
    item_withdraw,
)
from tests.catalog.factories import ProgrammeServiceFactory, ServiceLimitFactory
from tests.intake.factories import contract_for, item_make
from tests.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def test_qualifying_grants_an_entitlement_with_the_limits_and_the_only_provider(organiser):
    service = ProgrammeServiceFactory.create(capacity=None)
    ServiceLimitFactory.create(service=service, units=2, unit=Unit.RIDE, period=Period.MONTH)
    ServiceLimitFactory.create(service=service, units=8, unit=Unit.RIDE, period=Period.YEAR)
    line = contract_for(service)
    item = item_qualify(item=item_make(service, by=organiser, minutes_ago=1), acting_user=organiser)

    entitlement = Entitlement.objects.get(item=item)
    assert entitlement.person_id == item.person_id and entitlement.service == service
    assert entitlement.provider == line.contract.provider
    assert entitlement.status == EntitlementStatus.ACTIVE
    assert entitlement.starts_on == timezone.localdate()
    assert entitlement.allowances == [
        {"units": 2, "unit": "ride", "period": "month"},
        {"units": 8, "unit": "ride", "period": "year"},
    ]
    assert entitlement.allowance_text == "2 × ride / month; 8 × ride / year"


def test_with_two_contracted_providers_the_organiser_chooses_among_them(organiser):
    service = ProgrammeServiceFactory.create(capacity=None)
    first, second = contract_for(service), contract_for(service)
    outsider = ProviderFactory.create()
    entitlement = item_qualify(
        item=item_make(service, by=organiser, minutes_ago=1), acting_user=organiser
    ).entitlement
    assert entitlement.provider is None

    with pytest.raises(ValidationError, match="no contract for this service"):
        entitlement_assign_provider(
            entitlement=entitlement, provider=outsider, acting_user=organiser
        )
    entitlement.refresh_from_db()
    assert entitlement.provider is None

    entitlement_assign_provider(
        entitlement=entitlement, provider=second.contract.provider, acting_user=organiser
    )
    entitlement.refresh_from_db()
    assert entitlement.provider == second.contract.provider
    assert first.contract.provider != second.contract.provider


def test_suspending_frees_the_place_and_resuming_needs_one(organiser):
    service = ProgrammeServiceFactory.create(capacity=1)
    holder = item_qualify(
        item=item_make(service, by=organiser, minutes_ago=10), acting_user=organiser
    )
    waiting = item_qualify(
        item=item_make(service, by=organiser, minutes_ago=5), acting_user=organiser
    )
    assert waiting.state == ItemState.WAITING

    with pytest.raises(ValidationError, match="why"):
        entitlement_suspend(entitlement=holder.entitlement, acting_user=organiser, reason=" ")
    entitlement_suspend(entitlement=holder.entitlement, acting_user=organiser, reason="hospital")

    waiting.refresh_from_db()
    assert waiting.state == ItemState.QUALIFIED  # promoted into the freed place
    assert free_places(service) == 0
    with pytest.raises(ValidationError, match="no free place"):
        entitlement_resume(entitlement=holder.entitlement, acting_user=organiser)
    assert Entitlement.objects.get(item=holder).status == EntitlementStatus.SUSPENDED

    item_withdraw(item=waiting, acting_user=organiser, reason="No longer needed.")
    resumed = entitlement_resume(entitlement=holder.entitlement, acting_user=organiser)
    assert resumed.status == EntitlementStatus.ACTIVE
    assert free_places(service) == 0
    with pytest.raises(ValidationError, match="Only a suspended"):
        entitlement_resume(entitlement=resumed, acting_user=organiser)


def test_ending_participation_withdraws_the_request_and_promotes_the_next(organiser):
    service = ProgrammeServiceFactory.create(capacity=1)
    holder = item_qualify(
        item=item_make(service, by=organiser, minutes_ago=10), acting_user=organiser
    )
    waiting = item_qualify(
        item=item_make(service, by=organiser, minutes_ago=5), acting_user=organiser
    )

    ended = entitlement_end(
        entitlement=holder.entitlement, acting_user=organiser, reason="moved away"
    )

    assert ended.status == EntitlementStatus.ENDED and ended.ends_on == timezone.localdate()
    holder.refresh_from_db()
    assert holder.state == ItemState.WITHDRAWN
    waiting.refresh_from_db()
    assert waiting.state == ItemState.QUALIFIED
    assert Entitlement.objects.get(item=waiting).status == EntitlementStatus.ACTIVE
    with pytest.raises(ValidationError, match="already ended"):
        entitlement_end(entitlement=ended, acting_user=organiser, reason="again")


def test_withdrawing_a_qualified_request_ends_its_entitlement(organiser):
    service = ProgrammeServiceFactory.create(capacity=None)
    item = item_qualify(item=item_make(service, by=organiser, minutes_ago=1), acting_user=organiser)
    item_withdraw(item=item, acting_user=organiser, reason="no longer needed")
    entitlement = Entitlement.objects.get(item=item)
    assert entitlement.status == EntitlementStatus.ENDED
    assert entitlement.status_note == "no longer needed"


def test_every_change_of_an_entitlement_is_a_row_of_its_history(organiser, make_staff):
    """Granted, provider assigned, suspended, resumed, ended: each a transition row with who
    (kept with RESTRICT), when and why — and the suspension period is read back from them."""
    service = ProgrammeServiceFactory.create(capacity=None)
    contract_for(service)
    second = contract_for(service)
    director = make_staff(Role.DIRECTOR)
    entitlement = item_qualify(
        item=item_make(service, by=organiser, minutes_ago=1), acting_user=organiser
    ).entitlement
    entitlement_assign_provider(
        entitlement=entitlement, provider=second.contract.provider, acting_user=organiser
    )
    entitlement_suspend(entitlement=entitlement, acting_user=director, reason="hospital stay")
    assert entitlement_suspensions(entitlement) == [Suspension(timezone.localdate(), None)]
    entitlement_resume(entitlement=entitlement, acting_user=director)
    entitlement_end(entitlement=entitlement, acting_user=organiser, reason="moved away")

    history = list(
        EntitlementTransition.objects.filter(entitlement=entitlement).values_list(
            "change", "from_status", "to_status", "actor", "note"
        )
    )
    assert history == [
        ("granted", "", "active", organiser.pk, ""),
        ("provider_assigned", "active", "active", organiser.pk, ""),
        ("suspended", "active", "suspended", director.pk, "hospital stay"),
        ("resumed", "suspended", "active", director.pk, ""),
        ("ended", "active", "ended", organiser.pk, "moved away"),
    ]
    # The reason may touch on health: it is in the history, not in the audit log.
    assert not AuditEvent.objects.filter(changes__icontains="hospital").exists()
    # Suspended and resumed on the same day: no day was lost to the suspension.
    assert entitlement_suspensions(entitlement) == []
    with pytest.raises(ProtectedError):
        director.delete()
