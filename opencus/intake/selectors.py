"""Reads of applications and queues, scoped to what the user may see: applications of people
the user may see (``Person.objects.visible_to``) and only for roles with ``application.view``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from opencus.catalog.models import Programme, ProgrammeService, ServiceStatus
from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.core.roles import has_capability
from opencus.intake.models import (
    OPEN_STATES,
    Application,
    ApplicationItem,
    Entitlement,
    EntitlementChange,
    EntitlementStatus,
    EntitlementTransition,
    ItemState,
    ItemTransition,
    NeedsAssessment,
    Notice,
    OnlineApplication,
)
from opencus.intake.references import ONLINE_PREFIX, reference_parse
from opencus.people.capabilities import PERSON_SENSITIVE_VIEW
from opencus.people.models import Person

# --- Places and positions ---------------------------------------------------------------------


def qualified_items_holding_places(service: ProgrammeService) -> QuerySet[ApplicationItem]:
    """Qualified requests that hold a place: a suspended entitlement frees its place."""
    return ApplicationItem.objects.filter(service=service, state=ItemState.QUALIFIED).exclude(
        entitlement__status=EntitlementStatus.SUSPENDED
    )


def free_places(service: ProgrammeService) -> int | None:
    """Places left in the service (``None``: not limited). A place is held by a qualified item
    whose entitlement is not suspended."""
    if service.capacity is None:
        return None
    taken = qualified_items_holding_places(service).count()
    return max(service.capacity - taken, 0)


def waiting_ahead(item: ApplicationItem) -> Q:
    """Waiting requests ahead of ``item`` in its service's queue."""
    return Q(service_id=item.service_id, state=ItemState.WAITING) & (
        Q(queue_key__lt=item.queue_key) | Q(queue_key=item.queue_key, id__lt=item.pk)
    )


def waiting_position(item: ApplicationItem) -> int | None:
    """The item's position on its service's waiting list, from 1 (``None`` if not waiting)."""
    if item.state != ItemState.WAITING:
        return None
    return ApplicationItem.objects.filter(waiting_ahead(item)).count() + 1


@dataclass(frozen=True)
class Suspension:
    """A period in which an entitlement was suspended: from ``since`` (the local day it was
    suspended) up to, not including, ``until`` (the day it was resumed; ``None``: still
    suspended, or ended while suspended)."""

    since: dt.date
    until: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)


def entitlement_suspensions(entitlement: Entitlement) -> list[Suspension]:
    """Every suspension of the entitlement, oldest first, read from its history — so a period
    still counts after the entitlement has been resumed."""
    periods: list[Suspension] = []
    since: dt.date | None = None
    for change, at in EntitlementTransition.objects.filter(
        entitlement=entitlement,
        change__in=[EntitlementChange.SUSPENDED, EntitlementChange.RESUMED],
    ).values_list("change", "at"):
        day = timezone.localdate(at)
        if change == EntitlementChange.SUSPENDED and since is None:
            since = day
        elif change == EntitlementChange.RESUMED and since is not None:
            if day > since:
                periods.append(Suspension(since, day))
            since = None
    if since is not None:
        periods.append(Suspension(since, None))
    return periods


# --- Applications -----------------------------------------------------------------------------


def services_open_for_applications() -> QuerySet[ProgrammeService]:
    """Services of current adopted programmes that take applications today."""
    return (
        ProgrammeService.objects.filter(
            status=ServiceStatus.ACTIVE, programme__in=Programme.objects.current()
        )
        .select_related("programme")
        .order_by("programme__name", "name")
    )


def _waiting_positions(items: list[ApplicationItem]) -> dict[int, int]:
    """Positions on the waiting lists of the given waiting items, in one query per service."""
    positions: dict[int, int] = {}
    services = {item.service_id for item in items if item.state == ItemState.WAITING}
    for service_id in services:
        queue = ApplicationItem.objects.filter(
            service_id=service_id, state=ItemState.WAITING
        ).order_by("queue_key", "id")
        for index, pk in enumerate(queue.values_list("pk", flat=True), start=1):
            positions[pk] = index
    return positions


@dataclass(frozen=True)
class ApplicationView:
    application: Application
    items: list[ApplicationItem]
    positions: dict[int, int]
    entitlements: dict[int, Entitlement]


def application_detail(*, user: Any, uuid: Any) -> ApplicationView:
    application = get_object_or_404(
        Application.objects.visible_to(user).select_related(
            "person", "representative__representative", "received_by"
        ),
        uuid=uuid,
    )
    items = list(
        application.items.select_related("service__programme")
        .prefetch_related(
            Prefetch("transitions", queryset=ItemTransition.objects.select_related("actor")),
            Prefetch("notices", queryset=Notice.objects.order_by("created_at", "id")),
        )
        .order_by("id")
    )
    entitlements = {
        entitlement.item_id: entitlement
        for entitlement in Entitlement.objects.filter(item__in=items).select_related("provider")
    }
    return ApplicationView(application, items, _waiting_positions(items), entitlements)


def person_applications(*, user: Any, person: Person) -> QuerySet[Application]:
    return (
        Application.objects.visible_to(user)
        .filter(person=person)
        .prefetch_related(
            Prefetch("items", queryset=ApplicationItem.objects.select_related("service"))
        )
        .order_by("-filed_at", "-id")
    )


def application_search(*, user: Any, query: str) -> QuerySet[Application]:
    """The applications ``user`` may see whose reference is ``query``, however it was typed
    (``references.reference_parse``: ``W/2026/000146``, ``w/2026/146``, ``000146``…); none
    when the text is not a reference."""
    parsed = reference_parse(query)
    if parsed is None:
        return Application.objects.none()
    return (
        Application.objects.visible_to(user)
        .filter(parsed.condition())
        .select_related("person")
        .order_by("-filed_at", "-id")
    )


def online_application_search(*, user: Any, query: str) -> QuerySet[OnlineApplication]:
    """The online applications ``user`` may see whose ``E/…`` number is ``query``, however it
    was typed; none when the text is not an online application's number."""
    parsed = reference_parse(query)
    if parsed is None or parsed.prefix != ONLINE_PREFIX:
        return OnlineApplication.objects.none()
    return (
        OnlineApplication.objects.visible_to(user)
        .filter(parsed.condition())
        .order_by("-received_at", "-id")
    )


def queue_overview() -> QuerySet[ProgrammeService]:
    """Every service that takes applications, with the counts of its queue."""
    return services_open_for_applications().annotate(
        open_count=Count(
            "application_items",
            filter=Q(application_items__state__in=[ItemState.SUBMITTED, ItemState.ASSESSING]),
        ),
        waiting_count=Count(
            "application_items", filter=Q(application_items__state=ItemState.WAITING)
        ),
        qualified_count=Count(
            "application_items", filter=Q(application_items__state=ItemState.QUALIFIED)
        ),
    )


@dataclass(frozen=True)
class ServiceQueue:
    service: ProgrammeService
    pending: list[ApplicationItem]
    waiting: list[ApplicationItem]
    qualified: list[ApplicationItem]
    free_places: int | None


def service_queue(*, user: Any, uuid: Any) -> ServiceQueue:
    """A service's queue in filing order: pending requests, the waiting list, the qualified."""
    service = get_object_or_404(ProgrammeService.objects.select_related("programme"), uuid=uuid)
    visible = Person.objects.visible_to(user)
    items = list(
        ApplicationItem.objects.filter(service=service, state__in=OPEN_STATES, person__in=visible)
        .select_related("person", "application")
        .order_by("queue_key", "id")
    )
    return ServiceQueue(
        service=service,
        pending=[i for i in items if i.state in (ItemState.SUBMITTED, ItemState.ASSESSING)],
        waiting=[i for i in items if i.state == ItemState.WAITING],
        qualified=[i for i in items if i.state == ItemState.QUALIFIED],
        free_places=free_places(service),
    )


@dataclass(frozen=True)
class AssessmentsView:
    assessments: list[NeedsAssessment]
    #: Whether the user may read the notes (special category); reading them was audited.
    notes_shown: bool


def application_assessments(*, user: Any, application: Application) -> AssessmentsView:
    """The needs assessments of an application. Their notes are special-category data: shown
    only to roles that may read such data, and each reading writes an audit row."""
    assessments = list(
        application.assessments.select_related("assessed_by")
        .prefetch_related("fitting_services")
        .order_by("-assessed_on", "-id")
    )
    notes_shown = has_capability(user, PERSON_SENSITIVE_VIEW)
    if notes_shown and any(assessment.notes for assessment in assessments):
        audit_record(
            actor=user,
            action=AuditAction.VIEW_SENSITIVE,
            obj=application,
            changes={"assessment_notes": [a.pk for a in assessments if a.notes]},
        )
    return AssessmentsView(assessments, notes_shown)
