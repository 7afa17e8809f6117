"""Reads of the senior taxi's bookings, always scoped to what the user may see
(``Booking.objects.visible_to``): a ride one may not see is a 404.

The windows a clerk can offer are computed in ``services.offers`` (they read the day through
the planner's adapter, which the layer contract keeps apart from this module)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from opencus.transport import clocks
from opencus.transport.models import (
    OFFENCES,
    Booking,
    BookingStatus,
    BookingTransition,
    Place,
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
    last = clocks.add_months(first, 1) - dt.timedelta(days=1)
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
