"""Reads of community organising: the plan's current version, whether a group is alive, and the
evaluation — the plan's indicators computed from the records per quarter and per year."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.community.models import (
    SURVEY_QUESTIONS,
    Community,
    Event,
    EventStatus,
    Group,
    Initiative,
    Leader,
    OSLPlan,
    OSLPlanVersion,
    Resource,
    SurveyResponse,
)
from opencus.core.dates import add_months

#: A group that has not met for this long is no longer alive (unless it started lately).
ALIVE_DAYS = 90

#: The indicators of an OSL plan, in the order the pages and the export show them.
INDICATORS: tuple[tuple[str, Any], ...] = (
    ("meetings", _("Meetings and events held")),
    ("participants", _("Participants (unique at each event, added up)")),
    ("attendances", _("Attendances in total")),
    ("leaders", _("Local leaders found")),
    ("initiatives", _("Residents' initiatives")),
    ("groups_alive", _("Groups alive at the end of the period")),
    ("partners", _("Partners")),
)
INDICATOR_KEYS = tuple(key for key, _label in INDICATORS)
#: The indicators that are a state at the period's end, not a sum over it.
STATE_INDICATORS = ("groups_alive", "partners")


def today() -> dt.date:
    return timezone.localdate()


def plan_current(plan: OSLPlan) -> OSLPlanVersion | None:
    return plan.versions.order_by("-number").first()


def group_alive_on(group: Group, day: dt.date, meetings: list[dt.date]) -> bool:
    """Alive on ``day``: started by then, not ended, and met (or started) within the last
    ``ALIVE_DAYS`` days."""
    if group.started_on > day or (group.ended_on is not None and group.ended_on <= day):
        return False
    recent = [d for d in meetings if d <= day]
    last = max([*recent, group.started_on])
    return (day - last).days <= ALIVE_DAYS


def group_alive_after(group: Group, months: int, meetings: list[dt.date]) -> bool | None:
    """Whether the group was still alive ``months`` after it started; ``None`` while that day
    is still to come."""
    day = add_months(group.started_on, months)
    if day > today():
        return None
    return group_alive_on(group, day, meetings)


def group_meetings(groups: list[Group]) -> dict[int, list[dt.date]]:
    found: dict[int, list[dt.date]] = {group.pk: [] for group in groups}
    for group_id, day in Event.objects.filter(
        group__in=groups, status=EventStatus.HELD
    ).values_list("group_id", "day"):
        found[group_id].append(day)
    return found


@dataclass
class Period:
    key: str
    label: str
    first: dt.date
    last: dt.date


def periods(year: int) -> list[Period]:
    """The four quarters of ``year`` and the year itself."""
    quarters = [
        Period(
            f"q{q}",
            f"{['I', 'II', 'III', 'IV'][q - 1]} {_('quarter')}",
            dt.date(year, 3 * q - 2, 1),
            dt.date(year, 3 * q, calendar.monthrange(year, 3 * q)[1]),
        )
        for q in range(1, 5)
    ]
    return [*quarters, Period("year", str(_("year")), dt.date(year, 1, 1), dt.date(year, 12, 31))]


@dataclass
class IndicatorRow:
    key: str
    label: Any
    target: int | None
    values: list[int | None] = field(default_factory=list)

    @property
    def year_value(self) -> int | None:
        return self.values[-1] if self.values else None

    @property
    def met(self) -> bool | None:
        if self.target is None or self.year_value is None:
            return None
        return self.year_value >= self.target


@dataclass
class Evaluation:
    community: Community
    year: int
    periods: list[Period]
    rows: list[IndicatorRow]
    influence: list[Decimal | None]
    influence_count: list[int]
    plan: OSLPlan | None
    version: OSLPlanVersion | None


def evaluation(community: Community, year: int) -> Evaluation:
    """The plan's indicators for ``community`` in ``year``, computed from the records: per
    quarter and for the year (a state indicator as at the period's end, or today while the
    period runs; a period still to come shows nothing)."""
    spans = periods(year)
    plan = OSLPlan.objects.filter(community=community, year=year).first()
    version = plan_current(plan) if plan else None
    targets = version.targets if version else {}
    now = today()
    events = list(
        Event.objects.filter(
            community=community, status=EventStatus.HELD, day__year=year
        ).values_list("day", "participants", "attendances")
    )
    leaders = list(
        Leader.objects.filter(community=community, found_on__year=year).values_list(
            "found_on", flat=True
        )
    )
    initiatives = list(
        Initiative.objects.filter(community=community, started_on__year=year).values_list(
            "started_on", flat=True
        )
    )
    groups = list(Group.objects.filter(community=community))
    meetings = group_meetings(groups)
    partners = list(
        Resource.objects.filter(community=community, is_partner=True).values_list(
            "partner_since", flat=True
        )
    )
    responses = list(
        SurveyResponse.objects.filter(
            survey__community=community, survey__held_on__year=year
        ).values_list("survey__held_on", *[key for key, _label in SURVEY_QUESTIONS])
    )
    rows = [IndicatorRow(key, label, _target(targets.get(key))) for key, label in INDICATORS]
    influence: list[Decimal | None] = []
    influence_count: list[int] = []
    for span in spans:
        if span.first > now:
            for row in rows:
                row.values.append(None)
            influence.append(None)
            influence_count.append(0)
            continue
        at = min(span.last, now)
        within = [e for e in events if span.first <= e[0] <= span.last]
        value = {
            "meetings": len(within),
            "participants": sum(e[1] for e in within),
            "attendances": sum(e[2] for e in within),
            "leaders": sum(1 for d in leaders if span.first <= d <= span.last),
            "initiatives": sum(1 for d in initiatives if span.first <= d <= span.last),
            "groups_alive": sum(1 for g in groups if group_alive_on(g, at, meetings[g.pk])),
            "partners": sum(1 for d in partners if d is None or d <= at),
        }
        for row in rows:
            row.values.append(value[row.key])
        answers = [
            a for r in responses if span.first <= r[0] <= span.last for a in r[1:] if a is not None
        ]
        influence.append(
            (Decimal(sum(answers)) / len(answers)).quantize(Decimal("0.01")) if answers else None
        )
        influence_count.append(sum(1 for r in responses if span.first <= r[0] <= span.last))
    return Evaluation(community, year, spans, rows, influence, influence_count, plan, version)


def _target(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def community_events(community: Community) -> Any:
    return community.events.select_related("place", "group").order_by("-day", "-id")


def upcoming_events(user: Any, *, days: int = 14) -> Any:
    """Events planned in the communities the user is assigned to (all, for those with none),
    from today for ``days`` days, and those past their day still waiting to be recorded."""
    now = today()
    assigned = Community.objects.visible_to(user).filter(
        Q(team__user=user) & (Q(team__ends_on__isnull=True) | Q(team__ends_on__gte=now))
    )
    scope = assigned if assigned.exists() else Community.objects.visible_to(user)
    return (
        Event.objects.filter(
            community__in=scope,
            status=EventStatus.PLANNED,
            day__lte=now + dt.timedelta(days=days),
        )
        .select_related("community")
        .order_by("day", "id")
    )
