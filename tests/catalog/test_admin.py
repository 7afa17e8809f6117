from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from opencus.catalog.models import ProgrammeService
from tests.conftest import force_login_verified

from .factories import (
    LocationFactory,
    OpeningHoursFactory,
    ProgrammeServiceFactory,
    ServiceLimitFactory,
    area,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_en(settings: Any) -> Client:
    # The admin's own page markup is not ours: unknown variables there are Django's business.
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = ""
    user = User.objects.create_superuser("admin", "admin@example.org", "correct-horse-staple")
    client = Client()
    force_login_verified(client, user)  # a superuser always uses a second factor
    client.cookies["opencus_language"] = "en"
    return client


def test_the_catalogue_is_in_the_admin(admin_client_en):
    service = ProgrammeServiceFactory.create(
        eligibility_rules={"all": [{"attribute": "age", "min": 60}, {"attribute": "resident"}]}
    )
    ServiceLimitFactory.create(service=service)
    OpeningHoursFactory.create(service=service)
    location = LocationFactory.create()
    OpeningHoursFactory.create(service=None, location=location)
    pages = [
        reverse("admin:catalog_programme_changelist"),
        reverse("admin:catalog_programme_change", args=[service.programme.pk]),
        reverse("admin:catalog_programmeservice_changelist"),
        reverse("admin:catalog_programmeservice_add"),
        reverse("admin:catalog_location_changelist"),
        reverse("admin:catalog_location_change", args=[location.pk]),
    ]
    for url in pages:
        assert admin_client_en.get(url).status_code == 200, url
    html = admin_client_en.get(
        reverse("admin:catalog_programmeservice_change", args=[service.pk])
    ).content.decode()
    assert "Aged 60 or over" in html  # the rules in words, beside the JSON
    # Each text in Polish, Ukrainian and English (django-modeltranslation).
    for name in ("name_pl", "name_uk", "name_en", "how_to_apply_uk", "description_en"):
        assert f'name="{name}"' in html, name


def _admin_form(service: ProgrammeService, rules: str) -> dict[str, Any]:
    return {
        "programme": service.programme.pk,
        "name_pl": service.name,
        "slug": service.slug,
        "summary_pl": service.summary,
        "description_pl": service.description,
        "areas": [area("health").pk],
        "target_group_description_pl": "",
        "eligibility_rules": rules,
        "capacity_period": "programme",
        "fee_kind": "free",
        "qualification_mode": "programme",
        "status": "active",
        "is_public": "on",
        "limits-TOTAL_FORMS": "0",
        "limits-INITIAL_FORMS": "0",
        "hours-TOTAL_FORMS": "0",
        "hours-INITIAL_FORMS": "0",
    }


def test_the_admin_refuses_invalid_rules_with_the_reason(admin_client_en):
    service = ProgrammeServiceFactory.create()
    url = reverse("admin:catalog_programmeservice_change", args=[service.pk])
    response = admin_client_en.post(
        url, _admin_form(service, '{"all": [{"attribute": "age", "min": 70, "max": 60}]}')
    )
    assert response.status_code == 200  # the form again, with the error
    assert "&quot;min&quot; must not be greater than &quot;max&quot;" in response.content.decode()
    service.refresh_from_db()
    assert service.eligibility_rules == {}

    response = admin_client_en.post(
        url, _admin_form(service, '{"all": [{"attribute": "age", "min": 60}]}')
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.eligibility_rules == {"all": [{"attribute": "age", "min": 60}]}


def test_changes_made_in_the_admin_are_audited(admin_client_en):
    from opencus.core.models import AuditAction, AuditEvent

    location = LocationFactory.create(name="Pływalnia")
    data = {
        "name_pl": "Pływalnia miejska",
        "name_uk": "Міський басейн",
        "description_pl": "",
        "accessibility_pl": "",
        "phone": "",
        "email": "",
        "street": location.street,
        "building_number": location.building_number,
        "flat_number": "",
        "postcode": location.postcode,
        "locality": location.locality,
        "terc": "",
        "simc": "",
        "ulic": "",
        "latitude": "",
        "longitude": "",
        "hours-TOTAL_FORMS": "0",
        "hours-INITIAL_FORMS": "0",
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    url = reverse("admin:catalog_location_change", args=[location.pk])
    response = admin_client_en.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(location.pk))
    assert event.actor_username == "admin"
    # The admin edits the language versions (modeltranslation): the Polish one changed and a
    # Ukrainian one was added.
    assert event.changes["name_pl"] == ["Pływalnia", "Pływalnia miejska"]
    assert event.changes["name_uk"] == [None, "Міський басейн"]
