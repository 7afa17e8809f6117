"""Referrals: with the person's consent, an application or one requested service is passed to
another team of the centre or another municipal unit (domain.md §1.3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from opencus.core.models import AuditAction, AuditEvent
from opencus.intake.errors import IntakeError
from opencus.intake.models import CentreTeam, Channel, ItemState, Referral
from opencus.intake.referrals import referral_create
from opencus.intake.services import application_file
from opencus.people.models import ConsentPurpose
from opencus.people.services import consent_give, consent_withdraw
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import application_make
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def application(clerk: Any) -> Any:
    return application_make(
        *ProgrammeServiceFactory.create_batch(2), by=clerk, channel=Channel.IN_PERSON
    )


def consent(application: Any, clerk: Any, purpose: str = ConsentPurpose.REFERRAL) -> Any:
    return consent_give(person=application.person, purpose=purpose, acting_user=clerk)


def test_an_application_is_referred_to_a_team_with_the_consent_recorded(application, clerk):
    given = consent(application, clerk)
    referral = referral_create(
        application=application,
        to_team=CentreTeam.SOCIAL_ASSISTANCE,
        note="Potrzebny wywiad środowiskowy.",
        acting_user=clerk,
    )
    assert referral.consent == given
    assert referral.item is None
    assert referral.referred_by == clerk
    assert referral.recipient == "social assistance team"
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(referral.pk), actor=clerk
    ).exists()
    # Referring does not decide the request.
    assert set(application.items.values_list("state", flat=True)) == {ItemState.SUBMITTED}


def test_one_requested_service_is_referred_to_another_municipal_unit(application, clerk):
    consent(application, clerk)
    item = application.items.first()
    referral = referral_create(
        application=application,
        item=item,
        to_unit="  Miejski Ośrodek   Sportu i Rekreacji ",
        acting_user=clerk,
    )
    assert referral.item == item
    assert referral.to_unit == "Miejski Ośrodek Sportu i Rekreacji"
    assert referral.recipient == referral.to_unit


def test_without_an_active_referral_consent_nothing_is_referred(application, clerk):
    consent(application, clerk, purpose=ConsentPurpose.SERVICES)
    with pytest.raises(IntakeError) as refused:
        referral_create(application=application, to_team=CentreTeam.HOUSING, acting_user=clerk)
    assert refused.value.code == "no_consent"
    assert "has not consented" in refused.value.messages[0]

    withdrawn = consent(application, clerk)
    consent_withdraw(consent=withdrawn, acting_user=clerk)
    with pytest.raises(IntakeError):
        referral_create(application=application, to_team=CentreTeam.HOUSING, acting_user=clerk)
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("to_team", "to_unit"),
    [("", ""), (CentreTeam.SENIORS, "MOSiR"), ("nonexistent", ""), ("", "x" * 201)],
)
def test_exactly_one_known_recipient_is_needed(application, clerk, to_team, to_unit):
    consent(application, clerk)
    with pytest.raises(IntakeError) as refused:
        referral_create(
            application=application, to_team=to_team, to_unit=to_unit, acting_user=clerk
        )
    assert refused.value.error_dict
    assert not Referral.objects.exists()


def test_an_item_of_another_application_is_refused(application, clerk):
    consent(application, clerk)
    other = application_file(
        person=PersonFactory.create(),
        services=[ProgrammeServiceFactory.create()],
        channel=Channel.PHONE,
        acting_user=clerk,
    )
    with pytest.raises(IntakeError) as refused:
        referral_create(
            application=application,
            item=other.items.get(),
            to_team=CentreTeam.FAMILY_SUPPORT,
            acting_user=clerk,
        )
    assert refused.value.code == "item"
    assert not Referral.objects.exists()


def test_the_database_refuses_a_referral_with_two_recipients(application, clerk):
    given = consent(application, clerk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            application=application,
            to_team=CentreTeam.SENIORS,
            to_unit="MOSiR",
            consent=given,
            referred_at=timezone.now(),
        )
