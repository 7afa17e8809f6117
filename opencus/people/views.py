"""Staff pages of the people registry: search, registration, the person card and its parts.

Views parse input, call one service or selector and render; what a role may see comes from
``Person.objects.visible_to`` (a 404 otherwise), what it may do from the capability guards.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.core.access import capability_required
from opencus.core.actions import confirm_page, run_action
from opencus.core.forms import ReasonForm, form_add_domain_error
from opencus.core.registry import person_timeline
from opencus.people import selectors, services
from opencus.people.capabilities import (
    PERSON_EDIT,
    PERSON_RESTORE,
    PERSON_SENSITIVE_EDIT,
    PERSON_SENSITIVE_VIEW,
    PERSON_VIEW,
)
from opencus.people.forms import (
    ConsentForm,
    DisabilityCertificateForm,
    HealthNoteForm,
    HouseholdMemberForm,
    PersonForm,
    RepresentativeForm,
    SearchForm,
)
from opencus.people.models import (
    Consent,
    DisabilityCertificate,
    HealthNote,
    HouseholdMember,
    Person,
    Representative,
)


def _visible_person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user).active(), pk=pk)


@capability_required(PERSON_VIEW)
def search(request: HttpRequest) -> HttpResponse:
    """Find a person; with HTMX the results refresh while typing, without it the form submits."""
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.person_search(user=request.user, query=query)
    page = Paginator(results, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "page_obj": page,
        "query_prefix": f"{urlencode({'q': query})}&" if query else "",
        "result_link": "people:detail",
        "result_link_hint": "",
    }
    template = "people/_results.html" if getattr(request, "htmx", False) else "people/search.html"
    return render(request, template, context)


def _person_form_page(
    request: HttpRequest, form: PersonForm, person: Person | None, similar: Any = ()
) -> HttpResponse:
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person, "similar": similar},
        status=400 if form.errors or similar else 200,
    )


@capability_required(PERSON_EDIT)
def create(request: HttpRequest) -> HttpResponse:
    """Register a person. The same name and birth date as someone registered gets a warning
    the clerk must confirm; a PESEL already in the registry is refused."""
    # Most people the centre registers live in its municipality: start from its locality.
    initial = {
        "locality": settings.OPENCUS_MUNICIPALITY_NAME,
        "terc": settings.OPENCUS_MUNICIPALITY_TERC,
        "citizenship": "PL",
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        similar = selectors.registration_lookalikes(user=request.user, fields=data)
        if similar and request.POST.get("confirm_different") != "1":
            return _person_form_page(request, form, None, similar)
        try:
            person = services.person_register(acting_user=request.user, fields=data)
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request, _("%(name)s has been registered.") % {"name": person.full_name}
            )
            return _after_registration(request, person)
    return _person_form_page(request, form, None)


def _after_registration(request: HttpRequest, person: Person) -> HttpResponse:
    """The person card, or the page that sent the clerk here (``?next=``, a local address),
    told who was registered (``osoba=<id>``): the phone intake continues with the application."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(f"{target}{'&' if '?' in target else '?'}{urlencode({'osoba': person.pk})}")
    return redirect("people:detail", pk=person.pk)


@capability_required(PERSON_EDIT)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person, acting_user=request.user, fields=form.cleaned_data
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("people:detail", pk=person.pk)
    return _person_form_page(request, form, person)


@capability_required(PERSON_VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.person_card(user=request.user, pk=pk)
    today = timezone.localdate()
    limit = _timeline_limit(request.GET.get(TIMELINE_PARAM, ""))
    events, more = person_timeline(request.user, card.person, limit=limit)
    return render(
        request,
        "people/detail.html",
        {
            "card": card,
            "person": card.person,
            "age": card.person.age_on(today),
            "timeline": events,
            "timeline_more": (
                f"?{urlencode({TIMELINE_PARAM: limit + TIMELINE_STEP})}#timeline" if more else ""
            ),
        },
    )


#: The person card shows the newest events of the timeline; "show more" adds as many again.
TIMELINE_PARAM = "historia"
TIMELINE_STEP = 20
TIMELINE_MAX = 1000


def _timeline_limit(value: str) -> int:
    """How many events to show: a multiple of the step named in the address, within bounds
    (anything else is the first page)."""
    if not value.isascii() or not value.isdigit() or len(value) > 4:
        return TIMELINE_STEP
    return min(max(int(value), TIMELINE_STEP), TIMELINE_MAX)


@capability_required(PERSON_SENSITIVE_VIEW)
def special_data(request: HttpRequest, pk: int) -> HttpResponse:
    """Special-category data on a page of its own: opening it is a recorded read."""
    person = _visible_person(request, pk)
    data = selectors.person_special_data(user=request.user, person=person)
    return render(
        request,
        "people/special_data.html",
        {"person": person, "data": data, "today": timezone.localdate()},
    )


@capability_required(PERSON_EDIT)
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what archiving will do, and the reason to give. POST: archive, with the reason."""
    person = _visible_person(request, pk)
    form = ReasonForm(
        request.POST or None,
        label=_("Why is the person archived?"),
        help_text=_("For example: moved away from the municipality, died, registered twice."),
        required=_("Write why the person is archived."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_archive(
                person=person, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s has been archived.") % {"name": person.full_name})
            return redirect("people:detail", pk=person.pk)
    return confirm_page(
        request,
        "people/archive_confirm.html",
        title=_("Archive %(name)s") % {"name": person.full_name},
        caption=_("Person card"),
        button=_("Archive this person"),
        back_url=reverse("people:detail", args=[person.pk]),
        warning=_(
            "The person will no longer appear in search, and nothing new can be recorded for "
            "them until they are restored."
        ),
        form=form,
        person=person,
    )


@capability_required(PERSON_RESTORE)
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: an archived person, why they were archived, and the reason to give. POST: bring
    them back into the registry, with the reason."""
    person = get_object_or_404(
        Person.objects.visible_to(request.user).filter(archived_at__isnull=False), pk=pk
    )
    form = ReasonForm(
        request.POST or None,
        label=_("Why is the person restored?"),
        help_text=_("For example: archived by mistake, moved back to the municipality."),
        required=_("Write why the person is restored."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_restore(
                person=person, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s has been restored.") % {"name": person.full_name})
            return redirect("people:detail", pk=person.pk)
    event = selectors.person_archive_event(person=person)
    return confirm_page(
        request,
        "people/restore_confirm.html",
        title=_("Restore %(name)s") % {"name": person.full_name},
        caption=_("Person card"),
        button=_("Restore this person"),
        back_url=reverse("people:detail", args=[person.pk]),
        form=form,
        person=person,
        archived_by=_actor_name(event.actor if event else None),
        archive_reason=str((event.changes if event else {}).get("reason", "")),
    )


def _actor_name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _sub_form_page(
    request: HttpRequest, person: Person, form: Any, title: str, submit: str
) -> HttpResponse:
    return render(
        request,
        "people/sub_form.html",
        {"person": person, "form": form, "title": title, "submit": submit},
        status=400 if form.errors else 200,
    )


def _aware(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


@capability_required(PERSON_EDIT)
def household_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    form = HouseholdMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.person_find_by_identifier(
                user=request.user, identifier=form.cleaned_data["identifier"]
            )
            services.household_add_member(
                person=person,
                member=member,
                relation=form.cleaned_data["relation"],
                acting_user=request.user,
            )
        except ValidationError as error:
            if getattr(error, "code", "") in {"not_found", "self", "in_household"}:
                form.add_error("identifier", error)
            else:
                form_add_domain_error(form, error)
        else:
            messages.success(request, _("The household member has been added."))
            return redirect("people:detail", pk=person.pk)
    return _sub_form_page(request, person, form, _("Add a household member"), _("Add"))


@require_POST
@capability_required(PERSON_EDIT)
def household_leave(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    link = get_object_or_404(
        HouseholdMember.objects.filter(household__members__person=person).distinct(), pk=link_pk
    )
    run_action(
        request,
        lambda: services.household_member_leave(link=link, acting_user=request.user),
        _("The membership has ended."),
    )
    return redirect("people:detail", pk=person.pk)


@capability_required(PERSON_EDIT)
def representative_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    form = RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            representative = services.person_find_by_identifier(
                user=request.user, identifier=form.cleaned_data["identifier"]
            )
            services.representative_add(
                person=person,
                representative=representative,
                kind=form.cleaned_data["kind"],
                basis=form.cleaned_data["basis"],
                valid_from=form.cleaned_data["valid_from"],
                acting_user=request.user,
            )
        except ValidationError as error:
            if getattr(error, "code", "") == "not_found":
                form.add_error("identifier", error)
            else:
                form_add_domain_error(form, error)
        else:
            messages.success(request, _("The representative has been recorded."))
            return redirect("people:detail", pk=person.pk)
    return _sub_form_page(request, person, form, _("Add a representative"), _("Add"))


@require_POST
@capability_required(PERSON_EDIT)
def representative_end(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    link = get_object_or_404(Representative.objects.filter(person=person), pk=link_pk)
    run_action(
        request,
        lambda: services.representative_end(link=link, acting_user=request.user),
        _("The representation has ended."),
    )
    return redirect("people:detail", pk=person.pk)


@capability_required(PERSON_EDIT)
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    form = ConsentForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_give(
                person=person,
                purpose=form.cleaned_data["purpose"],
                given_at=_aware(form.cleaned_data["given_on"]),
                representative=form.cleaned_data["representative"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("people:detail", pk=person.pk)
    return _sub_form_page(request, person, form, _("Record a consent"), _("Record"))


@require_POST
@capability_required(PERSON_EDIT)
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    consent = get_object_or_404(Consent.objects.filter(person=person), pk=consent_pk)
    run_action(
        request,
        lambda: services.consent_withdraw(consent=consent, acting_user=request.user),
        _("The consent has been withdrawn."),
    )
    return redirect("people:detail", pk=person.pk)


@capability_required(PERSON_SENSITIVE_EDIT)
def certificate_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    form = DisabilityCertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disability_certificate_add(
                person=person, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The disability certificate has been recorded."))
            return redirect("people:special_data", pk=person.pk)
    return _sub_form_page(request, person, form, _("Record a disability certificate"), _("Record"))


@capability_required(PERSON_SENSITIVE_EDIT)
def health_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    form = HealthNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.health_note_add(
                person=person, acting_user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The health note has been recorded."))
            return redirect("people:special_data", pk=person.pk)
    return _sub_form_page(request, person, form, _("Add a health note"), _("Add"))


@require_POST
@capability_required(PERSON_SENSITIVE_EDIT)
def special_entry_withdraw(request: HttpRequest, pk: int, kind: str, entry_pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    model: type[DisabilityCertificate] | type[HealthNote] = (
        DisabilityCertificate if kind == "certificate" else HealthNote
    )
    entry = cast(
        DisabilityCertificate | HealthNote,
        get_object_or_404(model.objects.filter(person=person), pk=entry_pk),
    )
    run_action(
        request,
        lambda: services.special_entry_withdraw(entry=entry, acting_user=request.user),
        _("The entry has been marked as entered in error."),
    )
    return redirect("people:special_data", pk=person.pk)
