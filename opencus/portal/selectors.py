"""Reads of the portal: the services a resident may apply for online, the applicant's record
in the registry, an application's status for whoever knows its reference and identifier, and
the throttles' windows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from opencus.catalog.models import ProgrammeService
from opencus.intake.models import Application, ApplicationItem
from opencus.intake.selectors import services_open_for_applications, waiting_position
from opencus.people.models import Person
from opencus.portal.keys import normalise_reference
from opencus.portal.models import FilingAttempt, StatusLookupAttempt


def services_for_online_applications() -> QuerySet[ProgrammeService]:
    """Services that take applications today and are shown on the public pages."""
    return services_open_for_applications().filter(is_public=True)


# --- The applicant ----------------------------------------------------------------------------


def people_with_identifier(
    *, pesel: str, document_number: str, document_country: str
) -> list[Person]:
    """Active people with this PESEL, or (without a PESEL) this document number and country."""
    people = Person.objects.active()
    if pesel:
        return list(people.filter(pesel=pesel)[:2])
    return list(
        people.filter(
            id_document_number__iexact=document_number,
            id_document_country__iexact=document_country,
        )[:2]
    )


def archived_person_has_pesel(pesel: str) -> bool:
    return bool(pesel) and Person.objects.filter(pesel=pesel, archived_at__isnull=False).exists()


# --- Confirmation and status ------------------------------------------------------------------


def _with_items(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.prefetch_related(
        Prefetch(
            "items",
            queryset=ApplicationItem.objects.select_related("service").order_by("id"),
        )
    )


def filed_application(*, uuid: Any) -> Application | None:
    """The application the confirmation page shows (the view checks the session first)."""
    return _with_items(Application.objects.filter(uuid=uuid)).first()


def identifier_matches(person: Person, identifier: str) -> bool:
    """Whether ``identifier`` (spaces ignored, letters in any case) is the person's PESEL or
    identity document number."""
    text = "".join((identifier or "").split()).upper()
    if not text:
        return False
    if person.pesel and text == person.pesel:
        return True
    document = "".join((person.id_document_number or "").split()).upper()
    return bool(document) and text == document


@dataclass(frozen=True)
class StatusRow:
    item: ApplicationItem
    position: int | None


@dataclass(frozen=True)
class ApplicationStatus:
    application: Application
    rows: list[StatusRow]


def application_status(*, reference: str, identifier: str) -> ApplicationStatus | None:
    """The application with this reference number (typed loosely too: "w/2026/146"), if
    ``identifier`` is its person's PESEL or document number; ``None`` otherwise, whichever of
    the two did not match."""
    application = (
        _with_items(Application.objects.select_related("person"))
        .filter(reference__iexact=normalise_reference(reference))
        .first()
    )
    if application is None or not identifier_matches(application.person, identifier):
        return None
    rows = [StatusRow(item, waiting_position(item)) for item in application.items.all()]
    return ApplicationStatus(application, rows)


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
