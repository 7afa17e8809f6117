"""Notices (zawiadomienia): the person is told of every outcome of their request — qualified
(also when promoted from the waiting list), put on the waiting list with the position, refused
with the reason.

A notice is created by the queue itself (``queue.item_move``) for every such transition, so no
path — a clerk, a decision, a lottery round, an automatic promotion — can forget to inform the
person. When the person consented to contact by e-mail and gave an address, the notice goes out
by e-mail once the transaction commits; otherwise it waits on the client office's list until a
clerk sends the letter (by post, in person or reads it out on the phone) and marks it sent.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.intake.errors import IntakeError
from opencus.intake.models import (
    NOTICE_FOR_STATE,
    ApplicationItem,
    DeliveryChannel,
    LetterKind,
    Notice,
)
from opencus.intake.selectors import waiting_position
from opencus.people.models import Consent, ConsentPurpose

logger = logging.getLogger(__name__)


def _email_address(item: ApplicationItem) -> str:
    """The person's e-mail address if they consented to contact by e-mail today, else ""."""
    person = item.person
    if not person.email:
        return ""
    consented = Consent.objects.filter(
        person=person, purpose=ConsentPurpose.CONTACT_EMAIL, withdrawn_at__isnull=True
    ).exists()
    return person.email if consented else ""


def notice_text(notice: Notice) -> tuple[str, str]:
    """The notice's e-mail subject and body, in the person's language."""
    item = notice.item
    with translation.override(item.person.preferred_language or settings.LANGUAGE_CODE):
        params = {
            "service": item.service.name,
            "reference": item.application.reference,
            "centre": settings.OPENCUS_CENTRE_NAME,
            "phone": settings.OPENCUS_CONTACT_PHONE,
        }
        subject = gettext("Your application %(reference)s: %(service)s") % params
        if notice.kind == LetterKind.QUALIFICATION_NOTICE:
            lead = (
                gettext(
                    "A place in %(service)s has come free and you were next on the waiting list: "
                    "you are qualified."
                )
                if notice.promoted
                else gettext("You are qualified for %(service)s.")
            ) % params
            more = gettext("The centre will contact you to arrange the start.")
        elif notice.kind == LetterKind.WAITING_LIST_NOTICE:
            lead = gettext("There is no free place in %(service)s now.") % params
            position = waiting_position(item)
            more = (
                gettext(
                    "Your request is on the waiting list at position %(n)s. When a place comes "
                    "free, the next person on the list gets it and is told at once."
                )
                % {"n": position}
                if position
                else ""
            )
        else:
            lead = gettext("Your request for %(service)s has been refused.") % params
            more = gettext("The reason: %(reason)s") % {"reason": item.reason}
        greeting = gettext("Dear %(name)s,") % {"name": item.person.full_name}
        footer = gettext("%(centre)s, phone %(phone)s. This message was sent automatically.") % (
            params
        )
    body = "\n\n".join(part for part in (greeting, lead, more, footer) if part)
    return subject, body


def _send_email(notice_id: int) -> None:
    """Send one notice by e-mail (after the commit that created it); on failure it stays on
    the client office's list of notices to send."""
    notice = Notice.objects.select_related(
        "item__person", "item__service", "item__application"
    ).get(pk=notice_id)
    subject, body = notice_text(notice)
    try:
        send_mail(subject, body, None, [notice.email])
    except Exception:  # an SMTP failure must not undo the queue change; the clerk sends it
        logger.exception("notice %s: e-mail failed", notice_id)
        return
    Notice.objects.filter(pk=notice_id, delivered_at__isnull=True).update(
        delivered_at=timezone.now(), channel=DeliveryChannel.EMAIL
    )


def notice_issue(*, item: ApplicationItem, promoted: bool = False) -> Notice | None:
    """Record the notice the item's new state owes the person (called by the queue on every
    transition; states that owe none return ``None``)."""
    kind = NOTICE_FOR_STATE.get(item.state)
    if kind is None:
        return None
    notice = Notice.objects.create(
        item=item, kind=kind, promoted=promoted, email=_email_address(item)
    )
    if notice.email:
        transaction.on_commit(lambda: _send_email(notice.pk))
    return notice


@transaction.atomic
def notice_mark_sent(*, notice: Notice, channel: str, acting_user: Any) -> Notice:
    """A clerk sent the notice (the letter by post, in person, or told on the phone)."""
    if channel not in DeliveryChannel.values:
        raise IntakeError({"channel": _("Choose how the notice was sent.")}, code="channel")
    now = timezone.now()
    updated = Notice.objects.filter(pk=notice.pk, delivered_at__isnull=True).update(
        delivered_at=now, channel=channel, delivered_by=acting_user
    )
    if not updated:
        raise IntakeError(_("This notice has already been sent."), code="already_sent")
    notice.delivered_at, notice.channel, notice.delivered_by = now, channel, acting_user
    audit_record(
        actor=acting_user, action=AuditAction.UPDATE, obj=notice, changes={"sent": channel}
    )
    return notice


def notices_pending() -> models.QuerySet[Notice]:
    """Notices still to send, oldest first, with what the list shows."""
    return (
        Notice.objects.pending()
        .select_related("item__person", "item__service", "item__application")
        .order_by("created_at", "id")
    )
