"""The residents' pages of applications: apply online (no login), the confirmation, and the
status of an application by its reference number and the person's PESEL or document number.

Thin: parse the request, call one service or selector, render. Nothing that identifies a person
goes into a URL; the confirmation is shown only to the session that filed the application.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from opencus.core.forms import form_add_domain_error
from opencus.core.middleware import client_ip
from opencus.portal import selectors, services
from opencus.portal.errors import Throttled
from opencus.portal.forms import OnlineApplicationForm, StatusForm

#: The session remembers the applications it filed (newest last), for the confirmation page.
SESSION_FILED = "portal_filed_applications"
SESSION_FILED_KEEP = 10


def _throttled(request: HttpRequest, until: dt.datetime, *, kind: str) -> HttpResponse:
    response = render(
        request,
        "portal/throttled.html",
        {"until": until, "kind": kind},
        status=429,
    )
    seconds = max(math.ceil((until - timezone.now()).total_seconds()), 1)
    response["Retry-After"] = str(seconds)
    return response


def _preselected(request: HttpRequest, form: OnlineApplicationForm) -> list[int]:
    """The service named by ``?usluga=<uuid>`` (from a service card), if it takes applications."""
    try:
        service_uuid = uuid.UUID(request.GET.get("usluga", ""))
    except ValueError:
        return []
    return list(form.offered().filter(uuid=service_uuid).values_list("pk", flat=True)[:1])


@never_cache
def apply(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = OnlineApplicationForm(request.POST)
    else:
        form = OnlineApplicationForm()
        form.initial["services"] = _preselected(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            online = services.online_application_file(
                client_ip=client_ip(request),
                person_fields=form.person_fields(language=request.LANGUAGE_CODE),
                services=list(form.cleaned_data["services"]),
                consents=form.consents(),
            )
        except Throttled as throttled:
            return _throttled(request, throttled.until, kind="apply")
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            filed = [*request.session.get(SESSION_FILED, []), str(online.uuid)]
            request.session[SESSION_FILED] = filed[-SESSION_FILED_KEEP:]
            return redirect("portal:applied", uuid=online.uuid)
    return render(
        request,
        "portal/apply.html",
        {"form": form, "has_services": form.offered().exists()},
        status=400 if form.errors else 200,
    )


@never_cache
def applied(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    if str(uuid) not in request.session.get(SESSION_FILED, []):
        raise Http404
    online = selectors.filed_application(uuid=uuid)
    if online is None:
        raise Http404
    return render(request, "portal/applied.html", {"online": online})


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        try:
            found = services.status_lookup(
                client_ip=client_ip(request),
                reference=form.cleaned_data["reference"],
                identifier=form.cleaned_data["identifier"],
            )
        except Throttled as throttled:
            return _throttled(request, throttled.until, kind="status")
        if found is None:
            form.add_error(None, services.status_not_found())
    return render(
        request,
        "portal/status.html",
        {"form": form, "found": found},
        status=400 if form.errors else 200,
    )
