"""The yearly OSL plans, saved as versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.community.errors import PlanError
from opencus.community.models import Community, OSLPlan, OSLPlanVersion
from opencus.community.selectors import INDICATOR_KEYS
from opencus.community.services.common import clean
from opencus.core.audit import audit_record
from opencus.core.models import AuditAction

MAX_BUDGET = Decimal("9999999999.99")


@dataclass
class PlanContent:
    diagnosis: str
    goals: str
    actions: list[dict[str, Any]] = field(default_factory=list)
    partners: str = ""
    targets: dict[str, int] = field(default_factory=dict)
    budget: Decimal = Decimal("0.00")


@transaction.atomic
def plan_save(
    *,
    community: Community,
    year: int,
    content: PlanContent,
    acting_user: Any,
    note: str = "",
    expected_version: int | None = None,
) -> OSLPlanVersion:
    """Save a community's yearly OSL plan as a new version (the first one opens the plan).
    Earlier versions stay readable; two people saving from the same version cannot both win
    (``expected_version``, checked under the plan's row lock)."""
    if not 2000 <= year <= 2199:
        raise PlanError(_("Choose a year between 2000 and 2199."), code="year")
    diagnosis, goals = clean(content.diagnosis), clean(content.goals)
    errors: dict[str, Any] = {}
    if not diagnosis:
        errors["diagnosis"] = _("Write the summary of the diagnosis.")
    if not goals:
        errors["goals"] = _("Write the plan's goals.")
    if content.budget < 0 or content.budget > MAX_BUDGET:
        errors["budget"] = _("Enter a budget of 0 or more.")
    for action in content.actions:
        if not (isinstance(action.get("month"), int) and 1 <= action["month"] <= 12):
            errors["actions"] = _("Each action needs a month from 1 to 12.")
        elif not str(action.get("action", "")).strip():
            errors["actions"] = _("Each action needs a description.")
    bad_targets = [
        k
        for k, v in content.targets.items()
        if k not in INDICATOR_KEYS or not isinstance(v, int) or v < 0
    ]
    if bad_targets:
        errors["targets"] = _("Targets are whole numbers of 0 or more.")
    if errors:
        raise PlanError(errors, code="invalid")
    plan, created = OSLPlan.objects.get_or_create(
        community=community, year=year, defaults={"created_by": acting_user}
    )
    plan = OSLPlan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and plan.version_count != expected_version:
        raise PlanError(
            _("Someone saved the plan meanwhile; open it again to see their version."),
            code="stale",
        )
    number = plan.version_count + 1
    OSLPlan.objects.filter(pk=plan.pk).update(version_count=number)
    version = OSLPlanVersion.objects.create(
        plan=plan,
        number=number,
        at=timezone.now(),
        actor=acting_user,
        note=clean(note),
        diagnosis=diagnosis,
        goals=goals,
        actions=sorted(
            ({"month": a["month"], "action": str(a["action"]).strip()} for a in content.actions),
            key=lambda a: a["month"],
        ),
        partners=clean(content.partners),
        targets={k: content.targets[k] for k in INDICATOR_KEYS if k in content.targets},
        budget=content.budget.quantize(Decimal("0.01")),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=plan,
        changes={"version": number, "budget": str(version.budget)},
    )
    return version
