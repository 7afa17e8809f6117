"""The planners' "my work" section: requests left out of a plan (with the reason) and weeks
with visits planned but not published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy

from opencus.core.registry import WorkSection, my_work_section
from opencus.core.roles import has_capability
from opencus.visits.capabilities import VISITS_PLAN
from opencus.visits.models import (
    PlanStatus,
    RequestStatus,
    Visit,
    VisitRequest,
    VisitStatus,
    WeekPlan,
)
from opencus.visits.selectors import today

ROWS = 20
TITLE = gettext_lazy("Home visits to plan")


def work_build(user: Any) -> WorkSection | None:
    if not has_capability(user, VISITS_PLAN):
        return None
    left_out = (
        VisitRequest.objects.visible_to(user)
        .filter(status=RequestStatus.OPEN)
        .exclude(left_out_reason="")
        .select_related("person")
        .order_by("created_at")
    )
    drafts = (
        WeekPlan.objects.filter(
            status=PlanStatus.DRAFT, week_start__gte=today() - dt.timedelta(days=6)
        )
        .filter(visits__status=VisitStatus.PLANNED)
        .distinct()
        .order_by("week_start")
    )
    refused = (
        Visit.objects.visible_to(user)
        .filter(status=VisitStatus.DONE, delivery_record__isnull=True)
        .exclude(ledger_refusal="")
        .select_related("request__person")
        .order_by("day", "starts_at")
    )
    refused_rows = list(refused[:ROWS])
    left_rows = list(left_out[:ROWS])
    draft_rows = list(drafts[:ROWS])
    return WorkSection(
        key="visits",
        title=TITLE,
        template="visits/work.html",
        total=left_out.count() + len(draft_rows) + refused.count(),
        rows=[*left_rows, *draft_rows, *refused_rows],
        extra={"left_out": left_rows, "drafts": draft_rows, "refused": refused_rows},
    )


def register() -> None:
    my_work_section("visits", work_build, order=66, app="visits")
