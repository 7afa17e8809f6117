"""The demo's Senior+ places and vouchers (``opencus/demo/senior.py``): the day home and the
club with members and hours that keep the programme's minimum, a month of the day home's
register with meals, people who come by the senior taxi, and cinema vouchers issued, redeemed,
expired and still valid. Seeded once for the module, as ``test_seed_demo`` does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencus.activities.daycare_services import weekly_hours
from opencus.activities.models import (
    AttendanceMark,
    Facility,
    FacilityKind,
    Membership,
    Voucher,
    VoucherStatus,
)
from opencus.core.registry import arrivals
from opencus.core.roles import Role
from tests.demo.test_seed_demo import on_a_demo_day, seed

PEOPLE = 400


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        with on_a_demo_day():
            output = seed(PEOPLE)
        yield output
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _on_a_demo_day() -> Iterator[None]:
    with on_a_demo_day():
        yield


@pytest.mark.django_db
def test_the_day_home_and_the_club_have_members_and_their_hours(demo: str) -> None:
    home = Facility.objects.get(kind=FacilityKind.DAY_HOME)
    club = Facility.objects.get(kind=FacilityKind.CLUB)
    assert home.provider is not None and club.provider is not None
    assert home.location is not None
    assert weekly_hours(club) >= 20
    assert [(h.weekday, h.opens_at, h.closes_at) for h in home.hours.all()] == [
        (day, dt.time(7, 30), dt.time(15, 30)) for day in range(1, 6)
    ]
    assert 5 <= Membership.objects.filter(facility=home).count() <= home.capacity
    assert 5 <= Membership.objects.filter(facility=club).count() <= club.capacity
    assert {m.basis for m in Membership.objects.filter(facility=home)} == {"decision"}
    assert {m.basis for m in Membership.objects.filter(facility=club)} == {"declaration"}


@pytest.mark.django_db
def test_the_day_home_has_a_month_of_attendance_and_meals(demo: str) -> None:
    today = timezone.localdate()
    marks = AttendanceMark.objects.filter(membership__facility__kind=FacilityKind.DAY_HOME)
    days = set(marks.values_list("day", flat=True))
    assert len(days) >= 15
    assert min(days) <= today - dt.timedelta(days=25)
    assert all(day.weekday() < 5 for day in days)
    assert marks.filter(present=True, meals__gt=0).exists()
    assert marks.filter(present=False).exists()
    assert marks.filter(present=True, delivery_record__isnull=False).exists()


@pytest.mark.django_db
def test_the_senior_taxi_brings_members_to_the_day_home(demo: str) -> None:
    from django.contrib.auth.models import User

    home = Facility.objects.get(kind=FacilityKind.DAY_HOME)
    organiser = User.objects.get(username=Role.SERVICE_ORGANISER.value)
    members = set(Membership.objects.filter(facility=home).values_list("person_id", flat=True))
    assert home.location_id is not None
    days = [timezone.localdate() + dt.timedelta(days=n) for n in range(1, 8)]
    riders = set()
    for day in days:
        riders |= set(arrivals(organiser, day, [home.location_id]))
    assert riders & members


@pytest.mark.django_db
def test_vouchers_are_issued_redeemed_expired_and_still_valid(demo: str) -> None:
    statuses = set(Voucher.objects.values_list("status", flat=True))
    assert statuses == {VoucherStatus.ISSUED, VoucherStatus.REDEEMED, VoucherStatus.EXPIRED}
    assert Voucher.objects.filter(service__slug="wejsciowki-kino-kultura").exists()
    redeemed = Voucher.objects.filter(status=VoucherStatus.REDEEMED).first()
    assert redeemed is not None and redeemed.delivery_record is not None


@pytest.mark.django_db
def test_the_cinema_s_staff_redeem_a_valid_voucher_on_the_demo(demo: str) -> None:
    from django.contrib.auth.models import User

    staff = User.objects.get(username="kino")
    voucher = Voucher.objects.filter(
        status=VoucherStatus.ISSUED,
        service__slug="wejsciowki-kino-kultura",
        valid_from__lte=timezone.localdate(),
    ).first()
    assert voucher is not None
    client = Client()
    client.force_login(staff)
    found = client.post(reverse("activities:voucher_redeem_start"), {"code": voucher.code})
    assert found.status_code == 302
    assert found["Location"] == reverse("activities:voucher_redeem", args=[voucher.uuid])
    # The cinema runs no Senior+ place: its staff see none.
    page = client.get(reverse("activities:daycare_list"))
    assert "Dzienny Dom Senior+" not in page.content.decode()
