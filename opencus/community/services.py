"""Every change of community organising: one service per change, keyword-only, atomic, with
the acting user and an audit row. A refusal raises a ``CommunityError`` and changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Programme, ProgrammeService
from opencus.community.errors import EventError, PlanError, RecordError
from opencus.community.models import (
    SURVEY_QUESTIONS,
    Community,
    CommunityKind,
    CommunityStreet,
    Consultation,
    ConsultationEntry,
    ConsultationParticipant,
    Council,
    CouncilMember,
    CouncilOpinion,
    CouncilTerm,
    EntryKind,
    Event,
    EventKind,
    EventParticipant,
    EventPhoto,
    EventStatus,
    EventTransition,
    Group,
    Initiative,
    Leader,
    OSLPlan,
    OSLPlanVersion,
    Resource,
    Survey,
    SurveyResponse,
    TeamAssignment,
)
from opencus.community.selectors import INDICATOR_KEYS, today
from opencus.core.audit import audit_record
from opencus.core.identifiers import validate_ulic
from opencus.core.models import AuditAction
from opencus.intake.demand import unmet_demand_record_request
from opencus.intake.models import DemandSource
from opencus.people.models import Consent, ConsentPurpose, Person

MAX_HEADCOUNT = 100_000
MAX_BUDGET = Decimal("9999999999.99")


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _not_future(day: dt.date, field_name: str) -> None:
    if day > today():
        raise RecordError({field_name: _("The date cannot be in the future.")}, code="future")


# --- Communities ------------------------------------------------------------------------------


@dataclass
class CommunityData:
    name: str
    kind: str
    description: str = ""
    who_belongs: str = ""
    population: int | None = None
    population_note: str = ""


@transaction.atomic
def community_save(
    *, data: CommunityData, acting_user: Any, community: Community | None = None
) -> Community:
    """Create or change a community's profile; names are unique."""
    name = " ".join(data.name.split())
    if not name:
        raise RecordError({"name": _("Enter the community's name.")}, code="name")
    if data.kind not in CommunityKind.values:
        raise RecordError({"kind": _("Choose territorial or categorical.")}, code="kind")
    taken = Community.objects.filter(name__iexact=name)
    if community is not None:
        taken = taken.exclude(pk=community.pk)
    if taken.exists():
        raise RecordError({"name": _("A community of this name exists.")}, code="name_taken")
    fields = {
        "name": name,
        "kind": data.kind,
        "description": _clean(data.description),
        "who_belongs": _clean(data.who_belongs),
        "population": data.population,
        "population_note": _clean(data.population_note),
    }
    if community is None:
        community = Community.objects.create(**fields)
        audit_record(actor=acting_user, action=AuditAction.CREATE, obj=community, changes=fields)
        return community
    Community.objects.filter(pk=community.pk).update(**fields)
    community.refresh_from_db()
    audit_record(actor=acting_user, action=AuditAction.UPDATE, obj=community, changes=fields)
    return community


@transaction.atomic
def street_add(
    *,
    community: Community,
    name: str,
    ulic: str,
    buildings: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    acting_user: Any,
) -> CommunityStreet:
    """Add a street (by its TERYT ULIC code) and, optionally, the buildings that belong."""
    if community.kind != CommunityKind.TERRITORIAL:
        raise RecordError(
            _("Only a territorial community is made of streets."), code="not_territorial"
        )
    name, ulic, buildings = " ".join(name.split()), ulic.strip(), " ".join(buildings.split())
    if not name:
        raise RecordError({"name": _("Enter the street's name.")}, code="name")
    if ulic:
        try:
            validate_ulic(ulic)
        except ValidationError as error:
            raise RecordError({"ulic": error.messages[0]}, code="ulic") from None
    if CommunityStreet.objects.filter(community=community, name=name, buildings=buildings).exists():
        raise RecordError({"name": _("This street is already in the community.")}, code="taken")
    street = CommunityStreet.objects.create(
        community=community,
        name=name,
        ulic=ulic,
        buildings=buildings,
        latitude=latitude,
        longitude=longitude,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=street,
        changes={"community": community.pk, "name": name, "ulic": ulic, "buildings": buildings},
    )
    return street


@transaction.atomic
def resource_add(
    *,
    community: Community,
    kind: str,
    name: str,
    address: str = "",
    contact: str = "",
    note: str = "",
    is_partner: bool = False,
    partner_since: dt.date | None = None,
    acting_user: Any,
) -> Resource:
    """Add an institution, NGO, place or business to the community's resource map."""
    name = " ".join(name.split())
    if not name:
        raise RecordError({"name": _("Enter the name.")}, code="name")
    if partner_since is not None:
        _not_future(partner_since, "partner_since")
    resource = Resource.objects.create(
        community=community,
        kind=kind,
        name=name,
        address=_clean(address),
        contact=_clean(contact),
        note=_clean(note),
        is_partner=is_partner,
        partner_since=partner_since if is_partner else None,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=resource,
        changes={"community": community.pk, "kind": kind, "name": name, "partner": is_partner},
    )
    return resource


@transaction.atomic
def team_assign(
    *, community: Community, user: Any, function: str, starts_on: dt.date, acting_user: Any
) -> TeamAssignment:
    """Assign a member of the OSL team to a community with their function (once at a time)."""
    Community.objects.select_for_update().get(pk=community.pk)
    if TeamAssignment.objects.filter(
        community=community, user=user, function=function, ends_on__isnull=True
    ).exists():
        raise RecordError(
            {"user": _("This person already has this function in the community.")},
            code="assigned",
        )
    assignment = TeamAssignment.objects.create(
        community=community, user=user, function=function, starts_on=starts_on
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=assignment,
        changes={"community": community.pk, "user": user.pk, "function": function},
    )
    return assignment


@transaction.atomic
def team_end(*, assignment: TeamAssignment, ends_on: dt.date, acting_user: Any) -> TeamAssignment:
    """End an assignment on a day (never before it began)."""
    if ends_on < assignment.starts_on:
        raise RecordError({"ends_on": _("The end cannot be before the start.")}, code="order")
    updated = TeamAssignment.objects.filter(pk=assignment.pk, ends_on__isnull=True).update(
        ends_on=ends_on
    )
    if not updated:
        raise RecordError(_("This assignment has already ended."), code="ended")
    assignment.refresh_from_db()
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=assignment,
        changes={"ends_on": ends_on.isoformat()},
    )
    return assignment


# --- OSL plans --------------------------------------------------------------------------------


@dataclass
class PlanContent:
    diagnosis: str
    goals: str
    actions: list[dict[str, Any]] = field(default_factory=list)
    partners: str = ""
    targets: dict[str, int] = field(default_factory=dict)
    budget: Decimal = Decimal("0.00")


@transaction.atomic
def plan_save(
    *,
    community: Community,
    year: int,
    content: PlanContent,
    acting_user: Any,
    note: str = "",
    expected_version: int | None = None,
) -> OSLPlanVersion:
    """Save a community's yearly OSL plan as a new version (the first one opens the plan).
    Earlier versions stay readable; two people saving from the same version cannot both win
    (``expected_version``, checked under the plan's row lock)."""
    if not 2000 <= year <= 2199:
        raise PlanError(_("Choose a year between 2000 and 2199."), code="year")
    diagnosis, goals = _clean(content.diagnosis), _clean(content.goals)
    errors: dict[str, Any] = {}
    if not diagnosis:
        errors["diagnosis"] = _("Write the summary of the diagnosis.")
    if not goals:
        errors["goals"] = _("Write the plan's goals.")
    if content.budget < 0 or content.budget > MAX_BUDGET:
        errors["budget"] = _("Enter a budget of 0 or more.")
    for action in content.actions:
        if not (isinstance(action.get("month"), int) and 1 <= action["month"] <= 12):
            errors["actions"] = _("Each action needs a month from 1 to 12.")
        elif not str(action.get("action", "")).strip():
            errors["actions"] = _("Each action needs a description.")
    bad_targets = [
        k
        for k, v in content.targets.items()
        if k not in INDICATOR_KEYS or not isinstance(v, int) or v < 0
    ]
    if bad_targets:
        errors["targets"] = _("Targets are whole numbers of 0 or more.")
    if errors:
        raise PlanError(errors, code="invalid")
    plan, created = OSLPlan.objects.get_or_create(
        community=community, year=year, defaults={"created_by": acting_user}
    )
    plan = OSLPlan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and plan.version_count != expected_version:
        raise PlanError(
            _("Someone saved the plan meanwhile; open it again to see their version."),
            code="stale",
        )
    number = plan.version_count + 1
    OSLPlan.objects.filter(pk=plan.pk).update(version_count=number)
    version = OSLPlanVersion.objects.create(
        plan=plan,
        number=number,
        at=timezone.now(),
        actor=acting_user,
        note=_clean(note),
        diagnosis=diagnosis,
        goals=goals,
        actions=sorted(
            ({"month": a["month"], "action": str(a["action"]).strip()} for a in content.actions),
            key=lambda a: a["month"],
        ),
        partners=_clean(content.partners),
        targets={k: content.targets[k] for k in INDICATOR_KEYS if k in content.targets},
        budget=content.budget.quantize(Decimal("0.01")),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=plan,
        changes={"version": number, "budget": str(version.budget)},
    )
    return version


# --- Events -----------------------------------------------------------------------------------


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
        notes=_clean(data.notes),
        decisions=_clean(data.decisions),
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
        fields["notes"] = _clean(notes)
    if decisions is not None:
        fields["decisions"] = _clean(decisions)
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
        note=_clean(note),
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
    note = _clean(consent_note)
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


# --- Leaders, groups, initiatives -------------------------------------------------------------


@transaction.atomic
def leader_add(
    *,
    community: Community,
    name: str,
    found_how: str,
    found_on: dt.date,
    person: Person | None = None,
    active_in: str = "",
    note: str = "",
    acting_user: Any,
) -> Leader:
    """Record a local leader and how they were found."""
    name = " ".join(name.split()) or (person.full_name if person else "")
    if not name:
        raise RecordError({"name": _("Enter the leader's name.")}, code="name")
    _not_future(found_on, "found_on")
    leader = Leader.objects.create(
        community=community,
        person=person,
        name=name,
        found_how=found_how,
        found_on=found_on,
        active_in=_clean(active_in),
        note=_clean(note),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=leader,
        changes={"community": community.pk, "found_how": found_how},
    )
    return leader


@transaction.atomic
def group_add(
    *,
    community: Community,
    name: str,
    kind: str,
    started_on: dt.date,
    note: str = "",
    acting_user: Any,
) -> Group:
    """Record a group formed in the community."""
    name = " ".join(name.split())
    if not name:
        raise RecordError({"name": _("Enter the group's name.")}, code="name")
    _not_future(started_on, "started_on")
    group = Group.objects.create(
        community=community, name=name, kind=kind, started_on=started_on, note=_clean(note)
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=group,
        changes={"community": community.pk, "kind": kind, "started_on": started_on.isoformat()},
    )
    return group


@transaction.atomic
def group_end(*, group: Group, ended_on: dt.date, acting_user: Any) -> Group:
    """Record that a group ended (not before it started, not in the future)."""
    _not_future(ended_on, "ended_on")
    if ended_on < group.started_on:
        raise RecordError({"ended_on": _("The end cannot be before the start.")}, code="order")
    if not Group.objects.filter(pk=group.pk, ended_on__isnull=True).update(ended_on=ended_on):
        raise RecordError(_("This group has already ended."), code="ended")
    group.refresh_from_db()
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=group,
        changes={"ended_on": ended_on.isoformat()},
    )
    return group


@transaction.atomic
def initiative_add(
    *,
    community: Community,
    title: str,
    started_on: dt.date,
    initiators: str,
    partners: str = "",
    resources: str = "",
    result: str = "",
    acting_user: Any,
) -> Initiative:
    """Record an initiative led by residents: who started it, with whom, with what, and what
    came of it."""
    title = " ".join(title.split())
    errors: dict[str, Any] = {}
    if not title:
        errors["title"] = _("Enter the initiative's title.")
    if not _clean(initiators):
        errors["initiators"] = _("Name the residents who started it.")
    if errors:
        raise RecordError(errors, code="missing")
    _not_future(started_on, "started_on")
    initiative = Initiative.objects.create(
        community=community,
        title=title,
        started_on=started_on,
        initiators=_clean(initiators),
        partners=_clean(partners),
        resources=_clean(resources),
        result=_clean(result),
        recorded_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=initiative,
        changes={"community": community.pk, "started_on": started_on.isoformat()},
    )
    return initiative


# --- Consultations ----------------------------------------------------------------------------


@transaction.atomic
def consultation_create(
    *,
    title: str,
    held_on: dt.date,
    place: str = "",
    programme: Programme | None = None,
    topics: str = "",
    acting_user: Any,
) -> Consultation:
    """Record a consultation (of a draft programme, or a meeting to assess services)."""
    title = " ".join(title.split())
    if not title:
        raise RecordError({"title": _("Enter the consultation's title.")}, code="title")
    _not_future(held_on, "held_on")
    consultation = Consultation.objects.create(
        title=title,
        held_on=held_on,
        place=_clean(place),
        programme=programme,
        topics=_clean(topics),
        recorded_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=consultation,
        changes={"held_on": held_on.isoformat(), "programme": programme.pk if programme else None},
    )
    return consultation


@transaction.atomic
def consultation_participant_add(
    *, consultation: Consultation, kind: str, name: str, count: int, acting_user: Any
) -> ConsultationParticipant:
    """Record who took part, by organisation or role."""
    name = " ".join(name.split())
    if not name:
        raise RecordError({"name": _("Enter the organisation or role.")}, code="name")
    if not 1 <= count <= 10_000:
        raise RecordError({"count": _("Enter how many, from 1.")}, code="count")
    participant = ConsultationParticipant.objects.create(
        consultation=consultation, kind=kind, name=name, count=count
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=participant,
        changes={"consultation": consultation.pk, "kind": kind, "count": count},
    )
    return participant


@transaction.atomic
def consultation_entry_add(
    *,
    consultation: Consultation,
    kind: str,
    text: str,
    by: str = "",
    service: ProgrammeService | None = None,
    acting_user: Any,
) -> ConsultationEntry:
    """Record an opinion or a request voiced at a consultation. A request for a service the
    programme does not offer enters the unmet-demand register with the consultation as its
    source; a request about a service it offers (``service`` named) is kept as an opinion on
    that service, not as unmet demand."""
    text = " ".join(text.split())
    if not text:
        raise RecordError({"text": _("Write what was said.")}, code="text")
    if len(text) > 200:
        raise RecordError({"text": _("Keep it under 200 characters.")}, code="text")
    if kind not in EntryKind.values:
        raise RecordError({"kind": _("Choose opinion or request.")}, code="kind")
    demand = None
    if kind == EntryKind.REQUEST and service is not None:
        kind = EntryKind.OPINION
    if kind == EntryKind.REQUEST:
        demand = unmet_demand_record_request(
            text=text,
            acting_user=acting_user,
            recorded_on=consultation.held_on,
            note=_clean(by),
            source_kind=DemandSource.CONSULTATION,
            source=consultation.source_label,
        )
    entry = ConsultationEntry.objects.create(
        consultation=consultation,
        kind=kind,
        text=text,
        by=" ".join(by.split()),
        service=service,
        demand=demand,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=entry,
        changes={"consultation": consultation.pk, "kind": kind},
    )
    return entry


# --- The seniors' council ---------------------------------------------------------------------


@transaction.atomic
def council_create(*, name: str, basis: str = "", acting_user: Any) -> Council:
    name = " ".join(name.split())
    if not name:
        raise RecordError({"name": _("Enter the council's name.")}, code="name")
    if Council.objects.filter(name__iexact=name).exists():
        raise RecordError({"name": _("A council of this name exists.")}, code="name_taken")
    council = Council.objects.create(name=name, basis=_clean(basis))
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=council, changes={"name": name})
    return council


@transaction.atomic
def council_term_add(
    *, council: Council, starts_on: dt.date, ends_on: dt.date, acting_user: Any
) -> CouncilTerm:
    """Open a term of office; terms of one council do not overlap."""
    if ends_on <= starts_on:
        raise RecordError({"ends_on": _("The end must be after the start.")}, code="order")
    Council.objects.select_for_update().get(pk=council.pk)
    if council.terms.filter(starts_on__lt=ends_on, ends_on__gt=starts_on).exists():
        raise RecordError(
            {"starts_on": _("This term overlaps another term of the council.")}, code="overlap"
        )
    term = CouncilTerm.objects.create(council=council, starts_on=starts_on, ends_on=ends_on)
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=term,
        changes={"council": council.pk, "from": starts_on.isoformat(), "to": ends_on.isoformat()},
    )
    return term


@transaction.atomic
def council_member_add(
    *,
    term: CouncilTerm,
    name: str,
    represents: str = "",
    role: str = "",
    person: Person | None = None,
    acting_user: Any,
) -> CouncilMember:
    name = " ".join(name.split()) or (person.full_name if person else "")
    if not name:
        raise RecordError({"name": _("Enter the member's name.")}, code="name")
    member = CouncilMember.objects.create(
        term=term, person=person, name=name, represents=_clean(represents), role=_clean(role)
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=member,
        changes={"term": term.pk},
    )
    return member


@transaction.atomic
def council_opinion_add(
    *,
    council: Council,
    programme: Programme,
    given_on: dt.date,
    text: str,
    reference: str = "",
    acting_user: Any,
) -> CouncilOpinion:
    """Attach the council's opinion to the programme it concerns."""
    if not _clean(text):
        raise RecordError({"text": _("Write the opinion.")}, code="text")
    _not_future(given_on, "given_on")
    opinion = CouncilOpinion.objects.create(
        council=council,
        programme=programme,
        given_on=given_on,
        reference=_clean(reference),
        text=_clean(text),
        recorded_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=opinion,
        changes={"programme": programme.pk, "given_on": given_on.isoformat()},
    )
    return opinion


# --- The sense-of-influence survey ------------------------------------------------------------


@transaction.atomic
def survey_create(
    *, community: Community, title: str, held_on: dt.date, acting_user: Any
) -> Survey:
    title = " ".join(title.split())
    if not title:
        raise RecordError({"title": _("Enter the survey's title.")}, code="title")
    _not_future(held_on, "held_on")
    survey = Survey.objects.create(community=community, title=title, held_on=held_on)
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=survey,
        changes={"community": community.pk, "held_on": held_on.isoformat()},
    )
    return survey


@transaction.atomic
def survey_response_add(
    *, survey: Survey, answers: dict[str, int | None], acting_user: Any
) -> SurveyResponse:
    """Enter one anonymous paper response: each answer from 1 to 5 or left blank, at least one
    answered."""
    keys = [key for key, _label in SURVEY_QUESTIONS]
    clean: dict[str, int | None] = {}
    for key in keys:
        value = answers.get(key)
        if value is not None and (not isinstance(value, int) or not 1 <= value <= 5):
            raise RecordError({key: _("Choose an answer from 1 to 5.")}, code="likert")
        clean[key] = value
    if all(value is None for value in clean.values()):
        raise RecordError(_("The response has no answer; enter at least one."), code="empty")
    response = SurveyResponse.objects.create(survey=survey, **clean)
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=response,
        label=str(survey),
        changes={"survey": survey.pk},
    )
    return response
