from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from opencus.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("opencus.catalog.urls")),
    path("", include("opencus.portal.urls")),
    path("", include("opencus.core.urls")),
    path("pracownicy/osoby/", include("opencus.people.urls")),
    path("pracownicy/wykonawcy/", include("opencus.providers.urls")),
    path("pracownicy/rozliczenia/", include("opencus.delivery.urls")),
    path("pracownicy/plany/", include("opencus.plans.urls")),
    path("transport/", include("opencus.transport.urls")),
    path("zajecia/", include("opencus.activities.urls")),
    path("wizyty/", include("opencus.visits.urls")),
    path("pracownicy/spolecznosci/", include("opencus.community.urls")),
    path("wolontariat/", include("opencus.volunteering.urls")),
    path("pracownicy/", include("opencus.intake.urls")),
    path("pracownicy/pisma/", include("opencus.core.letter_urls")),
    path("pracownicy/wnioski/", include("opencus.intake.letter_urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:  # pragma: no cover - development only
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

handler403 = "opencus.core.views.error_403"
handler404 = "opencus.core.views.error_404"
handler500 = "opencus.core.views.error_500"
