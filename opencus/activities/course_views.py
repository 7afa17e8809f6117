"""The pages of courses: the list, a course with its sessions, enrolments and calendars, setting
one up, enrolling, health declarations, session exceptions and make-up sessions, and a
person's courses. Every read through ``visible_to`` (a course out of reach is a 404); plain
forms with post/redirect/get, so every page works without JavaScript."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.activities import course_selectors, course_services
from opencus.activities.capabilities import COURSE_ENROL, COURSE_MANAGE
from opencus.activities.course_forms import (
    CancelSessionForm,
    CourseForm,
    DeclarationForm,
    EnrolForm,
    MoveForm,
)
from opencus.activities.models import (
    Course,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    HealthDeclaration,
)
from opencus.core import calendars
from opencus.core.access import access_required, capability_required
from opencus.core.actions import confirm_page
from opencus.core.forms import ReasonForm, form_add_domain_error
from opencus.core.models import CalendarFeed
from opencus.core.roles import has_capability
from opencus.intake.capabilities import APPLICATION_VIEW
from opencus.intake.models import Entitlement
from opencus.people.models import Person

View = Callable[..., HttpResponse]


#: Anonymous → the login page; no right to see courses and no course to teach → 403.
course_pages = access_required(course_selectors.may_read_courses)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _course(request: HttpRequest, course_uuid: uuid.UUID) -> Course:
    return get_object_or_404(
        Course.objects.visible_to(request.user).select_related(
            "service__programme", "location", "provider", "instructor_user"
        ),
        uuid=course_uuid,
    )


def _session(request: HttpRequest, pk: int) -> CourseSession:
    return get_object_or_404(
        CourseSession.objects.filter(
            course__in=Course.objects.visible_to(request.user)
        ).select_related("course__location", "course__service"),
        pk=pk,
    )


@course_pages
def course_list(request: HttpRequest) -> HttpResponse:
    """GET /zajecia/kursy/: the courses the user sees, newest term first."""
    courses = Course.objects.visible_to(request.user).select_related("location", "service")
    page = Paginator(courses, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/course_list.html",
        {
            "page_obj": page,
            "query_prefix": "",
            "can_manage": has_capability(request.user, COURSE_MANAGE),
        },
    )


# The kinds of feed a course page gives out, by the word in the address.
FEED_KINDS = {
    "kurs": course_selectors.KIND_COURSE,
    "instruktor": course_selectors.KIND_INSTRUCTOR,
    "miejsce": course_selectors.KIND_LOCATION,
}


def _feed_targets(course: Course) -> list[tuple[str, str, str]]:
    """(word in the address, object id, what the feed holds) for the course's feeds."""
    targets = [("kurs", str(course.pk), _("This course's sessions"))]
    if course.instructor_user_id:
        targets.append(
            ("instruktor", str(course.instructor_user_id), _("The instructor's sessions"))
        )
    targets.append(("miejsce", str(course.location_id), _("Every session at this location")))
    return targets


@course_pages
def course_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET /zajecia/kursy/<uuid>/: the course, its sessions, who is enrolled, its calendars."""
    course = _course(request, uuid)
    sessions = list(course.sessions.order_by("starts_at"))
    enrolments = list(
        course.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("person")
    )
    declared = set(
        HealthDeclaration.objects.filter(course=course).values_list("person_id", flat=True)
    )
    user = request.user
    feeds = []
    for word, object_id, label in _feed_targets(course):
        kind = FEED_KINDS[word]
        spec = calendars.calendar_sources().get(kind)
        if spec is None or not spec.may_issue(user, object_id):
            continue
        live = CalendarFeed.objects.filter(
            kind=kind, object_id=object_id, revoked_at__isnull=True
        ).order_by("created_at")
        feeds.append({"word": word, "object_id": object_id, "label": label, "live": list(live)})
    return render(
        request,
        "activities/course_detail.html",
        {
            "course": course,
            "sessions": sessions,
            "enrolments": [(e, e.person_id in declared) for e in enrolments],
            "places_left": max(course.max_participants - len(enrolments), 0),
            "can_manage": has_capability(user, COURSE_MANAGE),
            "can_enrol": has_capability(user, COURSE_ENROL) and not course.is_open_event,
            "can_register": course.may_take_register(user),
            "feeds": feeds,
            "now": timezone.now(),
        },
    )


@capability_required(COURSE_MANAGE)
def course_create(request: HttpRequest) -> HttpResponse:
    """GET/POST /zajecia/kursy/nowy/: set up a course and plan its sessions."""
    form = CourseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = course_services.CourseSpec(
            **{
                key: data[key]
                for key in (
                    "service",
                    "location",
                    "name",
                    "term_starts_on",
                    "term_ends_on",
                    "weekdays",
                    "starts_at",
                    "duration_minutes",
                    "min_participants",
                    "max_participants",
                    "kind",
                    "provider",
                    "instructor_user",
                    "instructor_name",
                    "health_declaration_required",
                    "cancel_days_before",
                    "cancel_by",
                    "previous_course",
                    "priority_until",
                )
            }
        )
        try:
            course = course_services.course_create(spec=spec, acting_user=request.user)
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is set up with %(count)s sessions.")
                % {"name": course.name, "count": course.sessions.count()},
            )
            return redirect("activities:course_detail", uuid=course.uuid)
    return render(
        request, "activities/course_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _entitlements(request: HttpRequest, course: Course) -> Any:
    enrolled = course.enrolments.filter(status=EnrolmentStatus.ENROLLED).values("person_id")
    on = max(timezone.localdate(), course.term_starts_on)
    return (
        Entitlement.objects.visible_to(request.user)
        .in_force(on)
        .filter(service=course.service)
        .exclude(person_id__in=enrolled)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


@capability_required(COURSE_ENROL)
def enrol(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST /zajecia/kursy/<uuid>/zapisz/: enrol a person with an entitlement."""
    course = _course(request, uuid)
    form = EnrolForm(_posted(request), entitlements=_entitlements(request, course))
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = course_services.enrolment_create(
                course=course,
                entitlement=form.cleaned_data["entitlement"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is enrolled in %(course)s.")
                % {"name": enrolment.person.full_name, "course": course.name},
            )
            return redirect("activities:course_detail", uuid=course.uuid)
    return render(
        request,
        "activities/course_enrol.html",
        {"course": course, "form": form},
        status=400 if form.errors else 200,
    )


def _enrolment(request: HttpRequest, course: Course, enrolment_uuid: uuid.UUID) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.visible_to(request.user).select_related("person", "course"),
        course=course,
        uuid=enrolment_uuid,
    )


@capability_required(COURSE_ENROL)
def withdraw(request: HttpRequest, uuid: uuid.UUID, enrolment: uuid.UUID) -> HttpResponse:
    """GET/POST …/zapisy/<enrolment>/wypisz/: take a person off the course (with a reason)."""
    course = _course(request, uuid)
    found = _enrolment(request, course, enrolment)
    form = ReasonForm(_posted(request), label=_("Why the person leaves the course"))
    if request.method == "POST" and form.is_valid():
        try:
            course_services.enrolment_withdraw(
                enrolment=found, note=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s no longer takes part in %(course)s.")
                % {"name": found.person.full_name, "course": course.name},
            )
            return redirect("activities:course_detail", uuid=course.uuid)
    return confirm_page(
        request,
        "activities/course_withdraw.html",
        title=_("Take off the course"),
        caption=f"{found.person.full_name} · {course.name}",
        button=_("Take off the course"),
        back_url=reverse("activities:course_detail", args=[course.uuid]),
        form=form,
        can_confirm=found.status == EnrolmentStatus.ENROLLED,
    )


@capability_required(COURSE_ENROL)
def declaration(request: HttpRequest, uuid: uuid.UUID, enrolment: uuid.UUID) -> HttpResponse:
    """GET/POST …/zapisy/<enrolment>/oswiadczenie/: record the signed health declaration."""
    course = _course(request, uuid)
    found = _enrolment(request, course, enrolment)
    form = DeclarationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            course_services.health_declaration_record(
                enrolment=found,
                signed_on=form.cleaned_data["signed_on"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The health declaration of %(name)s is recorded.")
                % {"name": found.person.full_name},
            )
            return redirect("activities:course_detail", uuid=course.uuid)
    return render(
        request,
        "activities/course_declaration.html",
        {"course": course, "enrolment": found, "form": form},
        status=400 if form.errors else 200,
    )


@capability_required(COURSE_MANAGE)
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /zajecia/zajecia/<pk>/odwolaj/: cancel a session with a reason."""
    session = _session(request, pk)
    form = CancelSessionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            course_services.session_cancel(
                session=session, note=form.cleaned_data["note"], acting_user=request.user
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The session is cancelled."))
            return redirect("activities:course_detail", uuid=session.course.uuid)
    return render(
        request,
        "activities/session_form.html",
        {
            "session": session,
            "form": form,
            "title": _("Cancel the session"),
            "button": _("Cancel the session"),
        },
        status=400 if form.errors else 200,
    )


@capability_required(COURSE_MANAGE)
def session_move(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /zajecia/zajecia/<pk>/przenies/: move a session to another day or time."""
    session = _session(request, pk)
    form = MoveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            course_services.session_move(
                session=session,
                starts_at=form.moment(),
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The session is moved."))
            return redirect("activities:course_detail", uuid=session.course.uuid)
    return render(
        request,
        "activities/session_form.html",
        {"session": session, "form": form, "title": _("Move the session"), "button": _("Move")},
        status=400 if form.errors else 200,
    )


@capability_required(COURSE_MANAGE)
def makeup_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST /zajecia/kursy/<uuid>/odrabianie/: add a make-up session."""
    course = _course(request, uuid)
    form = MoveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            course_services.session_makeup_add(
                course=course,
                starts_at=form.moment(),
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The make-up session is added."))
            return redirect("activities:course_detail", uuid=course.uuid)
    return render(
        request,
        "activities/session_form.html",
        {"course": course, "form": form, "title": _("Add a make-up session"), "button": _("Add")},
        status=400 if form.errors else 200,
    )


@require_POST
@course_pages
def feed_issue(request: HttpRequest, uuid: uuid.UUID, word: str) -> HttpResponse:
    """POST /zajecia/kursy/<uuid>/kalendarz/<kurs|instruktor|miejsce>/: give out a feed's
    secret address (shown once)."""
    course = _course(request, uuid)
    targets = {w: object_id for w, object_id, _label in _feed_targets(course)}
    if word not in targets:
        raise Http404
    try:
        _feed, secret = calendars.calendar_feed_issue(
            kind=FEED_KINDS[word], object_id=targets[word], acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        address = request.build_absolute_uri(reverse("core:calendar_feed", args=[secret]))
        messages.success(
            request,
            _("The calendar's address (copy it now, it is not shown again): %(address)s")
            % {"address": address},
        )
    return redirect(reverse("activities:course_detail", args=[course.uuid]) + "#kalendarze")


@require_POST
@course_pages
def feed_revoke(request: HttpRequest, uuid: uuid.UUID, feed: int) -> HttpResponse:
    """POST /zajecia/kursy/<uuid>/kalendarz/<feed>/wstrzymaj/: stop a feed's address."""
    course = _course(request, uuid)
    object_ids = {FEED_KINDS[w]: object_id for w, object_id, _label in _feed_targets(course)}
    found = get_object_or_404(CalendarFeed, pk=feed)
    if object_ids.get(found.kind) != found.object_id:
        raise Http404
    try:
        calendars.calendar_feed_revoke(found, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The calendar's address is stopped."))
    return redirect(reverse("activities:course_detail", args=[course.uuid]) + "#kalendarze")


@capability_required(APPLICATION_VIEW)
def person_courses(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /zajecia/osoba/<pk>/: the person's courses and their coming sessions."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    enrolments = (
        Enrolment.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("course__location")
        .order_by("-enrolled_at")
    )
    upcoming = course_selectors.person_upcoming_sessions(
        request.user, person, now=timezone.now(), limit=20
    )
    return render(
        request,
        "activities/person_courses.html",
        {"person": person, "enrolments": enrolments, "upcoming": upcoming},
    )
