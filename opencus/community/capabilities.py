"""What roles may do with community organising (registered when the app's modules load).

The OSL team (organiser, social workers, animators) records what happens in the communities;
the organiser and the director run the communities, their plans, the consultations and the
seniors' council."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import Role

COMMUNITY_VIEW = capability(
    "community.view",
    _("See the communities, their plans, records, consultations and evaluation"),
    {Role.DIRECTOR, Role.COMMUNITY_ORGANISER, Role.ANIMATOR, Role.SOCIAL_WORKER},
    app="community",
)
COMMUNITY_RECORD = capability(
    "community.record",
    _("Record meetings and events, leaders, groups, initiatives and survey responses"),
    {Role.COMMUNITY_ORGANISER, Role.ANIMATOR, Role.SOCIAL_WORKER},
    app="community",
)
COMMUNITY_MANAGE = capability(
    "community.manage",
    _(
        "Run the communities: their streets, resources and team, the yearly OSL plans, "
        "consultations and the seniors' council"
    ),
    {Role.DIRECTOR, Role.COMMUNITY_ORGANISER},
    app="community",
)
