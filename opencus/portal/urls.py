from django.urls import path

from opencus.portal import views

app_name = "portal"

urlpatterns = [
    path("wniosek/", views.apply, name="apply"),
    path("wniosek/wyslany/<uuid:uuid>/", views.applied, name="applied"),
    path("status-wniosku/", views.status, name="status"),
]
