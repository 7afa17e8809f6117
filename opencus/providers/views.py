"""Staff pages of the provider registry and contracts. Thin: parse the request, call a
selector or a service, render. Staff with ``provider.view`` see every provider; a provider's
own staff see only theirs (another provider's page is a 404); changes need ``provider.manage``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.core.access import access_required, capability_required
from opencus.core.actions import run_action
from opencus.core.forms import form_add_domain_error
from opencus.core.roles import has_capability
from opencus.providers import selectors, services
from opencus.providers.capabilities import PROVIDER_MANAGE
from opencus.providers.forms import (
    ContractForm,
    ContractLineForm,
    LineEndForm,
    ProviderFilterForm,
    ProviderForm,
    StaffAttachForm,
)
from opencus.providers.models import Contract

View = Callable[..., HttpResponse]


#: Anonymous → the login page; without ``provider.view`` and not a provider's current
#: staff → 403.
provider_pages = access_required(selectors.can_see_providers)


def _query_prefix(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return (query.urlencode() + "&") if query else ""


def _form_page(request: HttpRequest, template: str, form: Any, **context: Any) -> HttpResponse:
    page = {"form": form, "provider": None, "contract": None, **context}
    return render(request, template, page, status=400 if form.errors else 200)


@provider_pages
def provider_list(request: HttpRequest) -> HttpResponse:
    form = ProviderFilterForm(request.GET or None)
    query = kind = ""
    if form.is_bound and form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    providers = selectors.provider_list(user=request.user, query=query, kind=kind)
    page = Paginator(providers, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "providers/provider_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": bool(query or kind),
            "query_prefix": _query_prefix(request),
        },
        status=400 if form.errors else 200,
    )


def _contract_rows(contracts: Any) -> list[dict[str, Any]]:
    rows = []
    for contract in contracts:
        lines = list(contract.lines.all())
        rows.append(
            {
                "contract": contract,
                "lines": lines,
                "lines_total": sum((line.max_value for line in lines), start=0),
            }
        )
    return rows


@provider_pages
def provider_detail(request: HttpRequest, provider_uuid: uuid.UUID) -> HttpResponse:
    provider = selectors.provider_detail(user=request.user, provider_uuid=provider_uuid)
    return render(
        request,
        "providers/provider_detail.html",
        {
            "provider": provider,
            "staff": list(provider.staff.all()),
            "rows": _contract_rows(provider.contracts.all()),
            "can_manage": has_capability(request.user, PROVIDER_MANAGE),
        },
    )


@capability_required(PROVIDER_MANAGE)
def provider_create(request: HttpRequest) -> HttpResponse:
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_register(
                acting_user=request.user, fields=form.cleaned_data
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s has been registered.") % {"name": provider.name})
            return redirect("providers:detail", provider_uuid=provider.uuid)
    return _form_page(
        request,
        "providers/form.html",
        form,
        title=_("Register a provider"),
        submit=_("Register the provider"),
    )


@capability_required(PROVIDER_MANAGE)
def provider_edit(request: HttpRequest, provider_uuid: uuid.UUID) -> HttpResponse:
    provider = selectors.provider_detail(user=request.user, provider_uuid=provider_uuid)
    initial = model_to_dict(provider, fields=services.PROVIDER_FIELDS)
    form = ProviderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_update(
                provider=provider, acting_user=request.user, fields=form.cleaned_data
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The provider's data is saved."))
            return redirect("providers:detail", provider_uuid=provider.uuid)
    return _form_page(
        request,
        "providers/form.html",
        form,
        title=_("Edit the provider"),
        submit=_("Save"),
        provider=provider,
    )


@require_POST
@capability_required(PROVIDER_MANAGE)
def provider_archive(request: HttpRequest, provider_uuid: uuid.UUID) -> HttpResponse:
    provider = selectors.provider_detail(user=request.user, provider_uuid=provider_uuid)
    run_action(
        request,
        lambda: services.provider_archive(provider=provider, acting_user=request.user),
        _("%(name)s has been archived.") % {"name": provider.name},
    )
    return redirect("providers:detail", provider_uuid=provider.uuid)


@capability_required(PROVIDER_MANAGE)
def staff_attach(request: HttpRequest, provider_uuid: uuid.UUID) -> HttpResponse:
    provider = selectors.provider_detail(user=request.user, provider_uuid=provider_uuid)
    form = StaffAttachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_staff_attach(
                provider=provider,
                user=form.cleaned_data["username"],
                acting_user=request.user,
                valid_from=form.cleaned_data["valid_from"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "user" in error.error_dict:
                error.error_dict["username"] = error.error_dict.pop("user")
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The user now works for this provider."))
            return redirect("providers:detail", provider_uuid=provider.uuid)
    return _form_page(
        request,
        "providers/form.html",
        form,
        title=_("Add a staff member"),
        submit=_("Add"),
        provider=provider,
    )


@require_POST
@capability_required(PROVIDER_MANAGE)
def staff_end(request: HttpRequest, pk: int) -> HttpResponse:
    link = selectors.staff_link(user=request.user, pk=pk)
    run_action(
        request,
        lambda: services.provider_staff_end(link=link, acting_user=request.user),
        _("%(user)s no longer works for the provider.") % {"user": link.user.get_username()},
    )
    return redirect("providers:detail", provider_uuid=link.provider.uuid)


@capability_required(PROVIDER_MANAGE)
def contract_create(request: HttpRequest, provider_uuid: uuid.UUID) -> HttpResponse:
    provider = selectors.provider_detail(user=request.user, provider_uuid=provider_uuid)
    form = ContractForm(request.POST or None, initial={"status": "draft"})
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(
                provider=provider, acting_user=request.user, fields=form.cleaned_data
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The contract is registered. Add its lines."))
            return redirect("providers:contract_detail", contract_uuid=contract.uuid)
    return _form_page(
        request,
        "providers/form.html",
        form,
        title=_("New contract"),
        submit=_("Register the contract"),
        provider=provider,
    )


@provider_pages
def contract_detail(request: HttpRequest, contract_uuid: uuid.UUID) -> HttpResponse:
    contract = selectors.contract_detail(user=request.user, contract_uuid=contract_uuid)
    row = _contract_rows([contract])[0]
    return render(
        request,
        "providers/contract_detail.html",
        {
            "contract": contract,
            "provider": contract.provider,
            "row": row,
            "can_manage": has_capability(request.user, PROVIDER_MANAGE),
        },
    )


@capability_required(PROVIDER_MANAGE)
def contract_edit(request: HttpRequest, contract_uuid: uuid.UUID) -> HttpResponse:
    contract = selectors.contract_detail(user=request.user, contract_uuid=contract_uuid)
    initial = model_to_dict(contract, fields=services.CONTRACT_FIELDS)
    form = ContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(
                contract=contract, acting_user=request.user, fields=form.cleaned_data
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The contract is saved."))
            return redirect("providers:contract_detail", contract_uuid=contract.uuid)
    return _contract_form_page(request, form, contract, _("Edit the contract"), _("Save"))


def _contract_form_page(
    request: HttpRequest, form: Any, contract: Contract, title: str, submit: str
) -> HttpResponse:
    return _form_page(
        request,
        "providers/form.html",
        form,
        title=title,
        submit=submit,
        provider=contract.provider,
        contract=contract,
    )


@capability_required(PROVIDER_MANAGE)
def line_add(request: HttpRequest, contract_uuid: uuid.UUID) -> HttpResponse:
    contract = selectors.contract_detail(user=request.user, contract_uuid=contract_uuid)
    form = ContractLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_line_add(
                contract=contract, acting_user=request.user, fields=form.line_fields()
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The line is added."))
            return redirect("providers:contract_detail", contract_uuid=contract.uuid)
    return _contract_form_page(request, form, contract, _("Add a contract line"), _("Add the line"))


@capability_required(PROVIDER_MANAGE)
def line_end(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.contract_line(user=request.user, pk=pk)
    form = LineEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_line_end(
                line=line, acting_user=request.user, on=form.cleaned_data["ended_on"]
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The line is ended."))
            return redirect("providers:contract_detail", contract_uuid=line.contract.uuid)
    return _contract_form_page(
        request,
        form,
        line.contract,
        _("End the line: %(service)s") % {"service": line.service.name},
        _("End the line"),
    )
