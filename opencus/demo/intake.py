"""The demo centre's applications: requests in every state, queues with waiting lists, one
finished lottery round, decisions of the day home, and requests for services not offered (the
ones residents named at the meeting of 15 December 2021, see the seeds).

Built through the intake services, as a clerk would, so every row has its transition log and
audit trail. Deterministic (a fixed random seed; only the lottery draws its own seed, as every
round does) and built once: when applications exist, nothing is added.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import Programme, ProgrammeService
from opencus.core.identifiers import pesel_make
from opencus.intake import services as intake
from opencus.intake.demand import unmet_demand_record_request, unmet_demand_sync
from opencus.intake.enrolment import enrolment_round_draw, enrolment_round_record_past
from opencus.intake.models import (
    Allocation,
    Application,
    Channel,
    DeliveryChannel,
    ItemState,
    Notice,
    OnlineApplication,
)
from opencus.intake.online import online_application_receive
from opencus.people.models import ConsentPurpose, Person

#: Services whose queues are filled past their places, so that the demo shows waiting lists.
OVERSUBSCRIBED = {"mobilny-fizjoterapeuta": 6, "pielegniarka": 4}
#: Services with a handful of requests each.
ORDINARY = (
    "taksowka-dla-seniora",
    "zlota-raczka",
    "aqua-aerobik",
    "wejsciowki-kino-kultura",
    "klub-senior-plus-niezapominajka",
    "kawiarenka-e-seniorek",
    # Delivered by the centre itself: its deliveries are in the ledger with no contract.
    "broker-pracy",
)
LOTTERY_SERVICE = "nauka-plywania"
DECISION_SERVICE = "dzienny-dom-senior-plus"
NOT_OFFERED = (
    "sprzątanie i pomoc w prowadzeniu domu",
    "wyjazdy na baseny mineralne",
    "gimnastyka korekcyjna",
    "zajęcia jogi",
    "więcej godzin pielęgniarki",
)


#: The services the demo's two online applications ask for.
ONLINE_SERVICES = ("taksowka-dla-seniora", "pielegniarka")


def seed_online_applications(*, created: Counter[str]) -> None:
    """Two applications sent through the public form, waiting for the client office's check:
    a resident not in the registry yet, and a registered senior typed with another surname
    (the clerk sees the match and decides). Built once: when any exists, nothing is added."""
    if OnlineApplication.objects.exists():
        return
    # The current programme's services only: the 2021 edition has services of the same names.
    services = list(
        ProgrammeService.objects.filter(
            slug__in=ONLINE_SERVICES,
            is_public=True,
            programme__in=Programme.objects.current(timezone.localdate()),
        ).order_by("id")
    )
    if not services:
        return
    known = (
        Person.objects.filter(archived_at__isnull=True, pesel__isnull=False)
        .order_by("birth_date", "id")
        .first()
    )
    typed = [
        {
            "first_name": "Krystyna",
            "last_name": "Sobczak",
            "pesel": pesel_make(dt.date(1946, 3, 9), 482, "F"),
            "phone": "533 100 200",
            "street": "Radomska",
            "building_number": "41",
            "flat_number": "3",
            "postcode": "27-200",
            "locality": "starachowice",
            "preferred_language": "pl",
        }
    ]
    if known is not None:
        typed.append(
            {
                "first_name": known.first_name,
                "last_name": f"{known.last_name}-Nowak",
                "pesel": known.pesel or "",
                "phone": "533 300 400",
                "street": known.street,
                "building_number": known.building_number,
                "postcode": known.postcode,
                "locality": known.locality,
                "preferred_language": "pl",
            }
        )
    for fields in typed:
        online_application_receive(
            fields=fields,
            services=services,
            consents=[ConsentPurpose.SERVICES, ConsentPurpose.CONTACT_SMS],
            acting_user=AnonymousUser(),
        )
        created["intake.OnlineApplication"] += 1


def seed_intake(*, users: dict[Any, Any], today: dt.date, created: Counter[str]) -> None:
    if Application.objects.exists():
        return
    from opencus.core.roles import Role

    clerk, organiser = users[Role.CLIENT_OFFICE], users[Role.SERVICE_ORGANISER]
    rng = random.Random(2026)  # noqa: S311 - synthetic demo data
    current = ProgrammeService.objects.filter(
        programme__in=Programme.objects.current(today)
    ).select_related("programme")
    by_slug = {service.slug: service for service in current}
    seniors = [
        person
        for person in Person.objects.filter(archived_at__isnull=True).order_by("id")
        if person.age_on(today) >= 60 and person.pesel
    ]
    rng.shuffle(seniors)
    pool = iter(seniors)
    now = timezone.now()
    # Early in a year the current programmes have only just begun: nothing is filed before.
    starts = [service.programme.valid_from for service in by_slug.values()]
    earliest = timezone.make_aware(dt.datetime.combine(max(starts, default=today), dt.time(8)))

    def filed(days_ago: float) -> dt.datetime:
        at = now - dt.timedelta(days=days_ago, minutes=rng.randint(0, 600))
        return min(max(at, earliest + dt.timedelta(minutes=rng.randint(0, 600))), now)

    def file(person: Person, service: ProgrammeService, days_ago: float) -> Any:
        application = intake.application_file(
            person=person,
            services=[service],
            channel=rng.choice([Channel.PHONE, Channel.IN_PERSON, Channel.IN_PERSON]),
            acting_user=clerk,
            filed_at=filed(days_ago),
        )
        created["intake.Application"] += 1
        return application.items.get()

    def decide(item: Any) -> Any:
        if not eligibility_check(item.person, item.service, on=today).eligible:
            return intake.item_refuse(
                item=item,
                reason="Nie spełnia Pan/Pani warunków korzystania z usługi (wiek lub miejsce "
                "zamieszkania).",
                acting_user=organiser,
            )
        return intake.item_qualify(item=item, acting_user=organiser)

    # Oversubscribed services: places filled in filing order, the rest wait.
    for slug, extra in OVERSUBSCRIBED.items():
        service = by_slug.get(slug)
        if service is None or service.capacity is None:
            continue
        wanted = service.capacity + extra
        items = [file(person, service, 80 - 70 * i / wanted) for i, person in _take(pool, wanted)]
        for item in sorted(items, key=lambda i: (i.filed_at, i.pk)):
            decide(item)

    # Ordinary services: most qualified, a few refused, withdrawn, assessed or still new.
    for slug in ORDINARY:
        service = by_slug.get(slug)
        if service is None:
            continue
        items = [file(person, service, 60 - 6 * i) for i, person in _take(pool, 8)]
        for index, item in enumerate(sorted(items, key=lambda i: (i.filed_at, i.pk))):
            if index == 6:
                intake.needs_assessment_record(
                    application=item.application,
                    acting_user=users[Role.SOCIAL_WORKER],
                    assessed_on=timezone.localtime(item.filed_at).date(),
                    place="home",
                    notes="Rozpoznanie w miejscu zamieszkania; osoba porusza się z balkonikiem.",
                    fitting_services=[service],
                    plan_needed=slug == "zlota-raczka",
                )
                continue
            if index == 7:
                continue  # filed, not yet looked at
            item = decide(item)
            if index == 2 and item.state in (ItemState.QUALIFIED, ItemState.WAITING):
                intake.item_withdraw(
                    item=item, acting_user=clerk, reason="Rezygnacja zgłoszona telefonicznie."
                )

    # A finished lottery round for the swimming lessons. Its dates are in the past, which the
    # organiser's pages refuse (a round is announced before it opens): the demo records it as
    # history, through the service that says so and writes the reason. It is drawn like any
    # round, after it closed, with a seed from ``secrets`` (only who is drawn differs from one
    # fresh demo to another; seeding again adds nothing).
    service = by_slug.get(LOTTERY_SERVICE)
    entrants = [file(person, service, 39 - i) for i, person in _take(pool, 14)] if service else []
    if service is not None and entrants:
        days = [timezone.localtime(item.filed_at).date() for item in entrants]
        opens, closes = min(days), max(days)
    if service is not None and entrants and closes < today:
        enrolment_round = enrolment_round_record_past(
            service=service,
            opens_on=opens,
            closes_on=closes,
            allocation=Allocation.LOTTERY,
            places=8,
            acting_user=organiser,
            reason="historia centrum demonstracyjnego",
        )
        enrolment_round_draw(enrolment_round=enrolment_round, acting_user=organiser)
        created["intake.EnrolmentRound"] += 1

    # The day home: social assistance, granted or refused by an administrative decision.
    service = by_slug.get(DECISION_SERVICE)
    day_home = [file(p, service, 30 - 5 * i) for i, p in _take(pool, 3)] if service else []
    for item, granted, number in zip(
        day_home[:2], (True, False), ("DDS.4011.1.2026", "DDS.4011.2.2026"), strict=False
    ):
        intake.item_record_decision(
            item=item,
            number=number,
            decided_on=max(timezone.localtime(item.filed_at).date(), today - dt.timedelta(days=2)),
            granted=granted,
            reason=""
            if granted
            else "Brak wolnych miejsc w Dziennym Domu Senior+; zaproponowano Klub Senior+.",
            acting_user=organiser,
        )

    for text in NOT_OFFERED:
        try:
            unmet_demand_record_request(
                text=text, acting_user=clerk, recorded_on=today - dt.timedelta(days=7)
            )
        except ValidationError:  # pragma: no cover - the texts are valid
            continue
        created["intake.UnmetDemand"] += 1
    created["intake.UnmetDemand"] += unmet_demand_sync(acting_user=organiser)
    # Notices about requests filed more than two weeks ago went out by post long since (those
    # to people who agreed to e-mail go by e-mail); the client office's list keeps the recent.
    cutoff = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=14), dt.time()))
    created["intake.Notice"] += Notice.objects.count()
    Notice.objects.filter(delivered_at__isnull=True, email="", item__filed_at__lt=cutoff).update(
        delivered_at=timezone.now(), channel=DeliveryChannel.POST, delivered_by=clerk
    )


def _take(pool: Any, count: int) -> list[tuple[int, Person]]:
    """Up to ``count`` people from the pool (a small demo has fewer seniors)."""
    taken = []
    for index in range(count):
        person = next(pool, None)
        if person is None:
            break
        taken.append((index, person))
    return taken
