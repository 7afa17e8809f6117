"""Needs for volunteers and matching: the list, asking for help, a need with its
suggestions, placing a volunteer, closing a need."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.core.errors import DomainError
from opencus.core.forms import form_add_domain_error
from opencus.core.roles import has_capability
from opencus.people.models import Person
from opencus.volunteering import selectors, services
from opencus.volunteering.capabilities import VOLUNTEERING_MANAGE
from opencus.volunteering.forms import NeedForm
from opencus.volunteering.models import (
    Need,
    NeedStatus,
)
from opencus.volunteering.views.common import (
    manager_required,
    need_required,
    posted,
    run_step,
    volunteer_or_404,
)


@need_required
def need_list(request: HttpRequest) -> HttpResponse:
    """GET /wolontariat/potrzeby/: the needs for volunteers (the centre's all, others their
    own), open ones first."""
    needs = Need.objects.visible_to(request.user).order_by("status", "starts_on", "id")
    page = Paginator(needs, 25).get_page(request.GET.get("page"))
    return render(request, "volunteering/need_list.html", {"page_obj": page})


@need_required
def need_create(request: HttpRequest) -> HttpResponse:
    """GET/POST /wolontariat/potrzeby/nowa/ (``?osoba=<pk>``: help for a person one may see):
    ask for volunteers."""
    person = None
    if request.GET.get("osoba", "").isdigit():
        person = get_object_or_404(Person.objects.visible_to(request.user), pk=request.GET["osoba"])
    today = timezone.localdate()
    form = NeedForm(posted(request), initial={"starts_on": today, "ends_on": today})
    created: list[Need] = []

    def save(data: dict[str, Any]) -> None:
        created.append(
            services.need_create(
                data=services.NeedData(
                    title=data["title"],
                    description=data.get("description") or "",
                    skills=tuple(data.get("skills") or ()),
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    place=data["place"],
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                    volunteers_needed=data["volunteers_needed"],
                    with_children=bool(data.get("with_children")),
                ),
                person=person,
                acting_user=request.user,
            )
        )

    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The need is sent to the volunteer centre."))
            return redirect("volunteering:need_detail", created[0].pk)
    return render(
        request,
        "volunteering/form.html",
        {
            "form": form,
            "title": (
                _("Volunteer help for %(name)s") % {"name": person.full_name}
                if person
                else _("Ask for volunteers")
            ),
            "back": reverse("volunteering:needs"),
            "back_text": _("Back to the needs"),
            "intro": _(
                "The volunteer's hours of help go on the person's card when they have an"
                " entitlement to volunteer help."
            )
            if person
            else "",
            "button": _("Send"),
        },
    )


@need_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /wolontariat/potrzeby/<pk>/: the need, its assignments and (for the centre) the
    volunteers suggested for it, best first."""
    need = get_object_or_404(Need.objects.visible_to(request.user), pk=pk)
    manager = has_capability(request.user, VOLUNTEERING_MANAGE)
    person_visible = (
        need.person_id is not None
        and Person.objects.visible_to(request.user).filter(pk=need.person_id).exists()
    )
    return render(
        request,
        "volunteering/need_detail.html",
        {
            "need": need,
            "assignments": need.assignments.select_related("volunteer"),
            "suggestions": selectors.suggestions(need)
            if manager and need.status == NeedStatus.OPEN
            else [],
            "manager": manager,
            "person_visible": person_visible,
        },
    )


@require_POST
@manager_required
def need_assign(request: HttpRequest, pk: int, volunteer: int) -> HttpResponse:
    """POST /wolontariat/potrzeby/<pk>/przydziel/<volunteer>/: accept a suggestion."""
    need = get_object_or_404(Need.objects.visible_to(request.user), pk=pk)
    found = volunteer_or_404(request, volunteer)
    run_step(
        request,
        lambda: services.assignment_create(need=need, volunteer=found, acting_user=request.user),
        _("%(name)s is placed on the need.") % {"name": found.full_name},
    )
    return redirect("volunteering:need_detail", need.pk)


@require_POST
@manager_required
def need_close(request: HttpRequest, pk: int) -> HttpResponse:
    """POST /wolontariat/potrzeby/<pk>/zamknij/: nobody more is placed on the need."""
    need = get_object_or_404(Need.objects.visible_to(request.user), pk=pk)
    run_step(
        request,
        lambda: services.need_close(need=need, acting_user=request.user),
        _("The need is closed."),
    )
    return redirect("volunteering:need_detail", need.pk)
