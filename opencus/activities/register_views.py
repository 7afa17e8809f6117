"""The instructor's register on a tablet: today's sessions, a session's register with one big
button per mark for each person (a plain POST each, post/redirect/get back to the person's
line: works without JavaScript; with HTMX only the person's line is swapped), the signed
attendance list as a PDF, the headcount of an open event, and the client office cancelling a
person's attendance before the deadline.

Who: the course's instructor (its provider's staff, or the staff member who instructs it) and
the organiser; a session of another course is a 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.activities import course_selectors, register_services
from opencus.activities.capabilities import COURSE_ENROL
from opencus.activities.course_forms import HeadcountForm
from opencus.activities.models import (
    Attendance,
    AttendanceStatus,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    HealthDeclaration,
)
from opencus.activities.register_documents import register_pdf, register_pdf_filename
from opencus.core import calendars
from opencus.core.access import access_required, capability_required
from opencus.core.models import CalendarFeed

View = Callable[..., HttpResponse]


#: Anonymous → the login page; nobody who takes registers → 403.
register_pages = access_required(course_selectors.may_take_registers)


def _session(request: HttpRequest, pk: int) -> CourseSession:
    """The session whose register the user takes; a 404 for any other."""
    session = get_object_or_404(
        CourseSession.objects.select_related(
            "course__location",
            "course__service__programme",
            "course__provider",
            "course__instructor_user",
        ),
        pk=pk,
    )
    if not session.course.may_take_register(request.user):
        raise Http404
    return session


def register_url(session: CourseSession) -> str:
    return reverse("activities:register", args=[session.pk])


@register_pages
def today(request: HttpRequest) -> HttpResponse:
    """GET /zajecia/dziennik/: the sessions of today (or ``?dzien=``) whose register the user
    takes."""
    day = timezone.localdate()
    chosen = request.GET.get("dzien")
    if chosen:
        try:
            day = dt.date.fromisoformat(chosen)
        except ValueError:
            raise Http404 from None
    sessions = course_selectors.sessions_to_take(request.user, day)
    own_feeds = CalendarFeed.objects.filter(
        kind=course_selectors.KIND_INSTRUCTOR,
        object_id=str(request.user.pk),
        revoked_at__isnull=True,
    ).order_by("created_at")
    return render(
        request,
        "activities/register_today.html",
        {
            "day": day,
            "sessions": sessions,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "own_feeds": own_feeds,
        },
    )


@require_POST
@register_pages
def own_feed_issue(request: HttpRequest) -> HttpResponse:
    """POST /zajecia/dziennik/kalendarz/: the instructor gives out the secret address of a
    calendar of all the sessions they teach (shown once)."""
    try:
        _feed, secret = calendars.calendar_feed_issue(
            kind=course_selectors.KIND_INSTRUCTOR,
            object_id=str(request.user.pk),
            acting_user=request.user,
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
    return redirect(reverse("activities:register_today") + "#kalendarz")


@require_POST
@register_pages
def own_feed_revoke(request: HttpRequest) -> HttpResponse:
    """POST /zajecia/dziennik/kalendarz/wstrzymaj/ (``feed``): stop one of one's own
    calendar addresses; anyone else's is not found."""
    wanted = str(request.POST.get("feed", ""))
    found = (
        CalendarFeed.objects.filter(
            kind=course_selectors.KIND_INSTRUCTOR, object_id=str(request.user.pk), pk=int(wanted)
        ).first()
        if wanted.isdigit()
        else None
    )
    if found is None:
        messages.error(request, _("This calendar address is not yours or no longer exists."))
    else:
        try:
            calendars.calendar_feed_revoke(found, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The calendar's address is stopped."))
    return redirect(reverse("activities:register_today") + "#kalendarz")


def _rows(session: CourseSession, only: Enrolment | None = None) -> list[dict[str, Any]]:
    """The register's lines (one enrolment's when ``only``), each with what was said about
    its last tap (``said``, ``refused``: set by the HTMX answer)."""
    course = session.course
    marks = {line.enrolment_id: line for line in Attendance.objects.filter(session=session)}
    declared = set(
        HealthDeclaration.objects.filter(course=course).values_list("person_id", flat=True)
    )
    enrolments = (
        [only]
        if only is not None
        else course.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("person")
    )
    return [
        {
            "enrolment": enrolment,
            "line": marks.get(enrolment.pk),
            "needs_declaration": course.health_declaration_required
            and enrolment.person_id not in declared,
            "said": "",
            "refused": "",
        }
        for enrolment in enrolments
    ]


def _marked(session: CourseSession) -> tuple[int, int]:
    """How many of the enrolled are marked, of how many."""
    enrolled = session.course.enrolments.filter(status=EnrolmentStatus.ENROLLED)
    marked = Attendance.objects.filter(session=session, enrolment__in=enrolled).count()
    return marked, enrolled.count()


@register_pages
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /zajecia/dziennik/<session>/: the session's register, a line per enrolled person."""
    session = _session(request, pk)
    rows = _rows(session)
    form = HeadcountForm(initial={"headcount": session.headcount})
    return render(
        request,
        "activities/register.html",
        {
            "session": session,
            "course": session.course,
            "rows": rows,
            "marks": list(register_services.MARKS.items()),
            "started": session.starts_at <= timezone.now(),
            "taken": sum(1 for row in rows if row["line"] is not None),
            "total": len(rows),
            "oob": False,
            "form": form,
        },
    )


@require_POST
@register_pages
def mark(request: HttpRequest, pk: int, enrolment: int, status: str) -> HttpResponse:
    """POST /zajecia/dziennik/<session>/<enrolment>/<status>/: one tap of the register. A plain
    POST answers with a redirect back to the person's line; an HTMX one with the line alone
    (and the count of marked people), so the tablet does not reload the page."""
    session = _session(request, pk)
    found = get_object_or_404(
        Enrolment.objects.select_related("person", "entitlement"),
        pk=enrolment,
        course=session.course,
    )
    if status not in register_services.MARKS:
        raise Http404
    said = refused = ""
    try:
        line = register_services.attendance_mark(
            session=session, enrolment=found, status=status, acting_user=request.user
        )
    except ValidationError as error:
        refused = " ".join(error.messages)
    else:
        said = _("%(name)s: %(mark)s.") % {
            "name": found.person.full_name,
            "mark": AttendanceStatus(status).label,
        }
        if line.ledger_refusal:
            refused = _("The mark is saved, but the ledger refused its entry: %(reason)s") % {
                "reason": line.ledger_refusal
            }
    if getattr(request, "htmx", False):
        row = _rows(session, only=found)[0]
        row["said"], row["refused"] = said, refused
        taken, total = _marked(session)
        context = {
            "row": row,
            "session": session,
            "marks": list(register_services.MARKS.items()),
            "started": True,
            "taken": taken,
            "total": total,
            "oob": True,
        }
        html = render_to_string("activities/_register_row.html", context, request=request)
        html += render_to_string("activities/_register_count.html", context, request=request)
        return HttpResponse(html)
    if said:
        messages.success(request, said)
    if refused:
        (messages.warning if said else messages.error)(request, refused)
    return redirect(f"{register_url(session)}#osoba-{found.pk}")


@require_POST
@register_pages
def headcount(request: HttpRequest, pk: int) -> HttpResponse:
    """POST /zajecia/dziennik/<session>/frekwencja/: an open event's headcount."""
    session = _session(request, pk)
    form = HeadcountForm(request.POST)
    if form.is_valid():
        try:
            register_services.session_headcount_record(
                session=session,
                headcount=form.cleaned_data["headcount"],
                acting_user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The headcount is saved."))
    else:
        messages.error(request, _("Enter how many came, as a whole number."))
    return redirect(register_url(session))


@register_pages
def attendance_list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /zajecia/dziennik/<session>/lista-obecnosci.pdf: the list to be signed."""
    session = _session(request, pk)
    pdf = register_pdf(session, request.GET.get("language", "pl"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(True, register_pdf_filename(session)) or ""
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@capability_required(COURSE_ENROL)
def excuse(request: HttpRequest, pk: int, enrolment: int) -> HttpResponse:
    """POST /zajecia/zajecia/<session>/<enrolment>/odwolaj-obecnosc/: the client office cancels
    the person's attendance on their behalf (until the course's deadline)."""
    session = get_object_or_404(CourseSession.objects.select_related("course"), pk=pk)
    found = get_object_or_404(
        Enrolment.objects.visible_to(request.user).select_related("person"),
        pk=enrolment,
        course=session.course,
    )
    try:
        register_services.attendance_cancel(
            session=session, enrolment=found, acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is excused from the session on %(when)s.")
            % {
                "name": found.person.full_name,
                "when": timezone.localtime(session.starts_at).strftime("%d.%m.%Y %H:%M"),
            },
        )
    return redirect("activities:person_courses", pk=found.person_id)
