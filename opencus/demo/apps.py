from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo centre (Starachowice) built by ``manage.py seed_demo``; no models."""

    name = "opencus.demo"
    label = "demo"
