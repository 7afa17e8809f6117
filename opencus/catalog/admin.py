"""The administration panel for the catalogue: programmes, their services and places.

The Django admin needs ``is_staff`` and model permissions, which the staff roles do not grant:
at this stage it is for the administrator (a superuser, or a user given ``is_staff`` and the
catalogue's model permissions). Staff with ``catalog.manage`` edit service cards in the staff
pages instead (``views.service_edit``).
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from opencus.catalog.eligibility import describe_rules
from opencus.catalog.models import (
    Location,
    OpeningHours,
    Programme,
    ProgrammeService,
    ServiceLimit,
)
from opencus.core.admin import AuditedAdminMixin

#: A search finds a name in any of its languages (a plain "name" looks only at the active one).
TRANSLATED_NAMES = ("name_pl", "name_uk", "name_en")


class ProgrammeServiceInline(admin.TabularInline):
    """The programme's services at a glance; each opens its own page (inlines would hide the
    many-to-many fields a card needs)."""

    model = ProgrammeService
    fields = ("name", "status", "is_public", "qualification_mode", "capacity")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdminMixin, TranslationAdmin):
    """Each text (name, description) in Polish, Ukrainian and English (modeltranslation)."""

    list_display = (
        "name",
        "resolution_number",
        "resolution_date",
        "valid_from",
        "valid_to",
        "status",
    )
    list_filter = ("status",)
    search_fields = (
        *TRANSLATED_NAMES,
        "resolution_number",
        "journal_reference",
        "eu_project_reference",
    )
    date_hierarchy = "valid_from"
    fieldsets = (
        (None, {"fields": ("name", "description", "status")}),
        (
            _("Council resolution"),
            {"fields": ("resolution_number", "resolution_date", "journal_reference")},
        ),
        (
            _("Period and funding"),
            {"fields": ("valid_from", "valid_to", "funding", "eu_project_reference")},
        ),
    )
    inlines = [ProgrammeServiceInline]


class ServiceLimitInline(admin.TabularInline):
    model = ServiceLimit
    extra = 0


class ServiceHoursInline(admin.TabularInline):
    model = OpeningHours
    fk_name = "service"
    fields = ("weekday", "opens_at", "closes_at", "note")
    extra = 0


class LocationHoursInline(admin.TabularInline):
    model = OpeningHours
    fk_name = "location"
    fields = ("weekday", "opens_at", "closes_at", "note")
    extra = 0


@admin.register(ProgrammeService)
class ProgrammeServiceAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "programme", "status", "is_public", "qualification_mode")
    list_filter = ("status", "is_public", "qualification_mode", "areas", "programme")
    list_select_related = ("programme",)
    search_fields = (*TRANSLATED_NAMES, "summary_pl", "programme__name_pl")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("areas", "target_groups", "locations")
    # Places change on the queue's "Change places" page, which fills added places from the
    # waiting list at once; an edit here would leave people waiting beside free places.
    readonly_fields = ("rules_in_words", "capacity")
    fieldsets = (
        (None, {"fields": ("programme", "name", "slug", "summary", "description", "areas")}),
        (
            _("Who may use it"),
            {
                "fields": (
                    "target_groups",
                    "target_group_description",
                    "eligibility_rules",
                    "rules_in_words",
                )
            },
        ),
        (
            _("Places, qualification and fee"),
            {
                "fields": (
                    "capacity",
                    "capacity_period",
                    "qualification_mode",
                    "fee_kind",
                    "fee_amount",
                    "fee_unit",
                    "fee_description",
                    "quality_standard",
                )
            },
        ),
        (
            _("How to apply, where and contact"),
            {
                "fields": (
                    "how_to_apply",
                    "documents",
                    "legal_basis",
                    "locations",
                    "contact_phone",
                    "contact_email",
                )
            },
        ),
        (_("Publication"), {"fields": ("status", "is_public")}),
    )
    inlines = [ServiceLimitInline, ServiceHoursInline]

    @admin.display(description=_("rules in words (as residents read them)"))
    def rules_in_words(self, obj: ProgrammeService) -> str:
        # While the form shows an error, obj holds the rejected rules: no words for those.
        try:
            lines = describe_rules(obj.eligibility_rules)
        except ValidationError:
            return str(_("The rules are not valid: see the message at the field."))
        if not lines:
            return str(_("No conditions: everyone may use the service."))
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines))


@admin.register(Location)
class LocationAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "street", "building_number", "locality", "phone")
    search_fields = (*TRANSLATED_NAMES, "street", "locality")
    fieldsets = (
        (None, {"fields": ("name", "description", "accessibility", "phone", "email")}),
        (
            _("Address"),
            {
                "fields": (
                    "street",
                    "building_number",
                    "flat_number",
                    "postcode",
                    "locality",
                    "terc",
                    "simc",
                    "ulic",
                    "latitude",
                    "longitude",
                )
            },
        ),
    )
    inlines = [LocationHoursInline]
