from django.urls import path

from opencus.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.public_service_list, name="public_service_list"),
    path("uslugi/<uuid:service_uuid>/", views.service_card, name="service_card"),
    path("pracownicy/programy/", views.programme_list, name="programme_list"),
    path(
        "pracownicy/programy/<uuid:programme_uuid>/",
        views.programme_detail,
        name="programme_detail",
    ),
    path(
        "pracownicy/programy/<uuid:programme_uuid>/tresci/",
        views.programme_texts,
        name="programme_texts",
    ),
    path(
        "pracownicy/miejsca/<uuid:location_uuid>/tresci/",
        views.location_texts,
        name="location_texts",
    ),
    path(
        "pracownicy/uslugi/<uuid:service_uuid>/",
        views.staff_service_detail,
        name="staff_service_detail",
    ),
    path(
        "pracownicy/uslugi/<uuid:service_uuid>/edycja/",
        views.service_edit,
        name="service_edit",
    ),
]
