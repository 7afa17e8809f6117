"""The senior taxi's sections of "my work" (core's registry, registered from
``declarations``):

- for the client office (``transport.book``): "Rides to confirm by phone", the published
  rides whose passengers get no e-mail reminder, the earliest first (``reminders.call_list``);
- for the dispatcher (``transport.dispatch``): "Senior taxi plans", the coming days' plans
  not published yet (from tomorrow to the next working day, days with rides) and the days
  with rides that do not fit their plan (the next two weeks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from opencus.core.registry import WorkSection, my_work_section
from opencus.core.roles import has_capability
from opencus.transport import clocks, reminders
from opencus.transport.capabilities import TRANSPORT_BOOK, TRANSPORT_DISPATCH
from opencus.transport.models import Booking, BookingStatus, DayPlan, DayPlanStatus

#: How many rows a section shows.
ROWS = 20
#: Rides that do not fit are looked for this many days ahead.
UNSERVED_DAYS = 14


def _today() -> dt.date:
    return timezone.localdate(timezone.now(), clocks.WARSAW)


def calls(user: Any) -> WorkSection | None:
    if not has_capability(user, TRANSPORT_BOOK):
        return None
    rides = reminders.call_list(user, _today())
    found = list(rides[:ROWS])
    return WorkSection(
        key="transport-calls",
        title=gettext_lazy("Rides to confirm by phone"),
        template="transport/dispatch_work_calls.html",
        total=len(found) if len(found) < ROWS else rides.count(),
        rows=found,
        more_url=reverse("transport:call_list"),
    )


@dataclass(frozen=True)
class PlanWork:
    day: dt.date
    what: str
    url: str


def plan_rows(today: dt.date) -> list[PlanWork]:
    """The coming days' unpublished plans and the days with rides left out of their plan."""
    rows: list[PlanWork] = []
    last = clocks.next_working_day(today)
    ahead = today + dt.timedelta(days=UNSERVED_DAYS)
    by_day = list(
        Booking.objects.filter(
            day__gt=today,
            day__lte=ahead,
            status__in=[BookingStatus.BOOKED, BookingStatus.ON_BOARD],
        )
        .values("day")
        .annotate(
            n=Count("id", distinct=True),
            planned=Count("id", filter=Q(stops__kind="pickup"), distinct=True),
            published=Exists(
                DayPlan.objects.filter(day=OuterRef("day"), status=DayPlanStatus.PUBLISHED)
            ),
        )
        .order_by("day")
    )
    counts = {row["day"]: row["n"] for row in by_day}
    planned = {row["day"]: row["planned"] for row in by_day}
    published = {row["day"] for row in by_day if row["published"]}
    for day in sorted(counts):
        url = reverse("transport:dispatch_day", args=[day.isoformat()])
        left_out = counts[day] - planned.get(day, 0)
        if day <= last and day not in published:
            rows.append(PlanWork(day, _("Check and publish the plan"), url))
        if left_out > 0:
            rows.append(
                PlanWork(
                    day,
                    ngettext(
                        "%(count)s ride does not fit the plan",
                        "%(count)s rides do not fit the plan",
                        left_out,
                    )
                    % {"count": left_out},
                    url,
                )
            )
    return rows


def plans(user: Any) -> WorkSection | None:
    if not has_capability(user, TRANSPORT_DISPATCH):
        return None
    rows = plan_rows(_today())
    return WorkSection(
        key="transport-plans",
        title=gettext_lazy("Senior taxi plans"),
        template="transport/dispatch_work_plans.html",
        total=len(rows[:ROWS]),
        rows=rows[:ROWS],
        more_url=reverse("transport:dispatch"),
    )


def register() -> None:
    my_work_section("transport_plans", plans, order=60, app="transport")
    my_work_section("transport_calls", calls, order=61, app="transport")
