from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "opencus.api"
    label = "api"
