"""The day before: re-optimising warm-started with the dispatcher's pins, moving a ride,
publishing, and the reminders (e-mail with consent, otherwise the client office's call list)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from opencus.core.roles import Role
from opencus.people.models import Consent, ConsentPurpose
from opencus.routing.model import Plan
from opencus.transport import dispatch, reminders, services
from opencus.transport.errors import DispatchError
from opencus.transport.models import (
    Booking,
    DayPlan,
    DayPlanStatus,
    DayPlanTransition,
    PlanStop,
    ReminderChannel,
)
from tests.personas import user_make
from tests.transport.factories import booking_make, dispatch_day_make

pytestmark = pytest.mark.django_db
DAY = dt.date(2027, 3, 10)  # a Wednesday


@pytest.fixture(autouse=True)
def _before_the_day() -> Iterator[None]:
    """The plans of a day that is over are kept as driven: these tests run the week before."""
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, tzinfo=dt.UTC)):
        yield


def optimise(user: Any) -> DayPlan:
    """A tiny, reproducible run of the solver."""
    return dispatch.plan_optimise(DAY, seconds=1.0, iterations=30, acting_user=user)


@pytest.fixture
def dispatcher() -> Any:
    return user_make(Role.DISPATCHER)


def stops_of(day: dt.date = DAY) -> list[tuple[int, int, int, str]]:
    return list(
        PlanStop.objects.filter(plan__day=day)
        .order_by("vehicle_id", "position")
        .values_list("vehicle_id", "position", "booking_id", "kind")
    )


def test_optimising_plans_every_ride_and_records_the_step(dispatcher) -> None:
    _buses, rides = dispatch_day_make(DAY, clerk=dispatcher)
    plan = optimise(dispatcher)
    assert plan.unserved == {}
    assert plan.optimised_at is not None
    assert {booking_id for _v, _p, booking_id, _k in stops_of()} == {r.pk for r in rides}
    step = DayPlanTransition.objects.get(plan=plan, action="optimised")
    assert (step.revision, step.actor) == (plan.revision, dispatcher)


def test_optimising_warm_starts_from_the_stored_stops_and_keeps_pinned_rides(
    dispatcher, monkeypatch
) -> None:
    (bus1, bus2), rides = dispatch_day_make(DAY, clerk=dispatcher)
    optimise(dispatcher)
    ride = rides[0]
    ride.refresh_from_db()
    other = bus2 if ride.vehicle_id == bus1.pk else bus1
    dispatch.booking_move(ride, other, acting_user=dispatcher)
    ride.refresh_from_db()
    assert (ride.vehicle_id, ride.vehicle_pinned) == (other.pk, True)
    stored = stops_of()

    seen: dict[str, Any] = {}
    real_solve = dispatch.solve

    def spy(instance: Any, **kwargs: Any) -> Plan:
        seen.update(kwargs)
        return real_solve(instance, **kwargs)

    monkeypatch.setattr(dispatch, "solve", spy)
    optimise(dispatcher)

    snap = dispatch.snapshot(DayPlan.objects.get(day=DAY))
    index = snap.planner_day.request_index(ride.pk)
    other_index = next(k for k, s in enumerate(snap.planner_day.shifts) if s.vehicle == other)
    assert seen["pinned"] == {index: other_index}
    # The warm start is the stored plan: every ride on the vehicle it was stored on.
    stored_vehicle = {b: v for v, _p, b, k in stored if k == "pickup"}
    request_of = snap.planner_day.instance.request_of()
    for k, route in enumerate(seen["initial"].routes):
        for node in route:
            booking_id = snap.planner_day.booking_ids[request_of[node].id]
            assert booking_id is not None
            assert stored_vehicle[booking_id] == snap.planner_day.shifts[k].vehicle_id
    ride.refresh_from_db()
    assert ride.vehicle_id == other.pk
    assert PlanStop.objects.get(plan__day=DAY, booking=ride, kind="pickup").vehicle == other


def test_a_plan_the_checker_rejects_is_never_stored(dispatcher, monkeypatch) -> None:
    _buses, rides = dispatch_day_make(DAY, clerk=dispatcher, rides=2)
    optimise(dispatcher)
    before = stops_of()
    revision = DayPlan.objects.get(day=DAY).revision

    def broken(instance: Any, **kwargs: Any) -> Plan:
        first = instance.requests[0]
        # The drop-off before the pickup, and the other ride on no vehicle at all.
        return Plan(routes=[[first.dropoff, first.pickup], []], unserved={}, cost=0.0)

    monkeypatch.setattr(dispatch, "solve", broken)
    with pytest.raises(DispatchError) as refused:
        optimise(dispatcher)
    assert refused.value.code == "infeasible"
    assert stops_of() == before
    assert DayPlan.objects.get(day=DAY).revision == revision
    assert DayPlanTransition.objects.filter(plan__day=DAY, action="optimised").count() == 1


def test_rides_that_cannot_be_served_keep_the_solvers_reason(dispatcher) -> None:
    (bus1, _bus2), rides = dispatch_day_make(DAY, clerk=dispatcher, rides=1)
    bus1.wheelchair_places = 0
    bus1.save()
    chair = booking_make(
        rides[0].entitlement, DAY, dt.time(9), wheelchair=True, created_by=dispatcher
    )
    plan = optimise(dispatcher)
    assert list(plan.unserved) == [str(chair.pk)]
    assert "capacity" in plan.unserved[str(chair.pk)]
    assert dispatch.unserved_reason_text(plan.unserved[str(chair.pk)]) == (
        "no vehicle has enough seats or wheelchair places"
    )
    assert [b.pk for b in dispatch.rides_left_out(plan)] == [chair.pk]


def test_a_move_that_does_not_fit_is_refused_with_the_reason(dispatcher) -> None:
    (bus1, bus2), rides = dispatch_day_make(DAY, clerk=dispatcher, rides=1)
    chair = booking_make(
        rides[0].entitlement, DAY, dt.time(9), wheelchair=True, created_by=dispatcher
    )
    optimise(dispatcher)
    chair.refresh_from_db()
    assert chair.vehicle == bus1
    before = stops_of()
    with pytest.raises(DispatchError) as refused:
        dispatch.booking_move(chair, bus2, acting_user=dispatcher)
    assert refused.value.code == "does_not_fit"
    assert str(refused.value.messages[0]) == (
        f"Ride {chair.number} does not fit on Bus 2: the vehicle has not enough seats or"
        " wheelchair places for this ride."
    )
    assert stops_of() == before
    chair.refresh_from_db()
    assert (chair.vehicle, chair.vehicle_pinned) == (bus1, False)


def test_a_move_to_a_vehicle_without_a_shift_is_refused(dispatcher) -> None:
    (bus1, _bus2), rides = dispatch_day_make(DAY, clerk=dispatcher, rides=1)
    optimise(dispatcher)
    bus1.shifts.all().delete()
    spare = type(bus1).objects.create(name="Bus 3", seats=4, depot=bus1.depot)
    with pytest.raises(DispatchError) as refused:
        dispatch.booking_move(rides[0], spare, acting_user=dispatcher)
    assert refused.value.code == "no_shift"


def test_pin_and_unpin_record_a_revision(dispatcher) -> None:
    _buses, rides = dispatch_day_make(DAY, clerk=dispatcher, rides=1)
    with pytest.raises(DispatchError) as refused:
        dispatch.booking_pin(rides[0], acting_user=dispatcher)
    assert refused.value.code == "not_planned"
    plan = optimise(dispatcher)
    dispatch.booking_pin(rides[0], acting_user=dispatcher)
    assert Booking.objects.get(pk=rides[0].pk).vehicle_pinned
    dispatch.booking_unpin(rides[0], acting_user=dispatcher)
    assert not Booking.objects.get(pk=rides[0].pk).vehicle_pinned
    actions = list(
        DayPlanTransition.objects.filter(plan=plan).order_by("id").values_list("action", "revision")
    )
    assert actions == [
        ("optimised", plan.revision),
        ("pinned", plan.revision + 1),
        ("unpinned", plan.revision + 2),
    ]


def test_publishing_writes_the_transition_and_a_change_afterwards_keeps_it_published(
    dispatcher,
) -> None:
    _buses, rides = dispatch_day_make(DAY, clerk=dispatcher, rides=2)
    optimise(dispatcher)
    plan, _emails, calls = reminders.plan_publish_and_remind(DAY, acting_user=dispatcher)
    assert (plan.status, plan.published_by, calls) == (DayPlanStatus.PUBLISHED, dispatcher, 2)
    step = DayPlanTransition.objects.get(plan=plan, action="published")
    assert (step.revision, step.actor) == (plan.revision, dispatcher)

    with pytest.raises(DispatchError) as again:
        dispatch.plan_publish(DAY, acting_user=dispatcher)
    assert again.value.code == "published"
    with pytest.raises(DispatchError) as reoptimised:
        optimise(dispatcher)
    assert reoptimised.value.code == "published"

    dispatch.booking_pin(rides[0], acting_user=dispatcher)
    plan.refresh_from_db()
    assert plan.status == DayPlanStatus.PUBLISHED
    assert plan.revision > (dispatch.published_revision(plan) or 0)
    _plan, emails, calls = reminders.plan_publish_and_remind(DAY, acting_user=dispatcher)
    assert (emails, calls) == (0, 0)  # everyone was reminded already
    assert DayPlanTransition.objects.filter(plan=plan, action="published").count() == 2

    dispatch.plan_reopen(DAY, acting_user=dispatcher)
    assert DayPlan.objects.get(day=DAY).status == DayPlanStatus.DRAFT
    optimise(dispatcher)


def test_publishing_is_refused_while_a_ride_is_not_in_the_plan(dispatcher) -> None:
    _buses, rides = dispatch_day_make(DAY, clerk=dispatcher, rides=2)
    optimise(dispatcher)
    late = booking_make(rides[0].entitlement, DAY, dt.time(11), created_by=dispatcher)
    with pytest.raises(DispatchError) as refused:
        dispatch.plan_publish(DAY, acting_user=dispatcher)
    assert refused.value.code == "unserved"
    assert late.number in str(refused.value.messages[0])
    assert DayPlan.objects.get(day=DAY).status == DayPlanStatus.DRAFT
    assert not DayPlanTransition.objects.filter(plan__day=DAY, action="published").exists()


def test_reminders_go_by_email_with_consent_and_to_the_call_list_otherwise(
    dispatcher, django_capture_on_commit_callbacks
) -> None:
    _buses, rides = dispatch_day_make(DAY, clerk=dispatcher, rides=3)
    with_consent, without_consent, without_address = (ride.person for ride in rides)
    with_consent.email = "anna@example.org"
    with_consent.preferred_language = "en"
    with_consent.save()
    without_consent.email = "jan@example.org"
    without_consent.save()
    for person in (with_consent, without_address):
        Consent.objects.create(
            person=person, purpose=ConsentPurpose.CONTACT_EMAIL, given_at=timezone.now()
        )
    optimise(dispatcher)
    with django_capture_on_commit_callbacks(execute=True):
        _plan, emails, calls = reminders.plan_publish_and_remind(DAY, acting_user=dispatcher)
    assert (emails, calls) == (1, 2)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    ride = Booking.objects.get(pk=rides[0].pk)
    assert message.to == ["anna@example.org"]
    assert message.subject == f"Your senior taxi ride on 10.03.2027 ({ride.number})"
    assert "between 08:00 and 08:30" in message.body
    assert f"Confirmation number: {ride.number}" in message.body
    assert (ride.reminder_channel, ride.reminded_at is not None) == (ReminderChannel.EMAIL, True)

    clerk = user_make(Role.CLIENT_OFFICE)
    on_list = list(reminders.call_list(clerk, DAY - dt.timedelta(days=1)))
    assert [b.pk for b in on_list] == [rides[1].pk, rides[2].pk]
    reminders.reminder_mark_called(on_list[0], acting_user=clerk)
    assert [b.pk for b in reminders.call_list(clerk, DAY)] == [rides[2].pk]
    with pytest.raises(DispatchError) as twice:
        reminders.reminder_mark_called(on_list[0], acting_user=clerk)
    assert twice.value.code == "not_on_call_list"


def test_a_failed_email_puts_the_ride_on_the_call_list(
    dispatcher, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    _buses, rides = dispatch_day_make(DAY, clerk=dispatcher, rides=1)
    person = rides[0].person
    person.email = "anna@example.org"
    person.save()
    Consent.objects.create(
        person=person, purpose=ConsentPurpose.CONTACT_EMAIL, given_at=timezone.now()
    )

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("the mail server is down")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    optimise(dispatcher)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.plan_publish_and_remind(DAY, acting_user=dispatcher)
    ride = Booking.objects.get(pk=rides[0].pk)
    assert (ride.reminder_channel, ride.reminded_at) == (ReminderChannel.PHONE, None)


def test_a_ride_booked_while_the_solver_runs_is_not_lost(dispatcher, monkeypatch) -> None:
    _buses, rides = dispatch_day_make(DAY, clerk=dispatcher, rides=2)
    optimise(dispatcher)
    real_solve = dispatch.solve
    booked: list[Booking] = []

    def solve_while_a_clerk_books(instance: Any, **kwargs: Any) -> Plan:
        result = real_solve(instance, **kwargs)
        if not booked:  # the first run: a clerk books meanwhile (the lock is free)
            ride = booking_make(rides[0].entitlement, DAY, dt.time(12), created_by=dispatcher)
            services.plan_insert(ride, acting_user=dispatcher)
            booked.append(ride)
        return result

    monkeypatch.setattr(dispatch, "solve", solve_while_a_clerk_books)
    plan = optimise(dispatcher)
    assert plan.unserved == {}
    assert PlanStop.objects.filter(plan=plan, booking=booked[0]).count() == 2
    assert list(
        DayPlanTransition.objects.filter(plan=plan).order_by("id").values_list("action", flat=True)
    ) == ["optimised", "inserted", "optimised"]


def test_a_day_that_is_over_keeps_its_plan(dispatcher) -> None:
    _buses, rides = dispatch_day_make(DAY, clerk=dispatcher, rides=2)
    optimise(dispatcher)
    dispatch.plan_publish(DAY, acting_user=dispatcher)
    before = stops_of()
    with time_machine.travel(dt.datetime(2027, 3, 11, 8, tzinfo=dt.UTC)):
        for attempt in (
            lambda: optimise(dispatcher),
            lambda: dispatch.plan_reopen(DAY, acting_user=dispatcher),
            lambda: dispatch.plan_publish(DAY, acting_user=dispatcher),
            lambda: dispatch.booking_pin(rides[0], acting_user=dispatcher),
        ):
            with pytest.raises(DispatchError) as refused:
                attempt()
            assert refused.value.code == "past"
            assert refused.value.messages == [
                "10.03.2027 is over: its plan stays as it was driven."
            ]
    assert stops_of() == before
    assert DayPlan.objects.get(day=DAY).status == DayPlanStatus.PUBLISHED


def test_a_plan_without_rides_is_not_published(dispatcher) -> None:
    with pytest.raises(DispatchError) as refused:
        dispatch.plan_publish(DAY, acting_user=dispatcher)
    assert refused.value.code == "empty"
    assert not DayPlan.objects.filter(day=DAY, status=DayPlanStatus.PUBLISHED).exists()
