"""iCalendar feeds behind secret, revocable addresses (``core.CalendarFeed``).

An app registers a kind of feed (``registry.calendar_source``): the events of one of its
records and who may give a feed of it out. Core issues a feed (the secret is returned once and
only its SHA-256 is kept), revokes it, finds it by its secret and renders the events as
iCalendar (RFC 5545, with ``icalendar``): times in Europe/Warsaw with the VTIMEZONE a calendar
program needs. A calendar program cannot log in, so the secret in the address is the only key:
an unknown, malformed or revoked one answers the same "not found". Every read of a feed whose
source is marked sensitive (home visits say who gets physiotherapy) is in the audit log.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

import icalendar
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.audit import audit_record
from opencus.core.errors import DomainError
from opencus.core.models import AuditAction, CalendarFeed
from opencus.core.registry import CalendarEvent, calendar_sources
from opencus.core.tokens import secret_hash

#: Secrets are 43 characters (``token_urlsafe(32)``); anything longer is not looked up.
MAX_SECRET_LENGTH = 64
#: A feed holds the events from this many days back to this many days ahead.
DAYS_BACK, DAYS_AHEAD = 31, 183
PRODID = "-//OpenCUS//Centrum Usług Społecznych//PL"


class CalendarFeedError(DomainError):
    """A feed cannot be given out or revoked (an unknown kind, no right to the record)."""


@transaction.atomic
def calendar_feed_issue(*, kind: str, object_id: str, acting_user: Any) -> tuple[CalendarFeed, str]:
    """Give out a feed of record ``object_id`` of ``kind``; returns the row and the secret (to
    put in the address once; it is not kept). Refused when the kind is unknown or the user
    may not give out a feed of the record."""
    spec = calendar_sources().get(kind)
    name = spec.may_issue(acting_user, str(object_id)) if spec is not None else None
    if spec is None or not name:
        raise CalendarFeedError(
            _("You cannot give out a calendar of this record."), code="not_allowed"
        )
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        kind=kind,
        object_id=str(object_id),
        label=str(name)[:200],
        key_prefix=secret[:8],
        key_hash=secret_hash(secret),
        created_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=feed,
        changes={"kind": [None, kind], "object": [None, str(object_id)]},
    )
    return feed, secret


@transaction.atomic
def calendar_feed_revoke(feed: CalendarFeed, *, acting_user: Any) -> CalendarFeed:
    """Stop a feed: its address answers "not found" from now on. Revoking twice changes
    nothing; refused to a user who may not give out a feed of the record."""
    locked = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    spec = calendar_sources().get(locked.kind)
    if spec is None or not spec.may_issue(acting_user, locked.object_id):
        raise CalendarFeedError(_("You cannot stop this calendar's address."), code="not_allowed")
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            actor=acting_user,
            action=AuditAction.WITHDRAW,
            obj=locked,
            changes={"revoked_at": [None, locked.revoked_at.isoformat()]},
        )
    return locked


def calendar_feed_find(secret: str) -> CalendarFeed | None:
    """The live feed whose address holds ``secret``, or None (unknown, malformed, revoked, or a
    kind no app registers any more)."""
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    live = CalendarFeed.objects.filter(revoked_at__isnull=True)
    feed = live.filter(key_hash=secret_hash(secret)).first()
    if feed is None or feed.kind not in calendar_sources():
        return None
    return feed


def calendar_feed_events(feed: CalendarFeed, *, today: dt.date) -> list[CalendarEvent]:
    """The feed's events around ``today``. A feed whose events tell something of people's
    health (a worker's home visits) writes each read to the audit log."""
    spec = calendar_sources()[feed.kind]
    events = spec.events(
        feed.object_id, today - dt.timedelta(days=DAYS_BACK), today + dt.timedelta(days=DAYS_AHEAD)
    )
    if spec.sensitive:
        audit_record(
            actor=None,
            action=AuditAction.VIEW_SENSITIVE,
            obj=feed,
            changes={"read": "calendar_feed", "events": len(events)},
        )
    return events


def ical_render(name: str, events: Iterable[CalendarEvent], *, stamp: dt.datetime) -> bytes:
    """The events as an iCalendar document named ``name`` (times in Europe/Warsaw)."""
    warsaw = timezone.get_default_timezone()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(warsaw))
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start.astimezone(warsaw))
        event.add("dtend", item.end.astimezone(warsaw))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
