"""Letters about an application: the confirmation of filing with its reference number, and the
notices of qualification, of a place on the waiting list and of refusal with its reason.

Each letter is issued by a service that checks the letter fits the request's state (a refusal
notice only for a refused request …), fills the organiser's template with plain data, renders
the PDF and writes an audit row: who issued which letter about whom, and when.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import holidays
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import QualificationMode
from opencus.core.audit import audit_record
from opencus.core.letters import LetterError, letter_template_get, render_letter_pdf
from opencus.core.models import AuditAction
from opencus.intake.models import (
    Allocation,
    Application,
    ApplicationItem,
    EnrolmentEntry,
    ItemState,
    LetterKind,
)
from opencus.intake.selectors import waiting_position
from opencus.people.models import Person

#: Days to appeal against an administrative decision (art. 129 § 2 of the Code of
#: Administrative Procedure); the centre gives the same time to ask it to reconsider a refusal
#: of a programme service.
APPEAL_DAYS = 14

#: The state a request must be in for each notice about it.
ITEM_LETTER_STATE: dict[str, str] = {
    LetterKind.QUALIFICATION_NOTICE: ItemState.QUALIFIED,
    LetterKind.WAITING_LIST_NOTICE: ItemState.WAITING,
    LetterKind.REFUSAL_NOTICE: ItemState.REFUSED,
}


class LetterStateError(LetterError):
    """The letter does not fit the request's state; nothing was issued."""


def _person_context(person: Person) -> dict[str, Any]:
    return {
        "sex": person.sex,
        "full_name": person.full_name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "street_line": person.street_line,
        "place_line": person.place_line,
    }


def _application_context(application: Application) -> dict[str, Any]:
    return {
        "reference": application.reference,
        "filed_at": timezone.localtime(application.filed_at),
        "channel": str(application.get_channel_display()),
    }


def _item_context(item: ApplicationItem) -> dict[str, Any]:
    return {"service": item.service.name, "state": str(ItemState(item.state).label)}


def appeal_deadline(start: dt.date, days: int = APPEAL_DAYS) -> dt.date:
    """The last day to appeal when the letter is received on ``start``: ``days`` later, moved
    to the next working day when that falls on a Saturday, a Sunday or a public holiday
    (art. 57 § 5 of the Code of Administrative Procedure)."""
    day = start + dt.timedelta(days=days)
    closed = holidays.country_holidays("PL", years=[day.year, day.year + 1])
    while day.weekday() >= 5 or day in closed:
        day += dt.timedelta(days=1)
    return day


def _appeal_context(item: ApplicationItem) -> dict[str, Any]:
    """How and by when the person may contest a refusal: an appeal to the self-government
    board of appeal (SKO) through the centre against an administrative decision; for a
    programme service (no decision) a request to the centre's director to reconsider, and a
    complaint to the council."""
    return {
        "decision": item.service.qualification_mode == QualificationMode.DECISION,
        "days": APPEAL_DAYS,
        "deadline": appeal_deadline(timezone.localdate()),
        "body": settings.OPENCUS_APPEAL_BODY,
        "complaint_body": settings.OPENCUS_COMPLAINT_BODY,
    }


def _drawn_by_lottery(item: ApplicationItem) -> bool:
    """Whether a lottery round set the request's place in the queue."""
    return EnrolmentEntry.objects.filter(
        item=item, enrolment_round__allocation=Allocation.LOTTERY
    ).exists()


def _letter_language(kind: str, person: Person) -> str:
    """The person's preferred language if the letter has a template in it, else Polish."""
    return letter_template_get(kind=kind, language=person.preferred_language).language


def letter_sample(sex: str) -> dict[str, Any]:
    """Plain data of a sample person and request, for the preview of a letter's text."""
    woman = sex == "F"
    return {
        "person": {
            "sex": sex,
            "full_name": "Anna Przykładowa" if woman else "Jan Przykładowy",
            "first_name": "Anna" if woman else "Jan",
            "last_name": "Przykładowa" if woman else "Przykładowy",
            "street_line": "ul. Wesoła 5/2",
            "place_line": "27-200 Starachowice",
        },
        "application": {
            "reference": "W/2026/000146",
            "filed_at": timezone.localtime(),
            "channel": str(_("in person")),
        },
        "items": [{"service": str(_("Sample service")), "state": str(ItemState.WAITING.label)}],
        "service": str(_("Sample service")),
        "state": str(ItemState.WAITING.label),
        "position": 3,
        "lottery": False,
        "reason": str(_("The sample reason for a refusal.")),
        "decision_number": "",
        "decision_date": None,
        "appeal": {
            "decision": False,
            "days": APPEAL_DAYS,
            "deadline": appeal_deadline(timezone.localdate()),
            "body": settings.OPENCUS_APPEAL_BODY,
            "complaint_body": settings.OPENCUS_COMPLAINT_BODY,
        },
    }


def letter_for_application(*, application: Application, acting_user: Any) -> bytes:
    """The confirmation of filing: the reference number, the filing time and every service
    requested (the person keeps it as proof of their place in the filing order)."""
    application = Application.objects.select_related("person").get(pk=application.pk)
    items = list(application.items.select_related("service").order_by("id"))
    language = _letter_language(LetterKind.FILING_CONFIRMATION, application.person)
    with translation.override(language):  # service names in the letter's language
        context = {
            "person": _person_context(application.person),
            "application": _application_context(application),
            "items": [_item_context(item) for item in items],
        }
    pdf = render_letter_pdf(kind=LetterKind.FILING_CONFIRMATION, context=context, language=language)
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=application,
        changes={"letter": LetterKind.FILING_CONFIRMATION.value},
    )
    return pdf


def letter_for_item(*, item: ApplicationItem, kind: str, acting_user: Any) -> bytes:
    """A notice about one requested service, which must be in the state the notice reports:
    qualified, waiting (with its current position on the list) or refused (with the reason).
    The confirmation of filing covers the whole application."""
    if kind == LetterKind.FILING_CONFIRMATION:
        return letter_for_application(application=item.application, acting_user=acting_user)
    if kind not in ITEM_LETTER_STATE:
        raise LetterStateError(_("There is no such letter."), code="letter_kind")
    item = ApplicationItem.objects.select_related("application", "person", "service").get(
        pk=item.pk
    )
    needed = ITEM_LETTER_STATE[kind]
    if item.state != needed:
        raise LetterStateError(
            _("A %(letter)s cannot be issued for a request that is %(state)s."),
            code="letter_state",
            params={
                "letter": LetterKind(kind).label,
                "state": ItemState(item.state).label,
            },
        )
    waiting = kind == LetterKind.WAITING_LIST_NOTICE
    language = _letter_language(kind, item.person)
    with translation.override(language):  # service names in the letter's language
        context: dict[str, Any] = {
            "person": _person_context(item.person),
            "application": _application_context(item.application),
            "items": [_item_context(item)],
            **_item_context(item),
            "position": waiting_position(item) if waiting else None,
            "lottery": waiting and _drawn_by_lottery(item),
            "reason": item.reason if kind == LetterKind.REFUSAL_NOTICE else "",
            "decision_number": item.decision_number,
            "decision_date": item.decision_date,
            "appeal": _appeal_context(item) if kind == LetterKind.REFUSAL_NOTICE else {},
        }
    pdf = render_letter_pdf(kind=kind, context=context, language=language)
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=item, changes={"letter": kind})
    return pdf
