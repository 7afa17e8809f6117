"""A resident finds a service: the public list, the filter by area, the service card."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from opencus.catalog.models import FeeKind, Period, Unit, Weekday
from tests.catalog.factories import (
    LocationFactory,
    OpeningHoursFactory,
    ProgrammeServiceFactory,
    ServiceLimitFactory,
    area,
    target_group,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(db):
    club = LocationFactory.create(name="Klub Senior+ Wierzbowa")
    OpeningHoursFactory.create(service=None, location=club, weekday=Weekday.TUESDAY)
    taxi = ProgrammeServiceFactory.create(
        name="Taksówka dla seniora",
        summary="Przejazdy do lekarza i urzędu.",
        eligibility_rules={"all": [{"attribute": "age", "min": 65}, {"attribute": "resident"}]},
        fee_kind=FeeKind.FLAT,
        fee_amount=Decimal("3.00"),
        fee_unit=Unit.RIDE,
        areas=[area("health"), area("disability")],
        target_groups=[target_group("seniors")],
        locations=[club],
        documents="Dowód osobisty",
    )
    ServiceLimitFactory.create(service=taxi, units=2, unit=Unit.RIDE, period=Period.MONTH)
    OpeningHoursFactory.create(service=taxi, weekday=Weekday.MONDAY, opens_at=dt.time(7, 0))
    ProgrammeServiceFactory.create(name="Bilety do kina", areas=[area("culture")])
    return taxi


def test_a_resident_filters_the_services_by_area_and_opens_a_card(
    live_server, page, assert_accessible, catalogue
):
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.get_by_role("link", name="Bilety do kina").is_visible()
    assert_accessible(page)

    page.select_option("#id_area", "health")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/?area=health*")
    assert page.get_by_role("link", name="Taksówka dla seniora").is_visible()
    assert page.get_by_role("link", name="Bilety do kina").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Taksówka dla seniora").click()
    page.wait_for_url(f"**/uslugi/{catalogue.uuid}/")
    assert page.locator("h1").inner_text() == "Taksówka dla seniora"
    body = page.locator("main").inner_text()
    assert "3,00" in body
    assert "Klub Senior+ Wierzbowa" in body
    assert "07:00–16:00" in body
    assert_accessible(page)


def test_an_invalid_filter_shows_an_accessible_error(
    live_server, page, assert_accessible, catalogue
):
    page.goto(f"{live_server.url}/?area=nowhere")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
