"""The rules of community organising: the headcount never below the named participants, an
event in the future planned but never recorded as held, plans saved as versions (a stale save
refused), a group alive after N months read from its meetings, a consultation's requests in the
unmet-demand register with their source (a request about an offered service kept as an
opinion), the council's terms and opinions, anonymous survey answers, and the indicators per
quarter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from opencus.community import selectors, services
from opencus.community.errors import EventError, PlanError, RecordError
from opencus.community.models import (
    CommunityKind,
    EntryKind,
    Event,
    EventStatus,
    EventTransition,
    GroupKind,
    LeaderSource,
    OSLPlanVersion,
    TeamFunction,
)
from opencus.core.models import AuditEvent
from opencus.intake.models import DemandReason, DemandSource, UnmetDemand
from tests.catalog.factories import ProgrammeServiceFactory
from tests.community.conftest import TODAY
from tests.community.factories import animator, community_make, event_make, organiser, place_make

pytestmark = pytest.mark.django_db

TOMORROW = TODAY + dt.timedelta(days=1)


def test_an_event_is_logged_as_held_with_its_headcount_and_a_transition() -> None:
    community = community_make()
    place = place_make(community)
    event = event_make(community, TODAY, participants=14, attendances=14, place=place)
    assert event.status == EventStatus.HELD
    assert (event.participants, event.attendances) == (14, 14)
    assert event.place_label == "Świetlica osiedlowa"
    assert EventTransition.objects.get(event=event).to_status == EventStatus.HELD
    assert AuditEvent.objects.filter(object_id=str(event.pk), action="create").exists()


def test_an_event_dated_in_the_future_can_be_planned_but_not_recorded_as_held() -> None:
    community = community_make()
    with pytest.raises(EventError) as refused:
        event_make(community, TOMORROW)
    assert refused.value.code == "future_held"
    assert not Event.objects.exists()
    planned = event_make(community, TOMORROW, held=False)
    assert planned.status == EventStatus.PLANNED
    with pytest.raises(EventError) as again:
        services.event_record(event=planned, participants=5, attendances=5, acting_user=animator())
    assert again.value.code == "future_held"
    planned.refresh_from_db()
    assert planned.status == EventStatus.PLANNED
    assert planned.participants == 0


def test_a_planned_event_is_recorded_on_its_day() -> None:
    community = community_make()
    planned = event_make(community, TODAY, held=False)
    services.event_record(event=planned, participants=8, attendances=9, acting_user=animator())
    planned.refresh_from_db()
    assert planned.status == EventStatus.HELD
    assert [t.to_status for t in planned.transitions.all()] == ["planned", "held"]


def test_the_headcount_cannot_be_below_the_named_participants() -> None:
    community = community_make()
    event = event_make(community, TODAY, participants=2, attendances=2)
    user = animator()
    for name in ("Jan Nowak", "Ewa Lis", "Adam Bąk"):
        services.event_participant_add(event=event, name=name, acting_user=user)
    event.refresh_from_db()
    # A third name grew the headcount with it.
    assert event.participants == 3
    with pytest.raises(EventError) as refused:
        services.event_record(event=event, participants=2, attendances=10, acting_user=user)
    assert refused.value.code == "below_named"
    assert "(2)" in refused.value.text and "(3)" in refused.value.text
    event.refresh_from_db()
    assert (event.participants, event.attendances) == (3, 3)
    services.event_record(event=event, participants=3, attendances=10, acting_user=user)
    event.refresh_from_db()
    assert event.attendances == 10


def test_attendances_cannot_be_fewer_than_unique_participants() -> None:
    community = community_make()
    with pytest.raises(EventError) as refused:
        event_make(community, TODAY, participants=10, attendances=9)
    assert refused.value.code == "attendances"
    assert not Event.objects.exists()


def test_only_a_planned_event_can_be_cancelled() -> None:
    community = community_make()
    held = event_make(community, TODAY)
    with pytest.raises(EventError):
        services.event_cancel(event=held, acting_user=animator())
    planned = event_make(community, TOMORROW, held=False)
    services.event_cancel(event=planned, acting_user=animator())
    planned.refresh_from_db()
    assert planned.status == EventStatus.CANCELLED
    with pytest.raises(EventError):
        services.event_record(event=planned, participants=1, attendances=1, acting_user=animator())


def test_a_plan_is_saved_as_versions_and_a_stale_save_is_refused() -> None:
    community = community_make()
    user = organiser()
    content = services.PlanContent(
        diagnosis="Mało miejsc spotkań.",
        goals="Integracja sąsiedzka.",
        actions=[{"month": 6, "action": "Piknik"}, {"month": 3, "action": "Spotkanie"}],
        targets={"meetings": 12, "leaders": 2},
        budget=Decimal("12500.50"),
    )
    first = services.plan_save(
        community=community, year=2026, content=content, acting_user=user, expected_version=0
    )
    assert first.number == 1
    assert [a["month"] for a in first.actions] == [3, 6]
    content.budget = Decimal("13000.00")
    second = services.plan_save(
        community=community, year=2026, content=content, acting_user=user, expected_version=1
    )
    assert second.number == 2
    with pytest.raises(PlanError) as stale:
        services.plan_save(
            community=community, year=2026, content=content, acting_user=user, expected_version=1
        )
    assert stale.value.code == "stale"
    versions = OSLPlanVersion.objects.filter(plan__community=community).order_by("number")
    assert [v.budget for v in versions] == [Decimal("12500.50"), Decimal("13000.00")]


def test_a_plan_without_diagnosis_or_with_a_bad_schedule_is_refused() -> None:
    community = community_make()
    with pytest.raises(PlanError) as refused:
        services.plan_save(
            community=community,
            year=2026,
            content=services.PlanContent(
                diagnosis=" ", goals="x", actions=[{"month": 13, "action": "?"}]
            ),
            acting_user=organiser(),
        )
    assert set(refused.value.fields) == {"diagnosis", "actions"}
    assert not OSLPlanVersion.objects.exists()


def test_a_group_is_alive_after_n_months_while_it_meets() -> None:
    community = community_make()
    user = animator()
    started = dt.date(2025, 12, 1)
    group = services.group_add(
        community=community,
        name="Klub sąsiedzki",
        kind=GroupKind.NEIGHBOURLY,
        started_on=started,
        acting_user=user,
    )
    # Met in February, then never again: alive after 3 months (1 March), not after 6.
    event_make(community, dt.date(2026, 2, 20), group=group)
    meetings = selectors.group_meetings([group])[group.pk]
    assert selectors.group_alive_after(group, 3, meetings) is True
    assert selectors.group_alive_after(group, 6, meetings) is False
    assert selectors.group_alive_after(group, 12, meetings) is None
    # A meeting in May keeps it alive at 6 months (1 June); an end date stops it.
    event_make(community, dt.date(2026, 5, 25), group=group)
    meetings = selectors.group_meetings([group])[group.pk]
    assert selectors.group_alive_after(group, 6, meetings) is True
    services.group_end(group=group, ended_on=dt.date(2026, 4, 1), acting_user=user)
    assert selectors.group_alive_after(group, 6, meetings) is False
    with pytest.raises(RecordError):
        services.group_end(group=group, ended_on=TODAY, acting_user=user)


def test_a_consultation_request_for_a_service_not_offered_enters_the_register() -> None:
    user = organiser()
    consultation = services.consultation_create(
        title="Spotkanie konsultacyjne", held_on=dt.date(2026, 7, 1), acting_user=user
    )
    entry = services.consultation_entry_add(
        consultation=consultation,
        kind=EntryKind.REQUEST,
        text="Zajęcia jogi",
        by="Rada Seniorów",
        acting_user=user,
    )
    demand = UnmetDemand.objects.get()
    assert entry.demand == demand
    assert demand.category == "Zajęcia jogi"
    assert demand.reason == DemandReason.NOT_OFFERED
    assert demand.source_kind == DemandSource.CONSULTATION
    assert demand.source == "Spotkanie konsultacyjne 01.07.2026"
    assert demand.recorded_on == dt.date(2026, 7, 1)


def test_a_request_about_an_offered_service_is_kept_as_an_opinion() -> None:
    user = organiser()
    service = ProgrammeServiceFactory.create()
    consultation = services.consultation_create(
        title="Konsultacje programu", held_on=TODAY, acting_user=user
    )
    entry = services.consultation_entry_add(
        consultation=consultation,
        kind=EntryKind.REQUEST,
        text="Więcej godzin taksówki",
        service=service,
        acting_user=user,
    )
    assert entry.kind == EntryKind.OPINION
    assert entry.demand is None
    assert not UnmetDemand.objects.exists()


def test_an_empty_request_changes_nothing() -> None:
    user = organiser()
    consultation = services.consultation_create(title="K", held_on=TODAY, acting_user=user)
    with pytest.raises(RecordError):
        services.consultation_entry_add(
            consultation=consultation, kind=EntryKind.REQUEST, text="   ", acting_user=user
        )
    assert not UnmetDemand.objects.exists()
    assert not consultation.entries.exists()


def test_council_terms_do_not_overlap_and_opinions_concern_a_programme() -> None:
    user = organiser()
    council = services.council_create(name="Starachowicka Rada Seniorów", acting_user=user)
    term = services.council_term_add(
        council=council,
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2028, 12, 31),
        acting_user=user,
    )
    with pytest.raises(RecordError) as overlap:
        services.council_term_add(
            council=council,
            starts_on=dt.date(2028, 6, 1),
            ends_on=dt.date(2032, 6, 1),
            acting_user=user,
        )
    assert overlap.value.code == "overlap"
    services.council_member_add(
        term=term, name="Halina Wójcik", role="przewodnicząca", acting_user=user
    )
    programme = ProgrammeServiceFactory.create().programme
    opinion = services.council_opinion_add(
        council=council, programme=programme, given_on=TODAY, text="Pozytywna.", acting_user=user
    )
    assert opinion.programme == programme
    with pytest.raises(RecordError):
        services.council_opinion_add(
            council=council, programme=programme, given_on=TOMORROW, text="x", acting_user=user
        )


def test_survey_answers_are_anonymous_from_1_to_5() -> None:
    community = community_make()
    user = animator()
    survey = services.survey_create(
        community=community, title="Poczucie wpływu", held_on=TODAY, acting_user=user
    )
    response = services.survey_response_add(
        survey=survey, answers={"q1": 4, "q2": 5, "q3": None, "q4": 1}, acting_user=user
    )
    assert (response.q1, response.q3) == (4, None)
    with pytest.raises(RecordError):
        services.survey_response_add(survey=survey, answers={"q1": 6}, acting_user=user)
    with pytest.raises(RecordError):
        services.survey_response_add(survey=survey, answers={}, acting_user=user)
    assert survey.responses.count() == 1


def test_a_street_needs_a_teryt_code_of_five_digits_and_a_territorial_community() -> None:
    user = organiser()
    community = community_make()
    street = services.street_add(
        community=community, name="Wzgórze", ulic="24580", acting_user=user
    )
    assert street.ulic == "24580"
    with pytest.raises(RecordError) as refused:
        services.street_add(community=community, name="Inna", ulic="12a", acting_user=user)
    assert refused.value.code == "ulic"
    seniors = community_make(kind=CommunityKind.CATEGORICAL)
    with pytest.raises(RecordError):
        services.street_add(community=seniors, name="Łazy", ulic="", acting_user=user)


def test_a_team_member_is_assigned_once_per_function_and_ended_by_a_date() -> None:
    community = community_make()
    member = animator()
    user = organiser()
    assignment = services.team_assign(
        community=community,
        user=member,
        function=TeamFunction.ANIMATOR_CULTURAL,
        starts_on=TODAY,
        acting_user=user,
    )
    with pytest.raises(RecordError):
        services.team_assign(
            community=community,
            user=member,
            function=TeamFunction.ANIMATOR_CULTURAL,
            starts_on=TODAY,
            acting_user=user,
        )
    services.team_end(assignment=assignment, ends_on=TODAY, acting_user=user)
    with pytest.raises(RecordError):
        services.team_end(assignment=assignment, ends_on=TODAY, acting_user=user)


def test_the_indicators_are_computed_per_quarter_and_year_against_the_targets() -> None:
    community = community_make()
    user = organiser()
    services.plan_save(
        community=community,
        year=2026,
        content=services.PlanContent(diagnosis="d", goals="g", targets={"meetings": 3}),
        acting_user=user,
    )
    event_make(community, dt.date(2026, 2, 10), participants=10, attendances=15)
    event_make(community, dt.date(2026, 5, 10), participants=20, attendances=20)
    event_make(community, dt.date(2026, 6, 30), participants=5, attendances=6)
    event_make(community, TOMORROW, held=False)
    services.leader_add(
        community=community,
        name="Irena",
        found_how=LeaderSource.EVENT,
        found_on=dt.date(2026, 4, 2),
        acting_user=user,
    )
    services.initiative_add(
        community=community,
        title="Ogródek",
        started_on=dt.date(2026, 7, 1),
        initiators="Mieszkańcy bloku 5",
        acting_user=user,
    )
    survey = services.survey_create(
        community=community, title="Wpływ", held_on=dt.date(2026, 3, 1), acting_user=user
    )
    services.survey_response_add(survey=survey, answers={"q1": 4, "q2": 2}, acting_user=user)
    result = selectors.evaluation(community, 2026)
    rows = {row.key: row for row in result.rows}
    assert rows["meetings"].values == [1, 2, 0, None, 3]
    assert rows["participants"].values == [10, 25, 0, None, 35]
    assert rows["attendances"].values == [15, 26, 0, None, 41]
    assert rows["leaders"].values == [0, 1, 0, None, 1]
    assert rows["initiatives"].values == [0, 0, 1, None, 1]
    assert rows["meetings"].met is True
    assert result.influence[0] == Decimal("3.00")
    assert result.influence[1] is None
