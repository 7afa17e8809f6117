"""Staff pages of applications and queues: file an application for a person (with each
service's eligibility shown before filing), the application with its requested services and
their actions, and each service's queue and waiting list."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.catalog.eligibility import PersonFacts, eligibility_check
from opencus.core.access import capability_required
from opencus.core.actions import confirm_page, run_action
from opencus.core.forms import ReasonForm, form_add_domain_error
from opencus.intake import entitlements, selectors, services
from opencus.intake.capabilities import APPLICATION_FILE, APPLICATION_VIEW, QUEUE_MANAGE
from opencus.intake.demand import unmet_demand_record_request
from opencus.intake.forms import (
    ApplicationForm,
    EntitlementReasonForm,
    IntakeSearchForm,
    NeedsAssessmentForm,
    PromoteForm,
    ProviderChoiceForm,
    RefusalForm,
)
from opencus.intake.models import (
    TRANSITIONS,
    ApplicationItem,
    AssessmentPlace,
    Entitlement,
    ItemState,
)
from opencus.intake.queue import waiting_list_preview, withdraw_frees_for
from opencus.people.capabilities import PERSON_SENSITIVE_EDIT
from opencus.people.models import Person
from opencus.people.selectors import person_search
from opencus.providers.selectors import providers_for_service


def _person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user).active(), pk=pk)


def _item(request: HttpRequest, pk: int) -> ApplicationItem:
    return get_object_or_404(
        ApplicationItem.objects.visible_to(request.user).select_related("application", "service"),
        pk=pk,
    )


@capability_required(APPLICATION_FILE)
def application_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    """File an application for a person. Each open service shows, before filing, whether the
    person meets its conditions today and why (the catalogue's explained check)."""
    person = _person(request, person_pk)
    form = ApplicationForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                application = services.application_file(
                    person=person,
                    services=list(data["services"]),
                    channel=data["channel"],
                    filed_by=data["filed_by"],
                    representative=data["representative"],
                    note=data["note"],
                    acting_user=request.user,
                )
                for text in data["not_offered"]:
                    unmet_demand_record_request(text=text, person=person, acting_user=request.user)
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The application %(reference)s has been filed.")
                % {"reference": application.reference},
            )
            return redirect("intake:application_detail", uuid=application.uuid)
    today = timezone.localdate()
    facts = PersonFacts(person, today)
    # The explanations show special-category content (a certificate's level) only to roles
    # that may read it, and that read is audited once for the page.
    checks = [
        (
            service,
            eligibility_check(
                person, service, on=today, facts=facts, acting_user=request.user, explain=True
            ),
        )
        for service in selectors.services_open_for_applications()
    ]
    return render(
        request,
        "intake/application_form.html",
        {"person": person, "form": form, "checks": checks, "today": today},
        status=400 if form.errors else 200,
    )


@capability_required(APPLICATION_FILE)
def phone_intake(request: HttpRequest) -> HttpResponse:
    """The client office's start for a call: find the caller as they type (HTMX; the plain
    form works without JavaScript), or register them, then file with eligibility shown.

    ``?osoba=<id>`` (where registration sends the clerk back) goes straight to the form."""
    if person_pk := request.GET.get("osoba", ""):
        if not person_pk.isdigit():
            raise Http404
        return redirect("intake:application_new", person_pk=_person(request, int(person_pk)).pk)
    form = IntakeSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = person_search(user=request.user, query=query)
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "page_obj": page,
        "query_prefix": f"{urlencode({'q': query})}&" if query else "",
        "result_link": "intake:application_new",
        "result_link_hint": _("take the application"),
    }
    htmx: Any = getattr(request, "htmx", None)
    # A history restore (back button) needs the whole page, not the results alone.
    partial = bool(htmx) and not htmx.history_restore_request
    template = "people/_results.html" if partial else "intake/phone_intake.html"
    return render(request, template, context)


@capability_required(APPLICATION_VIEW)
def application_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    view = selectors.application_detail(user=request.user, uuid=uuid)
    rows = [
        (item, view.positions.get(item.pk), view.entitlements.get(item.pk)) for item in view.items
    ]
    return render(
        request,
        "intake/application_detail.html",
        {
            "application": view.application,
            "rows": rows,
            "ItemState": ItemState,
            "assessments": selectors.application_assessments(
                user=request.user, application=view.application
            ),
        },
    )


@capability_required(PERSON_SENSITIVE_EDIT)
def assessment_new(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Record the recognition of the person's needs (rozpoznanie potrzeb) for an application:
    when, where, notes, which services fit, whether an individual plan is needed."""
    application = selectors.application_detail(user=request.user, uuid=uuid).application
    form = NeedsAssessmentForm(
        request.POST or None,
        initial={"assessed_on": timezone.localdate(), "place": AssessmentPlace.CENTRE},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.needs_assessment_record(
                application=application,
                acting_user=request.user,
                assessed_on=data["assessed_on"],
                place=data["place"],
                place_note=data["place_note"],
                notes=data["notes"],
                fitting_services=list(data["fitting_services"]),
                plan_needed=data["plan_needed"],
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The needs assessment has been recorded."))
            return redirect("intake:application_detail", uuid=application.uuid)
    return render(
        request,
        "intake/assessment_form.html",
        {"application": application, "form": form},
        status=400 if form.errors else 200,
    )


@capability_required(APPLICATION_VIEW)
def person_applications(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_pk)
    applications = selectors.person_applications(user=request.user, person=person)
    return render(
        request,
        "intake/person_applications.html",
        {"person": person, "applications": applications},
    )


def _after_action(request: HttpRequest, item: ApplicationItem) -> HttpResponse:
    target = request.POST.get("next", "")
    if target == "queue":
        return redirect("intake:queue_detail", uuid=item.service.uuid)
    return redirect("intake:application_detail", uuid=item.application.uuid)


def _uses_attribute(rules: Any, name: str) -> bool:
    """Whether an eligibility rule set (``catalog.eligibility``) has a leaf on ``name``."""
    if isinstance(rules, dict):
        return rules.get("attribute") == name or any(
            _uses_attribute(value, name) for value in rules.values()
        )
    if isinstance(rules, list):
        return any(_uses_attribute(value, name) for value in rules)
    return False


def _refusal_with_fix(error: ValidationError, item: ApplicationItem) -> str:
    """The refusal's text; when the person's address has no TERC code and the service needs
    residence, with a link to the field to fill (the person's edit page, at the field)."""
    text = " ".join(error.messages)
    person = item.person
    if (
        getattr(error, "code", "") != "not_eligible"
        or person.terc
        or not _uses_attribute(item.service.eligibility_rules, "resident")
    ):
        return text
    return format_html(
        '{} <a class="govuk-notification-banner__link" href="{}#id_terc">{}</a>',
        text,
        reverse("people:edit", args=[person.pk]),
        _("Fill in the municipality code (TERC) of %(name)s") % {"name": person.full_name},
    )


@require_POST
@capability_required(QUEUE_MANAGE)
def item_qualify(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    try:
        item = services.item_qualify(item=item, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _refusal_with_fix(error, item))
    else:
        if item.state == ItemState.QUALIFIED:
            messages.success(request, _("Qualified for %(service)s.") % {"service": item.service})
        else:
            messages.info(
                request,
                _("No place is free: the request is on the waiting list at position %(n)s.")
                % {"n": selectors.waiting_position(item)},
            )
    return _after_action(request, item)


@capability_required(QUEUE_MANAGE)
def item_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = RefusalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_refuse(
                item=item, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The request has been refused."))
            return redirect("intake:application_detail", uuid=item.application.uuid)
    return render(
        request,
        "intake/refuse.html",
        {"item": item, "form": form},
        status=400 if form.errors else 200,
    )


@capability_required(APPLICATION_FILE)
def item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what withdrawing the request will do (the place it frees and who gets it), and
    the reason to give. POST: withdraw it, with the reason."""
    item = _item(request, pk)
    form = ReasonForm(
        request.POST or None,
        label=_("Why is the request withdrawn?"),
        help_text=_(
            "For example: the person withdrew it by phone on 3 December; the person moved away."
        ),
        required=_("Write why the request is withdrawn."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_withdraw(
                item=item, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The request has been withdrawn."))
            return redirect("intake:application_detail", uuid=item.application.uuid)
    withdrawable = ItemState.WITHDRAWN in TRANSITIONS[item.state]
    return confirm_page(
        request,
        "intake/withdraw_confirm.html",
        title=_("Withdraw the request"),
        caption=f"{item.application.reference} · {item.service.name}",
        button=_("Withdraw the request"),
        back_url=reverse("intake:application_detail", args=[item.application.uuid]),
        warning=_(
            "A withdrawn request cannot be taken back: a new application goes to the end of "
            "the queue."
        ),
        form=form,
        can_confirm=withdrawable,
        item=item,
        person=item.application.person,
        holds_place=item.state == ItemState.QUALIFIED,
        next_in_line=withdraw_frees_for(item, on=timezone.localdate()) if withdrawable else [],
    )


@capability_required(APPLICATION_VIEW)
def queue_index(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/queue_index.html", {"services": selectors.queue_overview()})


@capability_required(APPLICATION_VIEW)
def queue_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    queue = selectors.service_queue(user=request.user, uuid=uuid)
    return render(request, "intake/queue_detail.html", {"queue": queue})


@capability_required(QUEUE_MANAGE)
def queue_promote(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET: who will be moved from the waiting list into the free places, by name, in order.
    POST: move exactly them (``expected``); if the list has changed meanwhile, nobody is
    moved and the page shows the new list."""
    queue = selectors.service_queue(user=request.user, uuid=uuid)
    form = PromoteForm(request.POST or None)
    if request.method == "POST" and not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("expected", [])))
    elif request.method == "POST":
        try:
            promoted = services.waiting_list_promote(
                service=queue.service,
                acting_user=request.user,
                expected=form.cleaned_data["expected"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Promoted from the waiting list: %(names)s.")
                % {"names": ", ".join(item.person.full_name for item in promoted)},
            )
            return redirect("intake:queue_detail", uuid=uuid)
    planned = waiting_list_preview(service=queue.service, on=timezone.localdate())
    form = PromoteForm(initial={"expected": ",".join(str(item.pk) for item in planned)})
    return confirm_page(
        request,
        "intake/promote_confirm.html",
        title=_("Promote from the waiting list"),
        caption=queue.service.name,
        button=_("Move these people"),
        back_url=reverse("intake:queue_detail", args=[uuid]),
        warning=_(
            "Each person moved is qualified, gets an entitlement and is owed a notice. This "
            "cannot be undone here: a place is given up only by withdrawing or ending it."
        ),
        form=form,
        can_confirm=bool(planned),
        queue=queue,
        planned=planned,
    )


# --- Entitlements ------------------------------------------------------------------------------


def _entitlement(request: HttpRequest, uuid: uuid.UUID) -> Entitlement:
    return get_object_or_404(
        Entitlement.objects.visible_to(request.user).select_related(
            "item__application", "service", "person", "provider"
        ),
        uuid=uuid,
    )


def _entitlement_form_page(
    request: HttpRequest, entitlement: Entitlement, form: Any, title: str, button: str
) -> HttpResponse:
    return render(
        request,
        "intake/entitlement_form.html",
        {"entitlement": entitlement, "form": form, "title": title, "button": button},
        status=400 if form.errors else 200,
    )


@capability_required(QUEUE_MANAGE)
def entitlement_provider(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Choose who delivers, among the providers with a contract for the service today."""
    entitlement = _entitlement(request, uuid)
    form = ProviderChoiceForm(
        request.POST or None,
        providers=providers_for_service(entitlement.service, timezone.localdate()),
        initial={"provider": entitlement.provider_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            entitlements.entitlement_assign_provider(
                entitlement=entitlement,
                provider=form.cleaned_data["provider"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The provider has been set."))
            return redirect("intake:application_detail", uuid=entitlement.item.application.uuid)
    return _entitlement_form_page(
        request, entitlement, form, _("Choose the provider"), _("Save the provider")
    )


def _entitlement_with_reason(
    request: HttpRequest,
    uuid: uuid.UUID,
    *,
    change: Callable[..., Entitlement],
    title: str,
    button: str,
    done: str,
) -> HttpResponse:
    """A change of an entitlement that needs a written reason (suspend, end)."""
    entitlement = _entitlement(request, uuid)
    form = EntitlementReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change(
                entitlement=entitlement,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect("intake:application_detail", uuid=entitlement.item.application.uuid)
    return _entitlement_form_page(request, entitlement, form, title, button)


@capability_required(QUEUE_MANAGE)
def entitlement_suspend(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    return _entitlement_with_reason(
        request,
        uuid,
        change=services.entitlement_suspend,
        title=_("Suspend the entitlement"),
        button=_("Suspend"),
        done=_("The entitlement is suspended; its place went to the waiting list."),
    )


@capability_required(QUEUE_MANAGE)
def entitlement_end(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    return _entitlement_with_reason(
        request,
        uuid,
        change=services.entitlement_end,
        title=_("End participation"),
        button=_("End participation"),
        done=_("Participation has ended; the place is free."),
    )


@require_POST
@capability_required(QUEUE_MANAGE)
def entitlement_resume(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    entitlement = _entitlement(request, uuid)
    run_action(
        request,
        lambda: services.entitlement_resume(entitlement=entitlement, acting_user=request.user),
        _("The entitlement is active again."),
    )
    return redirect("intake:application_detail", uuid=entitlement.item.application.uuid)
