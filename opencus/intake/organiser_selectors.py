"""Reads behind the organisers' pages of the queue: a service's enrolment rounds, one round
with its candidates or its allocated entries, the notices still to send, and "my work" — what
waits for the logged-in user.

Every list is scoped to the people the user may see (``Person.objects.visible_to``) and loads
what its page shows with ``select_related``/``prefetch_related``, so a page costs a fixed
number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import DeliveredBy, ProgrammeService
from opencus.core.roles import has_capability
from opencus.intake.capabilities import APPLICATION_FILE, QUEUE_MANAGE
from opencus.intake.enrolment import enrolment_candidates
from opencus.intake.models import (
    Application,
    ApplicationItem,
    EnrolmentEntry,
    EnrolmentRound,
    Entitlement,
    EntitlementStatus,
    ItemState,
    Notice,
    OnlineApplication,
    OnlineState,
)
from opencus.intake.notices import notices_pending
from opencus.intake.selectors import free_places
from opencus.people.models import Person

#: How many rows of each section "my work" shows before linking to the full list.
MY_WORK_ROWS = 10
#: The notices section shows only the oldest few: the notices page is where they are sent.
MY_WORK_NOTICES = 5
#: "Applications you received" looks this far back.
RECEIVED_DAYS = 7


def queue_service(*, uuid: Any) -> ProgrammeService:
    """A service by its address, with its programme (the pages' caption)."""
    return get_object_or_404(ProgrammeService.objects.select_related("programme"), uuid=uuid)


# --- Enrolment rounds -------------------------------------------------------------------------


class RoundState(StrEnum):
    """Where a round stands on a given day (for display; the services enforce the rules)."""

    PLANNED = "planned"
    OPEN = "open"
    TO_ALLOCATE = "to_allocate"
    ALLOCATED = "allocated"


ROUND_STATE_LABELS = {
    RoundState.PLANNED: _("not open yet"),
    RoundState.OPEN: _("open for applications"),
    RoundState.TO_ALLOCATE: _("closed, waiting for allocation"),
    RoundState.ALLOCATED: _("places allocated"),
}


def enrolment_round_state(
    enrolment_round: EnrolmentRound, today: dt.date | None = None
) -> RoundState:
    day = today or timezone.localdate()
    if enrolment_round.allocated_at is not None:
        return RoundState.ALLOCATED
    if day < enrolment_round.opens_on:
        return RoundState.PLANNED
    if day <= enrolment_round.closes_on:
        return RoundState.OPEN
    return RoundState.TO_ALLOCATE


@dataclass(frozen=True)
class EnrolmentRoundRow:
    enrolment_round: EnrolmentRound
    state: RoundState

    @property
    def state_label(self) -> str:
        return str(ROUND_STATE_LABELS[self.state])


def service_enrolment_rounds(service: ProgrammeService) -> list[EnrolmentRoundRow]:
    """The service's rounds, newest first, each with its state and number of entries."""
    today = timezone.localdate()
    rounds = (
        EnrolmentRound.objects.filter(service=service)
        .annotate(entry_count=Count("entries"))
        .order_by("-opens_on", "-id")
    )
    return [EnrolmentRoundRow(r, enrolment_round_state(r, today)) for r in rounds]


@dataclass(frozen=True)
class EnrolmentRoundView:
    enrolment_round: EnrolmentRound
    state: RoundState
    #: Requests that would enter the round if it were allocated now (before allocation).
    candidates: list[ApplicationItem]
    #: The allocated entries in drawn (or filing) order, with their requests.
    entries: list[EnrolmentEntry]
    #: The entrants' request ids sorted by (filing time, id): the list the lottery shuffles.
    filing_order: list[int]
    #: The stored result: request ids in drawn (or filing) order.
    recorded_order: list[int]
    free_places: int | None

    @property
    def state_label(self) -> str:
        return str(ROUND_STATE_LABELS[self.state])


def enrolment_round_for_page(*, pk: int) -> EnrolmentRound:
    return get_object_or_404(
        EnrolmentRound.objects.select_related("service__programme", "allocated_by", "created_by"),
        pk=pk,
    )


def enrolment_round_detail(*, user: Any, pk: int) -> EnrolmentRoundView:
    """A round with what its page shows. People the user may not see are left out of the
    tables; the orders of request ids (what an auditor repeats the draw with) are complete."""
    enrolment_round = enrolment_round_for_page(pk=pk)
    state = enrolment_round_state(enrolment_round)
    visible = Person.objects.visible_to(user)
    candidates: list[ApplicationItem] = []
    entries: list[EnrolmentEntry] = []
    filing_order: list[int] = []
    if state == RoundState.ALLOCATED:
        entries = list(
            EnrolmentEntry.objects.filter(enrolment_round=enrolment_round)
            .select_related("item__person", "item__application")
            .order_by("position")
        )
        filing_order = [
            e.item_id for e in sorted(entries, key=lambda e: (e.item.filed_at, e.item_id))
        ]
        shown = set(
            visible.filter(pk__in={e.item.person_id for e in entries}).values_list("pk", flat=True)
        )
        entries = [e for e in entries if e.item.person_id in shown]
    else:
        candidates = list(
            enrolment_candidates(enrolment_round)
            .filter(person__in=visible)
            .select_related("person", "application")
        )
    return EnrolmentRoundView(
        enrolment_round=enrolment_round,
        state=state,
        candidates=candidates,
        entries=entries,
        filing_order=filing_order,
        recorded_order=[int(pk) for pk in enrolment_round.result],
        free_places=free_places(enrolment_round.service),
    )


# --- Notices ----------------------------------------------------------------------------------


def notices_to_send(*, user: Any) -> QuerySet[Notice]:
    """Notices still owed to people the user may see, oldest first."""
    return notices_pending().filter(item__person__in=Person.objects.visible_to(user))


# --- My work ----------------------------------------------------------------------------------


def services_whose_list_can_move() -> QuerySet[ProgrammeService]:
    """Services with someone on the waiting list and a free place (or unlimited places): a
    promotion could move the list now."""
    return (
        ProgrammeService.objects.select_related("programme")
        .annotate(
            waiting_count=Count(
                "application_items", filter=Q(application_items__state=ItemState.WAITING)
            ),
            # A suspended entitlement does not hold its place (as in ``free_places``).
            taken=Count(
                "application_items",
                filter=Q(application_items__state=ItemState.QUALIFIED)
                & ~Q(application_items__entitlement__status=EntitlementStatus.SUSPENDED),
            ),
        )
        .annotate(free=F("capacity") - F("taken"))
        .filter(waiting_count__gt=0)
        .filter(Q(capacity__isnull=True) | Q(free__gt=0))
        .order_by("programme__name", "name")
    )


def enrolment_rounds_to_allocate() -> QuerySet[EnrolmentRound]:
    """Rounds that closed before today and have not been allocated (or drawn) yet."""
    return (
        EnrolmentRound.objects.filter(allocated_at__isnull=True, closes_on__lt=timezone.localdate())
        .select_related("service__programme")
        .order_by("closes_on", "id")
    )


@dataclass(frozen=True)
class Section:
    """One section of "my work": its first rows and how many there are in all."""

    rows: list[Any]
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def _section(queryset: QuerySet[Any], limit: int = MY_WORK_ROWS) -> Section:
    """The first ``limit`` rows, and the total (counted only when there may be more)."""
    rows = list(queryset[:limit])
    total = len(rows) if len(rows) < limit else queryset.count()
    return Section(rows, total)


def work_notices(user: Any) -> Section | None:
    """Notices still to send, oldest first (for roles that file applications)."""
    if not has_capability(user, APPLICATION_FILE):
        return None
    return _section(notices_to_send(user=user), MY_WORK_NOTICES)


def work_received(user: Any) -> Section | None:
    """Applications the user received in the last ``RECEIVED_DAYS`` days, newest first."""
    if not has_capability(user, APPLICATION_FILE):
        return None
    since = timezone.now() - dt.timedelta(days=RECEIVED_DAYS)
    return _section(
        Application.objects.visible_to(user)
        .filter(received_by=user, filed_at__gte=since)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ApplicationItem.objects.select_related("service").order_by("id"),
            )
        )
        .order_by("-filed_at", "-id")
    )


def work_online(user: Any) -> Section | None:
    """Online applications waiting for the client office's check, oldest first."""
    if not has_capability(user, APPLICATION_FILE):
        return None
    return _section(
        OnlineApplication.objects.visible_to(user)
        .filter(state=OnlineState.RECEIVED)
        .prefetch_related("services")
        .order_by("received_at", "id")
    )


def work_to_qualify(user: Any) -> Section | None:
    """Requests waiting for qualification, oldest filing first (for the queue's managers)."""
    if not has_capability(user, QUEUE_MANAGE):
        return None
    return _section(
        ApplicationItem.objects.visible_to(user)
        .filter(state__in=[ItemState.SUBMITTED, ItemState.ASSESSING])
        .select_related("person", "service", "application")
        .order_by("filed_at", "id")
    )


def work_lists_to_move(user: Any) -> Section | None:
    if not has_capability(user, QUEUE_MANAGE):
        return None
    return _section(services_whose_list_can_move())


def work_rounds_to_allocate(user: Any) -> Section | None:
    if not has_capability(user, QUEUE_MANAGE):
        return None
    return _section(enrolment_rounds_to_allocate())


def work_without_provider(user: Any) -> Section | None:
    """Active entitlements of a service delivered by providers that have none yet."""
    if not has_capability(user, QUEUE_MANAGE):
        return None
    return _section(
        Entitlement.objects.visible_to(user)
        .filter(provider__isnull=True, status=EntitlementStatus.ACTIVE)
        # The centre's own services need no provider.
        .exclude(service__delivered_by=DeliveredBy.CENTRE)
        .select_related("person", "service", "item__application")
        .order_by("starts_on", "id")
    )


@dataclass(frozen=True)
class MyWork:
    """What waits for the user in intake; a section is ``None`` when the user's roles do not
    do it. The "my work" page shows them through core's registry (``intake.work``)."""

    notices: Section | None
    to_qualify: Section | None
    lists_to_move: Section | None
    rounds_to_allocate: Section | None
    received: Section | None
    without_provider: Section | None = None


def my_work(*, user: Any) -> MyWork:
    return MyWork(
        notices=work_notices(user),
        to_qualify=work_to_qualify(user),
        lists_to_move=work_lists_to_move(user),
        rounds_to_allocate=work_rounds_to_allocate(user),
        received=work_received(user),
        without_provider=work_without_provider(user),
    )
