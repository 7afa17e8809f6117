"""The Senior+ day home's and club's pages: the facilities, a facility's members and hours
(the organiser admits, sets hours, ends memberships), the day's register on a tablet (one tap
per member: present or absent, with the meals at the day home and who comes by the senior
taxi), and the monthly attendance and meals report with its CSV and XLSX export.

Who: the director and the organiser every facility; a provider's staff the facilities their
provider runs (another's is a 404; with no current provider, a 403)."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.activities import daycare_services as services
from opencus.activities.capabilities import DAYCARE_MANAGE, DAYCARE_REGISTER
from opencus.activities.daycare_forms import AdmitForm, HoursForm, LeaveForm
from opencus.activities.daycare_selectors import month_report, register_rows
from opencus.activities.models import Facility, Membership, MembershipStatus
from opencus.activities.models.daycare import CENTRE_ROLES
from opencus.catalog.models import Weekday
from opencus.core.access import access_required, capability_required, day_or_404
from opencus.core.actions import confirm_page
from opencus.core.errors import DomainError
from opencus.core.exports import csv_text, xlsx_append
from opencus.core.forms import form_add_domain_error
from opencus.core.roles import has_capability, user_roles
from opencus.people.models import Person
from opencus.providers.models import staff_providers

View = Callable[..., HttpResponse]
manager_required = capability_required(DAYCARE_MANAGE)


#: Anonymous → the login page; without ``daycare_register``, or a provider's staff member
#: with no current provider → 403.
register_required = access_required(
    lambda user: (
        has_capability(user, DAYCARE_REGISTER)
        and (bool(user_roles(user) & CENTRE_ROLES) or staff_providers(user).exists())
    )
)


def _facility(request: HttpRequest, facility_uuid: uuid.UUID) -> Facility:
    return get_object_or_404(
        Facility.objects.visible_to(request.user).select_related("service", "location"),
        uuid=facility_uuid,
    )


# --- Facilities -------------------------------------------------------------------------------


@register_required
def facility_list(request: HttpRequest) -> HttpResponse:
    facilities = list(Facility.objects.visible_to(request.user).select_related("location"))
    today = services.today()
    rows = [(facility, services.places_taken(facility)) for facility in facilities]
    return render(request, "activities/daycare_list.html", {"rows": rows, "today": today})


@register_required
def facility_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    facility = _facility(request, uuid)
    members = (
        Membership.objects.filter(facility=facility, status=MembershipStatus.ACTIVE)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    today = services.today()
    return render(
        request,
        "activities/daycare_detail.html",
        {
            "facility": facility,
            "members": members,
            "taken": services.places_taken(facility),
            "hours": facility.hours.all(),
            "weekly_hours": services.weekly_hours(facility),
            "today": today,
            "can_manage": has_capability(request.user, DAYCARE_MANAGE),
        },
    )


@manager_required
def facility_hours(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    facility = _facility(request, uuid)
    initial: dict[str, Any] = {}
    for row in facility.hours.all():
        initial[f"opens_{row.weekday}"] = row.opens_at
        initial[f"closes_{row.weekday}"] = row.closes_at
    form = HoursForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.facility_hours_set(
                facility=facility, hours=form.hours(), acting_user=request.user
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The opening hours are saved."))
            return redirect("activities:daycare_detail", uuid=facility.uuid)
    return render(
        request,
        "activities/daycare_hours.html",
        {"facility": facility, "form": form, "days": list(Weekday)},
        status=400 if form.errors else 200,
    )


@manager_required
def member_admit(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    facility = _facility(request, uuid)
    form = AdmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = (
            Person.objects.visible_to(request.user).filter(pesel=form.cleaned_data["pesel"]).first()
        )
        if person is None:
            form.add_error("pesel", _("No person with this PESEL is registered."))
        else:
            try:
                membership = services.member_admit(
                    facility=facility,
                    person=person,
                    starts_on=form.cleaned_data["starts_on"],
                    basis_reference=form.cleaned_data["basis_reference"],
                    acting_user=request.user,
                )
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s is a member of %(facility)s.")
                    % {"person": membership.person.full_name, "facility": facility.name},
                )
                return redirect("activities:daycare_detail", uuid=facility.uuid)
    return render(
        request,
        "activities/daycare_admit.html",
        {"facility": facility, "form": form},
        status=400 if form.errors else 200,
    )


@manager_required
def member_leave(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("facility", "person"),
        uuid=uuid,
    )
    facility = membership.facility
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_leave(
                membership=membership, acting_user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(person)s is no longer a member.") % {"person": membership.person.full_name},
            )
            return redirect("activities:daycare_detail", uuid=facility.uuid)
    return confirm_page(
        request,
        "activities/daycare_leave.html",
        title=_("End the membership of %(person)s") % {"person": membership.person.full_name},
        button=_("End the membership"),
        back_url=reverse("activities:daycare_detail", args=[facility.uuid]),
        form=form,
        caption=facility.name,
    )


# --- The day's register -----------------------------------------------------------------------


@register_required
def register(request: HttpRequest, uuid: uuid.UUID, day: str) -> HttpResponse:
    facility = _facility(request, uuid)
    when = day_or_404(day)
    today = services.today()
    rows = register_rows(request.user, facility, when)
    return render(
        request,
        "activities/daycare_register.html",
        {
            "facility": facility,
            "day": when,
            "rows": rows,
            "can_mark": when <= today,
            "previous": when - dt.timedelta(days=1),
            "next": when + dt.timedelta(days=1) if when < today else None,
            "present": sum(1 for row in rows if row.mark and row.mark.present),
            "meal_choices": range(0, 4),
        },
    )


@require_POST
@register_required
def attendance_mark(
    request: HttpRequest, uuid: uuid.UUID, day: str, member: uuid.UUID
) -> HttpResponse:
    facility = _facility(request, uuid)
    when = day_or_404(day)
    membership = get_object_or_404(Membership.objects.select_related("person"), uuid=member)
    present = request.POST.get("present") == "1"
    meals: int | None = None
    if present and request.POST.get("meals", "").strip().isdigit():
        meals = int(request.POST["meals"])
    try:
        services.attendance_mark(
            facility=facility,
            membership=membership,
            day=when,
            present=present,
            meals=meals,
            acting_user=request.user,
        )
    except DomainError as error:
        messages.error(request, error.text)
    else:
        done = _("%(person)s: present.") if present else _("%(person)s: absent.")
        messages.success(request, done % {"person": membership.person.full_name})
    return redirect(
        reverse("activities:daycare_register", args=[facility.uuid, when.isoformat()])
        + f"#member-{membership.uuid}"
    )


# --- The monthly report -----------------------------------------------------------------------


def _month(year: int, month: int) -> tuple[int, int]:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    return year, month


@register_required
def report(request: HttpRequest, uuid: uuid.UUID, year: int, month: int) -> HttpResponse:
    facility = _facility(request, uuid)
    data = month_report(facility, *_month(year, month))
    first = data.month
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "activities/daycare_report.html",
        {"facility": facility, "report": data, "previous": previous, "following": following},
    )


def _report_rows(data: Any) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Member"), _("Days present"), _("Days absent"), _("Meals served")]]
    for line in data.lines:
        rows.append([line.membership.person.full_name, line.present, line.absent, line.meals])
    rows.append([_("Total"), data.present, "", data.meals])
    return rows


@register_required
def report_export(
    request: HttpRequest, uuid: uuid.UUID, year: int, month: int, fmt: str
) -> HttpResponse:
    facility = _facility(request, uuid)
    data = month_report(facility, *_month(year, month))
    name = f"obecnosc-{year}-{month:02d}"
    if fmt == "csv":
        response = HttpResponse(
            csv_text(_report_rows(data)), content_type="text/csv; charset=utf-8"
        )
        filename = f"{name}.csv"
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None  # noqa: S101 (a new workbook has one sheet)
        sheet.title = f"{year}-{month:02d}"
        for row in _report_rows(data):
            xlsx_append(sheet, row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"{name}.xlsx"
    else:
        raise Http404
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response
