"""The volunteer centre: volunteers, agreements, needs and matching, hours, certificates, and
the volunteer's own pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from opencus.volunteering import views

app_name = "volunteering"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.volunteer_list, name="volunteers"),
    path("nowy/", views.volunteer_create, name="volunteer_create"),
    path("<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("<int:pk>/dane/", views.volunteer_edit, name="volunteer_edit"),
    path("<int:pk>/weryfikacja/", views.volunteer_checks, name="volunteer_checks"),
    path("<int:pk>/porozumienie/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/ubezpieczenie/", views.policy_create, name="policy_create"),
    path("<int:pk>/szkolenie-bhp/", views.briefing_create, name="briefing_create"),
    path("<int:pk>/koszty-podrozy/", views.claim_create, name="claim_create"),
    path("<int:pk>/zrzeczenie/", views.waiver_create, name="waiver_create"),
    path("<int:pk>/oferta/", views.offer_create, name="offer_create"),
    path("porozumienia/<int:pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("porozumienia/<int:pk>/potwierdzenie/", views.agreement_confirm, name="agreement_confirm"),
    path("porozumienia/<int:pk>/zakoncz/", views.agreement_end, name="agreement_end"),
    path("potrzeby/", views.need_list, name="needs"),
    path("potrzeby/nowa/", views.need_create, name="need_create"),
    path("potrzeby/<int:pk>/", views.need_detail, name="need_detail"),
    path("potrzeby/<int:pk>/przydziel/<int:volunteer>/", views.need_assign, name="need_assign"),
    path("potrzeby/<int:pk>/zamknij/", views.need_close, name="need_close"),
    path("przydzialy/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("przydzialy/<int:pk>/rezygnacja/", views.assignment_withdraw, name="assignment_withdraw"),
    path("przydzialy/<int:pk>/zakonczony/", views.assignment_complete, name="assignment_complete"),
    path("przydzialy/<int:pk>/odwolaj/", views.assignment_cancel, name="assignment_cancel"),
    path("godziny/", views.hours_list, name="hours"),
    path("godziny/<int:pk>/potwierdz/", views.hours_confirm, name="hours_confirm"),
    path("godziny/<int:pk>/odrzuc/", views.hours_reject, name="hours_reject"),
    path("godziny/<int:pk>/korekta/", views.hours_correct, name="hours_correct"),
    path("zaswiadczenia/", views.document_list, name="documents"),
    path("zaswiadczenia/<int:pk>/wydaj/", views.document_issue, name="document_issue"),
    path("zaswiadczenia/<int:pk>/pdf/", views.document_pdf, name="document_pdf"),
    path("moje/", views.mine, name="mine"),
]
