"""What the activities app adds to core's registries (called from its ``AppConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.activities import capabilities, course_selectors
from opencus.core.registry import (
    calendar_source,
    menu_entry,
    person_link_source,
    timeline_source,
)


def declare() -> None:
    _declare_courses()


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
