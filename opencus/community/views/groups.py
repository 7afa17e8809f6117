"""The pages of local leaders, groups and residents' initiatives."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from opencus.community import selectors, services
from opencus.community.forms import GroupEndForm, GroupForm, InitiativeForm, LeaderForm
from opencus.community.models import Group
from opencus.community.views.common import community_or_404, form_page, record_required


@record_required
def leader_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/lider/: record a local leader."""
    community = community_or_404(request, uuid)
    form = LeaderForm(request.POST or None, initial={"found_on": selectors.today()})
    return form_page(
        request,
        form,
        title=_("Record a local leader"),
        caption=community.name,
        back=reverse("community:detail", args=[community.uuid]),
        save=lambda d: services.leader_add(community=community, acting_user=request.user, **d),
        success=_("The leader is recorded."),
        then=lambda x: reverse("community:detail", args=[community.uuid]) + "#liderzy",
    )


@record_required
def group_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/grupa/: record a group."""
    community = community_or_404(request, uuid)
    form = GroupForm(request.POST or None, initial={"started_on": selectors.today()})
    return form_page(
        request,
        form,
        title=_("Record a group"),
        caption=community.name,
        back=reverse("community:detail", args=[community.uuid]),
        save=lambda d: services.group_add(community=community, acting_user=request.user, **d),
        success=_("The group is recorded."),
        then=lambda x: reverse("community:detail", args=[community.uuid]) + "#grupy",
    )


@record_required
def group_end(request: HttpRequest, uuid: uuid.UUID, pk: int) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/grupa/<pk>/koniec/: record that a group ended."""
    community = community_or_404(request, uuid)
    group = get_object_or_404(Group, pk=pk, community=community)
    form = GroupEndForm(request.POST or None, initial={"ended_on": selectors.today()})
    return form_page(
        request,
        form,
        title=_("The group has ended"),
        caption=group.name,
        back=reverse("community:detail", args=[community.uuid]) + "#grupy",
        save=lambda d: services.group_end(group=group, acting_user=request.user, **d),
        success=_("The group's end is recorded."),
        then=lambda x: reverse("community:detail", args=[community.uuid]) + "#grupy",
    )


@record_required
def initiative_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/inicjatywa/: record a residents' initiative."""
    community = community_or_404(request, uuid)
    form = InitiativeForm(request.POST or None, initial={"started_on": selectors.today()})
    return form_page(
        request,
        form,
        title=_("Record a residents' initiative"),
        caption=community.name,
        back=reverse("community:detail", args=[community.uuid]),
        save=lambda d: services.initiative_add(community=community, acting_user=request.user, **d),
        success=_("The initiative is recorded."),
        then=lambda x: reverse("community:detail", args=[community.uuid]) + "#inicjatywy",
    )
