"""Staff pages of the monthly settlement. Thin: parse the request, call a selector or a
service, render. The centre's staff with ``provider.view`` see every contract; a provider's own
staff see only their provider's (another provider's contract is a 404); approving needs
``settlement.approve``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.access import access_required
from opencus.core.actions import confirm_page
from opencus.core.roles import has_capability
from opencus.delivery import selectors, services
from opencus.delivery.capabilities import SETTLEMENT_APPROVE
from opencus.delivery.forms import ApproveForm
from opencus.delivery.models import month_start, next_month
from opencus.delivery.statements import Statement, statement_pdf, statement_xlsx
from opencus.providers.models import Contract
from opencus.providers.selectors import can_see_providers

View = Callable[..., HttpResponse]


#: Anonymous → the login page; without ``provider.view`` and not a provider's current
#: staff → 403.
settlement_pages = access_required(can_see_providers)


def _month(contract: Contract, year: int, month: int) -> dt.date:
    """The month named in the URL, if the contract runs in it (else 404)."""
    if not 1 <= month <= 12 or not 2000 <= year <= 2999:
        raise Http404
    first = dt.date(year, month, 1)
    if first < month_start(contract.valid_from) or first > contract.valid_to:
        raise Http404
    return first


def _statement(request: HttpRequest, contract_uuid: uuid.UUID, year: int, month: int) -> Statement:
    contract = selectors.settlement_contract(user=request.user, contract_uuid=contract_uuid)
    return services.settlement_compute(contract=contract, month=_month(contract, year, month))


@settlement_pages
def contract_list(request: HttpRequest) -> HttpResponse:
    contracts = selectors.settlement_contracts(user=request.user)
    page = Paginator(contracts, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "delivery/contract_list.html", {"page_obj": page, "query_prefix": ""})


@settlement_pages
def contract_months(request: HttpRequest, contract_uuid: uuid.UUID) -> HttpResponse:
    contract = selectors.settlement_contract(user=request.user, contract_uuid=contract_uuid)
    return render(
        request,
        "delivery/contract_months.html",
        {"contract": contract, "months": selectors.contract_months(contract=contract)},
    )


@settlement_pages
def statement(
    request: HttpRequest, contract_uuid: uuid.UUID, year: int, month: int
) -> HttpResponse:
    result = _statement(request, contract_uuid, year, month)
    ended = next_month(result.month) <= timezone.localdate()
    return render(
        request,
        "delivery/statement.html",
        {
            "statement": result,
            "can_approve": (
                has_capability(request.user, SETTLEMENT_APPROVE)
                and ended
                and not result.is_approved
            ),
            "ended": ended,
        },
    )


def _filename(result: Statement, extension: str) -> str:
    number = "".join(ch if ch.isalnum() else "-" for ch in result.contract_number)
    return f"rozliczenie-{number}-{result.month:%Y-%m}.{extension}"


@settlement_pages
def statement_pdf_download(
    request: HttpRequest, contract_uuid: uuid.UUID, year: int, month: int
) -> HttpResponse:
    result = _statement(request, contract_uuid, year, month)
    response = HttpResponse(
        statement_pdf(result, language=request.LANGUAGE_CODE), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, "pdf")}"'
    return response


@settlement_pages
def statement_xlsx_download(
    request: HttpRequest, contract_uuid: uuid.UUID, year: int, month: int
) -> HttpResponse:
    result = _statement(request, contract_uuid, year, month)
    response = HttpResponse(
        statement_xlsx(result, language=request.LANGUAGE_CODE),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, "xlsx")}"'
    return response


@settlement_pages
def statement_approve(
    request: HttpRequest, contract_uuid: uuid.UUID, year: int, month: int
) -> HttpResponse:
    """GET: what approving will do — the month's total, the records behind it, and that the
    month is locked. POST: approve exactly the total shown (``total``)."""
    if not has_capability(request.user, SETTLEMENT_APPROVE):
        raise PermissionDenied
    contract = selectors.settlement_contract(user=request.user, contract_uuid=contract_uuid)
    first = _month(contract, year, month)
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.settlement_approve(
                contract=contract,
                month=first,
                acting_user=request.user,
                expected_total=form.cleaned_data["total"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The settlement is approved and the month is locked."))
            return redirect("delivery:statement", contract.uuid, first.year, first.month)
    elif request.method == "POST":
        messages.error(request, _("The page was out of date. Check the total and confirm again."))
    result = services.settlement_compute(contract=contract, month=first)
    ended = next_month(first) <= timezone.localdate()
    return confirm_page(
        request,
        "delivery/approve_confirm.html",
        title=_("Approve the settlement"),
        caption=f"{result.provider_name} · {result.contract_number}",
        button=_("Approve the settlement"),
        back_url=reverse("delivery:statement", args=[contract.uuid, first.year, first.month]),
        warning=_(
            "Approving locks the month: no new delivery can be dated in it, and later "
            "corrections go to the next open month. An approval cannot be withdrawn here."
        ),
        form=ApproveForm(initial={"total": result.total}),
        can_confirm=ended and not result.is_approved,
        statement=result,
        ended=ended,
        people=len({line.person for line in result.person_lines}),
    )
