"""The administration panel for providers and contracts, for the administrator; staff with
``provider.manage`` use the staff pages, whose services check NIP, REGON and contract values.
Every save here is audited; nothing may be deleted (archive or end instead)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from opencus.core.admin import AuditedAdminMixin
from opencus.providers.models import Contract, ContractLine, Provider, ProviderStaff


class NoDeleteMixin:
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProviderStaffInline(NoDeleteMixin, admin.TabularInline):
    model = ProviderStaff
    fields = ("user", "valid_from", "ended_on")
    raw_id_fields = ("user",)
    extra = 0


class ContractLineInline(NoDeleteMixin, admin.TabularInline):
    model = ContractLine
    fields = ("service", "unit", "unit_price", "max_units", "period", "valid_from", "valid_to")
    raw_id_fields = ("service",)
    extra = 0


@admin.register(Provider)
class ProviderAdmin(NoDeleteMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "nip", "regon", "locality", "archived_at")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "nip", "regon", "krs")
    readonly_fields = ("archived_at",)
    inlines = [ProviderStaffInline]


@admin.register(Contract)
class ContractAdmin(NoDeleteMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "title", "provider", "procurement_mode", "valid_from", "status")
    list_filter = ("status", "procurement_mode")
    list_select_related = ("provider",)
    search_fields = ("number", "title", "provider__name")
    inlines = [ContractLineInline]
