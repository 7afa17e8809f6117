"""The coordinator's day (issue 10, item 6): "My plans" in "my work", ordered by the next
deadline — plans to write (days left of the 30), drafts to submit, reviews due, plans ending,
drafts returned, and for approvers the versions awaiting approval. Overdue rows say so in
words as well as in colour; each person sees only their own plans (the director all)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from opencus.core.roles import Role
from opencus.plans.models import PlanReview
from opencus.plans.work import my_plans
from tests.personas import login, user_make
from tests.plans.factories import organiser_authorised, organiser_make
from tests.plans.monitoring_rows import (
    active_make,
    assessment_make,
    awaiting_make,
    coordinator_make,
    days,
    plan_make,
    returned_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return coordinator_make("Olga", "Właścicielka")


@pytest.fixture
def colleague():
    return coordinator_make("Kamila", "Koleżanka")


@pytest.fixture
def day(owner, colleague):
    """The owner's deadlines, and one of the colleague's."""
    return {
        "to_write": assessment_make(owner, days_ago=18, last_name="Pisana").application,
        "to_submit": plan_make(owner, filed_days_ago=33, last_name="Spóźniona"),
        "review": active_make(owner, reviews_in=(5,), last_name="Przeglądowa"),
        "ending": active_make(owner, ends_in=20, last_name="Kończąca"),
        "returned": returned_make(owner, last_name="Zwrócona"),
        "colleagues": plan_make(colleague, filed_days_ago=20, last_name="Cudza"),
    }


def rows_of(user):
    found = my_plans(user)
    assert found is not None
    return found.rows


def test_the_owner_sees_her_deadlines_the_nearest_first(owner, day):
    rows = rows_of(owner)

    assert [(row.kind, row.person.last_name) for row in rows] == [
        ("submit", "Spóźniona"),
        ("review", "Przeglądowa"),
        ("write", "Pisana"),
        ("ending", "Kończąca"),
        ("returned", "Zwrócona"),
    ]
    assert [row.status for row in rows] == [
        "overdue by 3 days",
        "5 days left",
        "12 days left of 30",
        "20 days left",
        f"waiting since {days(0):%d.%m.%Y}",
    ]
    assert [row.tone for row in rows] == ["overdue", "warning", "info", "info", "info"]
    write = rows[2]
    assert write.url == reverse("plans:create", args=[day["to_write"].assessments.get().pk])
    assert rows[0].url == reverse("plans:detail", args=[day["to_submit"].uuid])
    assert rows[1].url == reverse("plans:review_new", args=[day["review"].uuid])


def test_my_work_page_marks_the_overdue_row_in_words_and_colour(owner, day):
    response = login(owner).get(reverse("core:my_work"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "My plans" in text
    assert '<strong class="govuk-tag govuk-tag--red">overdue by 3 days</strong>' in text
    order = [text.index(name) for name in ("Spóźniona", "Przeglądowa", "Pisana", "Kończąca")]
    assert order == sorted(order)
    assert "Cudza" not in text


def test_a_colleague_sees_only_her_own(colleague, day):
    rows = rows_of(colleague)
    assert [(row.kind, row.person.last_name) for row in rows] == [("submit", "Cudza")]
    assert rows[0].status == "10 days left of 30"


def test_the_director_sees_everyone_s_deadlines(day):
    rows = rows_of(user_make(Role.DIRECTOR))
    names = [row.person.last_name for row in rows]
    assert set(names) == {"Spóźniona", "Przeglądowa", "Pisana", "Kończąca", "Zwrócona", "Cudza"}
    assert names[0] == "Spóźniona"


def test_reviews_far_ahead_or_answered_are_not_listed(owner):
    active_make(owner, reviews_in=(20,), last_name="Daleka")
    answered = active_make(owner, reviews_in=(-2,), last_name="Zrobiona")
    active_make(owner, reviews_in=(-4,), last_name="Zaległa")
    version = answered.current_version
    assert version is not None
    PlanReview.objects.create(
        plan=answered,
        version=version,
        review_date=version.review_dates.get(),
        held_on=days(-2),
        notes="Notatka",
        recorded_by=owner,
    )

    rows = rows_of(owner)

    assert [(row.kind, row.person.last_name, row.status) for row in rows] == [
        ("review", "Zaległa", "overdue by 4 days")
    ]


def test_a_plan_past_its_end_is_overdue_for_its_summary(owner):
    active_make(owner, starts_in=-200, ends_in=-1, last_name="Po terminie")
    [row] = rows_of(owner)
    assert (row.kind, row.status, row.tone) == ("ending", "overdue by 1 day", "overdue")


def test_approvers_see_what_awaits_approval(owner):
    awaiting_make(owner, last_name="Czekająca")
    authorised, _authorisation = organiser_authorised()

    assert [row.kind for row in rows_of(authorised)] == ["approve"]
    assert [row.kind for row in rows_of(user_make(Role.DIRECTOR))] == ["approve"]
    # An organiser without an authorisation in force approves nothing; the owner waits.
    assert rows_of(organiser_make()) == []
    assert rows_of(owner) == []


def test_roles_without_plans_have_no_section(owner):
    assert my_plans(user_make(Role.CLIENT_OFFICE)) is None
    text = login(user_make(Role.CLIENT_OFFICE)).get(reverse("core:my_work")).content.decode()
    assert "My plans" not in text


def test_the_section_shows_the_nearest_rows_and_counts_the_rest(owner, monkeypatch):
    from opencus.plans import work

    monkeypatch.setattr(work, "ROWS", 2)
    for n in range(3):
        assessment_make(owner, days_ago=10 + n)
    plan_make(owner, filed_days_ago=31)

    found = my_plans(owner)

    assert found is not None
    assert found.total == 4
    assert [row.status for row in found.rows] == ["overdue by 1 day", "18 days left of 30"]
    text = login(owner).get(reverse("core:my_work")).content.decode()
    assert re.search(r"The nearest 2 are shown\.", text)


def test_my_plans_reads_in_a_fixed_number_of_queries(owner, day, django_assert_max_num_queries):
    for n in range(4):
        active_make(owner, reviews_in=(n,), ends_in=25)
        assessment_make(owner, days_ago=n)
    owner = type(owner).objects.get(pk=owner.pk)
    with django_assert_max_num_queries(8):
        my_plans(owner)
