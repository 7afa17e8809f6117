"""Community organising: communities, OSL plans, events, evaluation, consultations, councils."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from opencus.community import views

app_name = "community"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.community_list, name="list"),
    path("nowa/", views.community_create, name="create"),
    path("<uuid:uuid>/", views.community_detail, name="detail"),
    path("<uuid:uuid>/profil/", views.community_edit, name="edit"),
    path("<uuid:uuid>/ulica/", views.street_add, name="street_add"),
    path("<uuid:uuid>/zasob/", views.resource_add, name="resource_add"),
    path("<uuid:uuid>/zespol/", views.team_add, name="team_add"),
    path("<uuid:uuid>/zespol/<int:pk>/koniec/", views.team_end, name="team_end"),
    path("<uuid:uuid>/plan/<int:year>/", views.plan_detail, name="plan"),
    path("<uuid:uuid>/plan/<int:year>/edytuj/", views.plan_edit, name="plan_edit"),
    path("<uuid:uuid>/wydarzenie/", views.event_create, name="event_create"),
    path("<uuid:uuid>/lider/", views.leader_add, name="leader_add"),
    path("<uuid:uuid>/grupa/", views.group_add, name="group_add"),
    path("<uuid:uuid>/grupa/<int:pk>/koniec/", views.group_end, name="group_end"),
    path("<uuid:uuid>/inicjatywa/", views.initiative_add, name="initiative_add"),
    path("<uuid:uuid>/ewaluacja/<int:year>/", views.evaluation, name="evaluation"),
    path(
        "<uuid:uuid>/ewaluacja/<int:year>/xlsx/",
        views.evaluation_export,
        name="evaluation_export",
    ),
    path("<uuid:uuid>/ankieta/", views.survey_create, name="survey_create"),
    path("ankiety/<uuid:uuid>/", views.survey_detail, name="survey"),
    path("wydarzenia/<uuid:uuid>/", views.event_detail, name="event"),
    path("wydarzenia/<uuid:uuid>/przebieg/", views.event_record, name="event_record"),
    path("wydarzenia/<uuid:uuid>/uczestnik/", views.event_participant_add, name="participant_add"),
    path("wydarzenia/<uuid:uuid>/zdjecie/", views.event_photo_add, name="photo_add"),
    path("zdjecia/<uuid:uuid>/", views.event_photo, name="photo"),
    path("wydarzenia/<uuid:uuid>/odwolaj/", views.event_cancel, name="event_cancel"),
    path("konsultacje/", views.consultation_list, name="consultations"),
    path("konsultacje/nowa/", views.consultation_create, name="consultation_create"),
    path("konsultacje/<uuid:uuid>/", views.consultation_detail, name="consultation"),
    path(
        "konsultacje/<uuid:uuid>/uczestnicy/",
        views.consultation_participant_add,
        name="consultation_participant_add",
    ),
    path("konsultacje/<uuid:uuid>/glos/", views.consultation_entry_add, name="entry_add"),
    path("rady/<uuid:uuid>/", views.council_detail, name="council"),
    path("rady/<uuid:uuid>/kadencja/", views.council_term_add, name="council_term_add"),
    path(
        "rady/<uuid:uuid>/kadencja/<int:pk>/czlonek/",
        views.council_member_add,
        name="council_member_add",
    ),
    path("rady/<uuid:uuid>/opinia/", views.council_opinion_add, name="council_opinion_add"),
]
