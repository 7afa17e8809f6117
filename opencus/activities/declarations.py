"""What the activities app adds to core's registries (called from its ``AppConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.activities import capabilities, course_selectors, voucher_views
from opencus.core.registry import (
    calendar_source,
    menu_entry,
    person_link_source,
    timeline_source,
)


def declare() -> None:
    _declare_courses()
    _declare_senior()


# --- Courses, sessions, enrolment and the register (courses) ---------------------------------


def _declare_courses() -> None:
    menu_entry(
        "activities_courses",
        _("Courses and group activities"),
        "activities:course_list",
        order=67,
        capability=capabilities.COURSE_VIEW,
        app="activities",
    )
    menu_entry(
        "activities_register",
        _("Attendance registers"),
        "activities:register_today",
        order=16,
        app="activities",
        show=course_selectors.may_take_registers,
    )
    person_link_source(
        "activities_courses", course_selectors.person_links, app="activities", order=65
    )
    timeline_source("activities_courses", course_selectors.timeline, app="activities")
    calendar_source(
        course_selectors.KIND_COURSE,
        _("A course's sessions"),
        events=course_selectors.course_events,
        may_issue=course_selectors.course_may_issue,
        app="activities",
    )
    calendar_source(
        course_selectors.KIND_INSTRUCTOR,
        _("An instructor's sessions"),
        events=course_selectors.instructor_events,
        may_issue=course_selectors.instructor_may_issue,
        app="activities",
    )
    calendar_source(
        course_selectors.KIND_LOCATION,
        _("The sessions at a location"),
        events=course_selectors.location_events,
        may_issue=course_selectors.location_may_issue,
        app="activities",
    )


# --- Vouchers and the Senior+ day home and club (senior part) ---------------------------------


def _declare_senior() -> None:
    menu_entry(
        "activities_vouchers",
        _("Vouchers"),
        "activities:voucher_list",
        order=69,
        capability=capabilities.VOUCHER_ISSUE,
        app="activities",
    )
    menu_entry(
        "activities_voucher_redeem",
        _("Redeem a voucher"),
        "activities:voucher_redeem_start",
        order=17,
        capability=capabilities.VOUCHER_REDEEM,
        app="activities",
    )
    menu_entry(
        "activities_daycare",
        _("Senior+ day home and club"),
        "activities:daycare_list",
        order=68,
        capability=capabilities.DAYCARE_REGISTER,
        app="activities",
    )
    person_link_source(
        "activities_vouchers", voucher_views.person_links, app="activities", order=70
    )
