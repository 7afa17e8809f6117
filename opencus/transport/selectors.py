"""Reads of the senior taxi's bookings, always scoped to what the user may see
(``Booking.objects.visible_to``): a ride one may not see is a 404.

The windows a clerk can offer are computed in ``services.offers`` (they read the day through
the planner's adapter, which the layer contract keeps apart from this module)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencus.core.audit import audit_record
from opencus.core.dates import add_months
from opencus.core.models import AuditAction
from opencus.core.registry import Arrival, PersonLink
from opencus.core.roles import has_capability
from opencus.transport.capabilities import TRANSPORT_BOOK
from opencus.transport.models import (
    OFFENCES,
    Booking,
    BookingStatus,
    BookingTransition,
    Place,
    PlanStop,
    RideSeries,
    StopKind,
)


def bookings_visible(user: Any) -> QuerySet[Booking]:
    """The rides ``user`` may see."""
    return Booking.objects.visible_to(user).select_related(
        "person", "entitlement__service", "vehicle"
    )


def booking_get(*, user: Any, uuid: uuid.UUID) -> Booking:
    """The ride, if ``user`` may see it; a 404 otherwise."""
    return get_object_or_404(bookings_visible(user), uuid=uuid)


def booking_history(booking: Booking) -> list[BookingTransition]:
    return list(
        BookingTransition.objects.filter(booking=booking)
        .select_related("actor")
        .order_by("at", "id")
    )


def person_rides(*, user: Any, person_id: int, today: dt.date, past: bool) -> QuerySet[Booking]:
    """A person's rides: upcoming (from ``today``, soonest first) or past (latest first)."""
    rides = bookings_visible(user).filter(person_id=person_id)
    if past:
        return rides.filter(day__lt=today).order_by("-day", "-window_start", "-id")
    return rides.filter(day__gte=today).order_by("day", "window_start", "id")


def offences_in_month(*, person_id: int, month: dt.date) -> int:
    """Late cancellations and no-shows of the person's rides on days of ``month``'s month."""
    first = month.replace(day=1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    return Booking.objects.filter(
        person_id=person_id, status__in=OFFENCES, day__gte=first, day__lte=last
    ).count()


def awaiting_approval(user: Any) -> QuerySet[Booking]:
    """Rides waiting for an official's approval, soonest first (returns come with their
    outbound ride)."""
    return (
        bookings_visible(user)
        .filter(status=BookingStatus.AWAITING_APPROVAL)
        .exclude(outbound__status=BookingStatus.AWAITING_APPROVAL)
        .order_by("day", "window_start", "id")
    )


def frequent_places() -> QuerySet[Place]:
    return Place.objects.filter(is_active=True, is_frequent=True).order_by("name")


def person_links(user: Any, person: Any) -> list[PersonLink]:
    """The person card's lines for the senior taxi (``core.registry.person_link_source``): the
    person's rides with how many are coming, their recurring rides, and booking a ride; for the
    client office only (two queries)."""
    if not has_capability(user, TRANSPORT_BOOK):
        return []
    upcoming = (
        Booking.objects.visible_to(user)
        .filter(
            person=person,
            day__gte=timezone.localdate(),
            status__in=(BookingStatus.BOOKED, BookingStatus.AWAITING_APPROVAL),
        )
        .count()
    )
    series = RideSeries.objects.visible_to(user).filter(person=person, is_active=True).count()
    book = not person.archived_at
    rides_note = (
        ngettext("%(count)s upcoming", "%(count)s upcoming", upcoming) % {"count": upcoming}
        if upcoming
        else _("none upcoming")
    )
    series_note = (
        ngettext("%(count)s active", "%(count)s active", series) % {"count": series}
        if series
        else _("none active")
    )
    return [
        PersonLink(
            _("Senior taxi rides"),
            reverse("transport:person_rides", args=[person.pk]),
            note=rides_note,
            action_text=_("Book a ride") if book else "",
            action_url=reverse("transport:book", args=[person.pk]) if book else "",
        ),
        PersonLink(
            _("Recurring rides"),
            reverse("transport:person_series", args=[person.pk]),
            note=series_note,
        ),
    ]


def needs_read(*, user: Any, obj: Any, rides: Iterable[Any], what: str) -> None:
    """Record that a page shows passengers' needs that tell something of their health (a
    wheelchair, an assistant, a guide or assistance dog: special-category data, GDPR art. 9),
    as the driver's manifest does (``manifests.manifest_read``). ``rides`` are the bookings or
    series shown; ``obj`` the page's record (without one, the first ride with such a need);
    nothing is written when no ride has such a need."""
    flagged = [
        ride
        for ride in rides
        if ride is not None and (ride.wheelchair or ride.assistant or ride.guide_dog)
    ]
    if flagged:
        audit_record(
            actor=user,
            action=AuditAction.VIEW_SENSITIVE,
            obj=obj if obj is not None else flagged[0],
            changes={
                "read": what,
                "rides": sorted({str(getattr(r, "number", "") or r.pk) for r in flagged}),
            },
        )


def arrivals_at(user: Any, day: dt.date, location_ids: list[int]) -> list[Arrival]:
    """Who the senior taxi brings on ``day`` to the places of the catalogue ``location_ids``
    (the day home's register, through ``core.registry.arrivals_source``): rides booked, on
    board or completed, with the pickup time of the day's plan, else the start of the window
    promised. Only the pickup time and the ride's number leave the app: the caller shows
    them to the staff keeping that place's register, for its own members only."""
    rides = list(
        Booking.objects.filter(
            day=day,
            destination_place__location_id__in=location_ids,
            status__in=[BookingStatus.BOOKED, BookingStatus.ON_BOARD, BookingStatus.COMPLETED],
        ).only("pk", "person_id", "number", "window_start")
    )
    planned = dict(
        PlanStop.objects.filter(booking__in=rides, kind=StopKind.PICKUP).values_list(
            "booking_id", "planned_at"
        )
    )
    return [
        Arrival(
            person_id=ride.person_id,
            pickup_at=planned.get(ride.pk, ride.window_start),
            text=_("Senior taxi, ride %(number)s") % {"number": ride.number},
        )
        for ride in rides
    ]
