"""Changes a resident makes through the portal: an online application (the applicant found in
the registry or registered, consents recorded, the application filed), and the record of status
lookups and filings that the throttles count.

The portal acts for nobody in particular: ``acting_user`` is Django's ``AnonymousUser``, so
every row it writes has no staff actor, and the audit log keeps the request's address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import ProgrammeService
from opencus.core.text import fold
from opencus.intake.models import Application, Channel
from opencus.intake.services import application_file
from opencus.people.errors import PeopleError
from opencus.people.models import Consent, Person
from opencus.people.services import consent_give, person_register
from opencus.portal import selectors
from opencus.portal.errors import PortalError, Throttled
from opencus.portal.keys import client_key, reference_key
from opencus.portal.models import FilingAttempt, StatusLookupAttempt

#: How long throttle records are kept (at least as long as the longest window).
KEEP_ATTEMPTS = dt.timedelta(days=1)

#: The contact fields typed online that go into the application's note for a known person.
CONTACT_FIELDS = (
    "phone",
    "email",
    "street",
    "building_number",
    "flat_number",
    "postcode",
    "locality",
)


def _call_the_office() -> PortalError:
    return PortalError(
        _(
            "We cannot match the name you typed to our records for this PESEL or document "
            "number, so we cannot accept the application online. Please call the client "
            "office on %(phone)s: we will help you apply."
        ),
        code="identity_mismatch",
        params={"phone": settings.OPENCUS_CONTACT_PHONE},
    )


# --- Online application -----------------------------------------------------------------------


def online_application_file(
    *,
    client_ip: str | None,
    person_fields: dict[str, Any],
    services: Sequence[ProgrammeService],
    consents: Sequence[str],
) -> Application:
    """File an application typed online by the resident (channel: portal).

    - At most ``OPENCUS_PORTAL_FILINGS_PER_HOUR`` filings per client address in an hour, refused
      or not (so the form cannot be used to probe the registry quickly): ``Throttled``.
    - Everything else happens in one transaction: a refusal stores nothing.
    """
    key = client_key(client_ip)
    until = selectors.filing_locked_until(client_key=key)
    if until is not None:
        raise Throttled(until)
    now = timezone.now()
    FilingAttempt.objects.create(client_key=key, at=now)
    FilingAttempt.objects.filter(at__lt=now - KEEP_ATTEMPTS).delete()
    return _file_online(person_fields=person_fields, services=services, consents=consents)


@transaction.atomic
def _file_online(
    *,
    person_fields: dict[str, Any],
    services: Sequence[ProgrammeService],
    consents: Sequence[str],
) -> Application:
    """The applicant is looked up by PESEL, or by document number and country:

    - found (one active person): the typed first name and surname must be theirs (letter case
      and diacritics aside; for a document, the birth date too), else the application is
      refused with the client office's phone number. Their registry record is not changed:
      what was typed online goes into the application's note for the clerk to check.
    - not found: the person is registered from what was typed (the registry's own rules apply).
    """
    anonymous = AnonymousUser()
    person, note = _applicant(person_fields, acting_user=anonymous)
    for purpose in consents:
        active = Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True)
        if active.exists():
            continue
        try:
            consent_give(
                person=person, purpose=purpose, acting_user=anonymous, note=_consent_note()
            )
        except PeopleError as error:
            # A duplicate means a clerk recorded it a moment ago: theirs stands.
            if error.code != "duplicate_consent":
                raise
    return application_file(
        person=person,
        services=list(services),
        channel=Channel.PORTAL,
        acting_user=anonymous,
        note=note,
    )


def _consent_note() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(_("Given in the online application form."))


def _applicant(fields: dict[str, Any], *, acting_user: Any) -> tuple[Person, str]:
    pesel = fields.get("pesel") or ""
    found = selectors.people_with_identifier(
        pesel=pesel,
        document_number=fields.get("id_document_number") or "",
        document_country=fields.get("id_document_country") or "",
    )
    if len(found) > 1 or (not found and selectors.archived_person_has_pesel(pesel)):
        # Two records share the document, or the person was archived: a clerk must look.
        raise _call_the_office()
    if found:
        person = found[0]
        if not _same_person(person, fields):
            raise _call_the_office()
        return person, _contact_note(fields)
    person = person_register(acting_user=acting_user, fields=fields)
    with translation.override(settings.LANGUAGE_CODE):
        note = str(
            _(
                "The person registered themself through the online application: check their "
                "identity and details against a document, and that they are not registered "
                "twice."
            )
        )
    return person, note


def _same_person(person: Person, fields: dict[str, Any]) -> bool:
    same_name = fold(person.first_name) == fold(fields.get("first_name", "")) and fold(
        person.last_name
    ) == fold(fields.get("last_name", ""))
    if not person.pesel or not fields.get("pesel"):
        # A document number is shorter and less checked than a PESEL: the birth date must
        # match as well.
        return same_name and person.birth_date == fields.get("birth_date")
    return same_name


def _contact_note(fields: dict[str, Any]) -> str:
    """The contact details typed online, for the clerk to compare with the registry."""
    typed = Person(**{name: fields.get(name) or "" for name in CONTACT_FIELDS})
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            str(
                _(
                    "Filed online by a person already in the registry; their registry details "
                    "were not changed. Contact details typed in the form (check them with the "
                    "person before updating the registry):"
                )
            ),
            f"{_('Phone')}: {typed.phone or '–'}",
            f"{_('E-mail')}: {typed.email or '–'}",
            f"{_('Address')}: {typed.address_line or '–'}",
        ]
    return "\n".join(lines)


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
