"""The demo centre's individual plans (IPUS): one in every state, one of them overdue.

Six seniors who had not applied before file an application; a coordinator recognises their
needs at home and finds that their services need coordination for at least three months. Then:

- Pani/Pan A: the plan is still a draft, 40 days after the application — overdue;
- B: the plan was submitted on time and waits for the director's approval;
- C: submitted late (with the reason recorded), approved, one review held, and a change of the
  plan (version 2) being written — so the versions can be compared;
- D: approved, active, its first review coming up;
- E: approved, reviewed and completed after the summary interview;
- F: approved, then discontinued when the person moved away.

The director also authorises the services organiser to approve plans for a year. Everything
goes through the plans services, so every plan has its history and audit rows. The dates of
the steps are today's (the services stamp the present); the applications are filed in the
past, which is what the 30-day clock counts from. Built once: when any plan exists, nothing
is added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import Programme, ProgrammeService
from opencus.core.dates import add_months
from opencus.core.roles import Role
from opencus.intake import services as intake
from opencus.intake.models import Application, Channel
from opencus.people.models import Person
from opencus.plans import clocks
from opencus.plans.models import (
    ApprovalAuthorisation,
    GoalProgressLevel,
    IndividualPlan,
    ParticipantKind,
    PlanCommitment,
    PlanGoal,
    PlannedService,
    PlanParticipant,
    PlanReviewDate,
    PlanVersion,
)
from opencus.plans.services import (
    authorisation_grant,
    part_save,
    plan_approve,
    plan_change_start,
    plan_complete,
    plan_create,
    plan_discontinue,
    plan_sign,
    plan_submit,
    review_record,
    version_update,
)

#: The services the demo's plans coordinate: with free places, delivered by contracted
#: providers or the centre, so approving the plans adjusts real entitlements.
PLAN_SERVICES = ("zlota-raczka", "taksowka-dla-seniora", "klub-senior-plus-niezapominajka")

#: (label, days since the application, what happens to the plan)
STORIES = (
    ("overdue", 40, "draft"),
    ("awaiting", 12, "submitted"),
    ("changing", 75, "change"),
    ("active", 25, "active"),
    ("completed", 100, "completed"),
    ("discontinued", 60, "discontinued"),
)

GOALS = (
    (
        "Pani/Pan samodzielnie dociera na zajęcia w Klubie Senior+ dwa razy w tygodniu.",
        "Lista obecności w klubie: co najmniej 8 wizyt w miesiącu.",
    ),
    (
        "Mieszkanie jest bezpieczne: poręcze w łazience i naprawione oświetlenie na klatce.",
        "Złota Rączka potwierdza wykonanie prac; brak upadków w domu.",
    ),
)
COMMITMENTS = (
    "Będę zgłaszać koordynatorce, gdy nie mogę skorzystać z przejazdu.",
    "Wezmę udział w spotkaniach przeglądowych planu.",
)


def _applicants(today: dt.date, count: int, services: list[ProgrammeService]) -> list[Person]:
    """Seniors with a PESEL who have not applied for anything yet and meet the conditions of
    every planned service, in a fixed order."""
    applied = Application.objects.values("person_id")
    candidates = (
        Person.objects.filter(archived_at__isnull=True, pesel__isnull=False)
        .exclude(pk__in=applied)
        .order_by("id")
    )
    chosen: list[Person] = []
    # Every fifth: a spread of streets and ages rather than the first few households.
    for person in list(candidates[:1500])[::5]:
        if person.age_on(today) < 65:
            continue
        if all(eligibility_check(person, service, on=today).eligible for service in services):
            chosen.append(person)
        if len(chosen) == count:
            break
    return chosen


def _fill(version: PlanVersion, coordinator: Any, *, starts_on: dt.date) -> PlanVersion:
    """Everything a plan needs before it can be submitted: a period of six months, the
    situation, goals, the person's commitments, a family member, review dates and consent."""
    ends_on = add_months(starts_on, 6) - dt.timedelta(days=1)
    version = version_update(
        version=version,
        acting_user=coordinator,
        starts_on=starts_on,
        ends_on=ends_on,
        situation=(
            "Osoba mieszka sama na trzecim piętrze bez windy, porusza się o kuli. Chce "
            "wychodzić z domu i spotykać się z ludźmi; w mieszkaniu potrzebne są drobne "
            "naprawy."
        ),
        consent_given_on=min(starts_on, timezone.localdate()),
        consent_note="Zgoda wyrażona ustnie w czasie rozmowy w domu, potwierdzona podpisem.",
    )
    for planned in PlannedService.objects.filter(version=version):
        part_save(
            version=version,
            model=PlannedService,
            instance=planned,
            acting_user=coordinator,
            data={
                "starts_on": starts_on,
                "ends_on": ends_on,
                "scope": "Zgodnie z kartą usługi, w uzgodnionych z osobą terminach.",
            },
        )
    for position, (description, measure) in enumerate(GOALS, start=1):
        part_save(
            version=version,
            model=PlanGoal,
            acting_user=coordinator,
            data={"description": description, "measure": measure, "position": position},
        )
    for position, text in enumerate(COMMITMENTS, start=1):
        part_save(
            version=version,
            model=PlanCommitment,
            acting_user=coordinator,
            data={"text": text, "position": position},
        )
    part_save(
        version=version,
        model=PlanParticipant,
        acting_user=coordinator,
        data={
            "kind": ParticipantKind.FAMILY,
            "name": "Córka",
            "role": "Pomaga w zakupach i przy wizytach lekarskich",
            "contact": "tel. 600 100 200",
            "position": 2,
        },
    )
    for months in (2, 4):
        part_save(
            version=version,
            model=PlanReviewDate,
            acting_user=coordinator,
            data={"due_on": add_months(starts_on, months)},
        )
    return version


def seed_plans(*, users: dict[Any, Any], today: dt.date, created: Counter[str]) -> None:
    if IndividualPlan.objects.exists():
        return
    coordinator, director = users[Role.COORDINATOR], users[Role.DIRECTOR]
    organiser, worker = users[Role.SERVICE_ORGANISER], users[Role.CLIENT_OFFICE]
    services = list(
        ProgrammeService.objects.filter(
            slug__in=PLAN_SERVICES, programme__in=Programme.objects.current(today)
        )
        .select_related("programme")
        .order_by("slug")
    )
    if not services:
        return
    if not ApprovalAuthorisation.objects.exists():
        start = today - dt.timedelta(days=60)
        authorisation_grant(
            user=organiser,
            valid_from=start,
            valid_until=clocks.longest_end(start),
            document="Zarządzenie nr 12/2026 Dyrektora CUS w Starachowicach",
            acting_user=director,
        )
        created["plans.ApprovalAuthorisation"] += 1
    now = timezone.now()
    # Applications are accepted only while the programme runs: early in a year its services
    # have only just opened, and the stories are shorter (nothing is overdue yet).
    opened = max(service.programme.valid_from for service in services)
    earliest = timezone.make_aware(dt.datetime.combine(opened, dt.time(8)))
    people = _applicants(today, len(STORIES), services)
    for person, (_label, days_ago, outcome) in zip(people, STORIES, strict=False):
        filed_at = min(max(now - dt.timedelta(days=days_ago), earliest), now)
        try:
            application = intake.application_file(
                person=person,
                services=services,
                channel=Channel.IN_PERSON,
                acting_user=worker,
                filed_at=filed_at,
            )
            assessment = intake.needs_assessment_record(
                application=application,
                acting_user=coordinator,
                assessed_on=min(clocks.warsaw_day(filed_at) + dt.timedelta(days=5), today),
                place="home",
                notes="Rozpoznanie w domu. Potrzebne wsparcie kilku usług przez pół roku.",
                fitting_services=services,
                plan_needed=True,
            )
            plan = plan_create(assessment=assessment, acting_user=coordinator)
            created["plans.IndividualPlan"] += 1
            _story(plan, outcome, coordinator=coordinator, approver=director, today=today)
        except ValidationError:  # pragma: no cover - a small demo may lack a fitting person
            continue


def _story(
    plan: IndividualPlan, outcome: str, *, coordinator: Any, approver: Any, today: dt.date
) -> None:
    version = PlanVersion.objects.get(plan=plan, number=1)
    # The plans that have run for a while started a month ago, or on the filing day if later.
    filed_on = clocks.warsaw_day(plan.application.filed_at)
    starts_on = (
        max(today - dt.timedelta(days=30), filed_on)
        if outcome in ("change", "completed")
        else today
    )
    version = _fill(version, coordinator, starts_on=starts_on)
    if outcome == "draft":
        return
    late = clocks.warsaw_day(timezone.now()) > plan.due_on
    plan_submit(
        version=version,
        acting_user=coordinator,
        delay_reason="Osoba przebywała w szpitalu; rozmowa o planie była możliwa dopiero po jej "
        "powrocie do domu."
        if late
        else "",
    )
    if outcome == "submitted":
        return
    plan_approve(version=version, acting_user=approver)
    plan_sign(version=version, signed_on=today, acting_user=coordinator)
    plan.refresh_from_db()
    if outcome in ("change", "completed"):
        goals = list(PlanGoal.objects.filter(version=version).order_by("position", "id"))
        review_record(
            plan=plan,
            acting_user=coordinator,
            held_on=max(today - dt.timedelta(days=2), starts_on),
            notes="Osoba korzysta z przejazdów do klubu; poręcze zamontowane.",
            proposed_changes="Dodać przejazdy do przychodni raz w miesiącu."
            if outcome == "change"
            else "",
            progress=[
                (goals[0], GoalProgressLevel.SOME, "Bywa w klubie raz w tygodniu."),
                (goals[1], GoalProgressLevel.REACHED, "Prace wykonane."),
            ],
        )
    if outcome == "change":
        draft = plan_change_start(
            plan=plan,
            acting_user=coordinator,
            reason="Po przeglądzie: przejazdy także do przychodni, cel dotyczący klubu bez zmian.",
        )
        goal = PlanGoal.objects.filter(version=draft).order_by("position", "id").last()
        if goal is not None:
            part_save(
                version=draft,
                model=PlanGoal,
                instance=goal,
                acting_user=coordinator,
                data={"measure": "Złota Rączka potwierdza wykonanie prac; nowe oświetlenie."},
            )
        part_save(
            version=draft,
            model=PlanCommitment,
            acting_user=coordinator,
            data={"text": "Będę zapisywać wizyty w przychodni w kalendarzu.", "position": 3},
        )
    elif outcome == "completed":
        plan_complete(
            plan=plan,
            acting_user=coordinator,
            summary_interview_on=today,
            summary=(
                "Plan zrealizowany. Osoba regularnie uczestniczy w zajęciach klubu, dojeżdża "
                "taksówką dla seniora, mieszkanie zostało dostosowane. Dalsze wsparcie nie "
                "wymaga koordynacji; osoba korzysta z usług samodzielnie."
            ),
        )
    elif outcome == "discontinued":
        plan_discontinue(
            plan=plan,
            acting_user=coordinator,
            reason="Osoba przeprowadziła się do córki w innej gminie.",
        )
