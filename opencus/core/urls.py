from django.urls import path

from opencus.core import views

app_name = "core"

urlpatterns = [
    path("pracownicy/", views.dashboard, name="dashboard"),
    path("pracownicy/moja-praca/", views.my_work, name="my_work"),
    path("pracownicy/szukaj/", views.search, name="search"),
    path("logowanie/", views.login_view, name="login"),
    path("wyloguj/", views.logout_view, name="logout"),
    path("logowanie/kod/", views.otp_verify, name="otp_verify"),
    path("konto/", views.account, name="account"),
    path("konto/dwuetapowe/", views.otp_setup, name="otp_setup"),
    path("dziennik/", views.audit_log, name="audit_log"),
    path("deklaracja-dostepnosci/", views.accessibility, name="accessibility"),
    path("ochrona-danych/", views.privacy, name="privacy"),
    path("kalendarz/<str:secret>.ics", views.calendar_feed, name="calendar_feed"),
]
