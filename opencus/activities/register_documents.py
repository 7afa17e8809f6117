"""A session's attendance list on paper (lista obecności): the signed list EU settlement expects
(domain-services.md §6: "per-session attendance list signed by participants and instructor").
A tagged PDF (PDF/UA-1) in Polish by default, rendered by WeasyPrint as the letters are
(``core.letters``: the DejaVu fonts embedded, nothing fetched): the centre, the programme and
its EU project marking when it has one, the course, the session, the date, the place, the
instructor, each participant with a column for their signature, and the instructor's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from opencus.activities.models import Attendance, CourseSession, EnrolmentStatus
from opencus.core.letters import FONT_DIR, FONT_FILES, centre_details, letter_url_fetcher

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def register_context(session: CourseSession, language: str) -> dict[str, Any]:
    course = session.course
    marks = {
        line.enrolment_id: line
        for line in Attendance.objects.filter(session=session).select_related("enrolment")
    }
    enrolments = course.enrolments.filter(
        status=EnrolmentStatus.ENROLLED, enrolled_at__lte=session.ends_at
    ).select_related("person")
    programme = course.service.programme
    return {
        "language": language,
        "centre": centre_details(),
        "fonts": {name: path.as_uri() for name, path in FONT_FILES.items()},
        "course": course,
        "session": session,
        "programme": programme,
        "eu_reference": programme.eu_project_reference,
        "starts": timezone.localtime(session.starts_at),
        "ends": timezone.localtime(session.ends_at),
        "lines": [(enrolment, marks.get(enrolment.pk)) for enrolment in enrolments],
        "printed_at": timezone.localtime(),
    }


def register_html(session: CourseSession, language: str = "pl") -> str:
    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    with translation.override(language):
        return render_to_string(
            "activities/pdf/attendance_list.html", register_context(session, language)
        )


def register_pdf(session: CourseSession, language: str = "pl") -> bytes:
    """The attendance list as a tagged PDF (PDF/UA-1) with its title, language and fonts."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    document = HTML(
        string=register_html(session, language),
        base_url=str(FONT_DIR),
        url_fetcher=letter_url_fetcher(),
    )
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def register_pdf_filename(session: CourseSession) -> str:
    return f"lista-obecnosci-{timezone.localtime(session.starts_at):%Y-%m-%d-%H%M}-{session.pk}.pdf"
