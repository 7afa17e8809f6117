"""What roles may do with group activities, vouchers and the Senior+ day home and club
(registered from ``ActivitiesConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import Role

# --- Courses, sessions, enrolment and the register (courses) ---------------------------------
# Which courses a role sees: ``Course.objects.visible_to``; who takes a session's register:
# ``Course.may_take_register`` (the provider's staff for their provider's courses, the staff
# member who instructs the course whatever their role, the organiser).

COURSE_VIEW = capability(
    "activities.course_view",
    _("See courses, their sessions and who is enrolled (a provider's staff: their own courses)"),
    {
        Role.DIRECTOR,
        Role.SERVICE_ORGANISER,
        Role.COORDINATOR,
        Role.SOCIAL_WORKER,
        Role.CLIENT_OFFICE,
        Role.AUDITOR,
        Role.PROVIDER_STAFF,
    },
    app="activities",
)
COURSE_MANAGE = capability(
    "activities.course_manage",
    _("Set up courses and open events, cancel, move and add sessions, give out calendars"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="activities",
)
COURSE_ENROL = capability(
    "activities.course_enrol",
    _("Enrol people in courses, record health declarations, excuse a person from a session"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.CLIENT_OFFICE},
    app="activities",
)
COURSE_REGISTER = capability(
    "activities.course_register",
    _(
        "Take the attendance register of sessions (a provider's staff: their provider's courses;"
        " a staff member who instructs a course takes its register whatever their role)"
    ),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.PROVIDER_STAFF},
    app="activities",
)

# --- Vouchers and the Senior+ day home and club (senior part) ---------------------------------

VOUCHER_ISSUE = capability(
    "activities.voucher_issue",
    _("Issue cinema passes and museum tickets to residents against their entitlements"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.CLIENT_OFFICE},
    app="activities",
)
VOUCHER_REDEEM = capability(
    "activities.voucher_redeem",
    _("Redeem vouchers by code at one's own partner venue"),
    {Role.PROVIDER_STAFF},
    app="activities",
)
DAYCARE_MANAGE = capability(
    "activities.daycare_manage",
    _("Run the Senior+ day home and club: places, opening hours, admissions and leaving"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="activities",
)
DAYCARE_REGISTER = capability(
    "activities.daycare_register",
    _(
        "Keep the Senior+ day home's and club's daily attendance and meals and read their"
        " monthly reports (a provider's staff for the facilities their provider runs)"
    ),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.PROVIDER_STAFF},
    app="activities",
)
