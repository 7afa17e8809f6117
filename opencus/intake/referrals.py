"""Referrals (przekazanie wniosku): with the person's consent, an application or one of its
requested services is passed to another team of the centre (e.g. social assistance) or to
another municipal unit that runs the service (domain.md §1.3). The referral names the consent
it rests on; the request's own state does not change."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.intake.models import Application, ApplicationItem
from opencus.people.models import Consent, ConsentPurpose

__all__ = ["CentreTeam", "Referral"]


class CentreTeam(models.TextChoices):
    SOCIAL_ASSISTANCE = "social_assistance", _("social assistance team")
    FAMILY_SUPPORT = "family_support", _("family support team (family assistants)")
    FOSTER_CARE = "foster_care", _("foster care team")
    DISABILITY = "disability", _("disability support team")
    SENIORS = "seniors", _("senior services team")
    HOUSING = "housing", _("housing team")
    COUNSELLING = "counselling", _("counselling and crisis intervention team")
    COMMUNITY = "community", _("community organising team")
    VOLUNTEERING = "volunteering", _("volunteer centre")


class Referral(models.Model):
    """A referral of an application, or of one requested service, to a team of the centre or
    to another municipal unit, resting on the person's referral consent."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="referrals")
    item = models.ForeignKey(
        ApplicationItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("requested service"),
        help_text=_("Empty when the whole application is referred."),
    )
    to_team = models.CharField(
        _("team of the centre"), max_length=20, choices=CentreTeam.choices, blank=True
    )
    to_unit = models.CharField(
        _("other municipal unit"),
        max_length=200,
        blank=True,
        help_text=_("For example: Miejski Ośrodek Sportu i Rekreacji."),
    )
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="+", verbose_name=_("consent")
    )
    note = models.TextField(_("note"), blank=True)
    referred_at = models.DateTimeField(_("referred"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred by"),
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(to_team="") & ~Q(to_unit="")) | (~Q(to_team="") & Q(to_unit="")),
                name="referral_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.recipient}"

    @property
    def recipient(self) -> str:
        return str(CentreTeam(self.to_team).label) if self.to_team else self.to_unit


@transaction.atomic
def referral_create(
    *,
    application: Application,
    acting_user: Any,
    to_team: str = "",
    to_unit: str = "",
    item: ApplicationItem | None = None,
    note: str = "",
) -> Referral:
    """Refer an application (or one requested service) to a team or another municipal unit.

    Only with the person's active consent to referral (domain.md §1.3: "with consent"): the
    consent row is locked, so it cannot be withdrawn halfway through.
    """
    from opencus.intake.services import IntakeError  # models.py imports this module

    to_unit = " ".join((to_unit or "").split())
    if bool(to_team) == bool(to_unit):
        raise IntakeError(
            {"to_team": _("Choose a team of the centre or name another unit (one of them).")},
            code="recipient",
        )
    if to_team and to_team not in CentreTeam.values:
        raise IntakeError({"to_team": _("Choose a team of the centre.")}, code="recipient")
    if len(to_unit) > 200:
        raise IntakeError({"to_unit": _("The unit's name is too long.")}, code="recipient")
    if item is not None and item.application_id != application.pk:
        raise IntakeError(_("This requested service belongs to another application."), code="item")
    consent = (
        Consent.objects.select_for_update()
        .filter(
            person_id=application.person_id,
            purpose=ConsentPurpose.REFERRAL,
            withdrawn_at__isnull=True,
            given_at__lte=timezone.now(),
        )
        .first()
    )
    if consent is None:
        raise IntakeError(
            _(
                "The person has not consented to passing the case to another team or unit. "
                "Record the consent first."
            ),
            code="no_consent",
        )
    referral = Referral.objects.create(
        application=application,
        item=item,
        to_team=to_team,
        to_unit=to_unit,
        consent=consent,
        note=note.strip(),
        referred_at=timezone.now(),
        referred_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=referral,
        changes={
            "recipient": referral.recipient,
            "item": item.pk if item is not None else None,
            "consent": consent.pk,
        },
    )
    return referral
