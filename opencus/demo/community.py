"""The demo centre's community organising (OSL): the three Starachowice communities of the
seed articles as real records, with the OSL team, a year of plans and events, leaders, groups
and residents' initiatives; the meeting of 15 December 2021 with its requests in the
unmet-demand register; and the seniors' council (Starachowicka Rada Seniorów).

- **Communities** (``data.COMMUNITIES``): os. Wzgórze and the blocks on ul. Ostrowiecka
  (territorial, their streets with the coordinates of ``streets.py``; the streets' TERYT ULIC
  codes are not in the seed, so they stay empty until a clerk types them) and the seniors of
  os. Łazy (categorical). Populations are the demo's residents who belong.
- **Team**: the organiser (the ``community_organiser`` account) in all three; the animator
  account (cultural animation) and two more animators (sport and recreation, social), the
  ``social_worker`` account and two more social workers, and the expert adviser. The extra
  team members have accounts without a password (they are named, not logged in as).
- **A year** to today: monthly residents' meetings, events and group meetings, a plan for
  this year in two versions, leaders, groups (one ended), initiatives, a survey round; events
  planned for the next two weeks.

Dates are relative to the day the demo is built, except the meeting of 15 December 2021 and
the council's term. Built once: when any community exists, nothing is added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group as RoleGroup
from django.contrib.auth.models import User

from opencus.catalog.models import Programme
from opencus.community import services
from opencus.community.models import Community, CommunityKind, EntryKind, ParticipantKind
from opencus.core.roles import Role
from opencus.demo import data
from opencus.demo.streets import STREETS_BY_NAME

#: Extra OSL team members (username, first name, last name, role, function).
TEAM = (
    ("animator_sport", "Kamil", "Wróblewski", Role.ANIMATOR, "animator_sport"),
    ("animator_spol", "Dorota", "Pawlak", Role.ANIMATOR, "animator_social"),
    ("pracownik_osl2", "Beata", "Czarnecka", Role.SOCIAL_WORKER, "social_worker"),
    ("pracownik_osl3", "Grzegorz", "Sadowski", Role.SOCIAL_WORKER, "social_worker"),
    ("ekspert_osl", "Irena", "Kowalewska", Role.COMMUNITY_ORGANISER, "expert"),
)

PLACES = {
    "os-wzgorze": [
        ("place", "Świetlica osiedlowa „Wzgórze”", "ul. Wzgórze 12", False),
        ("institution", "Szkoła Podstawowa nr 13", "ul. Wzgórze 2", True),
        ("ngo", "Stowarzyszenie „Razem na Wzgórzu”", "", True),
    ],
    "bloki-ostrowiecka": [
        ("place", "Podwórko przy bloku Ostrowiecka 7", "ul. Ostrowiecka 7", False),
        ("business", "Spółdzielnia Mieszkaniowa „Ostrowiecka”", "ul. Ostrowiecka 1", True),
        ("institution", "Miejska Biblioteka Publiczna, filia nr 2", "ul. Ostrowiecka 15", True),
    ],
    "seniorzy-os-lazy": [
        ("place", "Klub Senior+ „Niezapominajka”", "Galeria „Skałka”", False),
        ("institution", "Parafia pw. św. Trójcy", "", True),
        ("ngo", "Uniwersytet Trzeciego Wieku", "", True),
    ],
}
LEADERS = {
    "os-wzgorze": [("Halina Zawadzka", "event"), ("Robert Kubiak", "recommended")],
    "bloki-ostrowiecka": [("Marianna Lewandowska", "outreach"), ("Piotr Gajda", "self")],
    "seniorzy-os-lazy": [("Stanisława Borkowska", "institution"), ("Józef Marczak", "event")],
}
GROUPS = {
    "os-wzgorze": [("Klub Sąsiedzki Wzgórze", "neighbourly"), ("Grupa Inicjatywna", "initiative")],
    "bloki-ostrowiecka": [("Wolontariusze z Ostrowieckiej", "volunteer")],
    "seniorzy-os-lazy": [("Grupa wsparcia „Razem raźniej”", "self_help")],
}
INITIATIVES = {
    "os-wzgorze": (
        "Piknik sąsiedzki na Wzgórzu",
        "Halina Zawadzka i mieszkańcy bloków 10–14",
        "Szkoła Podstawowa nr 13, Stowarzyszenie „Razem na Wzgórzu”",
        "Boisko szkolne, 1500 zł z budżetu planu",
        "Ponad 120 uczestników; powstał Klub Sąsiedzki",
    ),
    "bloki-ostrowiecka": (
        "Zielone podwórko przy Ostrowieckiej",
        "Marianna Lewandowska i Piotr Gajda",
        "Spółdzielnia Mieszkaniowa „Ostrowiecka”",
        "Sadzonki od spółdzielni, praca mieszkańców",
        "Nasadzenia i dwie ławki na podwórku",
    ),
    "seniorzy-os-lazy": (
        "Wieczorek wspomnień",
        "Stanisława Borkowska",
        "Parafia pw. św. Trójcy, Uniwersytet Trzeciego Wieku",
        "Sala parafialna",
        "Spotkanie 40 seniorów; nagrania wspomnień dla biblioteki",
    ),
}
EVENT_KINDS = ("meeting", "event", "workshop", "action")

#: The meeting of 15 December 2021 (seed article 001).
MEETING_DAY = dt.date(2021, 12, 15)
MEETING_TITLE = "Spotkanie konsultacyjne"
MEETING_PARTICIPANTS = (
    ("provider", "Wykonawcy usług społecznych", 6),
    ("ngo", "Organizacje pozarządowe i PES", 4),
    ("council", "Środowisko seniorów", 3),
    ("institution", "Eksperci ds. usług społecznych i OSL", 2),
    ("staff", "CUS: koordynatorzy IPUS, organizator OSL, zespół projektu", 6),
)
MEETING_TOPICS = (
    "Ocena dotychczas świadczonych usług społecznych i relacji z wykonawcami i odbiorcami; "
    "nowe usługi spoza obecnego programu; utworzenie Centrum Wolontariatu."
)
MEETING_OPINION = (
    "Dotychczas realizowane usługi cechuje wysoki poziom i zgodność z obowiązującymi standardami."
)
#: The requests voiced (the seed article): each enters the unmet-demand register.
MEETING_REQUESTS = (
    ("Więcej usług pielęgniarskich i opiekuńczych (ilość i zakres)", "Uczestnicy spotkania"),
    (
        "Sprzątanie i inne prace domowe dla osób z niepełnosprawnościami",
        "Uczestnicy spotkania",
    ),
    ("Wyjazdy na baseny mineralne", "Osoby aktywne"),
    ("Ćwiczenia gimnastyki korekcyjnej", "Osoby aktywne"),
    ("Zajęcia jogi", "Osoby aktywne"),
)
COUNCIL = "Starachowicka Rada Seniorów"
COUNCIL_MEMBERS = (
    ("Halina Wójcik", "przewodnicząca", "Uniwersytet Trzeciego Wieku"),
    ("Zbigniew Kaczor", "wiceprzewodniczący", "Polski Związek Emerytów, Rencistów i Inwalidów"),
    ("Teresa Mazurek", "sekretarz", "Klub Senior+ „Niezapominajka”"),
    ("Jan Pietrzyk", "członek", "Rada osiedla Łazy"),
    ("Krystyna Nowakowska", "członkini", "Parafialny zespół Caritas"),
)


def _team_user(username: str, first: str, last: str, role: Role) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@{data.STAFF_EMAIL_DOMAIN}",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(RoleGroup.objects.get(name=role.value))
    return user


def seed_community(
    *,
    users: dict[Role, User],
    today: dt.date,
    sizes: list[tuple[str, str, int]],
    created: Counter[str],
) -> None:
    if Community.objects.exists():
        return
    organiser = users[Role.COMMUNITY_ORGANISER]
    animator = users[Role.ANIMATOR]
    population = {name: size for name, _kind, size in sizes}
    year_ago = today - dt.timedelta(days=364)
    extra = [(_team_user(u, f, la, r), fn) for u, f, la, r, fn in TEAM]
    for index, spec in enumerate(data.COMMUNITIES):
        community = services.community_save(
            data=services.CommunityData(
                name=spec.name,
                kind=spec.kind,
                description=spec.description,
                who_belongs="Mieszkańcy os. Łazy w wieku 60 lat i więcej"
                if spec.kind == CommunityKind.CATEGORICAL
                else "",
                population=population.get(spec.name),
                population_note="Mieszkańcy w rejestrze demonstracyjnym",
            ),
            acting_user=organiser,
        )
        created["community.Community"] += 1
        if spec.kind == CommunityKind.TERRITORIAL:
            for street_name in spec.streets:
                street = STREETS_BY_NAME[street_name]
                services.street_add(
                    community=community,
                    name=street_name,
                    ulic="",
                    buildings=f"1–{street.buildings}",
                    latitude=Decimal(str(street.latitude)),
                    longitude=Decimal(str(street.longitude)),
                    acting_user=organiser,
                )
        places = [
            services.resource_add(
                community=community,
                kind=kind,
                name=name,
                address=address,
                is_partner=partner,
                partner_since=year_ago if partner else None,
                acting_user=organiser,
            )
            for kind, name, address, partner in PLACES[spec.slug]
        ]
        _team(community, organiser, animator, users[Role.SOCIAL_WORKER], extra, index, year_ago)
        _plan(community, organiser, today)
        _year_of_records(community, spec.slug, places[0], animator, organiser, today, created)
    _consultation(organiser, created)
    _council(organiser, today, created)


def _team(
    community: Community,
    organiser: User,
    animator: User,
    worker: User,
    extra: list[tuple[User, str]],
    index: int,
    since: dt.date,
) -> None:
    members = [(organiser, "organiser"), (extra[4][0], "expert")]
    # One social worker and one animator per community, each in their own speciality.
    workers = [worker, extra[2][0], extra[3][0]]
    animators = [(animator, "animator_cultural"), extra[0], extra[1]]
    members += [(workers[index], "social_worker"), animators[index]]
    if index != 0:
        members.append((animator, "animator_cultural"))
    for user, function in members:
        services.team_assign(
            community=community,
            user=user,
            function=function,
            starts_on=since,
            acting_user=organiser,
        )


def _plan(community: Community, organiser: User, today: dt.date) -> None:
    content = services.PlanContent(
        diagnosis=(
            f"{community.description} Mieszkańcy wskazują na brak miejsca spotkań i słabe "
            "więzi sąsiedzkie; są aktywne osoby gotowe działać oraz instytucje chętne do "
            "współpracy."
        ),
        goals="1. Wzmocnienie więzi sąsiedzkich.\n2. Wyłonienie i wsparcie liderów.\n"
        "3. Powstanie trwałej grupy mieszkańców działającej samodzielnie.",
        actions=[
            {"month": 1, "action": "Spotkania diagnostyczne z mieszkańcami"},
            {"month": 3, "action": "Warsztaty dla liderów"},
            {"month": 6, "action": "Piknik sąsiedzki"},
            {"month": 9, "action": "Inicjatywa mieszkańców wybrana na spotkaniu"},
            {"month": 12, "action": "Spotkanie podsumowujące i ewaluacja"},
        ],
        partners="Szkoła, biblioteka, spółdzielnia mieszkaniowa, organizacje pozarządowe",
        targets={
            "meetings": 12,
            "participants": 150,
            "attendances": 200,
            "leaders": 2,
            "initiatives": 1,
            "groups_alive": 1,
            "partners": 2,
        },
        budget=Decimal("12000.00"),
    )
    services.plan_save(
        community=community,
        year=today.year,
        content=content,
        acting_user=organiser,
        note="Pierwsza wersja",
    )
    content.budget = Decimal("13500.00")
    services.plan_save(
        community=community,
        year=today.year,
        content=content,
        acting_user=organiser,
        note="Budżet zwiększony o koszt pikniku",
    )


def _year_of_records(
    community: Community,
    slug: str,
    place: Any,
    animator: User,
    organiser: User,
    today: dt.date,
    created: Counter[str],
) -> None:
    groups = [
        services.group_add(
            community=community,
            name=name,
            kind=kind,
            started_on=today - dt.timedelta(days=300 - 40 * i),
            acting_user=animator,
        )
        for i, (name, kind) in enumerate(GROUPS[slug])
    ]
    for month in range(12):
        day = today - dt.timedelta(days=350 - 30 * month)
        size = 8 + (month * 7 + len(slug)) % 15
        services.event_log(
            community=community,
            data=services.EventData(
                kind=EVENT_KINDS[month % len(EVENT_KINDS)],
                day=day,
                held=True,
                participants=size,
                attendances=size + month % 4,
                place=place,
                notes="Spotkanie prowadzone przez animatora.",
                decisions="Kolejne spotkanie za miesiąc." if month % 3 == 0 else "",
            ),
            acting_user=animator,
        )
        created["community.Event"] += 1
        # The first group meets every month; the second stopped meeting three months ago.
        for i, group in enumerate(groups):
            if day >= group.started_on and (i == 0 or day < today - dt.timedelta(days=100)):
                services.event_log(
                    community=community,
                    data=services.EventData(
                        kind="group_meeting",
                        day=day + dt.timedelta(days=7),
                        held=day + dt.timedelta(days=7) <= today,
                        participants=6,
                        attendances=6,
                        place=place,
                        group=group,
                    ),
                    acting_user=animator,
                )
                created["community.Event"] += 1
    for days in (3, 10):
        services.event_log(
            community=community,
            data=services.EventData(
                kind="meeting",
                day=today + dt.timedelta(days=days),
                held=False,
                title="Spotkanie mieszkańców",
                place=place,
            ),
            acting_user=animator,
        )
        created["community.Event"] += 1
    for i, (name, how) in enumerate(LEADERS[slug]):
        services.leader_add(
            community=community,
            name=name,
            found_how=how,
            found_on=today - dt.timedelta(days=250 - 100 * i),
            active_in="Rada mieszkańców" if i == 0 else "",
            acting_user=animator,
        )
    title, initiators, partners, resources, result = INITIATIVES[slug]
    services.initiative_add(
        community=community,
        title=title,
        started_on=today - dt.timedelta(days=120),
        initiators=initiators,
        partners=partners,
        resources=resources,
        result=result,
        acting_user=animator,
    )
    survey = services.survey_create(
        community=community,
        title="Poczucie wpływu mieszkańców",
        held_on=today - dt.timedelta(days=60),
        acting_user=animator,
    )
    for n in range(12):
        services.survey_response_add(
            survey=survey,
            answers={f"q{q}": 1 + (n * q + q) % 5 for q in range(1, 5)},
            acting_user=animator,
        )
    created["community.SurveyResponse"] += 12
    del organiser


def _consultation(organiser: User, created: Counter[str]) -> None:
    consultation = services.consultation_create(
        title=MEETING_TITLE,
        held_on=MEETING_DAY,
        place="Centrum Usług Społecznych w Starachowicach",
        topics=MEETING_TOPICS,
        acting_user=organiser,
    )
    for kind, name, count in MEETING_PARTICIPANTS:
        services.consultation_participant_add(
            consultation=consultation,
            kind=ParticipantKind(kind),
            name=name,
            count=count,
            acting_user=organiser,
        )
    services.consultation_entry_add(
        consultation=consultation,
        kind=EntryKind.OPINION,
        text=MEETING_OPINION,
        by="Uczestnicy spotkania",
        acting_user=organiser,
    )
    for text, by in MEETING_REQUESTS:
        services.consultation_entry_add(
            consultation=consultation,
            kind=EntryKind.REQUEST,
            text=text,
            by=by,
            acting_user=organiser,
        )
        created["intake.UnmetDemand"] += 1
    created["community.Consultation"] += 1


def _council(organiser: User, today: dt.date, created: Counter[str]) -> None:
    council = services.council_create(
        name=COUNCIL,
        basis="Art. 5c ustawy o samorządzie gminnym; uchwała Rady Miejskiej w Starachowicach",
        acting_user=organiser,
    )
    term = services.council_term_add(
        council=council,
        starts_on=dt.date(today.year - 1, 1, 1),
        ends_on=dt.date(today.year + 3, 12, 31),
        acting_user=organiser,
    )
    for name, role, represents in COUNCIL_MEMBERS:
        services.council_member_add(
            term=term, name=name, role=role, represents=represents, acting_user=organiser
        )
    programme = Programme.objects.order_by("-valid_from", "pk").first()
    if programme is not None:
        services.council_opinion_add(
            council=council,
            programme=programme,
            given_on=today - dt.timedelta(days=30),
            reference="Opinia nr 3/" + str(today.year),
            text=(
                "Rada pozytywnie opiniuje program. Wnosi o zwiększenie liczby godzin usług "
                "opiekuńczych i pielęgniarskich oraz o zajęcia ruchowe dla seniorów "
                "(gimnastyka korekcyjna, joga)."
            ),
            acting_user=organiser,
        )
    created["community.Council"] += 1
