from django.urls import path

from opencus.core import letter_views

app_name = "letters"

urlpatterns = [
    path("", letter_views.template_list, name="template_list"),
    path("<int:pk>/", letter_views.template_edit, name="template_edit"),
]
