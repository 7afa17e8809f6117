"""The demo centre's volunteer centre (Centrum Wolontariatu), run by Ewa Jaworska (the demo
account ``volunteer_coordinator``).

- **The pool**: six adult volunteers and two minors — Zuzanna (15, with her mother's written
  consent) and Filip (12, his father concludes the agreement) — with skills and free days.
  Julia Kamińska is the demo account ``volunteer``: she logs her own hours.
- **Agreements**: written ones for a year or open-ended, oral ones of 30 days or fewer (one
  confirmed in writing on request); accident insurance where the agreement needs it; the
  health-and-safety briefing; the child-protection checks of those who work with children.
- **Needs and assignments**: shopping help for two seniors of os. Łazy (entitled to the
  centre's "Pomoc wolontariusza", so the hours go on their cards through the ledger), the
  family picnic on os. Wzgórze, homework help in the day room (work with children), the
  e-seniors' café; one need still open for the matching page.
- **Hours**: confirmed over the last weeks, and a few waiting for the coordinator; a travel
  claim and a written waiver; a certificate issued and an opinion waiting.

Dates are relative to the day the demo is built. Built once: when any volunteer exists,
nothing is added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import Programme, ProgrammeService
from opencus.core.roles import Role
from opencus.intake import services as intake
from opencus.intake.models import Application, Channel, Entitlement, ItemState
from opencus.people.models import Person
from opencus.volunteering import services
from opencus.volunteering.models import (
    AgreementForm,
    CheckKind,
    CheckResult,
    DocumentKind,
    Volunteer,
)
from opencus.volunteering.selectors import agreement_in_force

AREA = (Decimal("51.0520"), Decimal("21.0790"))
#: (first name, surname, age, skills, weekdays, phone, account, agreement: (form, days or None))
POOL: tuple[tuple[str, str, int, tuple[str, ...], tuple[int, ...], str, str, Any], ...] = (
    (
        "Julia",
        "Kamińska",
        24,
        ("shopping", "company", "digital"),
        (0, 2, 4),
        "600 410 201",
        "volunteer",
        (AgreementForm.WRITTEN, 365),
    ),
    (
        "Tadeusz",
        "Wróblewski",
        67,
        ("company", "handywork", "transport"),
        (1, 3),
        "600 410 202",
        "",
        (AgreementForm.WRITTEN, None),
    ),
    (
        "Karolina",
        "Zając",
        31,
        ("childcare", "tutoring", "events"),
        (1, 3, 5),
        "600 410 203",
        "",
        (AgreementForm.WRITTEN, 365),
    ),
    (
        "Marek",
        "Pietrzyk",
        45,
        ("events", "transport"),
        (5, 6),
        "600 410 204",
        "",
        (AgreementForm.ORAL, 30),
    ),
    (
        "Olena",
        "Kovalenko",
        38,
        ("translation", "company"),
        (0, 1, 2, 3, 4),
        "600 410 205",
        "",
        (AgreementForm.WRITTEN, None),
    ),
    (
        "Anna",
        "Lewandowska",
        52,
        ("shopping", "company"),
        (0, 3),
        "600 410 206",
        "",
        (AgreementForm.ORAL, 21),
    ),
    (
        "Zuzanna",
        "Michalska",
        15,
        ("events", "childcare"),
        (5,),
        "600 410 207",
        "",
        (AgreementForm.WRITTEN, 180),
    ),
    ("Filip", "Grabowski", 12, ("events",), (5,), "", "", (AgreementForm.ORAL, 14)),
)
SCOPES = {
    "shopping": "Pomoc seniorom w zakupach i drobnych sprawach do załatwienia.",
    "company": "Odwiedziny i rozmowy z osobami samotnymi.",
    "childcare": "Zajęcia z dziećmi w świetlicy i pomoc w odrabianiu lekcji.",
    "events": "Pomoc przy wydarzeniach Centrum: przygotowanie, obsługa stoisk, sprzątanie.",
    "translation": "Tłumaczenie rozmów z osobami z Ukrainy w Centrum Pomocy Uchodźcom.",
    "handywork": "Drobne naprawy i prace w ogrodzie u seniorów.",
}


def _born(age: int, today: dt.date) -> dt.date:
    # Born some months before the birthday in the age given (so the age holds all season).
    return (
        dt.date(today.year - age, 1, 15)
        if today.month > 1
        else dt.date(today.year - age - 1, 6, 15)
    )


def _entitled_seniors(users: dict[Any, Any], today: dt.date, count: int) -> list[Entitlement]:
    """Seniors entitled to volunteer help: those who have applied before, else seniors of the
    registry apply by phone and qualify (their entitlement dated two months back, as if they
    had applied then)."""
    service = (
        ProgrammeService.objects.filter(
            slug=services.HELP_SERVICE, programme__in=Programme.objects.current(today)
        )
        .order_by("-programme__valid_from", "id")
        .first()
    )
    if service is None:
        return []
    found = list(
        Entitlement.objects.in_force(today)
        .filter(service=service)
        .select_related("person")
        .order_by("id")[:count]
    )
    clerk, organiser = users[Role.CLIENT_OFFICE], users[Role.SERVICE_ORGANISER]
    applied = Application.objects.values("person_id")
    candidates = Person.objects.filter(archived_at__isnull=True, pesel__isnull=False).exclude(
        pk__in=applied
    )
    for person in list(candidates.order_by("-id")[:800])[3::13]:
        if len(found) >= count:
            break
        if person.age_on(today) < 70 or not eligibility_check(person, service, on=today).eligible:
            continue
        application = intake.application_file(
            person=person, services=[service], channel=Channel.PHONE, acting_user=clerk
        )
        item = intake.item_qualify(item=application.items.get(), acting_user=organiser)
        if item.state == ItemState.QUALIFIED:
            found.append(Entitlement.objects.select_related("person").get(item=item))
    start = today - dt.timedelta(days=70)
    for entitlement in found:
        if entitlement.starts_on > start:
            Entitlement.objects.filter(pk=entitlement.pk).update(starts_on=start)
            entitlement.starts_on = start
    return found


def seed_volunteering(*, users: dict[Any, Any], today: dt.date, created: Counter[str]) -> None:
    if Volunteer.objects.exists():
        return
    coordinator = users[Role.VOLUNTEER_COORDINATOR]
    pool: dict[str, Volunteer] = {}
    for first, last, age, skills, days, phone, username, (form, length) in POOL:
        user = User.objects.filter(username=username).first() if username else None
        volunteer = services.volunteer_save(
            data=services.VolunteerData(
                first_name=first,
                last_name=last,
                birth_date=_born(age, today),
                phone=phone,
                address="Starachowice",
                latitude=AREA[0] + Decimal(len(pool)) / 500,
                longitude=AREA[1] - Decimal(len(pool)) / 400,
                skills=skills,
                weekdays=days,
                availability="po południu" if age < 19 else "",
                user=user,
            ),
            acting_user=coordinator,
        )
        pool[first] = volunteer
        created["volunteering.Volunteer"] += 1
        start = today - dt.timedelta(days=60 if form == AgreementForm.WRITTEN else 10)
        minor: dict[str, str] = {}
        if age < 13:
            minor = {"representative_name": "Piotr Grabowski (ojciec)"}
        elif age < 18:
            minor = {
                "representative_name": "Monika Michalska (matka)",
                "consent_reference": f"Pisemna zgoda z {start:%d.%m.%Y}",
            }
        agreement = services.agreement_conclude(
            volunteer=volunteer,
            data=services.AgreementData(
                form=form,
                starts_on=start,
                ends_on=None if length is None else start + dt.timedelta(days=length - 1),
                scope=SCOPES[skills[0]],
                manner="W uzgodnione dni, po wcześniejszym umówieniu z koordynatorką "
                "wolontariatu; wolontariusz wpisuje godziny pracy w systemie.",
                termination="Każda ze stron może rozwiązać porozumienie z 7-dniowym "
                "wypowiedzeniem, a w razie rażącego naruszenia jego postanowień — ze skutkiem "
                "natychmiastowym, w formie pisemnej.",
                concluded_on=start,
                **minor,
            ),
            acting_user=coordinator,
        )
        created["volunteering.Agreement"] += 1
        services.briefing_record(
            volunteer=volunteer,
            held_on=start,
            held_by="Ewa Jaworska, koordynatorka wolontariatu",
            acting_user=coordinator,
        )
        if agreement.needs_insurance:
            services.insurance_record(
                volunteer=volunteer,
                insurer="PZU SA",
                number=f"NNW/2026/{1000 + len(pool)}",
                valid_from=start,
                valid_to=start + dt.timedelta(days=364),
                acting_user=coordinator,
            )
        if "childcare" in skills or "tutoring" in skills:
            for kind in CheckKind:
                services.check_record(
                    volunteer=volunteer,
                    kind=kind,
                    checked_on=start - dt.timedelta(days=7),
                    result=CheckResult.CLEAR,
                    document_number=f"{'KRK' if kind == CheckKind.CRIMINAL_RECORD else 'RSTS'}"
                    f"/{start:%Y}/{len(pool):03d}",
                    acting_user=coordinator,
                )
        services.offer_record(
            volunteer=volunteer,
            title=SCOPES[skills[0]],
            skills=skills,
            with_children="childcare" in skills,
            acting_user=coordinator,
        )
    services.agreement_confirmation_request(
        agreement=pool["Anna"].agreements.get(), acting_user=coordinator
    )
    _needs(pool, users, today, coordinator, created)


def _needs(
    pool: dict[str, Volunteer],
    users: dict[Any, Any],
    today: dt.date,
    coordinator: Any,
    created: Counter[str],
) -> None:
    social_worker = users[Role.SOCIAL_WORKER]
    seniors = _entitled_seniors(users, today, 2)
    placements: list[tuple[Any, list[str], int]] = []
    for entitlement, helper in zip(seniors, ("Julia", "Anna"), strict=False):
        person = entitlement.person
        need = services.need_create(
            data=services.NeedData(
                title=f"Zakupy i towarzystwo: {person.first_name} {person.last_name[0]}.",
                description="Zakupy spożywcze raz w tygodniu i krótka rozmowa; seniorka "
                "mieszka sama na os. Łazy.",
                skills=("shopping", "company"),
                starts_on=today - dt.timedelta(days=28),
                ends_on=today + dt.timedelta(days=60),
                place="os. Łazy, Starachowice",
                latitude=AREA[0],
                longitude=AREA[1],
            ),
            person=person,
            acting_user=social_worker,
        )
        placements.append((need, [helper], 2))
    picnic = services.need_create(
        data=services.NeedData(
            title="Festyn rodzinny na os. Wzgórze",
            description="Obsługa stoisk, gry dla dzieci pod opieką animatorki, sprzątanie.",
            skills=("events",),
            starts_on=today - dt.timedelta(days=6),
            ends_on=today - dt.timedelta(days=6),
            place="os. Wzgórze, boisko przy szkole",
            volunteers_needed=4,
        ),
        acting_user=coordinator,
    )
    placements.append((picnic, ["Marek", "Zuzanna", "Filip"], 5))
    homework = services.need_create(
        data=services.NeedData(
            title="Odrabianie lekcji w świetlicy",
            description="Pomoc dzieciom z klas 1–3 w odrabianiu lekcji, wtorki i czwartki.",
            skills=("tutoring", "childcare"),
            starts_on=today - dt.timedelta(days=21),
            ends_on=today + dt.timedelta(days=90),
            place="Świetlica CUS, ul. Armii Krajowej 25",
            with_children=True,
        ),
        acting_user=coordinator,
    )
    placements.append((homework, ["Karolina"], 2))
    services.need_create(
        data=services.NeedData(
            title="Dyżur w Kawiarence e-Seniorek",
            description="Pomoc seniorom w obsłudze telefonów i komputerów.",
            skills=("digital",),
            starts_on=today + dt.timedelta(days=3),
            ends_on=today + dt.timedelta(days=33),
            place="Kawiarenka e-Seniorek",
        ),
        acting_user=coordinator,
    )
    created["volunteering.Need"] += len(placements) + 1
    julia = pool["Julia"].user
    for need, names, hours in placements:
        for name in names:
            volunteer = pool[name]
            agreement = agreement_in_force(volunteer, today)
            if agreement is None:
                continue
            assignment = services.assignment_create(
                need=need,
                volunteer=volunteer,
                acting_user=coordinator,
                starts_on=max(need.starts_on, agreement.starts_on),
                ends_on=min(need.ends_on, agreement.ends_on or need.ends_on),
            )
            created["volunteering.Assignment"] += 1
            days = sorted(
                {
                    max(assignment.starts_on, today - dt.timedelta(days=offset))
                    for offset in (21, 14, 7, 0)
                }
            )
            for day in days:
                if day > min(today, assignment.ends_on) or not assignment.agreement.in_force_on(
                    day
                ):
                    continue
                own = volunteer.user is not None
                log = services.hours_log(
                    assignment=assignment,
                    worked_on=day,
                    hours=hours,
                    scope=need.title,
                    acting_user=julia if own else coordinator,
                )
                created["volunteering.HoursLog"] += 1
                if day < today - dt.timedelta(days=3):
                    services.hours_confirm(log=log, acting_user=coordinator)
    services.travel_claim_record(
        volunteer=pool["Marek"],
        incurred_on=today - dt.timedelta(days=6),
        amount=Decimal("18.60"),
        description="Dojazd z materiałami na festyn (bilety MZK)",
        acting_user=coordinator,
    )
    services.waiver_record(
        volunteer=pool["Tadeusz"],
        signed_on=today - dt.timedelta(days=60),
        document_reference="Oświadczenie o rezygnacji ze zwrotu kosztów podróży",
        written=True,
        acting_user=coordinator,
    )
    certificate = services.document_request(
        volunteer=pool["Karolina"], kind=DocumentKind.CERTIFICATE, acting_user=coordinator
    )
    services.document_issue(document=certificate, acting_user=coordinator)
    if julia is not None:
        services.document_request(
            volunteer=pool["Julia"], kind=DocumentKind.OPINION, acting_user=julia
        )
