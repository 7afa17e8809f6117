"""The queue's state machine (domain.md §1.3): moving a requested service from state to state
and filling free places from the waiting list.

Every move goes through ``item_move``: only along ``TRANSITIONS``, by a conditional update (so
two clerks cannot both move an item), with its transition row and audit row, the entitlement a
qualification grants (or its end), and the notice the new state owes the person. Callers that
take or free a place hold the row lock on the service (``ProgrammeService`` ``select_for_update``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import ProgrammeService
from opencus.core.audit import actor_or_none, audit_record
from opencus.core.models import AuditAction
from opencus.intake.entitlements import entitlement_close, entitlement_grant
from opencus.intake.errors import IntakeError
from opencus.intake.models import TRANSITIONS, ApplicationItem, ItemState, ItemTransition
from opencus.intake.notices import notice_issue
from opencus.intake.selectors import free_places, qualified_items_holding_places


def item_fresh(item: ApplicationItem) -> ApplicationItem:
    """The item as it is in the database now (another clerk may have moved it)."""
    return ApplicationItem.objects.select_related("service", "person", "application").get(
        pk=item.pk
    )


def item_move(
    item: ApplicationItem,
    to_state: str,
    *,
    acting_user: Any,
    note: str = "",
    promoted: bool = False,
    **fields: Any,
) -> ApplicationItem:
    """Move ``item`` to ``to_state`` if its current state allows it, by a conditional update,
    and record the notice the new state owes the person."""
    from_state = item.state
    if to_state not in TRANSITIONS[from_state]:
        raise IntakeError(
            _("A request that is %(state)s cannot be moved to %(target)s."),
            code="transition",
            params={
                "state": ItemState(from_state).label,
                "target": ItemState(to_state).label,
            },
        )
    now = timezone.now()
    updated = ApplicationItem.objects.filter(pk=item.pk, state=from_state).update(
        state=to_state, state_changed_at=now, **fields
    )
    if not updated:
        raise IntakeError(
            _("Someone changed this request in the meantime. Reload the page."), code="stale"
        )
    item.state, item.state_changed_at = to_state, now
    for name, value in fields.items():
        setattr(item, name, value)
    ItemTransition.objects.create(
        item=item,
        from_state=from_state,
        to_state=to_state,
        at=now,
        actor=actor_or_none(acting_user),
        note=note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=item,
        changes={"state": [from_state, to_state], **({"note": note} if note else {})},
    )
    if to_state == ItemState.QUALIFIED:
        entitlement_grant(item=item, acting_user=acting_user)
    elif from_state == ItemState.QUALIFIED:
        entitlement_close(item=item, acting_user=acting_user, note=note)
    notice_issue(item=item, promoted=promoted)
    return item


def waiting_list_plan(
    *, service: ProgrammeService, on: dt.date, places: int | None
) -> list[ApplicationItem]:
    """Who ``places`` free places (``None``: not limited) would go to: the waiting requests
    of people eligible on ``on``, oldest first. The confirmation page shows it; the fill
    moves exactly these."""
    planned: list[ApplicationItem] = []
    waiting = (
        ApplicationItem.objects.filter(service=service, state=ItemState.WAITING)
        .select_related("person", "application", "service")
        .order_by("queue_key", "id")
    )
    for candidate in waiting:
        if places is not None and len(planned) >= places:
            break
        if not eligibility_check(candidate.person, service, on=on).eligible:
            continue
        planned.append(candidate)
    return planned


def waiting_list_fill(
    *, service: ProgrammeService, acting_user: Any, on: dt.date
) -> list[ApplicationItem]:
    """Fill free places from the waiting list, oldest eligible first (the caller holds the
    service's lock). Returns the promoted requests."""
    promoted = waiting_list_plan(service=service, on=on, places=free_places(service))
    for candidate in promoted:
        item_move(
            candidate,
            ItemState.QUALIFIED,
            acting_user=acting_user,
            note=str(_("promoted from the waiting list")),
            promoted=True,
        )
    return promoted


def withdraw_frees_for(item: ApplicationItem, *, on: dt.date) -> list[ApplicationItem]:
    """Whom withdrawing ``item`` would move from the waiting list into the place it frees (a
    qualified request holding a place), as ``item_withdraw`` will do it."""
    if item.state != ItemState.QUALIFIED:
        return []
    places = free_places(item.service)
    if places is not None and qualified_items_holding_places(item.service).filter(pk=item.pk):
        places += 1
    return waiting_list_plan(service=item.service, on=on, places=places)


def waiting_list_preview(*, service: ProgrammeService, on: dt.date) -> list[ApplicationItem]:
    """Whom ``waiting_list_promote`` would move into the service's free places now (the
    confirmation page lists them, and sends their ids back as what was confirmed)."""
    return waiting_list_plan(service=service, on=on, places=free_places(service))
