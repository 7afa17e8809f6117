from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from opencus.catalog.models import (
    FeeKind,
    Period,
    ProgrammeService,
    ProgrammeStatus,
    QualificationMode,
    ServiceStatus,
    Unit,
)
from opencus.catalog.translation import SERVICE_TEXT_FIELDS
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import ALL_STAFF, Role

from .factories import (
    LocationFactory,
    ProgrammeFactory,
    ProgrammeServiceFactory,
    ServiceLimitFactory,
    area,
    target_group,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("catalog:programme_list")


def english(client: Client) -> Client:
    client.cookies["opencus_language"] = "en"
    return client


@pytest.fixture
def programme() -> Any:
    programme = ProgrammeFactory.create(
        name="Programme 2026–2027",
        resolution_number="XL/350/2026",
        status=ProgrammeStatus.ADOPTED,
    )
    taxi = ProgrammeServiceFactory.create(
        programme=programme,
        name="Senior taxi",
        capacity=40,
        capacity_period=Period.MONTH,
        qualification_mode=QualificationMode.PROGRAMME,
    )
    ServiceLimitFactory.create(service=taxi, units=2, unit=Unit.RIDE, period=Period.MONTH)
    ProgrammeServiceFactory.create(
        programme=programme,
        name="Day care home",
        is_public=False,
        qualification_mode=QualificationMode.DECISION,
    )
    return programme


def detail_url(programme: Any) -> str:
    return reverse("catalog:programme_detail", args=[programme.uuid])


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["list", "detail", "service", "edit"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, programme, url_name):
    service = programme.services.first()
    url = {
        "list": LIST_URL,
        "detail": detail_url(programme),
        "service": reverse("catalog:staff_service_detail", args=[service.uuid]),
        "edit": reverse("catalog:service_edit", args=[service.uuid]),
    }[url_name]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))


@pytest.mark.parametrize("url_name", ["list", "detail", "service", "edit"])
def test_an_outsider_without_a_role_is_refused(client_as, programme, url_name):
    service = programme.services.first()
    url = {
        "list": LIST_URL,
        "detail": detail_url(programme),
        "service": reverse("catalog:staff_service_detail", args=[service.uuid]),
        "edit": reverse("catalog:service_edit", args=[service.uuid]),
    }[url_name]
    assert client_as().get(url).status_code == 403


def test_every_staff_role_sees_the_programme_list(client_as, programme):
    for role in ALL_STAFF:
        response = client_as(role).get(LIST_URL)
        assert response.status_code == 200, role
    # A volunteer is not the centre's staff: their account sees only their own volunteering.
    assert client_as(Role.VOLUNTEER).get(LIST_URL).status_code == 403


def test_only_catalog_managers_may_edit_a_service(client_as, programme):
    service = programme.services.get(name="Senior taxi")
    url = reverse("catalog:service_edit", args=[service.uuid])
    assert client_as(Role.SOCIAL_WORKER).get(url).status_code == 403
    assert client_as(Role.SERVICE_ORGANISER).get(url).status_code == 200
    assert client_as(Role.DIRECTOR).get(url).status_code == 200


# --- pages -----------------------------------------------------------------------------------


def test_the_programme_list_shows_status_and_number_of_services(client_as, programme):
    ProgrammeFactory.create(name="Old programme", status=ProgrammeStatus.EXPIRED)
    response = english(client_as(Role.CLIENT_OFFICE)).get(LIST_URL)
    html = response.content.decode()
    assert "Programme 2026–2027" in html
    assert "XL/350/2026" in html
    assert "adopted" in html
    assert "expired" in html
    counts = {p.name: p.service_count for p in response.context["page_obj"]}
    assert counts == {"Programme 2026–2027": 2, "Old programme": 0}


def test_the_programme_list_runs_a_fixed_number_of_queries(
    client_as, programme, django_assert_max_num_queries
):
    for _ in range(10):
        ProgrammeServiceFactory.create(programme=ProgrammeFactory.create())
    client = client_as(Role.DIRECTOR)
    # session, user, two-factor devices (2), roles; count, page
    with django_assert_max_num_queries(7):
        assert client.get(LIST_URL).status_code == 200


def test_the_programme_detail_lists_services_with_capacity_and_qualification(client_as, programme):
    html = english(client_as(Role.COORDINATOR)).get(detail_url(programme)).content.decode()
    assert "Senior taxi" in html
    assert "40 places a month" in html
    assert "At most 2 rides a month" in html
    assert "programme queue, in filing order" in html
    assert "administrative decision (Social Assistance Act)" in html
    assert "not public" in html
    # a coordinator may not manage the catalogue: no edit links, no admin link
    assert reverse("catalog:service_edit", args=[programme.services.first().uuid]) not in html
    assert "/admin/" not in html


def test_the_programme_detail_runs_a_fixed_number_of_queries(
    client_as, programme, django_assert_max_num_queries
):
    for number in range(10):
        service = ProgrammeServiceFactory.create(programme=programme, areas=[area("culture")])
        ServiceLimitFactory.create(service=service, units=number + 1)
    client = client_as(Role.DIRECTOR)
    # session, user, two-factor devices (2), roles; programme, services, limits; the opinions
    # on it (one query per source: the seniors' council's)
    with django_assert_max_num_queries(9):
        assert client.get(detail_url(programme)).status_code == 200


def test_a_manager_gets_edit_links_and_an_admin_user_the_admin_link(
    client_as, make_staff, programme
):
    html = english(client_as(Role.SERVICE_ORGANISER)).get(detail_url(programme)).content.decode()
    service = programme.services.first()
    assert reverse("catalog:service_edit", args=[service.uuid]) in html
    assert reverse("admin:catalog_programme_change", args=[programme.pk]) not in html

    admin_user: User = make_staff(Role.SERVICE_ORGANISER, is_staff=True)
    admin_user.user_permissions.add(Permission.objects.get(codename="change_programme"))
    client = Client()
    client.force_login(admin_user)
    html = client.get(detail_url(programme)).content.decode()
    assert reverse("admin:catalog_programme_change", args=[programme.pk]) in html


def test_an_unknown_programme_is_not_found(client_as):
    url = reverse("catalog:programme_detail", args=["7b6a2f4e-0000-4000-8000-000000000000"])
    assert client_as(Role.DIRECTOR).get(url).status_code == 404


def test_staff_see_the_card_of_a_service_that_is_not_public(client_as, programme):
    hidden = programme.services.get(name="Day care home")
    response = english(client_as(Role.SOCIAL_WORKER)).get(
        reverse("catalog:staff_service_detail", args=[hidden.uuid])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Residents do not see this card now" in html
    assert "Eligibility rules as stored" in html
    assert "Edit the service card" not in html


# --- editing ---------------------------------------------------------------------------------


def form_data(service: ProgrammeService, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name_pl": service.name_pl,
        "summary_pl": service.summary_pl,
        "description_pl": service.description_pl,
        "areas": [a.pk for a in service.areas.all()],
        "target_groups": [g.pk for g in service.target_groups.all()],
        "target_group_description_pl": service.target_group_description_pl,
        "eligibility_rules": "{}",
        "capacity_period": service.capacity_period,
        "fee_kind": service.fee_kind,
        "fee_amount": service.fee_amount or "",
        "fee_unit": service.fee_unit,
        "fee_description_pl": service.fee_description_pl,
        "qualification_mode": service.qualification_mode,
        "quality_standard": service.quality_standard,
        "how_to_apply_pl": service.how_to_apply_pl,
        "documents_pl": service.documents_pl,
        "legal_basis": service.legal_basis,
        "locations": [loc.pk for loc in service.locations.all()],
        "contact_phone": service.contact_phone,
        "contact_email": service.contact_email,
        "status": service.status,
        "is_public": "on" if service.is_public else "",
    }
    # The Ukrainian and English versions, as the edit form shows them.
    for name in SERVICE_TEXT_FIELDS:
        for language in ("uk", "en"):
            data[f"{name}_{language}"] = getattr(service, f"{name}_{language}") or ""
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_manager_edits_the_card_and_the_change_is_audited(client_as, programme):
    service = programme.services.get(name="Senior taxi")
    place = LocationFactory.create(name="Town hall")
    client = english(client_as(Role.SERVICE_ORGANISER))
    url = reverse("catalog:service_edit", args=[service.uuid])
    response = client.post(
        url,
        form_data(
            service,
            fee_kind=FeeKind.FLAT,
            fee_amount="3.50",
            fee_unit=Unit.RIDE,
            eligibility_rules='{"all": [{"attribute": "age", "min": 65}]}',
            target_groups=[target_group("seniors").pk],
            locations=[place.pk],
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:staff_service_detail", args=[service.uuid])
    service.refresh_from_db()
    assert service.fee_amount == Decimal("3.50")
    assert service.eligibility_rules == {"all": [{"attribute": "age", "min": 65}]}
    assert list(service.locations.all()) == [place]
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(service.pk))
    assert set(event.changes) == {
        "fee_kind",
        "fee_amount",
        "fee_unit",
        "eligibility_rules",
        "target_groups",
        "locations",
    }
    html = client.get(response["Location"]).content.decode()
    assert "The service card is saved." in html
    assert "3.50 PLN per ride" in html


def test_invalid_rules_are_refused_with_the_reason_and_nothing_changes(client_as, programme):
    service = programme.services.get(name="Senior taxi")
    client = english(client_as(Role.SERVICE_ORGANISER))
    response = client.post(
        reverse("catalog:service_edit", args=[service.uuid]),
        form_data(
            service, name_pl="Renamed", eligibility_rules='{"all": [{"attribute": "income"}]}'
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Rule 1: unknown attribute &quot;income&quot;" in html
    service.refresh_from_db()
    assert service.name == "Senior taxi"
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_a_flat_fee_needs_an_amount_and_bad_json_is_refused(client_as, programme):
    service = programme.services.get(name="Senior taxi")
    client = english(client_as(Role.DIRECTOR))
    url = reverse("catalog:service_edit", args=[service.uuid])
    response = client.post(url, form_data(service, fee_kind=FeeKind.FLAT, fee_amount=""))
    assert response.status_code == 400
    assert "Enter the fee amount for a flat fee." in response.content.decode()
    response = client.post(url, form_data(service, eligibility_rules="{all: ["))
    assert response.status_code == 400
    assert "Enter a valid JSON." in response.content.decode()


def test_an_empty_rules_box_means_no_conditions(client_as, programme):
    service = programme.services.get(name="Senior taxi")
    service.eligibility_rules = {"all": [{"attribute": "resident"}]}
    service.save()
    response = client_as(Role.DIRECTOR).post(
        reverse("catalog:service_edit", args=[service.uuid]),
        form_data(service, eligibility_rules="", status=ServiceStatus.SUSPENDED),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.eligibility_rules == {}
    assert service.status == ServiceStatus.SUSPENDED


def test_saving_without_changes_writes_no_audit_row(client_as, programme):
    service = programme.services.get(name="Senior taxi")
    response = client_as(Role.DIRECTOR).post(
        reverse("catalog:service_edit", args=[service.uuid]), form_data(service)
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_the_edit_form_renders_with_labels(client_as, programme):
    service = programme.services.get(name="Senior taxi")
    html = (
        english(client_as(Role.DIRECTOR))
        .get(reverse("catalog:service_edit", args=[service.uuid]))
        .content.decode()
    )
    assert 'for="id_eligibility_rules"' in html
    assert "<legend" in html  # areas, target groups, fee kind as fieldsets
    assert "Senior taxi" in html


def test_places_are_not_edited_on_the_card_but_linked_to_the_queue(client_as, programme):
    """Places change on the queue's page, which promotes from the waiting list at once; the
    card shows them read-only and ignores a posted value."""
    service = programme.services.get(name="Senior taxi")
    client = english(client_as(Role.SERVICE_ORGANISER))
    url = reverse("catalog:service_edit", args=[service.uuid])
    html = client.get(url).content.decode()
    assert 'name="capacity"' not in html
    assert 'name="capacity_period"' in html
    assert reverse("intake:service_places", args=[service.uuid]) in html
    response = client.post(url, form_data(service, capacity="99", name_pl="Senior taxi 2"))
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.capacity) == ("Senior taxi 2", 40)
