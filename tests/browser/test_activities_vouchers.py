"""Voucher redemption on a phone (375 × 740): the cinema's staff member types the code from the
paper voucher, sees whose voucher it is and for what, confirms, and the voucher is redeemed
into the ledger; typing it again is refused with a clear message; a mistyped code is told as
a typo. The pages reflow at 320 px and axe-core finds nothing on every page visited. Today is
whatever day the suite runs (a voucher is valid 30 days from today)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from opencus.activities.models import VoucherStatus
from opencus.activities.voucher_services import voucher_issue
from tests.browser.helpers import NARROW, OVERFLOW, PHONE, sign_in

pytestmark = pytest.mark.browser


def test_the_cinema_redeems_a_voucher_on_a_phone(
    live_server: Any, page: Page, assert_accessible: Any
) -> None:
    from tests.activities.senior_factories import venue_make

    venue = venue_make()
    voucher = voucher_issue(
        person=venue.entitlement().person, service=venue.service, acting_user=venue.clerk
    )
    person = voucher.person

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, venue.staff)
    page.goto(f"{live_server.url}/zajecia/bony/realizacja/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Redeem a voucher")
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)

    # A typo first: one character off.
    code = voucher.code
    wrong = "2" if code[5] != "2" else "3"
    page.get_by_label("Voucher code").fill(code[:5] + wrong + code[6:])
    page.get_by_role("button", name="Check the code").click()
    expect(page.get_by_text("a character is probably mistyped").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Voucher code").fill(voucher.code_text.lower())
    page.get_by_role("button", name="Check the code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Voucher {voucher.code_text}")
    expect(page.get_by_text(person.full_name)).to_be_visible()
    expect(page.get_by_text("Karnet do kina")).to_be_visible()
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)

    confirm = page.get_by_role("button", name="Redeem the voucher")
    box = confirm.bounding_box()
    assert box is not None and box["height"] >= 44  # a big target
    confirm.click()
    expect(page.get_by_text(f"Voucher {voucher.code_text} is redeemed")).to_be_visible()
    assert_accessible(page)
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.REDEEMED
    assert voucher.delivery_record is not None

    page.get_by_label("Voucher code").fill(voucher.code)
    page.get_by_role("button", name="Check the code").click()
    expect(page.get_by_text("already redeemed").first).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size(NARROW)
    page.reload()
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)
