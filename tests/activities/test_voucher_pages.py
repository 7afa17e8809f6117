"""The vouchers' pages: the clerk issues from the person's page and prints the voucher; the
venue's staff redeem on the phone page (code → voucher → confirm → done); refusals show on the
page and change nothing; another venue's staff get a 404 and an unknown code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse

from opencus.activities.models import Voucher, VoucherStatus
from opencus.activities.voucher_services import voucher_issue
from tests.activities.senior_factories import NOW, Venue, venue_make
from tests.people.factories import PersonFactory
from tests.personas import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_a_tuesday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def venue() -> Venue:
    return venue_make()


def test_the_clerk_issues_a_voucher_from_the_person_s_page_and_prints_it(venue) -> None:
    entitlement = venue.entitlement()
    client = login(venue.clerk)
    url = reverse("activities:voucher_person", args=[entitlement.person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Karnet do kina" in page.text
    response = client.post(url, {"service": venue.service.pk})
    voucher = Voucher.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:voucher_detail", args=[voucher.uuid])
    detail = client.get(response["Location"])
    assert voucher.code_text in detail.text
    pdf = client.get(reverse("activities:voucher_pdf", args=[voucher.uuid]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("activities:voucher_list")).status_code == 200


def test_a_person_without_an_entitlement_is_told_why_no_voucher_can_be_issued(venue) -> None:
    person = PersonFactory.create()
    client = login(venue.clerk)
    url = reverse("activities:voucher_person", args=[person.pk])
    assert "no active entitlement" in client.get(url).text
    response = client.post(url, {"service": venue.service.pk})
    assert response.status_code == 400
    assert not Voucher.objects.exists()


def test_beyond_the_allowance_the_form_says_so(venue) -> None:
    entitlement = venue.entitlement(tickets=1)
    client = login(venue.clerk)
    url = reverse("activities:voucher_person", args=[entitlement.person.pk])
    assert client.post(url, {"service": venue.service.pk}).status_code == 302
    refused = client.post(url, {"service": venue.service.pk})
    assert refused.status_code == 400
    assert "1 of 1 tickets" in refused.text
    assert Voucher.objects.count() == 1


def test_the_venue_redeems_on_the_phone_page(venue) -> None:
    voucher = voucher_issue(
        person=venue.entitlement().person, service=venue.service, acting_user=venue.clerk
    )
    client = login(venue.staff)
    start = reverse("activities:voucher_redeem_start")
    assert client.get(start).status_code == 200
    found = client.post(start, {"code": voucher.code_text.lower()})
    page_url = reverse("activities:voucher_redeem", args=[voucher.uuid])
    assert found.status_code == 302 and found["Location"] == page_url
    page = client.get(page_url)
    assert voucher.person.full_name in page.text
    assert (voucher.person.pesel or "-") not in page.text
    assert "Redeem the voucher" in page.text
    done = client.post(page_url, follow=True)
    assert "is redeemed" in done.text
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.REDEEMED
    again = client.post(page_url)
    assert again.status_code == 400
    assert "already redeemed" in again.text
    typed_again = client.post(start, {"code": voucher.code})
    assert typed_again.status_code == 400 and "already redeemed" in typed_again.text


def test_wrong_codes_get_clear_messages_that_name_no_one(venue) -> None:
    voucher = voucher_issue(
        person=venue.entitlement().person, service=venue.service, acting_user=venue.clerk
    )
    museum = venue_make("Muzeum Przyrody i Techniki")
    client = login(museum.staff)
    start = reverse("activities:voucher_redeem_start")
    other = client.post(start, {"code": voucher.code})
    assert other.status_code == 400
    assert "No voucher for your venue has this code" in other.text
    assert voucher.person.last_name not in other.text
    typo = client.post(start, {"code": "AAAA-AAAA-AAB"})
    assert typo.status_code == 400 and "mistyped" in typo.text
    assert client.get(reverse("activities:voucher_redeem", args=[voucher.uuid])).status_code == 404
    assert client.post(reverse("activities:voucher_redeem", args=[voucher.uuid])).status_code == 404
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.ISSUED


def test_the_person_card_links_to_the_vouchers(venue) -> None:
    entitlement = venue.entitlement()
    voucher_issue(person=entitlement.person, service=venue.service, acting_user=venue.clerk)
    page = login(venue.clerk).get(reverse("people:detail", args=[entitlement.person.pk]))
    assert reverse("activities:voucher_person", args=[entitlement.person.pk]) in page.text
    assert "Vouchers (cinema, museum)" in page.text


def test_query_budget_of_the_voucher_list(venue, django_assert_max_num_queries) -> None:
    for _ in range(5):
        voucher_issue(
            person=venue.entitlement().person, service=venue.service, acting_user=venue.clerk
        )
    client = login(venue.clerk)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("activities:voucher_list")).status_code == 200
