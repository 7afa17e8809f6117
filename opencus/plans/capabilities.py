"""What roles may do with individual plans (registered from ``PlansConfig.ready``).

Approval is special: the director approves by right; a social services organiser approves
only while the director's authorisation (``ApprovalAuthorisation``) is in force, which the
services check on the day (``clocks`` and ``services.plan_approve``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import Role

PLAN_VIEW = capability(
    "plan.view",
    _("See the individual plans one coordinates, is named in, or approves"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.COORDINATOR},
    app="plans",
)
PLAN_WRITE = capability(
    "plan.write",
    _("Write individual plans, record reviews and the closing summary"),
    {Role.DIRECTOR, Role.COORDINATOR},
    app="plans",
)
PLAN_APPROVE = capability(
    "plan.approve",
    _("Approve individual plans (organisers only while authorised by the director)"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="plans",
)
PLAN_AUTHORISE = capability(
    "plan.authorise",
    _("Authorise organisers to approve individual plans"),
    {Role.DIRECTOR},
    app="plans",
)
