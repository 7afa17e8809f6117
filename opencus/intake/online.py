"""Online applications (``models/online.py``): received from the public form, then accepted or
rejected by the client office.

- ``online_application_receive``: the public form's one write. It stores what was typed and
  the consents ticked, and looks nobody up, so the answer is the same whether the PESEL or
  document is in the registry or not, and nothing is written in anyone's name.
- ``online_application_matches``: for the clerk, the people in the registry the applicant may
  be (same PESEL, same document, or same name and date of birth), with the services each
  already has or waits for.
- ``online_application_accept``: the clerk files the application for the person they confirmed
  (a match, or a person registered from the typed details) and records the consents they
  confirmed in that person's name.
- ``online_application_reject``: the clerk does not accept it, with a reason.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import ProgrammeService
from opencus.core.audit import actor_or_none, audit_record
from opencus.core.formatting import day_text
from opencus.core.identifiers import pesel_decode
from opencus.core.models import AuditAction
from opencus.core.text import fold
from opencus.intake.errors import IntakeError
from opencus.intake.models import (
    OPEN_STATES,
    Application,
    ApplicationItem,
    Channel,
    OnlineApplication,
    OnlineState,
    OnlineTransition,
)
from opencus.intake.references import ONLINE_PREFIX, reference_format
from opencus.intake.services import application_file
from opencus.people.models import Consent, ConsentPurpose, Person
from opencus.people.services import consent_give, person_register

#: The typed fields that register a person who is not in the registry yet.
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "pesel",
    "id_document_type",
    "id_document_number",
    "id_document_country",
    "birth_date",
    "sex",
    "phone",
    "email",
    "street",
    "building_number",
    "flat_number",
    "postcode",
    "locality",
    "preferred_language",
)


# --- Receiving ------------------------------------------------------------------------------


@transaction.atomic
def online_application_receive(
    *,
    fields: dict[str, Any],
    services: Sequence[ProgrammeService],
    consents: Sequence[str],
    acting_user: Any,
) -> OnlineApplication:
    """Keep an application typed on the public form until the client office checks it.

    Nobody is looked up and the registry is not touched: the same answer for everyone."""
    if not services:
        raise IntakeError(_("Choose at least one service."), code="no_services")
    now = timezone.now()
    online = OnlineApplication(
        reference=f"tmp-{uuid.uuid4().hex[:24]}",  # replaced below, once the row has its number
        received_at=now,
        consents=[purpose for purpose in ConsentPurpose.values if purpose in set(consents)],
        **{
            name: fields.get(name) or ("" if name != "birth_date" else None)
            for name in PERSON_FIELDS
        },
    )
    online.save()
    online.reference = reference_format(
        year=timezone.localtime(now).year, number=online.pk, prefix=ONLINE_PREFIX
    )
    online.save(update_fields=["reference"])
    online.services.set(services)
    OnlineTransition.objects.create(
        online_application=online,
        from_state="",
        to_state=OnlineState.RECEIVED,
        at=now,
        actor=actor_or_none(acting_user),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=online,
        changes={"services": [None, [service.name for service in services]]},
    )
    return online


# --- The clerk's check ------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A person in the registry the online applicant may be, and why."""

    person: Person
    same_identifier: bool
    same_name: bool
    same_birth_date: bool
    open_services: list[ProgrammeService]


def online_application_matches(*, online_application: OnlineApplication, user: Any) -> list[Match]:
    """People visible to ``user`` with the typed PESEL, the typed document (number and
    country), or the typed first name, surname and date of birth; archived people too (the
    clerk may need to restore one rather than register them twice)."""
    online = online_application
    query = Q(pk__in=[])
    if online.pesel:
        query |= Q(pesel=online.pesel)
    if online.id_document_number:
        query |= Q(
            id_document_number__iexact=online.id_document_number,
            id_document_country__iexact=online.id_document_country,
        )
    first, last = fold(online.first_name), fold(online.last_name)
    birth = online.birth_date
    if birth is None and online.pesel:
        birth = _pesel_birth_date(online.pesel)
    if birth is not None:
        query |= Q(first_name_folded=first, last_name_folded=last, birth_date=birth)
    people = list(Person.objects.visible_to(user).filter(query).order_by("pk")[:20])
    requested = list(online.services.all())
    matches = []
    for person in people:
        same_identifier = bool(online.pesel and person.pesel == online.pesel) or bool(
            online.id_document_number
            and fold(person.id_document_number) == fold(online.id_document_number)
            and fold(person.id_document_country) == fold(online.id_document_country)
        )
        open_ids = set(
            ApplicationItem.objects.filter(
                person=person, service__in=requested, state__in=OPEN_STATES
            ).values_list("service_id", flat=True)
        )
        matches.append(
            Match(
                person=person,
                same_identifier=same_identifier,
                same_name=fold(person.first_name) == first and fold(person.last_name) == last,
                same_birth_date=birth is not None and person.birth_date == birth,
                open_services=[service for service in requested if service.pk in open_ids],
            )
        )
    matches.sort(key=lambda match: (not match.same_identifier, not match.same_name))
    return matches


def _pesel_birth_date(pesel: str) -> dt.date | None:
    try:
        return pesel_decode(pesel).birth_date
    except ValidationError:  # the form checked it; an odd value just matches nobody
        return None


def _locked_received(online_application: OnlineApplication) -> OnlineApplication:
    online = OnlineApplication.objects.select_for_update().get(pk=online_application.pk)
    if online.state != OnlineState.RECEIVED:
        raise IntakeError(
            _("This online application has already been dealt with (%(state)s)."),
            code="online_decided",
            params={"state": OnlineState(online.state).label},
        )
    return online


def _decide(online: OnlineApplication, *, to_state: str, acting_user: Any, note: str = "") -> None:
    now = timezone.now()
    OnlineTransition.objects.create(
        online_application=online,
        from_state=online.state,
        to_state=to_state,
        at=now,
        actor=actor_or_none(acting_user),
        note=note,
    )
    changes: dict[str, Any] = {"state": [online.state, to_state]}
    online.state = to_state
    online.decided_at = now
    online.decided_by = actor_or_none(acting_user)
    online.save()
    if online.person_id:
        changes["person"] = [None, str(online.person)]
    if online.application_id:
        changes["application"] = [None, str(online.application)]
    audit_record(actor=acting_user, action=AuditAction.TRANSITION, obj=online, changes=changes)


@transaction.atomic
def online_application_accept(
    *,
    online_application: OnlineApplication,
    acting_user: Any,
    person: Person | None,
    services: Sequence[ProgrammeService],
    consents: Sequence[str],
) -> Application:
    """File the online application for the person the clerk confirmed.

    - ``person``: the registry's record the clerk matched the applicant to, after checking
      their identity; ``None`` registers a new person from the typed details (the registry's
      own rules apply: a PESEL already registered is refused, so the clerk picks the match).
      A matched person's record is not changed: the typed contact details go into the
      application's note.
    - ``services``: those of the online application the clerk files (one the person already
      has or waits for is refused with its name, as at the counter).
    - ``consents``: those given online that the clerk confirmed with the person; each is
      recorded in the person's name as given when the form was sent, unless already active.
    The application's filing time is when the form was received (the queue's order).
    """
    online = _locked_received(online_application)
    requested = {service.pk for service in online.services.all()}
    if not services:
        raise IntakeError({"services": _("Choose at least one service.")}, code="no_services")
    if any(service.pk not in requested for service in services):
        raise IntakeError(
            {"services": _("Choose only services the resident applied for.")}, code="services"
        )
    if any(purpose not in online.consents for purpose in consents):
        raise IntakeError(
            {"consents": _("Confirm only consents the resident gave online.")}, code="consents"
        )
    if person is None:
        person = person_register(acting_user=acting_user, fields=_person_fields(online))
        note = _note(
            online,
            _("The person was registered from the online application %(reference)s."),
        )
    else:
        if person.archived_at is not None:
            raise IntakeError(
                _("This person is archived: restore them first, or register a new person."),
                code="archived",
            )
        note = _note(
            online,
            _(
                "Filed online (%(reference)s) by a person already in the registry; their "
                "registry details were not changed. Contact details typed in the form (check "
                "them with the person before updating the registry):"
            ),
            contact=True,
        )
    application = application_file(
        person=person,
        services=list(services),
        channel=Channel.PORTAL,
        acting_user=acting_user,
        filed_at=online.received_at,
        note=note,
    )
    with translation.override(settings.LANGUAGE_CODE):
        consent_note = str(
            _("Given in the online application %(reference)s, confirmed by the client office.")
            % {"reference": online.reference}
        )
    for purpose in consents:
        if Consent.objects.filter(
            person=person, purpose=purpose, withdrawn_at__isnull=True
        ).exists():
            continue
        consent_give(
            person=person,
            purpose=purpose,
            acting_user=acting_user,
            given_at=online.received_at,
            note=consent_note[:200],
        )
    online.person = person
    online.application = application
    _decide(online, to_state=OnlineState.ACCEPTED, acting_user=acting_user)
    return application


@transaction.atomic
def online_application_reject(
    *, online_application: OnlineApplication, acting_user: Any, reason: str
) -> OnlineApplication:
    """Do not accept an online application (e.g. the identity could not be confirmed, or it
    repeats an application already filed). The reason stays in the office's records; the
    resident is told on the status page to contact the office."""
    reason = (reason or "").strip()
    if not reason:
        raise IntakeError({"reason": _("Write why it is not accepted.")}, code="reason")
    online = _locked_received(online_application)
    online.reason = reason
    _decide(online, to_state=OnlineState.REJECTED, acting_user=acting_user, note=reason)
    return online


def _person_fields(online: OnlineApplication) -> dict[str, Any]:
    fields = {name: getattr(online, name) for name in PERSON_FIELDS}
    # Citizenship is not asked online: "not stated" until a clerk sees a document.
    fields["citizenship"] = ""
    fields["preferred_language"] = online.preferred_language or "pl"
    return fields


def _note(online: OnlineApplication, heading: Any, *, contact: bool = False) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        lines = [str(heading % {"reference": online.reference})]
        if contact:
            lines += [
                f"{_('Phone')}: {online.phone or '–'}",
                f"{_('E-mail')}: {online.email or '–'}",
                f"{_('Address')}: {online.address_line or '–'}",
            ]
        lines.append(
            str(
                _("Received online on %(date)s.")
                % {
                    "date": f"{day_text(timezone.localtime(online.received_at).date())} "
                    f"{timezone.localtime(online.received_at):%H:%M}"
                }
            )
        )
    return "\n".join(lines)
