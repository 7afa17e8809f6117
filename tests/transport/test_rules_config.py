"""The organiser's page of a transport service's booking rules and quotas: the organiser edits
the rules (validated, audited) and adds and removes limits (audited); a clerk who books rides
cannot open it (403), and a service that is not a transport service is not found."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from opencus.catalog.models import DeliveredBy
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.transport.models import TransportQuota, TransportRules
from tests.catalog.factories import ProgrammeServiceFactory
from tests.transport.factories import service_make

pytestmark = pytest.mark.django_db


def rules_post(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "book_min_working_days": "3",
        "book_cutoff": "14:00",
        "book_max_months": "2",
        "cancel_working_days": "1",
        "cancel_cutoff": "12:00",
        "service_weekdays": ["0", "1", "2", "3", "4"],
        "service_starts": "07:00",
        "service_ends": "19:00",
        "pickup_window_minutes": "30",
        "max_ride_extra_minutes": "30",
        "boarding_minutes": "3",
        "wheelchair_boarding_minutes": "8",
        "min_age": "70",
        "min_disability_level": "",
        "excludes_bed_bound": "on",
        "companion_allowed": "on",
        "companion_min_age": "16",
        "max_companions": "1",
        "assistant_allowed": "on",
        "guide_dog_allowed": "on",
        "wheelchair_allowed": "on",
        "destination_kinds": ["health", "office", "cemetery"],
        "bookers": ["person", "family", "clinic"],
        "offence_limit": "3",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_organiser_edits_the_rules_and_the_change_is_audited(english_as: Any) -> None:
    service = service_make()
    organiser = english_as(Role.SERVICE_ORGANISER)
    url = reverse("transport:rules_edit", args=[service.pk])

    page = organiser.get(url)
    assert page.status_code == 200
    assert "Booking rules: Taksówka dla seniora" in page.content.decode()

    response = organiser.post(url, rules_post(service_ends="19:00", min_age="70"))
    assert response.status_code == 302
    rules = TransportRules.objects.get(service=service)
    assert rules.service_ends.hour == 19 and rules.min_age == 70
    assert rules.destination_kinds == ["health", "office", "cemetery"]
    assert rules.service_weekdays == [0, 1, 2, 3, 4]
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(rules.pk))
    assert event.changes["service_ends"] == ["17:00:00", "19:00:00"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"service_ends": "06:00"}, "The service must end later than it starts."),
        ({"book_cutoff": "25:00"}, "Enter a time as hours and minutes, for example 08:00."),
        ({"service_weekdays": ["7"]}, "Days of the week are numbers from 0 (Monday) to 6"),
        ({"destination_kinds": ["moon"]}, "Choose kinds of destination from the list."),
        ({"bookers": None}, "Choose at least one who may book."),
        ({"bookers": ["neighbour"]}, "Choose who may book from the list."),
        ({"pickup_window_minutes": "2"}, "greater than or equal to 5"),
    ],
)
def test_bad_rules_are_refused_with_a_message_and_nothing_changes(
    english_as: Any, changes: dict[str, Any], message: str
) -> None:
    service = service_make()
    organiser = english_as(Role.SERVICE_ORGANISER)
    before = TransportRules.objects.values().get(service=service)

    response = organiser.post(
        reverse("transport:rules_edit", args=[service.pk]), rules_post(**changes)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert TransportRules.objects.values().get(service=service) == before
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_rules_are_created_at_the_first_save_of_a_ride_service(english_as: Any) -> None:
    service = ProgrammeServiceFactory.create(
        name="Dowóz na rehabilitację", delivered_by=DeliveredBy.CENTRE, centre_unit="ride"
    )
    organiser = english_as(Role.SERVICE_ORGANISER)
    assert "not set yet" in organiser.get(reverse("transport:rules_list")).content.decode()

    organiser.post(reverse("transport:rules_edit", args=[service.pk]), rules_post())

    assert TransportRules.objects.filter(service=service).exists()
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_the_organiser_adds_and_removes_limits(english_as: Any) -> None:
    service = service_make(quotas=[(2, "month", "legs")])
    organiser = english_as(Role.SERVICE_ORGANISER)
    rules = TransportRules.objects.get(service=service)

    added = organiser.post(
        reverse("transport:quota_add", args=[service.pk]),
        {"units": "8", "period": "year", "counts": "legs"},
    )
    assert added.status_code == 302
    assert sorted(rules.quotas.values_list("units", "period")) == [(2, "month"), (8, "year")]

    bad = organiser.post(
        reverse("transport:quota_add", args=[service.pk]),
        {"units": "0", "period": "fortnight", "counts": "legs"},
    )
    assert bad.status_code == 400
    assert rules.quotas.count() == 2

    quota = rules.quotas.get(units=2)
    remove_url = reverse("transport:quota_remove", args=[service.pk, quota.pk])
    assert organiser.get(remove_url).status_code == 200
    assert organiser.post(remove_url).status_code == 302
    assert not TransportQuota.objects.filter(pk=quota.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert event.changes["quota"][0] == str(quota)


def test_a_clerk_cannot_change_the_rules(english_as: Any) -> None:
    service = service_make(quotas=[(2, "month", "legs")])
    quota = TransportQuota.objects.get()
    clerk = english_as(Role.CLIENT_OFFICE)
    for url in (
        reverse("transport:rules_list"),
        reverse("transport:rules_edit", args=[service.pk]),
        reverse("transport:quota_remove", args=[service.pk, quota.pk]),
    ):
        assert clerk.get(url).status_code == 403
        assert clerk.post(url, rules_post()).status_code == 403
    assert TransportQuota.objects.filter(pk=quota.pk).exists()
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    ).exists()


def test_a_service_that_is_not_transport_is_not_found(english_as: Any) -> None:
    other = ProgrammeServiceFactory.create(name="Złota rączka")
    organiser = english_as(Role.SERVICE_ORGANISER)
    assert organiser.get(reverse("transport:rules_edit", args=[other.pk])).status_code == 404
