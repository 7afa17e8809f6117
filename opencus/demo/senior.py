"""The demo centre's Senior+ places and cultural vouchers (activities, senior part).

- **Dzienny Dom Senior+** in the Galeria „Skałka”, run by the Fundacja „Bliżej” under its
  contract: 30 places, Monday to Friday 7:30–15:30 (the programme's 8 hours a day), two meals a
  day (one hot). Members admitted by decision, among them the seniors the taxi brings every
  weekday (their recurring rides), so the register shows "comes by bus". A month of the daily
  register: each working day, most members present, their meals, the days into the ledger.
- **Klub Senior+ „Niezapominajka”**, run by the Spółdzielnia Socjalna „Integracja”: 40
  places, Monday to Friday 10:00–14:00 (the programme's 20 hours a week); members admitted by
  declaration.
- **Vouchers**: cinema passes for Kino Kultura (2 a month per entitlement) and museum visits
  at the Muzeum Przyrody i Techniki, issued by the client office; some redeemed at the venue by
  its staff (user ``kino``, with the demo password, a staff member of the Starachowickie
  Centrum Kultury), one expired, the rest still valid.

Members are people with an entitlement to the service in force; when there are too few, seniors
apply and qualify, their entitlement dated from the start of the register's month, as the
ledger's demo does. Dates are relative to the day the demo is built. Built once: when any
facility exists, nothing is added.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError

from opencus.activities.daycare_services import (
    attendance_mark,
    facility_hours_set,
    member_admit,
)
from opencus.activities.models import Facility, FacilityKind, Membership, Voucher
from opencus.activities.voucher_services import voucher_issue, voucher_redeem, vouchers_expire
from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import Location, Programme, ProgrammeService, QualificationMode
from opencus.core.roles import Role
from opencus.intake import services as intake
from opencus.intake.models import Application, Channel, Entitlement, ItemState
from opencus.people.models import Person
from opencus.providers.models import ContractLine, ProviderStaff
from opencus.transport.models import RideSeries

DAY_HOME = "dzienny-dom-senior-plus"
CLUB = "klub-senior-plus-niezapominajka"
CINEMA = "wejsciowki-kino-kultura"
MUSEUM = "muzeum-przyrody-i-techniki"
DAY_HOME_MEMBERS = 14
CLUB_MEMBERS = 16
CINEMA_PEOPLE = 8
MUSEUM_PEOPLE = 3
#: The days of the register: the last 30.
REGISTER_DAYS = 30
WEEKEND = 5
VENUE_USER = ("kino", "Katarzyna", "Zielińska")


def _service(slug: str, today: dt.date) -> ProgrammeService | None:
    return (
        ProgrammeService.objects.filter(slug=slug, programme__in=Programme.objects.current(today))
        .order_by("-programme__valid_from", "id")
        .first()
    )


def _provider_of(service: ProgrammeService, today: dt.date) -> Any:
    line = (
        ContractLine.objects.filter(
            service=service, contract__valid_from__lte=today, contract__valid_to__gte=today
        )
        .select_related("contract__provider")
        .order_by("id")
        .first()
    )
    return line.contract.provider if line is not None else None


def _entitled(
    service: ProgrammeService,
    users: dict[Any, Any],
    today: dt.date,
    count: int,
    *,
    first: list[Person] | None = None,
    since: dt.date,
) -> list[Entitlement]:
    """``count`` entitlements to ``service`` in force today, ``first`` people's first; seniors
    without one apply and qualify (dated from ``since``, as if granted then)."""
    clerk, organiser = users[Role.CLIENT_OFFICE], users[Role.SERVICE_ORGANISER]
    chosen: list[Entitlement] = []
    people = list(first or [])
    existing = list(
        Entitlement.objects.in_force(today).filter(service=service).select_related("person")
    )
    taken = {entitlement.person_id for entitlement in existing}
    by_person = {entitlement.person_id: entitlement for entitlement in existing}
    applied = Application.objects.values("person_id")
    candidates = (
        Person.objects.filter(archived_at__isnull=True, pesel__isnull=False)
        .exclude(pk__in=applied)
        .order_by("id")
    )
    people += [entitlement.person for entitlement in existing]
    people += list(candidates[:3000])[5::9]
    seen: set[int] = set()
    for person in people:
        if len(chosen) >= count:
            break
        if person.pk in seen:
            continue
        seen.add(person.pk)
        if person.pk in by_person:
            chosen.append(by_person[person.pk])
            continue
        if person.pk in taken or person.age_on(today) < 60:
            continue
        if not eligibility_check(person, service, on=today).eligible:
            continue
        application = intake.application_file(
            person=person, services=[service], channel=Channel.PHONE, acting_user=clerk
        )
        item = application.items.get()
        try:
            if service.qualification_mode == QualificationMode.DECISION:
                # The day home: social assistance, granted by an administrative decision.
                item = intake.item_record_decision(
                    item=item,
                    number=f"DDS.4011.{100 + len(chosen)}.{today.year}",
                    decided_on=today,
                    granted=True,
                    acting_user=organiser,
                )
            else:
                item = intake.item_qualify(item=item, acting_user=organiser)
        except ValidationError:
            continue
        if item.state != ItemState.QUALIFIED:
            continue
        entitlement = Entitlement.objects.select_related("person").get(item=item)
        if entitlement.starts_on > since:
            Entitlement.objects.filter(pk=entitlement.pk).update(starts_on=since)
            entitlement.starts_on = since
        chosen.append(entitlement)
    return chosen


def _facility(
    kind: str,
    name: str,
    service: ProgrammeService,
    today: dt.date,
    *,
    capacity: int,
    meals: int,
) -> Facility:
    return Facility.objects.create(
        kind=kind,
        name=name,
        location=Location.objects.filter(name_pl=name).first(),
        service=service,
        provider=_provider_of(service, today),
        capacity=capacity,
        meals_per_day=meals,
    )


def _admit(
    facility: Facility, entitlements: list[Entitlement], since: dt.date, organiser: Any
) -> list[Membership]:
    members = []
    for number, entitlement in enumerate(entitlements, start=1):
        starts_on = max(since, entitlement.starts_on)
        try:
            members.append(
                member_admit(
                    facility=facility,
                    person=entitlement.person,
                    starts_on=starts_on,
                    basis_reference=(
                        f"DDS.8140.{number}.{starts_on.year}"
                        if facility.kind == FacilityKind.DAY_HOME
                        else starts_on.strftime("%d.%m.%Y")
                    ),
                    acting_user=organiser,
                )
            )
        except ValidationError:
            continue
    return members


def _venue_user(provider: Any, like: User, today: dt.date) -> User:
    username, first_name, last_name = VENUE_USER
    user = User.objects.filter(username=username).first()
    if user is None:
        # The demo password: the same hash as the demo's other accounts.
        user = User.objects.create(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@opencus.example.org",
            password=like.password,
        )
    user.groups.add(Group.objects.get(name=Role.PROVIDER_STAFF.value))
    if not ProviderStaff.objects.filter(user=user, ended_on__isnull=True).exists():
        ProviderStaff.objects.create(provider=provider, user=user, valid_from=today)
    return user


def seed_senior(*, users: dict[Any, Any], today: dt.date, created: Counter[str]) -> None:
    if Facility.objects.exists():
        return
    organiser, clerk = users[Role.SERVICE_ORGANISER], users[Role.CLIENT_OFFICE]
    rng = random.Random(2031)  # noqa: S311 - synthetic demo data
    since = today - dt.timedelta(days=REGISTER_DAYS)
    day_home_service, club_service = _service(DAY_HOME, today), _service(CLUB, today)
    if day_home_service is not None:
        home = _facility(
            FacilityKind.DAY_HOME,
            "Dzienny Dom Senior+",
            day_home_service,
            today,
            capacity=30,
            meals=2,
        )
        weekdays = {day: (dt.time(7, 30), dt.time(15, 30)) for day in range(1, 6)}
        facility_hours_set(facility=home, hours=weekdays, acting_user=organiser)
        riders = [
            series.person
            for series in RideSeries.objects.filter(is_active=True).select_related("person")
        ]
        entitlements = _entitled(
            day_home_service, users, today, DAY_HOME_MEMBERS, first=riders, since=since
        )
        members = _admit(home, entitlements, since, organiser)
        created["activities.Facility"] += 1
        created["activities.Membership"] += len(members)
        marked = 0
        for offset in range(REGISTER_DAYS, -1, -1):
            day = today - dt.timedelta(days=offset)
            if day.weekday() >= WEEKEND:
                continue
            for member in members:
                if not member.covers(day):
                    continue
                present = rng.random() < 0.85
                attendance_mark(
                    facility=home,
                    membership=member,
                    day=day,
                    present=present,
                    meals=rng.choice([1, 2, 2, 2]) if present else None,
                    acting_user=organiser,
                )
                marked += 1
        created["activities.AttendanceMark"] += marked
    if club_service is not None:
        club = _facility(
            FacilityKind.CLUB,
            "Klub Senior+ „Niezapominajka”",
            club_service,
            today,
            capacity=40,
            meals=0,
        )
        facility_hours_set(
            facility=club,
            hours={day: (dt.time(10), dt.time(14)) for day in range(1, 6)},
            acting_user=organiser,
        )
        entitlements = _entitled(club_service, users, today, CLUB_MEMBERS, since=since)
        created["activities.Facility"] += 1
        created["activities.Membership"] += len(_admit(club, entitlements, since, organiser))
    _seed_vouchers(users=users, today=today, created=created, clerk=clerk, since=since)


def _seed_vouchers(
    *, users: dict[Any, Any], today: dt.date, created: Counter[str], clerk: Any, since: dt.date
) -> None:
    cinema = _service(CINEMA, today)
    if cinema is None:
        return
    entitlements = [
        entitlement
        for entitlement in _entitled(cinema, users, today, CINEMA_PEOPLE, since=since)
        if entitlement.provider_id is not None
    ]
    if not entitlements:
        return
    staff = _venue_user(entitlements[0].provider, users[Role.PROVIDER_STAFF], today)
    issued: list[Voucher] = []
    for index, entitlement in enumerate(entitlements):
        for _copy in range(2 if index % 2 == 0 else 1):
            try:
                issued.append(
                    voucher_issue(
                        person=entitlement.person,
                        service=cinema,
                        acting_user=clerk,
                        valid_from=today.replace(day=1),
                        valid_until=today + dt.timedelta(days=21),
                    )
                )
            except ValidationError:
                continue
    # Some used at the cinema already; one left to expire (issued last month, never used).
    for voucher in issued[::3]:
        voucher_redeem(voucher=voucher, acting_user=staff)
    if len(issued) > 2:
        Voucher.objects.filter(pk=issued[1].pk).update(
            valid_from=since, valid_until=today - dt.timedelta(days=1)
        )
        vouchers_expire(on=today)
    museum = _service(MUSEUM, today)
    if museum is not None:
        for entitlement in _entitled(museum, users, today, MUSEUM_PEOPLE, since=since):
            if entitlement.provider_id is None:
                continue
            try:
                issued.append(
                    voucher_issue(person=entitlement.person, service=museum, acting_user=clerk)
                )
            except ValidationError:
                continue
    created["activities.Voucher"] += len(issued)
