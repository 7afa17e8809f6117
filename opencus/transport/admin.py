"""The senior taxi in the administration panel, for the administrator: read only. Bookings,
series and plans change only through their services (transition rows, the day's lock);
vehicles, drivers, shifts, places and rules through the staff pages, whose services check and
audit every change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from opencus.transport.models import (
    Booking,
    BookingTransition,
    DayPlan,
    DayPlanTransition,
    Driver,
    Place,
    PlanStop,
    RideSeries,
    SeriesException,
    Shift,
    TransportQuota,
    TransportRules,
    Vehicle,
    VehicleUnavailability,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "street", "building_number", "latitude", "longitude")
    list_filter = ("kind", "is_frequent", "is_active")
    search_fields = ("name", "street")


class UnavailabilityInline(ReadOnlyInline):
    model = VehicleUnavailability


@admin.register(Vehicle)
class VehicleAdmin(ReadOnlyAdmin):
    list_display = ("name", "registration", "seats", "wheelchair_places", "provider", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("provider",)
    inlines = [UnavailabilityInline]


@admin.register(Driver)
class DriverAdmin(ReadOnlyAdmin):
    list_display = ("name", "phone", "user", "provider", "is_active")
    list_select_related = ("user", "provider")


@admin.register(Shift)
class ShiftAdmin(ReadOnlyAdmin):
    list_display = ("day", "vehicle", "driver", "starts_at", "ends_at")
    list_filter = ("day",)
    list_select_related = ("vehicle", "driver")
    date_hierarchy = "day"


class QuotaInline(ReadOnlyInline):
    model = TransportQuota


@admin.register(TransportRules)
class TransportRulesAdmin(ReadOnlyAdmin):
    list_display = ("service", "book_min_working_days", "book_cutoff", "offence_limit")
    list_select_related = ("service",)
    inlines = [QuotaInline]


class BookingTransitionInline(ReadOnlyInline):
    model = BookingTransition
    fields = ("at", "from_status", "to_status", "actor", "note")


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ("number", "day", "person", "window_start", "status", "vehicle")
    list_filter = ("status", "day")
    list_select_related = ("person", "vehicle")
    search_fields = ("number",)
    date_hierarchy = "day"
    raw_id_fields = ("person", "entitlement", "outbound", "series", "delivery_record")
    inlines = [BookingTransitionInline]


class SeriesExceptionInline(ReadOnlyInline):
    model = SeriesException


@admin.register(RideSeries)
class RideSeriesAdmin(ReadOnlyAdmin):
    list_display = ("person", "destination_label", "outbound_time", "starts_on", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("person",)
    raw_id_fields = ("person", "entitlement")
    inlines = [SeriesExceptionInline]


class DayPlanTransitionInline(ReadOnlyInline):
    model = DayPlanTransition
    fields = ("at", "action", "revision", "actor", "note")


@admin.register(DayPlan)
class DayPlanAdmin(ReadOnlyAdmin):
    list_display = ("day", "status", "revision", "cost_km", "published_at")
    list_filter = ("status",)
    inlines = [DayPlanTransitionInline]


@admin.register(PlanStop)
class PlanStopAdmin(ReadOnlyAdmin):
    list_display = ("plan", "vehicle", "position", "kind", "booking", "planned_at", "done_at")
    list_select_related = ("plan", "vehicle", "booking")
