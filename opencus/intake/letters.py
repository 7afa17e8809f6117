"""Letters about an application: the confirmation of filing with its reference number, and the
notices of qualification, of a place on the waiting list and of refusal with its reason.

Each letter is issued by a service that checks the letter fits the request's state (a refusal
notice only for a refused request …), fills the organiser's template with plain data, renders
the PDF and writes an audit row: who issued which letter about whom, and when.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.core.audit import audit_record
from opencus.core.letters import LetterError, render_letter_pdf
from opencus.core.models import AuditAction
from opencus.intake.models import Application, ApplicationItem, ItemState, LetterKind
from opencus.intake.selectors import waiting_position
from opencus.people.models import Person

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


def letter_for_application(*, application: Application, acting_user: Any) -> bytes:
    """The confirmation of filing: the reference number, the filing time and every service
    requested (the person keeps it as proof of their place in the filing order)."""
    application = Application.objects.select_related("person").get(pk=application.pk)
    items = list(application.items.select_related("service").order_by("id"))
    context = {
        "person": _person_context(application.person),
        "application": _application_context(application),
        "items": [_item_context(item) for item in items],
    }
    pdf = render_letter_pdf(
        kind=LetterKind.FILING_CONFIRMATION,
        context=context,
        language=application.person.preferred_language,
    )
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
    context: dict[str, Any] = {
        "person": _person_context(item.person),
        "application": _application_context(item.application),
        "items": [_item_context(item)],
        **_item_context(item),
        "position": waiting_position(item) if kind == LetterKind.WAITING_LIST_NOTICE else None,
        "reason": item.reason if kind == LetterKind.REFUSAL_NOTICE else "",
        "decision_number": item.decision_number,
        "decision_date": item.decision_date,
    }
    pdf = render_letter_pdf(kind=kind, context=context, language=item.person.preferred_language)
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=item, changes={"letter": kind})
    return pdf
