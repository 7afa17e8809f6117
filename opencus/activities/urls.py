from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from opencus.activities import daycare_views, voucher_views

app_name = "activities"

urlpatterns: list[URLPattern | URLResolver] = []

# --- Vouchers and the Senior+ day home and club (senior part) ---------------------------------
urlpatterns += [
    path("bony/", voucher_views.voucher_list, name="voucher_list"),
    path("bony/osoba/<int:pk>/", voucher_views.voucher_person, name="voucher_person"),
    path("bony/<uuid:uuid>/", voucher_views.voucher_detail, name="voucher_detail"),
    path("bony/<uuid:uuid>/bon.pdf", voucher_views.voucher_pdf_download, name="voucher_pdf"),
    path("bony/realizacja/", voucher_views.voucher_redeem_start, name="voucher_redeem_start"),
    path("bony/realizacja/<uuid:uuid>/", voucher_views.voucher_redeem, name="voucher_redeem"),
    path("senior/", daycare_views.facility_list, name="daycare_list"),
    path("senior/<uuid:uuid>/", daycare_views.facility_detail, name="daycare_detail"),
    path("senior/<uuid:uuid>/godziny/", daycare_views.facility_hours, name="daycare_hours"),
    path("senior/<uuid:uuid>/przyjecie/", daycare_views.member_admit, name="daycare_admit"),
    path("senior/uczestnik/<uuid:uuid>/koniec/", daycare_views.member_leave, name="daycare_leave"),
    path("senior/<uuid:uuid>/obecnosc/<str:day>/", daycare_views.register, name="daycare_register"),
    path(
        "senior/<uuid:uuid>/obecnosc/<str:day>/<uuid:member>/",
        daycare_views.attendance_mark,
        name="daycare_mark",
    ),
    path(
        "senior/<uuid:uuid>/raport/<int:year>/<int:month>/",
        daycare_views.report,
        name="daycare_report",
    ),
    path(
        "senior/<uuid:uuid>/raport/<int:year>/<int:month>/<str:fmt>/",
        daycare_views.report_export,
        name="daycare_report_export",
    ),
]
