"""The ledger and the settlements in the administration panel: read only. The ledger is
append-only (corrections are reversing entries made in the staff pages) and a settlement
changes only by approval."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from opencus.delivery.models import DeliveryRecord, Settlement


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DeliveryRecord)
class DeliveryRecordAdmin(ReadOnlyAdmin):
    list_display = ("delivered_on", "provider", "entitlement", "units", "unit", "unit_price")
    list_filter = ("settlement_month", "unit")
    list_select_related = ("provider", "entitlement__person", "entitlement__service")
    raw_id_fields = ("entitlement", "contract_line", "corrects", "recorded_by")


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin):
    list_display = ("contract", "month", "status", "total", "approved_by", "approved_at")
    list_filter = ("status", "month")
    list_select_related = ("contract", "approved_by")
