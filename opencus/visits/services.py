"""Home visits' state changes: one ``@transaction.atomic`` function per step, each writing its
transition and audit rows, each refusal a ``VisitsError`` that changes nothing.

The week's plan is computed synchronously, with a time limit that grows with the week
(``solver_seconds``: 2 s up to 60 visits, then a second per 30 more, at most 20 s — the
rounds benchmark plans 600 visits for 12 staff in 25 s; ``VISITS_SOLVER_SECONDS`` fixes it).
A published plan is not computed again (that would move every visit); the dispatcher's
adjustments to it are allowed and each makes a new revision, which the workers' pages show at
once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.audit import audit_record
from opencus.core.formatting import day_text
from opencus.core.models import AuditAction
from opencus.core.roles import Role, has_capability, user_roles
from opencus.delivery.errors import DeliveryAlreadyRecorded, DeliveryError
from opencus.delivery.services import delivery_record
from opencus.intake.models import Entitlement, EntitlementStatus
from opencus.people.models import Person
from opencus.visits import adapter
from opencus.visits.capabilities import VISITS_MAKE, VISITS_PLAN, VISITS_REQUEST
from opencus.visits.errors import MarkError, PlanError, RequestError, WorkerError
from opencus.visits.models import (
    SKILL_SERVICES,
    TAKEN_OUT,
    WEEKDAYS,
    PlanStatus,
    RequestStatus,
    Skill,
    Visit,
    VisitRequest,
    VisitRequestTransition,
    VisitStatus,
    VisitWindow,
    VisitWorker,
    WeekPlan,
    WeekPlanTransition,
)

#: Seconds the solver may take when a week is computed from the page: at least, per visit,
#: at most (``solver_seconds``).
DEFAULT_SECONDS = 2.0
SECONDS_PER_VISIT = 1 / 30
MOST_SECONDS = 20.0


def solver_seconds(visits: int) -> float:
    """The solver's time for a week of ``visits`` waiting visits: ``VISITS_SOLVER_SECONDS``
    when set, else 2 s for up to 60 visits and a second per 30 more, at most 20 s."""
    configured = getattr(settings, "VISITS_SOLVER_SECONDS", None)
    if configured is not None:
        return float(configured)
    return min(MOST_SECONDS, max(DEFAULT_SECONDS, visits * SECONDS_PER_VISIT))


def _may(acting_user: Any, capability: Any, message: str, error: type[Any]) -> None:
    if not has_capability(acting_user, capability):
        raise error(message, code="not_allowed")


def _hm(time: dt.time) -> str:
    return time.strftime("%H:%M")


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


# --- Requests ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where the visit is: an address in words and its coordinates."""

    label: str
    latitude: Decimal | None
    longitude: Decimal | None


def person_place(person: Person) -> Place:
    """The person's home as a visit's place (coordinates may be missing)."""
    label = ", ".join(p for p in (person.street_line, person.locality) if p)
    return Place(label, person.latitude, person.longitude)


def request_step(
    request: VisitRequest, to: str, *, acting_user: Any, note: str = ""
) -> VisitRequest:
    """Move a (locked) request to status ``to`` with its transition and audit rows."""
    before = request.status
    request.status = to
    request.save(update_fields=["status", "left_out_reason"])
    VisitRequestTransition.objects.create(
        request=request,
        from_status=before,
        to_status=to,
        at=timezone.now(),
        actor=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        note=note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=request,
        changes={"status": [before, to]},
        label=str(request.uuid),
    )
    return request


def entitlement_for(person: Person, skill: str, on: dt.date) -> Entitlement | None:
    """The person's entitlement in force on ``on`` to a service whose visits need ``skill``
    (the catalogue's service for the skill: ``settings.VISITS_SERVICES`` if set, else
    ``SKILL_SERVICES``)."""
    slug = getattr(settings, "VISITS_SERVICES", SKILL_SERVICES).get(skill)
    if not slug:
        return None
    return (
        Entitlement.objects.in_force(on)
        .filter(person=person, service__slug=slug)
        .order_by("-starts_on", "-id")
        .first()
    )


@transaction.atomic
def request_create(
    *,
    entitlement: Entitlement,
    skill: str,
    duration: int,
    windows: Sequence[tuple[dt.date, dt.time, dt.time]],
    task: str = "",
    place: Place | None = None,
    acting_user: Any,
    today: dt.date | None = None,
) -> VisitRequest:
    """Take a request for a home visit under ``entitlement``: at the person's home unless
    ``place`` says otherwise, in one of ``windows`` (day, from, until). Refused when the
    entitlement is not in force on a window's day, a window is in the past or ends before it
    starts, the visit is longer than every window, or the place has no coordinates."""
    _may(acting_user, VISITS_REQUEST, _("You may not take visit requests."), RequestError)
    today = today or timezone.localdate()
    person = Person.objects.select_for_update().get(pk=entitlement.person_id)
    if skill not in Skill.values:
        raise RequestError({"skill": _("Choose the skill the visit needs.")}, code="skill")
    slug = getattr(settings, "VISITS_SERVICES", SKILL_SERVICES).get(skill)
    if entitlement.service.slug != slug:
        raise RequestError(
            {
                "entitlement": _(
                    "The entitlement to %(service)s does not cover visits that need %(skill)s."
                )
                % {"service": entitlement.service, "skill": Skill(skill).label}
            },
            code="wrong_service",
        )
    if duration < 1 or duration > 8 * 60:
        raise RequestError(
            {"duration": _("A visit takes from 1 minute to 8 hours.")}, code="duration"
        )
    if not windows:
        raise RequestError(
            {"windows": _("Give at least one time when the person is at home.")},
            code="no_windows",
        )
    for day, start, end in windows:
        if end <= start:
            raise RequestError(
                {
                    "windows": _("The time on %(day)s ends (%(end)s) before it starts (%(start)s).")
                    % {"day": day_text(day), "start": _hm(start), "end": _hm(end)}
                },
                code="window_order",
            )
        if day < today:
            raise RequestError(
                {"windows": _("%(day)s is in the past.") % {"day": day_text(day)}},
                code="window_past",
            )
        if entitlement.status != EntitlementStatus.ACTIVE or not (
            entitlement.starts_on <= day
            and (entitlement.ends_on is None or day <= entitlement.ends_on)
        ):
            raise RequestError(
                {
                    "windows": _(
                        "%(person)s's entitlement to %(service)s is not in force on %(day)s."
                    )
                    % {
                        "person": person.full_name,
                        "service": entitlement.service,
                        "day": day_text(day),
                    }
                },
                code="outside_entitlement",
            )
    longest = max(adapter.minutes(end) - adapter.minutes(start) for _d, start, end in windows)
    if duration > longest:
        raise RequestError(
            {
                "duration": _(
                    "The visit takes %(duration)s minutes, longer than every time the person is"
                    " at home (the longest is %(longest)s minutes)."
                )
                % {"duration": duration, "longest": int(longest)}
            },
            code="too_long",
        )
    place = place or person_place(person)
    if place.latitude is None or place.longitude is None or not place.label.strip():
        raise RequestError(
            _(
                "The visit's address has no coordinates, so it cannot be planned: add them to"
                " the person's address or give another address with its coordinates."
            ),
            code="no_coordinates",
        )
    request = VisitRequest.objects.create(
        person=person,
        entitlement=entitlement,
        skill=skill,
        duration=duration,
        task=task.strip(),
        address_label=place.label.strip()[:250],
        latitude=place.latitude,
        longitude=place.longitude,
        created_by=acting_user,
    )
    VisitWindow.objects.bulk_create(
        VisitWindow(request=request, day=day, starts_at=start, ends_at=end)
        for day, start, end in sorted(windows)
    )
    VisitRequestTransition.objects.create(
        request=request, to_status=RequestStatus.OPEN, at=timezone.now(), actor=acting_user
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=request,
        changes={"skill": [None, skill], "duration": [None, duration]},
        label=str(request.uuid),
    )
    return request


@transaction.atomic
def request_cancel(*, request: VisitRequest, acting_user: Any, note: str = "") -> VisitRequest:
    """Cancel a request that is not completed; its planned visit leaves the plan (a published
    plan gets a new revision)."""
    _may(acting_user, VISITS_REQUEST, _("You may not cancel visit requests."), RequestError)
    locked = VisitRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status in (RequestStatus.COMPLETED, RequestStatus.CANCELLED):
        raise RequestError(
            _("The request is %(status)s: it cannot be cancelled.")
            % {"status": locked.get_status_display()},
            code="state",
        )
    for visit in Visit.objects.select_for_update().filter(
        request=locked, status=VisitStatus.PLANNED
    ):
        plan = _lock_plan(visit.plan_id)
        visit.status = VisitStatus.TAKEN_OUT
        visit.pinned = False
        visit.save(update_fields=["status", "pinned"])
        _plan_changed(plan, "request_cancelled", acting_user)
    return request_step(locked, RequestStatus.CANCELLED, acting_user=acting_user, note=note)


# --- Workers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerData:
    name: str
    phone: str
    skills: Sequence[str]
    #: (weekday 0–6, from, until) for each working day.
    hours: Sequence[tuple[int, dt.time, dt.time]]
    base_label: str
    base_latitude: Decimal
    base_longitude: Decimal
    user: Any = None
    is_active: bool = True


@transaction.atomic
def worker_save(
    *, data: WorkerData, acting_user: Any, worker: VisitWorker | None = None
) -> VisitWorker:
    """Add a worker or change one. Refused for an unknown skill, working hours that end before
    they start or twice on a weekday, and an account that is not in the home-visit staff role
    or is another worker's."""
    _may(acting_user, VISITS_PLAN, _("You may not manage home-visit staff."), WorkerError)
    unknown = [s for s in data.skills if s not in Skill.values]
    if unknown or not data.skills:
        raise WorkerError(
            {
                "skills": _("Unknown skill: %(skills)s.") % {"skills": ", ".join(unknown)}
                if unknown
                else _("Choose at least one skill.")
            },
            code="skill",
        )
    seen: set[int] = set()
    for weekday, start, end in data.hours:
        if weekday in seen or not 0 <= weekday <= 6:
            raise WorkerError({"hours": _("One span of hours per weekday.")}, code="hours")
        seen.add(weekday)
        if end <= start:
            raise WorkerError(
                {
                    "hours": _(
                        "On %(weekday)s the hours end (%(end)s) before they start (%(start)s)."
                    )
                    % {"weekday": WEEKDAYS[weekday], "start": _hm(start), "end": _hm(end)}
                },
                code="hours_order",
            )
    if data.user is not None:
        if Role.VISITING_STAFF not in user_roles(data.user):
            raise WorkerError(
                {"user": _("The account is not in the home-visit staff role.")}, code="user_role"
            )
        other = VisitWorker.objects.filter(user=data.user)
        if worker is not None:
            other = other.exclude(pk=worker.pk)
        if other.exists():
            raise WorkerError(
                {"user": _("The account belongs to another worker already.")}, code="user_taken"
            )
    fields = {
        "name": data.name.strip(),
        "phone": data.phone.strip(),
        "skills": sorted(set(data.skills)),
        "hours": [
            {"weekday": weekday, "start": _hm(start), "end": _hm(end)}
            for weekday, start, end in sorted(data.hours)
        ],
        "base_label": data.base_label.strip(),
        "base_latitude": data.base_latitude,
        "base_longitude": data.base_longitude,
        "user": data.user,
        "is_active": data.is_active,
    }
    if worker is None:
        worker = VisitWorker.objects.create(**fields)
        audit_record(actor=acting_user, action=AuditAction.CREATE, obj=worker)
        return worker
    locked = VisitWorker.objects.select_for_update().get(pk=worker.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"skills": [None, locked.skills], "hours": [None, locked.hours]},
    )
    return locked


# --- The week's plan --------------------------------------------------------------------------


def _lock_plan(pk: int) -> WeekPlan:
    return WeekPlan.objects.select_for_update().get(pk=pk)


def _plan_step(plan: WeekPlan, action: str, acting_user: Any, note: str = "") -> None:
    WeekPlanTransition.objects.create(
        plan=plan,
        action=action,
        revision=plan.revision,
        at=timezone.now(),
        actor=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        note=note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=plan,
        changes={"action": [None, action], "revision": [None, plan.revision]},
    )


def _plan_changed(plan: WeekPlan, action: str, acting_user: Any) -> None:
    """A change to the plan: a published plan gets a new revision."""
    if plan.status == PlanStatus.PUBLISHED:
        plan.revision += 1
        plan.save(update_fields=["revision"])
    _plan_step(plan, action, acting_user)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def week_open(*, day: dt.date, acting_user: Any, today: dt.date | None = None) -> WeekPlan:
    """The plan of the week holding ``day`` (opened as a draft when there is none). Refused
    for a week already over."""
    _may(acting_user, VISITS_PLAN, _("You may not plan home visits."), PlanError)
    today = today or timezone.localdate()
    start = monday(day)
    if start + dt.timedelta(days=6) < today:
        raise PlanError(
            {"day": _("The week of %(day)s is over.") % {"day": day_text(start)}}, code="past"
        )
    plan, created = WeekPlan.objects.get_or_create(
        week_start=start, defaults={"created_by": acting_user}
    )
    if created:
        _plan_step(plan, "opened", acting_user)
    return plan


@dataclass(frozen=True)
class ComputeResult:
    planned: int
    left_out: int


@transaction.atomic
def week_compute(
    *,
    plan: WeekPlan,
    acting_user: Any,
    seconds: float | None = None,
    iterations: int | None = None,
    today: dt.date | None = None,
) -> ComputeResult:
    """Compute the week's draft plan with the rounds solver: pinned visits stay with their
    worker on their day; every other waiting request is placed or left out with the reason.
    Refused for a published plan."""
    _may(acting_user, VISITS_PLAN, _("You may not plan home visits."), PlanError)
    today = today or timezone.localdate()
    locked = _lock_plan(plan.pk)
    if locked.status == PlanStatus.PUBLISHED:
        raise PlanError(
            _(
                "The plan is published: it is not computed again, as that would move every"
                " visit. Adjust single visits instead."
            ),
            code="published",
        )
    if locked.week_end < today:
        raise PlanError(_("The week is over."), code="past")
    week = adapter.week_problem(locked, today=today)
    solved = adapter.week_solve(
        week,
        seconds=seconds if seconds is not None else solver_seconds(len(week.problem.visits)),
        iterations=iterations,
    )
    existing = {
        v.request_id: v
        for v in Visit.objects.select_for_update().filter(plan=locked, status=VisitStatus.PLANNED)
    }
    placed: set[int] = set()
    for stop in solved.stops:
        day = locked.week_start + dt.timedelta(days=stop.day)
        start, end = _at(day, adapter.clock(stop.start)), _at(day, adapter.clock(stop.end))
        visit = existing.get(stop.visit)
        if visit is None:
            visit = Visit(plan=locked, request_id=stop.visit)
        visit.worker_id, visit.day, visit.starts_at, visit.ends_at = stop.worker, day, start, end
        visit.save()
        placed.add(stop.visit)
        request = VisitRequest.objects.select_for_update().get(pk=stop.visit)
        request.left_out_reason = ""
        if request.status != RequestStatus.PLANNED:
            request_step(request, RequestStatus.PLANNED, acting_user=acting_user)
        else:
            request.save(update_fields=["left_out_reason"])
    for request_id, visit in existing.items():
        if request_id not in placed:
            # Not in the new plan (its windows passed, or it no longer fits): the row says so.
            visit.status = VisitStatus.TAKEN_OUT
            visit.pinned = False
            visit.save(update_fields=["status", "pinned"])
    for request_id, reason in solved.left_out.items():
        request = VisitRequest.objects.select_for_update().get(pk=request_id)
        request.left_out_reason = reason[:200]
        if request.status == RequestStatus.PLANNED:
            request_step(request, RequestStatus.OPEN, acting_user=acting_user, note=reason)
        else:
            request.save(update_fields=["left_out_reason"])
    locked.computed_at = timezone.now()
    locked.travel_km = Decimal(str(round(solved.travel_km, 2)))
    locked.save(update_fields=["computed_at", "travel_km"])
    _plan_step(locked, "computed", acting_user)
    return ComputeResult(planned=len(solved.stops), left_out=len(solved.left_out))


@transaction.atomic
def week_publish(*, plan: WeekPlan, acting_user: Any) -> WeekPlan:
    """Publish the week: the workers see their visits. Refused when nothing is planned."""
    _may(acting_user, VISITS_PLAN, _("You may not plan home visits."), PlanError)
    locked = _lock_plan(plan.pk)
    if locked.status == PlanStatus.PUBLISHED:
        raise PlanError(_("The plan is published already."), code="published")
    if not locked.visits.filter(status=VisitStatus.PLANNED).exists():
        raise PlanError(
            _("No visit is planned in this week: compute the plan first."), code="empty"
        )
    locked.status = PlanStatus.PUBLISHED
    locked.revision += 1
    locked.published_at = timezone.now()
    locked.published_by = acting_user
    locked.save(update_fields=["status", "revision", "published_at", "published_by"])
    _plan_step(locked, "published", acting_user)
    return locked


def _planned(visit: Visit) -> tuple[Visit, WeekPlan]:
    """The visit and its plan, locked; refused when the visit is no longer planned."""
    plan = _lock_plan(visit.plan_id)
    locked = Visit.objects.select_for_update().select_related("request", "worker").get(pk=visit.pk)
    if locked.status != VisitStatus.PLANNED:
        raise PlanError(
            _("The visit is %(status)s: it cannot be changed.")
            % {"status": locked.get_status_display()},
            code="state",
        )
    return locked, plan


def placement_check(
    visit: Visit, worker: VisitWorker, day: dt.date, start: dt.time, plan: WeekPlan
) -> tuple[dt.datetime, dt.datetime]:
    """Where the visit would be: refused outside the week, in the past, outside the person's
    windows, with a worker who lacks the skill or does not work then, or overlapping another
    visit of the worker. Returns the start and end."""
    request = visit.request
    if not plan.week_start <= day <= plan.week_end:
        raise PlanError(
            {"day": _("%(day)s is not in this week.") % {"day": day_text(day)}}, code="outside_week"
        )
    begin = _at(day, start)
    end = begin + dt.timedelta(minutes=request.duration)
    if begin < timezone.now():
        raise PlanError({"start": _("That time is in the past.")}, code="past")
    if end.date() != day:
        raise PlanError({"start": _("The visit must end on its day.")}, code="outside_windows")
    finish = timezone.localtime(end).time()
    if not worker.is_active or request.skill not in worker.skills:
        raise PlanError(
            {
                "worker": _("%(worker)s does not have the skill this visit needs (%(skill)s).")
                % {"worker": worker.name, "skill": request.get_skill_display()}
            },
            code="skill",
        )
    hours = worker.hours_on(day.weekday())
    if hours is None or start < hours[0] or finish > hours[1]:
        raise PlanError(
            {
                "start": _("%(worker)s does not work on %(day)s from %(start)s to %(end)s.")
                % {
                    "worker": worker.name,
                    "day": day_text(day),
                    "start": _hm(start),
                    "end": _hm(finish),
                }
            },
            code="hours",
        )
    windows = list(request.windows.filter(day=day))
    if not any(w.starts_at <= start and finish <= w.ends_at for w in windows):
        at_home = ", ".join(f"{_hm(w.starts_at)}–{_hm(w.ends_at)}" for w in windows)
        raise PlanError(
            {
                "start": _(
                    "%(start)s–%(end)s on %(day)s is outside the times %(person)s is at home"
                    " (%(windows)s)."
                )
                % {
                    "start": _hm(start),
                    "end": _hm(finish),
                    "day": day_text(day),
                    "person": request.person.full_name,
                    "windows": at_home or _("none that day"),
                }
            },
            code="outside_windows",
        )
    clash = (
        Visit.objects.filter(
            worker=worker,
            day=day,
            status__in=(VisitStatus.PLANNED, VisitStatus.DONE),
            starts_at__lt=end,
            ends_at__gt=begin,
        )
        .exclude(pk=visit.pk)
        .select_related("request__person")
        .first()
    )
    if clash is not None:
        raise PlanError(
            {
                "start": _("It overlaps %(worker)s's visit at %(start)s–%(end)s.")
                % {
                    "worker": worker.name,
                    "start": timezone.localtime(clash.starts_at).strftime("%H:%M"),
                    "end": timezone.localtime(clash.ends_at).strftime("%H:%M"),
                }
            },
            code="overlap",
        )
    return begin, end


@transaction.atomic
def visit_move(
    *, visit: Visit, worker: VisitWorker, day: dt.date, start: dt.time, acting_user: Any
) -> Visit:
    """Move a visit to another worker, day or time, after ``placement_check``; the moved visit
    is pinned, so computing the plan again keeps it with that worker on that day."""
    _may(acting_user, VISITS_PLAN, _("You may not plan home visits."), PlanError)
    locked, plan = _planned(visit)
    VisitWorker.objects.select_for_update().filter(pk=worker.pk).first()
    begin, end = placement_check(locked, worker, day, start, plan)
    locked.worker, locked.day, locked.starts_at, locked.ends_at = worker, day, begin, end
    locked.pinned = True
    locked.save(update_fields=["worker", "day", "starts_at", "ends_at", "pinned"])
    _plan_changed(plan, "moved", acting_user)
    return locked


@transaction.atomic
def visit_place(
    *,
    plan: WeekPlan,
    request: VisitRequest,
    worker: VisitWorker,
    day: dt.date,
    start: dt.time,
    acting_user: Any,
) -> Visit:
    """Place a waiting request by hand (left out by the solver, or taken out), after
    ``placement_check``; the placed visit is pinned."""
    _may(acting_user, VISITS_PLAN, _("You may not plan home visits."), PlanError)
    locked_plan = _lock_plan(plan.pk)
    locked = VisitRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.OPEN:
        raise PlanError(
            _("The request is %(status)s: only a waiting request is placed by hand.")
            % {"status": locked.get_status_display()},
            code="state",
        )
    visit = Visit.objects.select_for_update().filter(plan=locked_plan, request=locked).first()
    if visit is not None and visit.status != VisitStatus.TAKEN_OUT:
        raise PlanError(
            _("The visit was marked %(status)s in this week already.")
            % {"status": visit.get_status_display()},
            code="state",
        )
    visit = visit or Visit(plan=locked_plan, request=locked)
    visit.request = locked
    VisitWorker.objects.select_for_update().filter(pk=worker.pk).first()
    begin, end = placement_check(visit, worker, day, start, locked_plan)
    visit.worker, visit.day, visit.starts_at, visit.ends_at = worker, day, begin, end
    visit.status = VisitStatus.PLANNED
    visit.pinned = True
    visit.save()
    locked.left_out_reason = ""
    request_step(locked, RequestStatus.PLANNED, acting_user=acting_user)
    _plan_changed(locked_plan, "placed", acting_user)
    return visit


@transaction.atomic
def visit_pin(*, visit: Visit, pinned: bool, acting_user: Any) -> Visit:
    """Pin a visit to its worker and day (or let it go)."""
    _may(acting_user, VISITS_PLAN, _("You may not plan home visits."), PlanError)
    locked, plan = _planned(visit)
    if locked.pinned != pinned:
        locked.pinned = pinned
        locked.save(update_fields=["pinned"])
        _plan_changed(plan, "pinned" if pinned else "unpinned", acting_user)
    return locked


@transaction.atomic
def visit_take_out(*, visit: Visit, acting_user: Any) -> Visit:
    """Take a visit out of the plan: its request waits again, with the reason; computing the
    plan again leaves it out of this week."""
    _may(acting_user, VISITS_PLAN, _("You may not plan home visits."), PlanError)
    locked, plan = _planned(visit)
    locked.status = VisitStatus.TAKEN_OUT
    locked.pinned = False
    locked.save(update_fields=["status", "pinned"])
    request = VisitRequest.objects.select_for_update().get(pk=locked.request_id)
    request.left_out_reason = TAKEN_OUT
    request_step(request, RequestStatus.OPEN, acting_user=acting_user, note=TAKEN_OUT)
    _plan_changed(plan, "taken_out", acting_user)
    return locked


# --- The worker's marks -----------------------------------------------------------------------


@dataclass(frozen=True)
class MarkResult:
    visit: Visit
    repeated: bool = False
    ledger_refusal: str = ""


def _markable(visit: Visit, acting_user: Any, now: dt.datetime) -> Visit:
    _may(acting_user, VISITS_MAKE, _("Only the home-visit staff mark visits."), MarkError)
    locked = (
        Visit.objects.select_for_update()
        .select_related("plan", "worker", "request__entitlement__service")
        .get(pk=visit.pk)
    )
    if locked.worker.user_id != getattr(acting_user, "pk", None) or not locked.worker.is_active:
        raise MarkError(_("This is not one of your visits."), code="who")
    if locked.plan.status != PlanStatus.PUBLISHED:
        raise MarkError(_("The week's plan is not published."), code="unpublished")
    if locked.day > timezone.localtime(now).date():
        raise MarkError(_("A visit is marked on its day, not before."), code="future")
    return locked


@transaction.atomic
def visit_done(*, visit: Visit, acting_user: Any, now: dt.datetime | None = None) -> MarkResult:
    """The worker made the visit: the request is completed and one visit goes into the
    delivery ledger. Marking it done again records nothing more."""
    now = now or timezone.now()
    locked = _markable(visit, acting_user, now)
    if locked.status == VisitStatus.DONE:
        return MarkResult(visit=locked, repeated=True, ledger_refusal=locked.ledger_refusal)
    if locked.status != VisitStatus.PLANNED:
        raise MarkError(
            _("The visit is marked %(status)s already.") % {"status": locked.get_status_display()},
            code="decided",
        )
    locked.status = VisitStatus.DONE
    locked.marked_at = now
    locked.save(update_fields=["status", "marked_at"])
    request = VisitRequest.objects.select_for_update().get(pk=locked.request_id)
    request_step(request, RequestStatus.COMPLETED, acting_user=acting_user)
    refusal = _ledger(locked, request, acting_user)
    return MarkResult(visit=locked, ledger_refusal=refusal)


def _ledger(visit: Visit, request: VisitRequest, acting_user: Any) -> str:
    """One visit into the delivery ledger; its refusal in words ("" when recorded), kept on
    the visit for the planners. The visit stays done either way."""
    try:
        record = delivery_record(
            entitlement=request.entitlement,
            delivered_on=visit.day,
            units=1,
            acting_user=acting_user,
            note=_("Home visit on %(day)s") % {"day": day_text(visit.day)},
            recorder_checked=True,
        )
    except DeliveryAlreadyRecorded as repeated:
        record = repeated.record
    except DeliveryError as refused:
        visit.ledger_refusal = refused.text
        visit.save(update_fields=["ledger_refusal"])
        return visit.ledger_refusal
    visit.delivery_record = record
    visit.save(update_fields=["delivery_record"])
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=visit,
        changes={"delivery_record": [None, str(record.pk)]},
    )
    return ""


@transaction.atomic
def visit_not_done(
    *, visit: Visit, reason: str, acting_user: Any, now: dt.datetime | None = None
) -> Visit:
    """The visit could not be made (no one at home, the person in hospital): the reason is
    kept and the request waits to be planned again."""
    now = now or timezone.now()
    if not reason.strip():
        raise MarkError({"reason": _("Say why the visit was not made.")}, code="no_reason")
    locked = _markable(visit, acting_user, now)
    if locked.status != VisitStatus.PLANNED:
        raise MarkError(
            _("The visit is marked %(status)s already.") % {"status": locked.get_status_display()},
            code="decided",
        )
    locked.status = VisitStatus.NOT_DONE
    locked.reason = reason.strip()
    locked.marked_at = now
    locked.save(update_fields=["status", "reason", "marked_at"])
    request = VisitRequest.objects.select_for_update().get(pk=locked.request_id)
    request_step(request, RequestStatus.OPEN, acting_user=acting_user, note=locked.reason)
    return locked


@transaction.atomic
def visit_ledger_retry(*, visit: Visit, acting_user: Any) -> Visit:
    """Record a visit done that the ledger refused, once its cause is fixed (a contract line
    added, the allowance raised): a planner's step. Refused with the ledger's reason when it
    refuses again; a visit already recorded is not recorded twice."""
    _may(acting_user, VISITS_PLAN, _("You may not plan home visits."), PlanError)
    locked = Visit.objects.select_for_update().select_related("request").get(pk=visit.pk)
    if locked.status != VisitStatus.DONE or locked.delivery_record_id is not None:
        raise PlanError(
            _("The visit has nothing to record in the ledger."), code="nothing_to_record"
        )
    refusal = _ledger(locked, locked.request, acting_user)
    if refusal:
        raise PlanError(refusal, code="ledger")
    locked.ledger_refusal = ""
    locked.save(update_fields=["ledger_refusal"])
    return locked
