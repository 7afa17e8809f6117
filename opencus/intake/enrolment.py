"""Enrolment rounds (nabór): a period in which applications for one service are collected and
then allocated at once, either in filing order (first come, first served) or by a lottery among
those who applied in the round.

The lottery is a seeded, reproducible draw. Its seed, its entrants and its result are stored, so
an auditor can re-run it and get the same order (``enrolment_redraw_check``). The seed always
comes from ``secrets`` when the round is drawn, never from the organiser, and a round must be
announced before it opens and drawn after it closes: nobody can pick the entrants' order after
seeing who applied. The algorithm, so that
it can be repeated outside OpenCUS too: take the ids of the entrants' requests sorted by
(filing time, id), and shuffle that list with ``random.Random(seed).shuffle`` of CPython 3
(Mersenne Twister; a text seed is hashed with SHA-512, stable across Python 3 versions).

Allocation goes through the queue's own ``item_qualify``, so places, eligibility and the rule
that requests already on the waiting list before the round come first all still hold. Entrants
beyond the round's places go on the waiting list in draw order, and later promotions from it
follow the draw (``enrolment_round_draw``).
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import ProgrammeService, QualificationMode
from opencus.core.audit import actor_or_none, audit_record
from opencus.core.formatting import day_text, moment_text
from opencus.core.models import AuditAction
from opencus.intake.errors import IntakeError
from opencus.intake.models import (
    Allocation,
    ApplicationItem,
    EnrolmentChange,
    EnrolmentEntry,
    EnrolmentRound,
    EnrolmentRoundTransition,
    EntryOutcome,
    ItemState,
)
from opencus.intake.queue import item_move
from opencus.intake.selectors import free_places
from opencus.intake.services import item_qualify


def _error(message: Any, code: str, **params: Any) -> IntakeError:
    return IntakeError(message, code=code, params=params or None)


@transaction.atomic
def enrolment_round_create(
    *,
    service: ProgrammeService,
    opens_on: dt.date,
    closes_on: dt.date,
    allocation: str,
    acting_user: Any,
    places: int | None = None,
) -> EnrolmentRound:
    """Announce an enrolment round of a programme service. It is announced before it opens
    (tomorrow at the earliest), so nobody sets its dates after seeing who applied. Rounds of
    one service do not overlap, so a request belongs to one round at most."""
    earliest = timezone.localdate() + dt.timedelta(days=1)
    if opens_on < earliest:
        raise _error(
            {
                "opens_on": _(
                    "A round is announced before it opens: it can open on %(earliest)s at the "
                    "earliest, not on %(day)s."
                )
            },
            "announce_first",
            earliest=day_text(earliest),
            day=day_text(opens_on),
        )
    return _round_create(
        service=service,
        opens_on=opens_on,
        closes_on=closes_on,
        allocation=allocation,
        places=places,
        acting_user=acting_user,
        note="",
    )


@transaction.atomic
def enrolment_round_record_past(
    *,
    service: ProgrammeService,
    opens_on: dt.date,
    closes_on: dt.date,
    allocation: str,
    acting_user: Any,
    reason: str,
    places: int | None = None,
) -> EnrolmentRound:
    """Record a round that ran before it was entered here (a round held on paper before the
    centre used OpenCUS, or the demo centre's history). No page offers this: only code that
    says so calls it. The reason is kept in the round's history and in the audit log, and the
    round is still drawn only through ``enrolment_round_draw``: after it closed, with a seed
    from ``secrets``."""
    reason = reason.strip()
    if not reason:
        raise _error(_("Say why the round is recorded after the fact."), "reason_required")
    if closes_on >= timezone.localdate():
        raise _error(
            {
                "closes_on": _(
                    "Only a round that closed before today (%(today)s) can be recorded after "
                    "the fact; announce this one with its dates ahead."
                )
            },
            "not_past",
            today=day_text(timezone.localdate()),
        )
    return _round_create(
        service=service,
        opens_on=opens_on,
        closes_on=closes_on,
        allocation=allocation,
        places=places,
        acting_user=acting_user,
        note=str(_("Recorded after the fact: %(reason)s")) % {"reason": reason},
    )


def _round_create(
    *,
    service: ProgrammeService,
    opens_on: dt.date,
    closes_on: dt.date,
    allocation: str,
    places: int | None,
    acting_user: Any,
    note: str,
) -> EnrolmentRound:
    if allocation not in Allocation.values:
        raise _error({"allocation": _("Choose how the places are allocated.")}, "allocation")
    if closes_on < opens_on:
        raise _error({"closes_on": _("The round cannot close before it opens.")}, "period_order")
    if places is not None and places < 1:
        raise _error({"places": _("A round gives at least one place.")}, "places")
    locked = ProgrammeService.objects.select_for_update().get(pk=service.pk)
    if locked.qualification_mode == QualificationMode.DECISION:
        raise _error(
            _("This service is granted by an administrative decision, not in enrolment rounds."),
            "decision_mode",
        )
    overlapping = EnrolmentRound.objects.filter(
        service=locked, opens_on__lte=closes_on, closes_on__gte=opens_on
    ).first()
    if overlapping is not None:
        raise _error(
            _("Another round of this service runs in that period: %(round)s."),
            "overlap",
            round=str(overlapping),
        )
    enrolment_round = EnrolmentRound.objects.create(
        service=locked,
        opens_on=opens_on,
        closes_on=closes_on,
        allocation=allocation,
        places=places,
        created_by=actor_or_none(acting_user),
    )
    EnrolmentRoundTransition.objects.create(
        enrolment_round=enrolment_round,
        change=EnrolmentChange.CREATED,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
        note=note,
    )
    changes: dict[str, Any] = {
        "opens_on": str(opens_on),
        "closes_on": str(closes_on),
        "allocation": allocation,
        "places": places,
    }
    if note:
        changes["recorded_after_the_fact"] = note
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=enrolment_round, changes=changes)
    return enrolment_round


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def enrolment_candidates(enrolment_round: EnrolmentRound) -> models.QuerySet[ApplicationItem]:
    """Requests that enter the round when it is allocated: filed for its service within its
    dates and not yet decided (submitted or being assessed), in filing order."""
    return ApplicationItem.objects.filter(
        service_id=enrolment_round.service_id,
        filed_at__gte=_local_midnight(enrolment_round.opens_on),
        filed_at__lt=_local_midnight(enrolment_round.closes_on + dt.timedelta(days=1)),
        state__in=[ItemState.SUBMITTED, ItemState.ASSESSING],
        enrolment_entry__isnull=True,
    ).order_by("filed_at", "id")


def draw_order(entrant_ids: list[int], seed: str) -> list[int]:
    """The lottery: the entrants (in filing order) shuffled by a PRNG seeded with ``seed``.

    A seeded Mersenne Twister is what makes the draw repeatable by an auditor; fairness comes
    from the seed, which ``enrolment_round_draw`` always takes from ``lottery_seed``.
    """
    order = list(entrant_ids)
    random.Random(seed).shuffle(order)  # noqa: S311 - reproducible on purpose, see docstring
    return order


def lottery_seed() -> str:
    """A fresh seed for a draw, from the operating system's secure source: nobody chooses it."""
    return secrets.token_hex(16)


def _claim(enrolment_round: EnrolmentRound, allocation: str, on: dt.date) -> EnrolmentRound:
    """Lock the service (as the queue does, same lock order) and check the round may be
    allocated now; the conditional update in ``_allocate`` makes it happen once."""
    ProgrammeService.objects.select_for_update().get(pk=enrolment_round.service_id)
    current = EnrolmentRound.objects.select_for_update().get(pk=enrolment_round.pk)
    if current.allocation != allocation:
        if current.allocation == Allocation.LOTTERY:
            raise _error(_("This round is allocated by a lottery: draw it."), "allocation")
        raise _error(_("This round is allocated in filing order, not by a draw."), "allocation")
    if current.allocated_at is not None:
        raise _error(
            _("This round was already allocated on %(when)s; it cannot be allocated again."),
            "already_allocated",
            when=moment_text(current.allocated_at),
        )
    if on <= current.closes_on:
        raise _error(
            _("The round is open until %(day)s; allocate it after it closes."),
            "round_open",
            day=day_text(current.closes_on),
        )
    return current


def _allocate(
    enrolment_round: EnrolmentRound,
    order: list[int],
    *,
    seed: str,
    acting_user: Any,
    on: dt.date,
) -> EnrolmentRound:
    now = timezone.now()
    user = actor_or_none(acting_user)
    claimed = EnrolmentRound.objects.filter(
        pk=enrolment_round.pk, allocated_at__isnull=True
    ).update(seed=seed, allocated_at=now, allocated_by=user, result=order)
    if not claimed:
        raise _error(_("Someone allocated this round in the meantime. Reload the page."), "stale")
    enrolment_round.seed, enrolment_round.allocated_at = seed, now
    EnrolmentRoundTransition.objects.create(
        enrolment_round=enrolment_round,
        change=EnrolmentChange.DRAWN
        if enrolment_round.allocation == Allocation.LOTTERY
        else EnrolmentChange.ALLOCATED,
        at=now,
        actor=user,
        note=f"seed {seed}" if seed else "",
    )
    enrolment_round.allocated_by, enrolment_round.result = user, order
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=enrolment_round,
        changes={"allocated": [None, str(now)], "seed": seed, "result": order},
    )

    items = ApplicationItem.objects.select_related("person", "service", "application").in_bulk(
        order
    )
    # The queue follows the result: the entrants' queue places (their filing times, sorted) are
    # dealt out again in the order of ``order``. For a first-come round that changes nothing.
    keys = sorted((items[item_id].queue_key, item_id) for item_id in order)
    for (key, _ignored), item_id in zip(keys, order, strict=True):
        items[item_id].queue_key = key
    ApplicationItem.objects.bulk_update(list(items.values()), ["queue_key"])
    service = items[order[0]].service
    free = free_places(service)
    quota = free if enrolment_round.places is None else enrolment_round.places
    if quota is not None and free is not None:
        quota = min(quota, free)
    entries = []
    for position, item_id in enumerate(order, start=1):
        item = items[item_id]
        if quota is None or quota > 0:
            try:
                item = item_qualify(item=item, acting_user=acting_user, on=on)
            except IntakeError as refusal:
                if refusal.code != "not_eligible":
                    raise
                outcome = EntryOutcome.NOT_ELIGIBLE
            else:
                outcome = EntryOutcome(item.state)
                if outcome == EntryOutcome.QUALIFIED and quota is not None:
                    quota -= 1
        elif eligibility_check(item.person, service, on=on).eligible:
            item_move(
                item,
                ItemState.WAITING,
                acting_user=acting_user,
                note=str(_("not drawn within the round's places (position %(n)s)"))
                % {"n": position},
            )
            outcome = EntryOutcome.WAITING
        else:
            outcome = EntryOutcome.NOT_ELIGIBLE
        entries.append(
            EnrolmentEntry(
                enrolment_round=enrolment_round, item=item, position=position, outcome=outcome
            )
        )
    EnrolmentEntry.objects.bulk_create(entries)
    return enrolment_round


@transaction.atomic
def enrolment_round_draw(*, enrolment_round: EnrolmentRound, acting_user: Any) -> EnrolmentRound:
    """Draw a lottery round once, after it closed, and allocate its places in drawn order.

    The entrants are the requests ``enrolment_candidates`` finds. The seed comes from
    ``lottery_seed`` (``secrets``), never from the person drawing; it and the order are stored
    first, so the draw can be repeated from the record (``enrolment_redraw_check``). Then each
    entrant in drawn order is qualified through the queue (``item_qualify``) while the round's
    places last, and the rest go on the waiting list with their drawn position in the note.
    Entrants who do not meet the conditions are left as they are for a clerk to refuse with
    the reason.

    The waiting list follows the draw too: before allocating, the entrants' places in the
    queue (``queue_key``, their filing times) are dealt out again in drawn order, so a place
    freed later goes to the best-drawn waiting entrant. Filing times themselves never change.
    """
    day = timezone.localdate()
    current = _claim(enrolment_round, Allocation.LOTTERY, day)
    entrants = list(enrolment_candidates(current).values_list("id", flat=True))
    if not entrants:
        raise _error(_("Nobody applied in this round: there is nothing to draw."), "no_entrants")
    seed = lottery_seed()
    _allocate(current, draw_order(entrants, seed), seed=seed, acting_user=acting_user, on=day)
    return current


@transaction.atomic
def enrolment_round_allocate(
    *, enrolment_round: EnrolmentRound, acting_user: Any
) -> EnrolmentRound:
    """Allocate a first-come round once, after it closed: its entrants are qualified in filing
    order while the places last, the rest go on the waiting list."""
    day = timezone.localdate()
    current = _claim(enrolment_round, Allocation.FIRST_COME, day)
    entrants = list(enrolment_candidates(current).values_list("id", flat=True))
    if not entrants:
        raise _error(
            _("Nobody applied in this round: there is nothing to allocate."), "no_entrants"
        )
    _allocate(current, entrants, seed="", acting_user=acting_user, on=day)
    return current


def enrolment_redraw_check(enrolment_round: EnrolmentRound) -> bool:
    """For the auditor: repeat the allocation's ordering from the stored entrants and seed and
    say whether it gives the stored result (and the positions stored on the entries)."""
    enrolment_round = EnrolmentRound.objects.get(pk=enrolment_round.pk)
    if enrolment_round.allocated_at is None:
        return False
    entries = list(
        EnrolmentEntry.objects.filter(enrolment_round=enrolment_round)
        .select_related("item")
        .order_by("position")
    )
    by_filing = [e.item_id for e in sorted(entries, key=lambda e: (e.item.filed_at, e.item_id))]
    if enrolment_round.allocation == Allocation.LOTTERY:
        if not enrolment_round.seed:
            return False
        expected = draw_order(by_filing, enrolment_round.seed)
    else:
        expected = by_filing
    positions = [entry.item_id for entry in entries]
    return expected == list(enrolment_round.result) == positions
