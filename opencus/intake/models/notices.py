"""Notices (zawiadomienia) owed to the person about the outcomes of their requests; the
services that issue and send them are in ``notices.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.intake.models.applications import ApplicationItem, ItemState


#: The notice each outcome owes the person (the letter of the same kind).
class LetterKind(models.TextChoices):
    """The letters intake writes to residents (registered in core's registry)."""

    FILING_CONFIRMATION = "filing_confirmation", _("confirmation of filing")
    QUALIFICATION_NOTICE = "qualification_notice", _("qualification notice")
    WAITING_LIST_NOTICE = "waiting_list_notice", _("waiting-list notice")
    REFUSAL_NOTICE = "refusal_notice", _("refusal notice")


NOTICE_FOR_STATE: dict[str, str] = {
    ItemState.QUALIFIED: LetterKind.QUALIFICATION_NOTICE,
    ItemState.WAITING: LetterKind.WAITING_LIST_NOTICE,
    ItemState.REFUSED: LetterKind.REFUSAL_NOTICE,
}


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("by e-mail")
    POST = "post", _("by post")
    IN_PERSON = "in_person", _("handed over in person")
    PHONE = "phone", _("told by phone")


class NoticeQuerySet(models.QuerySet["Notice"]):
    def pending(self) -> NoticeQuerySet:
        return self.filter(delivered_at__isnull=True)


class Notice(models.Model):
    """A notice owed to the person about one requested service (zawiadomienie)."""

    item = models.ForeignKey(
        ApplicationItem, on_delete=models.PROTECT, related_name="notices", verbose_name=_("request")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=LetterKind.choices)
    promoted = models.BooleanField(
        _("promoted from the waiting list"),
        default=False,
        help_text=_("The place came free and the person was next on the waiting list."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("sent"), null=True, blank=True)
    channel = models.CharField(
        _("how it was sent"), max_length=10, choices=DeliveryChannel.choices, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["delivered_at", "created_at"], name="notice_pending_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivered_at__isnull=True, channel="")
                | (models.Q(delivered_at__isnull=False) & ~models.Q(channel="")),
                name="notice_sent_has_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.item}"
