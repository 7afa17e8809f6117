"""Events: logged, recorded as held, cancelled; their named participants and photos."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.community.errors import EventError
from opencus.community.models import (
    Community,
    Event,
    EventKind,
    EventParticipant,
    EventPhoto,
    EventStatus,
    EventTransition,
    Group,
    Resource,
)
from opencus.community.selectors import today
from opencus.community.services.common import clean
from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.people.models import Consent, ConsentPurpose, Person

MAX_HEADCOUNT = 100_000


@dataclass
class EventData:
    kind: str
    day: dt.date
    held: bool
    participants: int = 0
    attendances: int = 0
    place: Resource | None = None
    place_text: str = ""
    title: str = ""
    notes: str = ""
    decisions: str = ""
    group: Group | None = None


def _check_counts(participants: int, attendances: int, named: int) -> None:
    if participants < 0 or attendances < 0 or attendances > MAX_HEADCOUNT:
        raise EventError(
            {"participants": _("Enter the headcount as a whole number of 0 or more.")},
            code="headcount",
        )
    if attendances < participants:
        raise EventError(
            {"attendances": _("Total attendances cannot be fewer than the unique participants.")},
            code="attendances",
        )
    if participants < named:
        raise EventError(
            {
                "participants": _(
                    "The headcount (%(count)s) cannot be below the number of named "
                    "participants (%(named)s)."
                )
            },
            code="below_named",
            params={"count": participants, "named": named},
        )


def _check_held_day(day: dt.date) -> None:
    if day > today():
        raise EventError(
            {
                "day": _(
                    "An event dated in the future cannot be recorded as held; save it as "
                    "planned and record it on the day."
                )
            },
            code="future_held",
        )


@transaction.atomic
def event_log(*, community: Community, data: EventData, acting_user: Any) -> Event:
    """Log a meeting or event: held (on or before today, with its headcount) or planned."""
    if data.kind not in EventKind.values:
        raise EventError({"kind": _("Choose the kind of event.")}, code="kind")
    for resource in (data.place,):
        if resource is not None and resource.community_id != community.pk:
            raise EventError({"place": _("Choose a place of this community.")}, code="place")
    if data.group is not None and data.group.community_id != community.pk:
        raise EventError({"group": _("Choose a group of this community.")}, code="group")
    if data.held:
        _check_held_day(data.day)
        _check_counts(data.participants, data.attendances, 0)
    status = EventStatus.HELD if data.held else EventStatus.PLANNED
    event = Event.objects.create(
        community=community,
        kind=data.kind,
        title=" ".join(data.title.split()),
        day=data.day,
        place=data.place,
        place_text="" if data.place else " ".join(data.place_text.split()),
        group=data.group,
        status=status,
        participants=data.participants if data.held else 0,
        attendances=data.attendances if data.held else 0,
        notes=clean(data.notes),
        decisions=clean(data.decisions),
        recorded_by=acting_user,
    )
    EventTransition.objects.create(
        event=event, at=timezone.now(), actor=acting_user, from_status="", to_status=status
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=event,
        changes={
            "community": community.pk,
            "day": data.day.isoformat(),
            "status": status,
            "participants": event.participants,
            "attendances": event.attendances,
        },
    )
    return event


@transaction.atomic
def event_record(
    *,
    event: Event,
    participants: int,
    attendances: int,
    notes: str | None = None,
    decisions: str | None = None,
    acting_user: Any,
) -> Event:
    """Record a planned event as held, or correct a held event's headcount: not before its
    day, and never below the number of named participants (read under the event's lock)."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status == EventStatus.CANCELLED:
        raise EventError(_("A cancelled event cannot be recorded."), code="cancelled")
    _check_held_day(locked.day)
    _check_counts(participants, attendances, locked.named.count())
    fields: dict[str, Any] = {
        "status": EventStatus.HELD,
        "participants": participants,
        "attendances": attendances,
    }
    if notes is not None:
        fields["notes"] = clean(notes)
    if decisions is not None:
        fields["decisions"] = clean(decisions)
    Event.objects.filter(pk=locked.pk).update(**fields)
    if locked.status != EventStatus.HELD:
        EventTransition.objects.create(
            event=locked,
            at=timezone.now(),
            actor=acting_user,
            from_status=locked.status,
            to_status=EventStatus.HELD,
        )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION if locked.status != EventStatus.HELD else AuditAction.UPDATE,
        obj=locked,
        changes={"participants": participants, "attendances": attendances},
    )
    event.refresh_from_db()
    return event


@transaction.atomic
def event_cancel(*, event: Event, acting_user: Any, note: str = "") -> Event:
    """Cancel a planned event (a held one stays in the record)."""
    updated = Event.objects.filter(pk=event.pk, status=EventStatus.PLANNED).update(
        status=EventStatus.CANCELLED
    )
    if not updated:
        raise EventError(_("Only a planned event can be cancelled."), code="not_planned")
    EventTransition.objects.create(
        event=event,
        at=timezone.now(),
        actor=acting_user,
        from_status=EventStatus.PLANNED,
        to_status=EventStatus.CANCELLED,
        note=clean(note),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=event,
        changes={"status": EventStatus.CANCELLED},
    )
    event.refresh_from_db()
    return event


@transaction.atomic
def event_participant_add(
    *, event: Event, person: Person | None = None, name: str = "", acting_user: Any
) -> EventParticipant:
    """Name a participant of an event (a person of the register or a name). A held event's
    headcount grows with them when they would outnumber it."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    name = " ".join(name.split())
    if person is None and not name:
        raise EventError({"name": _("Enter the participant's name.")}, code="name")
    if locked.status == EventStatus.CANCELLED:
        raise EventError(_("A cancelled event has no participants."), code="cancelled")
    if person is not None and locked.named.filter(person=person).exists():
        raise EventError({"person": _("This person is already named.")}, code="named")
    participant = EventParticipant.objects.create(
        event=locked, person=person, name="" if person else name
    )
    named = locked.named.count()
    if locked.status == EventStatus.HELD and named > locked.participants:
        Event.objects.filter(pk=locked.pk).update(
            participants=named, attendances=max(locked.attendances, named)
        )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=participant,
        label=str(locked),
        changes={"event": locked.pk, "person": person.pk if person else None},
    )
    event.refresh_from_db()
    return participant


#: The photos an event may have: at most this large, and JPEG or PNG (by their first bytes,
#: not by the name or the type the browser claims).
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_KINDS = ((b"\xff\xd8\xff", "image/jpeg", "jpg"), (b"\x89PNG\r\n\x1a\n", "image/png", "png"))


@transaction.atomic
def event_photo_add(
    *,
    event: Event,
    upload: Any,
    caption: str,
    people: list[Person],
    consent_note: str = "",
    acting_user: Any,
) -> EventPhoto:
    """Store a photo of an event, only with an image consent: each person of the register
    pictured has a consent for the purpose "image" in force, or a signed consent for the
    others is noted (GDPR art. 6(1)(a); art. 81 of the copyright act on one's image). A JPEG
    or PNG of at most 5 MB, whatever its name says."""
    caption = " ".join(caption.split())
    if not caption:
        raise EventError({"caption": _("Describe the photo in a few words.")}, code="caption")
    size = getattr(upload, "size", 0) or 0
    if not 0 < size <= PHOTO_MAX_BYTES:
        raise EventError({"photo": _("Choose a photo of at most 5 MB.")}, code="photo_size")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((k for k in PHOTO_KINDS if head.startswith(k[0])), None)
    if kind is None:
        raise EventError({"photo": _("Choose a JPEG or PNG photo.")}, code="photo_type")
    note = clean(consent_note)
    if not people and not note:
        raise EventError(
            {
                "consent_note": _(
                    "A photo is stored only with an image consent: choose the people pictured "
                    "who gave it, or note the signed consent."
                )
            },
            code="no_consent",
        )
    ids = [p.pk for p in people]
    consented = set(
        Consent.objects.filter(
            person_id__in=ids, purpose=ConsentPurpose.IMAGE, withdrawn_at__isnull=True
        ).values_list("person_id", flat=True)
    )
    lacking = [p.full_name for p in people if p.pk not in consented]
    if lacking:
        raise EventError(
            {"people": _("No image consent in force: %(names)s.") % {"names": ", ".join(lacking)}},
            code="no_consent",
        )
    photo = EventPhoto(
        event=event,
        content_type=kind[1],
        size=size,
        caption=caption,
        consent_note=note,
        uploaded_by=acting_user,
    )
    photo.image.save(f"{photo.uuid}.{kind[2]}", upload, save=False)
    photo.save()
    photo.people.set(people)
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=photo,
        changes={"event": event.pk, "people": ids, "consent_note": bool(note)},
    )
    return photo
