"""The provider registry and the centre's contracts with providers (domain.md §1.7).

A provider delivers programme services under a contract; each contract line prices one service
in one unit with a ceiling of units. Nothing here is deleted: providers are archived, staff
links and contract lines are ended, contracts end.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import ProgrammeService, Unit
from opencus.core.identifiers import validate_krs, validate_nip, validate_regon
from opencus.core.models import Transition
from opencus.core.roles import Role, has_capability, user_roles
from opencus.people.models import Address
from opencus.providers.capabilities import PROVIDER_VIEW


class ProviderKind(models.TextChoices):
    NGO = "ngo", _("non-governmental organisation")
    SOCIAL_ECONOMY = "social_economy", _("social economy entity")
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
    COMPANY = "company", _("company")
    PUBLIC_UNIT = "public_unit", _("public unit")


class ProviderQuerySet(models.QuerySet["Provider"]):
    def active(self) -> ProviderQuerySet:
        return self.filter(archived_at__isnull=True)

    def visible_to(self, user: Any) -> ProviderQuerySet:
        """The providers ``user`` may see: all with ``provider.view``; for a provider's staff,
        the provider they currently work for (``staff_providers``); nothing for anyone else."""
        if has_capability(user, PROVIDER_VIEW):
            return self
        return self.filter(pk__in=staff_providers(user))


class Provider(Address):
    """A provider of services (wykonawca / realizator usług): an NGO, a social-economy entity
    (PES), a social cooperative, a company or a public unit. NIP is stored as 10 digits."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    legal_form = models.CharField(
        _("legal form"),
        max_length=120,
        blank=True,
        help_text=_("For example: association, foundation, social cooperative, limited company."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    nip = models.CharField(_("NIP"), max_length=10, validators=[validate_nip])
    regon = models.CharField(_("REGON"), max_length=14, validators=[validate_regon])
    krs = models.CharField(_("KRS"), max_length=10, blank=True, validators=[validate_krs])
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name", "id"]
        constraints = [
            # An archived provider keeps its NIP; a new registration of the same entity may
            # follow (e.g. after a merger was undone), but only one of them is active.
            models.UniqueConstraint(
                fields=["nip"],
                condition=Q(archived_at__isnull=True),
                name="provider_nip_unique_active",
                violation_error_message=_("A provider with this NIP number is already registered."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProviderStaff(models.Model):
    """A user working for a provider (pracownik wykonawcy), with the ``provider_staff`` role.

    A user is tied to one provider at a time (a database constraint on the current link);
    an ended link is kept for the record.
    """

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="provider_links"
    )
    valid_from = models.DateField(_("from"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("provider staff member")
        verbose_name_plural = _("provider staff")
        ordering = ["valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(ended_on__isnull=True),
                name="provider_staff_one_current_provider",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("valid_from")),
                name="provider_staff_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.provider}"


def staff_providers(user: Any) -> QuerySet[ProviderStaff, Any]:
    """The one provider-scope rule: the provider ``user`` works for now, as a subquery of ids
    (``provider_id``). A provider's staff see that provider's data and nothing else; for anyone
    without the role, or whose link has ended, it is empty. Every ``visible_to`` that scopes
    case data to providers is built on it."""
    if Role.PROVIDER_STAFF not in user_roles(user):
        return ProviderStaff.objects.none().values("provider_id")
    return ProviderStaff.objects.filter(user=user, ended_on__isnull=True).values("provider_id")


class ProcurementMode(models.TextChoices):
    PUBLIC_PROCUREMENT = "public_procurement", _("public procurement")
    PUBLIC_BENEFIT = "public_benefit", _("commissioning under the public benefit act")
    EU_SELECTION = "eu_selection", _("selection procedure of an EU project")
    IN_HOUSE = "in_house", _("in-house")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("in force")
    ENDED = "ended", _("ended")


class ContractQuerySet(models.QuerySet["Contract"]):
    def visible_to(self, user: Any) -> ContractQuerySet:
        """Contracts of the providers ``user`` may see (``Provider.objects.visible_to``)."""
        return self.filter(provider__in=Provider.objects.visible_to(user))


class Contract(models.Model):
    """A contract with a provider (umowa): how it was awarded, its period and total value."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="contracts")
    number = models.CharField(_("contract number"), max_length=60)
    title = models.CharField(_("title"), max_length=250)
    procurement_mode = models.CharField(
        _("procurement mode"), max_length=20, choices=ProcurementMode.choices
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    total_value = models.DecimalField(_("total value (PLN)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-valid_from", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="contract_number_unique",
                violation_error_message=_("A contract with this number is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")), name="contract_period_order"
            ),
            models.CheckConstraint(condition=Q(total_value__gt=0), name="contract_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"


class LinePeriod(models.TextChoices):
    """What a line's maximum units are counted per. The values are those of
    ``catalog.Period`` where they mean the same; "contract" is the line's whole period."""

    CONTRACT = "contract", _("whole period of the line")
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


def periods_in(period: str, start: dt.date, end: dt.date) -> int:
    """How many calendar periods (weeks counted from ``start``) the days start..end touch.

    A part of a month counts as a whole month: the provider may deliver the monthly maximum in
    it, so the contract must be able to pay for it."""
    if period == LinePeriod.WEEK:
        return ((end - start).days // 7) + 1
    if period == LinePeriod.MONTH:
        return (end.year - start.year) * 12 + end.month - start.month + 1
    if period == LinePeriod.QUARTER:
        return (end.year - start.year) * 4 + (end.month - 1) // 3 - (start.month - 1) // 3 + 1
    if period == LinePeriod.YEAR:
        return end.year - start.year + 1
    return 1


class ContractTransition(Transition):
    """The history of a contract's status (historia umowy): registered, in force, ended."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=ContractStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ContractStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("contract status change")
        verbose_name_plural = _("contract status changes")

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.from_status} → {self.to_status}"


class ContractLine(models.Model):
    """A line of a contract (pozycja umowy): one programme service, priced per unit, with the
    maximum number of units per period, for a period within the contract's."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="lines")
    service = models.ForeignKey(
        ProgrammeService,
        on_delete=models.PROTECT,
        related_name="contract_lines",
        verbose_name=_("service"),
    )
    unit = models.CharField(_("unit"), max_length=14, choices=Unit.choices)
    unit_price = models.DecimalField(_("unit price (PLN)"), max_digits=10, decimal_places=2)
    max_units = models.PositiveIntegerField(_("maximum units"))
    period = models.CharField(
        _("maximum units per"),
        max_length=10,
        choices=LinePeriod.choices,
        default=LinePeriod.CONTRACT,
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contract line")
        verbose_name_plural = _("contract lines")
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="line_price_positive"),
            models.CheckConstraint(condition=Q(max_units__gt=0), name="line_max_units_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")), name="line_period_order"
            ),
            models.UniqueConstraint(
                fields=["contract", "service", "unit", "valid_from"], name="line_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.get_unit_display()}"

    @property
    def period_count(self) -> int:
        return periods_in(self.period, self.valid_from, self.valid_to)

    @property
    def max_value(self) -> Decimal:
        """The most the line can cost: unit price × maximum units × periods it spans."""
        return self.unit_price * self.max_units * self.period_count
