from django.urls import path

from opencus.intake import online_views, views

app_name = "intake"

urlpatterns = [
    path(
        "uprawnienia/<uuid:uuid>/wykonawca/",
        views.entitlement_provider,
        name="entitlement_provider",
    ),
    path(
        "uprawnienia/<uuid:uuid>/zawieszenie/",
        views.entitlement_suspend,
        name="entitlement_suspend",
    ),
    path(
        "uprawnienia/<uuid:uuid>/wznowienie/", views.entitlement_resume, name="entitlement_resume"
    ),
    path("uprawnienia/<uuid:uuid>/zakonczenie/", views.entitlement_end, name="entitlement_end"),
    path("przyjecie/", views.phone_intake, name="phone_intake"),
    path("osoby/<int:person_pk>/wnioski/", views.person_applications, name="person_applications"),
    path("osoby/<int:person_pk>/wnioski/nowy/", views.application_new, name="application_new"),
    path("wnioski/<uuid:uuid>/", views.application_detail, name="application_detail"),
    path("wnioski/<uuid:uuid>/rozpoznanie/", views.assessment_new, name="assessment_new"),
    path("wnioski/pozycje/<int:pk>/kwalifikacja/", views.item_qualify, name="item_qualify"),
    path("wnioski/pozycje/<int:pk>/odmowa/", views.item_refuse, name="item_refuse"),
    path("wnioski/pozycje/<int:pk>/wycofanie/", views.item_withdraw, name="item_withdraw"),
    path("kolejki/", views.queue_index, name="queue_index"),
    path("kolejki/<uuid:uuid>/", views.queue_detail, name="queue_detail"),
    path("kolejki/<uuid:uuid>/awans/", views.queue_promote, name="queue_promote"),
]

# The client office's check of online applications.
urlpatterns += [
    path("wnioski-internetowe/", online_views.online_list, name="online_list"),
    path("wnioski-internetowe/<uuid:uuid>/", online_views.online_detail, name="online_detail"),
    path(
        "wnioski-internetowe/<uuid:uuid>/odrzucenie/",
        online_views.online_reject,
        name="online_reject",
    ),
]

# The organisers' pages: enrolment rounds, places, notices to send, "my work".
from opencus.intake import organiser_views  # noqa: E402

urlpatterns += [
    path("kolejki/<uuid:uuid>/nabory/", organiser_views.enrolment_list, name="enrolment_list"),
    path("kolejki/<uuid:uuid>/nabory/nowy/", organiser_views.enrolment_new, name="enrolment_new"),
    path("nabory/<int:pk>/", organiser_views.enrolment_detail, name="enrolment_detail"),
    path(
        "nabory/<int:pk>/przydzial/",
        organiser_views.enrolment_allocate_confirm,
        name="enrolment_allocate",
    ),
    path("nabory/<int:pk>/sprawdzenie/", organiser_views.enrolment_check, name="enrolment_check"),
    path("kolejki/<uuid:uuid>/miejsca/", organiser_views.service_places, name="service_places"),
    path("zawiadomienia/", organiser_views.notice_list, name="notices"),
    path("zawiadomienia/<int:pk>/wyslane/", organiser_views.notice_sent, name="notice_sent"),
]
