"""The senior taxi's pages, mounted at /transport/ (``opencus/urls.py``). Each part of the
transport app keeps its patterns in its own block."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from opencus.transport import fleet_views, manifest_views

app_name = "transport"

urlpatterns: list[URLPattern | URLResolver] = []

# --- The driver's manifest and the fleet (manifest part) -------------------------------------
urlpatterns += [
    path("kierowca/", manifest_views.drive, name="drive"),
    path("manifest/<uuid:uuid>/<str:day>/", manifest_views.manifest, name="manifest"),
    path(
        "manifest/<uuid:uuid>/<str:day>/manifest.pdf",
        manifest_views.manifest_pdf_download,
        name="manifest_pdf",
    ),
    path("przystanek/<int:pk>/<str:what>/", manifest_views.stop_mark, name="stop_mark"),
    path(
        "przejazdy/<uuid:uuid>/powrot/<str:decision>/",
        manifest_views.return_decide,
        name="return_decide",
    ),
    path("przejazdy/<uuid:uuid>/rejestr/", manifest_views.ledger_retry, name="ledger_retry"),
    path("flota/pojazdy/", fleet_views.vehicle_list, name="vehicles"),
    path("flota/pojazdy/nowy/", fleet_views.vehicle_edit, name="vehicle_add"),
    path("flota/pojazdy/<uuid:uuid>/", fleet_views.vehicle_edit, name="vehicle_edit"),
    path(
        "flota/pojazdy/<uuid:uuid>/przerwa/",
        fleet_views.unavailability_add,
        name="vehicle_unavailable",
    ),
    path("flota/kierowcy/", fleet_views.driver_list, name="drivers"),
    path("flota/kierowcy/nowy/", fleet_views.driver_edit, name="driver_add"),
    path("flota/kierowcy/<int:pk>/", fleet_views.driver_edit, name="driver_edit"),
    path("flota/zmiany/", fleet_views.shift_week, name="shifts"),
    path("flota/zmiany/nowa/", fleet_views.shift_edit, name="shift_add"),
    path("flota/zmiany/<int:pk>/", fleet_views.shift_edit, name="shift_edit"),
    path("flota/zmiany/<int:pk>/usun/", fleet_views.shift_remove, name="shift_remove"),
]
