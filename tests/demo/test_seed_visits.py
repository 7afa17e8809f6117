"""The demo's home visits (``opencus/demo/visits.py``): the three workers, the physiotherapist
on the demo account, requests for each service, and a published week computed by the solver
in which every visit is inside one of the person's times at home, by a worker with the skill,
within their hours. Seeded once for the module with the demo tests' own fixture."""

from __future__ import annotations

import pytest
from django.utils import timezone

from opencus.core.roles import Role
from opencus.demo import data
from opencus.visits.models import (
    PlanStatus,
    Skill,
    Visit,
    VisitRequest,
    VisitStatus,
    VisitWorker,
    WeekPlan,
)
from tests.demo.test_seed_demo import _on_a_demo_day, demo

__all__ = ["_on_a_demo_day", "demo"]


@pytest.mark.django_db
def test_the_demo_has_three_home_visit_workers_and_the_physiotherapist_signs_in(
    demo: str,
) -> None:
    workers = list(VisitWorker.objects.order_by("name"))
    assert len(workers) == 3
    assert {skill for w in workers for skill in w.skills} == set(Skill.values)
    physio = VisitWorker.objects.get(user__username="visiting_staff")
    assert physio.name == "Magdalena Wróbel"
    assert physio.skills == [Skill.PHYSIOTHERAPY]
    assert physio.user is not None
    assert physio.user.groups.filter(name=Role.VISITING_STAFF.value).exists()
    assert physio.user.check_password(data.DEMO_PASSWORD)
    assert VisitWorker.objects.filter(name__contains="Złota Rączka").exists()


@pytest.mark.django_db
def test_the_demo_week_of_home_visits_is_published_and_every_visit_fits(demo: str) -> None:
    for skill in Skill.values:
        assert VisitRequest.objects.filter(skill=skill).exists(), skill
    plan = WeekPlan.objects.get()
    assert plan.status == PlanStatus.PUBLISHED and plan.revision == 1
    assert plan.transitions.filter(action="published").exists()
    visits = list(
        Visit.objects.filter(plan=plan, status=VisitStatus.PLANNED).select_related(
            "request", "worker"
        )
    )
    assert len(visits) >= 3
    assert {v.worker.user.username for v in visits if v.worker.user} == {"visiting_staff"}
    for visit in visits:
        assert visit.request.skill in visit.worker.skills
        start = timezone.localtime(visit.starts_at).time()
        end = timezone.localtime(visit.ends_at).time()
        assert any(
            w.starts_at <= start and end <= w.ends_at
            for w in visit.request.windows.filter(day=visit.day)
        )
        hours = visit.worker.hours_on(visit.day.weekday())
        assert hours is not None and hours[0] <= start and end <= hours[1]
