"""Programmes and places in Polish, Ukrainian and English: the organiser edits each language's
version of their texts on staff pages (no administration panel needed), residents read them,
every change is audited, the Polish name cannot be emptied, and only ``catalog.manage`` may."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from opencus.catalog.errors import PolishNameMissing
from opencus.catalog.models import Location, Programme
from opencus.catalog.services import location_texts_update, programme_texts_update
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from tests.personas import user_make

from .factories import LocationFactory, ProgrammeServiceFactory
from .test_content_languages import reader

pytestmark = pytest.mark.django_db


def texts(obj: Programme | Location, fields: tuple[str, ...], **changes: Any) -> dict[str, Any]:
    data = {
        f"{name}_{code}": getattr(obj, f"{name}_{code}") or ""
        for code in ("pl", "uk", "en")
        for name in fields
    }
    return {**data, **changes}


def programme_texts(programme: Programme, **changes: Any) -> dict[str, Any]:
    return texts(programme, ("name", "description"), **changes)


def place_texts(place: Location, **changes: Any) -> dict[str, Any]:
    return texts(place, ("name", "description", "accessibility"), **changes)


def test_the_organiser_edits_a_programme_in_ukrainian_and_english(client_as):
    service = ProgrammeServiceFactory.create()
    programme = service.programme
    client = client_as(Role.SERVICE_ORGANISER)
    detail = client.get(reverse("catalog:programme_detail", args=[programme.uuid])).content
    url = reverse("catalog:programme_texts", args=[programme.uuid])
    assert url in detail.decode()
    page = client.get(url).content.decode()
    for legend in ("Wersja polska", "Wersja ukraińska", "Wersja angielska"):
        assert legend in page
    assert 'name="description_uk"' in page and 'lang="uk"' in page
    assert "Nazwa (ukraiński)" in page

    response = client.post(
        url,
        programme_texts(
            programme,
            name_uk="Програма соціальних послуг",
            description_uk="Програма на 2026–2027 роки.",
            name_en="Social services programme",
            description_en="The programme for 2026–2027.",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:programme_detail", args=[programme.uuid])
    programme.refresh_from_db()
    assert programme.name_uk == "Програма соціальних послуг"
    assert programme.description_en == "The programme for 2026–2027."
    assert programme.name_pl.startswith("Program usług społecznych")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(programme.pk))
    assert set(event.changes) == {"name_uk", "description_uk", "name_en", "description_en"}
    assert event.changes["name_uk"] == [None, "Програма соціальних послуг"]
    with translation.override("uk"):
        assert Programme.objects.get(pk=programme.pk).name == "Програма соціальних послуг"
    card = reader("uk").get(reverse("catalog:service_card", args=[service.uuid])).content
    assert "Програма соціальних послуг" in card.decode()
    english = reader("en").get(reverse("catalog:public_service_list")).content.decode()
    assert "Social services programme" in english


def test_the_organiser_edits_a_place_in_ukrainian_and_english(client_as):
    place = LocationFactory.create(name="Punkt informacyjny", description="Parter, pokój 4.")
    service = ProgrammeServiceFactory.create()
    service.locations.add(place)
    client = client_as(Role.SERVICE_ORGANISER)
    url = reverse("catalog:location_texts", args=[place.uuid])
    staff_card = client.get(reverse("catalog:staff_service_detail", args=[service.uuid]))
    assert url in staff_card.content.decode()
    page = client.get(url).content.decode()
    assert 'name="accessibility_en"' in page and 'lang="en"' in page

    response = client.post(
        url,
        place_texts(
            place,
            name_uk="Інформаційний пункт",
            description_uk="Перший поверх, кімната 4.",
            name_en="Information point",
            accessibility_en="Step-free entrance, lift.",
        ),
    )
    assert response.status_code == 302
    assert "Treści miejsca zostały zapisane." in client.get(response["Location"]).content.decode()
    place.refresh_from_db()
    assert place.name_en == "Information point"
    assert place.name_pl == "Punkt informacyjny"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(place.pk))
    assert set(event.changes) == {"name_uk", "description_uk", "name_en", "accessibility_en"}
    with translation.override("uk"):
        assert Location.objects.get(pk=place.pk).description == "Перший поверх, кімната 4."
    card_url = reverse("catalog:service_card", args=[service.uuid])
    ukrainian = reader("uk").get(card_url).content.decode()
    assert "Інформаційний пункт" in ukrainian and "Перший поверх, кімната 4." in ukrainian
    english = reader("en").get(card_url).content.decode()
    assert "Information point" in english and "Step-free entrance, lift." in english
    # No English description: the Polish one shows.
    assert "Parter, pokój 4." in english


def test_an_empty_polish_name_is_refused_and_nothing_changes(client_as):
    place = LocationFactory.create(name="Punkt informacyjny")
    programme = ProgrammeServiceFactory.create().programme
    client = client_as(Role.SERVICE_ORGANISER)
    for url, data in (
        (
            reverse("catalog:programme_texts", args=[programme.uuid]),
            programme_texts(programme, name_pl=" ", name_en="Programme"),
        ),
        (
            reverse("catalog:location_texts", args=[place.uuid]),
            place_texts(place, name_pl="", name_en="Information point"),
        ),
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert 'href="#id_name_pl"' in response.content.decode()
    programme.refresh_from_db()
    place.refresh_from_db()
    assert programme.name_en is None and place.name_en is None
    assert place.name_pl == "Punkt informacyjny"
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_an_emptied_translation_falls_back_to_polish(client_as):
    place = LocationFactory.create(name="Punkt informacyjny", name_uk="Інформаційний пункт")
    client = client_as(Role.SERVICE_ORGANISER)
    url = reverse("catalog:location_texts", args=[place.uuid])
    assert client.post(url, place_texts(place, name_uk="  ")).status_code == 302
    place.refresh_from_db()
    assert place.name_uk is None
    with translation.override("uk"):
        assert Location.objects.get(pk=place.pk).name == "Punkt informacyjny"


def test_a_clerk_may_not_edit_the_texts(client_as):
    place = LocationFactory.create()
    programme = ProgrammeServiceFactory.create().programme
    client = client_as(Role.CLIENT_OFFICE)
    programme_url = reverse("catalog:programme_texts", args=[programme.uuid])
    place_url = reverse("catalog:location_texts", args=[place.uuid])
    for url, data in (
        (programme_url, programme_texts(programme, name_en="Programme")),
        (place_url, place_texts(place, name_en="Place")),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    detail = client.get(reverse("catalog:programme_detail", args=[programme.uuid]))
    assert programme_url not in detail.content.decode()
    programme.refresh_from_db()
    assert programme.name_en is None


def test_the_services_refuse_without_catalog_manage_or_a_polish_name():
    programme = ProgrammeServiceFactory.create().programme
    place = LocationFactory.create()
    clerk = user_make(Role.CLIENT_OFFICE)
    organiser = user_make(Role.SERVICE_ORGANISER)
    with pytest.raises(PermissionDenied):
        programme_texts_update(programme=programme, acting_user=clerk, fields={"name_en": "X"})
    with pytest.raises(PermissionDenied):
        location_texts_update(location=place, acting_user=clerk, fields={"name_en": "X"})
    with pytest.raises(PolishNameMissing):
        location_texts_update(location=place, acting_user=organiser, fields={"name_pl": " "})
    with pytest.raises(ValueError, match="Not editable"):
        programme_texts_update(programme=programme, acting_user=organiser, fields={"status": "x"})
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()
