"""The staff pages of individual plans, under /pracownicy/plany/. Each page module lists its
own ``urlpatterns``: the plan and its versions (``views``), reviews, the summary, the versions
compared and the approval authorisations (``monitoring_views``), the printed plan
(``document_views``)."""

from __future__ import annotations

from opencus.plans import document_views, monitoring_views, views

app_name = "plans"

urlpatterns = [*views.urlpatterns, *monitoring_views.urlpatterns, *document_views.urlpatterns]
