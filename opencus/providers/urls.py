from django.urls import path

from opencus.providers import views

app_name = "providers"

urlpatterns = [
    path("", views.provider_list, name="list"),
    path("nowy/", views.provider_create, name="create"),
    path("<uuid:provider_uuid>/", views.provider_detail, name="detail"),
    path("<uuid:provider_uuid>/edycja/", views.provider_edit, name="edit"),
    path("<uuid:provider_uuid>/archiwizacja/", views.provider_archive, name="archive"),
    path("<uuid:provider_uuid>/pracownicy/dodaj/", views.staff_attach, name="staff_attach"),
    path("pracownicy/<int:pk>/zakonczenie/", views.staff_end, name="staff_end"),
    path("<uuid:provider_uuid>/umowy/nowa/", views.contract_create, name="contract_create"),
    path("umowy/<uuid:contract_uuid>/", views.contract_detail, name="contract_detail"),
    path("umowy/<uuid:contract_uuid>/edycja/", views.contract_edit, name="contract_edit"),
    path("umowy/<uuid:contract_uuid>/pozycje/dodaj/", views.line_add, name="line_add"),
    path("pozycje/<int:pk>/zakonczenie/", views.line_end, name="line_end"),
]
