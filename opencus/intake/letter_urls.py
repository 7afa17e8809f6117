from django.urls import path

from opencus.intake import letter_views

app_name = "intake_letters"

urlpatterns = [
    path("<uuid:uuid>/pismo/<slug:kind>/", letter_views.letter_download, name="letter"),
]
