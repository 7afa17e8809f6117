"""The intake operations of the JSON API: filing, a person's requested services, qualifying
and withdrawing — the same services and capability checks as the pages, every error with a
``{"detail", "code"}`` body, by API key or by the staff session."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from opencus.core.models import ApiToken, AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.core.tokens import api_token_issue, api_token_revoke
from opencus.intake.models import Application, ApplicationItem, ItemState, ItemTransition
from opencus.intake.services import item_qualify, item_refuse
from opencus.people.models import PersonQuerySet
from opencus.people.services import representative_add
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import item_make, senior
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

SENIORS = {"all": [{"attribute": "age", "min": 60}]}
SENIOR_RESIDENTS = {"all": [{"attribute": "age", "min": 60}, {"attribute": "resident"}]}

FILE_URL = "/api/intake/applications"


def items_url(person: Any) -> str:
    return f"/api/intake/people/{person.pk}/items"


def qualify_url(item: Any) -> str:
    return f"/api/intake/items/{item.pk}/qualify"


def withdraw_url(item: Any) -> str:
    return f"/api/intake/items/{item.pk}/withdraw"


class Api:
    """A test client calling the API with an API key, reading the answers in English."""

    def __init__(self, user: User | None, secret: str | None = None) -> None:
        self.user = user
        self.client = Client()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, url: str) -> Any:
        return self.client.get(url, headers=self.headers)

    def post(self, url: str, body: Any = None, **kwargs: Any) -> Any:
        if body is None:  # no body at all
            body = ""
        return self.client.post(
            url, body, content_type="application/json", headers=self.headers, **kwargs
        )


@pytest.fixture
def api_as(make_staff: Callable[..., User]) -> Callable[..., Api]:
    """``api_as(Role.CLIENT_OFFICE)``: an API client with a key of a new user in that role."""

    def make(*roles: Role) -> Api:
        user = make_staff(*roles)
        _token, secret = api_token_issue(user=user, name="test", acting_user=None)
        return Api(user, secret)

    return make


@pytest.fixture
def anonymous() -> Api:
    return Api(None)


def filing(person: Any, *services: Any) -> dict[str, Any]:
    return {"person_id": person.pk, "service_ids": [s.pk for s in services], "channel": "phone"}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    assert body["detail"]
    return body


# --- Filing -----------------------------------------------------------------------------------


def test_filing_creates_the_application_with_a_submitted_item_per_service(api_as):
    api = api_as(Role.CLIENT_OFFICE)
    taxi = ProgrammeServiceFactory.create(name="Taksówka")
    handyman = ProgrammeServiceFactory.create(name="Złota rączka")
    person = senior()
    response = api.post(FILE_URL, {**filing(person, taxi, handyman), "note": "by phone, 9:05"})
    assert response.status_code == 201, response.content
    body = response.json()
    application = Application.objects.get(person=person)
    assert body["uuid"] == str(application.uuid)
    assert body["reference"] == application.reference
    assert body["channel"] == "phone"
    assert body["filed_by"] == "self"
    assert application.received_by == api.user
    assert application.note == "by phone, 9:05"
    items = list(application.items.order_by("id"))
    assert [item["id"] for item in body["items"]] == [item.pk for item in items]
    assert [item["service"]["name"] for item in body["items"]] == ["Taksówka", "Złota rączka"]
    assert body["items"][0]["service"]["uuid"] == str(taxi.uuid)
    assert {item["state"] for item in body["items"]} == {"submitted"}
    assert {item["state_label"] for item in body["items"]} == {"submitted"}
    assert {item["waiting_position"] for item in body["items"]} == {None}
    assert {item.state for item in items} == {ItemState.SUBMITTED}
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(application.pk), actor=api.user
    ).exists()


def test_filing_by_a_carer_needs_the_representative(api_as):
    api = api_as(Role.CLIENT_OFFICE)
    service = ProgrammeServiceFactory.create()
    person, carer = senior(), PersonFactory.create()
    link = representative_add(person=person, representative=carer, kind="carer", acting_user=None)
    without = api.post(FILE_URL, {**filing(person, service), "filed_by": "carer"})
    assert_error(without, 409, "representative_missing")
    assert not Application.objects.exists()
    unknown = api.post(
        FILE_URL, {**filing(person, service), "filed_by": "carer", "representative_id": 999_999}
    )
    assert_error(unknown, 404, "representative_not_found")
    wrong_kind = api.post(
        FILE_URL, {**filing(person, service), "filed_by": "legal", "representative_id": link.pk}
    )
    assert (
        "does not act for the person" in assert_error(wrong_kind, 409, "representative")["detail"]
    )
    response = api.post(
        FILE_URL, {**filing(person, service), "filed_by": "carer", "representative_id": link.pk}
    )
    assert response.status_code == 201, response.content
    assert Application.objects.get().representative == link


def test_a_second_request_for_the_same_service_is_a_conflict_with_the_message(api_as):
    api = api_as(Role.CLIENT_OFFICE)
    service = ProgrammeServiceFactory.create(name="Taksówka")
    person = senior()
    assert api.post(FILE_URL, filing(person, service)).status_code == 201
    again = assert_error(api.post(FILE_URL, filing(person, service)), 409, "duplicate_request")
    assert "already has or is waiting for: Taksówka" in again["detail"]
    assert again["reasons"] == []
    assert ApplicationItem.objects.count() == 1


def test_a_service_that_takes_no_applications_is_a_conflict(api_as):
    api = api_as(Role.CLIENT_OFFICE)
    closed = ProgrammeServiceFactory.create(name="Basen", status="suspended")
    body = assert_error(api.post(FILE_URL, filing(senior(), closed)), 409, "service_closed")
    assert "Basen" in body["detail"]
    assert not Application.objects.exists()


def test_unknown_services_are_not_found_and_named(api_as):
    api = api_as(Role.CLIENT_OFFICE)
    service = ProgrammeServiceFactory.create()
    response = api.post(
        FILE_URL,
        {"person_id": senior().pk, "service_ids": [service.pk, 987654], "channel": "phone"},
    )
    body = assert_error(response, 404, "service_not_found")
    # Only the unknown one is named (the known one's number may be a digit of it).
    assert re.findall(r"\d+", body["detail"]) == ["987654"]
    assert not Application.objects.exists()


def test_a_person_out_of_reach_or_archived_or_missing_is_not_found(api_as, monkeypatch):
    api = api_as(Role.CLIENT_OFFICE)
    service = ProgrammeServiceFactory.create()
    hidden, archived = senior(), senior(archived_at=timezone.now())
    # A role that may not see a person (as provider staff will not see others' clients) must
    # get the same 404 as for a person who does not exist: the API goes through the scope.
    original = PersonQuerySet.visible_to
    monkeypatch.setattr(
        PersonQuerySet,
        "visible_to",
        lambda queryset, user: original(queryset, user).exclude(pk=hidden.pk),
    )
    for person_id in (hidden.pk, archived.pk, 987654):
        response = api.post(
            FILE_URL, {"person_id": person_id, "service_ids": [service.pk], "channel": "phone"}
        )
        assert_error(response, 404, "person_not_found")
    assert_error(api.get(items_url(hidden)), 404, "person_not_found")
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"service_ids": []},
        {"service_ids": None},
        {"channel": "carrier pigeon"},
        {"filed_by": "neighbour"},
        {"person_id": 0},
        {"person_id": "abc"},
        {"note": "x" * 2001},
        {"note": "zero\x00byte"},
        {"representative_id": -1},
        {"service_ids": [0]},
        {"service_ids": list(range(1, 22))},
    ],
)
def test_malformed_filings_are_refused_as_invalid(api_as, change):
    api = api_as(Role.CLIENT_OFFICE)
    service = ProgrammeServiceFactory.create()
    body = {**filing(senior(), service), **change}
    assert_error(api.post(FILE_URL, body), 422, "invalid")
    assert not Application.objects.exists()


def test_requesting_a_service_twice_in_one_filing_is_invalid(api_as):
    api = api_as(Role.CLIENT_OFFICE)
    service = ProgrammeServiceFactory.create()
    body = assert_error(
        api.post(FILE_URL, {**filing(senior(), service), "service_ids": [service.pk] * 2}),
        422,
        "invalid",
    )
    assert "Each service can be requested once" in str(body["errors"])


def test_a_body_that_is_not_json_is_a_bad_request(api_as):
    api = api_as(Role.CLIENT_OFFICE)
    for url in (FILE_URL, "/api/intake/items/1/withdraw"):
        response = api.post(url, "{not json")
        body = assert_error(response, 400, "bad_json")
        assert body["detail"] == "The body of the request is not valid JSON."
    assert not Application.objects.exists()


def test_filing_needs_a_login_and_the_capability(api_as, anonymous):
    service = ProgrammeServiceFactory.create()
    person = senior()
    response = anonymous.post(FILE_URL, filing(person, service))
    body = assert_error(response, 401, "not_authenticated")
    assert body["detail"] == "Log in first."
    assert response["WWW-Authenticate"] == "Bearer"
    for role in (Role.DISPATCHER, Role.AUDITOR, Role.PROVIDER_STAFF):
        refused = api_as(role).post(FILE_URL, filing(person, service))
        assert (
            "Your role does not include this task"
            in assert_error(refused, 403, "forbidden")["detail"]
        )
    assert_error(api_as().post(FILE_URL, filing(person, service)), 403, "forbidden")
    assert not Application.objects.exists()


def test_errors_speak_polish_unless_the_user_chose_another_language(anonymous):
    anonymous.client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    response = anonymous.get(f"/api/intake/people/{1}/items")
    assert response.status_code == 401
    assert response["Content-Language"] == "pl"
    with translation.override("pl"):
        polish = translation.gettext("Log in first.")
    assert polish != "Log in first."
    assert response.json()["detail"] == polish


# --- A person's requested services ------------------------------------------------------------


def test_a_persons_items_are_listed_newest_first_with_state_position_and_reasons(
    api_as, make_staff
):
    organiser = make_staff(Role.SERVICE_ORGANISER)
    taxi = ProgrammeServiceFactory.create(name="Taksówka", capacity=1)
    club = ProgrammeServiceFactory.create(name="Klub")
    decided = ProgrammeServiceFactory.create(name="Posiłek", qualification_mode="decision")
    person, other = senior(), senior()
    # Someone else holds the taxi's only place, so the person waits second after `ahead`.
    item_qualify(
        item=item_make(taxi, by=organiser, person=other, minutes_ago=50), acting_user=organiser
    )
    ahead = item_make(taxi, by=organiser, person=senior(), minutes_ago=40)
    item_qualify(item=ahead, acting_user=organiser)
    waiting = item_make(taxi, by=organiser, person=person, minutes_ago=30)
    item_qualify(item=waiting, acting_user=organiser)
    refused = item_refuse(
        item=item_make(club, by=organiser, person=person, minutes_ago=20),
        reason="Brak miejsc.",
        acting_user=None,
    )
    from opencus.intake.services import item_record_decision

    granted = item_record_decision(
        item=item_make(decided, by=organiser, person=person, minutes_ago=10),
        number="DPS.8310.1.2026",
        decided_on=timezone.localdate(),
        granted=True,
        acting_user=organiser,
    )
    response = api_as(Role.AUDITOR).get(items_url(person))
    assert response.status_code == 200, response.content
    rows = response.json()
    assert [row["id"] for row in rows] == [granted.pk, refused.pk, waiting.pk]
    by_id = {row["id"]: row for row in rows}
    assert by_id[waiting.pk]["state"] == "waiting"
    assert by_id[waiting.pk]["state_label"] == "on the waiting list"
    assert by_id[waiting.pk]["waiting_position"] == 2
    assert by_id[waiting.pk]["application"]["reference"] == waiting.application.reference
    assert by_id[refused.pk]["state"] == "refused"
    assert by_id[refused.pk]["refusal_reason"] == "Brak miejsc."
    assert by_id[refused.pk]["waiting_position"] is None
    assert by_id[granted.pk]["state"] == "qualified"
    assert by_id[granted.pk]["decision_number"] == "DPS.8310.1.2026"
    assert by_id[granted.pk]["decision_date"] == timezone.localdate().isoformat()
    assert by_id[granted.pk]["service"] == {"uuid": str(decided.uuid), "name": "Posiłek"}


def test_the_items_list_needs_the_capability(api_as, anonymous):
    person = senior()
    assert_error(anonymous.get(items_url(person)), 401, "not_authenticated")
    assert_error(api_as(Role.DISPATCHER).get(items_url(person)), 403, "forbidden")
    assert_error(
        api_as(Role.AUDITOR).get("/api/intake/people/987654/items"), 404, "person_not_found"
    )
    assert_error(api_as(Role.AUDITOR).get("/api/intake/people/0/items"), 422, "invalid")
    assert_error(api_as(Role.AUDITOR).get("/api/intake/people/abc/items"), 422, "invalid")


def test_the_items_list_has_a_query_budget(api_as, make_staff, django_assert_max_num_queries):
    organiser = make_staff(Role.SERVICE_ORGANISER)
    person = senior()
    for service in ProgrammeServiceFactory.create_batch(8, capacity=0):
        item_qualify(item=item_make(service, by=organiser, person=person), acting_user=organiser)
    for service in ProgrammeServiceFactory.create_batch(4):
        item_make(service, by=organiser, person=person)
    api = api_as(Role.CLIENT_OFFICE)
    # key lookup, last use, roles, person, items with their waiting positions
    with django_assert_max_num_queries(5):
        response = api.get(items_url(person))
    assert response.status_code == 200
    assert len(response.json()) == 12
    assert sorted(row["waiting_position"] or 0 for row in response.json()) == [0] * 4 + [1] * 8


# --- Qualifying -------------------------------------------------------------------------------


def test_qualifying_gives_the_place_in_filing_order_and_the_rest_wait(api_as, make_staff):
    api = api_as(Role.SERVICE_ORGANISER)
    service = ProgrammeServiceFactory.create(capacity=1, eligibility_rules=SENIORS)
    first = item_make(service, by=api.user, person=senior(), minutes_ago=10)
    second = item_make(service, by=api.user, person=senior(), minutes_ago=5)
    response = api.post(qualify_url(first))
    assert response.status_code == 200, response.content
    assert response.json() == {
        "id": first.pk,
        "service": {"uuid": str(service.uuid), "name": service.name},
        "state": "qualified",
        "state_label": "qualified",
        "waiting_position": None,
    }
    waiting = api.post(qualify_url(second)).json()
    assert waiting["state"] == "waiting"
    assert waiting["waiting_position"] == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (ItemState.QUALIFIED, ItemState.WAITING)
    assert ItemTransition.objects.filter(item=first, actor=api.user).exists()
    again = assert_error(api.post(qualify_url(second)), 409, "no_place")
    assert "position 1" in again["detail"]


def test_qualifying_a_person_who_is_not_eligible_is_a_conflict_with_the_reasons(api_as):
    api = api_as(Role.DIRECTOR)
    service = ProgrammeServiceFactory.create(eligibility_rules=SENIOR_RESIDENTS)
    young = PersonFactory.create(birth_date=dt.date(1990, 1, 1), terc="1465011")
    item = item_make(service, by=api.user, person=young)
    body = assert_error(api.post(qualify_url(item)), 409, "not_eligible")
    assert "does not meet the service's conditions" in body["detail"]
    assert len(body["reasons"]) == 2
    assert any("60" in reason for reason in body["reasons"])
    assert any("municipality" in reason for reason in body["reasons"])
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_a_decision_service_cannot_be_qualified_in_the_queue(api_as):
    api = api_as(Role.SERVICE_ORGANISER)
    service = ProgrammeServiceFactory.create(qualification_mode="decision")
    item = item_make(service, by=api.user, person=senior())
    assert_error(api.post(qualify_url(item)), 409, "decision_mode")
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_qualifying_needs_the_queue_capability_and_a_visible_item(api_as, anonymous):
    service = ProgrammeServiceFactory.create()
    item = item_make(service, by=None, person=senior())
    assert_error(anonymous.post(qualify_url(item)), 401, "not_authenticated")
    assert_error(api_as(Role.CLIENT_OFFICE).post(qualify_url(item)), 403, "forbidden")
    organiser = api_as(Role.SERVICE_ORGANISER)
    assert_error(organiser.post("/api/intake/items/987654/qualify"), 404, "item_not_found")
    assert_error(organiser.post("/api/intake/items/0/qualify"), 422, "invalid")
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


# --- Withdrawing ------------------------------------------------------------------------------


def test_withdrawing_a_qualified_request_frees_the_place_for_the_next_in_line(api_as):
    api = api_as(Role.DIRECTOR)
    service = ProgrammeServiceFactory.create(capacity=1)
    holder = item_make(service, by=api.user, person=senior(), minutes_ago=10)
    next_in_line = item_make(service, by=api.user, person=senior(), minutes_ago=5)
    item_qualify(item=holder, acting_user=api.user)
    item_qualify(item=next_in_line, acting_user=api.user)
    response = api.post(withdraw_url(holder), {"note": "moved to another town"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "withdrawn"
    assert response.json()["state_label"] == "withdrawn"
    holder.refresh_from_db()
    next_in_line.refresh_from_db()
    assert holder.state == ItemState.WITHDRAWN
    assert next_in_line.state == ItemState.QUALIFIED
    assert ItemTransition.objects.get(item=holder, to_state="withdrawn").note == (
        "moved to another town"
    )


def test_withdrawing_needs_a_reason_and_twice_is_a_conflict(api_as):
    api = api_as(Role.CLIENT_OFFICE)
    item = item_make(ProgrammeServiceFactory.create(), by=api.user, person=senior())
    for body in (None, {}, {"note": "  "}):
        refused = assert_error(api.post(withdraw_url(item), body), 409, "reason")
        assert refused["detail"] == "Write why the request is withdrawn."
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED
    response = api.post(withdraw_url(item), {"note": "Asked by phone."})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "withdrawn"
    again = assert_error(api.post(withdraw_url(item), {"note": "Again."}), 409, "already_withdrawn")
    assert again["detail"] == "This request has already been withdrawn."
    assert ItemTransition.objects.filter(item=item, to_state="withdrawn").count() == 1


def test_withdrawing_needs_the_capability_and_a_valid_note(api_as, anonymous):
    item = item_make(ProgrammeServiceFactory.create(), by=None, person=senior())
    assert_error(anonymous.post(withdraw_url(item)), 401, "not_authenticated")
    assert_error(api_as(Role.AUDITOR).post(withdraw_url(item)), 403, "forbidden")
    office = api_as(Role.CLIENT_OFFICE)
    for body in ({"note": 5}, {"note": "x" * 2001}, [], [{"note": "a"}], "null", "5"):
        assert_error(office.post(withdraw_url(item), body), 422, "invalid")
    assert_error(office.post("/api/intake/items/987654/withdraw"), 404, "item_not_found")
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


# --- Authentication ---------------------------------------------------------------------------


def test_a_key_acts_as_its_user_and_notes_its_last_use(make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    token, secret = api_token_issue(user=user, name="integration", acting_user=None)
    person, service = senior(), ProgrammeServiceFactory.create()
    response = Api(user, secret).post(FILE_URL, filing(person, service))
    assert response.status_code == 201
    assert Application.objects.get().received_by == user
    token.refresh_from_db()
    assert token.last_used_at is not None
    # Within a minute the time of use is not written again.
    used = token.last_used_at
    assert Api(user, secret).get(items_url(person)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == used


def test_a_revoked_key_a_garbage_key_and_an_inactive_users_key_are_refused(make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    person = senior()
    token, secret = api_token_issue(user=user, name="integration", acting_user=None)
    assert Api(user, secret).get(items_url(person)).status_code == 200
    api_token_revoke(token=token, acting_user=None)
    assert_error(Api(user, secret).get(items_url(person)), 401, "not_authenticated")
    for garbage in ("garbage", "x" * 500, secret[:-1], "żółw"):
        response = Api(user, garbage).get(items_url(person))
        assert_error(response, 401, "not_authenticated")
    other, other_secret = api_token_issue(user=user, name="second", acting_user=None)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert_error(Api(user, other_secret).get(items_url(person)), 401, "not_authenticated")
    basic = Client().get(items_url(person), headers={"Authorization": f"Basic {other_secret}"})
    assert basic.status_code == 401
    assert ApiToken.objects.count() == 2  # revoking kept the row


def test_a_key_of_a_user_without_the_role_is_forbidden_not_unauthenticated(api_as):
    assert_error(api_as().get(items_url(senior())), 403, "forbidden")


def test_the_staff_session_can_call_the_api(client_as):
    client = client_as(Role.CLIENT_OFFICE)
    person, service = senior(), ProgrammeServiceFactory.create()
    response = client.post(FILE_URL, filing(person, service), content_type="application/json")
    assert response.status_code == 201, response.content
    assert client.get(items_url(person)).json()[0]["service"]["name"] == service.name


def test_the_session_must_carry_the_csrf_token_to_change_anything(make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    person, service = senior(), ProgrammeServiceFactory.create()
    # Anonymous: there is no session to forge, so it is "log in", not a CSRF failure.
    anonymous = client.post(FILE_URL, filing(person, service), content_type="application/json")
    assert_error(anonymous, 401, "not_authenticated")
    client.force_login(user)
    assert client.get(items_url(person)).status_code == 200  # reads need no token
    forged = client.post(FILE_URL, filing(person, service), content_type="application/json")
    assert_error(forged, 403, "csrf_failed")
    assert not Application.objects.exists()
    client.get(reverse("core:dashboard"))  # sets the CSRF cookie, as a page would
    csrf = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        FILE_URL,
        filing(person, service),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201, response.content


def test_the_public_catalogue_stays_public(anonymous):
    ProgrammeServiceFactory.create()
    assert anonymous.get("/api/hsds/services").status_code == 200


# --- The document -----------------------------------------------------------------------------


def test_the_document_declares_every_answer_of_the_intake_operations(anonymous):
    document = anonymous.get("/api/openapi.json").json()
    expected = {
        ("post", "/api/intake/applications"): {"201", "400", "401", "403", "404", "409", "422"},
        ("get", "/api/intake/people/{person_id}/items"): {"200", "401", "403", "404", "422"},
        ("post", "/api/intake/items/{item_id}/qualify"): {"200", "401", "403", "404", "409", "422"},
        ("post", "/api/intake/items/{item_id}/withdraw"): {
            "200",
            "400",
            "401",
            "403",
            "404",
            "409",
            "422",
        },
    }
    for (method, path), statuses in expected.items():
        operation = document["paths"][path][method]
        assert set(operation["responses"]) == statuses, path
        assert {"ApiKeyAuth": []} in operation["security"]
    assert document["components"]["securitySchemes"]["ApiKeyAuth"]["scheme"] == "bearer"
    assert "security" not in document["paths"]["/api/hsds/services"]["get"]
