"""Service cards, programmes and places in Polish, Ukrainian and English: the organiser edits
each language's version, residents read the version of the language they chose (Polish where
there is none), and the HSDS API gives the language asked for."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from opencus.catalog.models import ProgrammeService
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role

from .factories import LocationFactory, ProgrammeServiceFactory
from .test_staff_pages import form_data

pytestmark = pytest.mark.django_db


def reader(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def refugee_service(**extra: Any) -> ProgrammeService:
    return ProgrammeServiceFactory.create(
        name="Punkt pomocy dla uchodźców",
        name_uk="Пункт допомоги біженцям",
        summary="Porady i pomoc w sprawach urzędowych.",
        summary_uk="Консультації та допомога в офіційних справах.",
        how_to_apply="Przyjdź do punktu w godzinach otwarcia.",
        how_to_apply_uk="Приходьте до пункту в години роботи.",
        **extra,
    )


def test_a_card_shows_the_readers_language_and_falls_back_to_polish():
    service = refugee_service()
    url = reverse("catalog:service_card", args=[service.uuid])
    ukrainian = reader("uk").get(url).content.decode()
    assert "Пункт допомоги біженцям" in ukrainian
    assert "Консультації та допомога в офіційних справах." in ukrainian
    assert "Приходьте до пункту в години роботи." in ukrainian
    assert "Punkt pomocy dla uchodźców" not in ukrainian
    # No English version: the English reader gets the Polish text, never an empty card.
    english = reader("en").get(url).content.decode()
    assert "Punkt pomocy dla uchodźców" in english
    assert "Porady i pomoc w sprawach urzędowych." in english
    polish = reader("pl").get(url).content.decode()
    assert "Punkt pomocy dla uchodźców" in polish
    assert "Пункт" not in polish


def test_the_public_list_is_in_the_readers_language_and_sorted_in_it():
    refugee_service()
    ProgrammeServiceFactory.create(name="Basen", name_uk="Басейн")
    ProgrammeServiceFactory.create(name="Asystent osobisty")  # no Ukrainian version
    html = reader("uk").get(reverse("catalog:public_service_list")).content.decode()
    positions = [
        html.index(name) for name in ("Asystent osobisty", "Басейн", "Пункт допомоги біженцям")
    ]
    assert positions == sorted(positions)


def test_the_organiser_edits_each_language_version_and_the_change_is_audited(client_as):
    service = refugee_service()
    client = client_as(Role.SERVICE_ORGANISER)
    url = reverse("catalog:service_edit", args=[service.uuid])
    page = client.get(url).content.decode()
    for legend in ("Wersja polska", "Wersja ukraińska", "Wersja angielska"):
        assert legend in page
    assert 'name="name_uk"' in page and 'lang="uk"' in page
    assert "Nazwa (ukraiński)" in page
    response = client.post(
        url,
        form_data(
            service,
            name_en="Refugee help point",
            summary_en="Advice and help with official matters.",
            name_uk="Пункт допомоги для біженців",
        ),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name_en == "Refugee help point"
    assert service.name_uk == "Пункт допомоги для біженців"
    assert service.name_pl == "Punkt pomocy dla uchodźców"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(service.pk))
    assert {"name_en", "summary_en", "name_uk"} <= set(event.changes)
    english = reader("en").get(reverse("catalog:service_card", args=[service.uuid]))
    assert "Refugee help point" in english.content.decode()


def test_the_polish_version_is_required_and_an_emptied_translation_falls_back(client_as):
    service = refugee_service()
    client = client_as(Role.SERVICE_ORGANISER)
    url = reverse("catalog:service_edit", args=[service.uuid])
    response = client.post(url, form_data(service, name_pl=""))
    assert response.status_code == 400
    assert 'href="#id_name_pl"' in response.content.decode()
    response = client.post(url, form_data(service, name_uk="  "))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name_uk is None
    ukrainian = reader("uk").get(reverse("catalog:service_card", args=[service.uuid]))
    assert "Punkt pomocy dla uchodźców" in ukrainian.content.decode()


def test_places_are_translated_too():
    place = LocationFactory.create(name="Punkt informacyjny", name_uk="Інформаційний пункт")
    service = refugee_service()
    service.locations.add(place)
    html = reader("uk").get(reverse("catalog:service_card", args=[service.uuid])).content
    assert "Інформаційний пункт" in html.decode()


def test_the_hsds_api_gives_the_language_asked_for():
    service = refugee_service()
    detail = reverse("api:hsds_service", args=[service.uuid])
    ukrainian = Client().get(detail, {"lang": "uk"}).json()
    assert ukrainian["name"] == "Пункт допомоги біженцям"
    assert "Приходьте до пункту в години роботи." in ukrainian["application_process"]
    english = Client().get(detail, {"lang": "en"}).json()
    assert english["name"] == "Punkt pomocy dla uchodźców"
    assert Client().get(detail).json()["name"] == "Punkt pomocy dla uchodźców"
    listing = Client().get(reverse("api:hsds_services"), {"lang": "uk"}).json()
    assert listing["contents"][0]["name"] == "Пункт допомоги біженцям"
    assert Client().get(detail, {"lang": "de"}).status_code == 422
