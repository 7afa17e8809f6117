"""The centre's views of delivery: a month's overview, a person's entitlements with their
usage, and the lines whose delivery lags. For the centre's staff with ``provider.view`` only:
a provider's own staff are refused (403) even with a current link. Thin: parse, call a
selector of ``reports``, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from opencus.core.access import access_required
from opencus.core.roles import has_capability
from opencus.delivery import reports
from opencus.delivery.forms import MonthForm
from opencus.delivery.models import month_start, next_month
from opencus.providers.capabilities import PROVIDER_VIEW

View = Callable[..., HttpResponse]


#: Anonymous → the login page; without ``provider.view`` → 403.
centre_reports = access_required(lambda user: has_capability(user, PROVIDER_VIEW))


@centre_reports
def overview(request: HttpRequest) -> HttpResponse:
    today = month_start(timezone.localdate())
    form = MonthForm({"month": request.GET.get("month") or f"{today:%Y-%m}"})
    if not form.is_valid():
        return render(request, "delivery/reports/overview.html", {"form": form}, status=400)
    month: dt.date = form.cleaned_data["month"]
    previous = month_start(month - dt.timedelta(days=1))
    return render(
        request,
        "delivery/reports/overview.html",
        {
            "form": form,
            "overview": reports.month_overview(month=month),
            "previous": previous,
            "next": next_month(month),
        },
    )


@centre_reports
def person_entitlements(request: HttpRequest, person_id: int) -> HttpResponse:
    today = timezone.localdate()
    person, entitlements = reports.person_entitlements(
        user=request.user, person_id=person_id, today=today
    )
    return render(
        request,
        "delivery/reports/person.html",
        {"person": person, "entitlements": entitlements, "today": today},
    )


@centre_reports
def lagging(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "delivery/reports/lagging.html",
        {
            "lines": reports.lagging_lines(),
            "threshold": reports.LAG_THRESHOLD_POINTS,
            "today": timezone.localdate(),
        },
    )
