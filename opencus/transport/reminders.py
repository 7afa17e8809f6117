"""Reminders of a published day's rides (issue 11, "Once published, passengers get a
reminder with their pickup window").

When the dispatcher publishes a day (:func:`plan_publish_and_remind`), every ride in the plan
not reminded yet gets its channel:

- **e-mail** when the passenger has an active consent to contact by e-mail
  (``ConsentPurpose.CONTACT_EMAIL``) and an e-mail address: the message (the day, the promised
  pickup window, the confirmation number, from and to) goes out once the transaction commits,
  in the passenger's language (``Person.preferred_language``; Polish by default), and
  ``reminded_at`` is set when it has left. If the mail server refuses it, the ride goes on
  the call list instead;
- **phone** otherwise: the ride is on the client office's call list ("Rides to confirm by
  phone") until a clerk marks it called (:func:`reminder_mark_called`).

The message names no health data (no wheelchair, no destination kind): only what the passenger
needs to be ready. Publishing again after a change reminds only the rides not reminded yet;
the promised window, which the reminder carries, never moves with the plan.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.people.models import Consent, ConsentPurpose
from opencus.transport import dispatch
from opencus.transport.errors import DispatchError
from opencus.transport.models import Booking, BookingStatus, DayPlan, PlanStop, ReminderChannel

logger = logging.getLogger(__name__)


def _email_consented(person_ids: set[int]) -> set[int]:
    return set(
        Consent.objects.filter(
            person_id__in=person_ids,
            purpose=ConsentPurpose.CONTACT_EMAIL,
            withdrawn_at__isnull=True,
        ).values_list("person_id", flat=True)
    )


def reminder_text(booking: Booking) -> tuple[str, str]:
    """The reminder's subject and body, in the passenger's language."""
    person = booking.person
    language = person.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        params = {
            "day": booking.day.strftime("%d.%m.%Y"),
            "start": timezone.localtime(booking.window_start).strftime("%H:%M"),
            "end": timezone.localtime(booking.window_end).strftime("%H:%M"),
            "number": booking.number,
            "origin": booking.origin_label,
            "destination": booking.destination_label,
            "centre": settings.OPENCUS_CENTRE_NAME,
            "phone": settings.OPENCUS_CONTACT_PHONE,
        }
        subject = gettext("Your senior taxi ride on %(day)s (%(number)s)") % params
        lines = [
            gettext("Dear %(name)s,") % {"name": person.full_name},
            gettext(
                "We remind you of your senior taxi ride on %(day)s. Please be ready: the driver"
                " will pick you up between %(start)s and %(end)s."
            )
            % params,
            gettext("From: %(origin)s\nTo: %(destination)s\nConfirmation number: %(number)s")
            % params,
            gettext(
                "If you cannot travel, please call %(phone)s as soon as you can and give the"
                " confirmation number."
            )
            % params,
            gettext("%(centre)s, phone %(phone)s. This message was sent automatically.") % params,
        ]
    return subject, "\n\n".join(lines)


def _send(booking_id: int) -> None:
    """Send one reminder (after the commit that assigned it); on failure the ride goes on the
    client office's call list."""
    booking = Booking.objects.select_related("person").get(pk=booking_id)
    subject, body = reminder_text(booking)
    try:
        send_mail(subject, body, None, [booking.person.email])
    except Exception:  # an SMTP failure must not lose the reminder: the clerk phones instead
        logger.exception("ride %s: reminder e-mail failed; put on the call list", booking_id)
        Booking.objects.filter(pk=booking_id, reminded_at__isnull=True).update(
            reminder_channel=ReminderChannel.PHONE
        )
        return
    Booking.objects.filter(pk=booking_id, reminded_at__isnull=True).update(
        reminded_at=timezone.now()
    )


def reminders_assign(plan: DayPlan) -> tuple[int, int]:
    """Give every ride in ``plan`` not reminded yet its channel; e-mails leave on commit.
    Returns (e-mails, calls)."""
    rides = list(
        Booking.objects.filter(
            pk__in=PlanStop.objects.filter(plan=plan).values("booking_id"),
            status=BookingStatus.BOOKED,
            reminder_channel="",
        ).select_related("person")
    )
    consented = _email_consented({ride.person_id for ride in rides})
    emails: list[int] = []
    calls: list[int] = []
    for ride in rides:
        if ride.person.email and ride.person_id in consented:
            emails.append(ride.pk)
        else:
            calls.append(ride.pk)
    Booking.objects.filter(pk__in=emails).update(reminder_channel=ReminderChannel.EMAIL)
    Booking.objects.filter(pk__in=calls).update(reminder_channel=ReminderChannel.PHONE)
    for booking_id in emails:
        transaction.on_commit(lambda booking_id=booking_id: _send(booking_id))  # type: ignore[misc]
    return len(emails), len(calls)


@transaction.atomic
def plan_publish_and_remind(day: dt.date, *, acting_user: Any) -> tuple[DayPlan, int, int]:
    """Publish ``day``'s plan (``dispatch.plan_publish``) and assign the reminders: (the plan,
    e-mails, calls)."""
    plan = dispatch.plan_publish(day, acting_user=acting_user)
    emails, calls = reminders_assign(plan)
    return plan, emails, calls


def call_list(user: Any, today: dt.date) -> QuerySet[Booking]:
    """The rides the client office is to confirm by phone: booked, from today on, on the
    phone channel and not yet called; the earliest first."""
    return (
        Booking.objects.visible_to(user)
        .filter(
            reminder_channel=ReminderChannel.PHONE,
            reminded_at__isnull=True,
            status=BookingStatus.BOOKED,
            day__gte=today,
        )
        .select_related("person")
        .order_by("day", "window_start", "id")
    )


@transaction.atomic
def reminder_mark_called(booking: Booking, *, acting_user: Any) -> Booking:
    """A clerk phoned the passenger and told them the pickup window."""
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.reminder_channel != ReminderChannel.PHONE or locked.reminded_at is not None:
        raise DispatchError(
            _("Ride %(number)s is not on the call list (already reminded).")
            % {"number": locked.number},
            code="not_on_call_list",
        )
    locked.reminded_at = timezone.now()
    locked.save(update_fields=["reminded_at"])
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"reminded": ReminderChannel.PHONE},
    )
    return locked
