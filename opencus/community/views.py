"""The pages of community organising: the communities with their map and resources, the OSL
plans with their versions, events logged from a phone, leaders, groups and initiatives, the
evaluation with its tables, charts and export, consultations and the councils.

Plain forms and post/redirect/get: every page works without JavaScript and at 320 px. A
refusal of a service shows in the form's error summary, nothing changed. What a role may not
see is a 404 (``visible_to``)."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.community import selectors, services
from opencus.community.capabilities import COMMUNITY_MANAGE, COMMUNITY_RECORD, COMMUNITY_VIEW
from opencus.community.exports import evaluation_workbook
from opencus.community.forms import (
    CommunityForm,
    ConsultationForm,
    ConsultationParticipantForm,
    CouncilMemberForm,
    CouncilOpinionForm,
    CouncilTermForm,
    EntryForm,
    EventForm,
    GroupEndForm,
    GroupForm,
    InitiativeForm,
    LeaderForm,
    ParticipantForm,
    PhotoForm,
    PlanForm,
    RecordForm,
    ResourceForm,
    ResponseForm,
    StreetForm,
    SurveyForm,
    TeamForm,
)
from opencus.community.models import (
    SURVEY_QUESTIONS,
    Community,
    CommunityKind,
    Consultation,
    Council,
    CouncilTerm,
    Event,
    EventPhoto,
    EventStatus,
    Group,
    OSLPlan,
    Survey,
    TeamAssignment,
)
from opencus.core.access import capability_required
from opencus.core.errors import DomainError
from opencus.core.forms import form_add_domain_error
from opencus.core.roles import has_capability
from opencus.people.models import Person

view_required = capability_required(COMMUNITY_VIEW)
record_required = capability_required(COMMUNITY_RECORD)
manage_required = capability_required(COMMUNITY_MANAGE)

#: The months after which a group's survival is shown.
ALIVE_AFTER = (6, 12)


def _community(request: HttpRequest, key: uuid.UUID) -> Community:
    return get_object_or_404(Community.objects.visible_to(request.user), uuid=key)


def _event(request: HttpRequest, key: uuid.UUID) -> Event:
    return get_object_or_404(
        Event.objects.filter(
            community__in=Community.objects.visible_to(request.user)
        ).select_related("community", "place", "group"),
        uuid=key,
    )


def _year(value: int) -> int:
    if not 2000 <= value <= 2199:
        raise Http404
    return value


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back: str,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    then: Callable[[Any], str],
    caption: str = "",
    submit: str = "",
    intro: str = "",
    multipart: bool = False,
) -> HttpResponse:
    """A page with one form: on a valid POST, ``save`` (a service call) and redirect; a
    refusal shows in the form's error summary."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(then(saved))
    return render(
        request,
        "community/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "caption": caption,
            "submit": submit or _("Save"),
            "intro": intro,
            "multipart": multipart,
        },
    )


# --- Communities ------------------------------------------------------------------------------


@view_required
def community_list(request: HttpRequest) -> HttpResponse:
    """GET …/spolecznosci/: the communities, the consultations and the councils."""
    communities = Community.objects.visible_to(request.user).prefetch_related("streets")
    return render(
        request,
        "community/community_list.html",
        {
            "communities": communities,
            "can_manage": _can(request, COMMUNITY_MANAGE),
            "upcoming": list(selectors.upcoming_events(request.user)[:20]),
            "can_record": _can(request, COMMUNITY_RECORD),
        },
    )


def _can(request: HttpRequest, capability: str) -> bool:
    return has_capability(request.user, capability)


@manage_required
def community_create(request: HttpRequest) -> HttpResponse:
    """GET/POST …/spolecznosci/nowa/: add a community."""
    form = CommunityForm(request.POST or None)
    return _form_page(
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
    community = _community(request, uuid)
    initial = {
        key: getattr(community, key)
        for key in ("name", "kind", "description", "who_belongs", "population", "population_note")
    }
    form = CommunityForm(request.POST or None, initial=initial)
    return _form_page(
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
    community = _community(request, uuid)
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
            "can_manage": _can(request, COMMUNITY_MANAGE),
            "can_record": _can(request, COMMUNITY_RECORD),
        },
    )


@manage_required
def street_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/ulica/: add a street by its TERYT code."""
    community = _community(request, uuid)
    form = StreetForm(request.POST or None)
    return _form_page(
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
    community = _community(request, uuid)
    form = ResourceForm(request.POST or None)
    return _form_page(
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
    community = _community(request, uuid)
    form = TeamForm(request.POST or None, initial={"starts_on": selectors.today()})
    return _form_page(
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
    community = _community(request, uuid)
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


# --- Plans ------------------------------------------------------------------------------------


@view_required
def plan_detail(request: HttpRequest, uuid: uuid.UUID, year: int) -> HttpResponse:
    """GET …/spolecznosci/<uuid>/plan/<year>/ (``?wersja=N``: an earlier version)."""
    community = _community(request, uuid)
    plan = OSLPlan.objects.filter(community=community, year=_year(year)).first()
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
            "can_manage": _can(request, COMMUNITY_MANAGE),
        },
    )


@manage_required
def plan_edit(request: HttpRequest, uuid: uuid.UUID, year: int) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/plan/<year>/edytuj/: save a new version of the plan."""
    community = _community(request, uuid)
    plan = OSLPlan.objects.filter(community=community, year=_year(year)).first()
    current = selectors.plan_current(plan) if plan else None
    form = PlanForm(request.POST or None, initial=PlanForm.initial_of(current))
    return _form_page(
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


# --- Events -----------------------------------------------------------------------------------


@record_required
def event_create(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/wydarzenie/: log a meeting or event (phone first)."""
    community = _community(request, uuid)
    form = EventForm(
        request.POST or None,
        community=community,
        initial={"day": selectors.today(), "held": "1", "kind": "meeting"},
    )
    return _form_page(
        request,
        form,
        title=_("Log a meeting or event"),
        caption=community.name,
        back=reverse("community:detail", args=[community.uuid]),
        save=lambda d: services.event_log(
            community=community,
            data=services.EventData(
                kind=d["kind"],
                day=d["day"],
                held=d["held"],
                participants=d.get("participants") or 0,
                attendances=d.get("attendances") or 0,
                place=d.get("place"),
                place_text=d.get("place_text", ""),
                title=d.get("title", ""),
                notes=d.get("notes", ""),
                decisions=d.get("decisions", ""),
                group=d.get("group"),
            ),
            acting_user=request.user,
        ),
        success=_("The event is saved."),
        then=lambda e: reverse("community:event", args=[e.uuid]),
        submit=_("Save the event"),
    )


@view_required
def event_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET …/spolecznosci/wydarzenia/<uuid>/: an event, its named participants and steps."""
    event = _event(request, uuid)
    return render(
        request,
        "community/event_detail.html",
        {
            "event": event,
            "named": event.named.select_related("person"),
            "photos": event.photos.all(),
            "steps": event.transitions.select_related("actor"),
            "can_record": _can(request, COMMUNITY_RECORD),
            "can_hold": event.status != EventStatus.CANCELLED,
            "is_planned": event.status == EventStatus.PLANNED,
        },
    )


@record_required
def event_record(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/wydarzenia/<uuid>/przebieg/: record it as held (headcounts)."""
    event = _event(request, uuid)
    form = RecordForm(
        request.POST or None,
        initial={
            "participants": event.participants or None,
            "attendances": event.attendances or None,
            "notes": event.notes,
            "decisions": event.decisions,
        },
    )
    return _form_page(
        request,
        form,
        title=_("Record how it went"),
        caption=str(event),
        back=reverse("community:event", args=[event.uuid]),
        save=lambda d: services.event_record(event=event, acting_user=request.user, **d),
        success=_("The event is recorded as held."),
        then=lambda e: reverse("community:event", args=[e.uuid]),
    )


@record_required
def event_participant_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/wydarzenia/<uuid>/uczestnik/: name a participant."""
    event = _event(request, uuid)
    form = ParticipantForm(
        request.POST or None, people=Person.objects.visible_to(request.user).active()
    )
    return _form_page(
        request,
        form,
        title=_("Name a participant"),
        caption=str(event),
        back=reverse("community:event", args=[event.uuid]),
        save=lambda d: services.event_participant_add(
            event=event, name=d.get("name", ""), person=d.get("person"), acting_user=request.user
        ),
        success=_("The participant is named."),
        then=lambda p: reverse("community:event", args=[event.uuid]),
    )


@record_required
def event_photo_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/wydarzenia/<uuid>/zdjecie/: add a photo with its consent."""
    event = _event(request, uuid)
    form = PhotoForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        event=event,
    )
    return _form_page(
        request,
        form,
        title=_("Add a photo"),
        caption=str(event),
        back=reverse("community:event", args=[event.uuid]),
        save=lambda d: services.event_photo_add(
            event=event,
            upload=d["photo"],
            caption=d["caption"],
            people=list(d.get("people") or []),
            consent_note=d.get("consent_note", ""),
            acting_user=request.user,
        ),
        success=_("The photo is added."),
        then=lambda p: reverse("community:event", args=[event.uuid]),
        multipart=True,
    )


@view_required
def event_photo(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET …/spolecznosci/zdjecia/<uuid>/: the photo, to the OSL team only (never public)."""
    photo = get_object_or_404(
        EventPhoto.objects.filter(event__community__in=Community.objects.visible_to(request.user)),
        uuid=uuid,
    )
    try:
        with photo.image.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    # At most 5 MB (the service's limit): read whole.
    response = HttpResponse(content, content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@record_required
def event_cancel(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """POST …/spolecznosci/wydarzenia/<uuid>/odwolaj/: cancel a planned event."""
    event = _event(request, uuid)
    try:
        services.event_cancel(event=event, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("The event is cancelled."))
    return redirect("community:event", event.uuid)


# --- Leaders, groups, initiatives -------------------------------------------------------------


@record_required
def leader_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/lider/: record a local leader."""
    community = _community(request, uuid)
    form = LeaderForm(request.POST or None, initial={"found_on": selectors.today()})
    return _form_page(
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
    community = _community(request, uuid)
    form = GroupForm(request.POST or None, initial={"started_on": selectors.today()})
    return _form_page(
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
    community = _community(request, uuid)
    group = get_object_or_404(Group, pk=pk, community=community)
    form = GroupEndForm(request.POST or None, initial={"ended_on": selectors.today()})
    return _form_page(
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
    community = _community(request, uuid)
    form = InitiativeForm(request.POST or None, initial={"started_on": selectors.today()})
    return _form_page(
        request,
        form,
        title=_("Record a residents' initiative"),
        caption=community.name,
        back=reverse("community:detail", args=[community.uuid]),
        save=lambda d: services.initiative_add(community=community, acting_user=request.user, **d),
        success=_("The initiative is recorded."),
        then=lambda x: reverse("community:detail", args=[community.uuid]) + "#inicjatywy",
    )


# --- Evaluation and the survey ----------------------------------------------------------------


@view_required
def evaluation(request: HttpRequest, uuid: uuid.UUID, year: int) -> HttpResponse:
    """GET …/spolecznosci/<uuid>/ewaluacja/<year>/: the indicators per quarter and year, as
    tables (the truth) with charts drawn from them."""
    community = _community(request, uuid)
    result = selectors.evaluation(community, _year(year))
    charts = []
    for row in result.rows:
        values = [v or 0 for v in row.values[:4]]
        top = max([*values, row.target or 0, 1])
        charts.append(
            {
                "label": row.label,
                "bars": [
                    {
                        "label": period.label,
                        "value": value,
                        "width": round(value * 240 / top),
                        "y": 8 + index * 28,
                    }
                    for index, (period, value) in enumerate(
                        zip(result.periods[:4], values, strict=True)
                    )
                ],
            }
        )
    return render(
        request,
        "community/evaluation.html",
        {
            "community": community,
            "year": year,
            "result": result,
            "charts": charts,
            "influence": list(
                zip(result.periods, result.influence, result.influence_count, strict=True)
            ),
            "previous": year - 1,
            "next": year + 1,
        },
    )


@view_required
def evaluation_export(request: HttpRequest, uuid: uuid.UUID, year: int) -> HttpResponse:
    """GET …/spolecznosci/<uuid>/ewaluacja/<year>/xlsx/: the same tables as a spreadsheet."""
    community = _community(request, uuid)
    result = selectors.evaluation(community, _year(year))
    buffer = io.BytesIO()
    evaluation_workbook(result).save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ewaluacja-osl-{year}.xlsx"'
    return response


@record_required
def survey_create(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/ankieta/: open a round of the survey."""
    community = _community(request, uuid)
    form = SurveyForm(
        request.POST or None,
        initial={"held_on": selectors.today(), "title": _("Sense of influence")},
    )
    return _form_page(
        request,
        form,
        title=_("Sense-of-influence survey"),
        caption=community.name,
        back=reverse("community:detail", args=[community.uuid]),
        save=lambda d: services.survey_create(community=community, acting_user=request.user, **d),
        success=_("The survey is opened; enter the paper responses."),
        then=lambda s: reverse("community:survey", args=[s.uuid]),
    )


@record_required
def survey_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/ankiety/<uuid>/: enter paper responses one by one; the
    answers so far, counted (never one response shown alone)."""
    survey = get_object_or_404(
        Survey.objects.filter(community__in=Community.objects.visible_to(request.user)),
        uuid=uuid,
    )
    form = ResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_response_add(
                survey=survey, answers=form.answers(), acting_user=request.user
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The response is entered."))
            return redirect("community:survey", survey.uuid)
    responses = list(survey.responses.values_list(*[k for k, _l in SURVEY_QUESTIONS]))
    summary = []
    for index, (_key, label) in enumerate(SURVEY_QUESTIONS):
        answers = [r[index] for r in responses if r[index] is not None]
        summary.append(
            {
                "label": label,
                "count": len(answers),
                "mean": round(sum(answers) / len(answers), 2) if answers else None,
            }
        )
    return render(
        request,
        "community/survey_detail.html",
        {"survey": survey, "form": form, "count": len(responses), "summary": summary},
    )


# --- Consultations ----------------------------------------------------------------------------


@view_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    """GET …/spolecznosci/konsultacje/: the consultations and the councils."""
    return render(
        request,
        "community/consultation_list.html",
        {
            "consultations": Consultation.objects.select_related("programme")[:200],
            "councils": Council.objects.all(),
            "can_manage": _can(request, COMMUNITY_MANAGE),
        },
    )


@manage_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    """GET/POST …/spolecznosci/konsultacje/nowa/: record a consultation."""
    form = ConsultationForm(request.POST or None, initial={"held_on": selectors.today()})
    return _form_page(
        request,
        form,
        title=_("Record a consultation"),
        back=reverse("community:consultations"),
        save=lambda d: services.consultation_create(acting_user=request.user, **d),
        success=_("The consultation is recorded."),
        then=lambda c: reverse("community:consultation", args=[c.uuid]),
    )


def _consultation(request: HttpRequest, key: uuid.UUID) -> Consultation:
    if not _can(request, COMMUNITY_VIEW):
        raise Http404
    return get_object_or_404(Consultation.objects.select_related("programme"), uuid=key)


@view_required
def consultation_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET …/spolecznosci/konsultacje/<uuid>/: who took part, topics, opinions and requests
    (those in the unmet-demand register with their source)."""
    consultation = _consultation(request, uuid)
    return render(
        request,
        "community/consultation_detail.html",
        {
            "consultation": consultation,
            "participants": consultation.participants.all(),
            "entries": consultation.entries.select_related("service", "demand"),
            "can_manage": _can(request, COMMUNITY_MANAGE),
        },
    )


@manage_required
def consultation_participant_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/konsultacje/<uuid>/uczestnicy/: who took part."""
    consultation = _consultation(request, uuid)
    form = ConsultationParticipantForm(request.POST or None)
    return _form_page(
        request,
        form,
        title=_("Add participants"),
        caption=consultation.title,
        back=reverse("community:consultation", args=[consultation.uuid]),
        save=lambda d: services.consultation_participant_add(
            consultation=consultation, acting_user=request.user, **d
        ),
        success=_("The participants are added."),
        then=lambda x: reverse("community:consultation", args=[consultation.uuid]),
    )


@manage_required
def consultation_entry_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/konsultacje/<uuid>/glos/: an opinion or a request."""
    consultation = _consultation(request, uuid)
    form = EntryForm(request.POST or None)
    return _form_page(
        request,
        form,
        title=_("Add an opinion or request"),
        caption=consultation.title,
        back=reverse("community:consultation", args=[consultation.uuid]),
        save=lambda d: services.consultation_entry_add(
            consultation=consultation, acting_user=request.user, **d
        ),
        success=_("It is recorded."),
        then=lambda x: reverse("community:consultation", args=[consultation.uuid]),
    )


# --- Councils ---------------------------------------------------------------------------------


def _council(request: HttpRequest, key: uuid.UUID) -> Council:
    if not _can(request, COMMUNITY_VIEW):
        raise Http404
    return get_object_or_404(Council, uuid=key)


@view_required
def council_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET …/spolecznosci/rady/<uuid>/: the council's terms, members and opinions, each
    opinion linked to the programme it concerns."""
    council = _council(request, uuid)
    return render(
        request,
        "community/council_detail.html",
        {
            "council": council,
            "terms": council.terms.prefetch_related("members"),
            "opinions": council.opinions.select_related("programme"),
            "can_manage": _can(request, COMMUNITY_MANAGE),
        },
    )


@manage_required
def council_term_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/rady/<uuid>/kadencja/: open a term."""
    council = _council(request, uuid)
    form = CouncilTermForm(request.POST or None)
    return _form_page(
        request,
        form,
        title=_("Add a term of office"),
        caption=council.name,
        back=reverse("community:council", args=[council.uuid]),
        save=lambda d: services.council_term_add(council=council, acting_user=request.user, **d),
        success=_("The term is added."),
        then=lambda x: reverse("community:council", args=[council.uuid]),
    )


@manage_required
def council_member_add(request: HttpRequest, uuid: uuid.UUID, pk: int) -> HttpResponse:
    """GET/POST …/spolecznosci/rady/<uuid>/kadencja/<pk>/czlonek/: add a member."""
    council = _council(request, uuid)
    term = get_object_or_404(CouncilTerm, pk=pk, council=council)
    form = CouncilMemberForm(request.POST or None)
    return _form_page(
        request,
        form,
        title=_("Add a member"),
        caption=f"{council.name} {term}",
        back=reverse("community:council", args=[council.uuid]),
        save=lambda d: services.council_member_add(term=term, acting_user=request.user, **d),
        success=_("The member is added."),
        then=lambda x: reverse("community:council", args=[council.uuid]),
    )


@manage_required
def council_opinion_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/rady/<uuid>/opinia/: attach an opinion to a programme."""
    council = _council(request, uuid)
    form = CouncilOpinionForm(request.POST or None, initial={"given_on": selectors.today()})
    return _form_page(
        request,
        form,
        title=_("Record an opinion"),
        caption=council.name,
        back=reverse("community:council", args=[council.uuid]),
        save=lambda d: services.council_opinion_add(council=council, acting_user=request.user, **d),
        success=_("The opinion is recorded."),
        then=lambda x: reverse("community:council", args=[council.uuid]),
    )
