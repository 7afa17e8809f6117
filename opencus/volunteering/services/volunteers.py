"""Volunteers and their records: the details, the accident insurance, the health-and-safety
briefing, the child-protection checks, travel costs and their written waiver, offers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.core.roles import Role, has_capability, user_roles
from opencus.volunteering.capabilities import VOLUNTEERING_CHECKS
from opencus.volunteering.errors import VolunteerError
from opencus.volunteering.models import (
    CheckKind,
    CheckResult,
    ChildProtectionCheck,
    CostWaiver,
    InsurancePolicy,
    Offer,
    SafetyBriefing,
    Skill,
    TravelClaim,
    Volunteer,
)
from opencus.volunteering.services.common import (
    require_manager,
    today,
)


@dataclass(frozen=True)
class VolunteerData:
    first_name: str
    last_name: str
    birth_date: dt.date
    phone: str = ""
    email: str = ""
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    skills: tuple[str, ...] = ()
    weekdays: tuple[int, ...] = ()
    availability: str = ""
    user: Any = None
    is_active: bool = True


@transaction.atomic
def volunteer_save(
    *, data: VolunteerData, acting_user: Any, volunteer: Volunteer | None = None
) -> Volunteer:
    """Register a volunteer or change their details. Refused: a birth date in the future, an
    unknown skill or weekday, an account that is not in the volunteer role or is another
    volunteer's."""
    require_manager(acting_user, VolunteerError)
    if data.birth_date > today():
        raise VolunteerError(
            {"birth_date": _("The date of birth cannot be in the future.")}, code="birth"
        )
    if any(skill not in Skill.values for skill in data.skills):
        raise VolunteerError({"skills": _("Choose skills from the list.")}, code="skill")
    if any(not 0 <= day <= 6 for day in data.weekdays):
        raise VolunteerError({"weekdays": _("Choose days from the list.")}, code="weekday")
    if data.user is not None:
        if Role.VOLUNTEER not in user_roles(data.user):
            raise VolunteerError(
                {"user": _("The account is not in the volunteer role.")}, code="user_role"
            )
        other = Volunteer.objects.filter(user=data.user)
        if volunteer is not None:
            other = other.exclude(pk=volunteer.pk)
        if other.exists():
            raise VolunteerError(
                {"user": _("The account belongs to another volunteer.")}, code="user_taken"
            )
    fields = {
        "first_name": data.first_name.strip(),
        "last_name": data.last_name.strip(),
        "birth_date": data.birth_date,
        "phone": data.phone.strip(),
        "email": data.email.strip(),
        "address": data.address.strip(),
        "latitude": data.latitude,
        "longitude": data.longitude,
        "skills": list(data.skills),
        "weekdays": sorted(set(data.weekdays)),
        "availability": data.availability.strip(),
        "user": data.user,
        "is_active": data.is_active,
    }
    if volunteer is None:
        volunteer = Volunteer.objects.create(registered_by=acting_user, **fields)
        audit_record(actor=acting_user, action=AuditAction.CREATE, obj=volunteer)
        return volunteer
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(fields))
    audit_record(actor=acting_user, action=AuditAction.UPDATE, obj=locked)
    return locked


@transaction.atomic
def insurance_record(
    *,
    volunteer: Volunteer,
    insurer: str,
    number: str,
    valid_from: dt.date,
    valid_to: dt.date,
    acting_user: Any,
) -> InsurancePolicy:
    """Record a volunteer's accident (NNW) policy (art. 46 sec. 1)."""
    require_manager(acting_user, VolunteerError)
    if not insurer.strip() or not number.strip():
        raise VolunteerError(_("Enter the insurer and the policy number."), code="missing")
    if valid_to < valid_from:
        raise VolunteerError(
            {"valid_to": _("The policy cannot end before it starts.")}, code="order"
        )
    policy = InsurancePolicy.objects.create(
        volunteer=volunteer,
        insurer=insurer.strip(),
        number=number.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        recorded_by=acting_user,
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=policy)
    return policy


@transaction.atomic
def briefing_record(
    *, volunteer: Volunteer, held_on: dt.date, held_by: str, acting_user: Any
) -> SafetyBriefing:
    """Record the health-and-safety briefing (art. 45 sec. 1 pt 1): when and by whom."""
    require_manager(acting_user, VolunteerError)
    if held_on > today():
        raise VolunteerError(
            {"held_on": _("A briefing is recorded once it was held, not before.")},
            code="future",
        )
    if not held_by.strip():
        raise VolunteerError({"held_by": _("Enter who held the briefing.")}, code="missing")
    briefing = SafetyBriefing.objects.create(
        volunteer=volunteer, held_on=held_on, held_by=held_by.strip(), recorded_by=acting_user
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=briefing)
    return briefing


@transaction.atomic
def check_record(
    *,
    volunteer: Volunteer,
    kind: str,
    checked_on: dt.date,
    result: str,
    document_number: str,
    acting_user: Any,
) -> ChildProtectionCheck:
    """Record a child-protection check (act of 13 May 2016): only the date, who checked, the
    result and the document's number."""
    if not has_capability(acting_user, VOLUNTEERING_CHECKS):
        raise VolunteerError(
            _("Only the volunteer coordinator and the director record these checks."),
            code="not_allowed",
        )
    if kind not in CheckKind.values or result not in CheckResult.values:
        raise VolunteerError(_("Choose the check and its result."), code="choice")
    if checked_on > today():
        raise VolunteerError(
            {"checked_on": _("A check is recorded once it was made, not before.")},
            code="future",
        )
    check = ChildProtectionCheck.objects.create(
        volunteer=volunteer,
        kind=kind,
        checked_on=checked_on,
        checked_by=acting_user,
        result=result,
        document_number=document_number.strip(),
    )
    # The log names the kind only: the result is criminal-record data.
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=check,
        label=f"{volunteer.full_name}: {check.get_kind_display()}",
    )
    return check


def _amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise VolunteerError(
            {"amount": _("Enter the amount, e.g. 12,40.")}, code="amount"
        ) from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise VolunteerError(
            {"amount": _("Enter an amount above zero, in złoty and grosze.")}, code="amount"
        )
    return amount


@transaction.atomic
def travel_claim_record(
    *,
    volunteer: Volunteer,
    incurred_on: dt.date,
    amount: Any,
    description: str,
    acting_user: Any,
) -> TravelClaim:
    """Record travel costs reimbursed to the volunteer (art. 45 sec. 1 pt 4)."""
    require_manager(acting_user, VolunteerError)
    value = _amount(amount)
    if incurred_on > today():
        raise VolunteerError(
            {"incurred_on": _("Costs are reimbursed after the journey, not before.")},
            code="future",
        )
    if not description.strip():
        raise VolunteerError({"description": _("Write what the journey was for.")}, code="missing")
    claim = TravelClaim.objects.create(
        volunteer=volunteer,
        incurred_on=incurred_on,
        amount=value,
        description=description.strip(),
        recorded_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=claim,
        changes={"amount": [None, str(value)]},
    )
    return claim


@transaction.atomic
def waiver_record(
    *,
    volunteer: Volunteer,
    signed_on: dt.date,
    document_reference: str,
    written: bool,
    acting_user: Any,
) -> CostWaiver:
    """Record the volunteer's waiver of travel costs: valid only in writing (art. 45 sec. 3),
    so it is refused without the signed document."""
    require_manager(acting_user, VolunteerError)
    if not written or not document_reference.strip():
        raise VolunteerError(
            {
                "document_reference": _(
                    "A waiver of travel costs is valid only in writing: record the signed"
                    " document and its reference."
                )
            },
            code="not_written",
        )
    if signed_on > today():
        raise VolunteerError({"signed_on": _("The waiver cannot be signed in the future.")})
    waiver = CostWaiver.objects.create(
        volunteer=volunteer,
        signed_on=signed_on,
        document_reference=document_reference.strip(),
        recorded_by=acting_user,
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=waiver)
    return waiver


@transaction.atomic
def offer_record(
    *,
    volunteer: Volunteer,
    title: str,
    skills: tuple[str, ...],
    with_children: bool,
    acting_user: Any,
) -> Offer:
    """Record what a volunteer offers (a kind of help, its skills, work with children)."""
    require_manager(acting_user, VolunteerError)
    if not title.strip():
        raise VolunteerError({"title": _("Write what the volunteer offers.")}, code="missing")
    if any(skill not in Skill.values for skill in skills):
        raise VolunteerError({"skills": _("Choose skills from the list.")}, code="skill")
    offer = Offer.objects.create(
        volunteer=volunteer, title=title.strip(), skills=list(skills), with_children=with_children
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=offer)
    return offer
