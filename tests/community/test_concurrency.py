"""Changes at the same moment, proven on PostgreSQL with real connections: two people saving
the plan from the same version make one new version and the other is told it is stale; naming
participants while the headcount is corrected never leaves the headcount below the names (the
event's row lock)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from opencus.community import services
from opencus.community.errors import EventError, PlanError
from opencus.community.models import Event, EventParticipant, OSLPlanVersion
from tests.community.conftest import TODAY
from tests.community.factories import animator, community_make, event_make, organiser
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]


def test_two_saves_from_the_same_version_make_one_version() -> None:
    community = community_make()
    user = organiser()
    content = services.PlanContent(diagnosis="d", goals="g", budget=Decimal("100.00"))
    services.plan_save(community=community, year=2026, content=content, acting_user=user)

    def save() -> Any:
        return services.plan_save(
            community=community, year=2026, content=content, acting_user=user, expected_version=1
        )

    outcomes = at_once(save, save)
    assert sum(isinstance(o, OSLPlanVersion) for o in outcomes) == 1
    assert sum(isinstance(o, PlanError) and o.code == "stale" for o in outcomes) == 1
    assert OSLPlanVersion.objects.filter(plan__community=community).count() == 2


def test_the_headcount_never_ends_below_the_names_added_at_the_same_time() -> None:
    community = community_make()
    event = event_make(community, TODAY, participants=2, attendances=2)
    user = animator()
    services.event_participant_add(event=event, name="Jan Nowak", acting_user=user)

    outcomes = at_once(
        lambda: services.event_participant_add(event=event, name="Ewa Lis", acting_user=user),
        lambda: services.event_participant_add(event=event, name="Adam Bąk", acting_user=user),
        lambda: services.event_record(event=event, participants=1, attendances=1, acting_user=user),
    )
    # Whichever goes first, both names are added; the correction to one participant is
    # either refused (it came after a name) or made first and then outgrown by the names.
    assert [type(o) for o in outcomes[:2]] == [EventParticipant, EventParticipant]
    assert isinstance(outcomes[2], Event) or (
        isinstance(outcomes[2], EventError) and outcomes[2].code == "below_named"
    )
    event.refresh_from_db()
    assert event.participants >= event.named.count() == 3
