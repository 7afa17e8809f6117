"""The senior taxi's staff pages, mounted at /transport/. Each part's page module lists its own
``urlpatterns``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from opencus.transport import dispatch_views

app_name = "transport"

urlpatterns: list[URLPattern | URLResolver] = [
    # The dispatcher's day page and the client office's call list (dispatch).
    *dispatch_views.urlpatterns,
]
