"""The audit log page: who may read it, filters, a query budget, and no way to change it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from opencus.core.audit import audit_record
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role

pytestmark = pytest.mark.django_db

URL = reverse("core:audit_log")


def rows(response: Any) -> int:
    return len(response.context["page_obj"].object_list)


@pytest.fixture
def reader(
    client_as: Callable[..., Client], make_staff: Callable[..., User]
) -> Callable[..., Client]:
    """A client for ``role`` that sees four events by two actors.

    The reader logs in first (logging in is audited too), then Ewa logs in and changes a user
    and Jan logs in and out; the reader's own login is dropped so the counts stay readable.
    """

    def make(role: Role = Role.AUDITOR) -> Client:
        client = client_as(role)
        AuditEvent.objects.all().delete()
        ewa = make_staff(Role.CLIENT_OFFICE, username="ewa.kowalska")
        jan = make_staff(Role.SOCIAL_WORKER, username="jan.nowak")
        audit_record(actor=ewa, action=AuditAction.LOGIN, obj=ewa)
        audit_record(actor=ewa, action=AuditAction.UPDATE, obj=jan, changes={"email": ["", "j@x"]})
        audit_record(actor=jan, action=AuditAction.LOGIN, obj=jan)
        audit_record(actor=jan, action=AuditAction.LOGOUT, obj=jan)
        return client

    return make


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.AUDITOR], ids=str)
def test_director_and_auditor_read_the_audit_log(reader, role):
    response = reader(role).get(URL)

    assert response.status_code == 200
    assert rows(response) == 4
    body = response.content.decode()
    assert "ewa.kowalska" in body
    assert "jan.nowak" in body


@pytest.mark.parametrize(
    "role",
    [r for r in Role if r not in {Role.DIRECTOR, Role.AUDITOR}],
    ids=str,
)
def test_other_roles_are_refused(client_as, role):
    assert client_as(role).get(URL).status_code == 403


def test_user_without_a_role_is_refused(client_as):
    assert client_as().get(URL).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('core:login')}?next={URL}"


def test_filter_by_action(reader):
    response = reader().get(URL, {"action": AuditAction.LOGIN})

    assert rows(response) == 2
    assert {e.action for e in response.context["page_obj"]} == {AuditAction.LOGIN}


def test_filter_by_actor_ignores_case(reader):
    response = reader().get(URL, {"actor": " EWA.Kowalska "})

    assert rows(response) == 2
    assert {e.actor_username for e in response.context["page_obj"]} == {"ewa.kowalska"}


def test_filters_combine(reader):
    response = reader().get(URL, {"actor": "jan.nowak", "action": "logout"})

    assert [e.action for e in response.context["page_obj"]] == [AuditAction.LOGOUT]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"action": "drop table"}, "Select a valid choice"),
        ({"date_from": "32.13.2026"}, "Enter the first day as DD.MM.YYYY."),
        ({"date_to": "2026-02-30"}, "Enter the last day as DD.MM.YYYY."),
        ({"date_from": "02.12.2026", "date_to": "01.12.2026"}, "cannot be before the first"),
        ({"actor": "x" * 151}, "at most 150 characters"),
    ],
)
def test_bad_filter_values_are_named_in_the_error_summary_not_a_500(reader, params, message):
    client = reader()
    client.cookies["opencus_language"] = "en"
    response = client.get(URL, params)

    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert message in body
    assert rows(response) == 0


def test_newest_event_comes_first(reader):
    response = reader().get(URL)

    assert response.context["page_obj"][0].action == AuditAction.LOGOUT


def test_changes_are_shown_in_english(reader):
    client = reader()
    client.cookies["opencus_language"] = "en"

    body = client.get(URL, {"action": "update"}).content.decode()

    assert "Audit log" in body
    assert "email" in body
    assert "changed" in body


def test_page_of_events_has_a_query_budget(client_as, make_staff, django_assert_max_num_queries):
    client = client_as(Role.AUDITOR)
    actors = [make_staff(Role.CLIENT_OFFICE) for _ in range(5)]
    for number in range(60):
        actor = actors[number % len(actors)]
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=actors[0], changes={"n": number})

    # Session, user, two OTP device kinds, roles, count, the page (7 today): the same for any
    # number of events, never one query per row.
    with django_assert_max_num_queries(8):
        response = client.get(URL)

    assert rows(response) == settings.OPENCUS_PAGE_SIZE == 25
    assert response.context["page_obj"].paginator.num_pages == 3


def test_filters_are_kept_in_the_pagination_links(client_as, make_staff):
    client = client_as(Role.AUDITOR)
    actor = make_staff(Role.CLIENT_OFFICE, username="ewa.kowalska")
    for _ in range(30):
        audit_record(actor=actor, action=AuditAction.LOGIN, obj=actor)

    body = client.get(URL, {"action": "login"}).content.decode()

    assert "?action=login&amp;page=2" in body


def test_page_out_of_range_shows_the_last_page(reader):
    response = reader().get(URL, {"page": "999"})

    assert response.status_code == 200
    assert rows(response) == 4


def test_page_offers_no_way_to_change_events(reader):
    body = reader(Role.DIRECTOR).get(URL).content.decode()

    post_forms = re.findall(r'<form[^>]*method="post"[^>]*>', body, flags=re.IGNORECASE)
    actions = {re.findall(r'action="([^"]*)"', form)[0] for form in post_forms}
    # The only forms that post are the header's language switch and the menu's log-out.
    assert actions <= {reverse("set_language"), reverse("core:logout")}
    assert reverse("core:logout") in actions  # the pattern does find the forms there are
    links = re.findall(r'href="([^"]*)"', body)
    assert not [link for link in links if "/admin/" in link or "delete" in link or "usun" in link]


def test_posting_to_the_audit_log_changes_nothing(reader):
    client = reader(Role.DIRECTOR)
    before = list(AuditEvent.objects.values_list("id", "action", "actor_username"))

    client.post(URL, {"action": "login", "id": before[0][0], "delete": "1"})

    assert list(AuditEvent.objects.values_list("id", "action", "actor_username")) == before


def test_admin_cannot_edit_or_delete_audit_events(make_staff):
    if not admin.site.is_registered(AuditEvent):
        return  # not in the admin at all
    superuser = make_staff(is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    model_admin = admin.site.get_model_admin(AuditEvent)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_audit_event_is_not_in_the_admin_index_for_editing(make_staff):
    superuser = make_staff(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(superuser)

    body = client.get(reverse("admin:index")).content.decode()

    assert "/admin/core/auditevent/add/" not in body
