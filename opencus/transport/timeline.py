"""The senior taxi's part of the person card's timeline (core's registry, registered from
``declarations``): each ride booked, completed, missed (no-show) or cancelled, and each
recurring series arranged, given days without rides and ended.

Read through ``Booking.objects.visible_to(user)`` and ``RideSeries.objects.visible_to(user)``:
those who may not see the person's rides see none of them. The notes for the driver and the
reasons stay on the rides' pages; the timeline tells where to and when."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencus.core.formatting import day_text
from opencus.core.registry import TimelineEvent, timeline_source
from opencus.intake.timeline import actor_name
from opencus.transport.models import (
    Booking,
    BookingStatus,
    BookingTransition,
    RideSeries,
    SeriesException,
)

RIDE = gettext_lazy("Senior taxi")

#: The steps of a ride told on the card.
TOLD = (
    BookingStatus.BOOKED,
    BookingStatus.COMPLETED,
    BookingStatus.NO_SHOW,
    BookingStatus.CANCELLED,
    BookingStatus.LATE_CANCELLED,
    BookingStatus.REFUSED,
    BookingStatus.AWAITING_APPROVAL,
)


def series_url(series: RideSeries | None) -> str:
    if series is None:
        return ""
    return reverse("transport:series_detail", args=[series.uuid])


def _ride_url(booking: Booking) -> str:
    """The ride's page (``transport:booking_detail``, the booking pages'); its series' page
    while that is not mounted."""
    try:
        return reverse("transport:booking_detail", args=[booking.uuid])
    except NoReverseMatch:
        return series_url(booking.series)


def _ride_text(step: BookingTransition) -> str:
    ride = step.booking
    words = {
        "number": ride.number,
        "day": day_text(ride.day),
        "time": ride.requested_time.strftime("%H:%M"),
        "place": ride.destination_label,
    }
    status = step.to_status
    if status == BookingStatus.BOOKED and not step.from_status:
        if ride.series_id:
            return (
                _("Recurring ride %(number)s on %(day)s at %(time)s to %(place)s booked.") % words
            )
        return _("Ride %(number)s on %(day)s at %(time)s to %(place)s booked.") % words
    if status == BookingStatus.AWAITING_APPROVAL:
        return _("Ride %(number)s on %(day)s to %(place)s waits for approval.") % words
    if status == BookingStatus.BOOKED:
        return _("Ride %(number)s on %(day)s to %(place)s approved.") % words
    if status == BookingStatus.COMPLETED:
        return _("Ride %(number)s on %(day)s to %(place)s completed.") % words
    if status == BookingStatus.NO_SHOW:
        return _("No-show for ride %(number)s on %(day)s at %(time)s.") % words
    if status == BookingStatus.LATE_CANCELLED:
        return _("Ride %(number)s on %(day)s cancelled late.") % words
    if status == BookingStatus.REFUSED:
        return _("Ride %(number)s on %(day)s to %(place)s refused.") % words
    return _("Ride %(number)s on %(day)s to %(place)s cancelled.") % words


def _rides(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    steps = (
        BookingTransition.objects.filter(
            booking__in=Booking.objects.visible_to(user).filter(person=person),
            to_status__in=TOLD,
        )
        .select_related("actor", "booking__series")
        # What the driver is told and why a ride was refused stay on the ride's page.
        .defer("note", "booking__note", "booking__approval_reason")
        .order_by("-at", "-id")[:limit]
    )
    return [
        TimelineEvent(
            at=step.at,
            actor=actor_name(step.actor),
            kind=RIDE,
            text=_ride_text(step),
            url=_ride_url(step.booking),
        )
        for step in steps
    ]


def _weekdays(series: RideSeries) -> str:
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    return ", ".join(names[d] for d in series.weekdays if 0 <= d <= 6)


def _series(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    visible = RideSeries.objects.visible_to(user).filter(person=person)
    events: list[TimelineEvent] = []
    for series in visible.select_related("created_by").order_by("-created_at", "-id")[:limit]:
        words = {
            "days": _weekdays(series),
            "time": series.outbound_time.strftime("%H:%M"),
            "place": series.destination_label,
            "day": day_text(series.starts_on),
        }
        events.append(
            TimelineEvent(
                at=series.created_at,
                actor=actor_name(series.created_by),
                kind=RIDE,
                text=_("Recurring rides arranged: %(days)s at %(time)s to %(place)s, from %(day)s.")
                % words,
                url=series_url(series),
            )
        )
    exceptions = (
        SeriesException.objects.filter(series__in=visible)
        .select_related("created_by", "series")
        .order_by("-created_at", "-id")[:limit]
    )
    for exception in exceptions:
        events.append(
            TimelineEvent(
                at=exception.created_at,
                actor=actor_name(exception.created_by),
                kind=RIDE,
                text=_("No recurring rides to %(place)s from %(start)s to %(end)s.")
                % {
                    "place": exception.series.destination_label,
                    "start": day_text(exception.starts_on),
                    "end": day_text(exception.ends_on),
                },
                url=series_url(exception.series),
            )
        )
    return events


def register() -> None:
    timeline_source("transport_rides", _rides, app="transport")
    timeline_source("transport_series", _series, app="transport")
