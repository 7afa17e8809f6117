"""Needs for volunteers and the assignments that fill them: placed when the volunteer is
ready, withdrawn, cancelled, completed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.audit import actor_or_none, audit_record
from opencus.core.formatting import day_text
from opencus.core.models import AuditAction
from opencus.core.roles import has_capability
from opencus.people.models import Person
from opencus.volunteering import selectors
from opencus.volunteering.capabilities import VOLUNTEERING_NEED
from opencus.volunteering.errors import AssignmentError
from opencus.volunteering.models import (
    Assignment,
    AssignmentStatus,
    AssignmentTransition,
    Need,
    NeedStatus,
    Skill,
    Volunteer,
)
from opencus.volunteering.services.common import (
    assignment_step,
    help_entitlement,
    require_manager,
    today,
)

#: A volunteer withdraws from an assignment at least this many days before it starts.
WITHDRAW_DAYS = 2


@dataclass(frozen=True)
class NeedData:
    title: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    description: str = ""
    skills: tuple[str, ...] = ()
    with_children: bool = False
    volunteers_needed: int = 1
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@transaction.atomic
def need_create(*, data: NeedData, acting_user: Any, person: Person | None = None) -> Need:
    """Ask the volunteer centre for help. A need that names a person links their volunteer's
    hours to the ledger: refused when the person has no entitlement to volunteer help on the
    need's first day (the help would have nothing to be recorded under)."""
    if not has_capability(acting_user, VOLUNTEERING_NEED):
        raise AssignmentError(_("You may not ask for volunteers."), code="not_allowed")
    if not data.title.strip() or not data.place.strip():
        raise AssignmentError(_("Write what help is needed and where."), code="missing")
    if data.ends_on < data.starts_on:
        raise AssignmentError({"ends_on": _("The need cannot end before it starts.")}, code="order")
    if data.volunteers_needed < 1:
        raise AssignmentError(
            {"volunteers_needed": _("At least one volunteer is needed.")}, code="count"
        )
    if any(skill not in Skill.values for skill in data.skills):
        raise AssignmentError({"skills": _("Choose skills from the list.")}, code="skill")
    if person is not None and help_entitlement(person, data.starts_on) is None:
        raise AssignmentError(
            _(
                "%(name)s has no entitlement to volunteer help on %(day)s, so the help could"
                " not be recorded on their card. File an application for the service"
                " “volunteer help” first, or ask without naming the person."
            )
            % {"name": person.full_name, "day": day_text(data.starts_on)},
            code="no_entitlement",
        )
    need = Need.objects.create(
        title=data.title.strip(),
        description=data.description.strip(),
        skills=list(data.skills),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        place=data.place.strip(),
        latitude=data.latitude,
        longitude=data.longitude,
        with_children=data.with_children,
        volunteers_needed=data.volunteers_needed,
        person=person,
        created_by=acting_user,
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=need)
    return need


@transaction.atomic
def need_close(*, need: Need, acting_user: Any) -> Need:
    """Close a need nobody will be placed on any more (planned assignments stay)."""
    require_manager(acting_user, AssignmentError)
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if locked.status == NeedStatus.CLOSED:
        return locked
    before = locked.status
    locked.status = NeedStatus.CLOSED
    locked.save(update_fields=["status"])
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [before, NeedStatus.CLOSED]},
    )
    return locked


def _placed(need: Need) -> int:
    return need.assignments.exclude(
        status__in=[AssignmentStatus.WITHDRAWN, AssignmentStatus.CANCELLED]
    ).count()


@transaction.atomic
def assignment_create(
    *,
    need: Need,
    volunteer: Volunteer,
    acting_user: Any,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Assignment:
    """Place a volunteer on a need (the coordinator accepts a suggestion). Refused, with what
    is missing: no agreement in force for the whole assignment, no health-and-safety briefing,
    no accident insurance when the agreement needs it, and — for work with children — no clear
    sex-offender register check and criminal-record certificate of the last 12 months (the
    centre's setting). The need's row is locked, so it is never given more volunteers than it
    asks for."""
    require_manager(acting_user, AssignmentError)
    locked_need = Need.objects.select_for_update().get(pk=need.pk)
    starts_on = starts_on or locked_need.starts_on
    ends_on = ends_on or locked_need.ends_on
    if ends_on < starts_on:
        raise AssignmentError(_("The assignment cannot end before it starts."), code="order")
    if locked_need.status != NeedStatus.OPEN:
        raise AssignmentError(
            _("The need is %(status)s: nobody more is placed on it.")
            % {"status": locked_need.get_status_display()},
            code="need_status",
        )
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not locked.is_active:
        raise AssignmentError(_("The volunteer is no longer active."), code="inactive")
    if (
        locked_need.assignments.filter(volunteer=locked)
        .exclude(status__in=[AssignmentStatus.WITHDRAWN, AssignmentStatus.CANCELLED])
        .exists()
    ):
        raise AssignmentError(
            _("%(name)s is placed on this need already.") % {"name": locked.full_name},
            code="twice",
        )
    agreement = selectors.agreement_in_force(locked, starts_on)
    if agreement is None or not agreement.in_force_on(ends_on):
        raise AssignmentError(
            _(
                "%(name)s has no agreement in force for the whole assignment"
                " (%(first)s–%(last)s): conclude or extend one first."
            )
            % {"name": locked.full_name, "first": day_text(starts_on), "last": day_text(ends_on)},
            code="agreement",
        )
    missing: list[str] = []
    if selectors.briefed_by(locked, starts_on) is None:
        missing.append(_("the health-and-safety briefing"))
    if agreement.needs_insurance and selectors.policy_covering(agreement, starts_on) is None:
        missing.append(_("an accident (NNW) insurance policy covering the agreement"))
    if missing:
        raise AssignmentError(
            _("Before the first assignment record %(missing)s.")
            % {"missing": _(" and ").join(missing)},
            code="not_ready",
            reasons=missing,
        )
    if locked_need.with_children:
        lacking = selectors.children_checks_missing(locked, starts_on)
        if lacking:
            raise AssignmentError(
                _(
                    "This is work with children: %(name)s cannot be placed until these are"
                    " recorded, clear and not older than %(months)s months: %(missing)s."
                )
                % {
                    "name": locked.full_name,
                    "months": selectors.check_months(),
                    "missing": ", ".join(lacking),
                },
                code="children_checks",
                reasons=lacking,
            )
    if _placed(locked_need) >= locked_need.volunteers_needed:
        raise AssignmentError(_("The need has all the volunteers it asked for."), code="full")
    assignment = Assignment.objects.create(
        volunteer=locked,
        need=locked_need,
        agreement=agreement,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=acting_user,
    )
    AssignmentTransition.objects.create(
        assignment=assignment,
        to_status=AssignmentStatus.PLANNED,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=assignment)
    if _placed(locked_need) >= locked_need.volunteers_needed:
        locked_need.status = NeedStatus.FILLED
        locked_need.save(update_fields=["status"])
    return assignment


def _reopen(need_id: int) -> None:
    need = Need.objects.select_for_update().get(pk=need_id)
    if need.status == NeedStatus.FILLED and _placed(need) < need.volunteers_needed:
        need.status = NeedStatus.OPEN
        need.save(update_fields=["status"])


@transaction.atomic
def assignment_withdraw(
    *, assignment: Assignment, acting_user: Any, reason: str = ""
) -> Assignment:
    """The volunteer withdraws from an assignment: at least 2 days before it starts (the
    centre's practice); later, they call the coordinator, who may cancel it."""
    locked = (
        Assignment.objects.select_for_update().select_related("volunteer").get(pk=assignment.pk)
    )
    if locked.volunteer.user_id is None or locked.volunteer.user_id != getattr(
        acting_user, "pk", None
    ):
        raise AssignmentError(_("This is not one of your assignments."), code="who")
    if locked.status != AssignmentStatus.PLANNED:
        raise AssignmentError(
            _("The assignment is %(status)s already.") % {"status": locked.get_status_display()},
            code="state",
        )
    last = locked.starts_on - dt.timedelta(days=WITHDRAW_DAYS)
    if today() > last:
        raise AssignmentError(
            _(
                "You can withdraw until %(day)s (2 days before the start). Call the volunteer"
                " coordinator."
            )
            % {"day": day_text(last)},
            code="too_late",
        )
    assignment_step(locked, AssignmentStatus.WITHDRAWN, acting_user, reason.strip())
    _reopen(locked.need_id)
    return locked


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, acting_user: Any, reason: str) -> Assignment:
    """The coordinator cancels a planned assignment (with a reason)."""
    require_manager(acting_user, AssignmentError)
    if not reason.strip():
        raise AssignmentError({"reason": _("Write why the assignment is cancelled.")})
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status != AssignmentStatus.PLANNED:
        raise AssignmentError(
            _("The assignment is %(status)s already.") % {"status": locked.get_status_display()},
            code="state",
        )
    assignment_step(locked, AssignmentStatus.CANCELLED, acting_user, reason.strip())
    _reopen(locked.need_id)
    return locked


@transaction.atomic
def assignment_complete(*, assignment: Assignment, acting_user: Any) -> Assignment:
    """The coordinator closes an assignment that has started as done."""
    require_manager(acting_user, AssignmentError)
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status != AssignmentStatus.PLANNED:
        raise AssignmentError(
            _("The assignment is %(status)s already.") % {"status": locked.get_status_display()},
            code="state",
        )
    if locked.starts_on > today():
        raise AssignmentError(_("The assignment has not started yet."), code="future")
    return assignment_step(locked, AssignmentStatus.COMPLETED, acting_user)
