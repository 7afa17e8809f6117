"""The pages of home visits: requests (client office), workers and the week's plan
(dispatcher, organiser), and the worker's day on a phone.

Plain forms and post/redirect/get: every page works without JavaScript and at 320 px. A
refusal of a service shows in the form's error summary (or as a message after a button),
nothing changed. What a role may not see is a 404 (``visible_to``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.core.access import capability_required, day_or_404
from opencus.core.audit import audit_record
from opencus.core.calendars import calendar_feed_issue, calendar_feed_revoke
from opencus.core.errors import DomainError
from opencus.core.forms import ReasonForm, form_add_domain_error
from opencus.core.models import AuditAction, CalendarFeed
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.visits import feeds, selectors, services
from opencus.visits.capabilities import VISITS_MAKE, VISITS_PLAN, VISITS_REQUEST
from opencus.visits.forms import MoveForm, RequestForm, WeekForm, WorkerForm
from opencus.visits.models import (
    SKILL_SERVICES,
    PlanStatus,
    RequestStatus,
    Visit,
    VisitRequest,
    VisitStatus,
    VisitWorker,
    WeekPlan,
)

planner_required = capability_required(VISITS_PLAN)
requester_required = capability_required(VISITS_REQUEST)
maker_required = capability_required(VISITS_MAKE)


def _run(request: HttpRequest, step: Callable[[], Any], success: str) -> bool:
    try:
        step()
    except DomainError as error:
        messages.error(request, error.text)
        return False
    messages.success(request, success)
    return True


# --- Requests ---------------------------------------------------------------------------------


@requester_required
def request_list(request: HttpRequest) -> HttpResponse:
    """GET …/wizyty/zlecenia/: the requests waiting to be planned (``?osoba=`` one person's
    requests of any status)."""
    person = None
    visible = VisitRequest.objects.visible_to(request.user)
    if request.GET.get("osoba", "").isdigit():
        person = get_object_or_404(Person.objects.visible_to(request.user), pk=request.GET["osoba"])
        rows = visible.filter(person=person).select_related("person", "entitlement__service")
    else:
        rows = selectors.waiting_requests(request.user)
    return render(
        request,
        "visits/request_list.html",
        {"person": person, "rows": list(rows.prefetch_related("windows")[:200])},
    )


@requester_required
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST …/wizyty/osoba/<pk>/zlecenie/: take a visit request for a person."""
    person = get_object_or_404(Person.objects.visible_to(request.user).active(), pk=pk)
    entitlements = (
        Entitlement.objects.visible_to(request.user)
        .filter(person=person, status="active", service__slug__in=SKILL_SERVICES.values())
        .select_related("service")
    )
    form = RequestForm(request.POST or None, entitlements=entitlements)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = None
        if data.get("address_label"):
            place = services.Place(data["address_label"], data["latitude"], data["longitude"])
        try:
            created = services.request_create(
                entitlement=data["entitlement"],
                skill=data["skill"],
                duration=data["duration"],
                windows=form.windows(),
                task=data.get("task", ""),
                place=place,
                acting_user=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The visit request is taken; it waits to be planned."))
            return redirect("visits:request_detail", created.uuid)
    return render(
        request,
        "visits/request_form.html",
        {"person": person, "form": form, "has_entitlements": entitlements.exists()},
    )


def _visible_request(request: HttpRequest, key: uuid.UUID) -> VisitRequest:
    return get_object_or_404(
        VisitRequest.objects.visible_to(request.user).select_related(
            "person", "entitlement__service"
        ),
        uuid=key,
    )


@requester_required
def request_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET …/wizyty/zlecenia/<uuid>/: a request, its times at home, its visits and steps."""
    found = _visible_request(request, uuid)
    return render(
        request,
        "visits/request_detail.html",
        {
            "item": found,
            "windows": found.windows.all(),
            "visits": found.visits.select_related("worker", "plan").order_by("day"),
            "steps": found.transitions.select_related("actor").order_by("at", "id"),
            "can_cancel": found.status in (RequestStatus.OPEN, RequestStatus.PLANNED),
        },
    )


@require_POST
@requester_required
def request_cancel(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """POST …/wizyty/zlecenia/<uuid>/anuluj/: cancel a request."""
    found = _visible_request(request, uuid)
    _run(
        request,
        lambda: services.request_cancel(
            request=found, acting_user=request.user, note=request.POST.get("note", "")
        ),
        _("The visit request is cancelled."),
    )
    return redirect("visits:request_detail", found.uuid)


# --- Workers ----------------------------------------------------------------------------------


@planner_required
def worker_list(request: HttpRequest) -> HttpResponse:
    """GET …/wizyty/pracownicy/: the home-visit staff."""
    workers = VisitWorker.objects.visible_to(request.user).select_related("user")
    return render(request, "visits/worker_list.html", {"workers": workers})


def _worker_form(request: HttpRequest, worker: VisitWorker | None) -> HttpResponse:
    initial = WorkerForm.initial_of(worker) if worker else {"is_active": True}
    form = WorkerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        latitude, longitude = form.coordinates()
        try:
            saved = services.worker_save(
                data=services.WorkerData(
                    name=data["name"],
                    phone=data.get("phone", ""),
                    skills=data["skills"],
                    hours=form.hours(),
                    base_label=data["base_label"],
                    base_latitude=latitude,
                    base_longitude=longitude,
                    user=data.get("user"),
                    is_active=bool(data.get("is_active")),
                ),
                worker=worker,
                acting_user=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
            return redirect("visits:worker_edit", saved.pk)
    feeds_live = (
        CalendarFeed.objects.filter(
            kind=feeds.KIND, object_id=str(worker.pk), revoked_at__isnull=True
        ).order_by("created_at")
        if worker
        else []
    )
    return render(
        request,
        "visits/worker_form.html",
        {"worker": worker, "form": form, "feeds": feeds_live},
    )


@planner_required
def worker_create(request: HttpRequest) -> HttpResponse:
    """GET/POST …/wizyty/pracownicy/nowy/: add a worker."""
    return _worker_form(request, None)


@planner_required
def worker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST …/wizyty/pracownicy/<pk>/: a worker's skills, hours and calendar addresses."""
    return _worker_form(
        request, get_object_or_404(VisitWorker.objects.visible_to(request.user), pk=pk)
    )


@require_POST
@planner_required
def worker_feed_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """POST …/wizyty/pracownicy/<pk>/kalendarz/: give out a calendar address (shown once)."""
    worker = get_object_or_404(VisitWorker.objects.visible_to(request.user), pk=pk)
    _feed_issued(request, worker)
    return redirect("visits:worker_edit", worker.pk)


@require_POST
@planner_required
def worker_feed_revoke(request: HttpRequest, pk: int, feed: int) -> HttpResponse:
    """POST …/wizyty/pracownicy/<pk>/kalendarz/<feed>/wylacz/: stop a calendar address."""
    worker = get_object_or_404(VisitWorker.objects.visible_to(request.user), pk=pk)
    found = get_object_or_404(CalendarFeed, pk=feed, kind=feeds.KIND, object_id=str(worker.pk))
    _run(
        request,
        lambda: calendar_feed_revoke(found, acting_user=request.user),
        _("The calendar address is stopped."),
    )
    return redirect("visits:worker_edit", worker.pk)


# --- The week's plan --------------------------------------------------------------------------


@planner_required
def week_list(request: HttpRequest) -> HttpResponse:
    """GET/POST …/wizyty/tygodnie/: the weeks, and opening the week of a day."""
    form = WeekForm(request.POST or None, initial={"day": selectors.today()})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.week_open(day=form.cleaned_data["day"], acting_user=request.user)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            return redirect("visits:week", plan.week_start.isoformat())
    weeks = WeekPlan.objects.order_by("-week_start")[:30]
    return render(
        request,
        "visits/week_list.html",
        {"form": form, "weeks": weeks, "waiting": selectors.waiting_requests(request.user).count()},
    )


def _plan(value: str) -> WeekPlan:
    return get_object_or_404(WeekPlan, week_start=day_or_404(value))


@planner_required
def week(request: HttpRequest, day: str) -> HttpResponse:
    """GET …/wizyty/tygodnie/<monday>/: the week per worker and day, with times and km, the
    requests left out with the reason, and the actions."""
    plan = _plan(day)
    rows = selectors.week_rows(plan, request.user)
    waiting = [
        r
        for r in selectors.waiting_requests(request.user)
        if any(plan.week_start <= w.day <= plan.week_end for w in r.windows.all())
    ]
    return render(
        request,
        "visits/week.html",
        {
            "plan": plan,
            "rows": rows,
            "waiting": waiting,
            "published": plan.status == PlanStatus.PUBLISHED,
            "km": round(sum(r.km for r in rows), 1),
            "count": sum(r.count for r in rows),
            "previous": plan.week_start - dt.timedelta(days=7),
            "next": plan.week_start + dt.timedelta(days=7),
        },
    )


@require_POST
@planner_required
def week_compute(request: HttpRequest, day: str) -> HttpResponse:
    """POST …/wizyty/tygodnie/<monday>/oblicz/: compute the plan now (a few seconds)."""
    plan = _plan(day)
    try:
        result = services.week_compute(plan=plan, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(
            request,
            _("The plan is computed: %(planned)s visits planned, %(left)s left out.")
            % {"planned": result.planned, "left": result.left_out},
        )
    return redirect("visits:week", plan.week_start.isoformat())


@require_POST
@planner_required
def week_publish(request: HttpRequest, day: str) -> HttpResponse:
    """POST …/wizyty/tygodnie/<monday>/publikuj/: publish the plan to the workers."""
    plan = _plan(day)
    _run(
        request,
        lambda: services.week_publish(plan=plan, acting_user=request.user),
        _("The plan is published: the workers see their visits."),
    )
    return redirect("visits:week", plan.week_start.isoformat())


def _planner_visit(request: HttpRequest, key: uuid.UUID) -> Visit:
    return get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("plan", "worker", "request__person"),
        uuid=key,
    )


def _week_url(visit: Visit) -> str:
    return reverse("visits:week", args=[visit.plan.week_start.isoformat()])


@planner_required
def visit_move(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/wizyty/wizyta/<uuid>/przenies/: move a visit to another worker, day or
    time (checked; the moved visit is pinned)."""
    visit = _planner_visit(request, uuid)
    initial = {
        "worker": visit.worker_id,
        "day": visit.day,
        "start": timezone.localtime(visit.starts_at).time(),
    }
    form = MoveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_move(
                visit=visit,
                worker=data["worker"],
                day=data["day"],
                start=data["start"],
                acting_user=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The visit is moved and pinned there."))
            return redirect(_week_url(visit))
    return render(
        request,
        "visits/visit_move.html",
        {
            "visit": visit,
            "form": form,
            "windows": visit.request.windows.filter(
                day__gte=visit.plan.week_start, day__lte=visit.plan.week_end
            ),
        },
    )


@planner_required
def visit_place(request: HttpRequest, day: str, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/wizyty/tygodnie/<monday>/zlecenie/<uuid>/umiesc/: place a waiting request
    by hand with a worker on a day at a time (checked; the placed visit is pinned)."""
    plan = _plan(day)
    found = get_object_or_404(
        VisitRequest.objects.visible_to(request.user).select_related("person"), uuid=uuid
    )
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_place(
                plan=plan,
                request=found,
                worker=data["worker"],
                day=data["day"],
                start=data["start"],
                acting_user=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The visit is placed and pinned there."))
            return redirect("visits:week", plan.week_start.isoformat())
    return render(
        request,
        "visits/visit_place.html",
        {
            "plan": plan,
            "item": found,
            "form": form,
            "windows": found.windows.filter(day__gte=plan.week_start, day__lte=plan.week_end),
        },
    )


@require_POST
@planner_required
def visit_pin(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """POST …/wizyty/wizyta/<uuid>/przypnij/: pin the visit (``odepnij=1``: let it go)."""
    visit = _planner_visit(request, uuid)
    pinned = not request.POST.get("odepnij")
    _run(
        request,
        lambda: services.visit_pin(visit=visit, pinned=pinned, acting_user=request.user),
        _("The visit is pinned to its worker and day.") if pinned else _("The visit is unpinned."),
    )
    return redirect(_week_url(visit))


@require_POST
@planner_required
def visit_take_out(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """POST …/wizyty/wizyta/<uuid>/wyjmij/: take the visit out of the plan."""
    visit = _planner_visit(request, uuid)
    _run(
        request,
        lambda: services.visit_take_out(visit=visit, acting_user=request.user),
        _("The visit is taken out of the plan; its request waits again."),
    )
    return redirect(_week_url(visit))


@require_POST
@planner_required
def ledger_retry(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """POST …/wizyty/wizyta/<uuid>/rejestr/: record a visit done the ledger refused."""
    visit = _planner_visit(request, uuid)
    _run(
        request,
        lambda: services.visit_ledger_retry(visit=visit, acting_user=request.user),
        _("The visit is in the ledger."),
    )
    return redirect(reverse("core:my_work") + "#visits")


# --- The worker's day -------------------------------------------------------------------------


@maker_required
def my_day(request: HttpRequest) -> HttpResponse:
    """GET …/wizyty/moj-dzien/: the worker's own visits of the day (``?dzien=``), in order."""
    today = selectors.today()
    day = today
    if request.GET.get("dzien"):
        day = day_or_404(request.GET["dzien"])
    worker, visits = selectors.my_day(request.user, day)
    own_feeds = (
        CalendarFeed.objects.filter(
            kind=feeds.KIND, object_id=str(worker.pk), revoked_at__isnull=True
        ).order_by("created_at")
        if worker is not None
        else []
    )
    if worker is not None and visits:
        # What to do at a nurse's or a physiotherapist's visit tells of the person's health.
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW_SENSITIVE,
            obj=worker,
            changes={"read": "visits_day", "day": day.isoformat(), "visits": len(visits)},
        )
    return render(
        request,
        "visits/my_day.html",
        {
            "worker": worker,
            "visits": visits,
            "day": day,
            "can_mark": day <= today,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "planned": VisitStatus.PLANNED,
            "feeds": own_feeds,
        },
    )


def _feed_issued(request: HttpRequest, worker: VisitWorker) -> None:
    try:
        _feed, secret = calendar_feed_issue(
            kind=feeds.KIND, object_id=str(worker.pk), acting_user=request.user
        )
    except DomainError as error:
        messages.error(request, error.text)
        return
    address = request.build_absolute_uri(reverse("core:calendar_feed", args=[secret]))
    messages.success(
        request,
        _(
            "The calendar address of %(name)s, shown only this once: %(address)s — give it"
            " to the worker to add to their phone's calendar."
        )
        % {"name": worker.name, "address": address},
    )


@require_POST
@maker_required
def my_feed_issue(request: HttpRequest) -> HttpResponse:
    """POST …/wizyty/moj-dzien/kalendarz/: the worker gives out their own calendar address."""
    worker = VisitWorker.objects.visible_to(request.user).filter(user=request.user.pk).first()
    if worker is None:
        messages.error(
            request,
            _("Your account is not linked to a home-visit worker yet: ask the dispatcher."),
        )
    else:
        _feed_issued(request, worker)
    return redirect("visits:my_day")


@require_POST
@maker_required
def my_feed_revoke(request: HttpRequest, feed: int) -> HttpResponse:
    """POST …/wizyty/moj-dzien/kalendarz/<feed>/wylacz/: the worker stops their address."""
    worker = VisitWorker.objects.visible_to(request.user).filter(user=request.user.pk).first()
    if worker is None:
        raise Http404
    found = get_object_or_404(CalendarFeed, pk=feed, kind=feeds.KIND, object_id=str(worker.pk))
    _run(
        request,
        lambda: calendar_feed_revoke(found, acting_user=request.user),
        _("The calendar address is stopped."),
    )
    return redirect("visits:my_day")


def _own_visit(request: HttpRequest, key: uuid.UUID) -> Visit:
    return get_object_or_404(
        Visit.objects.visible_to(request.user)
        .filter(worker__user__pk=request.user.pk or 0)
        .select_related("plan", "worker", "request__person"),
        uuid=key,
    )


def _day_url(visit: Visit) -> str:
    return f"{reverse('visits:my_day')}?dzien={visit.day.isoformat()}#visit-{visit.uuid}"


@require_POST
@maker_required
def visit_done(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """POST …/wizyty/wizyta/<uuid>/wykonana/: the visit is made."""
    visit = _own_visit(request, uuid)
    name = visit.request.person.full_name
    try:
        result = services.visit_done(visit=visit, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        if result.repeated:
            messages.info(request, _("%(name)s: already marked done.") % {"name": name})
        else:
            messages.success(request, _("%(name)s: visit done.") % {"name": name})
        if result.ledger_refusal and not result.repeated:
            messages.warning(
                request,
                _("The visit is done, but the ledger refused its entry: %(reason)s")
                % {"reason": result.ledger_refusal},
            )
    return redirect(_day_url(visit))


@maker_required
def visit_not_done(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/wizyty/wizyta/<uuid>/niewykonana/: the visit could not be made, and why."""
    visit = _own_visit(request, uuid)
    form = ReasonForm(
        request.POST or None,
        label=_("Why was the visit not made?"),
        required=_("Say why the visit was not made."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_not_done(
                visit=visit, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s: visit not done; the request waits to be planned again.")
                % {"name": visit.request.person.full_name},
            )
            return redirect(_day_url(visit))
    return render(request, "visits/visit_not_done.html", {"visit": visit, "form": form})
