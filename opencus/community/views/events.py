"""The pages of events, logged from a phone: held or planned, their named participants,
photos (with an image consent) and cancelling."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.community import selectors, services
from opencus.community.capabilities import COMMUNITY_RECORD
from opencus.community.forms import EventForm, ParticipantForm, PhotoForm, RecordForm
from opencus.community.models import Community, Event, EventPhoto, EventStatus
from opencus.community.views.common import (
    can,
    community_or_404,
    form_page,
    record_required,
    view_required,
)
from opencus.core.errors import DomainError
from opencus.people.models import Person


def _event(request: HttpRequest, key: uuid.UUID) -> Event:
    return get_object_or_404(
        Event.objects.filter(
            community__in=Community.objects.visible_to(request.user)
        ).select_related("community", "place", "group"),
        uuid=key,
    )


@record_required
def event_create(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/wydarzenie/: log a meeting or event (phone first)."""
    community = community_or_404(request, uuid)
    form = EventForm(
        request.POST or None,
        community=community,
        initial={"day": selectors.today(), "held": "1", "kind": "meeting"},
    )
    return form_page(
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
            "can_record": can(request, COMMUNITY_RECORD),
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
    return form_page(
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
    return form_page(
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
    return form_page(
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
