"""The needs assessment on the application page: recorded by coordinators and social workers;
its notes are special-category data, shown only to roles that may read them, each read audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.intake.models import ItemState, NeedsAssessment
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import application_make

pytestmark = pytest.mark.django_db

NOTE = "Porusza się o kulach; mieszka sama na 3. piętrze."


@pytest.fixture
def application(clerk):
    service = ProgrammeServiceFactory.create(name="Złota rączka")
    return application_make(service, by=clerk, filed_at=timezone.now() - dt.timedelta(days=2))


def form(**overrides):
    today = timezone.localdate()
    data = {
        "assessed_on_day": str(today.day),
        "assessed_on_month": str(today.month),
        "assessed_on_year": str(today.year),
        "place": "home",
        "place_note": "mieszkanie",
        "notes": NOTE,
        "plan_needed": "on",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_the_assessment_and_items_move_to_assessing(english_as, application):
    client = english_as(Role.COORDINATOR)
    service = application.items.get().service
    url = reverse("intake:assessment_new", args=[application.uuid])
    assert client.get(url).status_code == 200

    response = client.post(url, form(fitting_services=[service.pk]))

    assert response.status_code == 302
    assessment = NeedsAssessment.objects.get(application=application)
    assert assessment.place == "home" and assessment.plan_needed
    assert list(assessment.fitting_services.all()) == [service]
    assert application.items.get().state == ItemState.ASSESSING
    # The audit row names the record, never the notes.
    created = AuditEvent.objects.get(
        action=AuditAction.CREATE,
        object_id=str(assessment.pk),
        content_type__model="needsassessment",
    )
    assert NOTE not in str(created.changes)


def test_a_date_before_filing_or_in_the_future_is_refused_and_nothing_saved(
    english_as, application
):
    client = english_as(Role.SOCIAL_WORKER)
    url = reverse("intake:assessment_new", args=[application.uuid])
    future = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        url,
        form(
            assessed_on_day=str(future.day),
            assessed_on_month=str(future.month),
            assessed_on_year=str(future.year),
        ),
    )
    assert response.status_code == 400
    assert "between the filing date and today" in response.content.decode()
    impossible = client.post(url, form(assessed_on_day="31", assessed_on_month="2"))
    assert impossible.status_code == 400
    assert not NeedsAssessment.objects.exists()


def test_notes_are_shown_only_to_roles_that_may_read_them_and_each_read_is_audited(
    english_as, client_as, application
):
    english_as(Role.COORDINATOR).post(
        reverse("intake:assessment_new", args=[application.uuid]), form()
    )
    url = reverse("intake:application_detail", args=[application.uuid])
    reads = AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE, object_id=str(application.pk)
    )

    office = english_as(Role.CLIENT_OFFICE).get(url).content.decode()
    assert NOTE not in office
    assert "Only staff who may read special-category data see the notes." in office
    assert "Record a needs assessment" not in office
    assert not reads.exists()

    coordinator = english_as(Role.COORDINATOR).get(url).content.decode()
    assert NOTE in coordinator
    assert reads.count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.SOCIAL_WORKER, 200),
        (Role.CLIENT_OFFICE, 403),
        (Role.AUDITOR, 403),
    ],
)
def test_who_may_record_an_assessment(client_as, application, role, status):
    url = reverse("intake:assessment_new", args=[application.uuid])
    assert client_as(role).get(url).status_code == status
