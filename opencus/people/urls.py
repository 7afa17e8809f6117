from django.urls import path

from opencus.people import views

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("nowa/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edycja/", views.edit, name="edit"),
    path("<int:pk>/archiwizacja/", views.archive, name="archive"),
    path("<int:pk>/przywrocenie/", views.restore, name="restore"),
    path("<int:pk>/dane-szczegolne/", views.special_data, name="special_data"),
    path("<int:pk>/gospodarstwo/dodaj/", views.household_add, name="household_add"),
    path(
        "<int:pk>/gospodarstwo/<int:link_pk>/koniec/",
        views.household_leave,
        name="household_leave",
    ),
    path("<int:pk>/przedstawiciele/dodaj/", views.representative_add, name="representative_add"),
    path(
        "<int:pk>/przedstawiciele/<int:link_pk>/koniec/",
        views.representative_end,
        name="representative_end",
    ),
    path("<int:pk>/zgody/dodaj/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/zgody/<int:consent_pk>/wycofanie/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/orzeczenia/dodaj/", views.certificate_add, name="certificate_add"),
    path("<int:pk>/notatki-zdrowotne/dodaj/", views.health_note_add, name="health_note_add"),
    path(
        "<int:pk>/orzeczenia/<int:entry_pk>/blad/",
        views.special_entry_withdraw,
        {"kind": "certificate"},
        name="certificate_withdraw",
    ),
    path(
        "<int:pk>/notatki-zdrowotne/<int:entry_pk>/blad/",
        views.special_entry_withdraw,
        {"kind": "health_note"},
        name="health_note_withdraw",
    ),
]
