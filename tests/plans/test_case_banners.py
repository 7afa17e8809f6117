"""The days left show on every page of the case (issue 10, item 2): the plans register a case
banner source in core's registry, and the application page (intake) and the person card
(people) draw it without naming plans. Only those who may see the plan see its clock; a role
without plans sees none; the banners cost one query per source."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opencus.core.formatting import day_text
from opencus.core.registry import case_banners
from opencus.core.roles import Role
from opencus.plans import clocks
from opencus.plans.banners import assessment_banners, plan_banners
from tests.personas import login, user_make
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
    return coordinator_make()


@pytest.fixture
def colleague():
    return coordinator_make("Kamila", "Koleżanka")


def pages(plan):
    return (
        reverse("intake:application_detail", args=[plan.application.uuid]),
        reverse("people:detail", args=[plan.person.pk]),
        reverse("intake:person_applications", args=[plan.person.pk]),
    )


def test_the_owner_sees_the_days_left_on_the_application_and_the_person_card(owner):
    plan = plan_make(owner, filed_days_ago=18)
    due = day_text(clocks.plan_due_on(plan.application.filed_at))
    expected = f"Individual plan {plan.reference}: 12 days left of 30 (due {due})."

    for url in pages(plan):
        text = login(owner).get(url).content.decode()
        assert "Deadlines in this case" in text, url
        assert expected in text, url
        assert reverse("plans:detail", args=[plan.uuid]) in text, url


def test_an_overdue_plan_says_so_in_words_and_colour(owner):
    plan = plan_make(owner, filed_days_ago=33)
    text = login(owner).get(pages(plan)[0]).content.decode()
    assert f"Individual plan {plan.reference}: overdue by 3 days" in text
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in text


def test_only_those_who_may_see_the_plan_see_its_clock(owner, colleague):
    plan = plan_make(owner, filed_days_ago=18)
    for url in pages(plan):
        assert plan.reference in login(user_make(Role.DIRECTOR)).get(url).content.decode()
        assert plan.reference in login(user_make(Role.SERVICE_ORGANISER)).get(url).content.decode()
        # A colleague and the client office see the application, not the plan.
        for reader in (colleague, user_make(Role.CLIENT_OFFICE)):
            response = login(reader).get(url)
            assert response.status_code == 200
            text = response.content.decode()
            assert plan.reference not in text
            assert "Deadlines in this case" not in text


def test_an_assessment_waiting_for_its_plan_links_to_writing_it(owner):
    assessment = assessment_make(owner, days_ago=25)
    application = assessment.application
    url = reverse("intake:application_detail", args=[application.uuid])

    text = login(owner).get(url).content.decode()

    assert (
        f"An individual plan is needed (application {application.reference}): 5 days left of "
        "30" in text
    )
    assert reverse("plans:create", args=[assessment.pk]) in text
    assert "Due soon" in text
    # Those who do not write plans are not asked to.
    assert "An individual plan is needed" not in (
        login(user_make(Role.SERVICE_ORGANISER)).get(url).content.decode()
    )


def test_an_active_plan_shows_its_next_review_and_its_end(owner):
    plan = active_make(owner, reviews_in=(-2, 9), ends_in=25)
    [review, ending] = plan_banners(owner, plan.person)
    assert review.text == (
        f"Individual plan {plan.reference}: the review is overdue by 2 days (due "
        f"{day_text(days(-2))})."
    )
    assert review.tone == "overdue"
    assert ending.text.startswith(f"Individual plan {plan.reference}: ends on {day_text(days(25))}")
    assert ending.tone == "warning"


def test_returned_and_awaiting_plans_say_where_they_stand(owner):
    returned = returned_make(owner)
    awaiting = awaiting_make(owner)
    texts = [banner.text for banner in plan_banners(owner, returned.person)]
    assert texts == [f"Individual plan {returned.reference}: returned for corrections."]
    texts = [banner.text for banner in plan_banners(owner, awaiting.person)]
    assert texts == [
        f"Individual plan {awaiting.reference}: awaiting approval since {day_text(days(0))}."
    ]


def test_closed_plans_show_no_clock(owner):
    plan = active_make(owner, reviews_in=(3,))
    plan.state = "completed"
    plan.save(update_fields=["state"])
    assert plan_banners(owner, plan.person) == []


def test_each_source_reads_in_one_query(owner, django_assert_num_queries):
    person = plan_make(owner).person
    for plan in (plan_make(owner), active_make(owner, reviews_in=(1, 2))):
        plan.person = person
        plan.save(update_fields=["person"])
    owner = type(owner).objects.get(pk=owner.pk)
    case_banners(owner, person)  # the roles are read once per request
    with django_assert_num_queries(1):
        assert len(plan_banners(owner, person)) == 3
    with django_assert_num_queries(1):
        assessment_banners(owner, person)
