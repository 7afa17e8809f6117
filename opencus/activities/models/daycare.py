"""The Senior+ facilities (placówki Senior+): the day home (Dzienny Dom Senior+) and the club
(Klub Senior+), their places and opening hours, members with the history of their
membership, and the daily attendance register with the meals served."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.activities.capabilities import DAYCARE_MANAGE, DAYCARE_REGISTER
from opencus.catalog.models import Location, ProgrammeService, Weekday
from opencus.core.models import Transition
from opencus.core.roles import Role, has_capability, user_roles
from opencus.delivery.models import DeliveryRecord
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.providers.models import Provider, staff_providers

__all__ = [
    "AdmissionBasis",
    "AttendanceMark",
    "Facility",
    "FacilityHours",
    "FacilityKind",
    "Membership",
    "MembershipStatus",
    "MembershipTransition",
]


class FacilityKind(models.TextChoices):
    DAY_HOME = "day_home", _("Senior+ day home")
    CLUB = "club", _("Senior+ club")


#: The roles that see every facility (a provider's staff only their own provider's).
CENTRE_ROLES = frozenset({Role.DIRECTOR, Role.SERVICE_ORGANISER})


class FacilityQuerySet(models.QuerySet["Facility"]):
    def visible_to(self, user: Any) -> FacilityQuerySet:
        """The director and the organiser see every facility; a provider's staff those their
        provider runs (``staff_providers``); no one else any."""
        if has_capability(user, DAYCARE_MANAGE) or (
            has_capability(user, DAYCARE_REGISTER) and user_roles(user) & CENTRE_ROLES
        ):
            return self
        if has_capability(user, DAYCARE_REGISTER):
            return self.filter(provider_id__in=staff_providers(user))
        return self.none()


class Facility(models.Model):
    """A Senior+ facility (placówka Senior+): a day home (Dzienny Dom Senior+), admitting by
    administrative decision, or a club (Klub Senior+), admitting by declaration; its places,
    the service its members are entitled to and who runs it (the centre or a provider)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=FacilityKind.choices)
    name = models.CharField(_("name"), max_length=200)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="senior_facilities",
        verbose_name=_("place"),
    )
    service = models.ForeignKey(
        ProgrammeService,
        on_delete=models.PROTECT,
        related_name="senior_facilities",
        verbose_name=_("service"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="senior_facilities",
        verbose_name=_("run by provider"),
    )
    capacity = models.PositiveSmallIntegerField(_("places"))
    meals_per_day = models.PositiveSmallIntegerField(
        _("meals a day"), default=0, help_text=_("Meals a member present is served (day home).")
    )
    is_active = models.BooleanField(_("open"), default=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Senior+ facility")
        verbose_name_plural = _("Senior+ facilities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="facility_has_a_place"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_day_home(self) -> bool:
        return self.kind == FacilityKind.DAY_HOME


class FacilityHours(models.Model):
    """When a facility is open on a weekday (godziny otwarcia)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("from"))
    closes_at = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "weekday"], name="facility_hours_day"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="facility_hours_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class AdmissionBasis(models.TextChoices):
    DECISION = "decision", _("administrative decision")
    DECLARATION = "declaration", _("membership declaration")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("member")
    ENDED = "ended", _("left")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def visible_to(self, user: Any) -> MembershipQuerySet:
        return self.filter(facility__in=Facility.objects.visible_to(user))

    def active(self) -> MembershipQuerySet:
        return self.filter(status=MembershipStatus.ACTIVE)


class Membership(models.Model):
    """A member of a facility (uczestnik): admitted by decision (the day home) or by declaration
    (the club), against their entitlement to the facility's service, from a day until they
    leave."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="senior_memberships",
        verbose_name=_("person"),
    )
    entitlement = models.ForeignKey(
        Entitlement, on_delete=models.PROTECT, related_name="senior_memberships"
    )
    basis = models.CharField(_("admitted by"), max_length=12, choices=AdmissionBasis.choices)
    basis_reference = models.CharField(
        _("decision number or declaration date"), max_length=80, blank=True
    )
    starts_on = models.DateField(_("member from"))
    ends_on = models.DateField(_("member until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["person__last_name", "person__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "person"],
                condition=Q(status="active"),
                name="membership_one_active",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.facility}"

    def covers(self, day: Any) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class MembershipTransition(Transition):
    """The history of a membership (historia uczestnictwa): admitted, left."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=8, choices=MembershipStatus.choices, blank=True)
    to_status = models.CharField(max_length=8, choices=MembershipStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")


class AttendanceMark(models.Model):
    """One member's line of the daily attendance register (lista obecności) with the meals
    served that day, and the ledger's unit for a day present when the service counts days."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="attendance")
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"))
    meals = models.PositiveSmallIntegerField(_("meals served"), default=0)
    marked_at = models.DateTimeField(_("marked"), default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    delivery_record = models.ForeignKey(
        DeliveryRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ledger_refusal = models.TextField(_("why the ledger refused the day"), blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["day", "id"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "day"], name="attendance_one_a_day"),
            models.CheckConstraint(
                condition=Q(present=True) | Q(meals=0), name="attendance_meals_when_present"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.day}: {'+' if self.present else '-'}"
