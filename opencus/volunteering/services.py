"""The volunteer centre's state changes: one ``@transaction.atomic`` function per step, each
writing its audit row (and its transition row for a lifecycle), each refusal a
``VolunteeringError`` that changes nothing.

The rules (the act of 24 April 2003, art. 42–46; the act of 13 May 2016; domain-services §2):

- an agreement over 30 days is written; 30 days or fewer may be oral (and is confirmed in
  writing on request); an open-ended one is written too (it may last over 30 days);
- the volunteer's age on the agreement's start decides the party: under 13 the legal
  representative, 13–17 the volunteer with the representative's written consent, 18 and over
  the volunteer;
- before the first assignment: the health-and-safety briefing, and the accident insurance for
  an agreement of 30 days or fewer or open-ended; for work with children, the sex-offender
  register check and the criminal-record certificate, clear and not older than the centre's
  ``VOLUNTEERING_CHECK_MONTHS`` (12);
- hours are logged by the volunteer (or the coordinator for them) on a day of an agreement in
  force and not in the future, and confirmed by the coordinator, never by the volunteer whose
  hours they are; confirmed hours of help to a person go into the delivery ledger once;
- travel costs are reimbursed, or waived in writing only;
- a volunteer withdraws from an assignment at least 2 days before it starts (centre practice).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.audit import actor_or_none, audit_record
from opencus.core.formatting import day_text
from opencus.core.models import AuditAction
from opencus.core.roles import Role, has_capability, user_roles
from opencus.delivery.errors import DeliveryAlreadyRecorded, DeliveryError
from opencus.delivery.services import delivery_correct, delivery_record
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.volunteering import selectors
from opencus.volunteering.capabilities import (
    VOLUNTEERING_CHECKS,
    VOLUNTEERING_MANAGE,
    VOLUNTEERING_NEED,
    VOLUNTEERING_SELF,
)
from opencus.volunteering.errors import (
    AgreementError,
    AssignmentError,
    DocumentError,
    HoursError,
    VolunteerError,
)
from opencus.volunteering.models import (
    ORAL_DAYS,
    Agreement,
    AgreementForm,
    AgreementStatus,
    AgreementTransition,
    Assignment,
    AssignmentStatus,
    AssignmentTransition,
    CheckKind,
    CheckResult,
    ChildProtectionCheck,
    CostWaiver,
    DocumentKind,
    DocumentRequest,
    DocumentStatus,
    DocumentTransition,
    HoursLog,
    HoursStatus,
    HoursTransition,
    InsurancePolicy,
    Need,
    NeedStatus,
    Offer,
    Party,
    SafetyBriefing,
    Skill,
    TravelClaim,
    Volunteer,
    age_on,
)

#: The catalogue's service (its slug) a volunteer's help to a person is recorded under in the
#: ledger, unless ``settings.VOLUNTEERING_SERVICE`` says otherwise: delivered by the centre,
#: counted in hours, with no price.
HELP_SERVICE = "pomoc-wolontariusza"

#: A volunteer withdraws from an assignment at least this many days before it starts.
WITHDRAW_DAYS = 2

ADULT_AGE = 18
CONSENT_AGE = 13


def _manager(acting_user: Any, error: type[Any]) -> None:
    if not has_capability(acting_user, VOLUNTEERING_MANAGE):
        raise error(_("Only the volunteer centre may do this."), code="not_allowed")


def _today() -> dt.date:
    return timezone.localdate()


def help_service_slug() -> str:
    return str(getattr(settings, "VOLUNTEERING_SERVICE", HELP_SERVICE))


# --- Volunteers -------------------------------------------------------------------------------


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
    _manager(acting_user, VolunteerError)
    if data.birth_date > _today():
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


# --- Agreements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementData:
    form: str
    starts_on: dt.date
    ends_on: dt.date | None
    scope: str
    manner: str
    termination: str
    representative_name: str = ""
    consent_reference: str = ""
    concluded_on: dt.date | None = None


def agreement_party(volunteer: Volunteer, data: AgreementData) -> str:
    """The party by the volunteer's age on the agreement's start, or a refusal: under 13 the
    legal representative concludes it (their name), 13–17 the volunteer with the
    representative's written consent (its reference), 18 and over the volunteer."""
    age = age_on(volunteer.birth_date, data.starts_on)
    if age >= ADULT_AGE:
        return Party.ADULT
    if age >= CONSENT_AGE:
        if not data.consent_reference.strip() or not data.representative_name.strip():
            raise AgreementError(
                {
                    "consent_reference": _(
                        "%(name)s is %(age)s on the agreement's first day: a volunteer aged"
                        " 13 to 17 signs with the legal representative's written consent."
                        " Record the representative and the consent document."
                    )
                    % {"name": volunteer.full_name, "age": age}
                },
                code="consent",
            )
        return Party.MINOR_WITH_CONSENT
    if not data.representative_name.strip():
        raise AgreementError(
            {
                "representative_name": _(
                    "%(name)s is %(age)s on the agreement's first day: for a volunteer under"
                    " 13 the legal representative concludes the agreement. Enter their name."
                )
                % {"name": volunteer.full_name, "age": age}
            },
            code="representative",
        )
    return Party.REPRESENTATIVE


@transaction.atomic
def agreement_conclude(*, volunteer: Volunteer, data: AgreementData, acting_user: Any) -> Agreement:
    """Conclude an agreement (art. 44): scope, manner, time and termination. Refused: an oral
    agreement over 30 days or open-ended (those are written), the end before the start, a
    minor's without the representative (under 13) or their written consent (13–17)."""
    _manager(acting_user, AgreementError)
    if data.form not in AgreementForm.values:
        raise AgreementError({"form": _("Choose written or oral.")}, code="form")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise AgreementError(
            {"ends_on": _("The agreement cannot end before it starts.")}, code="order"
        )
    missing = {
        name: _("Write the agreement's %(part)s.") % {"part": label}
        for name, label in (
            ("scope", _("scope")),
            ("manner", _("manner of work")),
            ("termination", _("termination clause")),
        )
        if not getattr(data, name).strip()
    }
    if missing:
        raise AgreementError(missing, code="missing")
    days = None if data.ends_on is None else (data.ends_on - data.starts_on).days + 1
    if data.form == AgreementForm.ORAL and (days is None or days > ORAL_DAYS):
        raise AgreementError(
            {
                "form": _(
                    "An agreement for over 30 days (or with no end) must be written (art. 44 of"
                    " the volunteering act); only one of 30 days or fewer may be oral."
                )
            },
            code="written",
        )
    party = agreement_party(volunteer, data)
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not locked.is_active:
        raise AgreementError(_("The volunteer is no longer active."), code="inactive")
    sequence = Agreement.objects.filter(starts_on__year=data.starts_on.year).count() + 1
    number = f"WOL/{sequence}/{data.starts_on.year}"
    while Agreement.objects.filter(number=number).exists():
        sequence += 1
        number = f"WOL/{sequence}/{data.starts_on.year}"
    agreement = Agreement.objects.create(
        volunteer=locked,
        number=number,
        form=data.form,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        scope=data.scope.strip(),
        manner=data.manner.strip(),
        termination=data.termination.strip(),
        party=party,
        representative_name=(data.representative_name.strip() if party != Party.ADULT else ""),
        consent_reference=(
            data.consent_reference.strip() if party == Party.MINOR_WITH_CONSENT else ""
        ),
        concluded_on=data.concluded_on or _today(),
        created_by=acting_user,
    )
    AgreementTransition.objects.create(
        agreement=agreement,
        to_status=AgreementStatus.ACTIVE,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=agreement)
    return agreement


@transaction.atomic
def agreement_confirmation_request(*, agreement: Agreement, acting_user: Any) -> Agreement:
    """An oral agreement is confirmed in writing on the volunteer's request (art. 44 sec. 3):
    the request is recorded and the confirmation can be printed from then on."""
    _own_or_manager(agreement.volunteer, acting_user, AgreementError)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.form != AgreementForm.ORAL:
        raise AgreementError(_("A written agreement needs no confirmation."), code="written")
    if locked.confirmation_requested_at is not None:
        return locked
    locked.confirmation_requested_at = timezone.now()
    locked.save(update_fields=["confirmation_requested_at"])
    AgreementTransition.objects.create(
        agreement=locked,
        from_status=locked.status,
        to_status=locked.status,
        at=locked.confirmation_requested_at,
        actor=actor_or_none(acting_user),
        note="written confirmation requested",
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"confirmation_requested_at": [None, str(locked.confirmation_requested_at)]},
    )
    return locked


@transaction.atomic
def agreement_end(
    *, agreement: Agreement, ended_on: dt.date, reason: str, acting_user: Any
) -> Agreement:
    """End an agreement under its termination clause: planned assignments after the day are
    cancelled. Refused without a reason, before the start, or when ended already."""
    _manager(acting_user, AgreementError)
    if not reason.strip():
        raise AgreementError({"reason": _("Write why the agreement ends.")}, code="reason")
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.status != AgreementStatus.ACTIVE:
        raise AgreementError(_("The agreement has ended already."), code="ended")
    if ended_on < locked.starts_on:
        raise AgreementError(
            {"ended_on": _("An agreement cannot end before it starts.")}, code="order"
        )
    locked.status = AgreementStatus.ENDED
    locked.ended_on = ended_on
    locked.save(update_fields=["status", "ended_on"])
    AgreementTransition.objects.create(
        agreement=locked,
        from_status=AgreementStatus.ACTIVE,
        to_status=AgreementStatus.ENDED,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
        note=reason.strip(),
    )
    for assignment in Assignment.objects.select_for_update().filter(
        agreement=locked, status=AssignmentStatus.PLANNED, starts_on__gt=ended_on
    ):
        _assignment_step(assignment, AssignmentStatus.CANCELLED, acting_user, reason.strip())
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [AgreementStatus.ACTIVE, AgreementStatus.ENDED]},
    )
    return locked


# --- Insurance, briefings, checks, travel costs -----------------------------------------------


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
    _manager(acting_user, VolunteerError)
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
    _manager(acting_user, VolunteerError)
    if held_on > _today():
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
    if checked_on > _today():
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
    _manager(acting_user, VolunteerError)
    value = _amount(amount)
    if incurred_on > _today():
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
    _manager(acting_user, VolunteerError)
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
    if signed_on > _today():
        raise VolunteerError({"signed_on": _("The waiver cannot be signed in the future.")})
    waiver = CostWaiver.objects.create(
        volunteer=volunteer,
        signed_on=signed_on,
        document_reference=document_reference.strip(),
        recorded_by=acting_user,
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=waiver)
    return waiver


# --- Offers and needs -------------------------------------------------------------------------


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
    _manager(acting_user, VolunteerError)
    if not title.strip():
        raise VolunteerError({"title": _("Write what the volunteer offers.")}, code="missing")
    if any(skill not in Skill.values for skill in skills):
        raise VolunteerError({"skills": _("Choose skills from the list.")}, code="skill")
    offer = Offer.objects.create(
        volunteer=volunteer, title=title.strip(), skills=list(skills), with_children=with_children
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=offer)
    return offer


def help_entitlement(person: Person, day: dt.date) -> Entitlement | None:
    """The person's entitlement to volunteer help in force on ``day``."""
    return (
        Entitlement.objects.in_force(day)
        .filter(person=person, service__slug=help_service_slug())
        .order_by("-starts_on", "-id")
        .first()
    )


@dataclass(frozen=True)
class NeedData:
    title: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    description: str = ""
    skills: tuple[str, ...] = ()
    with_children: bool = False
    volunteers_needed: int = 1
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@transaction.atomic
def need_create(*, data: NeedData, acting_user: Any, person: Person | None = None) -> Need:
    """Ask the volunteer centre for help. A need that names a person links their volunteer's
    hours to the ledger: refused when the person has no entitlement to volunteer help on the
    need's first day (the help would have nothing to be recorded under)."""
    if not has_capability(acting_user, VOLUNTEERING_NEED):
        raise AssignmentError(_("You may not ask for volunteers."), code="not_allowed")
    if not data.title.strip() or not data.place.strip():
        raise AssignmentError(_("Write what help is needed and where."), code="missing")
    if data.ends_on < data.starts_on:
        raise AssignmentError({"ends_on": _("The need cannot end before it starts.")}, code="order")
    if data.volunteers_needed < 1:
        raise AssignmentError(
            {"volunteers_needed": _("At least one volunteer is needed.")}, code="count"
        )
    if any(skill not in Skill.values for skill in data.skills):
        raise AssignmentError({"skills": _("Choose skills from the list.")}, code="skill")
    if person is not None and help_entitlement(person, data.starts_on) is None:
        raise AssignmentError(
            _(
                "%(name)s has no entitlement to volunteer help on %(day)s, so the help could"
                " not be recorded on their card. File an application for the service"
                " “volunteer help” first, or ask without naming the person."
            )
            % {"name": person.full_name, "day": day_text(data.starts_on)},
            code="no_entitlement",
        )
    need = Need.objects.create(
        title=data.title.strip(),
        description=data.description.strip(),
        skills=list(data.skills),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        place=data.place.strip(),
        latitude=data.latitude,
        longitude=data.longitude,
        with_children=data.with_children,
        volunteers_needed=data.volunteers_needed,
        person=person,
        created_by=acting_user,
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=need)
    return need


@transaction.atomic
def need_close(*, need: Need, acting_user: Any) -> Need:
    """Close a need nobody will be placed on any more (planned assignments stay)."""
    _manager(acting_user, AssignmentError)
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if locked.status == NeedStatus.CLOSED:
        return locked
    before = locked.status
    locked.status = NeedStatus.CLOSED
    locked.save(update_fields=["status"])
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [before, NeedStatus.CLOSED]},
    )
    return locked


# --- Assignments ------------------------------------------------------------------------------


def _assignment_step(
    assignment: Assignment, to: str, acting_user: Any, note: str = ""
) -> Assignment:
    before = assignment.status
    assignment.status = to
    assignment.save(update_fields=["status"])
    AssignmentTransition.objects.create(
        assignment=assignment,
        from_status=before,
        to_status=to,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
        note=note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=assignment,
        changes={"status": [before, to]},
    )
    return assignment


def _placed(need: Need) -> int:
    return need.assignments.exclude(
        status__in=[AssignmentStatus.WITHDRAWN, AssignmentStatus.CANCELLED]
    ).count()


@transaction.atomic
def assignment_create(
    *,
    need: Need,
    volunteer: Volunteer,
    acting_user: Any,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Assignment:
    """Place a volunteer on a need (the coordinator accepts a suggestion). Refused, with what
    is missing: no agreement in force for the whole assignment, no health-and-safety briefing,
    no accident insurance when the agreement needs it, and — for work with children — no clear
    sex-offender register check and criminal-record certificate of the last 12 months (the
    centre's setting). The need's row is locked, so it is never given more volunteers than it
    asks for."""
    _manager(acting_user, AssignmentError)
    locked_need = Need.objects.select_for_update().get(pk=need.pk)
    starts_on = starts_on or locked_need.starts_on
    ends_on = ends_on or locked_need.ends_on
    if ends_on < starts_on:
        raise AssignmentError(_("The assignment cannot end before it starts."), code="order")
    if locked_need.status != NeedStatus.OPEN:
        raise AssignmentError(
            _("The need is %(status)s: nobody more is placed on it.")
            % {"status": locked_need.get_status_display()},
            code="need_status",
        )
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not locked.is_active:
        raise AssignmentError(_("The volunteer is no longer active."), code="inactive")
    if (
        locked_need.assignments.filter(volunteer=locked)
        .exclude(status__in=[AssignmentStatus.WITHDRAWN, AssignmentStatus.CANCELLED])
        .exists()
    ):
        raise AssignmentError(
            _("%(name)s is placed on this need already.") % {"name": locked.full_name},
            code="twice",
        )
    agreement = selectors.agreement_in_force(locked, starts_on)
    if agreement is None or not agreement.in_force_on(ends_on):
        raise AssignmentError(
            _(
                "%(name)s has no agreement in force for the whole assignment"
                " (%(first)s–%(last)s): conclude or extend one first."
            )
            % {"name": locked.full_name, "first": day_text(starts_on), "last": day_text(ends_on)},
            code="agreement",
        )
    missing: list[str] = []
    if selectors.briefed_by(locked, starts_on) is None:
        missing.append(_("the health-and-safety briefing"))
    if agreement.needs_insurance and selectors.policy_covering(agreement, starts_on) is None:
        missing.append(_("an accident (NNW) insurance policy covering the agreement"))
    if missing:
        raise AssignmentError(
            _("Before the first assignment record %(missing)s.")
            % {"missing": _(" and ").join(missing)},
            code="not_ready",
            reasons=missing,
        )
    if locked_need.with_children:
        lacking = selectors.children_checks_missing(locked, starts_on)
        if lacking:
            raise AssignmentError(
                _(
                    "This is work with children: %(name)s cannot be placed until these are"
                    " recorded, clear and not older than %(months)s months: %(missing)s."
                )
                % {
                    "name": locked.full_name,
                    "months": selectors.check_months(),
                    "missing": ", ".join(lacking),
                },
                code="children_checks",
                reasons=lacking,
            )
    if _placed(locked_need) >= locked_need.volunteers_needed:
        raise AssignmentError(_("The need has all the volunteers it asked for."), code="full")
    assignment = Assignment.objects.create(
        volunteer=locked,
        need=locked_need,
        agreement=agreement,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=acting_user,
    )
    AssignmentTransition.objects.create(
        assignment=assignment,
        to_status=AssignmentStatus.PLANNED,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=assignment)
    if _placed(locked_need) >= locked_need.volunteers_needed:
        locked_need.status = NeedStatus.FILLED
        locked_need.save(update_fields=["status"])
    return assignment


def _reopen(need_id: int) -> None:
    need = Need.objects.select_for_update().get(pk=need_id)
    if need.status == NeedStatus.FILLED and _placed(need) < need.volunteers_needed:
        need.status = NeedStatus.OPEN
        need.save(update_fields=["status"])


@transaction.atomic
def assignment_withdraw(
    *, assignment: Assignment, acting_user: Any, reason: str = ""
) -> Assignment:
    """The volunteer withdraws from an assignment: at least 2 days before it starts (the
    centre's practice); later, they call the coordinator, who may cancel it."""
    locked = (
        Assignment.objects.select_for_update().select_related("volunteer").get(pk=assignment.pk)
    )
    if locked.volunteer.user_id is None or locked.volunteer.user_id != getattr(
        acting_user, "pk", None
    ):
        raise AssignmentError(_("This is not one of your assignments."), code="who")
    if locked.status != AssignmentStatus.PLANNED:
        raise AssignmentError(
            _("The assignment is %(status)s already.") % {"status": locked.get_status_display()},
            code="state",
        )
    last = locked.starts_on - dt.timedelta(days=WITHDRAW_DAYS)
    if _today() > last:
        raise AssignmentError(
            _(
                "You can withdraw until %(day)s (2 days before the start). Call the volunteer"
                " coordinator."
            )
            % {"day": day_text(last)},
            code="too_late",
        )
    _assignment_step(locked, AssignmentStatus.WITHDRAWN, acting_user, reason.strip())
    _reopen(locked.need_id)
    return locked


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, acting_user: Any, reason: str) -> Assignment:
    """The coordinator cancels a planned assignment (with a reason)."""
    _manager(acting_user, AssignmentError)
    if not reason.strip():
        raise AssignmentError({"reason": _("Write why the assignment is cancelled.")})
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status != AssignmentStatus.PLANNED:
        raise AssignmentError(
            _("The assignment is %(status)s already.") % {"status": locked.get_status_display()},
            code="state",
        )
    _assignment_step(locked, AssignmentStatus.CANCELLED, acting_user, reason.strip())
    _reopen(locked.need_id)
    return locked


@transaction.atomic
def assignment_complete(*, assignment: Assignment, acting_user: Any) -> Assignment:
    """The coordinator closes an assignment that has started as done."""
    _manager(acting_user, AssignmentError)
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status != AssignmentStatus.PLANNED:
        raise AssignmentError(
            _("The assignment is %(status)s already.") % {"status": locked.get_status_display()},
            code="state",
        )
    if locked.starts_on > _today():
        raise AssignmentError(_("The assignment has not started yet."), code="future")
    return _assignment_step(locked, AssignmentStatus.COMPLETED, acting_user)


# --- Hours ------------------------------------------------------------------------------------


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise HoursError({"hours": _("Enter the hours, e.g. 2,5.")}, code="hours") from None
    if not hours.is_finite() or hours <= 0 or hours > 24:
        raise HoursError({"hours": _("Enter between 0,25 and 24 hours.")}, code="hours")
    if hours * 4 != (hours * 4).to_integral_value():
        raise HoursError({"hours": _("Enter the hours in quarters, e.g. 1,75.")}, code="hours")
    return hours


def _log_step(
    log: HoursLog, to: str, acting_user: Any, note: str = "", *, first: bool = False
) -> None:
    before = "" if first else log.status
    log.status = to
    HoursTransition.objects.create(
        log=log,
        from_status=before,
        to_status=to,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
        note=note,
    )


@transaction.atomic
def hours_log(
    *,
    assignment: Assignment,
    worked_on: dt.date,
    hours: Any,
    scope: str,
    acting_user: Any,
) -> HoursLog:
    """Log hours worked on an assignment: by the volunteer on their own, or by the
    coordinator for them. Refused: a day in the future, a day outside the assignment or the
    agreement in force, a cancelled or withdrawn assignment, no words of what was done."""
    own = assignment.volunteer.user_id is not None and assignment.volunteer.user_id == getattr(
        acting_user, "pk", None
    )
    if not own and not has_capability(acting_user, VOLUNTEERING_MANAGE):
        raise HoursError(_("This is not one of your assignments."), code="who")
    value = _hours(hours)
    if not scope.strip():
        raise HoursError({"scope": _("Write what was done.")}, code="scope")
    if worked_on > _today():
        raise HoursError(
            {"worked_on": _("Hours are logged after the work, not for a day to come.")},
            code="future",
        )
    locked = (
        Assignment.objects.select_for_update().select_related("agreement").get(pk=assignment.pk)
    )
    if locked.status in (AssignmentStatus.WITHDRAWN, AssignmentStatus.CANCELLED):
        raise HoursError(
            _("The assignment is %(status)s.") % {"status": locked.get_status_display()},
            code="state",
        )
    if not locked.starts_on <= worked_on <= locked.ends_on:
        raise HoursError(
            {
                "worked_on": _("The assignment runs from %(first)s to %(last)s.")
                % {"first": day_text(locked.starts_on), "last": day_text(locked.ends_on)}
            },
            code="outside_assignment",
        )
    if not locked.agreement.in_force_on(worked_on):
        raise HoursError(
            {
                "worked_on": _(
                    "No agreement was in force on %(day)s: hours are logged only under an"
                    " agreement."
                )
                % {"day": day_text(worked_on)}
            },
            code="outside_agreement",
        )
    log = HoursLog(
        assignment=locked,
        worked_on=worked_on,
        hours=value,
        scope=scope.strip(),
        logged_by=acting_user,
    )
    log.save()
    _log_step(log, HoursStatus.LOGGED, acting_user, first=True)
    audit_record(
        actor=acting_user, action=AuditAction.CREATE, obj=log, changes={"hours": [None, str(value)]}
    )
    return log


def _decidable(log: HoursLog, acting_user: Any) -> HoursLog:
    locked = (
        HoursLog.objects.select_for_update(of=("self",))
        .select_related("assignment__volunteer", "assignment__need__person")
        .get(pk=log.pk)
    )
    volunteer = locked.assignment.volunteer
    if volunteer.user_id is not None and volunteer.user_id == getattr(acting_user, "pk", None):
        raise HoursError(
            _("You cannot confirm your own hours: the volunteer coordinator confirms them."),
            code="own_hours",
        )
    _manager(acting_user, HoursError)
    return locked


@transaction.atomic
def hours_confirm(*, log: HoursLog, acting_user: Any) -> HoursLog:
    """The coordinator confirms logged hours (never the volunteer whose hours they are).
    Hours of help to a person go into the delivery ledger once, as the centre's own
    delivery in hours with no price (keyed by the log, so a repeat records nothing more);
    the ledger's refusal is kept on the log and shown, the hours stay confirmed."""
    locked = _decidable(log, acting_user)
    if locked.status == HoursStatus.CONFIRMED:
        return locked
    if locked.status != HoursStatus.LOGGED:
        raise HoursError(
            _("These hours are %(status)s already.") % {"status": locked.get_status_display()},
            code="state",
        )
    now = timezone.now()
    updated = HoursLog.objects.filter(pk=locked.pk, status=HoursStatus.LOGGED).update(
        status=HoursStatus.CONFIRMED, decided_by=acting_user, decided_at=now
    )
    if updated != 1:
        raise HoursError(_("These hours were decided meanwhile."), code="state")
    _log_step(locked, HoursStatus.CONFIRMED, acting_user)
    locked.decided_by = acting_user
    locked.decided_at = now
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [HoursStatus.LOGGED, HoursStatus.CONFIRMED]},
    )
    _ledger_in(locked, acting_user)
    return locked


def _ledger_note(log: HoursLog) -> str:
    return _("Volunteer help: %(need)s, %(day)s") % {
        "need": log.assignment.need.title,
        "day": day_text(log.worked_on),
    }


def _ledger_in(log: HoursLog, acting_user: Any) -> None:
    person = log.assignment.need.person
    if person is None:
        return
    entitlement = help_entitlement(person, log.worked_on)
    if entitlement is None:
        log.ledger_refusal = _(
            "%(name)s has no entitlement to volunteer help on %(day)s: the hours are not on"
            " their card."
        ) % {"name": person.full_name, "day": day_text(log.worked_on)}
        log.save(update_fields=["ledger_refusal"])
        return
    try:
        record = delivery_record(
            entitlement=entitlement,
            delivered_on=log.worked_on,
            units=log.hours,
            acting_user=acting_user,
            note=_ledger_note(log),
            request_key=f"volunteering-hours-{log.pk}",
            recorder_checked=True,
        )
    except DeliveryAlreadyRecorded as repeated:
        record = repeated.record
    except DeliveryError as refused:
        log.ledger_refusal = refused.text
        log.save(update_fields=["ledger_refusal"])
        return
    log.delivery_record = record
    log.ledger_refusal = ""
    log.save(update_fields=["delivery_record", "ledger_refusal"])


@transaction.atomic
def hours_reject(*, log: HoursLog, reason: str, acting_user: Any) -> HoursLog:
    """The coordinator does not confirm logged hours (with the reason)."""
    if not reason.strip():
        raise HoursError({"reason": _("Write why the hours are not confirmed.")}, code="reason")
    locked = _decidable(log, acting_user)
    if locked.status != HoursStatus.LOGGED:
        raise HoursError(
            _("These hours are %(status)s already.") % {"status": locked.get_status_display()},
            code="state",
        )
    _log_step(locked, HoursStatus.REJECTED, acting_user, reason.strip())
    locked.decided_by = acting_user
    locked.decided_at = timezone.now()
    locked.reason = reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [HoursStatus.LOGGED, HoursStatus.REJECTED]},
    )
    return locked


@transaction.atomic
def hours_correct(*, log: HoursLog, reason: str, acting_user: Any) -> HoursLog:
    """Withdraw confirmed hours logged wrongly (the volunteer logs the right ones again): their
    units in the ledger are reversed by a correcting entry."""
    if not reason.strip():
        raise HoursError({"reason": _("Write why the hours are corrected.")}, code="reason")
    locked = _decidable(log, acting_user)
    if locked.status != HoursStatus.CONFIRMED:
        raise HoursError(_("Only confirmed hours are corrected."), code="state")
    if locked.delivery_record is not None:
        try:
            delivery_correct(
                record=locked.delivery_record,
                acting_user=acting_user,
                note=_("Corrected: %(note)s") % {"note": _ledger_note(locked)},
                recorder_checked=True,
            )
        except DeliveryError as refused:
            raise HoursError(refused.text, code="ledger") from None
    _log_step(locked, HoursStatus.CORRECTED, acting_user, reason.strip())
    locked.reason = reason.strip()
    locked.save(update_fields=["status", "reason"])
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [HoursStatus.CONFIRMED, HoursStatus.CORRECTED]},
    )
    return locked


# --- Certificates and opinions ----------------------------------------------------------------


def _own_or_manager(volunteer: Volunteer, acting_user: Any, error: type[Any]) -> None:
    own = (
        has_capability(acting_user, VOLUNTEERING_SELF)
        and volunteer.user_id is not None
        and volunteer.user_id == getattr(acting_user, "pk", None)
    )
    if not own and not has_capability(acting_user, VOLUNTEERING_MANAGE):
        raise error(_("This is not your record."), code="who")


@transaction.atomic
def document_request(*, volunteer: Volunteer, kind: str, acting_user: Any) -> DocumentRequest:
    """The volunteer asks for a certificate or an opinion (or the coordinator records their
    request). A second request of a kind still waiting is the same request."""
    _own_or_manager(volunteer, acting_user, DocumentError)
    if kind not in DocumentKind.values:
        raise DocumentError({"kind": _("Choose a certificate or an opinion.")}, code="kind")
    Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    waiting = DocumentRequest.objects.filter(
        volunteer=volunteer, kind=kind, status=DocumentStatus.REQUESTED
    ).first()
    if waiting is not None:
        return waiting
    document = DocumentRequest.objects.create(
        volunteer=volunteer, kind=kind, requested_by=acting_user
    )
    DocumentTransition.objects.create(
        document=document,
        to_status=DocumentStatus.REQUESTED,
        at=document.requested_at,
        actor=actor_or_none(acting_user),
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=document)
    return document


@transaction.atomic
def document_issue(
    *, document: DocumentRequest, acting_user: Any, opinion: str = ""
) -> DocumentRequest:
    """The coordinator issues a requested certificate (the scope of the work and the hours
    confirmed, frozen on the day) or an opinion (their evaluation, required)."""
    _manager(acting_user, DocumentError)
    locked = DocumentRequest.objects.select_for_update().get(pk=document.pk)
    if locked.status != DocumentStatus.REQUESTED:
        raise DocumentError(_("This document was issued already."), code="issued")
    if locked.kind == DocumentKind.OPINION and not opinion.strip():
        raise DocumentError(
            {"opinion": _("Write the opinion on the volunteer's work.")}, code="opinion"
        )
    locked.status = DocumentStatus.ISSUED
    locked.opinion = opinion.strip() if locked.kind == DocumentKind.OPINION else ""
    locked.hours_total = selectors.hours_confirmed(locked.volunteer)
    locked.issued_on = _today()
    locked.issued_by = acting_user
    locked.save(update_fields=["status", "opinion", "hours_total", "issued_on", "issued_by"])
    DocumentTransition.objects.create(
        document=locked,
        from_status=DocumentStatus.REQUESTED,
        to_status=DocumentStatus.ISSUED,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [DocumentStatus.REQUESTED, DocumentStatus.ISSUED]},
    )
    return locked
