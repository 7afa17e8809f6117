"""The law's clocks of individual plans, as the services apply them: the 30 days from the
application counted in the Warsaw calendar (across the changes to and from summer time, with
applications filed near midnight), the period of 3 months to a year, and the approver's
authorisation on the day. Every test fixes the clock (time-machine, in UTC: a ZoneInfo
destination would change the process's time zone)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import time_machine
from django.utils import timezone, translation

from opencus.plans import clocks
from opencus.plans.errors import PlanRuleError
from opencus.plans.models import IndividualPlan, PlanChange, PlanTransition, VersionState
from opencus.plans.services import plan_approve, plan_return, plan_submit, version_update
from tests.plans.factories import (
    director_make,
    draft_complete,
    draft_of,
    organiser_authorised,
    plan_make,
    plan_submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


W = clocks.WARSAW


def warsaw(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A Warsaw wall-clock time, as an aware moment in UTC."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=W).astimezone(dt.UTC)


@contextmanager
def at(*args: int) -> Iterator[None]:
    with time_machine.travel(warsaw(*args), tick=False):
        yield


# --- The clock functions ----------------------------------------------------------------------


def test_the_filing_day_is_the_warsaw_day_whatever_the_utc_day():
    # 00:30 on 29 March in Warsaw (winter time) is still 28 March in UTC.
    filed = warsaw(2026, 3, 29, 0, 30)
    assert filed.date() == dt.date(2026, 3, 28)
    assert clocks.warsaw_day(filed) == dt.date(2026, 3, 29)
    assert clocks.plan_due_on(filed) == dt.date(2026, 4, 28)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="aware"):
        clocks.warsaw_day(dt.datetime(2026, 3, 1, 12))  # noqa: DTZ001 - naive on purpose


@pytest.mark.parametrize(
    ("start", "shortest", "longest"),
    [
        (dt.date(2027, 1, 15), dt.date(2027, 4, 14), dt.date(2028, 1, 14)),
        (dt.date(2027, 1, 1), dt.date(2027, 3, 31), dt.date(2027, 12, 31)),
        # The 30th and 31st of a month with a shorter third month: its last day.
        (dt.date(2027, 11, 30), dt.date(2028, 2, 28), dt.date(2028, 11, 29)),
        (dt.date(2027, 10, 31), dt.date(2028, 1, 30), dt.date(2028, 10, 30)),
        (dt.date(2028, 2, 29), dt.date(2028, 5, 28), dt.date(2029, 2, 27)),
    ],
)
def test_the_shortest_and_longest_periods(start, shortest, longest):
    assert clocks.shortest_end(start) == shortest
    assert clocks.longest_end(start) == longest
    assert clocks.period_fits(start, shortest)
    assert clocks.period_fits(start, longest)
    assert not clocks.period_fits(start, shortest - dt.timedelta(days=1))
    assert not clocks.period_fits(start, longest + dt.timedelta(days=1))


def test_an_authorisation_holds_between_its_dates_until_revoked():
    start, end = dt.date(2027, 1, 1), dt.date(2027, 6, 30)
    assert not clocks.authorisation_in_force(start, end, None, dt.date(2026, 12, 31))
    assert clocks.authorisation_in_force(start, end, None, start)
    assert clocks.authorisation_in_force(start, end, None, end)
    assert not clocks.authorisation_in_force(start, end, None, dt.date(2027, 7, 1))
    revoked = dt.date(2027, 3, 10)
    assert clocks.authorisation_in_force(start, end, revoked, dt.date(2027, 3, 9))
    assert not clocks.authorisation_in_force(start, end, revoked, revoked)


# --- Day 30 and day 31, across summer time -----------------------------------------------------


def _plan_filed_at(*args: int) -> IndividualPlan:
    """A complete draft plan for an application filed at the Warsaw time ``args``, written the
    same day."""
    with at(*args):
        plan = plan_make(filed_at=timezone.now())
        draft_complete(plan)
    return plan


@pytest.mark.parametrize(
    ("filed", "due", "last_minute", "first_minute_late"),
    [
        # Filed at 23:30 the evening before summer time starts (29 March 2026, 02:00 → 03:00).
        (
            (2026, 3, 28, 23, 30),
            dt.date(2026, 4, 27),
            (2026, 4, 27, 23, 59),
            (2026, 4, 28, 0, 1),
        ),
        # Filed at 00:30 on the night summer time starts: still 28 March in UTC.
        (
            (2026, 3, 29, 0, 30),
            dt.date(2026, 4, 28),
            (2026, 4, 28, 23, 59),
            (2026, 4, 29, 0, 1),
        ),
        # Filed at 23:45 the evening before summer time ends (25 October 2026, 03:00 → 02:00).
        (
            (2026, 10, 24, 23, 45),
            dt.date(2026, 11, 23),
            (2026, 11, 23, 23, 59),
            (2026, 11, 24, 0, 1),
        ),
        # Filed at 00:15 on the night summer time ends: 24 October in UTC.
        (
            (2026, 10, 25, 0, 15),
            dt.date(2026, 11, 24),
            (2026, 11, 24, 23, 59),
            (2026, 11, 25, 0, 1),
        ),
    ],
)
def test_day_30_is_on_time_and_day_31_is_late_across_summer_time(
    filed, due, last_minute, first_minute_late
):
    on_time, late = _plan_filed_at(*filed), _plan_filed_at(*filed)
    assert on_time.due_on == due

    with at(*last_minute):
        plan_submit(version=draft_of(on_time), acting_user=on_time.coordinator)
    on_time.refresh_from_db()
    assert on_time.submitted_late is False
    assert on_time.delay_reason == ""
    assert on_time.first_submitted_at is not None
    assert clocks.plan_day_number(on_time.application.filed_at, on_time.first_submitted_at) == 30

    with at(*first_minute_late), pytest.raises(PlanRuleError) as refusal:
        plan_submit(version=draft_of(late), acting_user=late.coordinator)
    assert refusal.value.code == "late_reason"
    message = refusal.value.text
    assert f"due by {due:%d.%m.%Y}" in message
    assert f"today, {dt.date(*first_minute_late[:3]):%d.%m.%Y}, is day 31" in message
    late.refresh_from_db()
    assert late.first_submitted_at is None
    assert draft_of(late).state == VersionState.DRAFT

    with at(*first_minute_late):
        plan_submit(
            version=draft_of(late),
            acting_user=late.coordinator,
            delay_reason="  The person was in hospital for two weeks.  ",
        )
    late.refresh_from_db()
    assert late.submitted_late is True
    assert late.delay_reason == "The person was in hospital for two weeks."
    submitted = PlanTransition.objects.get(plan=late, change=PlanChange.SUBMITTED)
    assert submitted.note == "The person was in hospital for two weeks."


def test_the_deadline_binds_only_the_first_submission():
    plan = _plan_filed_at(2026, 5, 4, 9, 0)
    with at(2026, 6, 3, 15, 0):  # day 30
        plan_submit(version=draft_of(plan), acting_user=plan.coordinator)
    with at(2026, 6, 4, 10, 0):
        plan_return(version=draft_of(plan), acting_user=director_make(), reason="Add a goal.")
    with at(2026, 6, 20, 10, 0):  # long after day 30: the plan was on time
        plan_submit(version=draft_of(plan), acting_user=plan.coordinator)
    plan.refresh_from_db()
    assert plan.submitted_late is False
    assert plan.first_submitted_at == warsaw(2026, 6, 3, 15, 0)


def test_a_late_plan_is_never_refused_for_being_late():
    plan = _plan_filed_at(2026, 5, 4, 9, 0)
    with at(2026, 9, 1, 9, 0):
        plan_submit(
            version=draft_of(plan), acting_user=plan.coordinator, delay_reason="Staff shortage."
        )
        plan_approve(version=draft_of(plan), acting_user=director_make())
    plan.refresh_from_db()
    assert plan.state == "active"
    assert plan.submitted_late is True


# --- The period: 3 months to a year -----------------------------------------------------------


def _draft_with_period(start: dt.date, end: dt.date) -> IndividualPlan:
    with at(2027, 1, 10, 12, 0):
        plan = plan_make(filed_at=timezone.now())
        draft_complete(plan, starts_on=start, ends_on=end)
    return plan


@pytest.mark.parametrize(
    "end",
    [dt.date(2027, 4, 14), dt.date(2028, 1, 14)],
    ids=["exactly 3 months", "exactly one year"],
)
def test_a_period_of_exactly_3_months_or_exactly_a_year_is_submitted(end):
    plan = _draft_with_period(dt.date(2027, 1, 15), end)
    with at(2027, 1, 12, 12, 0):
        plan_submit(version=draft_of(plan), acting_user=plan.coordinator)
        plan_approve(version=draft_of(plan), acting_user=director_make())
    plan.refresh_from_db()
    assert plan.current_version is not None
    assert plan.current_version.ends_on == end


@pytest.mark.parametrize(
    ("end", "text"),
    [
        (dt.date(2028, 1, 15), "not on 15.01.2028"),
        (dt.date(2027, 4, 13), "not on 13.04.2027"),
    ],
    ids=["one year and a day", "a day under 3 months"],
)
def test_a_period_too_long_or_too_short_is_refused_naming_the_dates(end, text):
    plan = _draft_with_period(dt.date(2027, 1, 15), end)
    with at(2027, 1, 12, 12, 0), pytest.raises(PlanRuleError) as refusal:
        plan_submit(version=draft_of(plan), acting_user=plan.coordinator)
    assert refusal.value.code == "period"
    assert refusal.value.text == (
        "A plan runs at least 3 months and at most a year: from 15.01.2027 it may end between "
        f"14.04.2027 and 14.01.2028, {text}."
    )
    assert refusal.value.fields == {"ends_on": [refusal.value.text]}
    assert draft_of(plan).state == VersionState.DRAFT


def test_the_period_is_checked_again_at_approval():
    plan = _draft_with_period(dt.date(2027, 1, 15), dt.date(2027, 7, 14))
    with at(2027, 1, 12, 12, 0):
        plan_submit(version=draft_of(plan), acting_user=plan.coordinator)
    # A version submitted under an older rule, or changed behind the services' back.
    type(draft_of(plan)).objects.filter(pk=draft_of(plan).pk).update(ends_on=dt.date(2028, 2, 1))
    with at(2027, 1, 13, 12, 0), pytest.raises(PlanRuleError) as refusal:
        plan_approve(version=draft_of(plan), acting_user=director_make())
    assert refusal.value.code == "period"
    assert draft_of(plan).state == VersionState.SUBMITTED


def test_a_draft_may_hold_any_period_until_it_is_submitted():
    plan = _draft_with_period(dt.date(2027, 1, 15), dt.date(2027, 7, 14))
    with at(2027, 1, 12, 12, 0):
        version = version_update(
            version=draft_of(plan), acting_user=plan.coordinator, ends_on=dt.date(2027, 2, 1)
        )
    assert version.ends_on == dt.date(2027, 2, 1)


# --- The approver's authorisation on the day --------------------------------------------------


def _submitted_on(*args: int) -> IndividualPlan:
    with at(*args):
        return plan_submitted(filed_at=timezone.now())


def test_an_authorisation_that_expired_yesterday_does_not_approve():
    plan = _submitted_on(2027, 3, 1, 10, 0)
    with at(2027, 3, 1, 10, 0):
        organiser, _ = organiser_authorised(
            valid_from=dt.date(2026, 3, 1), valid_until=dt.date(2027, 3, 1)
        )
    with at(2027, 3, 2, 0, 5), pytest.raises(PlanRuleError) as refusal:
        plan_approve(version=draft_of(plan), acting_user=organiser)
    assert refusal.value.code == "not_authorised"
    assert refusal.value.text == (
        "Your authorisation to approve plans ran from 01.03.2026 to 01.03.2027; "
        "today is 02.03.2027."
    )
    assert draft_of(plan).state == VersionState.SUBMITTED


def test_an_authorisation_on_its_last_day_approves_and_is_recorded():
    plan = _submitted_on(2027, 3, 1, 10, 0)
    with at(2027, 3, 1, 10, 0):
        organiser, authorisation = organiser_authorised(
            valid_from=dt.date(2026, 3, 1), valid_until=dt.date(2027, 3, 1)
        )
    with at(2027, 3, 1, 23, 55):
        version = plan_approve(version=draft_of(plan), acting_user=organiser)
    assert version.approved_under == authorisation
    assert version.approved_by == organiser


def test_an_authorisation_not_yet_started_does_not_approve():
    plan = _submitted_on(2027, 3, 1, 10, 0)
    with at(2027, 3, 1, 10, 0):
        organiser, _ = organiser_authorised(
            valid_from=dt.date(2027, 3, 2), valid_until=dt.date(2027, 12, 31)
        )
        with pytest.raises(PlanRuleError) as refusal:
            plan_approve(version=draft_of(plan), acting_user=organiser)
    assert refusal.value.text == (
        "Your authorisation to approve plans runs from 02.03.2027 to 31.12.2027; "
        "today is 01.03.2027."
    )
