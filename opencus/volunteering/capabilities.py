"""What roles may do in the volunteer centre (registered when the app's modules load).

A volunteer may have an account in the ``volunteer`` role linked to their ``Volunteer`` record:
they see only their own profile, agreements, assignments and hours, log their hours and ask
for certificates. Criminal-record and register checks are read by the coordinator and the
director only, and every read is audited."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import Role

VOLUNTEERING_MANAGE = capability(
    "volunteering.manage",
    _(
        "Run the volunteer centre: volunteers, agreements, insurance, briefings, needs,"
        " assignments, confirming hours, certificates and opinions"
    ),
    {Role.DIRECTOR, Role.VOLUNTEER_COORDINATOR},
    app="volunteering",
)
VOLUNTEERING_CHECKS = capability(
    "volunteering.checks",
    _("Record and read volunteers' criminal-record and sex-offender register checks"),
    {Role.DIRECTOR, Role.VOLUNTEER_COORDINATOR},
    app="volunteering",
)
VOLUNTEERING_NEED = capability(
    "volunteering.need",
    _("Ask the volunteer centre for help for a resident (a need for a volunteer)"),
    {
        Role.DIRECTOR,
        Role.SERVICE_ORGANISER,
        Role.COORDINATOR,
        Role.SOCIAL_WORKER,
        Role.CLIENT_OFFICE,
        Role.VOLUNTEER_COORDINATOR,
    },
    app="volunteering",
)
VOLUNTEERING_SELF = capability(
    "volunteering.self",
    _("Volunteer: see one's own agreements and assignments, log hours, ask for a certificate"),
    {Role.VOLUNTEER},
    app="volunteering",
)
VOLUNTEERING_PAPERS = capability(
    "volunteering.papers",
    _(
        "Open a volunteer's agreements, assignments, hours and certificates (a volunteer only"
        " their own)"
    ),
    {Role.DIRECTOR, Role.VOLUNTEER_COORDINATOR, Role.VOLUNTEER},
    app="volunteering",
)
