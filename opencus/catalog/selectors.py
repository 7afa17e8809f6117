"""Reads of the catalogue: the public list and card, the staff programme pages, the HSDS export.

Every selector fetches what its page shows in a fixed number of queries (``select_related`` and
``prefetch_related``), whatever the number of services, limits, locations or opening hours.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Prefetch, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from opencus.catalog.capabilities import CATALOG_VIEW
from opencus.catalog.models import (
    Area,
    Location,
    OpeningHours,
    Programme,
    ProgrammeService,
    TargetGroup,
)
from opencus.core.roles import has_capability


def in_language(field: str) -> Coalesce:
    """A translated text in the active language, or in Polish where it has none (the same
    fallback as the model's attribute), for ordering: ``order_by(in_language("name"))``."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in settings.MODELTRANSLATION_LANGUAGES:
        language = settings.LANGUAGE_CODE
    return Coalesce(
        NullIf(F(f"{field}_{language}"), Value("")), F(f"{field}_pl"), output_field=TextField()
    )


def areas() -> QuerySet[Area]:
    return Area.objects.all()


def target_groups() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.all()


def public_services(
    *, area: str | None = None, target_group: str | None = None, on: dt.date | None = None
) -> QuerySet[ProgrammeService]:
    """Services residents can see today (active or temporarily closed, public, in a current
    adopted programme), optionally narrowed to one area and one target group (by slug)."""
    services = ProgrammeService.objects.public(on)
    if area:
        services = services.filter(areas__slug=area)
    if target_group:
        services = services.filter(target_groups__slug=target_group)
    return services.select_related("programme").prefetch_related("areas", "target_groups")


def _card_prefetches() -> list[Any]:
    return [
        "areas",
        "target_groups",
        "limits",
        Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at")),
        Prefetch(
            "locations",
            queryset=Location.objects.prefetch_related(
                # The place's own opening hours; rows that also name a service are that
                # service's hours at the place and belong to the service's card.
                Prefetch(
                    "hours",
                    queryset=OpeningHours.objects.filter(service__isnull=True).order_by(
                        "weekday", "opens_at"
                    ),
                )
            ),
        ),
    ]


def public_service_card(*, service_uuid: uuid.UUID, on: dt.date | None = None) -> ProgrammeService:
    """One public service with everything its card shows; 404 when it is not public today."""
    services = (
        ProgrammeService.objects.public(on)
        .select_related("programme")
        .prefetch_related(*_card_prefetches())
    )
    return get_object_or_404(services, uuid=service_uuid)


# --- Staff pages -----------------------------------------------------------------------------


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    """Programmes the user may see in the staff pages: all of them with ``catalog.view``."""
    if not has_capability(user, CATALOG_VIEW):
        return Programme.objects.none()
    return Programme.objects.all()


def programme_list(*, user: Any) -> QuerySet[Programme]:
    """Programmes, newest first, with the number of their services."""
    return (
        programmes_visible_to(user)
        .annotate(service_count=Count("services"))
        .order_by("-valid_from", in_language("name"), "id")
    )


def programme_detail(*, user: Any, programme_uuid: uuid.UUID) -> Programme:
    """A programme with its services (and their limits); 404 if out of reach."""
    queryset = programmes_visible_to(user).prefetch_related(
        Prefetch(
            "services",
            queryset=ProgrammeService.objects.order_by(in_language("name"), "id").prefetch_related(
                "limits"
            ),
        )
    )
    return get_object_or_404(queryset, uuid=programme_uuid)


def staff_service(*, user: Any, service_uuid: uuid.UUID) -> ProgrammeService:
    """Any service of a programme the user may see, public or not, with its card's data."""
    services = (
        ProgrammeService.objects.filter(programme__in=programmes_visible_to(user))
        .select_related("programme")
        .prefetch_related(*_card_prefetches())
    )
    return get_object_or_404(services, uuid=service_uuid)


def staff_location(*, user: Any, location_uuid: uuid.UUID) -> Location:
    """A place, for staff of the catalogue (``catalog.view``); 404 otherwise."""
    allowed = has_capability(user, CATALOG_VIEW)
    locations = Location.objects.all() if allowed else Location.objects.none()
    return get_object_or_404(locations, uuid=location_uuid)


# --- HSDS export -----------------------------------------------------------------------------


def hsds_services(*, on: dt.date | None = None) -> QuerySet[ProgrammeService]:
    """The services the HSDS list publishes: the public ones, in a stable order."""
    return (
        ProgrammeService.objects.public(on)
        .select_related("programme")
        .order_by(in_language("name"), "id")
    )


def hsds_service(*, service_uuid: uuid.UUID, on: dt.date | None = None) -> ProgrammeService:
    """One public service with everything the full HSDS service object carries."""
    services = (
        ProgrammeService.objects.public(on)
        .select_related("programme")
        .prefetch_related(*_card_prefetches())
    )
    return get_object_or_404(services, uuid=service_uuid)
