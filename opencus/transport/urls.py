"""The senior taxi's pages, mounted at /transport/ (``opencus/urls.py``). Each part of the
transport app keeps its patterns in its own block."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from opencus.transport import booking_views

app_name = "transport"

urlpatterns: list[URLPattern | URLResolver] = []

# --- Booking by the client office (booking part) ---------------------------------------------
urlpatterns += booking_views.urlpatterns
