"""Two versions of a plan compared side by side (issue 10, item 3): parts matched by their
key, so a goal edited in version 2 is "changed", a new one "added", a dropped one "removed";
the header compared field by field; planned services on service, provider, scope, frequency
and dates; and a submitted snapshot compares as the version it was."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from opencus.catalog.models import Period, Unit
from opencus.plans.models import (
    PlanChange,
    PlanCommitment,
    PlanGoal,
    PlanReviewDate,
    PlanTransition,
)
from opencus.plans.services import part_remove, part_save, plan_change_start
from opencus.plans.versions import (
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    DiffSection,
    content_language,
    version_content,
    version_diff,
)
from tests.plans import factories
from tests.plans.plan_rows import approve, coordinator_make, plan_make, version_copy
from tests.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def section(sections: list[DiffSection], title: str) -> DiffSection:
    [found] = [s for s in sections if s.title == title]
    return found


def statuses(found: DiffSection) -> dict[str, str]:
    return {row.label: row.status for row in found.rows}


@pytest.fixture
def versions():
    coordinator = coordinator_make()
    plan = plan_make(coordinator=coordinator)
    first = approve(plan.versions.get(number=1), by=coordinator)
    second = version_copy(first, by=coordinator, change_reason="Pani Łucja chodzi już bez kul.")
    return first, second


def test_the_same_content_compares_as_same_everywhere(versions):
    first, _second = versions
    sections = version_diff(first, first)
    assert [s.title for s in sections] == [
        "The plan",
        "Goals",
        "Planned services",
        "The person's commitments",
        "People and institutions involved",
        "Review dates",
    ]
    assert all(row.status == SAME for s in sections for row in s.rows)
    assert all(s.changes == 0 for s in sections)


def test_an_edited_goal_is_changed_a_new_one_added_a_dropped_one_removed(versions):
    first, second = versions
    edited = second.goals.get(description="Samodzielne wyjścia do sklepu")
    edited.measure = "Trzy razy w tygodniu robi zakupy sama"
    edited.save()
    second.goals.get(description="Regularne wizyty u lekarza").delete()
    PlanGoal.objects.create(
        version=second, position=3, description="Spotkania w klubie seniora", measure="Raz w tyg."
    )

    goals = section(version_diff(first, second), "Goals")

    assert statuses(goals) == {
        "Samodzielne wyjścia do sklepu": CHANGED,
        "Spotkania w klubie seniora": ADDED,
        "Regularne wizyty u lekarza": REMOVED,
    }
    changed, added, removed = goals.rows
    assert "How we will know: Dwa razy w tygodniu robi zakupy sama" in changed.left
    assert "How we will know: Trzy razy w tygodniu robi zakupy sama" in changed.right
    assert "By when: 30.09.2026" in changed.left
    assert added.left == "" and "Spotkania w klubie seniora" in added.right
    assert removed.right == "" and "Regularne wizyty u lekarza" in removed.left
    assert goals.changes == 3


def test_a_goal_with_the_same_words_but_a_new_key_is_added_and_removed(versions):
    """Matching is by key, not by words: a goal deleted and typed again is a new goal."""
    first, second = versions
    old = second.goals.get(position=2)
    words = {"description": old.description, "measure": old.measure}
    old.delete()
    PlanGoal.objects.create(version=second, position=2, **words)
    rows = section(version_diff(first, second), "Goals").rows
    assert [row.status for row in rows] == [SAME, ADDED, REMOVED]


def test_the_header_is_compared_field_by_field(versions):
    first, second = versions
    second.ends_on = dt.date(2027, 2, 28)
    second.consent_given_on = dt.date(2026, 4, 1)
    second.save()

    header = section(version_diff(first, second), "The plan")

    assert statuses(header) == {
        "Period": CHANGED,
        "The person's situation": SAME,
        "Consent": CHANGED,
        "What changes and why": ADDED,
    }
    period = header.rows[0]
    assert (period.left, period.right) == ("02.03.2026–31.12.2026", "02.03.2026–28.02.2027")
    assert header.rows[2].right.startswith("The person agreed on 01.04.2026.")
    assert header.rows[3].right == "Pani Łucja chodzi już bez kul."


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("scope", "Tylko zakupy", "Scope: Tylko zakupy"),
        ("units", Decimal("2.5"), "How often: 2.50 × hour / week"),
        ("period", Period.MONTH, "How often: 4 × hour / month"),
        ("unit", Unit.VISIT, "How often: 4 × visit / week"),
        ("ends_on", dt.date(2026, 10, 31), "Dates: 02.03.2026–31.10.2026"),
    ],
)
def test_a_planned_service_changes_on_each_of_its_fields(versions, field, value, shown):
    first, second = versions
    planned = second.planned_services.get()
    setattr(planned, field, value)
    planned.save()
    [row] = section(version_diff(first, second), "Planned services").rows
    assert row.status == CHANGED
    assert row.label == "Asystencja osobista"
    assert shown in row.right.splitlines()
    assert shown not in row.left.splitlines()
    assert "How often: 4 × hour / week" in row.left.splitlines()


def test_a_planned_service_changes_when_its_provider_does(versions):
    first, second = versions
    planned = second.planned_services.get()
    planned.provider = ProviderFactory.create(name="Spółdzielnia Socjalna Razem")
    planned.save()
    [row] = section(version_diff(first, second), "Planned services").rows
    assert row.status == CHANGED
    assert "Provider: the centre" in row.left.splitlines()
    assert "Provider: Spółdzielnia Socjalna Razem" in row.right.splitlines()


def test_commitments_people_and_review_dates_are_matched_by_key(versions):
    first, second = versions
    second.commitments.get().delete()
    PlanCommitment.objects.create(version=second, text="Chodzę na spotkania klubu")
    son = second.participants.get(name="Marek Żółkiewski")
    son.contact = "600 300 400"
    son.save()
    review = second.review_dates.get()
    review.due_on = dt.date(2026, 6, 15)
    review.save()
    PlanReviewDate.objects.create(version=second, due_on=dt.date(2026, 10, 1))

    sections = version_diff(first, second)

    assert [row.status for row in section(sections, "The person's commitments").rows] == [
        ADDED,
        REMOVED,
    ]
    people = section(sections, "People and institutions involved")
    assert statuses(people) == {"Celina Koordynatorka": SAME, "Marek Żółkiewski": CHANGED}
    assert "Contact: 600 300 400" in people.rows[1].right
    assert "Who: family or a close person" in people.rows[1].right
    reviews = section(sections, "Review dates").rows
    assert [(row.left, row.right, row.status) for row in reviews] == [
        ("01.06.2026", "15.06.2026", CHANGED),
        ("", "01.10.2026", ADDED),
    ]


def test_the_content_is_json_and_a_snapshot_compares_as_the_version_it_was(versions):
    first, second = versions
    snapshot = json.loads(json.dumps(version_content(second)))  # as stored in a JSONField
    assert snapshot["number"] == 2
    [goals_part] = [part for part in snapshot["parts"] if part["name"] == "goals"]
    assert {goal["key"] for goal in goals_part["items"]} == {
        str(goal.key) for goal in first.goals.all()
    }
    goal = second.goals.get(position=1)
    goal.description = "Samodzielne wyjścia na targ"
    goal.save()

    # What was submitted against what the version holds now.
    goals = section(version_diff(snapshot, second), "Goals")
    assert statuses(goals) == {
        "Samodzielne wyjścia na targ": CHANGED,
        "Regularne wizyty u lekarza": SAME,
    }
    # A snapshot against itself, and against the first version's content as data.
    assert all(row.status == SAME for s in version_diff(snapshot, snapshot) for row in s.rows)
    header = section(version_diff(version_content(first), snapshot), "The plan")
    assert statuses(header)["What changes and why"] == ADDED


def test_the_rows_follow_the_right_version_s_order_removed_last(versions):
    first, second = versions
    second.goals.filter(position=1).update(position=5)
    goals = section(version_diff(first, second), "Goals")
    assert [row.label for row in goals.rows] == [
        "Regularne wizyty u lekarza",
        "Samodzielne wyjścia do sklepu",
    ]
    assert [row.label for row in section(version_diff(second, first), "Goals").rows] == [
        "Samodzielne wyjścia do sklepu",
        "Regularne wizyty u lekarza",
    ]


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_a_snapshot_taken_in_another_language_compares_with_the_version_read_in_english(
    versions, language
):
    """The snapshot keeps the words of the day it was submitted (in Polish "godzina",
    "tydzień"); the version it is compared with is read in the same words, so nothing shows
    as changed that did not change. The row labels are in the reader's language."""
    _first, second = versions
    with translation.override(language):
        snapshot = json.loads(json.dumps(version_content(second)))
    assert content_language(snapshot) == language
    sections = version_diff(snapshot, second)
    assert all(row.status == SAME for s in sections for row in s.rows)
    [service] = section(sections, "Planned services").rows
    assert service.label == "Asystencja osobista"
    assert service.left == service.right

    planned = second.planned_services.get()
    planned.units = Decimal("6")
    planned.save()
    [service] = section(version_diff(snapshot, second), "Planned services").rows
    assert service.status == CHANGED
    assert service.right != service.left


# --- Through the services ---------------------------------------------------------------------


def test_a_change_made_through_the_services_compares_with_the_version_in_force():
    """``plan_change_start`` copies every part with its key; the edits of the new draft show
    as changed, added and removed against the version in force, and what was submitted for
    version 1 (the snapshot of its submission) reads the same as version 1."""
    plan = factories.plan_active()
    in_force = plan.current_version
    assert in_force is not None
    draft = plan_change_start(plan=plan, acting_user=plan.coordinator, reason="Nowe potrzeby")
    goal = draft.goals.get()
    part_save(
        version=draft,
        model=PlanGoal,
        instance=goal,
        acting_user=plan.coordinator,
        data={"measure": "Sama robi zakupy co tydzień przez dwa miesiące."},
    )
    part_save(
        version=draft,
        model=PlanCommitment,
        acting_user=plan.coordinator,
        data={"text": "Chodzę na spotkania klubu seniora."},
    )
    part_remove(part=draft.review_dates.get(), acting_user=plan.coordinator)

    sections = version_diff(in_force, draft)

    assert [row.status for row in section(sections, "Goals").rows] == [CHANGED]
    assert [row.status for row in section(sections, "The person's commitments").rows] == [ADDED]
    assert [row.status for row in section(sections, "Review dates").rows] == [REMOVED]
    assert all(row.status == SAME for row in section(sections, "Planned services").rows)
    assert statuses(section(sections, "The plan"))["What changes and why"] == ADDED

    submitted = PlanTransition.objects.get(plan=plan, change=PlanChange.SUBMITTED)
    assert submitted.snapshot["number"] == 1
    assert all(
        row.status == SAME for s in version_diff(submitted.snapshot, in_force) for row in s.rows
    )
