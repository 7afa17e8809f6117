"""The audit log in words and without special-category content for readers who may not read
it: names, not user names; labels and names, not raw values; a certificate's level and the
name on a health note only for roles with ``person.sensitive_view``. Filters by person, staff
member, action and days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencus.catalog.eligibility import eligibility_check
from opencus.core.audit import audit_record
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role, has_capability
from opencus.people.capabilities import PERSON_SENSITIVE_VIEW
from opencus.people.models import DisabilityLevel, HouseholdMember
from opencus.people.selectors import person_special_data
from opencus.people.services import disability_certificate_add, health_note_add
from tests.catalog.factories import HouseholdFactory, ProgrammeServiceFactory
from tests.people.factories import PersonFactory
from tests.personas import login, user_make

pytestmark = pytest.mark.django_db

URL = reverse("core:audit_log")
EVERY_ROLE = [*Role, None]


def page(client: Client, **params: Any) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.content.decode()


def special_records() -> Any:
    """A certificate of a significant level and a health note, recorded and then read by a
    social worker, for Zofia Zdrowotna."""
    worker = user_make(Role.SOCIAL_WORKER)
    person = PersonFactory.create(first_name="Zofia", last_name="Zdrowotna")
    disability_certificate_add(
        person=person,
        acting_user=worker,
        level=DisabilityLevel.SIGNIFICANT,
        issued_on=dt.date(2024, 3, 1),
        symbol="05-R",
    )
    health_note_add(person=person, acting_user=worker, text="Cukrzyca typu 2")
    person_special_data(user=worker, person=person)
    return person


@pytest.mark.parametrize("role", EVERY_ROLE, ids=lambda r: r.value if r else "no-role")
def test_special_category_content_reaches_only_roles_that_may_read_it(role):
    special_records()
    user = user_make(*([role] if role else []))
    client = login(user)
    response = client.get(URL)
    if role not in (Role.DIRECTOR, Role.AUDITOR):
        assert response.status_code == 403
        return
    body = response.content.decode()
    assert response.status_code == 200
    if has_capability(user, PERSON_SENSITIVE_VIEW):
        assert "01.03.2024" in body  # the certificate (its level, its issue date)
        assert "Zdrowotna" in body
    else:
        assert "significant" not in body
        assert "01.03.2024" not in body
        # The health note's record says whose note it is; that is not shown either.
        assert "health note (special-category data)" in body
        assert "disability certificate (special-category data)" in body
        assert "Special-category data: content not shown" in body
    assert "Cukrzyca" not in body  # a note's text is never in the log


def test_the_auditor_still_sees_who_read_special_category_data_and_whose():
    person = special_records()
    body = page(login(user_make(Role.AUDITOR)))
    assert "viewed special-category data" in body
    assert str(person) in body  # the read names whose data it was


def test_events_name_the_staff_member_and_say_values_in_words():
    clerk = user_make(Role.CLIENT_OFFICE, username="ewa.kowalska")
    clerk.first_name, clerk.last_name = "Ewa", "Kowalska"
    clerk.save()
    household = HouseholdFactory.create(name="Gospodarstwo Kowalskich")
    member = HouseholdMember.objects.create(
        household=household, person=PersonFactory.create(), joined_on=dt.date(2026, 1, 5)
    )
    service = ProgrammeServiceFactory.create(name="Asystent osobisty")
    audit_record(
        actor=clerk,
        action=AuditAction.UPDATE,
        obj=member,
        changes={
            "household": [None, household.pk],
            "units": [None, "1"],
            "joined_on": [None, "2026-01-05"],
            "eligibility_for": str(service.uuid),
        },
    )
    audit_record(
        actor=None, action=AuditAction.UPDATE, obj=member, changes={"left_on": [None, None]}
    )
    body = page(login(user_make(Role.AUDITOR), language="en"))
    assert "Ewa Kowalska" in body
    assert "ewa.kowalska" not in body
    assert "Gospodarstwo Kowalskich" in body
    assert "units: — → 1" in body
    assert "05.01.2026" in body
    assert "Asystent osobisty" in body
    assert str(service.uuid) not in body
    assert "None" not in body
    assert "[" not in body.split("<tbody")[1]
    assert "System" in body


def test_a_system_read_for_a_waiting_list_promotion_is_shown_as_the_systems():
    person = PersonFactory.create()
    service = ProgrammeServiceFactory.create(
        eligibility_rules={"all": [{"attribute": "disability"}]}
    )
    eligibility_check(person, service)
    body = page(login(user_make(Role.DIRECTOR), language="en"))
    assert "System" in body
    assert "eligibility check" in body


def test_filter_by_person_finds_events_about_them_and_their_records():
    person = special_records()
    other = PersonFactory.create(last_name="Obcy")
    audit_record(actor=None, action=AuditAction.UPDATE, obj=other, changes={"phone": ["", "1"]})
    response = login(user_make(Role.DIRECTOR)).get(URL, {"person": "Zdrowotna"})
    events = list(response.context["page_obj"])
    kinds = {event.content_type.model for event in events}
    assert kinds == {"person", "disabilitycertificate", "healthnote"}
    assert all(
        event.object_id != str(other.pk) or event.content_type.model != "person" for event in events
    )
    assert (
        login(user_make(Role.DIRECTOR))
        .get(URL, {"person": "Nikogo"})
        .context["page_obj"]
        .paginator.count
        == 0
    )
    assert person.pk


def test_filter_by_staff_member_name_action_and_days():
    ewa = user_make(Role.CLIENT_OFFICE, username="e.k")
    ewa.first_name, ewa.last_name = "Ewa", "Kowalska"
    ewa.save()
    jan = user_make(Role.CLIENT_OFFICE, username="j.n")
    jan.first_name, jan.last_name = "Jan", "Nowak"
    jan.save()
    AuditEvent.objects.all().delete()
    old = audit_record(actor=ewa, action=AuditAction.UPDATE, obj=jan, changes={})
    last_month_day = timezone.localdate() - dt.timedelta(days=40)
    noon = timezone.make_aware(dt.datetime.combine(last_month_day, dt.time(12, 0)))
    AuditEvent.objects.filter(pk=old.pk).update(at=noon)
    audit_record(actor=ewa, action=AuditAction.LOGIN, obj=ewa)
    audit_record(actor=jan, action=AuditAction.LOGIN, obj=jan)
    client = login(user_make(Role.AUDITOR))

    def count(**params: Any) -> int:
        response = client.get(URL, params)
        assert response.status_code == 200
        return response.context["page_obj"].paginator.count

    assert count(actor="ewa kowalska") == 2
    assert count(actor="Kowalska", action="login") == 1
    today = timezone.localdate()
    assert count(actor="e.k", date_from=(today - dt.timedelta(days=1)).strftime("%d.%m.%Y")) == 1
    last_month = last_month_day.strftime("%d.%m.%Y")
    assert count(date_from=last_month, date_to=last_month) == 1
