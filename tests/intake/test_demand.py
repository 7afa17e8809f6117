"""Unmet demand: every refusal, every waiting-list entry and every request for a service the
programme does not offer is recorded for the needs diagnosis."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from opencus.intake.demand import (
    unmet_demand_record_request,
    unmet_demand_summary,
    unmet_demand_sync,
)
from opencus.intake.errors import IntakeError
from opencus.intake.models import DemandReason, UnmetDemand
from opencus.intake.services import item_qualify, item_refuse, item_withdraw
from tests.catalog.factories import ProgrammeServiceFactory, area
from tests.intake.factories import item_make
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def test_refusals_and_waiting_list_entries_are_recorded_from_the_queue_log(clerk):
    service = ProgrammeServiceFactory.create(capacity=1, areas=[area("health"), area("culture")])
    holder = item_make(service, by=clerk, minutes_ago=30)
    waiting = item_make(service, by=clerk, minutes_ago=20)
    refused = item_make(service, by=clerk, minutes_ago=10)
    withdrawn = item_make(ProgrammeServiceFactory.create(), by=clerk)
    item_qualify(item=holder, acting_user=clerk)
    item_qualify(item=waiting, acting_user=clerk)
    item_refuse(item=refused, reason="Brak miejsc w tym roku.", acting_user=clerk)
    item_withdraw(item=withdrawn, acting_user=clerk, reason="No longer needed.")

    assert unmet_demand_sync(acting_user=clerk) == 2

    rows = {row.reason: row for row in UnmetDemand.objects.all()}
    assert set(rows) == {DemandReason.WAITING, DemandReason.REFUSED}
    assert rows["refused"].item == refused
    assert rows["refused"].person == refused.person
    assert rows["refused"].note == "Brak miejsc w tym roku."
    assert rows["waiting"].note == "no free place"
    first_area = min(service.areas.all(), key=lambda a: a.code)
    for row in rows.values():
        assert row.service == service
        assert row.area == first_area
        assert row.recorded_on == timezone.localdate()


def test_the_sync_is_idempotent_and_picks_up_what_happened_since(clerk):
    service = ProgrammeServiceFactory.create(capacity=0)
    first = item_make(service, by=clerk, minutes_ago=10)
    item_qualify(item=first, acting_user=clerk)
    assert unmet_demand_sync() == 1
    assert unmet_demand_sync() == 0
    second = item_make(service, by=clerk)
    item_refuse(item=second, reason="Nie spełnia warunków.", acting_user=clerk)
    # A waiting request later refused counts twice: once waiting, once refused.
    first.refresh_from_db()
    item_refuse(item=first, reason="Wyprowadził się z gminy.", acting_user=clerk)
    assert unmet_demand_sync() == 2
    assert unmet_demand_sync() == 0
    assert UnmetDemand.objects.filter(item=first).count() == 2
    assert UnmetDemand.objects.count() == 3


def test_the_database_keeps_one_row_per_request_and_reason(clerk):
    service = ProgrammeServiceFactory.create()
    item = item_make(service, by=clerk)
    item_refuse(item=item, reason="Powód.", acting_user=clerk)
    unmet_demand_sync()
    with pytest.raises(IntegrityError), transaction.atomic():
        UnmetDemand.objects.create(
            item=item, service=service, reason="refused", recorded_on=timezone.localdate()
        )


def test_a_request_for_a_service_not_offered_is_recorded_in_the_residents_words(clerk):
    person = PersonFactory.create()
    demand = unmet_demand_record_request(
        text="  sprzątanie   mieszkania ", person=person, area=area("health"), acting_user=clerk
    )
    assert demand.category == "sprzątanie mieszkania"
    assert demand.reason == DemandReason.NOT_OFFERED
    assert demand.service is None
    assert demand.recorded_on == timezone.localdate()
    assert demand.recorded_by == clerk
    anonymous = unmet_demand_record_request(text="joga", acting_user=clerk)
    assert anonymous.person is None


def test_an_empty_or_future_request_is_refused_and_nothing_is_recorded(clerk):
    with pytest.raises(IntakeError) as refused:
        unmet_demand_record_request(text="   ", acting_user=clerk)
    assert refused.value.error_dict["text"][0].code == "text"
    assert "Write what the person asked for" in refused.value.messages[0]
    with pytest.raises(IntakeError):
        unmet_demand_record_request(text="x" * 201, acting_user=clerk)
    with pytest.raises(IntakeError):
        unmet_demand_record_request(
            text="joga",
            acting_user=clerk,
            recorded_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert not UnmetDemand.objects.exists()


def test_the_summary_counts_by_reason_service_or_category_and_area(clerk):
    unmet_demand_record_request(text="Joga", acting_user=clerk)
    unmet_demand_record_request(text="joga", acting_user=clerk)
    unmet_demand_record_request(text="sprzątanie", acting_user=clerk)
    unmet_demand_record_request(
        text="basen", acting_user=clerk, recorded_on=timezone.localdate() - dt.timedelta(days=40)
    )
    service = ProgrammeServiceFactory.create()
    item_refuse(item=item_make(service, by=clerk), reason="Powód.", acting_user=clerk)
    unmet_demand_sync()

    rows = unmet_demand_summary(
        since=timezone.localdate() - dt.timedelta(days=30), until=timezone.localdate()
    )

    assert rows[0]["category_key"] == "joga"
    assert rows[0]["count"] == 2
    assert {(row["reason"], row["category_key"] or row["service__name"]) for row in rows} == {
        ("not_offered", "joga"),
        ("not_offered", "sprzątanie"),
        ("refused", service.name),
    }
