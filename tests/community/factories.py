"""Community data for the community tests: a territorial community with a place, the OSL
team's users, events stored through the services (so their transitions are real)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth.models import User

from opencus.community import services
from opencus.community.models import Community, CommunityKind, Event, Resource, ResourceKind
from opencus.core.roles import Role
from tests.personas import user_make

_serial = itertools.count(1)


def organiser() -> User:
    return user_make(Role.COMMUNITY_ORGANISER)


def animator() -> User:
    return user_make(Role.ANIMATOR)


def community_make(
    name: str = "", kind: str = CommunityKind.TERRITORIAL, acting_user: Any = None
) -> Community:
    return services.community_save(
        data=services.CommunityData(
            name=name or f"Osiedle testowe {next(_serial)}", kind=kind, population=1200
        ),
        acting_user=acting_user or organiser(),
    )


def place_make(community: Community, name: str = "Świetlica osiedlowa") -> Resource:
    return services.resource_add(
        community=community, kind=ResourceKind.PLACE, name=name, acting_user=organiser()
    )


def event_make(
    community: Community,
    day: dt.date,
    *,
    held: bool = True,
    participants: int = 10,
    attendances: int = 12,
    acting_user: Any = None,
    **extra: Any,
) -> Event:
    return services.event_log(
        community=community,
        data=services.EventData(
            kind=extra.pop("kind", "meeting"),
            day=day,
            held=held,
            participants=participants,
            attendances=attendances,
            **extra,
        ),
        acting_user=acting_user or animator(),
    )
