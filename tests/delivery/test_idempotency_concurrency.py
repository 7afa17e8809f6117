"""Two submissions with one token at the same moment store one record (issue 9, item 11):
the second waits on the unique index of the token, then records nothing. The same file
uploaded twice at once is recorded once. Proven on PostgreSQL with real connections."""

from __future__ import annotations

import functools

import pytest
from django.db import connection
from django.utils import timezone

from opencus.core.roles import Role
from opencus.delivery.errors import DeliveryAlreadyRecorded
from opencus.delivery.imports import ImportFileError, import_deliveries
from opencus.delivery.models import DeliveryImport, DeliveryRecord, DeliveryRequest
from opencus.delivery.services import delivery_record
from tests.concurrency import at_once
from tests.delivery.factories import entitlement_make, line_make, staff_link

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]


@pytest.mark.parametrize("attempt", range(3))
def test_two_submits_with_one_token_store_one_record(make_staff, attempt):
    line = line_make()
    entitlement = entitlement_make(line=line)
    staff = make_staff(Role.PROVIDER_STAFF)
    staff_link(staff, line)

    submit = functools.partial(
        delivery_record,
        entitlement=entitlement,
        delivered_on=timezone.localdate(),
        units=1,
        acting_user=staff,
        request_key=f"one-token-{attempt}",
    )
    outcomes = at_once(submit, submit)

    written = [o for o in outcomes if isinstance(o, DeliveryRecord)]
    repeated = [o for o in outcomes if isinstance(o, DeliveryAlreadyRecorded)]
    assert len(written) == 1 and len(repeated) == 1, outcomes
    assert repeated[0].record.pk == written[0].pk
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 1
    assert DeliveryRequest.objects.get().record_id == written[0].pk


def test_the_same_file_uploaded_twice_at_once_is_recorded_once(make_staff):
    line = line_make()
    entitlement = entitlement_make(line=line)
    staff = make_staff(Role.PROVIDER_STAFF)
    staff_link(staff, line)
    day = timezone.localdate().strftime("%d.%m.%Y")
    content = f"numer_uprawnienia;data;jednostki\r\n{entitlement.pk};{day};1\r\n".encode()

    upload = functools.partial(
        import_deliveries,
        provider=line.contract.provider,
        name="m.csv",
        content=content,
        acting_user=staff,
    )
    outcomes = at_once(upload, upload)

    refused = [o for o in outcomes if isinstance(o, ImportFileError)]
    assert len(refused) == 1, outcomes
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 1
    assert DeliveryImport.objects.count() == 1
