"""Reading the volunteer centre for its pages: a volunteer's readiness for an assignment, the
suggestions for a need, the child-protection checks (an audited read). Every read goes through
the models' ``visible_to``."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

from opencus.core.audit import audit_record
from opencus.core.dates import add_months
from opencus.core.models import AuditAction
from opencus.core.roles import has_capability
from opencus.volunteering.capabilities import VOLUNTEERING_CHECKS
from opencus.volunteering.models import (
    Agreement,
    AgreementStatus,
    AssignmentStatus,
    CheckKind,
    CheckResult,
    ChildProtectionCheck,
    HoursLog,
    HoursStatus,
    InsurancePolicy,
    Need,
    SafetyBriefing,
    Volunteer,
    skill_labels,
)

#: How old a check may be for work with children, in months (the centre's setting
#: ``VOLUNTEERING_CHECK_MONTHS``, from ``OPENCUS_VOLUNTEERING_CHECK_MONTHS``; 12 by default).
DEFAULT_CHECK_MONTHS = 12


def check_months() -> int:
    return int(getattr(settings, "VOLUNTEERING_CHECK_MONTHS", DEFAULT_CHECK_MONTHS))


def agreement_in_force(volunteer: Volunteer, day: dt.date) -> Agreement | None:
    """The volunteer's agreement in force on ``day`` (the newest when several)."""
    for agreement in volunteer.agreements.filter(status=AgreementStatus.ACTIVE).order_by(
        "-starts_on", "-id"
    ):
        if agreement.in_force_on(day):
            return agreement
    return None


def briefed_by(volunteer: Volunteer, day: dt.date) -> SafetyBriefing | None:
    return volunteer.briefings.filter(held_on__lte=day).order_by("-held_on").first()


def policy_covering(agreement: Agreement, day: dt.date) -> InsurancePolicy | None:
    """A policy covering the agreement: its whole period when it has an end; the day when it
    is open-ended (the centre's practice insures those too, a year at a time)."""
    policies = InsurancePolicy.objects.filter(volunteer_id=agreement.volunteer_id)
    if agreement.ends_on is not None:
        return policies.filter(
            valid_from__lte=agreement.starts_on, valid_to__gte=agreement.ends_on
        ).first()
    return policies.filter(valid_from__lte=day, valid_to__gte=day).first()


def children_checks_missing(volunteer: Volunteer, day: dt.date) -> list[str]:
    """The child-protection checks the volunteer lacks for work with children on ``day``: each
    kind recorded, clear, not after ``day`` and not older than ``check_months()`` (no read of
    the checks' contents is shown, so nothing is audited here)."""
    since = add_months(day, -check_months())
    found = set(
        ChildProtectionCheck.objects.filter(
            volunteer=volunteer,
            result=CheckResult.CLEAR,
            checked_on__gte=since,
            checked_on__lte=day,
        ).values_list("kind", flat=True)
    )
    return [str(kind.label) for kind in CheckKind if kind.value not in found]


def checks_read(*, volunteer: Volunteer, user: Any) -> list[ChildProtectionCheck]:
    """The volunteer's child-protection checks for the coordinator or the director, the read
    written to the audit log (criminal-record data)."""
    if not has_capability(user, VOLUNTEERING_CHECKS):
        return []
    rows = list(volunteer.checks.select_related("checked_by"))
    audit_record(
        actor=user,
        action=AuditAction.VIEW_SENSITIVE,
        obj=volunteer,
        changes={"read": ["", "child-protection checks"]},
    )
    return rows


def hours_confirmed(volunteer: Volunteer) -> Decimal:
    total = HoursLog.objects.filter(
        assignment__volunteer=volunteer, status=HoursStatus.CONFIRMED
    ).aggregate(total=Sum("hours"))["total"]
    return total or Decimal(0)


def km_between(
    a: tuple[Decimal | None, Decimal | None], b: tuple[Decimal | None, Decimal | None]
) -> float | None:
    """The great-circle distance in km, or ``None`` when either place has no coordinates."""
    if None in a or None in b:
        return None
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (*a, *b))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass
class Suggestion:
    """A volunteer suggested for a need, with the score they were ranked by and why."""

    volunteer: Volunteer
    score: float
    reasons: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    km: float | None = None

    @property
    def ready(self) -> bool:
        return not self.blockers


def suggestions(need: Need, *, limit: int = 10) -> list[Suggestion]:
    """The active volunteers ranked for ``need``: skills in common with theirs or their
    offers' (3 points each), free on the need's weekdays (2), nearer (minus a point per 5 km);
    then, for the best ``3 × limit`` of those, ready from the need's first day (an agreement in
    force, the briefing, the insurance, the checks for work with children: 5 more). Those who
    cannot be placed are listed after the ready ones with what they lack."""
    days = {
        (need.starts_on + dt.timedelta(days=i)).weekday()
        for i in range(min(7, (need.ends_on - need.starts_on).days + 1))
    }
    taken = set(
        need.assignments.exclude(
            status__in=[AssignmentStatus.WITHDRAWN, AssignmentStatus.CANCELLED]
        ).values_list("volunteer_id", flat=True)
    )
    found: list[Suggestion] = []
    volunteers = Volunteer.objects.filter(is_active=True).exclude(pk__in=taken)
    for volunteer in volunteers.prefetch_related("offers"):
        offered = set(volunteer.skills).union(
            *(offer.skills for offer in volunteer.offers.all() if offer.is_active)
        )
        common = offered & set(need.skills)
        free = days & set(volunteer.weekdays)
        suggestion = Suggestion(
            volunteer=volunteer, score=3.0 * len(common) + (2.0 if free else 0.0)
        )
        if common:
            suggestion.reasons.append(
                _("Skills: %(skills)s") % {"skills": skill_labels(sorted(offered))}
            )
        if free:
            suggestion.reasons.append(_("Free on the need's days"))
        km = km_between((volunteer.latitude, volunteer.longitude), (need.latitude, need.longitude))
        if km is not None:
            suggestion.km = km
            suggestion.score -= km / 5.0
        found.append(suggestion)
    found.sort(key=lambda s: (-s.score, s.volunteer.last_name))
    # Readiness costs a few queries a volunteer: only for those who may make the list.
    found = found[: 3 * limit]
    for suggestion in found:
        suggestion.blockers = readiness(suggestion.volunteer, need.starts_on, need.with_children)
        if not suggestion.blockers:
            suggestion.score += 5.0
    found.sort(key=lambda s: (not s.ready, -s.score, s.volunteer.last_name))
    return found[:limit]


def readiness(volunteer: Volunteer, day: dt.date, with_children: bool) -> list[str]:
    """What stands between the volunteer and an assignment from ``day``, in words (nothing:
    ready)."""
    missing: list[str] = []
    agreement = agreement_in_force(volunteer, day)
    if agreement is None:
        missing.append(_("no agreement in force on that day"))
    elif agreement.needs_insurance and policy_covering(agreement, day) is None:
        missing.append(_("no accident insurance covering the agreement"))
    if briefed_by(volunteer, day) is None:
        missing.append(_("no health-and-safety briefing"))
    if with_children:
        missing.extend(children_checks_missing(volunteer, day))
    return missing
