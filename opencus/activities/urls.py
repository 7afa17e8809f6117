from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from opencus.activities import course_views, register_views

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
