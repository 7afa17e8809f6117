from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "opencus.portal"
    label = "portal"
    verbose_name = "Portal"
