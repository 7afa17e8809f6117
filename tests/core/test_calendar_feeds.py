"""iCalendar feeds behind secret, revocable addresses: issuing, revoking, finding, rendering
and serving them, with a source registered the way an app registers one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from opencus.core import calendars, registry
from opencus.core.models import AuditAction, AuditEvent, CalendarFeed
from opencus.core.registry import CalendarEvent
from opencus.core.roles import Role
from tests.personas import user_make

pytestmark = pytest.mark.django_db

WARSAW = dt.timezone(dt.timedelta(hours=1))
SEEN: list[tuple[str, dt.date, dt.date]] = []


def events(object_id: str, first: dt.date, last: dt.date) -> list[CalendarEvent]:
    SEEN.append((object_id, first, last))
    if object_id != "7":
        return []
    start = dt.datetime(2027, 1, 12, 10, 0, tzinfo=WARSAW)
    return [
        CalendarEvent(
            uid="session-1@opencus",
            start=start,
            end=start + dt.timedelta(minutes=45),
            summary="Aqua aerobik, grupa 2",
            location="Pływalnia, ul. Borkowska 4",
            description="Zajęcia; zabierz czepek, ręcznik; sala: niecka sportowa",
        )
    ]


def may_issue(user: Any, object_id: str) -> str | None:
    return "Aqua aerobik – grupa 2" if getattr(user, "username", "").startswith("boss") else None


@pytest.fixture(autouse=True)
def sample_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_calendar_sources", dict(registry._calendar_sources))
    registry.calendar_source(
        "tests.course", "Course", events=events, may_issue=may_issue, app="tests"
    )
    registry.calendar_source(
        "tests.visits",
        "Visits",
        events=events,
        may_issue=may_issue,
        app="tests",
        sensitive=True,
    )
    SEEN.clear()


def test_a_feed_is_served_by_its_secret_address_as_icalendar_in_warsaw_time() -> None:
    boss = user_make(Role.SERVICE_ORGANISER, username="boss-1")
    feed, secret = calendars.calendar_feed_issue(
        kind="tests.course", object_id="7", acting_user=boss
    )
    assert feed.key_hash != secret and secret not in feed.key_hash
    assert feed.label == "Aqua aerobik – grupa 2"
    response = Client().get(reverse("core:calendar_feed", args=[secret]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Aqua aerobik – grupa 2"
    (event,) = calendar.events
    assert str(event["uid"]) == "session-1@opencus"
    assert event.start == dt.datetime(2027, 1, 12, 10, 0, tzinfo=WARSAW)
    assert event.end == dt.datetime(2027, 1, 12, 10, 45, tzinfo=WARSAW)
    assert event["dtstart"].params["TZID"] == "Europe/Warsaw"
    assert str(event["description"]).startswith("Zajęcia; zabierz czepek")
    assert [c["tzid"] for c in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    # The window asked of the source: a month back, half a year ahead.
    ((object_id, first, last),) = SEEN
    assert object_id == "7" and (last - first).days == calendars.DAYS_BACK + calendars.DAYS_AHEAD
    # A feed that is not sensitive is not logged at each read.
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()


def test_unknown_malformed_and_revoked_addresses_are_all_not_found() -> None:
    boss = user_make(Role.SERVICE_ORGANISER, username="boss-2")
    feed, secret = calendars.calendar_feed_issue(
        kind="tests.course", object_id="7", acting_user=boss
    )
    client = Client()
    for wrong in ("x" * 43, "x" * 500, secret[:-1] + ("A" if secret[-1] != "A" else "B")):
        assert client.get(reverse("core:calendar_feed", args=[wrong])).status_code == 404
    assert client.post(reverse("core:calendar_feed", args=[secret])).status_code == 405
    calendars.calendar_feed_revoke(feed, acting_user=boss)
    again = calendars.calendar_feed_revoke(feed, acting_user=boss)
    assert client.get(reverse("core:calendar_feed", args=[secret])).status_code == 404
    assert CalendarFeed.objects.filter(pk=feed.pk, revoked_at=again.revoked_at).exists()
    assert (
        AuditEvent.objects.filter(action=AuditAction.WITHDRAW, object_id=str(feed.pk)).count() == 1
    )


def test_only_who_may_give_out_a_feed_issues_or_revokes_one() -> None:
    boss = user_make(Role.SERVICE_ORGANISER, username="boss-3")
    clerk = user_make(Role.CLIENT_OFFICE)
    with pytest.raises(calendars.CalendarFeedError) as refused:
        calendars.calendar_feed_issue(kind="tests.course", object_id="7", acting_user=clerk)
    assert refused.value.code == "not_allowed"
    with pytest.raises(calendars.CalendarFeedError):
        calendars.calendar_feed_issue(kind="tests.nothing", object_id="7", acting_user=boss)
    feed, secret = calendars.calendar_feed_issue(
        kind="tests.course", object_id="7", acting_user=boss
    )
    with pytest.raises(calendars.CalendarFeedError):
        calendars.calendar_feed_revoke(feed, acting_user=clerk)
    assert calendars.calendar_feed_find(secret) == feed
    assert CalendarFeed.objects.count() == 1


def test_each_read_of_a_sensitive_feed_is_audited() -> None:
    boss = user_make(Role.SERVICE_ORGANISER, username="boss-4")
    feed, secret = calendars.calendar_feed_issue(
        kind="tests.visits", object_id="7", acting_user=boss
    )
    client = Client()
    for _ in range(2):
        assert client.get(reverse("core:calendar_feed", args=[secret])).status_code == 200
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(feed.pk))
    assert reads.count() == 2
    assert reads[0].changes == {"read": "calendar_feed", "events": 1}


def test_a_feed_of_a_kind_no_app_registers_any_more_is_not_found() -> None:
    boss = user_make(Role.SERVICE_ORGANISER, username="boss-5")
    _feed, secret = calendars.calendar_feed_issue(
        kind="tests.course", object_id="7", acting_user=boss
    )
    del registry._calendar_sources["tests.course"]
    assert Client().get(reverse("core:calendar_feed", args=[secret])).status_code == 404
