"""The seniors' council: its terms, members and opinions on programmes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Programme
from opencus.community.errors import RecordError
from opencus.community.models import Council, CouncilMember, CouncilOpinion, CouncilTerm
from opencus.community.services.common import clean, not_future
from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.people.models import Person


@transaction.atomic
def council_create(*, name: str, basis: str = "", acting_user: Any) -> Council:
    name = " ".join(name.split())
    if not name:
        raise RecordError({"name": _("Enter the council's name.")}, code="name")
    if Council.objects.filter(name__iexact=name).exists():
        raise RecordError({"name": _("A council of this name exists.")}, code="name_taken")
    council = Council.objects.create(name=name, basis=clean(basis))
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=council, changes={"name": name})
    return council


@transaction.atomic
def council_term_add(
    *, council: Council, starts_on: dt.date, ends_on: dt.date, acting_user: Any
) -> CouncilTerm:
    """Open a term of office; terms of one council do not overlap."""
    if ends_on <= starts_on:
        raise RecordError({"ends_on": _("The end must be after the start.")}, code="order")
    Council.objects.select_for_update().get(pk=council.pk)
    if council.terms.filter(starts_on__lt=ends_on, ends_on__gt=starts_on).exists():
        raise RecordError(
            {"starts_on": _("This term overlaps another term of the council.")}, code="overlap"
        )
    term = CouncilTerm.objects.create(council=council, starts_on=starts_on, ends_on=ends_on)
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=term,
        changes={"council": council.pk, "from": starts_on.isoformat(), "to": ends_on.isoformat()},
    )
    return term


@transaction.atomic
def council_member_add(
    *,
    term: CouncilTerm,
    name: str,
    represents: str = "",
    role: str = "",
    person: Person | None = None,
    acting_user: Any,
) -> CouncilMember:
    name = " ".join(name.split()) or (person.full_name if person else "")
    if not name:
        raise RecordError({"name": _("Enter the member's name.")}, code="name")
    member = CouncilMember.objects.create(
        term=term, person=person, name=name, represents=clean(represents), role=clean(role)
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=member,
        changes={"term": term.pk},
    )
    return member


@transaction.atomic
def council_opinion_add(
    *,
    council: Council,
    programme: Programme,
    given_on: dt.date,
    text: str,
    reference: str = "",
    acting_user: Any,
) -> CouncilOpinion:
    """Attach the council's opinion to the programme it concerns."""
    if not clean(text):
        raise RecordError({"text": _("Write the opinion.")}, code="text")
    not_future(given_on, "given_on")
    opinion = CouncilOpinion.objects.create(
        council=council,
        programme=programme,
        given_on=given_on,
        reference=clean(reference),
        text=clean(text),
        recorded_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=opinion,
        changes={"programme": programme.pk, "given_on": given_on.isoformat()},
    )
    return opinion
