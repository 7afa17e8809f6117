"""One authorisation spine: every case model's ``objects.visible_to(user)`` answers who sees
what, built on one provider-scope rule (``providers.models.staff_providers``). The owner (a
provider's staff member) sees their provider's rows, a colleague at the same provider sees the
same, an outsider (another provider's staff, or a user with no role) sees none, and the
centre's roles see what their capabilities allow."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord, Settlement
from opencus.delivery.services import delivery_record
from opencus.intake.models import Application, ApplicationItem, Entitlement
from opencus.providers.models import Contract, ProviderStaff
from tests.delivery.factories import entitlement_make, line_make, staff_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff: Any) -> dict[str, Any]:
    ours, theirs = line_make(), line_make()
    owner = make_staff(Role.PROVIDER_STAFF)
    colleague = make_staff(Role.PROVIDER_STAFF)
    outsider = make_staff(Role.PROVIDER_STAFF)
    staff_link(owner, ours)
    staff_link(colleague, ours)
    staff_link(outsider, theirs)
    mine, other = entitlement_make(line=ours), entitlement_make(line=theirs)
    organiser = make_staff(Role.SERVICE_ORGANISER)
    for entitlement in (mine, other):
        delivery_record(
            entitlement=entitlement,
            delivered_on=timezone.localdate(),
            units=1,
            acting_user=organiser,
        )
    for line in (ours, theirs):
        Settlement.objects.create(contract=line.contract, month=timezone.localdate().replace(day=1))
    return {
        "ours": ours,
        "theirs": theirs,
        "mine": mine,
        "other": other,
        "owner": owner,
        "colleague": colleague,
        "outsider": outsider,
        "organiser": organiser,
        "nobody": make_staff(),
    }


def _seen(user: Any) -> dict[str, set[int]]:
    return {
        "entitlements": set(Entitlement.objects.visible_to(user).values_list("pk", flat=True)),
        "records": set(
            DeliveryRecord.objects.visible_to(user).values_list("entitlement_id", flat=True)
        ),
        "contracts": set(Contract.objects.visible_to(user).values_list("pk", flat=True)),
        "settlements": set(
            Settlement.objects.visible_to(user).values_list("contract_id", flat=True)
        ),
        "applications": set(Application.objects.visible_to(user).values_list("pk", flat=True)),
        "items": set(ApplicationItem.objects.visible_to(user).values_list("pk", flat=True)),
    }


def test_the_owner_and_a_colleague_see_their_providers_rows_and_nothing_else(world):
    mine, ours = world["mine"], world["ours"]
    expected = {
        "entitlements": {mine.pk},
        "records": {mine.pk},
        "contracts": {ours.contract_id},
        "settlements": {ours.contract_id},
        # A provider's staff see their clients' entitlements, never their applications.
        "applications": set(),
        "items": set(),
    }
    assert _seen(world["owner"]) == expected
    assert _seen(world["colleague"]) == expected


def test_another_providers_staff_and_a_user_without_a_role_see_none_of_it(world):
    outsider = _seen(world["outsider"])
    assert world["mine"].pk not in outsider["entitlements"]
    assert world["ours"].contract_id not in outsider["contracts"] | outsider["settlements"]
    assert outsider["entitlements"] == {world["other"].pk}
    assert all(not rows for rows in _seen(world["nobody"]).values())


def test_an_ended_link_ends_what_the_staff_member_sees(world):
    ProviderStaff.objects.filter(user=world["owner"]).update(ended_on=timezone.localdate())
    assert all(not rows for rows in _seen(world["owner"]).values())


def test_the_centre_sees_every_provider_and_every_application(world):
    seen = _seen(world["organiser"])
    both = {world["mine"].pk, world["other"].pk}
    assert seen["entitlements"] == both and seen["records"] == both
    assert seen["contracts"] == {world["ours"].contract_id, world["theirs"].contract_id}
    assert seen["applications"] == {
        world["mine"].item.application_id,
        world["other"].item.application_id,
    }
