from django.urls import path

from opencus.intake import views

app_name = "intake"

urlpatterns = [
    path("osoby/<int:person_pk>/wnioski/", views.person_applications, name="person_applications"),
    path("osoby/<int:person_pk>/wnioski/nowy/", views.application_new, name="application_new"),
    path("wnioski/<uuid:uuid>/", views.application_detail, name="application_detail"),
    path("wnioski/pozycje/<int:pk>/kwalifikacja/", views.item_qualify, name="item_qualify"),
    path("wnioski/pozycje/<int:pk>/odmowa/", views.item_refuse, name="item_refuse"),
    path("wnioski/pozycje/<int:pk>/wycofanie/", views.item_withdraw, name="item_withdraw"),
    path("kolejki/", views.queue_index, name="queue_index"),
    path("kolejki/<uuid:uuid>/", views.queue_detail, name="queue_detail"),
    path("kolejki/<uuid:uuid>/awans/", views.queue_promote, name="queue_promote"),
]
