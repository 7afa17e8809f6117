from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

from django import forms as _forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_otp import user_has_device

from opencus.core import calendars, services
from opencus.core.access import capability_required, staff_required
from opencus.core.audit import audit_rows
from opencus.core.capabilities import AUDIT_VIEW
from opencus.core.forms import GovukForm, GovukFormMixin
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.registry import my_work_sections, search_everywhere
from opencus.core.roles import ROLE_LABELS, is_staff_member, two_factor_required, user_roles
from opencus.core.selectors import audit_events


class LoginForm(GovukFormMixin, AuthenticationForm):
    pass


class TokenForm(GovukForm):
    token = _forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        help_text=gettext_lazy("Six digits, for example 123456."),
        max_length=6,
        min_length=6,
        widget=_forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
            }
        ),
    )


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def landing_url(user: Any) -> str:
    """Where a user lands after logging in: staff on their dashboard; an administrator with no
    staff role (the superuser) in the admin; anyone else on their account page, which every
    logged-in user may open (never a 403)."""
    if is_staff_member(user):
        return reverse(settings.LOGIN_REDIRECT_URL)
    if user.is_active and user.is_staff:
        return reverse("admin:index")
    return reverse("core:account")


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(landing_url(request.user))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(_safe_next(request, landing_url(form.get_user())))
    return render(
        request,
        "core/login.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=200 if not form.errors else 400,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You have logged out."))
    return redirect("core:login")


def otp_verify(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("core:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.otp_throttled(user=request.user):
            form.add_error(
                "token", _("Too many wrong codes. Wait a few seconds and enter the current code.")
            )
        elif services.otp_verify(request=request, token=form.cleaned_data["token"]):
            return redirect(_safe_next(request, landing_url(request.user)))
        else:
            form.add_error(
                "token", _("This code is not right or has expired. Try the current code.")
            )
    return render(
        request, "core/otp_verify.html", {"form": form}, status=400 if form.errors else 200
    )


def otp_setup(request: HttpRequest) -> HttpResponse:
    """Any logged-in user may set up an authenticator: those who must use one
    (``two_factor_required``, also a superuser with no staff role) and anyone who wants one."""
    if not request.user.is_authenticated:
        return redirect("core:login")
    # Replacing an authenticator needs the current one: the password alone must not let
    # someone enrol their own device in place of the owner's and so skip the second factor.
    if user_has_device(request.user) and not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect_to_login(request.get_full_path(), reverse("core:otp_verify"))
    device = services.otp_pending_device(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.otp_confirm(request=request, device=device, token=form.cleaned_data["token"]):
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("core:account")
        form.add_error("token", _("This code is not right or has expired. Try the current code."))
    return render(
        request,
        "core/otp_setup.html",
        {
            "form": form,
            "qr_svg_data": _qr_data_uri(device.config_url),
            "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
        },
        status=400 if form.errors else 200,
    )


def _qr_data_uri(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    buffer = io.BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The user's own account and second factor: open to every logged-in user, staff role or
    not (the superuser sets up its authenticator here)."""
    roles = [ROLE_LABELS[role] for role in sorted(user_roles(request.user))]
    return render(
        request,
        "core/account.html",
        {
            "roles": roles,
            "has_device": user_has_device(request.user),
            "required": two_factor_required(request.user),
            "admin_url": reverse("admin:index") if request.user.is_staff else "",
        },
    )


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    roles = [ROLE_LABELS[role] for role in sorted(user_roles(request.user))]
    return render(request, "core/dashboard.html", {"roles": roles})


@staff_required
def my_work(request: HttpRequest) -> HttpResponse:
    """What waits for the user: every app's sections of "my work" (``core.registry``) that
    the user's roles do."""
    return render(request, "core/my_work.html", {"sections": my_work_sections(request.user)})


DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


class AuditFilterForm(GovukForm):
    """The audit log's filters (a GET form: every field optional)."""

    person = _forms.CharField(
        label=gettext_lazy("Person"),
        help_text=gettext_lazy("Surname and first name, or PESEL."),
        required=False,
        max_length=100,
        widget=_forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    actor = _forms.CharField(
        label=gettext_lazy("Staff member"),
        help_text=gettext_lazy("Name or user name."),
        required=False,
        max_length=150,
        widget=_forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    action = _forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("all"))] + list(AuditAction.choices),
    )
    date_from = _forms.DateField(
        label=gettext_lazy("From"),
        help_text=gettext_lazy("A day, for example 01.12.2026."),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": gettext_lazy("Enter the first day as DD.MM.YYYY.")},
        widget=_forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    date_to = _forms.DateField(
        label=gettext_lazy("To"),
        help_text=gettext_lazy("A day, for example 31.12.2026."),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": gettext_lazy("Enter the last day as DD.MM.YYYY.")},
        widget=_forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The last day cannot be before the first day."))
        return data


class SearchForm(GovukForm):
    q = _forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "A person's name, PESEL or phone, an application's number (for example "
            "W/2026/000146 or 146), or a provider's name or NIP."
        ),
        widget=_forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


@staff_required
def search(request: HttpRequest) -> HttpResponse:
    """One search for staff (the box in the header): each app's source (``core.registry``)
    finds what the user may see — people, applications by number, providers."""
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    groups = search_everywhere(request.user, query) if query else []
    return render(
        request,
        "core/search.html",
        {
            "form": form,
            "query": query,
            "groups": groups,
            "found_any": any(group.found.total for group in groups),
        },
        status=400 if form.errors else 200,
    )


@capability_required(AUDIT_VIEW)
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log in words, filtered by person, staff member, action and days. A filter
    that is not valid is named in the error summary and nothing is listed."""
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        events = AuditEvent.objects.none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        events = audit_events(
            user=request.user,
            action=data.get("action") or None,
            actor=(data.get("actor") or "").strip() or None,
            person=(data.get("person") or "").strip() or None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
    page = Paginator(events, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {
            "form": form,
            "page_obj": page,
            "rows": audit_rows(page.object_list, user=request.user),
            "query_prefix": (query.urlencode() + "&") if query else "",
        },
        status=400 if form.errors else 200,
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def _error(template: str, status: int) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
        return render(request, template, status=status)

    return view


error_403 = _error("403.html", 403)
error_404 = _error("404.html", 404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """An iCalendar feed by its secret address (no login: calendar programs cannot log in).
    An unknown, malformed or revoked address is "not found", all alike."""
    feed = calendars.calendar_feed_find(secret)
    if feed is None:
        raise Http404
    events = calendars.calendar_feed_events(feed, today=timezone.localdate())
    body = calendars.ical_render(feed.label, events, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response


__all__ = ["AuditEvent"]
