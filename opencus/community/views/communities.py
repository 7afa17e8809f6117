"""The pages of the communities: the list, the profile with its streets and map, the
resource map and the OSL team."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.community import selectors, services
from opencus.community.capabilities import COMMUNITY_MANAGE, COMMUNITY_RECORD
from opencus.community.forms import CommunityForm, ResourceForm, StreetForm, TeamForm
from opencus.community.models import Community, CommunityKind, TeamAssignment
from opencus.community.views.common import (
    can,
    community_or_404,
    form_page,
    manage_required,
    view_required,
)
from opencus.core.errors import DomainError

#: The months after which a group's survival is shown.
ALIVE_AFTER = (6, 12)


@view_required
def community_list(request: HttpRequest) -> HttpResponse:
    """GET …/spolecznosci/: the communities, the consultations and the councils."""
    communities = Community.objects.visible_to(request.user).prefetch_related("streets")
    return render(
        request,
        "community/community_list.html",
        {
            "communities": communities,
            "can_manage": can(request, COMMUNITY_MANAGE),
            "upcoming": list(selectors.upcoming_events(request.user)[:20]),
            "can_record": can(request, COMMUNITY_RECORD),
        },
    )


@manage_required
def community_create(request: HttpRequest) -> HttpResponse:
    """GET/POST …/spolecznosci/nowa/: add a community."""
    form = CommunityForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("Add a community"),
        back=reverse("community:list"),
        save=lambda d: services.community_save(
            data=services.CommunityData(**d), acting_user=request.user
        ),
        success=_("The community is added."),
        then=lambda c: reverse("community:detail", args=[c.uuid]),
    )


@manage_required
def community_edit(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/profil/: change the community's profile."""
    community = community_or_404(request, uuid)
    initial = {
        key: getattr(community, key)
        for key in ("name", "kind", "description", "who_belongs", "population", "population_note")
    }
    form = CommunityForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        title=_("Change the profile"),
        caption=community.name,
        back=reverse("community:detail", args=[community.uuid]),
        save=lambda d: services.community_save(
            data=services.CommunityData(**d), community=community, acting_user=request.user
        ),
        success=_("The profile is saved."),
        then=lambda c: reverse("community:detail", args=[c.uuid]),
    )


def _map_data(community: Community, streets: list[Any]) -> dict[str, Any]:
    return {
        "tiles": settings.OPENCUS_MAP_TILES_URL,
        "attribution": settings.OPENCUS_MAP_ATTRIBUTION,
        "points": [
            {"at": [float(s.latitude), float(s.longitude)], "label": str(s)}
            for s in streets
            if s.latitude is not None and s.longitude is not None
        ],
    }


@view_required
def community_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET …/spolecznosci/<uuid>/: the profile, streets (list and map), resources, team,
    leaders, groups, initiatives, events and plans."""
    community = community_or_404(request, uuid)
    streets = list(community.streets.all())
    groups = list(community.groups.all())
    meetings = selectors.group_meetings(groups)
    group_rows = [
        {
            "group": group,
            "last": max(meetings[group.pk], default=None),
            "alive_now": selectors.group_alive_on(group, selectors.today(), meetings[group.pk]),
            "after": [
                (months, selectors.group_alive_after(group, months, meetings[group.pk]))
                for months in ALIVE_AFTER
            ],
        }
        for group in groups
    ]
    now = selectors.today()
    team = community.team.select_related("user").filter(ends_on__isnull=True)
    return render(
        request,
        "community/community_detail.html",
        {
            "community": community,
            "territorial": community.kind == CommunityKind.TERRITORIAL,
            "streets": streets,
            "map_data": _map_data(community, streets),
            "has_points": any(s.latitude is not None for s in streets),
            "resources": community.resources.all(),
            "team": team,
            "leaders": community.leaders.select_related("person"),
            "groups": group_rows,
            "alive_after": ALIVE_AFTER,
            "initiatives": community.initiatives.all()[:50],
            "events": list(selectors.community_events(community)[:30]),
            "plans": community.plans.order_by("-year"),
            "surveys": community.surveys.all(),
            "year": now.year,
            "can_manage": can(request, COMMUNITY_MANAGE),
            "can_record": can(request, COMMUNITY_RECORD),
        },
    )


@manage_required
def street_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/ulica/: add a street by its TERYT code."""
    community = community_or_404(request, uuid)
    form = StreetForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("Add a street"),
        caption=community.name,
        back=reverse("community:detail", args=[community.uuid]),
        save=lambda d: services.street_add(community=community, acting_user=request.user, **d),
        success=_("The street is added."),
        then=lambda s: reverse("community:detail", args=[community.uuid]) + "#ulice",
    )


@manage_required
def resource_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/zasob/: add to the resource map."""
    community = community_or_404(request, uuid)
    form = ResourceForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("Add to the resource map"),
        caption=community.name,
        back=reverse("community:detail", args=[community.uuid]),
        save=lambda d: services.resource_add(community=community, acting_user=request.user, **d),
        success=_("The resource is added."),
        then=lambda r: reverse("community:detail", args=[community.uuid]) + "#zasoby",
    )


@manage_required
def team_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/zespol/: assign a team member with their function."""
    community = community_or_404(request, uuid)
    form = TeamForm(request.POST or None, initial={"starts_on": selectors.today()})
    return form_page(
        request,
        form,
        title=_("Assign a team member"),
        caption=community.name,
        back=reverse("community:detail", args=[community.uuid]),
        save=lambda d: services.team_assign(community=community, acting_user=request.user, **d),
        success=_("The team member is assigned."),
        then=lambda a: reverse("community:detail", args=[community.uuid]) + "#zespol",
    )


@require_POST
@manage_required
def team_end(request: HttpRequest, uuid: uuid.UUID, pk: int) -> HttpResponse:
    """POST …/spolecznosci/<uuid>/zespol/<pk>/koniec/: end an assignment today."""
    community = community_or_404(request, uuid)
    assignment = get_object_or_404(TeamAssignment, pk=pk, community=community)
    try:
        services.team_end(
            assignment=assignment, ends_on=selectors.today(), acting_user=request.user
        )
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("The assignment has ended."))
    return redirect(reverse("community:detail", args=[community.uuid]) + "#zespol")
