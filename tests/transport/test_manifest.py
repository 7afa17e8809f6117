"""The driver's manifest (issue 11): marking stops picked up, dropped off or no-show; the
ledger entries of completed rides, in house and under a provider's contract line; the ledger's
refusal kept for the dispatcher; the return after a no-show; who may read and mark which
manifest (a driver only their own vehicle today, anything else a 404).

Every test runs at 09:00 on Tuesday 10 March 2026 (time-machine), the day of the rides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from opencus.transport import manifests
from opencus.transport.clocks import WARSAW
from opencus.transport.errors import BookingStateError, ManifestError
from opencus.transport.models import (
    Booking,
    BookingStatus,
    BookingTransition,
    PlanStop,
    ReturnQuestion,
    StopKind,
    TransportRules,
    Vehicle,
)
from opencus.transport.services import plan_insert
from tests.delivery.factories import entitlement_make as provider_entitlement_make
from tests.delivery.factories import line_make
from tests.personas import login, user_make
from tests.transport import factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _on_the_day() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=WARSAW), tick=False):
        yield


@dataclass
class World:
    vehicle: Vehicle
    driver_user: Any
    dispatcher: Any
    clerk: Any
    entitlement: Any


@pytest.fixture
def world() -> World:
    service = factories.service_make()
    vehicle = factories.vehicle_make()
    driver_user = user_make(Role.DRIVER)
    driver = factories.driver_make(user=driver_user)
    factories.shift_make(vehicle, DAY, driver=driver)
    return World(
        vehicle=vehicle,
        driver_user=driver_user,
        dispatcher=user_make(Role.DISPATCHER),
        clerk=user_make(Role.CLIENT_OFFICE),
        entitlement=factories.entitlement_make(service),
    )


def ride(world: World, pickup: dt.time = dt.time(9, 0), entitlement: Any = None, **fields: Any):
    booking = factories.booking_make(
        entitlement or world.entitlement, DAY, pickup, created_by=world.clerk, **fields
    )
    plan_insert(booking, acting_user=world.clerk)
    return booking


def stop(booking: Booking, kind: str) -> PlanStop:
    return PlanStop.objects.select_related("plan", "vehicle").get(booking=booking, kind=kind)


def mark(booking: Booking, what: str, user: Any) -> manifests.MarkResult:
    kind = StopKind.DROPOFF if what == manifests.DROPPED_OFF else StopKind.PICKUP
    return manifests.stop_mark(stop=stop(booking, kind), what=what, acting_user=user)


# --- Marks ------------------------------------------------------------------------------------


def test_the_driver_picks_up_and_drops_off_and_the_ride_goes_into_the_ledger(world):
    booking = ride(world)

    picked = mark(booking, manifests.PICKED_UP, world.driver_user)
    assert picked.booking.status == BookingStatus.ON_BOARD
    assert stop(booking, StopKind.PICKUP).done_at is not None
    assert stop(booking, StopKind.DROPOFF).done_at is None

    dropped = mark(booking, manifests.DROPPED_OFF, world.driver_user)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED
    assert dropped.ledger_refusal == ""
    record = booking.delivery_record
    assert record is not None
    assert record.in_house is True
    assert record.units == 1
    assert record.delivered_on == DAY
    assert record.entitlement == world.entitlement
    assert record.recorded_by == world.driver_user
    assert stop(booking, StopKind.DROPOFF).done_at is not None
    steps = list(
        BookingTransition.objects.filter(booking=booking)
        .order_by("id")
        .values_list("to_status", flat=True)
    )
    assert steps == [BookingStatus.ON_BOARD, BookingStatus.COMPLETED]


def test_a_second_tap_records_nothing_again(world):
    booking = ride(world)
    mark(booking, manifests.PICKED_UP, world.driver_user)
    assert mark(booking, manifests.PICKED_UP, world.driver_user).repeated is True
    mark(booking, manifests.DROPPED_OFF, world.driver_user)
    again = mark(booking, manifests.DROPPED_OFF, world.driver_user)
    assert again.repeated is True
    assert DeliveryRecord.objects.filter(entitlement=world.entitlement).count() == 1
    assert BookingTransition.objects.filter(booking=booking).count() == 2


def test_a_mark_the_ride_has_moved_past_is_refused_in_words(world):
    booking = ride(world)
    mark(booking, manifests.DROPPED_OFF, world.driver_user)
    with pytest.raises(BookingStateError) as refused:
        mark(booking, manifests.PICKED_UP, world.driver_user)
    assert refused.value.code == "moved_on"
    assert "is already completed" in refused.value.text
    with pytest.raises(BookingStateError):
        mark(booking, manifests.NO_SHOW, world.driver_user)


def test_a_drop_off_without_the_pick_up_marks_both(world):
    booking = ride(world)
    mark(booking, manifests.DROPPED_OFF, world.driver_user)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED
    assert stop(booking, StopKind.PICKUP).done_at is not None
    assert booking.delivery_record is not None


def test_the_wrong_stop_for_a_mark_is_refused(world):
    booking = ride(world)
    with pytest.raises(ManifestError) as refused:
        manifests.stop_mark(
            stop=stop(booking, StopKind.DROPOFF),
            what=manifests.NO_SHOW,
            acting_user=world.driver_user,
        )
    assert refused.value.code == "wrong_stop"
    with pytest.raises(ManifestError) as unknown:
        manifests.stop_mark(
            stop=stop(booking, StopKind.PICKUP), what="teleported", acting_user=world.dispatcher
        )
    assert unknown.value.code == "mark"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_only_the_driver_of_the_shift_or_a_dispatcher_marks(world):
    booking = ride(world)
    other_driver = user_make(Role.DRIVER)
    factories.driver_make("Inny Kierowca", user=other_driver)
    for user in (other_driver, world.clerk, user_make()):
        with pytest.raises(ManifestError) as refused:
            mark(booking, manifests.PICKED_UP, user)
        assert refused.value.code == "not_yours"
    assert mark(booking, manifests.PICKED_UP, world.dispatcher).booking.status == "on_board"


def test_rides_are_marked_on_their_day_a_dispatcher_corrects_later_never_before(world):
    booking = ride(world)
    with time_machine.travel(dt.datetime(2026, 3, 9, 18, 0, tzinfo=WARSAW), tick=False):
        with pytest.raises(ManifestError) as early:
            mark(booking, manifests.PICKED_UP, world.dispatcher)
        assert early.value.code == "future"
        with pytest.raises(ManifestError) as early_driver:
            mark(booking, manifests.PICKED_UP, world.driver_user)
        assert early_driver.value.code == "not_today"
    with time_machine.travel(dt.datetime(2026, 3, 11, 8, 0, tzinfo=WARSAW), tick=False):
        with pytest.raises(ManifestError) as late_driver:
            mark(booking, manifests.DROPPED_OFF, world.driver_user)
        assert late_driver.value.code == "not_today"
        mark(booking, manifests.DROPPED_OFF, world.dispatcher)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED
    assert booking.delivery_record.delivered_on == DAY


# --- The ledger -------------------------------------------------------------------------------


def test_a_provider_s_ride_is_priced_by_its_contract_line(world):
    line = line_make(unit="ride", unit_price="31.50")
    TransportRules.objects.create(
        service=line.service, service_weekdays=[0, 1, 2, 3, 4], destination_kinds=["day_home"]
    )
    entitlement = provider_entitlement_make(line=line, starts_on=dt.date(2026, 1, 1))
    booking = ride(world, entitlement=entitlement)
    mark(booking, manifests.DROPPED_OFF, world.driver_user)
    booking.refresh_from_db()
    record = booking.delivery_record
    assert record.contract_line == line
    assert record.in_house is False
    assert str(record.unit_price) == "31.50"
    assert record.provider_id == line.contract.provider_id


def test_when_the_ledger_refuses_the_ride_still_completes_and_waits_for_the_dispatcher(world):
    """The ride happened: it is completed; the ledger's refusal is kept and listed for the
    dispatcher, who records it once the allowance allows."""
    world.entitlement.allowances = [{"units": 1, "unit": "ride", "period": "month"}]
    world.entitlement.save()
    first = ride(world, dt.time(9, 0))
    second = ride(world, dt.time(9, 5), origin=factories.HOMES[1])
    mark(first, manifests.DROPPED_OFF, world.driver_user)
    result = mark(second, manifests.DROPPED_OFF, world.driver_user)
    second.refresh_from_db()
    assert second.status == BookingStatus.COMPLETED
    assert second.delivery_record is None
    assert "1 of 1" in result.ledger_refusal
    assert second.ledger_refusal == result.ledger_refusal

    page = login(world.dispatcher).get(reverse("core:my_work"))
    assert second.number in page.content.decode()
    assert "Completed rides the ledger refused" in page.content.decode()

    retry = reverse("transport:ledger_retry", args=[second.uuid])
    response = login(world.dispatcher).post(retry, follow=True)
    assert "The ledger refused ride" in response.content.decode()
    world.entitlement.allowances = [{"units": 5, "unit": "ride", "period": "month"}]
    world.entitlement.save()
    login(world.dispatcher).post(retry)
    second.refresh_from_db()
    assert second.delivery_record is not None and second.ledger_refusal == ""
    assert login(world.driver_user).post(retry).status_code == 403


# --- The no-show and the return -----------------------------------------------------------------


def outbound_with_return(world: World) -> tuple[Booking, Booking]:
    outbound = ride(world, dt.time(8, 0))
    back = ride(
        world,
        dt.time(14, 0),
        origin=factories.DAY_HOME,
        destination=factories.HOMES[0],
        outbound=outbound,
    )
    return outbound, back


def test_a_no_show_counts_against_the_person_and_asks_about_the_return(world):
    outbound, back = outbound_with_return(world)
    mark(outbound, manifests.NO_SHOW, world.driver_user)
    outbound.refresh_from_db()
    assert outbound.status == BookingStatus.NO_SHOW
    assert outbound.return_question == ReturnQuestion.ASKED
    assert stop(outbound, StopKind.DROPOFF).done_at is not None  # skipped
    assert outbound.delivery_record is None
    assert Booking.objects.filter(person=outbound.person, status="no_show").count() == 1

    html = login(world.dispatcher).get(reverse("core:my_work")).content.decode()
    assert "No-show on the outbound ride: cancel the return?" in html
    assert back.number in html

    response = login(world.dispatcher).post(
        reverse("transport:return_decide", args=[outbound.uuid, "anuluj"])
    )
    assert response.status_code == 302
    back.refresh_from_db()
    outbound.refresh_from_db()
    assert back.status == BookingStatus.CANCELLED  # not late_cancel: not the person's offence
    assert outbound.return_question == ReturnQuestion.CANCELLED
    assert not PlanStop.objects.filter(booking=back).exists()
    assert (
        BookingTransition.objects.filter(booking=back, to_status="cancelled").get().note
        == "after a no-show on the outbound ride"
    )
    # Decided once: a second decision is refused and changes nothing.
    with pytest.raises(ManifestError) as again:
        manifests.return_keep(outbound=outbound, acting_user=world.dispatcher)
    assert again.value.code == "decided"
    html = login(world.dispatcher).get(reverse("core:my_work")).content.decode()
    assert back.number not in html


def test_the_dispatcher_may_keep_the_return(world):
    outbound, back = outbound_with_return(world)
    mark(outbound, manifests.NO_SHOW, world.driver_user)
    login(world.dispatcher).post(reverse("transport:return_decide", args=[outbound.uuid, "zostaw"]))
    back.refresh_from_db()
    outbound.refresh_from_db()
    assert back.status == BookingStatus.BOOKED
    assert outbound.return_question == ReturnQuestion.KEPT
    assert PlanStop.objects.filter(booking=back).count() == 2
    # Only a dispatcher decides.
    assert (
        login(world.driver_user)
        .post(reverse("transport:return_decide", args=[outbound.uuid, "anuluj"]))
        .status_code
        == 403
    )


def test_a_no_show_on_a_ride_without_a_return_asks_nothing_and_counts_the_offences(world):
    booking = ride(world)
    result = mark(booking, manifests.NO_SHOW, world.driver_user)
    booking.refresh_from_db()
    assert booking.return_question == ""
    assert (result.offences, result.offence_limit) == (1, 3)
    second = ride(world, dt.time(11, 0), origin=factories.HOMES[3])
    response = login(world.driver_user).post(
        reverse("transport:stop_mark", args=[stop(second, "pickup").pk, "no_show"]), follow=True
    )
    assert (
        "this month: 2; after 3, their bookings need an official&#x27;s approval"
        in response.content.decode()
    )


# --- The pages and who sees them --------------------------------------------------------------


def page_url(vehicle: Vehicle, day: dt.date = DAY) -> str:
    return reverse("transport:manifest", args=[vehicle.uuid, day.isoformat()])


def test_the_driver_sees_today_s_manifest_of_their_own_vehicle(world):
    booking = ride(world, wheelchair=True, companions=1, note="Dzwonić domofonem 12")
    response = login(world.driver_user).get(reverse("transport:drive"))
    assert response.status_code == 200
    html = response.content.decode()
    person = booking.person
    assert person.full_name in html
    assert f'href="tel:{person.phone.replace(" ", "")}"' in html
    assert "ul. Testowa 1" in html and "Dzienny Dom Senior+" in html
    assert "Wheelchair" in html and "1 companion" in html
    assert "Dzwonić domofonem 12" in html
    assert reverse("transport:stop_mark", args=[stop(booking, "pickup").pk, "picked_up"]) in html
    assert reverse("transport:stop_mark", args=[stop(booking, "pickup").pk, "no_show"]) in html


def test_marking_through_the_page_goes_back_to_the_stop(world):
    booking = ride(world)
    pickup = stop(booking, "pickup")
    client = login(world.driver_user)
    response = client.post(reverse("transport:stop_mark", args=[pickup.pk, "picked_up"]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#stop-{pickup.position}")
    again = client.post(reverse("transport:stop_mark", args=[pickup.pk, "picked_up"]), follow=True)
    assert "already marked" in again.content.decode()
    assert (
        client.get(reverse("transport:stop_mark", args=[pickup.pk, "picked_up"])).status_code == 405
    )


def test_another_driver_gets_a_404_for_this_vehicle_and_its_stops(world):
    booking = ride(world)
    other_user = user_make(Role.DRIVER)
    other = factories.driver_make("Inny Kierowca", user=other_user)
    other_vehicle = factories.vehicle_make("Bus 2")
    factories.shift_make(other_vehicle, DAY, driver=other)
    client = login(other_user)
    assert client.get(page_url(world.vehicle)).status_code == 404
    assert client.get(page_url(world.vehicle) + "manifest.pdf").status_code == 404
    pickup = stop(booking, "pickup")
    assert (
        client.post(reverse("transport:stop_mark", args=[pickup.pk, "picked_up"])).status_code
        == 404
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    # Their own vehicle today is theirs; their own vehicle another day is not.
    assert client.get(page_url(other_vehicle)).status_code == 200
    factories.shift_make(other_vehicle, DAY + dt.timedelta(days=1), driver=other)
    assert client.get(page_url(other_vehicle, DAY + dt.timedelta(days=1))).status_code == 404
    assert client.get(page_url(other_vehicle, DAY - dt.timedelta(days=1))).status_code == 404


def test_a_driver_sees_only_today_s_rides_on_the_vehicle_they_drive_today(world):
    today_ride = ride(world)
    other_vehicle = factories.vehicle_make("Bus 2")
    other = factories.driver_make("Inny Kierowca", user=user_make(Role.DRIVER))
    factories.shift_make(other_vehicle, DAY, driver=other)
    tomorrow = factories.booking_make(
        world.entitlement, DAY + dt.timedelta(days=1), dt.time(9), created_by=world.clerk
    )
    factories.shift_make(world.vehicle, tomorrow.day, driver=world.driver_user.driver)
    plan_insert(tomorrow, acting_user=world.clerk)
    visible = Booking.objects.visible_to(world.driver_user)
    assert list(visible) == [today_ride]
    assert not Booking.objects.visible_to(other.user).exists()
    world.driver_user.driver.is_active = False
    world.driver_user.driver.save()
    assert not Booking.objects.visible_to(world.driver_user).exists()


def test_the_dispatcher_opens_any_vehicle_any_day_and_others_are_refused(world):
    ride(world)
    dispatcher = login(world.dispatcher)
    assert dispatcher.get(page_url(world.vehicle)).status_code == 200
    assert dispatcher.get(page_url(world.vehicle, DAY + dt.timedelta(days=3))).status_code == 200
    assert (
        dispatcher.get(reverse("transport:manifest", args=[world.vehicle.uuid, "x"])).status_code
        == 404
    )
    for role in (Role.CLIENT_OFFICE, Role.SOCIAL_WORKER, Role.PROVIDER_STAFF):
        assert login(user_make(role)).get(page_url(world.vehicle)).status_code == 403
    assert login(world.clerk).get(reverse("transport:drive")).status_code == 403
    assert Client().get(page_url(world.vehicle)).status_code == 302


def test_a_driver_without_a_shift_today_is_told_so(world):
    user = user_make(Role.DRIVER)
    factories.driver_make("Wolny Kierowca", user=user)
    html = login(user).get(reverse("transport:drive")).content.decode()
    assert "You have no shift today" in html


def test_reading_a_manifest_with_health_related_needs_is_audited(world):
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE)
    ride(world)
    login(world.driver_user).get(reverse("transport:drive"))
    assert reads.count() == 0  # no wheelchair, assistant or guide dog: nothing special shown
    wheelchair = ride(world, dt.time(10, 0), origin=factories.HOMES[2], wheelchair=True)
    login(world.driver_user).get(reverse("transport:drive"))
    event = reads.get()
    assert event.actor == world.driver_user
    assert event.changes == {
        "read": "manifest_page",
        "day": "2026-03-10",
        "rides": [wheelchair.number],
    }


def test_the_manifest_page_reads_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for n, home in enumerate(factories.HOMES[:3]):
        ride(world, dt.time(9, 10 * n), origin=home)
    client = login(world.dispatcher)
    with django_assert_max_num_queries(20):
        assert client.get(page_url(world.vehicle)).status_code == 200


def test_replanning_the_day_keeps_the_stops_the_driver_has_marked(world):
    driven = ride(world, dt.time(8, 0))
    on_board = ride(world, dt.time(8, 30))
    mark(driven, manifests.PICKED_UP, world.driver_user)
    mark(driven, manifests.DROPPED_OFF, world.driver_user)
    mark(on_board, manifests.PICKED_UP, world.driver_user)
    marked = {
        (s.booking_id, s.kind): s.done_at for s in PlanStop.objects.filter(done_at__isnull=False)
    }
    assert len(marked) == 3
    ride(world, dt.time(11, 0))  # inserting a ride replans the day
    stops = list(PlanStop.objects.filter(vehicle=world.vehicle).order_by("position"))
    assert {(s.booking_id, s.kind): s.done_at for s in stops if s.done_at} == marked
    assert all(s.done_at for s in stops[:3])  # what was driven comes first
    assert [s.kind for s in stops if s.booking_id == on_board.pk] == ["pickup", "dropoff"]
    assert len(stops) == 6
