"""The monitoring pages of a plan (issue 10, items 3 and 5): recording a review, completing
the plan with the summary interview, comparing two versions, and the director's approval
authorisations. Each page with the owner coordinator, a colleague coordinator (who does not
see the plan: 404) and an outsider (no plan capability: 403), GET and POST; every refusal
comes with a clear message and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.plans.models import (
    ApprovalAuthorisation,
    GoalProgress,
    PlanGoal,
    PlanReview,
    PlanState,
)
from opencus.plans.services import part_save, plan_change_start, review_record
from tests.personas import login, user_make
from tests.plans.factories import (
    coordinator_make,
    director_make,
    organiser_authorised,
    organiser_make,
    plan_active,
    plan_make,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return coordinator_make()


@pytest.fixture
def colleague():
    return coordinator_make()


@pytest.fixture
def outsider():
    return user_make(Role.CLIENT_OFFICE)


@pytest.fixture
def active(owner):
    return plan_active(coordinator=owner)


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def sensitive_reads(plan) -> int:
    return AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE,
        content_type__model="individualplan",
        object_id=str(plan.pk),
    ).count()


# --- The review -------------------------------------------------------------------------------


def review_data(plan, **overrides) -> dict[str, str]:
    goals = PlanGoal.objects.filter(version=plan.current_version).order_by("position", "id")
    data = {
        **date_fields("held_on", today()),
        "review_date": "",
        "notes": "Pani Anna robi zakupy sama dwa razy w tygodniu.",
        "proposed_changes": "Dodać zajęcia w klubie seniora.",
    }
    for goal in goals:
        data[f"goal_{goal.pk}_level"] = "mostly"
        data[f"goal_{goal.pk}_note"] = "Dobrze idzie."
    data.update(overrides)
    return data


def test_the_owner_records_a_review_answering_the_planned_date(owner, active):
    url = reverse("plans:review_new", args=[active.uuid])
    client = login(owner)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Samodzielne robienie zakupów raz w tygodniu." in text
    assert "Progress on goal 1" in text
    # The goals are the plan's content: reading them is recorded.
    assert sensitive_reads(active) == 1
    planned = active.current_version.review_dates.get()
    offered = f'name="review_date" value="{planned.pk}"'
    assert offered in text

    response = client.post(url, review_data(active, review_date=str(planned.pk)))

    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[active.uuid])
    review = PlanReview.objects.get(plan=active)
    assert review.review_date == planned
    assert review.held_on == today()
    assert review.proposed_changes == "Dodać zajęcia w klubie seniora."
    assert list(GoalProgress.objects.filter(review=review).values_list("level", flat=True)) == [
        "mostly"
    ]
    # The planned date is answered: it is no longer offered.
    assert offered not in client.get(url).content.decode()


def test_a_review_before_the_plan_starts_is_refused_and_nothing_saved(owner, active):
    url = reverse("plans:review_new", args=[active.uuid])
    yesterday = today() - dt.timedelta(days=1)

    response = login(owner).post(url, review_data(active, **date_fields("held_on", yesterday)))

    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert "A review cannot be held before the plan starts" in text
    assert not PlanReview.objects.exists()


def test_a_review_without_the_progress_on_a_goal_is_refused(owner, active):
    goal = PlanGoal.objects.get(version=active.current_version)
    data = review_data(active)
    del data[f"goal_{goal.pk}_level"]

    response = login(owner).post(reverse("plans:review_new", args=[active.uuid]), data)

    assert response.status_code == 400
    assert "Choose how far the goal has come." in response.content.decode()
    assert not PlanReview.objects.exists()


def test_a_draft_plan_takes_no_review(owner):
    plan = plan_make(coordinator=owner)
    url = reverse("plans:review_new", args=[plan.uuid])
    client = login(owner)

    page = client.get(url)
    assert page.status_code == 200
    assert "A review is recorded for an active plan. This plan is draft." in page.content.decode()

    response = client.post(url, {**date_fields("held_on", today()), "notes": "Notatka"})
    assert response.status_code == 400
    assert "not active" in response.content.decode()
    assert not PlanReview.objects.exists()


def test_a_colleague_does_not_find_the_plan_and_an_outsider_is_refused(
    owner, colleague, outsider, active
):
    url = reverse("plans:review_new", args=[active.uuid])
    assert login(colleague).get(url).status_code == 404
    assert login(colleague).post(url, review_data(active)).status_code == 404
    assert login(outsider).get(url).status_code == 403
    assert login(outsider).post(url, review_data(active)).status_code == 403
    # An organiser sees every plan but writes none.
    assert login(organiser_make()).get(url).status_code == 403
    assert not PlanReview.objects.exists()
    assert sensitive_reads(active) == 0


def test_the_director_records_a_review_too(active):
    response = login(director_make()).post(
        reverse("plans:review_new", args=[active.uuid]), review_data(active)
    )
    assert response.status_code == 302
    assert PlanReview.objects.filter(plan=active).exists()


def test_a_malformed_plan_address_is_a_404(owner):
    response = login(owner).get("/pracownicy/plany/nie-ma-takiego/przeglady/nowy/")
    assert response.status_code == 404


# --- The closing summary ----------------------------------------------------------------------


def complete_data(day: dt.date | None = None, summary: str = "Cele osiągnięte.") -> dict:
    return {**date_fields("summary_interview_on", day or today()), "summary": summary}


def test_the_owner_completes_the_plan_and_it_becomes_read_only(owner, active):
    goal = PlanGoal.objects.get(version=active.current_version)
    review_record(
        plan=active,
        acting_user=owner,
        held_on=today(),
        notes="Notatka",
        progress=[(goal, "reached", "Robi zakupy sama.")],
    )
    url = reverse("plans:complete", args=[active.uuid])
    client = login(owner)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "The goals at the last review" in text and "Reached" in text

    response = client.post(url, complete_data())

    assert response.status_code == 302
    active.refresh_from_db()
    assert active.state == PlanState.COMPLETED
    assert active.summary == "Cele osiągnięte."
    assert active.summary_interview_on == today()
    again = client.get(url)
    assert again.status_code == 200
    assert "It is read-only." in again.content.decode()
    refused = client.post(url, complete_data(summary="Jeszcze raz"))
    assert refused.status_code == 400
    active.refresh_from_db()
    assert active.summary == "Cele osiągnięte."


def test_completing_with_a_change_pending_is_refused(owner, active):
    plan_change_start(plan=active, acting_user=owner, reason="Nowe potrzeby.")

    response = login(owner).post(reverse("plans:complete", args=[active.uuid]), complete_data())

    assert response.status_code == 400
    assert "before the plan is completed" in response.content.decode()
    active.refresh_from_db()
    assert active.state == PlanState.ACTIVE


def test_a_summary_interview_in_the_future_or_an_empty_summary_is_refused(owner, active):
    url = reverse("plans:complete", args=[active.uuid])
    client = login(owner)
    future = client.post(url, complete_data(day=today() + dt.timedelta(days=2)))
    assert future.status_code == 400
    empty = client.post(url, complete_data(summary=""))
    assert empty.status_code == 400
    assert "Write the course and results of the plan." in empty.content.decode()
    impossible = client.post(
        url,
        {**complete_data(), "summary_interview_on_day": "31", "summary_interview_on_month": "2"},
    )
    assert impossible.status_code == 400
    active.refresh_from_db()
    assert active.state == PlanState.ACTIVE


def test_the_summary_page_refuses_a_colleague_and_an_outsider(colleague, outsider, active):
    url = reverse("plans:complete", args=[active.uuid])
    assert login(colleague).get(url).status_code == 404
    assert login(colleague).post(url, complete_data()).status_code == 404
    assert login(outsider).get(url).status_code == 403
    assert login(outsider).post(url, complete_data()).status_code == 403
    active.refresh_from_db()
    assert active.state == PlanState.ACTIVE


# --- Two versions compared --------------------------------------------------------------------


@pytest.fixture
def changed(owner, active):
    """Version 2: the goal reworded and a goal added."""
    version = plan_change_start(plan=active, acting_user=owner, reason="Pani chodzi bez kul.")
    goal = version.goals.get()
    part_save(
        version=version,
        model=PlanGoal,
        instance=goal,
        acting_user=owner,
        data={"description": "Samodzielne wyjścia na targ"},
    )
    part_save(
        version=version,
        model=PlanGoal,
        acting_user=owner,
        data={"description": "Zajęcia w klubie seniora", "measure": "Raz w tygodniu"},
    )
    return active


def test_two_versions_side_by_side_with_each_change_said_in_words(owner, changed):
    url = reverse("plans:compare", args=[changed.uuid])

    response = login(owner).get(url, {"left": 1, "right": 2})

    assert response.status_code == 200
    text = response.content.decode()
    assert "Samodzielne robienie zakupów raz w tygodniu." in text
    assert "Samodzielne wyjścia na targ" in text
    assert ">changed<" in text and ">added<" in text and ">unchanged<" in text
    assert 'scope="row"' in text and 'scope="col"' in text
    assert sensitive_reads(changed) == 1


def test_without_a_choice_the_last_two_versions_are_compared(owner, changed):
    response = login(owner).get(reverse("plans:compare", args=[changed.uuid]))
    assert response.status_code == 200
    assert "Version 1 on the left, version 2 on the right." in response.content.decode()


def test_only_the_changes_when_asked(owner, changed):
    response = login(owner).get(
        reverse("plans:compare", args=[changed.uuid]),
        {"left": "1", "right": "2", "changes_only": "on"},
    )
    text = response.content.decode()
    assert ">changed<" in text
    assert ">unchanged<" not in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"left": 1, "right": 1}, "Choose two different versions."),
        ({"left": 1, "right": 9}, "Choose one of the plan&#x27;s versions."),
        ({"left": "abc", "right": 2}, "Choose one of the plan&#x27;s versions."),
        ({"left": 1}, "Choose a version."),
    ],
)
def test_a_wrong_choice_of_versions_is_explained(owner, changed, params: dict, message):
    response = login(owner).get(reverse("plans:compare", args=[changed.uuid]), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert sensitive_reads(changed) == 0


def test_a_plan_with_one_version_has_nothing_to_compare(owner, active):
    response = login(owner).get(reverse("plans:compare", args=[active.uuid]))
    assert response.status_code == 200
    assert "nothing to compare yet" in response.content.decode()


def test_the_comparison_refuses_a_colleague_and_an_outsider(colleague, outsider, changed):
    url = reverse("plans:compare", args=[changed.uuid])
    assert login(colleague).get(url, {"left": 1, "right": 2}).status_code == 404
    assert login(outsider).get(url, {"left": 1, "right": 2}).status_code == 403
    # The organisers, who approve and monitor, see every plan.
    assert login(organiser_make()).get(url, {"left": 1, "right": 2}).status_code == 200


# --- Approval authorisations ------------------------------------------------------------------


def grant_data(organiser, start: dt.date, end: dt.date, document: str = "Zarządzenie 5/2027"):
    return {
        "user": str(organiser.pk),
        **date_fields("valid_from", start),
        **date_fields("valid_until", end),
        "document": document,
    }


def test_the_director_sees_each_authorisation_with_its_state(owner):
    director = director_make()
    in_force_user, _in_force = organiser_authorised(director=director)
    _expired_user, _expired = organiser_authorised(
        director=director,
        valid_from=today() - dt.timedelta(days=60),
        valid_until=today() - dt.timedelta(days=1),
    )
    _future_user, _future = organiser_authorised(
        director=director,
        valid_from=today() + dt.timedelta(days=3),
        valid_until=today() + dt.timedelta(days=30),
    )
    _revoked_user, revoked = organiser_authorised(director=director)
    login(director).post(
        reverse("plans:authorisation_revoke", args=[revoked.uuid]), {"reason": "Zmiana zadań"}
    )

    response = login(director).get(reverse("plans:authorisations"))

    assert response.status_code == 200
    text = response.content.decode()
    for state in ("in force", "expired", "from a later date", "revoked"):
        assert f">{state}<" in text
    assert "Zmiana zadań" in text


def test_the_director_grants_an_authorisation():
    director = director_make()
    organiser = organiser_make()
    start, end = today(), today() + dt.timedelta(days=180)

    response = login(director).post(
        reverse("plans:authorisations"), grant_data(organiser, start, end)
    )

    assert response.status_code == 302
    granted = ApprovalAuthorisation.objects.get(user=organiser)
    assert (granted.valid_from, granted.valid_until) == (start, end)
    assert granted.document == "Zarządzenie 5/2027"
    assert granted.granted_by == director


def test_an_authorisation_ending_before_it_starts_or_for_a_coordinator_is_refused(owner):
    director = director_make()
    organiser = organiser_make()
    client = login(director)
    backwards = client.post(
        reverse("plans:authorisations"),
        grant_data(organiser, today(), today() - dt.timedelta(days=1)),
    )
    assert backwards.status_code == 400
    assert "The last day must be on or after the first day" in backwards.content.decode()
    coordinator = client.post(
        reverse("plans:authorisations"),
        grant_data(owner, today(), today() + dt.timedelta(days=10)),
    )
    assert coordinator.status_code == 400
    assert "govuk-error-summary" in coordinator.content.decode()
    assert not ApprovalAuthorisation.objects.exists()


def test_the_director_revokes_an_authorisation_with_a_reason():
    director = director_make()
    organiser, authorisation = organiser_authorised(director=director)
    url = reverse("plans:authorisation_revoke", args=[authorisation.uuid])
    client = login(director)
    assert client.get(url).status_code == 200

    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    authorisation.refresh_from_db()
    assert authorisation.revoked_on is None

    response = client.post(url, {"reason": "Przejście do innego działu"})
    assert response.status_code == 302
    authorisation.refresh_from_db()
    assert authorisation.revoked_on == today()
    assert authorisation.revoke_reason == "Przejście do innego działu"

    # Revoked already: the page says so and offers no button; a second POST is refused.
    again = client.get(url)
    assert "already been revoked" in again.content.decode()
    refused = client.post(url, {"reason": "Jeszcze raz"})
    assert refused.status_code == 400
    assert "already revoked" in refused.content.decode()


@pytest.mark.parametrize("who", ["owner", "colleague", "outsider", "organiser"])
def test_only_the_director_manages_authorisations(who, owner, colleague, outsider):
    director = director_make()
    organiser, authorisation = organiser_authorised(director=director)
    user = {"owner": owner, "colleague": colleague, "outsider": outsider, "organiser": organiser}[
        who
    ]
    client = login(user)
    assert client.get(reverse("plans:authorisations")).status_code == 403
    assert (
        client.post(
            reverse("plans:authorisations"),
            grant_data(organiser, today(), today() + dt.timedelta(days=10)),
        ).status_code
        == 403
    )
    revoke = reverse("plans:authorisation_revoke", args=[authorisation.uuid])
    assert client.get(revoke).status_code == 403
    assert client.post(revoke, {"reason": "x"}).status_code == 403
    assert ApprovalAuthorisation.objects.count() == 1
    authorisation.refresh_from_db()
    assert authorisation.revoked_on is None


def test_an_unknown_authorisation_is_a_404():
    response = login(director_make()).get(
        reverse("plans:authorisation_revoke", args=["00000000-0000-4000-8000-000000000000"])
    )
    assert response.status_code == 404
