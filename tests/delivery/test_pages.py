"""The settlement pages: the statement with its tables and downloads, approval by the
organiser (a plain POST with a redirect), the months list, a provider's staff seeing their own
contract only (another provider's is a 404), and the statement page's query budget."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from opencus.core.roles import Role
from opencus.delivery.models import Settlement, SettlementStatus
from opencus.delivery.services import delivery_record
from tests.delivery.factories import entitlement_make, line_make, previous_month
from tests.people.factories import PersonFactory
from tests.personas import login, provider_staff_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(organiser: Any) -> dict[str, Any]:
    line = line_make(unit_price="20.00")
    month = previous_month(timezone.localdate())
    for n in range(3):
        entitlement = entitlement_make(
            line=line, person=PersonFactory.create(last_name=f"Kowalska{n}")
        )
        with translation.override("en"):
            delivery_record(
                entitlement=entitlement,
                delivered_on=month + dt.timedelta(days=n),
                units=n + 1,
                acting_user=organiser,
            )
    # The owner works for the provider holding the contract; the outsider for another one.
    return {
        "line": line,
        "contract": line.contract,
        "month": month,
        "owner": provider_staff_make(line),
        "outsider": provider_staff_make(line_make()),
    }


def statement_url(setup: dict[str, Any], name: str = "delivery:statement") -> str:
    month = setup["month"]
    return reverse(name, args=[setup["contract"].uuid, month.year, month.month])


def test_the_statement_page_shows_the_tables_and_the_downloads(english_as, setup):
    response = english_as(Role.SERVICE_ORGANISER).get(statement_url(setup))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kowalska0" in page and "Kowalska2" in page
    assert "120.00" in page or "120,00" in page
    assert statement_url(setup, "delivery:statement_pdf") in page
    assert statement_url(setup, "delivery:statement_xlsx") in page
    assert "Approve the settlement" in page
    assert login(setup["outsider"]).get(statement_url(setup)).status_code == 404


def test_the_organiser_approves_with_a_plain_post_and_then_sees_it_approved(english_as, setup):
    client = english_as(Role.SERVICE_ORGANISER)
    url = statement_url(setup, "delivery:approve")
    statement = client.get(statement_url(setup)).content.decode()
    assert f'href="{url}"' in statement and f'action="{url}"' not in statement
    confirm = client.get(url)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "120.00" in page or "120,00" in page
    assert "3 people" in page
    assert "Approving locks the month" in page
    assert 'name="total" value="120.00"' in page
    assert not Settlement.objects.exists()  # looking changes nothing
    response = client.post(url, {"total": "120.00"}, follow=True)
    assert response.redirect_chain[-1][0] == statement_url(setup)
    assert "approved and the month is locked" in response.content.decode()
    settlement = Settlement.objects.get()
    assert settlement.status == SettlementStatus.APPROVED
    assert str(settlement.total) == "120.00"
    again = client.post(url, {"total": "120.00"}, follow=True)
    assert "already approved on" in again.content.decode()
    assert "Approve the settlement</button>" not in client.get(url).content.decode()
    months = client.get(reverse("delivery:contract_months", args=[setup["contract"].uuid]))
    assert "approved" in months.content.decode()
    # The provider's own staff read the settlement but approve nothing, nor does an outsider.
    for persona in ("owner", "outsider"):
        refused = login(setup[persona]).post(url, {"total": "120.00"})
        assert refused.status_code == 403, persona


def test_a_total_changed_since_the_page_was_opened_is_not_approved(english_as, setup, organiser):
    client = english_as(Role.SERVICE_ORGANISER)
    url = statement_url(setup, "delivery:approve")
    shown = "120.00"
    # Meanwhile one more delivery is recorded in the month.
    delivery_record(
        entitlement=entitlement_make(line=setup["line"], person=PersonFactory.create()),
        delivered_on=setup["month"] + dt.timedelta(days=5),
        units=1,
        acting_user=organiser,
    )
    response = client.post(url, {"total": shown}, follow=True)
    body = response.content.decode()
    assert "The total has changed since the page was opened" in body
    assert "140.00" in body or "140,00" in body
    assert not Settlement.objects.exists()
    crafted = client.post(url, {"total": "abc"}, follow=True)
    assert "The page was out of date" in crafted.content.decode()
    assert not Settlement.objects.exists()


def test_a_month_in_progress_cannot_be_approved_from_its_page(english_as, setup):
    today = timezone.localdate()
    contract = setup["contract"]
    url = reverse("delivery:approve", args=[contract.uuid, today.year, today.month])
    page = english_as(Role.SERVICE_ORGANISER).get(url).content.decode()
    assert "The month is in progress" in page
    assert "Approve the settlement</button>" not in page


def test_roles_without_approval_cannot_approve(english_as, setup):
    response = english_as(Role.AUDITOR).post(statement_url(setup, "delivery:approve"))
    assert response.status_code == 403
    assert not Settlement.objects.exists()
    page = english_as(Role.AUDITOR).get(statement_url(setup)).content.decode()
    assert "Approve the settlement" not in page


def test_provider_staff_see_their_own_contract_and_another_providers_is_a_404(setup):
    client = login(setup["owner"])
    assert client.get(statement_url(setup)).status_code == 200
    assert login(setup["outsider"]).get(statement_url(setup)).status_code == 404
    other = line_make()
    month = setup["month"]
    for name in ("delivery:statement", "delivery:statement_xlsx", "delivery:approve"):
        url = reverse(name, args=[other.contract.uuid, month.year, month.month])
        method = client.post if name == "delivery:approve" else client.get
        assert method(url).status_code in (404, 403), name
    assert (
        client.get(reverse("delivery:contract_months", args=[other.contract.uuid])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("delivery:statement", args=[other.contract.uuid, month.year, month.month])
        ).status_code
        == 404
    )
    listing = client.get(reverse("delivery:contract_list")).content.decode()
    assert setup["contract"].number in listing and other.contract.number not in listing


def test_a_month_outside_the_contract_is_a_404(english_as, setup):
    contract = setup["contract"]
    before = contract.valid_from - dt.timedelta(days=40)
    url = reverse("delivery:statement", args=[contract.uuid, before.year, before.month])
    assert english_as(Role.SERVICE_ORGANISER).get(url).status_code == 404
    assert login(setup["outsider"]).get(url).status_code == 404


def test_the_xlsx_download_reads_back(english_as, setup):
    response = english_as(Role.SERVICE_ORGANISER).get(
        statement_url(setup, "delivery:statement_xlsx")
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    outsider = login(setup["outsider"])
    assert outsider.get(statement_url(setup, "delivery:statement_xlsx")).status_code == 404
    workbook = load_workbook(io.BytesIO(response.content))
    people = list(workbook["People"].iter_rows(values_only=True))[1:]
    assert len(people) == 3


def test_the_pdf_download_is_a_pdf(english_as, setup):
    response = english_as(Role.SERVICE_ORGANISER).get(
        statement_url(setup, "delivery:statement_pdf")
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    outsider = login(setup["outsider"])
    assert outsider.get(statement_url(setup, "delivery:statement_pdf")).status_code == 404


def test_the_statement_page_has_a_query_budget(
    english_as, setup, organiser, django_assert_max_num_queries
):
    client = english_as(Role.SERVICE_ORGANISER)
    client.get(statement_url(setup))
    for n in range(20):  # more people must not mean more queries
        entitlement = entitlement_make(line=setup["line"], person=PersonFactory.create())
        with translation.override("en"):
            delivery_record(
                entitlement=entitlement,
                delivered_on=setup["month"] + dt.timedelta(days=n % 20),
                units=1,
                acting_user=organiser,
            )
    with django_assert_max_num_queries(10):
        assert client.get(statement_url(setup)).status_code == 200
    assert login(setup["outsider"]).get(statement_url(setup)).status_code == 404
