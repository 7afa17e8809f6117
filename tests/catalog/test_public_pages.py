from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from opencus.catalog.models import (
    FeeKind,
    Period,
    ProgrammeStatus,
    QualificationMode,
    ServiceStatus,
    Unit,
    Weekday,
)

from .factories import (
    LocationFactory,
    OpeningHoursFactory,
    ProgrammeFactory,
    ProgrammeServiceFactory,
    ServiceLimitFactory,
    area,
    target_group,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("catalog:public_service_list")


@pytest.fixture
def english() -> Client:
    client = Client()
    client.cookies["opencus_language"] = "en"
    return client


def names(response: Any) -> list[str]:
    return [s.name for s in response.context["page_obj"]]


def test_the_list_shows_only_public_services_of_current_adopted_programmes(english):
    shown = ProgrammeServiceFactory.create(name="Senior taxi")
    closed = ProgrammeServiceFactory.create(name="Swimming", status=ServiceStatus.SUSPENDED)
    ProgrammeServiceFactory.create(name="Hidden", is_public=False)
    ProgrammeServiceFactory.create(name="Not offered", status=ServiceStatus.INACTIVE)
    ProgrammeServiceFactory.create(
        name="Draft programme", programme=ProgrammeFactory.create(status=ProgrammeStatus.DRAFT)
    )
    ProgrammeServiceFactory.create(
        name="Expired programme",
        programme=ProgrammeFactory.create(
            valid_from=dt.date(2021, 8, 4), valid_to=dt.date(2022, 3, 31)
        ),
    )
    response = english.get(LIST_URL)
    assert response.status_code == 200
    assert names(response) == [shown.name, closed.name]
    html = response.content.decode()
    assert "2 services" in html
    assert "temporarily closed" in html
    assert reverse("catalog:service_card", args=[shown.uuid]) in html


def test_the_list_is_polish_by_default():
    ProgrammeServiceFactory.create()
    response = Client().get(LIST_URL)
    assert response.status_code == 200
    assert 'lang="pl"' in response.content.decode()


def test_the_list_filters_by_area(english):
    health = ProgrammeServiceFactory.create(name="Physiotherapy", areas=[area("health")])
    culture = ProgrammeServiceFactory.create(name="Cinema tickets", areas=[area("culture")])
    both = ProgrammeServiceFactory.create(
        name="Art therapy", areas=[area("culture"), area("health")]
    )
    response = english.get(LIST_URL, {"area": "culture"})
    assert response.status_code == 200
    assert names(response) == [both.name, culture.name]
    assert health.name not in response.content.decode()
    assert "Clear the filter" in response.content.decode()


def test_the_list_filters_by_target_group_and_area_together(english):
    ProgrammeServiceFactory.create(name="Senior club", target_groups=[target_group("seniors")])
    match = ProgrammeServiceFactory.create(
        name="Senior swimming",
        areas=[area("sport-tourism")],
        target_groups=[target_group("seniors"), target_group("disabled")],
    )
    ProgrammeServiceFactory.create(
        name="Family swimming",
        areas=[area("sport-tourism")],
        target_groups=[target_group("families")],
    )
    assert names(english.get(LIST_URL, {"group": "seniors", "area": "sport-tourism"})) == [
        match.name
    ]
    assert names(english.get(LIST_URL, {"group": "disabled"})) == [match.name]


def test_an_unknown_filter_value_gets_a_message_and_changes_nothing(english):
    ProgrammeServiceFactory.create(name="Senior taxi")
    response = english.get(LIST_URL, {"area": "nowhere"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose an area from the list." in html
    assert "govuk-error-summary" in html
    assert names(response) == ["Senior taxi"]


def test_the_filter_form_is_a_plain_get_form_with_labels(english):
    html = english.get(LIST_URL).content.decode()
    assert re.search(r'<form method="get"', html)
    assert '<label class="govuk-label govuk-label--s" for="id_area">Area' in html
    assert '<label class="govuk-label govuk-label--s" for="id_group">Who it is for' in html


def test_an_empty_filter_result_says_so(english):
    ProgrammeServiceFactory.create(areas=[area("health")])
    response = english.get(LIST_URL, {"area": "housing"})
    assert names(response) == []
    assert "No services match the filter" in response.content.decode()


def test_the_list_is_paginated_and_keeps_the_filter(english, settings):
    settings.OPENCUS_PAGE_SIZE = 2
    for _ in range(5):
        ProgrammeServiceFactory.create(areas=[area("culture")])
    response = english.get(LIST_URL, {"area": "culture", "page": 2})
    assert len(names(response)) == 2
    html = response.content.decode()
    assert 'href="?area=culture&amp;page=3"' in html
    assert 'href="?area=culture&amp;page=1"' in html


def test_the_list_runs_a_fixed_number_of_queries(english, django_assert_max_num_queries):
    for _ in range(12):
        service = ProgrammeServiceFactory.create(
            areas=[area("health"), area("culture")],
            target_groups=[target_group("seniors"), target_group("carers")],
        )
        ServiceLimitFactory.create(service=service)
    # areas and groups for the form, count, page, areas, target groups
    with django_assert_max_num_queries(6):
        response = english.get(LIST_URL, {"group": "seniors"})
    assert len(names(response)) == 12


# --- the card --------------------------------------------------------------------------------


@pytest.fixture
def taxi() -> Any:
    programme = ProgrammeFactory.create(
        name="Programme of social services 2026–2027",
        resolution_number="XL/350/2026",
        resolution_date=dt.date(2026, 1, 28),
        journal_reference="Dz. Urz. Woj. Świętokrzyskiego 2026 poz. 512",
    )
    club = LocationFactory.create(
        name="Senior+ Club", accessibility="Step-free entrance and a lift."
    )
    OpeningHoursFactory.create(
        service=None,
        location=club,
        weekday=Weekday.TUESDAY,
        opens_at=dt.time(9, 0),
        closes_at=dt.time(13, 0),
    )
    service = ProgrammeServiceFactory.create(
        programme=programme,
        name="Senior taxi",
        summary="Door-to-door rides to the doctor and the office.",
        description="A car with a driver takes you.\nBook two days ahead.",
        target_group_description="Older residents who cannot travel alone.",
        eligibility_rules={"all": [{"attribute": "age", "min": 65}, {"attribute": "resident"}]},
        fee_kind=FeeKind.FLAT,
        fee_amount=Decimal("3.00"),
        fee_unit=Unit.RIDE,
        fee_description="Free for holders of a significant disability certificate.",
        capacity=40,
        capacity_period=Period.MONTH,
        qualification_mode=QualificationMode.PROGRAMME,
        how_to_apply="Phone the client office.",
        documents="Identity card\nDisability certificate, if any",
        legal_basis="Act of 19 July 2019 on the provision of social services by a CUS.",
        contact_phone="41 275 01 01",
        contact_email="taxi@example.org",
        target_groups=[target_group("seniors")],
        locations=[club],
    )
    ServiceLimitFactory.create(service=service, units=2, unit=Unit.RIDE, period=Period.MONTH)
    ServiceLimitFactory.create(service=service, units=20, unit=Unit.RIDE, period=Period.YEAR)
    OpeningHoursFactory.create(service=service, weekday=Weekday.MONDAY)
    OpeningHoursFactory.create(
        service=service,
        weekday=Weekday.MONDAY,
        opens_at=dt.time(17, 0),
        closes_at=dt.time(19, 0),
        note="on request",
    )
    OpeningHoursFactory.create(service=service, weekday=Weekday.FRIDAY)
    return service


def test_the_card_shows_everything_a_resident_needs(english, taxi):
    response = english.get(reverse("catalog:service_card", args=[taxi.uuid]))
    assert response.status_code == 200
    html = response.content.decode()
    expected = [
        '<h1 class="govuk-heading-xl">Senior taxi</h1>',
        "Door-to-door rides to the doctor and the office.",
        "A car with a driver takes you.<br>Book two days ahead.",
        "Older residents who cannot travel alone.",
        "Aged 65 or over",
        "Lives in the municipality of Starachowice",
        "At most 2 rides a month",
        "At most 20 rides a year",
        "40 places a month",
        "3.00 PLN per ride",
        "Free for holders of a significant disability certificate.",
        "programme queue, in filing order (no administrative decision)",
        "Phone the client office.",
        "Identity card<br>Disability certificate, if any",
        "Senior+ Club",
        "ul. Radomska 22, 27-200 Starachowice",
        "Step-free entrance and a lift.",
        "Tuesday: 09:00–13:00",
        "Monday",
        "08:00–16:00, 17:00–19:00 (on request)",
        "Friday",
        "41 275 01 01",
        "taxi@example.org",
        "Programme of social services 2026–2027",
        "No. XL/350/2026 of 28.01.2026",
        "Dz. Urz. Woj. Świętokrzyskiego 2026 poz. 512",
        "Act of 19 July 2019 on the provision of social services by a CUS.",
    ]
    for text in expected:
        assert text in html, text


def test_the_card_headings_go_in_order(english, taxi):
    html = english.get(reverse("catalog:service_card", args=[taxi.uuid])).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_the_card_in_polish_uses_polish_money_format(taxi):
    html = Client().get(reverse("catalog:service_card", args=[taxi.uuid])).content.decode()
    assert "3,00" in html


def test_a_free_service_without_rules_says_everyone_may_use_it(english):
    service = ProgrammeServiceFactory.create()
    html = english.get(reverse("catalog:service_card", args=[service.uuid])).content.decode()
    assert "Free of charge" in html
    assert "there are no further conditions" in html
    assert "No limit per person" in html
    assert "Not limited" in html


def test_a_card_out_of_public_view_is_not_found(english):
    hidden = ProgrammeServiceFactory.create(is_public=False)
    draft = ProgrammeServiceFactory.create(
        programme=ProgrammeFactory.create(status=ProgrammeStatus.DRAFT)
    )
    for service in (hidden, draft):
        response = english.get(reverse("catalog:service_card", args=[service.uuid]))
        assert response.status_code == 404
    assert english.get("/uslugi/not-a-uuid/").status_code == 404


def test_the_card_escapes_staff_text(english):
    service = ProgrammeServiceFactory.create(description="<script>alert(1)</script>")
    html = english.get(reverse("catalog:service_card", args=[service.uuid])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_card_runs_a_fixed_number_of_queries(english, taxi, django_assert_max_num_queries):
    for period in (Period.WEEK, Period.MONTH, Period.QUARTER, Period.YEAR):
        location = LocationFactory.create()
        OpeningHoursFactory.create(service=None, location=location)
        taxi.locations.add(location)
        ServiceLimitFactory.create(service=taxi, unit=Unit.HOUR, period=period)
    # service, areas, target groups, limits, hours, locations, locations' hours
    with django_assert_max_num_queries(7):
        response = english.get(reverse("catalog:service_card", args=[taxi.uuid]))
    assert response.status_code == 200


def test_broken_stored_rules_do_not_break_the_card(english, caplog):
    service = ProgrammeServiceFactory.create()
    # Written around the field's validator, as a raw import could.
    type(service).objects.filter(pk=service.pk).update(
        eligibility_rules={"all": [{"attribute": "income"}]}
    )
    response = english.get(reverse("catalog:service_card", args=[service.uuid]))
    assert response.status_code == 200
    assert "Ask the centre who may use this service." in response.content.decode()
    assert "Invalid eligibility rules" in caplog.text


def test_a_place_shows_its_own_hours_and_the_service_its_sessions_there(english):
    pool = LocationFactory.create(name="Pływalnia")
    OpeningHoursFactory.create(
        service=None, location=pool, weekday=Weekday.MONDAY, opens_at=dt.time(6, 0)
    )
    service = ProgrammeServiceFactory.create(name="Aqua aerobik", locations=[pool])
    OpeningHoursFactory.create(
        service=service,
        location=pool,
        weekday=Weekday.MONDAY,
        opens_at=dt.time(10, 0),
        closes_at=dt.time(10, 45),
    )
    response = english.get(reverse("catalog:service_card", args=[service.uuid]))
    context = response.context
    assert [day.ranges for day in context["hours"]] == [["10:00–10:45"]]
    place_hours = context["locations"][0]["hours"]
    assert len(place_hours) == 1
    assert all("10:00" not in text for text in place_hours[0].ranges)
