"""Enrolment rounds (nabór) and their entries; the services that open, draw and allocate them
are in ``enrolment.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import ProgrammeService
from opencus.core.formatting import period_text
from opencus.core.models import Transition
from opencus.intake.models.applications import ApplicationItem


class Allocation(models.TextChoices):
    FIRST_COME = "first_come", _("first come, first served")
    LOTTERY = "lottery", _("lottery among those who applied in the round")


class EnrolmentRound(models.Model):
    """An enrolment round (nabór) for one service: applications filed from ``opens_on`` to
    ``closes_on`` (local dates, both included) are allocated together after it closes."""

    service = models.ForeignKey(
        ProgrammeService,
        on_delete=models.PROTECT,
        related_name="enrolment_rounds",
        verbose_name=_("service"),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    allocation = models.CharField(_("allocation"), max_length=10, choices=Allocation.choices)
    places = models.PositiveIntegerField(
        _("places in the round"),
        null=True,
        blank=True,
        help_text=_("Leave empty to give all the service's free places at allocation."),
    )
    seed = models.CharField(
        _("seed of the draw"),
        max_length=64,
        blank=True,
        help_text=_("Recorded at the draw; with it anyone can repeat the draw."),
    )
    allocated_at = models.DateTimeField(_("allocated"), null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("allocated by"),
    )
    result = models.JSONField(
        _("order of the requests"),
        default=list,
        blank=True,
        help_text=_("Ids of the entrants' requests in drawn (or filing) order."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("enrolment round")
        verbose_name_plural = _("enrolment rounds")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="round_period_order"
            ),
            models.CheckConstraint(
                condition=Q(places__isnull=True) | Q(places__gte=1), name="round_places_positive"
            ),
            models.CheckConstraint(
                condition=~Q(allocation="lottery") | Q(allocated_at__isnull=True) | ~Q(seed=""),
                name="round_lottery_records_seed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {period_text(self.opens_on, self.closes_on)}"

    @property
    def is_allocated(self) -> bool:
        return self.allocated_at is not None


class EntryOutcome(models.TextChoices):
    QUALIFIED = "qualified", _("qualified")
    WAITING = "waiting", _("on the waiting list")
    NOT_ELIGIBLE = "not_eligible", _("does not meet the conditions")


class EnrolmentEntry(models.Model):
    """One request taking part in an enrolment round, its place in the drawn (or filing) order
    and what the allocation gave it. A request takes part in one round at most."""

    enrolment_round = models.ForeignKey(
        EnrolmentRound, on_delete=models.PROTECT, related_name="entries"
    )
    item = models.OneToOneField(
        ApplicationItem, on_delete=models.PROTECT, related_name="enrolment_entry"
    )
    position = models.PositiveIntegerField(_("position"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=EntryOutcome.choices)

    class Meta:
        verbose_name = _("round entry")
        verbose_name_plural = _("round entries")
        ordering = ["enrolment_round", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment_round", "position"], name="round_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_round_id} #{self.position}: {self.item_id}"


class EnrolmentChange(models.TextChoices):
    CREATED = "created", _("created")
    ALLOCATED = "allocated", _("allocated in filing order")
    DRAWN = "drawn", _("drawn by lottery")


class EnrolmentRoundTransition(Transition):
    """The history of an enrolment round: created, then allocated or drawn — who, when."""

    enrolment_round = models.ForeignKey(
        EnrolmentRound, on_delete=models.PROTECT, related_name="transitions"
    )
    change = models.CharField(_("change"), max_length=10, choices=EnrolmentChange.choices)

    class Meta(Transition.Meta):
        verbose_name = _("enrolment round change")
        verbose_name_plural = _("enrolment round changes")

    def __str__(self) -> str:
        return f"{self.enrolment_round_id}: {self.change}"
