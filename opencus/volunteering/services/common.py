"""What several of the volunteer centre's services use: who may act, today, the ledger's
service for volunteer help, and an assignment's step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.audit import actor_or_none, audit_record
from opencus.core.models import AuditAction
from opencus.core.roles import has_capability
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.volunteering.capabilities import (
    VOLUNTEERING_MANAGE,
    VOLUNTEERING_SELF,
)
from opencus.volunteering.models import (
    Assignment,
    AssignmentTransition,
    Volunteer,
)

#: The catalogue's service (its slug) a volunteer's help to a person is recorded under in the
#: ledger, unless ``settings.VOLUNTEERING_SERVICE`` says otherwise: delivered by the centre,
#: counted in hours, with no price.
HELP_SERVICE = "pomoc-wolontariusza"


def require_manager(acting_user: Any, error: type[Any]) -> None:
    if not has_capability(acting_user, VOLUNTEERING_MANAGE):
        raise error(_("Only the volunteer centre may do this."), code="not_allowed")


def today() -> dt.date:
    return timezone.localdate()


def help_service_slug() -> str:
    return str(getattr(settings, "VOLUNTEERING_SERVICE", HELP_SERVICE))


def help_entitlement(person: Person, day: dt.date) -> Entitlement | None:
    """The person's entitlement to volunteer help in force on ``day``."""
    return (
        Entitlement.objects.in_force(day)
        .filter(person=person, service__slug=help_service_slug())
        .order_by("-starts_on", "-id")
        .first()
    )


def require_own_or_manager(volunteer: Volunteer, acting_user: Any, error: type[Any]) -> None:
    own = (
        has_capability(acting_user, VOLUNTEERING_SELF)
        and volunteer.user_id is not None
        and volunteer.user_id == getattr(acting_user, "pk", None)
    )
    if not own and not has_capability(acting_user, VOLUNTEERING_MANAGE):
        raise error(_("This is not your record."), code="who")


def assignment_step(
    assignment: Assignment, to: str, acting_user: Any, note: str = ""
) -> Assignment:
    before = assignment.status
    assignment.status = to
    assignment.save(update_fields=["status"])
    AssignmentTransition.objects.create(
        assignment=assignment,
        from_status=before,
        to_status=to,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
        note=note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=assignment,
        changes={"status": [before, to]},
    )
    return assignment
