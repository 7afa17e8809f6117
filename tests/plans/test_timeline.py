"""The plan on the person's timeline (issue 10, item 7): the plan drafted, each version
submitted and approved, the signature, reviews, the completion after the summary interview or
the discontinuation, each with who and when and a link to the version. Only those who may see
the plan see any of it; none of its special-category text (notes, reasons, the summary) shows
on the card."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from opencus.core.formatting import day_text
from opencus.core.registry import person_timeline
from opencus.core.roles import Role
from opencus.plans.models import PlanChange, PlanReview, PlanState, VersionState
from opencus.plans.services import plan_complete, review_record
from tests.personas import login, user_make
from tests.plans import factories
from tests.plans.plan_rows import approve, coordinator_make, plan_make, step, version_copy

pytestmark = pytest.mark.django_db

SECRET = "Depresja po śmierci męża"


def version_url(version: Any) -> str:
    try:
        return reverse("plans:version", args=[version.uuid])
    except NoReverseMatch:  # the version's page is mounted by the pages' module
        return reverse("plans:pdf", args=[version.uuid])


@pytest.fixture
def story() -> dict[str, Any]:
    """A plan drafted, approved, signed, reviewed, changed (version 2 approved) and completed
    after the summary interview."""
    coordinator = coordinator_make()
    director = user_make(Role.DIRECTOR)
    director.first_name, director.last_name = "Dorota", "Dyrektorka"
    director.save()
    plan = plan_make(coordinator=coordinator)
    first = approve(plan.versions.get(), by=director)
    first.signed_on = dt.date(2026, 3, 3)
    first.save()
    step(plan, first, PlanChange.SIGNED, PlanState.ACTIVE, PlanState.ACTIVE, by=coordinator)
    PlanReview.objects.create(
        plan=plan,
        version=first,
        review_date=first.review_dates.get(),
        held_on=dt.date(2026, 6, 1),
        notes=SECRET,
        recorded_by=coordinator,
    )
    step(plan, first, PlanChange.REVIEWED, PlanState.ACTIVE, PlanState.ACTIVE, by=coordinator)
    second = version_copy(first, by=coordinator, change_reason=SECRET)
    step(
        plan,
        second,
        PlanChange.CHANGE_STARTED,
        PlanState.ACTIVE,
        PlanState.ACTIVE,
        by=coordinator,
        note=SECRET,
    )
    approve(second, by=director)
    first.refresh_from_db()
    assert first.state == VersionState.SUPERSEDED
    plan.refresh_from_db()
    plan.state = PlanState.COMPLETED
    plan.summary_interview_on = dt.date(2026, 12, 20)
    plan.summary = SECRET
    plan.closed_on = dt.date(2026, 12, 21)
    plan.save()
    step(plan, None, PlanChange.COMPLETED, PlanState.ACTIVE, PlanState.COMPLETED, by=coordinator)
    return {
        "plan": plan,
        "person": plan.person,
        "coordinator": coordinator,
        "director": director,
        "first": first,
        "second": second,
    }


def texts(user: Any, person: Any) -> list[str]:
    with translation.override("en"):
        events, _more = person_timeline(user, person, limit=100)
        return [event.text for event in events if str(event.kind) == "Individual plan"]


def test_the_coordinator_sees_the_plan_s_story_newest_first(story):
    reference = story["plan"].reference
    assert texts(story["coordinator"], story["person"]) == [
        f"Plan {reference} completed; the summary interview was held on 20.12.2026.",
        f"Plan {reference}, version 2, approved. In force 02.03.2026–31.12.2026.",
        f"Plan {reference}, version 2, submitted for approval.",
        f"A change of plan {reference} started: version 2.",
        f"Review of plan {reference} held on 01.06.2026.",
        f"Plan {reference}, version 1, signed by the person on 03.03.2026.",
        f"Plan {reference}, version 1, approved. In force 02.03.2026–31.12.2026.",
        f"Plan {reference}, version 1, submitted for approval.",
        f"Plan {reference} drafted.",
    ]


def test_the_events_say_who_and_link_to_the_version(story):
    with translation.override("en"):
        events, _more = person_timeline(story["coordinator"], story["person"], limit=100)
        plan_events = [event for event in events if str(event.kind) == "Individual plan"]
    by_text = {event.text: event for event in plan_events}
    reference = story["plan"].reference
    approved = by_text[f"Plan {reference}, version 1, approved. In force 02.03.2026–31.12.2026."]
    assert approved.actor == "Dorota Dyrektorka"
    assert approved.url == version_url(story["first"])
    drafted = by_text[f"Plan {reference} drafted."]
    assert drafted.actor == "Celina Koordynatorka"
    # The completion concerns the plan: it links to the version in force at the end.
    completed = plan_events[0]
    assert completed.url == version_url(story["second"])
    assert all(event.url for event in plan_events)


def test_the_card_shows_the_plan_to_its_coordinator_but_none_of_its_text(story):
    response = login(story["coordinator"]).get(reverse("people:detail", args=[story["person"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    history = page[page.index('id="timeline"') :]
    assert f"Plan {story['plan'].reference} drafted." in history
    assert f'href="{version_url(story["first"])}"' in history
    assert SECRET not in page


def test_the_director_sees_every_plan(story):
    assert len(texts(user_make(Role.DIRECTOR), story["person"])) == 9


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.SOCIAL_WORKER, Role.CLIENT_OFFICE, Role.PROVIDER_STAFF]
)
def test_who_may_not_see_the_plan_sees_nothing_of_it(story, role):
    """A colleague coordinator not named in the plan, and the roles that see no plans."""
    outsider = user_make(role)
    assert texts(outsider, story["person"]) == []
    with translation.override("en"):
        events, _more = person_timeline(outsider, story["person"], limit=100)
    assert not any(story["plan"].reference in event.text for event in events)


def test_a_colleague_sees_nothing_on_the_card_either(story):
    colleague = coordinator_make("Kamila", "Koleżanka")
    response = login(colleague).get(reverse("people:detail", args=[story["person"].pk]))
    assert response.status_code == 200
    assert story["plan"].reference not in response.content.decode()


def test_a_discontinued_plan_says_so_without_the_reason():
    coordinator = coordinator_make()
    plan = plan_make(coordinator=coordinator)
    plan.state = PlanState.DISCONTINUED
    plan.closing_reason = SECRET
    plan.closed_on = timezone.localdate()
    plan.save()
    step(
        plan,
        None,
        PlanChange.DISCONTINUED,
        PlanState.DRAFT,
        PlanState.DISCONTINUED,
        by=coordinator,
        note=SECRET,
    )
    found = texts(coordinator, plan.person)
    assert found[0] == f"Plan {plan.reference} discontinued."
    assert not any(SECRET in text for text in found)


def test_the_timeline_keeps_to_a_query_budget(story):
    """The same number of queries for a short story and a long one (no query per event)."""
    coordinator, person = story["coordinator"], story["person"]
    person_timeline(coordinator, person, limit=20)
    with CaptureQueriesContext(connection) as few:
        person_timeline(coordinator, person, limit=20)
    other = plan_make(coordinator=coordinator, person=person)
    approve(other.versions.get(), by=story["director"])
    for number in range(3):
        step(
            other,
            other.versions.get(),
            PlanChange.RETURNED,
            PlanState.ACTIVE,
            PlanState.ACTIVE,
            by=coordinator,
            note=str(number),
        )
    with CaptureQueriesContext(connection) as many:
        person_timeline(coordinator, person, limit=20)
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_the_services_steps_show_on_the_timeline():
    """A plan written, approved, reviewed and completed through the services."""
    plan = factories.plan_active()
    version = plan.current_version
    assert version is not None
    today = factories.today()
    review_record(
        plan=plan,
        acting_user=plan.coordinator,
        held_on=today,
        notes=SECRET,
        progress=[(goal, "some", "") for goal in version.goals.all()],
    )
    plan_complete(
        plan=plan, acting_user=plan.coordinator, summary_interview_on=today, summary=SECRET
    )
    found = texts(plan.coordinator, plan.person)
    reference, day = plan.reference, day_text(today)
    assert found[0] == f"Plan {reference} completed; the summary interview was held on {day}."
    assert f"Review of plan {reference} held on {day}." in found
    assert f"Plan {reference}, version 1, submitted for approval." in found
    assert any(text.startswith(f"Plan {reference}, version 1, approved.") for text in found)
    assert found[-1] == f"Plan {reference} drafted."
    assert not any(SECRET in text for text in found)
    assert texts(factories.coordinator_make(), plan.person) == []
