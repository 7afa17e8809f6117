"""The pages of the yearly OSL plans and their versions."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from opencus.community import selectors, services
from opencus.community.capabilities import COMMUNITY_MANAGE
from opencus.community.forms import PlanForm
from opencus.community.models import OSLPlan
from opencus.community.views.common import (
    can,
    community_or_404,
    form_page,
    manage_required,
    view_required,
    year_or_404,
)


@view_required
def plan_detail(request: HttpRequest, uuid: uuid.UUID, year: int) -> HttpResponse:
    """GET …/spolecznosci/<uuid>/plan/<year>/ (``?wersja=N``: an earlier version)."""
    community = community_or_404(request, uuid)
    plan = OSLPlan.objects.filter(community=community, year=year_or_404(year)).first()
    versions = list(plan.versions.select_related("actor").order_by("-number")) if plan else []
    shown = versions[0] if versions else None
    wanted = request.GET.get("wersja", "")
    if wanted.isdigit():
        shown = next((v for v in versions if v.number == int(wanted)), None)
        if shown is None:
            raise Http404
    targets = shown.targets if shown else {}
    return render(
        request,
        "community/plan_detail.html",
        {
            "community": community,
            "year": year,
            "plan": plan,
            "versions": versions,
            "shown": shown,
            "latest": bool(versions) and shown == versions[0],
            "targets": [(label, targets.get(key)) for key, label in selectors.INDICATORS],
            "can_manage": can(request, COMMUNITY_MANAGE),
        },
    )


@manage_required
def plan_edit(request: HttpRequest, uuid: uuid.UUID, year: int) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/plan/<year>/edytuj/: save a new version of the plan."""
    community = community_or_404(request, uuid)
    plan = OSLPlan.objects.filter(community=community, year=year_or_404(year)).first()
    current = selectors.plan_current(plan) if plan else None
    form = PlanForm(request.POST or None, initial=PlanForm.initial_of(current))
    return form_page(
        request,
        form,
        title=_("OSL plan %(year)s") % {"year": year},
        caption=community.name,
        back=reverse("community:plan", args=[community.uuid, year]),
        save=lambda d: services.plan_save(
            community=community,
            year=year,
            content=services.PlanContent(
                diagnosis=d["diagnosis"],
                goals=d["goals"],
                actions=d["actions"],
                partners=d.get("partners", ""),
                targets=form.targets(),
                budget=d["budget"],
            ),
            note=d.get("note", ""),
            expected_version=d.get("version"),
            acting_user=request.user,
        ),
        success=_("The plan is saved as a new version."),
        then=lambda v: reverse("community:plan", args=[community.uuid, year]),
        submit=_("Save as a new version"),
        intro=_("Each save keeps the earlier version readable."),
    )
