"""Referrals (przekazanie wniosku) of an application to another team or unit; the service
that records one is in ``referrals.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from opencus.intake.models.applications import Application, ApplicationItem
from opencus.people.models import Consent


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
