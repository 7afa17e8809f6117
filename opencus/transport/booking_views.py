"""The client office's pages of the senior taxi: booking a ride during a phone call (find the
person, say where and when, "Find times" answers with the windows that can be promised,
"Book" books the chosen one and shows the confirmation number), a ride's page with its
history and cancellation, the officials' approvals, and a person's rides.

Plain POST round trips: everything works without JavaScript. Each page reads through
``Booking.objects.visible_to`` (a ride one may not see is a 404) and each change is one
service whose refusal shows on the form."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.access import capability_required
from opencus.core.actions import confirm_page
from opencus.core.forms import form_add_domain_error
from opencus.core.roles import has_capability
from opencus.people.capabilities import PERSON_SENSITIVE_VIEW
from opencus.people.forms import SearchForm
from opencus.people.models import Person
from opencus.people.selectors import person_search
from opencus.transport import adapter, clocks, selectors, services
from opencus.transport import rules as booking_rules
from opencus.transport.booking_forms import CancelForm, RefuseForm, RideForm, time_parse
from opencus.transport.capabilities import TRANSPORT_APPROVE, TRANSPORT_BOOK
from opencus.transport.errors import BookingRuleError
from opencus.transport.models import Booking, BookingStatus

# --- Booking during the phone call ------------------------------------------------------------


@capability_required(TRANSPORT_BOOK)
def book_start(request: HttpRequest) -> HttpResponse:
    """Find the person who is calling (the people registry's search)."""
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = person_search(user=request.user, query=query)
    page = Paginator(results, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "transport/booking_start.html",
        {
            "form": form,
            "query": query,
            "page_obj": page,
            "query_prefix": f"{urlencode({'q': query})}&" if query else "",
            "result_link": "transport:book",
            "result_link_hint": _("book a ride"),
            "may_approve": has_capability(request.user, TRANSPORT_APPROVE),
        },
    )


def _point(endpoint: dict[str, Any]) -> tuple[float, float]:
    return (float(endpoint["latitude"]), float(endpoint["longitude"]))


def _window_of(day: dt.date, start: dt.time, width: int) -> tuple[dt.datetime, dt.datetime]:
    begin = clocks.at(day, start)
    return begin, begin + dt.timedelta(minutes=width)


def _answer(form: RideForm, chosen: dict[str, str]) -> dict[str, Any]:
    """Check the rules, then find the windows for the ride (and its return)."""
    data = form.cleaned_data
    entitlement = data["entitlement"]
    rules = booking_rules.rules_for(entitlement)
    origin, target = data["origin"], data["target"]
    verdict = booking_rules.evaluate(
        booking_rules.Prospect(
            person=form.person,
            entitlement=entitlement,
            day=data["day"],
            requested_time=data["time"],
            time_mode=data["time_mode"],
            origin=(origin["latitude"], origin["longitude"]),
            destination=(target["latitude"], target["longitude"]),
            destination_kind=target["kind"],
            wheelchair=data["wheelchair"],
            companion_ages=data["ages"],
            assistant=data["assistant"],
            guide_dog=data["guide_dog"],
            booked_by=data["booked_by"],
            bed_bound=data["bed_bound"],
            dependency_confirmed=data["dependency_confirmed"],
            with_return=data["return_time"] is not None,
            return_time=data["return_time"],
        ),
        now=timezone.now(),
        rules=rules,
        may_see_special=has_capability(form.user, PERSON_SENSITIVE_VIEW),
    )
    width = rules.pickup_window_minutes
    seats = (0 if data["wheelchair"] else 1) + len(data["ages"]) + (1 if data["assistant"] else 0)
    common = {"wheelchair": data["wheelchair"], "seats": seats}
    trip = services.ride_trip(
        rules,
        origin=_point(origin),
        destination=_point(target),
        time_mode=data["time_mode"],
        time=data["time"],
        **common,
    )
    day = data["day"]
    outbound = services.offers(
        day,
        trip,
        width=width,
        desired=data["time"] if data["time_mode"] == "pickup" else None,
    )
    starts = {o.start.astimezone(clocks.WARSAW).strftime("%H:%M") for o in outbound.windows}
    picked = chosen.get("window") if chosen.get("window") in starts else None
    if picked is None and outbound.best is not None:
        picked = outbound.best.start.astimezone(clocks.WARSAW).strftime("%H:%M")
    back = None
    picked_back = None
    if data["return_time"] is not None and picked is not None:
        start = time_parse(picked)
        assert start is not None  # noqa: S101 - a start we formatted ourselves
        first = services.ride_trip(
            rules,
            origin=_point(origin),
            destination=_point(target),
            time_mode=data["time_mode"],
            time=data["time"],
            window=_window_of(day, start, width),
            day=day,
            **common,
        )
        back_trip = services.ride_trip(
            rules,
            origin=_point(target),
            destination=_point(origin),
            time_mode="pickup",
            time=data["return_time"],
            **common,
        )
        back = services.offers(
            day, back_trip, width=width, desired=data["return_time"], before=(first,)
        )
        back_starts = {o.start.astimezone(clocks.WARSAW).strftime("%H:%M") for o in back.windows}
        picked_back = chosen.get("return_window")
        if picked_back not in back_starts:
            picked_back = (
                back.best.start.astimezone(clocks.WARSAW).strftime("%H:%M") if back.best else None
            )
    return {
        "rules": rules,
        "verdict": verdict,
        "width": width,
        "outbound": outbound,
        "back": back,
        "picked": picked,
        "picked_back": picked_back,
        "cancel_deadline": booking_rules.cancel_deadline(rules, day),
    }


def _book(request: HttpRequest, form: RideForm, answer: dict[str, Any]) -> Booking:
    data = form.cleaned_data
    day, width = data["day"], answer["width"]
    start = time_parse(request.POST.get("window", ""))
    if start is None:
        raise BookingRuleError({"window": _("Choose a pickup window.")}, code="no_window")
    back_leg = None
    if data["return_time"] is not None:
        back_start = time_parse(request.POST.get("return_window", ""))
        if back_start is None:
            raise BookingRuleError(
                {"return_window": _("Choose a pickup window for the return ride.")},
                code="no_window",
            )
        back_leg = services.Leg(data["return_time"], *_window_of(day, back_start, width))
    origin, target = data["origin"], data["target"]
    return services.booking_create(
        entitlement=data["entitlement"],
        day=day,
        origin=services.Endpoint(
            origin["label"], origin["latitude"], origin["longitude"], origin["place"]
        ),
        destination=services.Endpoint(
            target["label"], target["latitude"], target["longitude"], target["place"]
        ),
        destination_kind=target["kind"],
        origin_kind=origin["kind"],
        outbound=services.Leg(data["time"], *_window_of(day, start, width), data["time_mode"]),
        return_leg=back_leg,
        wheelchair=data["wheelchair"],
        companion_ages=data["ages"],
        assistant=data["assistant"],
        guide_dog=data["guide_dog"],
        booked_by=data["booked_by"],
        booker_name=data["booker_name"],
        booker_phone=data["booker_phone"],
        bed_bound=data["bed_bound"],
        dependency_confirmed=data["dependency_confirmed"],
        note=data["note"],
        acting_user=request.user,
    )


@capability_required(TRANSPORT_BOOK)
def book(request: HttpRequest, pk: int) -> HttpResponse:
    """The phone booking of one person's ride."""
    person = get_object_or_404(Person.objects.visible_to(request.user).active(), pk=pk)
    places = list(selectors.frequent_places())
    posted = request.POST if request.method == "POST" else None
    form = RideForm(posted, person=person, places=places, user=request.user)
    answer: dict[str, Any] | None = None
    status = 200
    if posted is not None:
        if form.is_valid() and form.cleaned_data["origin"] and form.cleaned_data["target"]:
            chosen = {
                "window": request.POST.get("window", ""),
                "return_window": request.POST.get("return_window", ""),
            }
            try:
                answer = _answer(form, chosen)
                if request.POST.get("action") == "book":
                    booking = _book(request, form, answer)
                    back = getattr(booking, "return_ride", None)
                    if back is not None:
                        text = _(
                            "Booked: confirmation number %(number)s, return ride %(back)s."
                        ) % {"number": booking.number, "back": back.number}
                    else:
                        text = _("Booked: confirmation number %(number)s.") % {
                            "number": booking.number
                        }
                    messages.success(request, text)
                    return redirect("transport:booking", uuid=booking.uuid)
            except ValidationError as error:
                form_add_domain_error(form, error)
                status = 400
        else:
            status = 400
    return render(
        request,
        "transport/booking_form.html",
        {"person": person, "form": form, "answer": answer},
        status=status,
    )


# --- A ride -----------------------------------------------------------------------------------


@capability_required(TRANSPORT_BOOK)
def booking_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    booking = selectors.booking_get(user=request.user, uuid=uuid)
    rules = adapter.rules_of(booking)
    back = Booking.objects.visible_to(request.user).filter(outbound=booking).first()
    selectors.needs_read(user=request.user, obj=booking, rides=[booking, back], what="booking_page")
    return render(
        request,
        "transport/booking_detail.html",
        {
            "booking": booking,
            "back": back,
            "history": selectors.booking_history(booking),
            "cancel_deadline": booking_rules.cancel_deadline(rules, booking.day),
            "may_cancel": booking.status in services.CANCELLABLE,
            "may_approve": booking.status == BookingStatus.AWAITING_APPROVAL
            and has_capability(request.user, TRANSPORT_APPROVE),
        },
    )


@capability_required(TRANSPORT_BOOK)
def booking_cancel(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    booking = selectors.booking_get(user=request.user, uuid=uuid)
    rules = adapter.rules_of(booking)
    deadline = booking_rules.cancel_deadline(rules, booking.day)
    back = Booking.objects.filter(outbound=booking, status__in=services.CANCELLABLE).first()
    form = CancelForm(request.POST if request.method == "POST" else None)
    if back is None:
        del form.fields["cancel_return"]
    can = booking.status in services.CANCELLABLE
    if request.method == "POST" and can and form.is_valid():
        try:
            done = services.booking_cancel(
                booking,
                acting_user=request.user,
                cancel_return=bool(form.cleaned_data.get("cancel_return")),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            late = any(b.status == BookingStatus.LATE_CANCELLED for b in done)
            numbers = ", ".join(b.number for b in done)
            messages.success(
                request,
                _("Cancelled late (counted against the passenger): %(numbers)s.")
                % {"numbers": numbers}
                if late
                else _("Cancelled: %(numbers)s.") % {"numbers": numbers},
            )
            return redirect("transport:booking", uuid=booking.uuid)
    late_now = timezone.now() >= deadline and booking.status == BookingStatus.BOOKED
    return confirm_page(
        request,
        "transport/booking_cancel.html",
        title=_("Cancel ride %(number)s") % {"number": booking.number},
        caption=booking.person.full_name,
        button=_("Cancel the ride"),
        back_url=reverse("transport:booking", args=[booking.uuid]),
        warning=_("The cancellation deadline has passed: this counts as a late cancellation.")
        if late_now
        else "",
        form=form,
        can_confirm=can,
        booking=booking,
        deadline=deadline,
    )


@capability_required(TRANSPORT_APPROVE)
def booking_approve(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    booking = selectors.booking_get(user=request.user, uuid=uuid)
    can = booking.status == BookingStatus.AWAITING_APPROVAL
    error_text = ""
    if request.method == "POST" and can:
        try:
            services.booking_approve(booking, acting_user=request.user)
        except ValidationError as error:
            error_text = " ".join(error.messages)
        else:
            messages.success(request, _("Approved: %(number)s.") % {"number": booking.number})
            return redirect("transport:booking", uuid=booking.uuid)
    return confirm_page(
        request,
        "transport/booking_approve.html",
        title=_("Approve ride %(number)s") % {"number": booking.number},
        caption=booking.person.full_name,
        button=_("Approve and plan the ride"),
        back_url=reverse("transport:booking", args=[booking.uuid]),
        warning=error_text,
        can_confirm=can,
        booking=booking,
    )


@capability_required(TRANSPORT_APPROVE)
def booking_refuse(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    booking = selectors.booking_get(user=request.user, uuid=uuid)
    can = booking.status == BookingStatus.AWAITING_APPROVAL
    form = RefuseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and can and form.is_valid():
        try:
            services.booking_refuse(
                booking, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Refused: %(number)s.") % {"number": booking.number})
            return redirect("transport:booking", uuid=booking.uuid)
    return confirm_page(
        request,
        "transport/booking_approve.html",
        title=_("Refuse ride %(number)s") % {"number": booking.number},
        caption=booking.person.full_name,
        button=_("Refuse the ride"),
        back_url=reverse("transport:booking", args=[booking.uuid]),
        form=form,
        can_confirm=can,
        booking=booking,
    )


@capability_required(TRANSPORT_APPROVE)
def approvals(request: HttpRequest) -> HttpResponse:
    rides = selectors.awaiting_approval(request.user)
    page = Paginator(rides, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "transport/booking_approvals.html", {"page_obj": page})


@capability_required(TRANSPORT_BOOK)
def person_rides(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    past = request.GET.get("past") == "1"
    rides = selectors.person_rides(user=request.user, person_id=person.pk, today=today, past=past)
    page = Paginator(rides, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "transport/booking_person_rides.html",
        {
            "person": person,
            "page_obj": page,
            "past": past,
            "query_prefix": "past=1&" if past else "",
            "offences": selectors.offences_in_month(person_id=person.pk, month=today),
        },
    )


urlpatterns = [
    path("przejazdy/nowy/", book_start, name="book_start"),
    path("przejazdy/nowy/<int:pk>/", book, name="book"),
    path("przejazdy/do-zatwierdzenia/", approvals, name="approvals"),
    path("przejazdy/<uuid:uuid>/", booking_detail, name="booking"),
    path("przejazdy/<uuid:uuid>/anuluj/", booking_cancel, name="booking_cancel"),
    path("przejazdy/<uuid:uuid>/zatwierdz/", booking_approve, name="booking_approve"),
    path("przejazdy/<uuid:uuid>/odmow/", booking_refuse, name="booking_refuse"),
    path("osoby/<int:pk>/przejazdy/", person_rides, name="person_rides"),
]
