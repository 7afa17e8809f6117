"""The centre's views of delivery: planned / delivered / settled per service, provider and
month; a person's entitlements with their use; the lines that lag — figures computed by hand on
a small fixture, query budgets, and who may open them (the centre's staff with
``provider.view``; a provider's own staff never)."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from opencus.core.roles import Role
from opencus.delivery import reports
from opencus.delivery.services import delivery_correct, delivery_record, settlement_approve
from opencus.providers.models import ContractLine, ContractStatus, LinePeriod
from tests.catalog.factories import ProgrammeServiceFactory
from tests.delivery.factories import entitlement_make, line_make, previous_month, staff_link
from tests.people.factories import PersonFactory
from tests.providers.factories import ContractFactory, ContractLineFactory, ProviderFactory

pytestmark = pytest.mark.django_db

OVERVIEW = "delivery:report_overview"
LAGGING = "delivery:report_lagging"


def today() -> dt.date:
    return timezone.localdate()


def line_at(
    *,
    valid_from: dt.date,
    valid_to: dt.date,
    max_units: int,
    period: str = LinePeriod.CONTRACT,
    provider: Any = None,
    service: Any = None,
    status: str = ContractStatus.ACTIVE,
) -> ContractLine:
    contract = ContractFactory.create(
        provider=provider or ProviderFactory.create(),
        valid_from=valid_from,
        valid_to=valid_to,
        status=status,
    )
    return ContractLineFactory.create(
        contract=contract,
        service=service or ProgrammeServiceFactory.create(),
        max_units=max_units,
        period=period,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def record(line: ContractLine, user: Any, day: dt.date, units: int, entitlement: Any = None):
    entitlement = entitlement or entitlement_make(line=line)
    return delivery_record(entitlement=entitlement, delivered_on=day, units=units, acting_user=user)


# --- Overview ---------------------------------------------------------------------------------


@pytest.fixture
def month_world(organiser: Any) -> dict[str, Any]:
    """Last month: service "Alpha" by providers "A" (a monthly line of 10 rides) and "B" (a
    line of 300 rides for its 300 days from the 1st); service "Beta" by "A" (7 rides a week
    from the 11th). A delivers 3 + 2 rides and reverses the 2, B delivers 4; A's month is
    approved, B's is not; one more ride of A this month does not count."""
    month = previous_month(today())
    alpha = ProgrammeServiceFactory.create(name="Alpha")
    beta = ProgrammeServiceFactory.create(name="Beta")
    provider_a = ProviderFactory.create(name="A provider")
    provider_b = ProviderFactory.create(name="B provider")
    long_ago, far_ahead = month - dt.timedelta(days=60), today() + dt.timedelta(days=100)
    line_a = line_at(
        valid_from=long_ago,
        valid_to=far_ahead,
        max_units=10,
        period=LinePeriod.MONTH,
        provider=provider_a,
        service=alpha,
    )
    line_b = line_at(
        valid_from=month,
        valid_to=month + dt.timedelta(days=299),
        max_units=300,
        provider=provider_b,
        service=alpha,
    )
    line_at(
        valid_from=month + dt.timedelta(days=10),
        valid_to=month + dt.timedelta(days=100),
        max_units=7,
        period=LinePeriod.WEEK,
        provider=provider_a,
        service=beta,
    )
    client_a = entitlement_make(line=line_a)
    record(line_a, organiser, month + dt.timedelta(days=1), 3, client_a)
    wrong = record(line_a, organiser, month + dt.timedelta(days=2), 2, client_a)
    delivery_correct(record=wrong, acting_user=organiser, note="Not delivered")
    record(line_a, organiser, today(), 1, client_a)
    record(line_b, organiser, month + dt.timedelta(days=3), 4)
    settlement_approve(contract=line_a.contract, month=month, acting_user=organiser)
    return {"month": month, "days": calendar.monthrange(month.year, month.month)[1]}


def test_the_overview_plans_delivers_and_settles_by_hand(month_world):
    days = month_world["days"]
    overview = reports.month_overview(month=month_world["month"])
    figures = [
        (r.service, r.provider, r.unit, r.planned, r.delivered, r.settled, r.settled_amount)
        for r in overview.rows
    ]
    assert figures == [
        ("Alpha", "A provider", "ride", 10, 3, 3, Decimal("75.00")),
        ("Alpha", "B provider", "ride", days, 4, 0, 0),
        ("Beta", "A provider", "ride", days - 10, 0, 0, 0),
    ]
    (total,) = overview.totals
    assert (total.planned, total.delivered, total.settled) == (2 * days, 7, 3)
    assert overview.settled_amount == Decimal("75.00")


def test_the_overview_takes_three_queries(month_world, django_assert_num_queries):
    with django_assert_num_queries(3):
        reports.month_overview(month=month_world["month"])


def test_planned_units_are_pro_rated_to_the_days_of_the_month():
    line = ContractLine(
        max_units=90,
        period=LinePeriod.QUARTER,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    # 90 a quarter over the 90 days of Q1 2026: one a day, 28 in February.
    assert reports.planned_units(line, dt.date(2026, 2, 1)) == 28
    line.period = LinePeriod.YEAR
    line.max_units = 365
    line.valid_from = dt.date(2026, 3, 16)
    assert reports.planned_units(line, dt.date(2026, 3, 1)) == 16
    assert reports.planned_units(line, dt.date(2025, 12, 1)) == 0


def test_the_overview_page_shows_the_figures_and_the_rule(english_as, month_world):
    month = month_world["month"]
    response = english_as(Role.SERVICE_ORGANISER).get(
        reverse(OVERVIEW), {"month": f"{month:%Y-%m}"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alpha" in page and "B provider" in page
    assert "75.00 zł" in page
    assert "spread evenly over the days of its period" in page
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Planned' in (
        page
    )
    assert "<caption" in page


def test_the_overview_defaults_to_the_current_month(english_as):
    response = english_as(Role.DIRECTOR).get(reverse(OVERVIEW))
    assert response.status_code == 200
    assert response.context["overview"].month == today().replace(day=1)


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "not-a-month", "1999-12", "2026-1x"])
def test_a_month_that_is_no_month_is_refused_with_a_message_not_replaced(english_as, month):
    response = english_as(Role.DIRECTOR).get(reverse(OVERVIEW), {"month": month})
    assert response.status_code == 400
    assert "overview" not in response.context
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Month: enter a year and a month from 01 to 12, for example 2026-11." in page
    assert 'href="#id_month"' in page


def test_the_overview_page_has_a_query_budget(
    english_as, month_world, django_assert_max_num_queries
):
    client = english_as(Role.SERVICE_ORGANISER)
    month = f"{month_world['month']:%Y-%m}"
    client.get(reverse(OVERVIEW), {"month": month})
    with django_assert_max_num_queries(8):
        assert client.get(reverse(OVERVIEW), {"month": month}).status_code == 200


# --- A person's entitlements ------------------------------------------------------------------


@pytest.fixture
def person_world(organiser: Any) -> dict[str, Any]:
    """A person with rides (8 a month, 50 a year): 2 today and 3 last month; and a visit
    entitlement that is not limited and not used."""
    person = PersonFactory.create(first_name="Helena", last_name="Nowak")
    rides = line_make()
    entitlement = entitlement_make(
        line=rides,
        person=person,
        allowances=[
            {"units": 8, "unit": "ride", "period": "month"},
            {"units": 50, "unit": "ride", "period": "year"},
        ],
    )
    record(rides, organiser, today(), 2, entitlement)
    last_month = previous_month(today())
    record(rides, organiser, last_month + dt.timedelta(days=5), 3, entitlement)
    entitlement_make(line=line_make(unit="visit"), person=person)
    same_year = last_month.year == today().year
    return {"person": person, "rides": entitlement, "this_year": 5 if same_year else 2}


def test_a_persons_entitlements_show_use_and_what_is_left(organiser, person_world):
    person, rows = reports.person_entitlements(user=organiser, person_id=person_world["person"].pk)
    assert person == person_world["person"]
    by_unit = {row.entitlement.pk: row for row in rows}
    rides = by_unit[person_world["rides"].pk]
    this_year = person_world["this_year"]
    assert [(b.period, b.allowed, b.used, b.remaining) for b in rides.allowances] == [
        ("month", 8, 2, 6),
        ("year", 50, this_year, 50 - this_year),
    ]
    assert [(u.unit, u.this_month, u.this_year) for u in rides.used] == [("ride", 2, this_year)]
    (visits,) = [row for row in rows if row.entitlement.pk != person_world["rides"].pk]
    assert visits.allowances == [] and visits.used == []


def test_the_person_page_takes_a_fixed_number_of_queries(
    organiser, person_world, django_assert_num_queries
):
    with django_assert_num_queries(4):
        reports.person_entitlements(user=organiser, person_id=person_world["person"].pk)


def test_the_person_page_shows_the_entitlements(english_as, person_world):
    url = reverse("delivery:report_person", args=[person_world["person"].pk])
    response = english_as(Role.COORDINATOR).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Entitlements of Helena Nowak and their use" in page
    assert "8 × ride / month" in page
    assert "Not limited." in page


def test_an_unknown_person_is_not_found(english_as):
    url = reverse("delivery:report_person", args=[999_999])
    assert english_as(Role.DIRECTOR).get(url).status_code == 404


# --- Lagging lines ----------------------------------------------------------------------------


@pytest.fixture
def lag_world(organiser: Any) -> dict[str, ContractLine]:
    """Four lines of 100 rides over 100 days, half of them passed (50 %): 0, 20 and 35 rides
    delivered; and one ended early with nothing delivered."""
    start, end = today() - dt.timedelta(days=49), today() + dt.timedelta(days=50)
    lines = {}
    for name, delivered in (("idle", 0), ("slow", 20), ("near", 35), ("ended", 0)):
        lines[name] = line_at(valid_from=start, valid_to=end, max_units=100)
        if delivered:
            record(lines[name], organiser, today() - dt.timedelta(days=1), delivered)
    lines["ended"].ended_at = timezone.now()
    lines["ended"].save(update_fields=["ended_at"])
    draft = line_at(valid_from=start, valid_to=end, max_units=100, status=ContractStatus.DRAFT)
    lines["draft"] = draft
    return lines


def test_lines_more_than_twenty_points_behind_are_listed_by_the_gap(lag_world):
    mine = {line.pk for line in lag_world.values()}
    lagging = [row for row in reports.lagging_lines() if row.line.pk in mine]
    assert [(row.line.pk, row.elapsed_share, row.delivered_share, row.gap) for row in lagging] == [
        (lag_world["idle"].pk, 50, 0, 50),
        (lag_world["slow"].pk, 50, 20, 30),
    ]


def test_the_lagging_list_takes_one_query(lag_world, django_assert_num_queries):
    with django_assert_num_queries(1):
        reports.lagging_lines()


def test_the_lagging_page_shows_the_threshold(english_as, lag_world):
    response = english_as(Role.AUDITOR).get(reverse(LAGGING))
    assert response.status_code == 200
    page = response.content.decode()
    assert "more than 20 percentage points below the share of time passed" in page
    assert lag_world["slow"].contract.number in page
    assert lag_world["near"].contract.number not in page


# --- Who may open them ------------------------------------------------------------------------


def pages(person: Any) -> list[str]:
    return [
        reverse(OVERVIEW),
        reverse(LAGGING),
        reverse("delivery:report_person", args=[person.pk]),
    ]


def test_a_providers_own_staff_are_refused(client, make_staff, person_world):
    user = make_staff(Role.PROVIDER_STAFF)
    staff_link(user, person_world["rides"].item.service.contract_lines.get())
    client.force_login(user)
    for url in pages(person_world["person"]):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.DIRECTOR, 200),
        (Role.SERVICE_ORGANISER, 200),
        (Role.AUDITOR, 200),
        (Role.CLIENT_OFFICE, 200),
        (Role.SOCIAL_WORKER, 403),
        (Role.DISPATCHER, 403),
    ],
)
def test_the_centre_staff_open_them_per_capability(client_as, person_world, role, status):
    client = client_as(role)
    for url in pages(person_world["person"]):
        assert client.get(url).status_code == status, url


def test_anonymous_visitors_are_sent_to_log_in(client, person_world):
    for url in pages(person_world["person"]):
        assert client.get(url)["Location"].startswith(reverse("core:login"))
