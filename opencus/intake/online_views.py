"""The client office's pages of online applications: the list of those waiting, and one
application with the people in the registry it may belong to, to accept (for a confirmed
person, with the consents confirmed) or reject. Thin: each action is one ``intake.online``
service."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from opencus.core.access import capability_required
from opencus.core.forms import form_add_domain_error
from opencus.intake import online
from opencus.intake.capabilities import APPLICATION_FILE
from opencus.intake.models import OnlineApplication, OnlineState
from opencus.intake.online_forms import OnlineAcceptForm, OnlineRejectForm

#: How many decided online applications the list shows below the waiting ones.
RECENTLY_DECIDED = 20


def _online(request: HttpRequest, uuid: uuid.UUID) -> OnlineApplication:
    return get_object_or_404(
        OnlineApplication.objects.visible_to(request.user).select_related(
            "person", "application", "decided_by"
        ),
        uuid=uuid,
    )


@capability_required(APPLICATION_FILE)
def online_list(request: HttpRequest) -> HttpResponse:
    visible = OnlineApplication.objects.visible_to(request.user).prefetch_related("services")
    return render(
        request,
        "intake/online_list.html",
        {
            "waiting": visible.filter(state=OnlineState.RECEIVED).order_by("received_at", "id"),
            "decided": visible.exclude(state=OnlineState.RECEIVED)
            .select_related("application", "decided_by")
            .order_by("-decided_at", "-id")[:RECENTLY_DECIDED],
        },
    )


@capability_required(APPLICATION_FILE)
def online_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    application = _online(request, uuid)
    matches = online.online_application_matches(online_application=application, user=request.user)
    form = None
    if application.state == OnlineState.RECEIVED:
        form = OnlineAcceptForm(request.POST or None, online=application, matches=matches)
        if request.method == "POST" and form.is_valid():
            try:
                filed = online.online_application_accept(
                    online_application=application,
                    acting_user=request.user,
                    person=form.chosen_person(),
                    services=list(form.cleaned_data["services"]),
                    consents=form.cleaned_data.get("consents") or [],
                )
            except ValidationError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("The application %(reference)s has been filed.")
                    % {"reference": filed.reference},
                )
                return redirect("intake:application_detail", uuid=filed.uuid)
    return render(
        request,
        "intake/online_detail.html",
        {"online": application, "matches": matches, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@capability_required(APPLICATION_FILE)
def online_reject(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    application = _online(request, uuid)
    form = OnlineRejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            online.online_application_reject(
                online_application=application,
                acting_user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The online application has not been accepted."))
            return redirect("intake:online_list")
    return render(
        request,
        "intake/online_reject.html",
        {"online": application, "form": form},
        status=400 if form.errors else 200,
    )
