from django.urls import path

from opencus.people import views

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("nowa/", views.create, name="create"),
]
