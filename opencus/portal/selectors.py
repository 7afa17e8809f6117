"""Reads of the portal: the services a resident may apply for online, an application's status
for whoever knows its reference and identifier, and the throttles' windows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from opencus.catalog.models import ProgrammeService
from opencus.intake.models import Application, ApplicationItem, OnlineApplication, OnlineState
from opencus.intake.selectors import services_open_for_applications, waiting_position
from opencus.people.models import Person
from opencus.portal.keys import normalise_reference
from opencus.portal.models import FilingAttempt, StatusLookupAttempt


def services_for_online_applications() -> QuerySet[ProgrammeService]:
    """Services that take applications today and are shown on the public pages."""
    return services_open_for_applications().filter(is_public=True)


# --- Confirmation and status ------------------------------------------------------------------


def filed_application(*, uuid: Any) -> OnlineApplication | None:
    """The online application the confirmation page shows (the view checks the session)."""
    return (
        OnlineApplication.objects.filter(uuid=uuid)
        .prefetch_related(Prefetch("services", queryset=ProgrammeService.objects.order_by("id")))
        .first()
    )


def _same_identifier(identifier: str, *, pesel: str | None, document: str | None) -> bool:
    """Whether ``identifier`` (spaces ignored, letters in any case) is this PESEL or this
    identity document number."""
    text = "".join((identifier or "").split()).upper()
    if not text:
        return False
    if pesel and text == pesel:
        return True
    document = "".join((document or "").split()).upper()
    return bool(document) and text == document


def identifier_matches(person: Person, identifier: str) -> bool:
    """Whether ``identifier`` is the person's PESEL or identity document number."""
    return _same_identifier(identifier, pesel=person.pesel, document=person.id_document_number)


@dataclass(frozen=True)
class StatusRow:
    item: ApplicationItem
    position: int | None


@dataclass(frozen=True)
class ApplicationStatus:
    """What the status page shows: the filed application's requested services, or, for an
    online application the client office has not accepted, only that it waits (or was not
    accepted) and the services the resident asked for."""

    reference: str
    filed_at: dt.datetime
    rows: list[StatusRow] = field(default_factory=list)
    online: OnlineApplication | None = None

    @property
    def waiting_for_office(self) -> bool:
        return self.online is not None and self.online.state == OnlineState.RECEIVED

    @property
    def not_accepted(self) -> bool:
        return self.online is not None and self.online.state == OnlineState.REJECTED


def _rows(application: Application) -> list[StatusRow]:
    items = (
        ApplicationItem.objects.filter(application=application)
        .select_related("service")
        .order_by("id")
    )
    return [StatusRow(item, waiting_position(item)) for item in items]


def application_status(*, reference: str, identifier: str) -> ApplicationStatus | None:
    """The application with this reference number (typed loosely too: "w/2026/146"; an
    application's, or an online application's as given on the confirmation), if ``identifier``
    is the PESEL or document number of its person (for an online application: as typed in the
    form); ``None`` otherwise, whichever of the two did not match."""
    wanted = normalise_reference(reference)
    application = (
        Application.objects.select_related("person").filter(reference__iexact=wanted).first()
    )
    if application is not None:
        if not identifier_matches(application.person, identifier):
            return None
        return ApplicationStatus(application.reference, application.filed_at, _rows(application))
    online = (
        OnlineApplication.objects.select_related("application")
        .filter(reference__iexact=wanted)
        .first()
    )
    if online is None or not _same_identifier(
        identifier, pesel=online.pesel, document=online.id_document_number
    ):
        return None
    if online.application is not None:
        return ApplicationStatus(online.reference, online.received_at, _rows(online.application))
    return ApplicationStatus(online.reference, online.received_at, online=online)


# --- Throttles ----------------------------------------------------------------------------------


def _free_at(times: list[dt.datetime], limit: int, window: dt.timedelta) -> dt.datetime | None:
    """When fewer than ``limit`` of ``times`` (newest first) stay inside the window, or
    ``None`` if that is already so: the ``limit``-th newest must leave the window first."""
    if limit <= 0 or len(times) < limit:
        return None
    return times[limit - 1] + window


def status_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.OPENCUS_STATUS_WINDOW_MINUTES)


def status_locked_until(*, client_key: str, reference_key: str) -> dt.datetime | None:
    """When the client, and the reference, may try again after too many failed lookups
    (``None``: now). Either lock alone refuses the lookup."""
    limit = settings.OPENCUS_STATUS_FAILURE_LIMIT
    window = status_window()
    failures = StatusLookupAttempt.objects.filter(
        succeeded=False, at__gte=timezone.now() - window
    ).order_by("-at")
    by_client = list(
        failures.filter(client_key=client_key).values_list("at", flat=True)[: max(limit, 0)]
    )
    by_reference = list(
        failures.filter(reference_key=reference_key).values_list("at", flat=True)[: max(limit, 0)]
    )
    locks = [
        until
        for until in (
            _free_at(by_client, limit, window),
            _free_at(by_reference, limit, window),
        )
        if until is not None
    ]
    return max(locks) if locks else None


FILING_WINDOW = dt.timedelta(hours=1)


def filing_locked_until(*, client_key: str) -> dt.datetime | None:
    """When the client may file again after ``OPENCUS_PORTAL_FILINGS_PER_HOUR`` filings."""
    limit = settings.OPENCUS_PORTAL_FILINGS_PER_HOUR
    times = list(
        FilingAttempt.objects.filter(client_key=client_key, at__gte=timezone.now() - FILING_WINDOW)
        .order_by("-at")
        .values_list("at", flat=True)[: max(limit, 0)]
    )
    return _free_at(times, limit, FILING_WINDOW)
