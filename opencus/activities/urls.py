from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from opencus.activities import course_views, daycare_views, register_views, voucher_views

app_name = "activities"

urlpatterns: list[URLPattern | URLResolver] = []

# --- Courses, sessions, enrolment and the register (courses) ---------------------------------
urlpatterns += [
    path("kursy/", course_views.course_list, name="course_list"),
    path("kursy/nowy/", course_views.course_create, name="course_create"),
    path("kursy/<uuid:uuid>/", course_views.course_detail, name="course_detail"),
    path("kursy/<uuid:uuid>/zapisz/", course_views.enrol, name="course_enrol"),
    path(
        "kursy/<uuid:uuid>/zapisy/<uuid:enrolment>/wypisz/",
        course_views.withdraw,
        name="course_withdraw",
    ),
    path(
        "kursy/<uuid:uuid>/zapisy/<uuid:enrolment>/oswiadczenie/",
        course_views.declaration,
        name="course_declaration",
    ),
    path("kursy/<uuid:uuid>/odrabianie/", course_views.makeup_add, name="session_makeup"),
    path(
        "kursy/<uuid:uuid>/kalendarz/<str:word>/",
        course_views.feed_issue,
        name="course_feed_issue",
    ),
    path(
        "kursy/<uuid:uuid>/kalendarz/<int:feed>/wstrzymaj/",
        course_views.feed_revoke,
        name="course_feed_revoke",
    ),
    path("zajecia/<int:pk>/odwolaj/", course_views.session_cancel, name="session_cancel"),
    path("zajecia/<int:pk>/przenies/", course_views.session_move, name="session_move"),
    path(
        "zajecia/<int:pk>/<int:enrolment>/usprawiedliw/",
        register_views.excuse,
        name="attendance_cancel",
    ),
    path("osoba/<int:pk>/", course_views.person_courses, name="person_courses"),
    path("dziennik/", register_views.today, name="register_today"),
    path("dziennik/kalendarz/", register_views.own_feed_issue, name="register_feed_issue"),
    path(
        "dziennik/kalendarz/wstrzymaj/",
        register_views.own_feed_revoke,
        name="register_feed_revoke",
    ),
    path("dziennik/<int:pk>/", register_views.register, name="register"),
    path(
        "dziennik/<int:pk>/<int:enrolment>/<str:status>/",
        register_views.mark,
        name="register_mark",
    ),
    path("dziennik/<int:pk>/frekwencja/", register_views.headcount, name="register_headcount"),
    path(
        "dziennik/<int:pk>/lista-obecnosci.pdf",
        register_views.attendance_list_pdf,
        name="register_pdf",
    ),
]

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
