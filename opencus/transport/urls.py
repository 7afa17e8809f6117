"""The senior taxi's staff pages, mounted at /transport/. Each part's page module lists its own
``urlpatterns``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from opencus.transport import series_views

app_name = "transport"

urlpatterns: list[URLPattern | URLResolver] = [
    # Recurring rides and the organiser's rules (series).
    *series_views.urlpatterns,
]
