"""Special-category data (a disability certificate) in eligibility explanations: the level and
the dates only for roles with ``person.sensitive_view``, and such a read audited as theirs;
everyone else reads only whether the condition is met, and no sensitive read is recorded for
them. A promotion from the waiting list is audited as the system's read. Checked as every
role and as an outsider (a provider's staff member, a user with no role)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role, has_capability
from opencus.core.tokens import api_token_issue
from opencus.intake.capabilities import APPLICATION_FILE, QUEUE_MANAGE
from opencus.intake.models import ItemState
from opencus.intake.services import item_qualify, item_withdraw
from opencus.people.capabilities import PERSON_SENSITIVE_VIEW
from opencus.people.models import DisabilityLevel
from tests.api.test_intake_api import Api, assert_error, qualify_url
from tests.catalog.factories import DisabilityCertificateFactory, ProgrammeServiceFactory
from tests.intake.factories import item_make, senior
from tests.people.factories import PersonFactory
from tests.personas import login, user_make

pytestmark = pytest.mark.django_db

#: Any valid certificate (the panel says whether the person has one).
CERTIFICATE = {"all": [{"attribute": "disability"}]}
#: A certificate of at least a significant level: a moderate one does not meet it.
SIGNIFICANT = {"all": [{"attribute": "disability", "min_level": "significant"}]}
#: What must never reach a reader without the right: the level and the issue date.
LEAKS = ("moderate", "01.03.2024", "Disability certificate valid on")

EVERY_ROLE = [*Role, None]  # None: logged in with no role at all (an outsider)


def disabled_person() -> Any:
    person = PersonFactory.create(birth_date=dt.date(1960, 5, 5))
    DisabilityCertificateFactory.create(
        person=person, level=DisabilityLevel.MODERATE, issued_on=dt.date(2024, 3, 1)
    )
    return person


def sensitive_reads() -> Any:
    return AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE)


@pytest.mark.parametrize("role", EVERY_ROLE, ids=lambda r: r.value if r else "no-role")
def test_the_eligibility_panel_shows_the_certificate_only_to_roles_that_may_read_it(role):
    ProgrammeServiceFactory.create(name="Asystencja", eligibility_rules=CERTIFICATE)
    ProgrammeServiceFactory.create(name="Opieka", eligibility_rules=SIGNIFICANT)
    person = disabled_person()
    user = user_make(*([role] if role else []))
    response = login(user).get(reverse("intake:application_new", args=[person.pk]))
    page = response.content.decode()
    if not has_capability(user, APPLICATION_FILE):
        assert response.status_code in (403, 404)
        assert not any(leak in page for leak in LEAKS)
        assert not sensitive_reads().exists()
        return
    assert response.status_code == 200
    if has_capability(user, PERSON_SENSITIVE_VIEW):
        assert "Disability certificate valid on" in page
        assert "moderate" in page
        # One audited read for the page, however many services read the certificate.
        read = sensitive_reads().get()
        assert (read.actor, read.object_id) == (user, str(person.pk))
        assert read.changes["shown"] is True
    else:
        assert not any(leak in page for leak in LEAKS)
        assert "Condition on the disability certificate: met" in page
        assert "Condition on the disability certificate: not met" in page
        assert not sensitive_reads().exists()


def test_the_outsider_from_a_provider_sees_nothing(personas):
    ProgrammeServiceFactory.create(eligibility_rules=CERTIFICATE)
    person = disabled_person()
    response = login(personas.outsider).get(reverse("intake:application_new", args=[person.pk]))
    assert response.status_code in (403, 404)
    assert not any(leak in response.content.decode() for leak in LEAKS)
    assert not sensitive_reads().exists()


@pytest.mark.parametrize("role", [Role.SERVICE_ORGANISER, Role.DIRECTOR])
def test_a_refusal_in_the_api_says_only_that_the_certificate_condition_is_not_met(role):
    user = user_make(role)
    _token, secret = api_token_issue(user=user, name="test", acting_user=None)
    api = Api(user, secret)
    service = ProgrammeServiceFactory.create(eligibility_rules=SIGNIFICANT)
    item = item_make(service, by=api.user, person=disabled_person())
    body = assert_error(api.post(qualify_url(item)), 409, "not_eligible")
    assert body["reasons"] == ["Condition on the disability certificate: not met"]
    assert not any(leak in str(body) for leak in LEAKS)
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED
    assert not sensitive_reads().exists()


@pytest.mark.parametrize("role", [Role.SERVICE_ORGANISER, Role.DIRECTOR])
def test_a_refusal_on_the_page_says_only_that_the_certificate_condition_is_not_met(role):
    user = user_make(role)
    service = ProgrammeServiceFactory.create(eligibility_rules=SIGNIFICANT)
    item = item_make(service, by=user, person=disabled_person())
    client = login(user)
    response = client.post(reverse("intake:item_qualify", args=[item.pk]), follow=True)
    page = response.content.decode()
    assert "Condition on the disability certificate: not met" in page
    assert not any(leak in page for leak in LEAKS)
    assert has_capability(user, QUEUE_MANAGE)


def test_a_promotion_from_the_waiting_list_is_audited_as_the_systems_read():
    organiser = user_make(Role.SERVICE_ORGANISER)
    service = ProgrammeServiceFactory.create(capacity=1)
    holder = item_make(service, by=organiser, person=senior(), minutes_ago=20)
    waiting = item_make(service, by=organiser, person=disabled_person(), minutes_ago=10)
    item_qualify(item=holder, acting_user=organiser)
    item_qualify(item=waiting, acting_user=organiser)
    service.eligibility_rules = CERTIFICATE
    service.save(update_fields=["eligibility_rules"])

    item_withdraw(item=holder, acting_user=organiser, reason="Moved away.")

    waiting.refresh_from_db()
    assert waiting.state == ItemState.QUALIFIED
    read = sensitive_reads().get()
    assert read.actor is None
    assert read.actor_username == ""
    assert read.object_id == str(waiting.person_id)
    assert read.changes["shown"] is False
    assert read.changes["service"] == service.name
