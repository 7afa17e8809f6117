"""The delivery ledger against the plan (issue 10, item 4): per planned service, what the ledger
recorded in each window of the planned frequency, and the flag for a service lagging its plan
in the last whole window that has ended — with real delivery records, corrections included.

The day is fixed (``TODAY``, passed to ``version_progress``); records are written with the ORM
as ``delivery_record`` would (its own rules are tested in tests/delivery)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from opencus.catalog.models import Period, Unit
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from opencus.delivery.services import delivery_record
from opencus.intake.models import Entitlement
from opencus.plans.ledger import ServiceProgress, service_windows, version_progress
from opencus.plans.models import IndividualPlan, PlannedService, PlanState
from opencus.plans.services import part_save, plan_approve, plan_submit
from opencus.providers.models import ContractLine
from tests.delivery.factories import entitlement_make, line_make
from tests.plans.factories import (
    director_make,
    draft_complete,
    organiser_make,
    service_make,
)
from tests.plans.factories import plan_make as services_plan_make
from tests.plans.factories import today as services_today
from tests.plans.reminder_rows import plan_make, planned_service_add, version_of
from tests.providers.factories import ContractLineFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 10)  # a Thursday
STARTS = dt.date(2026, 10, 15)
ENDS = dt.date(2027, 4, 14)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def recorder(make_staff: Any) -> Any:
    return make_staff(Role.SERVICE_ORGANISER)


@pytest.fixture
def plan(make_staff: Any) -> IndividualPlan:
    return plan_make(
        coordinator=make_staff(Role.COORDINATOR), due_on=STARTS, state=PlanState.ACTIVE
    )


@dataclass
class Linked:
    """A planned service with the entitlement and contract line its deliveries go to."""

    service: PlannedService
    entitlement: Entitlement
    line: ContractLine

    def deliver(self, day: dt.date, units: int | str = 1, *, by: Any, unit: str = "") -> Any:
        return DeliveryRecord.objects.create(
            entitlement=self.entitlement,
            contract_line=self.line,
            provider=self.line.contract.provider,
            delivered_on=day,
            units=Decimal(str(units)),
            unit=unit or self.line.unit,
            unit_price=self.line.unit_price,
            settlement_month=day.replace(day=1),
            recorded_by=by,
        )


def linked(
    plan: IndividualPlan,
    *,
    units: int | str,
    period: str,
    unit: str = Unit.VISIT,
    starts_on: dt.date = STARTS,
    ends_on: dt.date = ENDS,
    position: int = 0,
) -> Linked:
    line = line_make(unit=unit)
    entitlement = entitlement_make(line=line, person=plan.person)
    service = planned_service_add(
        plan,
        entitlement=entitlement,
        units=units,
        unit=unit,
        period=period,
        starts_on=starts_on,
        ends_on=ends_on,
        position=position,
    )
    return Linked(service, entitlement, line)


def correct(record: DeliveryRecord, *, by: Any) -> DeliveryRecord:
    """Reverse a delivery, as ``delivery_correct`` does: a row with minus its units."""
    return DeliveryRecord.objects.create(
        entitlement=record.entitlement,
        contract_line=record.contract_line,
        provider=record.provider,
        delivered_on=record.delivered_on,
        units=-record.units,
        unit=record.unit,
        unit_price=record.unit_price,
        settlement_month=record.settlement_month,
        corrects=record,
        recorded_by=by,
    )


def progress_of(plan: IndividualPlan, today: dt.date = TODAY) -> list[ServiceProgress]:
    return version_progress(version_of(plan), today=today)


# --- Windows ----------------------------------------------------------------------------------


def test_monthly_service_lags_when_the_last_whole_month_fell_short(
    plan: IndividualPlan, recorder: Any
) -> None:
    visits = linked(plan, units=4, period=Period.MONTH)
    visits.deliver(dt.date(2026, 10, 20), by=recorder)
    visits.deliver(dt.date(2026, 11, 3), by=recorder)
    visits.deliver(dt.date(2026, 11, 17), by=recorder)
    visits.deliver(dt.date(2026, 12, 2), by=recorder)
    # Not counted: before the service's first day, another unit, another person's entitlement.
    visits.deliver(dt.date(2026, 10, 14), by=recorder)
    visits.deliver(dt.date(2026, 11, 4), 2, by=recorder, unit=Unit.HOUR)
    other = entitlement_make(line=visits.line)
    Linked(visits.service, other, visits.line).deliver(dt.date(2026, 11, 5), 3, by=recorder)

    [progress] = progress_of(plan)

    assert [(w.label, w.planned, w.delivered, w.complete) for w in progress.windows] == [
        ("October 2026", None, 1, True),  # from the 15th: part of the month, no target
        ("November 2026", 4, 2, True),
        ("December 2026", 4, 1, False),  # still running: shown, not judged
    ]
    assert progress.windows[0].starts_on == STARTS
    assert progress.lagging
    assert progress.lag_text == "Behind the plan in November 2026: 2 of 4 × visit"
    assert progress.status_text == progress.lag_text
    assert progress.delivered == 4
    assert progress.delivered_text == "4 × visit delivered since 15.10.2026"
    assert progress.frequency_text == "4 × visit / month"
    assert progress.windows[0].text == "October 2026, from 15.10.2026 to 31.10.2026 only: 1 × visit"
    assert progress.windows[1].text == "November 2026: 2 of 4 × visit"
    assert progress.current == progress.windows[2]


def test_a_month_delivered_as_planned_is_on_plan_and_a_correction_counts(
    plan: IndividualPlan, recorder: Any
) -> None:
    visits = linked(plan, units=4, period=Period.MONTH)
    records = [visits.deliver(dt.date(2026, 11, day), by=recorder) for day in (2, 9, 16, 23)]
    [progress] = progress_of(plan)
    assert not progress.lagging
    assert progress.lag_text == ""
    assert progress.status_text == "On plan in November 2026: 4 of 4 × visit"

    correct(records[-1], by=recorder)  # one visit did not happen after all
    [progress] = progress_of(plan)
    assert progress.lagging
    assert progress.lag_text == "Behind the plan in November 2026: 3 of 4 × visit"


def test_more_than_planned_is_not_lagging(plan: IndividualPlan, recorder: Any) -> None:
    visits = linked(plan, units=1, period=Period.MONTH)
    visits.deliver(dt.date(2026, 11, 2), 3, by=recorder)
    [progress] = progress_of(plan)
    assert not progress.lagging
    assert progress.windows[1].text == "November 2026: 3 of 1 × visit"


def test_weekly_windows_run_from_monday_and_judge_the_last_whole_week(
    plan: IndividualPlan, recorder: Any
) -> None:
    # From Wednesday 25 November; today is Thursday 10 December.
    hours = linked(
        plan, units="1.5", unit=Unit.HOUR, period=Period.WEEK, starts_on=dt.date(2026, 11, 25)
    )
    hours.deliver(dt.date(2026, 11, 30), "1.5", by=recorder)  # week of 30 November: as planned
    hours.deliver(dt.date(2026, 12, 7), "0.75", by=recorder)  # week of 7 December: short
    [progress] = progress_of(plan)
    assert [(w.starts_on, w.ends_on, w.planned, w.complete) for w in progress.windows] == [
        (dt.date(2026, 11, 25), dt.date(2026, 11, 29), None, True),
        (dt.date(2026, 11, 30), dt.date(2026, 12, 6), Decimal("1.5"), True),
        (dt.date(2026, 12, 7), dt.date(2026, 12, 13), Decimal("1.5"), False),
    ]
    # The week of 7 December has not ended: the last whole week was delivered as planned.
    assert not progress.lagging
    # A week later that week has ended, short of the plan.
    [later] = progress_of(plan, today=dt.date(2026, 12, 14))
    assert later.lagging
    assert later.lag_text == (
        "Behind the plan in the week 07.12.2026 – 13.12.2026: 0.75 of 1.50 × hour"
    )


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (
            Period.QUARTER,
            [
                (dt.date(2026, 10, 15), dt.date(2026, 12, 31), "quarter 4 of 2026", False),
                (dt.date(2027, 1, 1), dt.date(2027, 3, 31), "quarter 1 of 2027", True),
                (dt.date(2027, 4, 1), dt.date(2027, 4, 14), "quarter 2 of 2027", False),
            ],
        ),
        (
            Period.YEAR,
            [
                (dt.date(2026, 10, 15), dt.date(2026, 12, 31), "2026", False),
                (dt.date(2027, 1, 1), dt.date(2027, 4, 14), "2027", False),
            ],
        ),
        (
            Period.PROGRAMME,
            [(dt.date(2026, 10, 15), dt.date(2027, 4, 14), "the whole period", True)],
        ),
    ],
)
def test_quarters_years_and_the_whole_period_are_cut_to_the_service(
    plan: IndividualPlan, period: str, expected: list[Any]
) -> None:
    service = linked(plan, units=10, period=period).service
    assert service_windows(service, dt.date(2027, 6, 1)) == expected


def test_after_the_service_ends_the_last_whole_window_is_judged(
    plan: IndividualPlan, recorder: Any
) -> None:
    visits = linked(plan, units=2, period=Period.MONTH)
    for day in (dt.date(2027, 3, 2), dt.date(2027, 3, 20), dt.date(2027, 4, 2)):
        visits.deliver(day, by=recorder)
    [progress] = progress_of(plan, today=dt.date(2027, 6, 1))
    # April ends with the service on the 14th: part of a month, so March is the one judged.
    assert progress.windows[-1].label == "April 2027"
    assert progress.windows[-1].partial
    assert progress.current is None
    assert progress.last_complete is not None
    assert progress.last_complete.label == "March 2027"
    assert not progress.lagging


def test_the_whole_period_is_judged_only_once_it_has_ended(
    plan: IndividualPlan, recorder: Any
) -> None:
    sessions = linked(plan, units=10, unit=Unit.SESSION, period=Period.PROGRAMME)
    sessions.deliver(dt.date(2026, 11, 2), 6, by=recorder)
    [running] = progress_of(plan)
    assert not running.lagging
    assert running.status_text == "Nothing to compare with the plan yet"
    [ended] = progress_of(plan, today=dt.date(2027, 4, 15))
    assert ended.lagging
    assert ended.lag_text == "Behind the plan in the whole period: 6 of 10 × session"


def test_nothing_delivered_in_a_whole_month_is_lagging_with_zero(
    plan: IndividualPlan,
) -> None:
    linked(plan, units=4, period=Period.MONTH)
    [progress] = progress_of(plan)
    assert progress.lag_text == "Behind the plan in November 2026: 0 of 4 × visit"


def test_a_service_not_started_or_without_entitlement_is_not_judged(
    plan: IndividualPlan,
) -> None:
    later = linked(plan, units=4, period=Period.MONTH, starts_on=dt.date(2027, 1, 4))
    waiting = planned_service_add(
        plan,
        entitlement=None,
        service=later.service.service,
        units=2,
        unit=Unit.VISIT,
        period=Period.MONTH,
        starts_on=STARTS,
        ends_on=ENDS,
        position=1,
    )
    not_started, unlinked = progress_of(plan)
    assert not_started.windows == []
    assert not not_started.lagging
    assert not_started.delivered_text == "Starts on 04.01.2027."
    assert unlinked.service == waiting
    assert not unlinked.linked
    assert not unlinked.lagging
    assert unlinked.status_text == "No entitlement yet"
    assert unlinked.delivered_text == (
        "Nothing can be recorded yet: the service has no entitlement."
    )


def test_the_whole_version_takes_two_queries(
    plan: IndividualPlan, recorder: Any, django_assert_num_queries: Any
) -> None:
    for position, period in enumerate((Period.WEEK, Period.MONTH, Period.QUARTER)):
        service = linked(plan, units=2, period=period, position=position)
        service.deliver(dt.date(2026, 11, 2), by=recorder)
        service.deliver(dt.date(2026, 12, 1), by=recorder)
    version = version_of(plan)
    with django_assert_num_queries(2):
        progress = version_progress(version, today=TODAY)
        assert [p.delivered for p in progress] == [2, 2, 2]
        assert [p.service.period for p in progress] == [Period.WEEK, Period.MONTH, Period.QUARTER]


# --- Through the services ---------------------------------------------------------------------


def test_a_plan_approved_through_the_services_shows_what_its_provider_recorded() -> None:
    service = service_make(units=4, unit=Unit.VISIT)
    line = ContractLineFactory.create(
        service=service,
        unit=Unit.VISIT,
        contract__valid_from=services_today() - dt.timedelta(days=10),
        contract__valid_to=services_today() + dt.timedelta(days=400),
    )
    plan = services_plan_make(service)
    version = draft_complete(plan)
    planned = version.planned_services.get()
    part_save(
        version=version,
        model=PlannedService,
        instance=planned,
        acting_user=plan.coordinator,
        data={
            "provider": line.contract.provider,
            "units": 4,
            "unit": Unit.VISIT,
            "period": Period.MONTH,
        },
    )
    plan_submit(version=version, acting_user=plan.coordinator)
    plan_approve(version=version, acting_user=director_make())
    planned.refresh_from_db()
    assert planned.entitlement is not None
    delivery_record(
        entitlement=planned.entitlement,
        delivered_on=services_today(),
        units=1,
        acting_user=organiser_make(),
    )

    [progress] = version_progress(version)
    assert progress.linked
    assert progress.delivered == 1
    assert progress.current is not None
    assert progress.current.delivered == 1
    assert not progress.lagging

    # Ten weeks on with nothing more recorded, the last whole month is behind the plan.
    [later] = version_progress(version, today=services_today() + dt.timedelta(days=70))
    assert later.lagging
    assert later.lag_text.startswith("Behind the plan in ")
    assert later.lag_text.endswith(": 0 of 4 × visit")
