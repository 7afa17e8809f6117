from django.urls import path

from opencus.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.public_service_list, name="public_service_list"),
    path("pracownicy/programy/", views.programme_list, name="programme_list"),
]
