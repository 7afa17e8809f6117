"""Reminders to coordinators (issue 10, item 6): which are due on a day (from N days before a
deadline to the day itself, never after), that each is sent once, what the e-mail says and
does not say, the daily run's next time, and the ``plan_reminders`` command. The worker itself
runs in ``test_reminder_worker.py``.

Days are fixed dates passed to the reminders' functions, so nothing here depends on the day
the suite runs on (except the command, which works on today and builds its plans from it)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opencus.core.models import AuditEvent
from opencus.core.roles import Role
from opencus.plans import reminders as reminders_module
from opencus.plans.clocks import warsaw_today
from opencus.plans.models import PlanReminder, PlanState, PlanVersion, ReminderKind, VersionState
from opencus.plans.reminders import reminder_text, reminders_due, reminders_send
from opencus.plans.services import review_record
from opencus.plans.tasks import daily_run_pending, next_run_at, plan_reminders_daily
from tests.plans.factories import plan_active
from tests.plans.factories import plan_make as services_plan_make
from tests.plans.factories import today as services_today
from tests.plans.reminder_rows import period_set, plan_make, review_date_add, review_hold

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 10)
DAYS = 5
WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.OPENCUS_PLAN_REMINDER_DAYS = DAYS
    settings.OPENCUS_PUBLIC_BASE_URL = "https://cus.example.org/"


@pytest.fixture
def coordinator(make_staff: Any) -> User:
    return make_staff(Role.COORDINATOR, email="koordynator@example.org")


def due(today: dt.date = TODAY) -> list[tuple[str, str, dt.date]]:
    return [(r.kind, r.plan.reference, r.deadline) for r in reminders_due(today)]


def active_plan(coordinator: User, *, starts_on: dt.date, ends_on: dt.date) -> Any:
    plan = plan_make(coordinator=coordinator, due_on=starts_on, state=PlanState.ACTIVE)
    period_set(plan, starts_on, ends_on)
    return plan


# --- Which reminders are due ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "reminded"),
    [(DAYS + 1, False), (DAYS, True), (1, True), (0, True), (-1, False)],
    ids=["a day too early", "N days before", "the day before", "the day itself", "the day after"],
)
def test_plan_due_is_reminded_from_n_days_before_to_the_day_itself(
    coordinator: User, days_left: int, reminded: bool
) -> None:
    deadline = TODAY + dt.timedelta(days=days_left)
    plan = plan_make(coordinator=coordinator, due_on=deadline)
    expected = [(ReminderKind.PLAN_DUE, plan.reference, deadline)] if reminded else []
    assert due() == expected


def test_a_submitted_plan_is_not_reminded_of_its_30_days(coordinator: User) -> None:
    plan_make(coordinator=coordinator, due_on=TODAY, state=PlanState.AWAITING_APPROVAL)
    # Returned for corrections: a draft again, but it was submitted (on time or late) already.
    plan_make(coordinator=coordinator, due_on=TODAY, submitted=True)
    assert due() == []


@pytest.mark.parametrize(
    ("days_left", "reminded"),
    [(DAYS + 1, False), (DAYS, True), (0, True), (-1, False)],
    ids=["a day too early", "N days before", "the day itself", "the day after"],
)
def test_a_planned_review_is_reminded_from_n_days_before_to_the_day_itself(
    coordinator: User, days_left: int, reminded: bool
) -> None:
    plan = active_plan(
        coordinator, starts_on=TODAY - dt.timedelta(days=60), ends_on=TODAY.replace(year=2027)
    )
    review_on = TODAY + dt.timedelta(days=days_left)
    review_date_add(plan, review_on)
    expected = [(ReminderKind.REVIEW_DUE, plan.reference, review_on)] if reminded else []
    assert due() == expected


def test_a_review_already_held_is_not_reminded(coordinator: User) -> None:
    plan = active_plan(
        coordinator, starts_on=TODAY - dt.timedelta(days=60), ends_on=TODAY.replace(year=2027)
    )
    review_hold(review_date_add(plan, TODAY + dt.timedelta(days=2)), coordinator)
    assert due() == []


def test_a_review_held_under_the_previous_version_counts_for_the_same_planned_date(
    coordinator: User,
) -> None:
    plan = active_plan(
        coordinator, starts_on=TODAY - dt.timedelta(days=60), ends_on=TODAY.replace(year=2027)
    )
    first = plan.current_version
    review_date = review_date_add(plan, TODAY + dt.timedelta(days=2))
    review_hold(review_date, coordinator)
    # A change approved afterwards copies the planned date (same key) into version 2.
    first.state = VersionState.SUPERSEDED
    first.save(update_fields=["state"])
    second = PlanVersion.objects.create(
        plan=plan,
        number=2,
        state=VersionState.APPROVED,
        starts_on=first.starts_on,
        ends_on=first.ends_on,
        created_by=coordinator,
    )
    second.review_dates.create(due_on=review_date.due_on, key=review_date.key)
    plan.current_version = second
    plan.save(update_fields=["current_version"])
    assert due() == []


def test_only_the_version_in_force_counts_not_a_change_being_drafted(coordinator: User) -> None:
    plan = active_plan(
        coordinator, starts_on=TODAY - dt.timedelta(days=60), ends_on=TODAY.replace(year=2027)
    )
    change = PlanVersion.objects.create(
        plan=plan, number=2, state=VersionState.DRAFT, created_by=coordinator
    )
    change.review_dates.create(due_on=TODAY + dt.timedelta(days=1))
    assert due() == []


@pytest.mark.parametrize(
    ("days_left", "reminded"),
    [(DAYS + 1, False), (DAYS, True), (0, True), (-1, False)],
    ids=["a day too early", "N days before", "the day itself", "the day after"],
)
def test_the_end_of_an_active_plan_is_reminded_from_n_days_before_to_the_day_itself(
    coordinator: User, days_left: int, reminded: bool
) -> None:
    ends_on = TODAY + dt.timedelta(days=days_left)
    plan = active_plan(coordinator, starts_on=ends_on - dt.timedelta(days=120), ends_on=ends_on)
    expected = [(ReminderKind.PLAN_ENDING, plan.reference, ends_on)] if reminded else []
    assert due() == expected


@pytest.mark.parametrize("state", [PlanState.COMPLETED, PlanState.DISCONTINUED])
def test_a_closed_plan_gets_no_reminders(coordinator: User, state: str) -> None:
    plan = plan_make(coordinator=coordinator, due_on=TODAY, state=state)
    period_set(plan, TODAY - dt.timedelta(days=120), TODAY + dt.timedelta(days=1))
    review_date_add(plan, TODAY + dt.timedelta(days=1))
    assert due() == []
    assert reminders_send(TODAY) == 0
    assert mail.outbox == []


def test_the_setting_says_how_many_days_before(coordinator: User, settings: Any) -> None:
    plan = plan_make(coordinator=coordinator, due_on=TODAY + dt.timedelta(days=10))
    assert due() == []
    settings.OPENCUS_PLAN_REMINDER_DAYS = 10
    assert due() == [(ReminderKind.PLAN_DUE, plan.reference, plan.due_on)]


def test_finding_the_reminders_takes_four_queries_however_many_plans(
    coordinator: User, django_assert_max_num_queries: Any
) -> None:
    for days in range(3):
        plan_make(coordinator=coordinator, due_on=TODAY + dt.timedelta(days=days))
        plan = active_plan(
            coordinator,
            starts_on=TODAY - dt.timedelta(days=100),
            ends_on=TODAY + dt.timedelta(days=days),
        )
        review_date_add(plan, TODAY + dt.timedelta(days=days))
    with django_assert_max_num_queries(4):
        found = reminders_due(TODAY)
        assert len(found) == 9
        assert {r.recipient.email for r in found} == {"koordynator@example.org"}


# --- Sending, once ----------------------------------------------------------------------------


def test_each_reminder_is_sent_once_however_many_runs(coordinator: User) -> None:
    plan = plan_make(coordinator=coordinator, due_on=TODAY + dt.timedelta(days=3))
    assert reminders_send(TODAY) == 1
    assert reminders_send(TODAY) == 0
    assert reminders_send(TODAY + dt.timedelta(days=1)) == 0
    assert [m.to for m in mail.outbox] == [["koordynator@example.org"]]
    claim = PlanReminder.objects.get()
    assert (claim.kind, claim.plan, claim.deadline, claim.recipient) == (
        ReminderKind.PLAN_DUE,
        plan,
        plan.due_on,
        coordinator,
    )
    event = AuditEvent.objects.get(object_id=str(claim.pk), object_repr=str(claim))
    assert event.actor is None
    assert event.changes == {
        "kind": [None, "plan_due"],
        "deadline": [None, str(plan.due_on)],
        "recipient": [None, coordinator.pk],
    }


def test_two_deadlines_of_one_plan_are_two_emails(coordinator: User) -> None:
    ends_on = TODAY + dt.timedelta(days=4)
    plan = active_plan(coordinator, starts_on=ends_on - dt.timedelta(days=120), ends_on=ends_on)
    review_date_add(plan, TODAY + dt.timedelta(days=1))
    assert reminders_send(TODAY) == 2
    assert sorted(PlanReminder.objects.values_list("kind", flat=True)) == [
        ReminderKind.PLAN_ENDING,
        ReminderKind.REVIEW_DUE,
    ]
    assert len(mail.outbox) == 2
    assert all(plan.reference in m.subject for m in mail.outbox)


def test_a_new_coordinator_is_reminded_too(coordinator: User, make_staff: Any) -> None:
    plan = plan_make(coordinator=coordinator, due_on=TODAY + dt.timedelta(days=3))
    reminders_send(TODAY)
    successor = make_staff(Role.COORDINATOR, email="nastepca@example.org")
    plan.coordinator = successor
    plan.save(update_fields=["coordinator"])
    assert reminders_send(TODAY) == 1
    assert [m.to for m in mail.outbox] == [["koordynator@example.org"], ["nastepca@example.org"]]


def test_a_coordinator_without_an_email_address_gets_nothing_and_nothing_is_recorded(
    make_staff: Any,
) -> None:
    plan_make(coordinator=make_staff(Role.COORDINATOR), due_on=TODAY)
    assert reminders_send(TODAY) == 0
    assert mail.outbox == []
    assert not PlanReminder.objects.exists()


def test_a_refused_email_is_not_recorded_and_the_next_run_sends_it(
    coordinator: User, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    plan_make(coordinator=coordinator, due_on=TODAY + dt.timedelta(days=2))
    plan_make(coordinator=coordinator, due_on=TODAY + dt.timedelta(days=3))
    real_send = reminders_module.send_mail
    calls: list[str] = []

    def first_refused(subject: str, *args: Any, **kwargs: Any) -> int:
        calls.append(subject)
        if len(calls) == 1:
            raise OSError("mail server down")
        return real_send(subject, *args, **kwargs)

    monkeypatch.setattr(reminders_module, "send_mail", first_refused)
    assert reminders_send(TODAY) == 1  # the second plan's reminder still went out
    assert "failed" in caplog.text
    assert PlanReminder.objects.count() == 1
    assert reminders_send(TODAY) == 1
    assert PlanReminder.objects.count() == 2
    assert len(mail.outbox) == 2


# --- What the e-mail says ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "subject", "phrase"),
    [
        (ReminderKind.PLAN_DUE, "is due on 13.11.2026", "has not been submitted for approval"),
        (ReminderKind.REVIEW_DUE, "a review is due on 13.11.2026", "is planned for 13.11.2026"),
        (ReminderKind.PLAN_ENDING, "ends on 13.11.2026", "Hold the summary interview"),
    ],
)
def test_the_email_names_the_plan_the_deadline_and_links_to_it_and_no_one(
    coordinator: User, settings: Any, kind: str, subject: str, phrase: str
) -> None:
    settings.LANGUAGE_CODE = "en"  # the centre's language; Polish by default
    deadline = TODAY + dt.timedelta(days=3)
    plan = active_plan(coordinator, starts_on=deadline - dt.timedelta(days=120), ends_on=deadline)
    plan.person.first_name, plan.person.last_name = "Genowefa", "Pigwa"
    plan.person.save()
    reminder = reminders_module.DueReminder(kind, plan, deadline, coordinator)
    title, body = reminder_text(reminder, TODAY)
    assert title.startswith(f"Plan {plan.reference}")
    assert subject in title
    assert phrase in body
    assert "in 3 days" in body
    assert f"https://cus.example.org/pracownicy/plany/{plan.uuid}/" in body
    for private in ("Genowefa", "Pigwa", plan.person.pesel, "G. P.", "G.P."):
        assert not private or private not in title + body
    assert "names no one" in body


def test_the_email_says_today_and_tomorrow(coordinator: User, settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    plan = plan_make(coordinator=coordinator, due_on=TODAY)
    today = reminders_module.DueReminder(ReminderKind.PLAN_DUE, plan, TODAY, coordinator)
    tomorrow = reminders_module.DueReminder(
        ReminderKind.PLAN_DUE, plan, TODAY + dt.timedelta(days=1), coordinator
    )
    assert "10.11.2026, today." in reminder_text(today, TODAY)[1]
    assert "11.11.2026, tomorrow." in reminder_text(tomorrow, TODAY)[1]


# --- The daily run and the command ------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Before the hour: this morning; at or after it: tomorrow morning.
        (
            dt.datetime(2026, 11, 10, 5, 59, tzinfo=WARSAW),
            dt.datetime(2026, 11, 10, 6, 0, tzinfo=WARSAW),
        ),
        (
            dt.datetime(2026, 11, 10, 6, 0, tzinfo=WARSAW),
            dt.datetime(2026, 11, 11, 6, 0, tzinfo=WARSAW),
        ),
        (
            dt.datetime(2026, 12, 31, 23, 59, tzinfo=WARSAW),
            dt.datetime(2027, 1, 1, 6, 0, tzinfo=WARSAW),
        ),
        # The nights summer time starts and ends: still 06:00 on the Warsaw clock.
        (
            dt.datetime(2026, 3, 28, 7, 0, tzinfo=WARSAW),
            dt.datetime(2026, 3, 29, 6, 0, tzinfo=WARSAW),
        ),
        (
            dt.datetime(2026, 10, 24, 7, 0, tzinfo=WARSAW),
            dt.datetime(2026, 10, 25, 6, 0, tzinfo=WARSAW),
        ),
        # Given in UTC: 23:30 UTC on 9 November is already 10 November in Warsaw.
        (
            dt.datetime(2026, 11, 9, 23, 30, tzinfo=dt.UTC),
            dt.datetime(2026, 11, 10, 6, 0, tzinfo=WARSAW),
        ),
    ],
)
def test_the_next_run_is_the_next_reminder_hour_in_warsaw(
    now: dt.datetime, expected: dt.datetime
) -> None:
    at = next_run_at(now)
    assert at == expected
    assert at.astimezone(WARSAW).hour == 6
    assert at > now


@pytest.fixture
def english() -> Any:
    # Commands speak the centre's language (Polish) unless another is active.
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("english")
def test_the_command_queues_one_run_however_often_it_is_called() -> None:
    out = StringIO()
    call_command("plan_reminders", stdout=out)
    call_command("plan_reminders", stdout=out)
    runs = DBTaskResult.objects.filter(task_path=plan_reminders_daily.module_path)
    assert runs.count() == 1
    assert runs.get().status == TaskResultStatus.READY
    assert daily_run_pending()
    assert "is queued" in out.getvalue()
    assert "already waiting" in out.getvalue()


@pytest.mark.usefixtures("english")
def test_the_command_sends_now_without_the_queue_and_lists_with_dry_run(
    coordinator: User,
) -> None:
    plan = plan_make(coordinator=coordinator, due_on=warsaw_today() + dt.timedelta(days=1))
    out, err = StringIO(), StringIO()
    call_command("plan_reminders", "--dry-run", stdout=out, stderr=err)
    assert plan.reference in out.getvalue()
    assert coordinator.username in out.getvalue()
    assert "Reminders due today: 1." in err.getvalue()
    assert mail.outbox == []

    call_command("plan_reminders", "--now", stdout=out)
    assert "Reminders sent: 1." in out.getvalue()
    assert len(mail.outbox) == 1
    assert not DBTaskResult.objects.exists()


# --- Plans made through the services ----------------------------------------------------------


def test_plans_made_through_the_services_are_reminded_until_the_step_is_done(
    coordinator: User,
) -> None:
    draft = services_plan_make(coordinator=coordinator)
    assert draft.due_on == services_today() + dt.timedelta(days=30)
    assert due(draft.due_on - dt.timedelta(days=DAYS)) == [
        (ReminderKind.PLAN_DUE, draft.reference, draft.due_on)
    ]

    active = plan_active(coordinator=coordinator)
    assert active.current_version is not None
    review_date = active.current_version.review_dates.get()
    ends_on = active.current_version.ends_on
    assert ends_on is not None
    assert due(review_date.due_on) == [
        (ReminderKind.REVIEW_DUE, active.reference, review_date.due_on)
    ]
    assert due(ends_on) == [(ReminderKind.PLAN_ENDING, active.reference, ends_on)]

    review_record(
        plan=active,
        acting_user=coordinator,
        held_on=services_today(),
        notes="The first review, held early.",
        review_date=review_date,
        progress=[(goal, "some", "") for goal in active.current_version.goals.all()],
    )
    assert due(review_date.due_on) == []
