"""Applications filed through the real service (``application_file``: references, transition
rows and the audit trail as in production), enrolment rounds, and the entitlements that
qualification grants. Times are relative to now, never in the future (filing in the future is
refused), so the helpers hold whatever the hour the suite runs at."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.utils import timezone

from opencus.catalog.models import ProgrammeService
from opencus.intake.enrolment import enrolment_round_create
from opencus.intake.models import Application, ApplicationItem, Channel, EnrolmentRound, Entitlement
from opencus.intake.services import application_file, item_qualify
from opencus.people.models import Person
from opencus.providers.models import ContractLine
from tests.people.factories import PersonFactory
from tests.providers.factories import ContractLineFactory

#: An eligibility rule set: people aged 60 or more.
SENIORS = {"all": [{"attribute": "age", "min": 60}]}
SENIOR_BIRTH = dt.date(1950, 3, 1)


def senior(**fields: Any) -> Person:
    """A person born in 1950, old enough for ``SENIORS``."""
    return PersonFactory.create(**{"birth_date": SENIOR_BIRTH, **fields})


def noon(*, days_ago: int = 0, minutes: int = 0) -> dt.datetime:
    """Local noon ``days_ago`` days ago plus ``minutes``; a time still to come today (the suite
    running in the morning) moves to a point of today already past, still today (just after
    midnight too) and in the order ``minutes`` gives."""
    today = timezone.localdate()
    at = timezone.make_aware(dt.datetime.combine(today, dt.time(12, 0)))
    at += dt.timedelta(days=-days_ago, minutes=minutes)
    now = timezone.now()
    if at > now:
        midnight = timezone.make_aware(dt.datetime.combine(today, dt.time(0, 0)))
        # Halfway between midnight and now, ``minutes`` shifting it by a thousandth of the span.
        at = midnight + (now - midnight) * (0.5 + minutes / 1000)
    return at


def application_make(
    *services: ProgrammeService,
    by: Any,
    person: Person | None = None,
    minutes_ago: int = 0,
    filed_at: dt.datetime | None = None,
    channel: str = Channel.PHONE,
    **person_fields: Any,
) -> Application:
    """File an application for ``services`` through the service, acting as ``by``: for
    ``person``, or a new person made with ``person_fields``; ``minutes_ago`` minutes ago unless
    ``filed_at`` is given."""
    assert person is None or not person_fields, "pass a person or the fields of a new one"
    return application_file(
        person=person or PersonFactory.create(**person_fields),
        services=list(services),
        channel=channel,
        acting_user=by,
        filed_at=filed_at or timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def item_make(
    service: ProgrammeService,
    *,
    by: Any,
    person: Person | None = None,
    minutes_ago: int = 0,
    filed_at: dt.datetime | None = None,
    channel: str = Channel.PHONE,
    **person_fields: Any,
) -> ApplicationItem:
    """File for one service (as ``application_make``) and return the requested item."""
    return application_make(
        service,
        by=by,
        person=person,
        minutes_ago=minutes_ago,
        filed_at=filed_at,
        channel=channel,
        **person_fields,
    ).items.get()


def announced_round(
    service: ProgrammeService,
    by: Any,
    allocation: str,
    *,
    opens_on: dt.date,
    closes_on: dt.date,
    **kwargs: Any,
) -> EnrolmentRound:
    """A round with these dates, announced (created, as the rules want) at noon the day before
    it opens: the clock is moved back for its creation when that day is already past."""
    if opens_on > timezone.localdate():
        return enrolment_round_create(
            service=service,
            opens_on=opens_on,
            closes_on=closes_on,
            allocation=allocation,
            acting_user=by,
            **kwargs,
        )
    eve = dt.datetime.combine(opens_on - dt.timedelta(days=1), dt.time(12))
    # In UTC: a ZoneInfo destination would make time-machine change the process's TZ.
    with time_machine.travel(timezone.make_aware(eve).astimezone(dt.UTC), tick=False):
        return enrolment_round_create(
            service=service,
            opens_on=opens_on,
            closes_on=closes_on,
            allocation=allocation,
            acting_user=by,
            **kwargs,
        )


def closed_round(
    service: ProgrammeService, by: Any, allocation: str, **kwargs: Any
) -> EnrolmentRound:
    """An enrolment round that ran from ten days ago to yesterday (announced the day before)."""
    today = timezone.localdate()
    return announced_round(
        service,
        by,
        allocation,
        opens_on=today - dt.timedelta(days=10),
        closes_on=today - dt.timedelta(days=1),
        **kwargs,
    )


def contract_for(service: ProgrammeService, **line: Any) -> ContractLine:
    """A line for ``service`` in a new provider's contract in force from 30 days ago to 60
    days ahead: that provider delivers the service today."""
    today = timezone.localdate()
    return ContractLineFactory.create(
        service=service,
        contract__valid_from=today - dt.timedelta(days=30),
        contract__valid_to=today + dt.timedelta(days=60),
        **line,
    )


def entitlement_grant_make(
    service: ProgrammeService, *, by: Any, person: Person | None = None
) -> Entitlement:
    """File for ``service`` and qualify: the entitlement qualification grants (its provider
    chosen when one provider alone has a contract for the service today)."""
    item = item_qualify(item=item_make(service, by=by, person=person), acting_user=by)
    return Entitlement.objects.get(item=item)


def item_make_at_noon(
    service: ProgrammeService, *, by: Any, days_ago: int = 0, minutes: int = 0, **person_fields: Any
) -> ApplicationItem:
    """File for a new senior (``person_fields`` change them) at ``noon(days_ago, minutes)``:
    rounds count days, so the hour is fixed."""
    return item_make(
        service,
        by=by,
        person=senior(**person_fields),
        filed_at=noon(days_ago=days_ago, minutes=minutes),
    )
