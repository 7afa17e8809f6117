"""Home-visit requests, the staff who make them and the weekly rounds."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from opencus.visits import views

app_name = "visits"

urlpatterns: list[URLPattern | URLResolver] = [
    path("zlecenia/", views.request_list, name="requests"),
    path("osoba/<int:pk>/zlecenie/", views.request_create, name="request_create"),
    path("zlecenia/<uuid:uuid>/", views.request_detail, name="request_detail"),
    path("zlecenia/<uuid:uuid>/anuluj/", views.request_cancel, name="request_cancel"),
    path("pracownicy/", views.worker_list, name="workers"),
    path("pracownicy/nowy/", views.worker_create, name="worker_create"),
    path("pracownicy/<int:pk>/", views.worker_edit, name="worker_edit"),
    path("pracownicy/<int:pk>/kalendarz/", views.worker_feed_issue, name="worker_feed_issue"),
    path(
        "pracownicy/<int:pk>/kalendarz/<int:feed>/wylacz/",
        views.worker_feed_revoke,
        name="worker_feed_revoke",
    ),
    path("tygodnie/", views.week_list, name="weeks"),
    path("tygodnie/<str:day>/", views.week, name="week"),
    path("tygodnie/<str:day>/oblicz/", views.week_compute, name="week_compute"),
    path("tygodnie/<str:day>/publikuj/", views.week_publish, name="week_publish"),
    path(
        "tygodnie/<str:day>/zlecenie/<uuid:uuid>/umiesc/",
        views.visit_place,
        name="visit_place",
    ),
    path("wizyta/<uuid:uuid>/przenies/", views.visit_move, name="visit_move"),
    path("wizyta/<uuid:uuid>/przypnij/", views.visit_pin, name="visit_pin"),
    path("wizyta/<uuid:uuid>/wyjmij/", views.visit_take_out, name="visit_take_out"),
    path("wizyta/<uuid:uuid>/rejestr/", views.ledger_retry, name="ledger_retry"),
    path("moj-dzien/", views.my_day, name="my_day"),
    path("moj-dzien/kalendarz/", views.my_feed_issue, name="my_feed_issue"),
    path("moj-dzien/kalendarz/<int:feed>/wylacz/", views.my_feed_revoke, name="my_feed_revoke"),
    path("wizyta/<uuid:uuid>/wykonana/", views.visit_done, name="visit_done"),
    path("wizyta/<uuid:uuid>/niewykonana/", views.visit_not_done, name="visit_not_done"),
]
