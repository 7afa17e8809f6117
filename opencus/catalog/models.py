"""The programme catalogue: council-adopted programmes of social services and their service
cards, with eligibility rules kept as data (see ``eligibility.py``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager, MultilingualQuerySet

from opencus.catalog.eligibility import validate_rules
from opencus.people.models import Address


class Area(models.Model):
    """One of the 14 statutory areas of social services (obszary, art. 2 of the CUS act).

    The rows are created by a data migration and never edited.
    """

    code = models.PositiveSmallIntegerField(primary_key=True)
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(_(self.name))


class TargetGroup(models.Model):
    """Who a service is for, for filtering the public list (grupa docelowa)."""

    slug = models.SlugField(primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return str(_(self.name))


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONSULTATION = "consultation", _("in public consultation")
    ADOPTED = "adopted", _("adopted")
    EXPIRED = "expired", _("expired")


# The managers are django-modeltranslation's from the start (it would otherwise swap them for
# classes made at run time): a filter or ordering by a translated field uses the active
# language's column.
class ProgrammeQuerySet(MultilingualQuerySet["Programme"]):
    def current(self, on: dt.date | None = None) -> ProgrammeQuerySet:
        day = on or timezone.localdate()
        return self.filter(status=ProgrammeStatus.ADOPTED, valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Programme(models.Model):
    """A programme of social services (program usług społecznych), adopted by a council
    resolution (uchwała rady gminy) and published in the voivodeship's official journal."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    resolution_number = models.CharField(_("council resolution number"), max_length=60, blank=True)
    resolution_date = models.DateField(_("resolution date"), null=True, blank=True)
    journal_reference = models.CharField(
        _("official journal reference"),
        max_length=120,
        blank=True,
        help_text=_("For example Dz. Urz. Woj. Świętokrzyskiego 2021 poz. 3210."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    funding = models.CharField(
        _("funding"),
        max_length=250,
        blank=True,
        help_text=_("For example: municipal budget; European Social Fund."),
    )
    eu_project_reference = models.CharField(
        _("EU project reference"),
        max_length=60,
        blank=True,
        help_text=_("For example POWR.02.08.00-00-0062/20."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    if TYPE_CHECKING:  # columns added by django-modeltranslation (catalog/translation.py)
        name_pl: str
        name_uk: str | None
        name_en: str | None
        description_pl: str
        description_uk: str | None
        description_en: str | None

    objects = MultilingualManager.from_queryset(ProgrammeQuerySet)()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-valid_from", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="programme_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class QualificationMode(models.TextChoices):
    PROGRAMME = "programme", _("programme queue, in filing order (no administrative decision)")
    DECISION = "decision", _("administrative decision (Social Assistance Act)")


class DeliveredBy(models.TextChoices):
    PROVIDERS = "providers", _("contracted providers (settled monthly)")
    CENTRE = "centre", _("the centre itself (its own staff or volunteers)")


class Unit(models.TextChoices):
    RIDE = "ride", _("ride")
    VISIT = "visit", _("visit")
    HOUR = "hour", _("hour")
    SESSION = "session", _("session")
    TICKET = "ticket", _("ticket")
    MEAL = "meal", _("meal")
    DAY = "day", _("day of attendance")
    CONSULTATION = "consultation", _("consultation")
    PLACE = "place", _("place")


class Period(models.TextChoices):
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")
    PROGRAMME = "programme", _("whole programme")


class FeeKind(models.TextChoices):
    FREE = "free", _("free of charge")
    FLAT = "flat", _("flat fee per unit")
    SCHEDULE = "schedule", _("fee by income, set by council resolution")


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("temporarily closed")
    INACTIVE = "inactive", _("not offered")


class Location(Address):
    """A place where services are delivered or where residents can apply (miejsce)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free entrance, lift, accessible toilet, induction loop…"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    if TYPE_CHECKING:  # columns added by django-modeltranslation (catalog/translation.py)
        name_pl: str
        name_uk: str | None
        name_en: str | None
        description_pl: str
        description_uk: str | None
        description_en: str | None
        accessibility_pl: str
        accessibility_uk: str | None
        accessibility_en: str | None

    objects = MultilingualManager["Location"]()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgrammeServiceQuerySet(MultilingualQuerySet["ProgrammeService"]):
    def public(self, on: dt.date | None = None) -> ProgrammeServiceQuerySet:
        """Services a resident can see today: active, public, in a current adopted programme."""
        day = on or timezone.localdate()
        return self.filter(
            is_public=True,
            status__in=[ServiceStatus.ACTIVE, ServiceStatus.SUSPENDED],
            programme__in=Programme.objects.current(day),
        )


class ProgrammeService(models.Model):
    """A service of a programme and its card (karta usługi): who may use it, limits, fee, how to
    apply, where and when. Eligibility is a declarative rule set, see ``eligibility.py``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"))
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), related_name="services")
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="services", blank=True
    )
    target_group_description = models.TextField(_("who the service is for"), blank=True)
    eligibility_rules = models.JSONField(
        _("eligibility rules"),
        default=dict,
        blank=True,
        help_text=_(
            'Who may use the service, as a rule set, for example {"all": [{"attribute": "age", '
            '"min": 60}, {"attribute": "resident"}]}. Attributes: age (min, max), resident, '
            "disability (min_level: light, moderate, significant), child_in_household "
            '(max_age), economically_inactive, refugee. Groups: "all", "any", "not". '
            "Leave {} if everyone may use it."
        ),
        validators=[validate_rules],
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty if not limited.")
    )
    capacity_period = models.CharField(
        _("places per"), max_length=10, choices=Period.choices, default=Period.PROGRAMME
    )
    fee_kind = models.CharField(
        _("fee"), max_length=10, choices=FeeKind.choices, default=FeeKind.FREE
    )
    fee_amount = models.DecimalField(
        _("fee amount (PLN)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    fee_unit = models.CharField(_("fee per"), max_length=14, choices=Unit.choices, blank=True)
    fee_description = models.TextField(_("fee rules and exemptions"), blank=True)
    quality_standard = models.TextField(_("quality standard"), blank=True)
    qualification_mode = models.CharField(
        _("qualification"),
        max_length=10,
        choices=QualificationMode.choices,
        default=QualificationMode.PROGRAMME,
    )
    delivered_by = models.CharField(
        _("delivered by"),
        max_length=10,
        choices=DeliveredBy.choices,
        default=DeliveredBy.PROVIDERS,
        help_text=_(
            "The centre's own services (the Senior+ club, its classes, volunteers' help) are "
            "recorded in the ledger with no contract and left out of settlements."
        ),
    )
    centre_unit = models.CharField(
        _("unit the centre records"),
        max_length=14,
        choices=Unit.choices,
        blank=True,
        help_text=_("For a service the centre delivers itself: what one delivery counts."),
    )
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    documents = models.TextField(_("documents to bring"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    locations = models.ManyToManyField(
        Location, verbose_name=_("locations"), related_name="services", blank=True
    )
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    is_public = models.BooleanField(_("shown on the public pages"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    if TYPE_CHECKING:  # columns added by django-modeltranslation (catalog/translation.py)
        name_pl: str
        name_uk: str | None
        name_en: str | None
        summary_pl: str
        summary_uk: str | None
        summary_en: str | None
        description_pl: str
        description_uk: str | None
        description_en: str | None
        target_group_description_pl: str
        target_group_description_uk: str | None
        target_group_description_en: str | None
        fee_description_pl: str
        fee_description_uk: str | None
        fee_description_en: str | None
        how_to_apply_pl: str
        how_to_apply_uk: str | None
        how_to_apply_en: str | None
        documents_pl: str
        documents_uk: str | None
        documents_en: str | None

    objects = MultilingualManager.from_queryset(ProgrammeServiceQuerySet)()

    class Meta:
        verbose_name = _("programme service")
        verbose_name_plural = _("programme services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="service_slug_unique"),
            models.CheckConstraint(
                condition=~Q(fee_kind="flat") | Q(fee_amount__isnull=False),
                name="flat_fee_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(fee_amount__isnull=True) | Q(fee_amount__gte=0),
                name="fee_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(delivered_by="providers", centre_unit="")
                | (Q(delivered_by="centre") & ~Q(centre_unit="")),
                name="service_centre_unit_when_in_house",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceLimit(models.Model):
    """A per-person limit (limit): at most ``units`` of ``unit`` per ``period``. A service may
    have several, e.g. 2 rides a month and 8 a year."""

    service = models.ForeignKey(ProgrammeService, on_delete=models.CASCADE, related_name="limits")
    units = models.PositiveIntegerField(_("at most"))
    unit = models.CharField(_("unit"), max_length=14, choices=Unit.choices)
    period = models.CharField(_("per"), max_length=10, choices=Period.choices)

    class Meta:
        verbose_name = _("limit per person")
        verbose_name_plural = _("limits per person")
        constraints = [
            models.UniqueConstraint(fields=["service", "unit", "period"], name="limit_unique"),
            models.CheckConstraint(condition=Q(units__gt=0), name="limit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.units} × {self.get_unit_display()} / {self.get_period_display()}"


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class OpeningHours(models.Model):
    """When a service runs (or a location is open) on a weekday (godziny)."""

    service = models.ForeignKey(
        ProgrammeService, on_delete=models.CASCADE, related_name="hours", null=True, blank=True
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="hours", null=True, blank=True
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("from"))
    closes_at = models.TimeField(_("to"))
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="hours_order"
            ),
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(location__isnull=False),
                name="hours_belong_somewhere",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"
