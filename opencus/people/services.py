"""Every change to the people registry. Each service is atomic, takes ``acting_user`` and
writes the audit row. Nothing is deleted: people are archived, memberships and representations
ended, consents withdrawn, special-category entries marked as entered in error."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.core.audit import audit_record, model_changes
from opencus.core.formatting import day_text
from opencus.core.identifiers import pesel_decode
from opencus.core.models import AuditAction
from opencus.core.roles import has_capability
from opencus.core.text import fold
from opencus.people.capabilities import PERSON_RESTORE
from opencus.people.errors import PeopleError
from opencus.people.models import (
    Consent,
    ConsentPurpose,
    DisabilityCertificate,
    HealthNote,
    Household,
    HouseholdMember,
    HouseholdRelation,
    Person,
    Representative,
    RepresentativeKind,
)
from opencus.people.search import fill_search_fields

#: Fields of ``Person`` that the registration and edit forms may set.
PERSON_FIELDS = (
    "first_name",
    "second_name",
    "last_name",
    "pesel",
    "id_document_type",
    "id_document_number",
    "id_document_country",
    "birth_date",
    "sex",
    "citizenship",
    "phone",
    "email",
    "preferred_language",
    "labour_status",
    "protection_status",
    "street",
    "building_number",
    "flat_number",
    "postcode",
    "locality",
    "terc",
    "simc",
    "ulic",
    "latitude",
    "longitude",
)


def municipality_codes(*, locality: str, postcode: str) -> tuple[str, str] | None:
    """The TERYT codes (TERC, SIMC) of an address in the centre's municipality, known from
    its locality and postcode alone: ``OPENCUS_MUNICIPALITY_LOCALITIES`` (letter case and
    diacritics aside) with a postcode starting with one of
    ``OPENCUS_MUNICIPALITY_POSTCODE_PREFIXES``. ``None`` for any other address (its codes
    are typed by the clerk). The SIMC is ``""`` unless ``OPENCUS_MUNICIPALITY_SIMC`` is set."""
    localities = {fold(name) for name in settings.OPENCUS_MUNICIPALITY_LOCALITIES}
    prefixes = tuple(settings.OPENCUS_MUNICIPALITY_POSTCODE_PREFIXES)
    code = (postcode or "").strip()
    if fold(locality) not in localities or not code or not code.startswith(prefixes):
        return None
    return str(settings.OPENCUS_MUNICIPALITY_TERC), str(settings.OPENCUS_MUNICIPALITY_SIMC)


def _fill_municipality_codes(data: dict[str, Any]) -> None:
    """An address in the centre's municipality without its TERC gets it (and the SIMC, if
    the centre keeps one): the "resident" eligibility rule compares the TERC."""
    if data.get("terc") or "locality" not in data:
        return
    codes = municipality_codes(
        locality=data.get("locality") or "", postcode=data.get("postcode") or ""
    )
    if codes is None:
        return
    data["terc"] = codes[0]
    if codes[1] and not data.get("simc"):
        data["simc"] = codes[1]


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    """Derive birth date and sex from the PESEL and check them against what was typed.

    The PESEL encodes both (domain.md §6); a typed value that disagrees is a typo in one of
    them, so the change is refused with a message rather than silently corrected.
    """
    data = {key: value for key, value in fields.items() if key in PERSON_FIELDS}
    pesel = (data.get("pesel") or "").strip() or None
    data["pesel"] = pesel
    if pesel:
        decoded = pesel_decode(pesel)
        typed_birth, typed_sex = data.get("birth_date"), data.get("sex")
        errors: dict[str, Any] = {}
        if typed_birth and typed_birth != decoded.birth_date:
            errors["birth_date"] = ValidationError(
                _("The date of birth does not match the PESEL number (%(date)s)."),
                code="pesel_birth_date_mismatch",
                params={"date": day_text(decoded.birth_date)},
            )
        if typed_sex and typed_sex != decoded.sex:
            errors["sex"] = ValidationError(
                _("The sex does not match the PESEL number."), code="pesel_sex_mismatch"
            )
        if errors:
            raise PeopleError(errors)
        data["birth_date"], data["sex"] = decoded.birth_date, decoded.sex
    else:
        missing = {
            name: ValidationError(message, code="required")
            for name, message in (
                ("id_document_number", _("Enter the document number, or a PESEL number.")),
                ("id_document_country", _("Enter the country that issued the document.")),
                ("birth_date", _("Enter the date of birth.")),
                ("sex", _("Choose the sex.")),
            )
            if not data.get(name)
        }
        if missing:
            raise PeopleError(missing)
    for name in ("id_document_country", "citizenship"):
        if name in data:
            data[name] = str(data[name] or "").strip().upper()
    if data.get("birth_date") and data["birth_date"] > timezone.localdate():
        raise PeopleError(
            {"birth_date": _("The date of birth cannot be in the future.")}, code="future"
        )
    _fill_municipality_codes(data)
    return data


def _duplicate_pesel() -> PeopleError:
    return PeopleError(
        {
            "pesel": ValidationError(
                _("A person with this PESEL number is already registered."),
                code="duplicate_pesel",
            )
        }
    )


def _full_clean(person: Person, *, pesel: str) -> None:
    """Model validation; a PESEL registered meanwhile by another clerk (whose transaction
    committed after the check above) is the usual duplicate refusal, not a unique-field error."""
    try:
        person.full_clean()
    except ValidationError:
        others = Person.objects.filter(pesel=pesel).exclude(pk=person.pk)
        if pesel and others.exists():
            raise _duplicate_pesel() from None
        raise


@transaction.atomic
def person_register(*, acting_user: Any, fields: dict[str, Any]) -> Person:
    """Register a person. A PESEL may appear once in the registry (a database constraint)."""
    data = _normalise(fields)
    if data["pesel"] and Person.objects.filter(pesel=data["pesel"]).exists():
        raise _duplicate_pesel()
    person = Person(
        **data, created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None
    )
    fill_search_fields(person)
    _full_clean(person, pesel=data["pesel"])
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # a concurrent registration of the same PESEL won the race
        raise _duplicate_pesel() from None
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=person,
        changes={name: [None, str(getattr(person, name))] for name in ("first_name", "last_name")},
    )
    return person


@transaction.atomic
def person_update(*, person: Person, acting_user: Any, fields: dict[str, Any]) -> Person:
    data = _normalise(fields)
    if data["pesel"] and Person.objects.filter(pesel=data["pesel"]).exclude(pk=person.pk).exists():
        raise _duplicate_pesel()
    changes = model_changes(person, data)
    if not changes:
        return person
    for name, value in data.items():
        setattr(person, name, value)
    fill_search_fields(person)
    _full_clean(person, pesel=data["pesel"])
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise _duplicate_pesel() from None
    audit_record(actor=acting_user, action=AuditAction.UPDATE, obj=person, changes=changes)
    return person


def _reason(reason: str, message: Any) -> str:
    text = (reason or "").strip()
    if not text:
        raise PeopleError({"reason": message}, code="reason")
    return text


@transaction.atomic
def person_archive(*, person: Person, acting_user: Any, reason: str) -> Person:
    """Archive a person (e.g. moved away, died): kept for the record, hidden from search. The
    reason is written to the audit log: the record must say why a person left the registry."""
    reason = _reason(reason, _("Write why the person is archived, for example: moved away."))
    updated = Person.objects.filter(pk=person.pk, archived_at__isnull=True).update(
        archived_at=timezone.now()
    )
    if not updated:
        raise PeopleError(_("This person is already archived."), code="already_archived")
    person.refresh_from_db(fields=["archived_at"])
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=person,
        changes={"archived_at": [None, str(person.archived_at)], "reason": reason},
    )
    return person


@transaction.atomic
def person_restore(*, person: Person, acting_user: Any, reason: str) -> Person:
    """Bring an archived person back into the registry (archived by mistake, moved back),
    for the roles that may archive (``person.restore``), with the reason in the audit log."""
    if not has_capability(acting_user, PERSON_RESTORE):
        raise PeopleError(_("You may not restore archived people."), code="forbidden")
    reason = _reason(reason, _("Write why the person is restored."))
    archived_at = Person.objects.filter(pk=person.pk).values_list("archived_at", flat=True).first()
    updated = Person.objects.filter(pk=person.pk, archived_at__isnull=False).update(
        archived_at=None
    )
    if not updated:
        raise PeopleError(_("This person is not archived."), code="not_archived")
    person.archived_at = None
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=person,
        changes={"archived_at": [str(archived_at), None], "reason": reason},
    )
    return person


def person_find_by_identifier(*, user: Any, identifier: str) -> Person:
    """The visible person with this PESEL or identity document number, for linking people."""
    text = (identifier or "").strip().replace(" ", "")
    people = Person.objects.visible_to(user).active()
    found = people.filter(pesel=text).first() if text.isdigit() else None
    if found is None and text:
        found = people.filter(id_document_number__iexact=text).first()
    if found is None:
        raise PeopleError(
            _("No person with this PESEL or document number is registered. Register them first."),
            code="not_found",
        )
    return found


# --- Households -------------------------------------------------------------------------------


@transaction.atomic
def household_add_member(
    *,
    person: Person,
    member: Person,
    relation: str,
    acting_user: Any,
    joined_on: dt.date | None = None,
) -> HouseholdMember:
    """Put ``member`` into ``person``'s household (created if ``person`` has none yet).

    A person lives in one household at a time (a database constraint): the member must first
    leave their current one.
    """
    if relation not in HouseholdRelation.values:
        raise PeopleError({"relation": _("Choose the relation.")}, code="relation")
    if member.pk == person.pk:
        raise PeopleError(_("A person cannot be added to their own household twice."), code="self")
    today = joined_on or timezone.localdate()
    current = (
        HouseholdMember.objects.select_for_update()
        .filter(person=person, left_on__isnull=True)
        .first()
    )
    if current is None:
        household = Household.objects.create(name=f"{person.last_name}")
        current = HouseholdMember.objects.create(
            household=household, person=person, relation=HouseholdRelation.HEAD, joined_on=today
        )
        audit_record(actor=acting_user, action=AuditAction.CREATE, obj=current)
    if HouseholdMember.objects.filter(person=member, left_on__isnull=True).exists():
        raise PeopleError(
            _("%(name)s already belongs to a household. End that membership first."),
            code="in_household",
            params={"name": member.full_name},
        )
    try:
        with transaction.atomic():
            link = HouseholdMember.objects.create(
                household=current.household, person=member, relation=relation, joined_on=today
            )
    except IntegrityError:
        raise PeopleError(
            _("%(name)s already belongs to a household. End that membership first."),
            code="in_household",
            params={"name": member.full_name},
        ) from None
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=link)
    return link


@transaction.atomic
def household_member_leave(
    *, link: HouseholdMember, acting_user: Any, left_on: dt.date | None = None
) -> HouseholdMember:
    day = left_on or timezone.localdate()
    if day < link.joined_on:
        raise PeopleError(
            _("The end date cannot be before the person joined the household."), code="date"
        )
    updated = HouseholdMember.objects.filter(pk=link.pk, left_on__isnull=True).update(left_on=day)
    if not updated:
        raise PeopleError(_("This membership has already ended."), code="already_ended")
    link.left_on = day
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=link,
        changes={"left_on": [None, str(day)]},
    )
    return link


# --- Representatives --------------------------------------------------------------------------


@transaction.atomic
def representative_add(
    *,
    person: Person,
    representative: Person,
    kind: str,
    acting_user: Any,
    basis: str = "",
    valid_from: dt.date | None = None,
) -> Representative:
    """Record that ``representative`` acts for ``person`` as legal representative or de facto
    carer (przedstawiciel ustawowy, opiekun faktyczny — they may file applications for them)."""
    if representative.pk == person.pk:
        raise PeopleError(
            {"identifier": _("A person cannot be their own representative.")}, code="self"
        )
    if kind not in RepresentativeKind.values:
        raise PeopleError({"kind": _("Choose the kind of representation.")}, code="kind")
    if valid_from and valid_from > timezone.localdate():
        # A representation is recorded once it holds (a court decision in force, care given).
        raise PeopleError({"valid_from": _("The date cannot be in the future.")}, code="date")
    if valid_from and valid_from < person.birth_date:
        raise PeopleError(
            {"valid_from": _("A representation cannot start before the person was born.")},
            code="date",
        )
    if Representative.objects.filter(
        person=person, representative=representative, kind=kind, valid_to__isnull=True
    ).exists():
        raise PeopleError(
            _("This representation is already recorded."), code="duplicate_representative"
        )
    link = Representative.objects.create(
        person=person,
        representative=representative,
        kind=kind,
        basis=basis,
        valid_from=valid_from or timezone.localdate(),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=link,
        changes={"kind": [None, kind], "representative": [None, str(representative.pk)]},
    )
    return link


@transaction.atomic
def representative_end(
    *, link: Representative, acting_user: Any, valid_to: dt.date | None = None
) -> Representative:
    day = valid_to or timezone.localdate()
    if day < link.valid_from:
        raise PeopleError(_("The end date cannot be before the start date."), code="date")
    updated = Representative.objects.filter(pk=link.pk, valid_to__isnull=True).update(valid_to=day)
    if not updated:
        raise PeopleError(_("This representation has already ended."), code="already_ended")
    link.valid_to = day
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=link,
        changes={"valid_to": [None, str(day)]},
    )
    return link


# --- Consents ---------------------------------------------------------------------------------


@transaction.atomic
def consent_give(
    *,
    person: Person,
    purpose: str,
    acting_user: Any,
    given_at: dt.datetime | None = None,
    representative: Representative | None = None,
    note: str = "",
) -> Consent:
    """Record a consent. One active consent per purpose: giving it again is refused."""
    if purpose not in ConsentPurpose.values:
        raise PeopleError({"purpose": _("Choose the purpose of the consent.")}, code="purpose")
    if representative is not None and representative.person_id != person.pk:
        raise PeopleError(_("This representative does not act for this person."), code="rep")
    at = given_at or timezone.now()
    if at > timezone.now():
        raise PeopleError({"given_on": _("A consent cannot be given in the future.")}, code="date")
    duplicate = PeopleError(
        _("This consent is already given. Withdraw it first to record it again."),
        code="duplicate_consent",
    )
    if Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True).exists():
        raise duplicate
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                person=person,
                purpose=purpose,
                given_at=at,
                given_by_representative=representative,
                note=note,
                recorded_by=acting_user
                if getattr(acting_user, "is_authenticated", False)
                else None,
            )
    except IntegrityError:
        raise duplicate from None
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=consent,
        changes={"purpose": [None, purpose]},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, acting_user: Any) -> Consent:
    now = timezone.now()
    updated = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    if not updated:
        raise PeopleError(_("This consent has already been withdrawn."), code="already_withdrawn")
    consent.withdrawn_at = now
    audit_record(
        actor=acting_user,
        action=AuditAction.WITHDRAW,
        obj=consent,
        changes={"withdrawn_at": [None, str(now)]},
    )
    return consent


# --- Special-category data --------------------------------------------------------------------


@transaction.atomic
def disability_certificate_add(
    *,
    person: Person,
    acting_user: Any,
    level: str,
    issued_on: dt.date,
    valid_until: dt.date | None = None,
    symbol: str = "",
    issuer: str = "",
) -> DisabilityCertificate:
    if valid_until is not None and valid_until < issued_on:
        raise PeopleError(
            {"valid_until": _("The certificate cannot expire before it was issued.")},
            code="date",
        )
    if issued_on > timezone.localdate():
        raise PeopleError(
            {"issued_on": _("The issue date cannot be in the future.")}, code="future"
        )
    certificate = DisabilityCertificate(
        person=person,
        level=level,
        issued_on=issued_on,
        valid_until=valid_until,
        symbol=symbol,
        issuer=issuer,
        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    certificate.full_clean()
    certificate.save()
    # The audit row names the record, not its content: the log itself must not leak health data.
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=certificate)
    return certificate


@transaction.atomic
def health_note_add(*, person: Person, acting_user: Any, text: str) -> HealthNote:
    if not (text or "").strip():
        raise PeopleError({"text": _("Write the note.")}, code="required")
    note = HealthNote.objects.create(
        person=person,
        text=text.strip(),
        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=note)
    return note


@transaction.atomic
def special_entry_withdraw(
    *, entry: DisabilityCertificate | HealthNote, acting_user: Any
) -> DisabilityCertificate | HealthNote:
    """Mark a certificate or note as entered in error; the row stays for the record."""
    now = timezone.now()
    updated = (
        type(entry).objects.filter(pk=entry.pk, withdrawn_at__isnull=True).update(withdrawn_at=now)
    )
    if not updated:
        raise PeopleError(
            _("This entry is already marked as entered in error."), code="already_withdrawn"
        )
    entry.withdrawn_at = now
    audit_record(actor=acting_user, action=AuditAction.WITHDRAW, obj=entry)
    return entry
