"""Changes a resident makes through the portal: an online application (kept for the client
office to check, ``intake.online``), and the record of status lookups and filings that the
throttles count.

The portal acts for nobody in particular: ``acting_user`` is Django's ``AnonymousUser``, so
every row it writes has no staff actor, and the audit log keeps the request's address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import ProgrammeService
from opencus.intake.models import OnlineApplication
from opencus.intake.online import online_application_receive
from opencus.portal import selectors
from opencus.portal.errors import Throttled
from opencus.portal.keys import client_key, reference_key
from opencus.portal.models import FilingAttempt, StatusLookupAttempt

#: How long throttle records are kept (at least as long as the longest window).
KEEP_ATTEMPTS = dt.timedelta(days=1)

#: The contact fields typed online.
CONTACT_FIELDS = (
    "phone",
    "email",
    "street",
    "building_number",
    "flat_number",
    "postcode",
    "locality",
)


# --- Online application -----------------------------------------------------------------------


def online_application_file(
    *,
    client_ip: str | None,
    person_fields: dict[str, Any],
    services: Sequence[ProgrammeService],
    consents: Sequence[str],
) -> OnlineApplication:
    """Send an application typed online by the resident to the client office.

    - At most ``OPENCUS_PORTAL_FILINGS_PER_HOUR`` filings per client address in an hour:
      ``Throttled``.
    - The registry is neither searched nor changed (``intake.online``): the answer is the same
      whether the PESEL or document is known or not, nothing names anyone's services, and the
      consents stay with the online application until a clerk confirms them.
    """
    key = client_key(client_ip)
    until = selectors.filing_locked_until(client_key=key)
    if until is not None:
        raise Throttled(until)
    now = timezone.now()
    FilingAttempt.objects.create(client_key=key, at=now)
    FilingAttempt.objects.filter(at__lt=now - KEEP_ATTEMPTS).delete()
    return online_application_receive(
        fields=person_fields,
        services=list(services),
        consents=list(consents),
        acting_user=AnonymousUser(),
    )


# --- Status lookup ----------------------------------------------------------------------------


def status_lookup(
    *, client_ip: str | None, reference: str, identifier: str
) -> selectors.ApplicationStatus | None:
    """An application's status for whoever gives its reference number together with the
    person's PESEL or document number (``None`` if the pair matches nothing).

    Against guessing: after ``OPENCUS_STATUS_FAILURE_LIMIT`` failed lookups within
    ``OPENCUS_STATUS_WINDOW_MINUTES``, from one client address or against one reference from
    any address, every lookup is refused with ``Throttled`` — a right pair too — until the
    oldest of those failures leaves the window. Every lookup is recorded (keyed hashes only);
    records older than a day are pruned on the way.
    """
    keys = {"client_key": client_key(client_ip), "reference_key": reference_key(reference)}
    until = selectors.status_locked_until(**keys)
    if until is not None:
        raise Throttled(until)
    found = selectors.application_status(reference=reference, identifier=identifier)
    now = timezone.now()
    StatusLookupAttempt.objects.create(at=now, succeeded=found is not None, **keys)
    keep = max(KEEP_ATTEMPTS, selectors.status_window())
    StatusLookupAttempt.objects.filter(at__lt=now - keep).delete()
    return found


def status_not_found() -> ValidationError:
    """One message for a wrong reference and a wrong identifier alike: it tells nothing."""
    return ValidationError(
        _("We found no application with this reference number and this PESEL or document number."),
        code="not_found",
    )
