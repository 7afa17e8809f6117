"""The senior taxi in the administration panel: every model listed and each object shown,
and nothing added, changed or deleted there (the services and staff pages do that)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from opencus.transport.models import (
    Booking,
    DayPlan,
    Driver,
    Place,
    RideSeries,
    Shift,
    TransportRules,
    Vehicle,
)
from opencus.transport.series import Endpoint, series_create
from tests.conftest import force_login_verified
from tests.transport.factories import (
    HOMES,
    booking_make,
    driver_make,
    entitlement_make,
    place_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = pytest.mark.django_db
DAY = dt.date(2027, 3, 10)


@pytest.fixture
def admin_client(settings: Any) -> Client:
    # The admin's own page markup is not ours: unknown variables there are Django's business.
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = ""
    user = User.objects.create_superuser("admin", "admin@example.org", "correct-horse-staple")
    client = Client()
    force_login_verified(client, user)
    return client


def test_the_transport_models_are_shown_read_only(admin_client: Client) -> None:
    admin = User.objects.get(username="admin")
    service = service_make(quotas=[(2, "month", "legs")])
    entitlement = entitlement_make(service)
    bus = vehicle_make()
    shift_make(bus, DAY, driver=driver_make())
    booking_make(entitlement, DAY, dt.time(9), created_by=admin)
    DayPlan.objects.create(day=DAY)
    series_create(
        person=entitlement.person,
        entitlement=entitlement,
        weekdays=[0],
        outbound_time=dt.time(8),
        return_time=None,
        origin=Endpoint("ul. Testowa 1", HOMES[0][0], HOMES[0][1]),
        destination=Endpoint.of_place(place_make()),
        destination_kind="day_home",
        starts_on=DAY,
        acting_user=admin,
    )
    for model in (Place, Vehicle, Driver, Shift, TransportRules, Booking, RideSeries, DayPlan):
        name = model._meta.model_name
        listing = admin_client.get(reverse(f"admin:transport_{name}_changelist"))
        assert listing.status_code == 200, name
        obj = model.objects.first()
        assert obj is not None
        shown = admin_client.get(reverse(f"admin:transport_{name}_change", args=[obj.pk]))
        assert shown.status_code == 200, name
        assert b'name="_save"' not in shown.content  # nothing to save: read only
        assert admin_client.get(reverse(f"admin:transport_{name}_add")).status_code == 403
        deleted = admin_client.post(reverse(f"admin:transport_{name}_delete", args=[obj.pk]))
        assert deleted.status_code == 403
        assert model.objects.filter(pk=obj.pk).exists()
