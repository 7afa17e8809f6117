"""The rules of home visits: requests and their windows, workers' skills and hours, the week's
plan computed by the rounds solver, the dispatcher's checked adjustments, publishing with
revisions, and the worker's marks into the delivery ledger (once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from opencus.delivery.models import DeliveryRecord
from opencus.visits import services
from opencus.visits.errors import MarkError, PlanError, RequestError, WorkerError
from opencus.visits.models import (
    PlanStatus,
    RequestStatus,
    Skill,
    Visit,
    VisitRequest,
    VisitRequestTransition,
    VisitStatus,
    VisitWorker,
    WeekPlan,
)
from tests.personas import user_make
from tests.visits.conftest import MONDAY, NOW
from tests.visits.factories import (
    BASE,
    clerk,
    person_make,
    planner,
    request_make,
    staff_worker,
    visit_entitlement,
    worker_make,
)

pytestmark = pytest.mark.django_db

TUESDAY = MONDAY + dt.timedelta(days=1)
WEDNESDAY = MONDAY + dt.timedelta(days=2)


def nine_to_noon(day: dt.date = TUESDAY) -> list[tuple[dt.date, dt.time, dt.time]]:
    return [(day, dt.time(9), dt.time(12))]


def computed(dispatcher: Any = None) -> tuple[WeekPlan, services.ComputeResult]:
    dispatcher = dispatcher or planner()
    plan = services.week_open(day=MONDAY, acting_user=dispatcher, today=MONDAY)
    result = services.week_compute(plan=plan, acting_user=dispatcher, seconds=1, today=MONDAY)
    plan.refresh_from_db()
    return plan, result


# --- Requests ---------------------------------------------------------------------------------


def test_a_request_is_taken_at_the_persons_home_with_its_windows_and_first_transition() -> None:
    person = person_make(0)
    request = request_make(person, windows=nine_to_noon() + nine_to_noon(WEDNESDAY), today=MONDAY)
    assert request.status == RequestStatus.OPEN
    assert request.address_label == "Radomska 10, Starachowice"
    assert (request.latitude, request.longitude) == (person.latitude, person.longitude)
    assert request.windows.count() == 2
    assert VisitRequestTransition.objects.get(request=request).to_status == RequestStatus.OPEN


@pytest.mark.parametrize(
    ("windows", "duration", "code"),
    [
        ([(MONDAY - dt.timedelta(days=1), dt.time(9), dt.time(12))], 45, "window_past"),
        ([(TUESDAY, dt.time(12), dt.time(9))], 45, "window_order"),
        (
            [(TUESDAY, dt.time(9), dt.time(9, 30)), (WEDNESDAY, dt.time(9), dt.time(9, 40))],
            45,
            "too_long",
        ),
        ([], 45, "no_windows"),
    ],
)
def test_a_request_with_bad_windows_is_refused_and_nothing_is_stored(
    windows: list[tuple[dt.date, dt.time, dt.time]], duration: int, code: str
) -> None:
    person = person_make(1)
    with pytest.raises(RequestError) as refused:
        services.request_create(
            entitlement=visit_entitlement(person),
            skill=Skill.PHYSIOTHERAPY,
            duration=duration,
            windows=windows,
            acting_user=clerk(),
            today=MONDAY,
        )
    assert refused.value.code == code
    assert not VisitRequest.objects.exists()


def test_a_request_for_a_person_without_coordinates_is_refused() -> None:
    person = person_make(0)
    person.latitude = person.longitude = None
    person.save()
    with pytest.raises(RequestError) as refused:
        request_make(person, windows=nine_to_noon(), today=MONDAY)
    assert refused.value.code == "no_coordinates"


def test_a_request_outside_the_entitlement_is_refused() -> None:
    person = person_make(0)
    entitlement = visit_entitlement(person)
    entitlement.ends_on = MONDAY
    entitlement.save()
    with pytest.raises(RequestError) as refused:
        services.request_create(
            entitlement=entitlement,
            skill=Skill.PHYSIOTHERAPY,
            duration=30,
            windows=nine_to_noon(),
            acting_user=clerk(),
            today=MONDAY,
        )
    assert refused.value.code == "outside_entitlement"


def test_only_the_client_office_and_organisers_take_requests() -> None:
    person = person_make(0)
    with pytest.raises(RequestError) as refused:
        services.request_create(
            entitlement=visit_entitlement(person),
            skill=Skill.PHYSIOTHERAPY,
            duration=30,
            windows=nine_to_noon(),
            acting_user=user_make(),
            today=MONDAY,
        )
    assert refused.value.code == "not_allowed"


# --- Workers ----------------------------------------------------------------------------------


def test_a_worker_with_an_unknown_skill_or_hours_in_the_wrong_order_is_refused() -> None:
    with pytest.raises(WorkerError) as refused:
        worker_make(skills=("juggling",))
    assert refused.value.code == "skill"
    with pytest.raises(WorkerError) as refused:
        worker_make(hours=[(0, dt.time(16), dt.time(8))])
    assert refused.value.code == "hours_order"
    assert not VisitWorker.objects.exists()


def test_a_worker_account_must_be_home_visit_staff() -> None:
    from opencus.core.roles import Role

    with pytest.raises(WorkerError) as refused:
        worker_make(user=user_make(Role.DRIVER))
    assert refused.value.code == "user_role"


# --- The week's plan --------------------------------------------------------------------------


def test_the_week_is_computed_with_each_visit_in_the_persons_window_by_a_skilled_worker() -> None:
    physio = worker_make()
    nurse = worker_make("Nurse", skills=(Skill.NURSING,))
    first = request_make(windows=nine_to_noon(), today=MONDAY)
    second = request_make(
        skill=Skill.NURSING, duration=30, windows=nine_to_noon(WEDNESDAY), today=MONDAY
    )
    plan, result = computed()
    assert result.planned == 2 and result.left_out == 0
    one = Visit.objects.get(request=first)
    two = Visit.objects.get(request=second)
    assert (one.worker, one.day) == (physio, TUESDAY)
    assert (two.worker, two.day) == (nurse, WEDNESDAY)
    start = one.starts_at.astimezone(NOW.tzinfo).time()
    assert dt.time(9) <= start and one.ends_at - one.starts_at == dt.timedelta(minutes=45)
    first.refresh_from_db()
    assert first.status == RequestStatus.PLANNED
    assert plan.travel_km and plan.travel_km > 0


def test_a_visit_no_worker_can_make_is_left_out_with_the_reason_in_words() -> None:
    worker_make()
    handyman_job = request_make(
        skill=Skill.HANDYMAN, duration=60, windows=nine_to_noon(), today=MONDAY
    )
    _plan, result = computed()
    assert result.left_out == 1
    handyman_job.refresh_from_db()
    assert handyman_job.status == RequestStatus.OPEN
    assert handyman_job.left_out_text == "No worker has the skill this visit needs."


def test_a_published_plan_is_not_computed_again_and_a_change_makes_a_new_revision() -> None:
    worker_make()
    request = request_make(windows=nine_to_noon(), today=MONDAY)
    dispatcher = planner()
    plan, _result = computed(dispatcher)
    plan = services.week_publish(plan=plan, acting_user=dispatcher)
    assert (plan.status, plan.revision) == (PlanStatus.PUBLISHED, 1)
    with pytest.raises(PlanError) as refused:
        services.week_compute(plan=plan, acting_user=dispatcher, seconds=1, today=MONDAY)
    assert refused.value.code == "published"
    visit = Visit.objects.get(request=request)
    services.visit_pin(visit=visit, pinned=True, acting_user=dispatcher)
    plan.refresh_from_db()
    assert plan.revision == 2


def test_pinned_visits_stay_with_their_worker_and_day_when_computed_again() -> None:
    worker_make()
    other = worker_make("Second physio")
    request = request_make(
        windows=nine_to_noon() + nine_to_noon(WEDNESDAY), today=MONDAY, duration=30
    )
    dispatcher = planner()
    plan, _result = computed(dispatcher)
    visit = Visit.objects.get(request=request)
    moved = services.visit_move(
        visit=visit, worker=other, day=WEDNESDAY, start=dt.time(10), acting_user=dispatcher
    )
    assert moved.pinned
    services.week_compute(plan=plan, acting_user=dispatcher, seconds=1, today=MONDAY)
    visit.refresh_from_db()
    assert (visit.worker, visit.day, visit.status) == (other, WEDNESDAY, VisitStatus.PLANNED)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"day": WEDNESDAY, "start": dt.time(13)}, "outside_windows"),
        ({"day": TUESDAY, "start": dt.time(8)}, "outside_windows"),
        ({"day": TUESDAY, "start": dt.time(11, 30)}, "outside_windows"),
        ({"day": MONDAY + dt.timedelta(days=8), "start": dt.time(9)}, "outside_week"),
        ({"worker": "nurse", "day": TUESDAY, "start": dt.time(9)}, "skill"),
        ({"worker": "part_time", "day": TUESDAY, "start": dt.time(9)}, "hours"),
        ({"day": TUESDAY, "start": dt.time(10), "clash": True}, "overlap"),
    ],
)
def test_a_move_is_checked_and_refused_with_a_clear_message(
    change: dict[str, object], code: str
) -> None:
    physio = worker_make()
    workers = {
        "nurse": worker_make("Nurse", skills=(Skill.NURSING,)),
        "part_time": worker_make("Part time", hours=[(1, dt.time(12), dt.time(16))]),
    }
    request = request_make(
        windows=nine_to_noon() + [(WEDNESDAY, dt.time(9), dt.time(12))], today=MONDAY
    )
    dispatcher = planner()
    computed(dispatcher)
    visit = Visit.objects.get(request=request)
    if change.get("clash"):
        other = request_make(windows=[(TUESDAY, dt.time(8), dt.time(16))], today=MONDAY)
        other_visit = Visit.objects.create(
            plan=visit.plan,
            request=other,
            worker=physio,
            day=TUESDAY,
            starts_at=dt.datetime(2026, 3, 3, 10, 15, tzinfo=NOW.tzinfo),
            ends_at=dt.datetime(2026, 3, 3, 11, 0, tzinfo=NOW.tzinfo),
        )
        assert other_visit.pk
    worker = workers.get(str(change.get("worker")), physio)
    before = (visit.worker_id, visit.day, visit.starts_at)
    with pytest.raises(PlanError) as refused:
        services.visit_move(
            visit=visit,
            worker=worker,
            day=change["day"],  # type: ignore[arg-type]
            start=change["start"],  # type: ignore[arg-type]
            acting_user=dispatcher,
        )
    assert refused.value.code == code
    assert refused.value.text
    visit.refresh_from_db()
    assert (visit.worker_id, visit.day, visit.starts_at) == before


def test_a_visit_taken_out_waits_again_with_the_reason_and_stays_out_of_the_week() -> None:
    worker_make()
    request = request_make(windows=nine_to_noon(), today=MONDAY)
    dispatcher = planner()
    plan, _result = computed(dispatcher)
    services.visit_take_out(visit=Visit.objects.get(request=request), acting_user=dispatcher)
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    assert request.left_out_text == "Taken out of the plan by the dispatcher."
    result = services.week_compute(plan=plan, acting_user=dispatcher, seconds=1, today=MONDAY)
    assert result.planned == 0


def test_cancelling_a_planned_request_takes_its_visit_out() -> None:
    worker_make()
    request = request_make(windows=nine_to_noon(), today=MONDAY)
    computed()
    services.request_cancel(request=request, acting_user=clerk(), note="Rezygnacja")
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert Visit.objects.get(request=request).status == VisitStatus.TAKEN_OUT


# --- The worker's marks -----------------------------------------------------------------------


def published_visit() -> tuple[Visit, Any]:
    worker, user = staff_worker()
    request = request_make(windows=[(MONDAY, dt.time(9), dt.time(12))], today=MONDAY)
    dispatcher = planner()
    plan, _result = computed(dispatcher)
    services.week_publish(plan=plan, acting_user=dispatcher)
    visit = Visit.objects.get(request=request)
    assert visit.worker == worker
    return visit, user


def test_a_visit_done_completes_the_request_and_records_one_visit_in_the_ledger_once() -> None:
    visit, user = published_visit()
    first = services.visit_done(visit=visit, acting_user=user)
    assert not first.repeated and first.ledger_refusal == ""
    again = services.visit_done(visit=visit, acting_user=user)
    assert again.repeated
    assert DeliveryRecord.objects.filter(entitlement=visit.request.entitlement).count() == 1
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE and visit.delivery_record is not None
    assert VisitRequest.objects.get(pk=visit.request_id).status == RequestStatus.COMPLETED


def test_a_visit_not_done_keeps_the_reason_and_the_request_waits_again() -> None:
    visit, user = published_visit()
    with pytest.raises(MarkError) as refused:
        services.visit_not_done(visit=visit, reason=" ", acting_user=user)
    assert refused.value.code == "no_reason"
    services.visit_not_done(visit=visit, reason="Nikt nie otworzył", acting_user=user)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.NOT_DONE
    assert VisitRequest.objects.get(pk=visit.request_id).status == RequestStatus.OPEN
    with pytest.raises(MarkError) as refused:
        services.visit_done(visit=visit, acting_user=user)
    assert refused.value.code == "decided"
    assert not DeliveryRecord.objects.exists()


def test_only_the_visits_own_worker_marks_it_and_not_before_its_day() -> None:
    visit, user = published_visit()
    _other, stranger = staff_worker(name="Another physio")
    with pytest.raises(MarkError) as refused:
        services.visit_done(visit=visit, acting_user=stranger)
    assert refused.value.code == "who"
    with (
        time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC), tick=False),
        pytest.raises(MarkError) as refused,
    ):
        services.visit_done(visit=visit, acting_user=user)
    assert refused.value.code == "future"


def test_the_home_base_is_where_each_day_starts() -> None:
    worker = worker_make()
    assert (worker.base_latitude, worker.base_longitude) == BASE


def test_a_request_under_an_entitlement_to_another_service_is_refused() -> None:
    person = person_make(0)
    with pytest.raises(RequestError) as refused:
        services.request_create(
            entitlement=visit_entitlement(person, Skill.HANDYMAN),
            skill=Skill.NURSING,
            duration=30,
            windows=nine_to_noon(),
            acting_user=clerk(),
            today=MONDAY,
        )
    assert refused.value.code == "wrong_service"
    assert not VisitRequest.objects.exists()


def test_a_left_out_request_is_placed_by_hand_after_the_checks_and_kept_when_computed_again() -> (
    None
):
    physio = worker_make()
    hour = [(TUESDAY, dt.time(9), dt.time(10))]
    first = request_make(windows=hour, today=MONDAY, duration=60)
    second = request_make(windows=hour, today=MONDAY, duration=60)
    dispatcher = planner()
    plan, result = computed(dispatcher)
    assert result.left_out == 1
    left = next(r for r in (first, second) if not Visit.objects.filter(request=r).exists())
    left.refresh_from_db()
    assert left.left_out_text.startswith("The workers with the skill are fully booked")
    with pytest.raises(PlanError) as refused:
        services.visit_place(
            plan=plan, request=left, worker=physio, day=TUESDAY, start=dt.time(9),
            acting_user=dispatcher,
        )  # fmt: skip
    assert refused.value.code == "overlap"
    extra = worker_make("Second physio")
    visit = services.visit_place(
        plan=plan, request=left, worker=extra, day=TUESDAY, start=dt.time(9),
        acting_user=dispatcher,
    )  # fmt: skip
    assert visit.pinned and visit.status == VisitStatus.PLANNED
    left.refresh_from_db()
    assert left.status == RequestStatus.PLANNED and left.left_out_reason == ""
    services.week_compute(plan=plan, acting_user=dispatcher, seconds=1, today=MONDAY)
    visit.refresh_from_db()
    assert (visit.worker, visit.status) == (extra, VisitStatus.PLANNED)


def test_a_visit_taken_out_is_placed_back_by_hand() -> None:
    physio = worker_make()
    request = request_make(windows=nine_to_noon(), today=MONDAY)
    dispatcher = planner()
    plan, _result = computed(dispatcher)
    services.visit_take_out(visit=Visit.objects.get(request=request), acting_user=dispatcher)
    request.refresh_from_db()
    services.visit_place(
        plan=plan, request=request, worker=physio, day=TUESDAY, start=dt.time(10),
        acting_user=dispatcher,
    )  # fmt: skip
    visit = Visit.objects.get(request=request)
    assert visit.status == VisitStatus.PLANNED and visit.pinned
    assert Visit.objects.filter(request=request).count() == 1


def test_a_visit_the_ledger_refused_stays_done_and_is_recorded_once_the_cause_is_fixed() -> None:
    visit, user = published_visit()
    entitlement = visit.request.entitlement
    # The entitlement ended before the visit (changed after the request was taken).
    entitlement.ends_on = MONDAY - dt.timedelta(days=1)
    entitlement.save()
    result = services.visit_done(visit=visit, acting_user=user)
    assert result.ledger_refusal
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE and visit.delivery_record is None
    dispatcher = planner()
    with pytest.raises(PlanError) as refused:
        services.visit_ledger_retry(visit=visit, acting_user=dispatcher)
    assert refused.value.code == "ledger"
    entitlement.ends_on = None
    entitlement.save()
    services.visit_ledger_retry(visit=visit, acting_user=dispatcher)
    visit.refresh_from_db()
    assert visit.delivery_record is not None and visit.ledger_refusal == ""
    with pytest.raises(PlanError) as refused:
        services.visit_ledger_retry(visit=visit, acting_user=dispatcher)
    assert refused.value.code == "nothing_to_record"
    assert DeliveryRecord.objects.count() == 1


def test_the_solver_time_grows_with_the_week_unless_the_setting_fixes_it(settings) -> None:
    assert services.solver_seconds(10) == 2.0
    assert services.solver_seconds(300) == 10.0
    assert services.solver_seconds(600) == 20.0  # the most a page waits
    settings.VISITS_SOLVER_SECONDS = 3
    assert services.solver_seconds(600) == 3.0
