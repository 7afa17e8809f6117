from django.urls import path, register_converter

from opencus.delivery import report_views, views


class MonthNumber:
    """Two digits of a month in ``2026-11``."""

    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:02d}"


register_converter(MonthNumber, "mm")

app_name = "delivery"

urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("<uuid:contract_uuid>/", views.contract_months, name="contract_months"),
    path("<uuid:contract_uuid>/<int:year>-<mm:month>/", views.statement, name="statement"),
    path(
        "<uuid:contract_uuid>/<int:year>-<mm:month>/pdf/",
        views.statement_pdf_download,
        name="statement_pdf",
    ),
    path(
        "<uuid:contract_uuid>/<int:year>-<mm:month>/xlsx/",
        views.statement_xlsx_download,
        name="statement_xlsx",
    ),
    path(
        "<uuid:contract_uuid>/<int:year>-<mm:month>/zatwierdzenie/",
        views.statement_approve,
        name="approve",
    ),
]
urlpatterns += [
    path("przeglad/", report_views.overview, name="report_overview"),
    path("przeglad/osoby/<int:person_id>/", report_views.person_entitlements, name="report_person"),
    path("opoznienia/", report_views.lagging, name="report_lagging"),
]

# The provider's pages (issue 4, item 5): my clients, today's deliveries, a month's import.
from opencus.delivery import provider_views  # noqa: E402

urlpatterns += [
    path("wykonawca/klienci/", provider_views.clients, name="provider_clients"),
    path(
        "wykonawca/klienci/<uuid:entitlement_uuid>/",
        provider_views.client_detail,
        name="provider_client",
    ),
    path(
        "wykonawca/wpisy/<uuid:record_uuid>/korekta/",
        provider_views.record_correct,
        name="provider_correct",
    ),
    path("wykonawca/dzisiaj/", provider_views.today, name="provider_today"),
    path("wykonawca/import/", provider_views.import_month, name="provider_import"),
    path("wykonawca/import/wzor.csv", provider_views.import_template, name="provider_template"),
]
