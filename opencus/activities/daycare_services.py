"""Every change of the Senior+ day home and club: opening hours, admissions, leaving, and the
daily attendance register with the meals served.

Rules (domain.md §3, domain-services.md §5; the Senior+ programme 2021–2025):

- a day home (Dzienny Dom Senior+) offers at least 8 hours a day, Monday to Friday; a club
  (Klub Senior+) at least 20 hours a week;
- a day home admits by administrative decision (it is a support centre under the Social
  Assistance Act), a club by the member's declaration; either only while places are free
  (the facility row is locked while members are counted) and against the person's
  entitlement to the facility's service;
- the register is kept for members only, for days not in the future.

Ledger: when the facility's service is counted in days of attendance (the centre's own unit,
or the provider's contract line, is "day"), a day marked present posts one unit, dated that
day (or links the unit already recorded for that day, so a day is never counted twice); a day
changed to absent reverses it. Otherwise nothing is posted (a club's service is
usually counted in sessions, or not settled per person at all). A refusal of the ledger leaves
the attendance marked and is kept on the row for the organiser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.activities.errors import DaycareError
from opencus.activities.models import (
    AdmissionBasis,
    AttendanceMark,
    Facility,
    FacilityHours,
    FacilityKind,
    Membership,
    MembershipStatus,
    MembershipTransition,
)
from opencus.catalog.models import DeliveredBy, Unit, Weekday
from opencus.core.audit import audit_record
from opencus.core.formatting import day_text
from opencus.core.models import AuditAction
from opencus.delivery.errors import DeliveryError
from opencus.delivery.models import DeliveryRecord
from opencus.delivery.services import contract_line_for, delivery_correct, delivery_record
from opencus.intake.models import Entitlement
from opencus.people.models import Person

#: The Senior+ programme's minimum offer.
CLUB_MINIMUM_WEEKLY_HOURS = 20
DAY_HOME_MINIMUM_DAILY_HOURS = 8
WORKING_DAYS = (
    Weekday.MONDAY,
    Weekday.TUESDAY,
    Weekday.WEDNESDAY,
    Weekday.THURSDAY,
    Weekday.FRIDAY,
)
ADMISSION = {
    FacilityKind.DAY_HOME: AdmissionBasis.DECISION,
    FacilityKind.CLUB: AdmissionBasis.DECLARATION,
}


def today() -> dt.date:
    return timezone.localdate()


def _hours(opens: dt.time, closes: dt.time) -> float:
    return (
        dt.datetime.combine(dt.date.min, closes) - dt.datetime.combine(dt.date.min, opens)
    ).seconds / 3600


def _hours_text(hours: float) -> str:
    return f"{hours:g}".replace(".", ",")


@transaction.atomic
def facility_hours_set(
    *,
    facility: Facility,
    hours: Mapping[int, tuple[dt.time, dt.time] | None],
    acting_user: Any,
) -> list[FacilityHours]:
    """Set the facility's opening hours, weekday (1 Monday … 7 Sunday) by weekday (None: closed).
    Refused when a day closes before it opens, when a club would be open under 20 hours a
    week, or a day home under 8 hours on any working day (the Senior+ programme)."""
    open_days: dict[int, tuple[dt.time, dt.time]] = {}
    for weekday, span in hours.items():
        if span is None:
            continue
        opens, closes = span
        if closes <= opens:
            raise DaycareError(
                {
                    f"day_{weekday}": _("%(day)s: the closing time must be after the opening time.")
                    % {"day": Weekday(weekday).label}
                },
                code="hours_order",
            )
        open_days[int(weekday)] = (opens, closes)
    if facility.kind == FacilityKind.CLUB:
        total = sum(_hours(*span) for span in open_days.values())
        if total < CLUB_MINIMUM_WEEKLY_HOURS:
            raise DaycareError(
                _(
                    "A Senior+ club is open at least %(minimum)s hours a week; these hours add up"
                    " to %(total)s."
                )
                % {"minimum": CLUB_MINIMUM_WEEKLY_HOURS, "total": _hours_text(total)},
                code="club_hours",
            )
    else:
        short = [
            Weekday(day).label
            for day in WORKING_DAYS
            if day not in open_days or _hours(*open_days[day]) < DAY_HOME_MINIMUM_DAILY_HOURS
        ]
        if short:
            raise DaycareError(
                _(
                    "A Senior+ day home is open at least %(minimum)s hours every day from Monday"
                    " to Friday; not so on: %(days)s."
                )
                % {
                    "minimum": DAY_HOME_MINIMUM_DAILY_HOURS,
                    "days": ", ".join(str(d) for d in short),
                },
                code="day_home_hours",
            )
    Facility.objects.select_for_update().get(pk=facility.pk)
    before = [str(row) for row in facility.hours.all()]
    facility.hours.all().delete()
    rows = FacilityHours.objects.bulk_create(
        FacilityHours(facility=facility, weekday=day, opens_at=span[0], closes_at=span[1])
        for day, span in sorted(open_days.items())
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=facility,
        changes={"hours": [before, [str(row) for row in rows]]},
    )
    return rows


def weekly_hours(facility: Facility) -> float:
    return sum(_hours(row.opens_at, row.closes_at) for row in facility.hours.all())


def places_taken(facility: Facility) -> int:
    return Membership.objects.active().filter(facility=facility).count()


@transaction.atomic
def member_admit(
    *,
    facility: Facility,
    person: Person,
    starts_on: dt.date,
    basis_reference: str,
    acting_user: Any,
) -> Membership:
    """Admit ``person`` to ``facility`` from ``starts_on``: by decision to a day home, by
    declaration to a club (``basis_reference``: the decision's number or the declaration's
    date). Refused without an active entitlement to the facility's service on that day, for
    someone already a member, and when every place is taken (counted with the facility row
    locked, so two admissions of the last place cannot both pass)."""
    locked = Facility.objects.select_for_update().get(pk=facility.pk)
    entitlement = (
        Entitlement.objects.in_force(starts_on)
        .filter(person=person, service_id=locked.service_id)
        .order_by("starts_on", "id")
        .first()
    )
    if entitlement is None:
        raise DaycareError(
            _(
                "%(person)s has no active entitlement to %(service)s on %(day)s: the organiser"
                " qualifies the request first."
            )
            % {"person": person, "service": locked.service, "day": day_text(starts_on)},
            code="no_entitlement",
        )
    if Membership.objects.active().filter(facility=locked, person=person).exists():
        raise DaycareError(
            _("%(person)s is already a member of %(facility)s.")
            % {"person": person, "facility": locked},
            code="already_member",
        )
    taken = places_taken(locked)
    if taken >= locked.capacity:
        raise DaycareError(
            _(
                "All %(capacity)s places of %(facility)s are taken: a member must leave before"
                " another is admitted."
            )
            % {"capacity": locked.capacity, "facility": locked},
            code="capacity",
        )
    now = timezone.now()
    membership = Membership.objects.create(
        facility=locked,
        person=person,
        entitlement=entitlement,
        basis=ADMISSION[FacilityKind(locked.kind)],
        basis_reference=basis_reference.strip(),
        starts_on=starts_on,
        status=MembershipStatus.ACTIVE,
        status_changed_at=now,
    )
    MembershipTransition.objects.create(
        membership=membership,
        from_status="",
        to_status=MembershipStatus.ACTIVE,
        at=now,
        actor=acting_user,
        note=membership.basis_reference,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=membership,
        changes={"facility": [None, locked.pk], "person": [None, person.pk]},
    )
    return membership


@transaction.atomic
def member_leave(
    *, membership: Membership, ends_on: dt.date, reason: str, acting_user: Any
) -> Membership:
    """End a membership on ``ends_on`` (the last day as a member); the place is free from the
    next admission on. Refused for a member who already left, or a day before they joined or
    after a day already marked present."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.status != MembershipStatus.ACTIVE:
        raise DaycareError(_("This person is no longer a member."), code="not_member")
    if ends_on < locked.starts_on:
        raise DaycareError(
            {
                "ends_on": _("A member cannot leave before joining (%(day)s).")
                % {"day": day_text(locked.starts_on)}
            },
            code="period",
        )
    if locked.attendance.filter(day__gt=ends_on, present=True).exists():
        raise DaycareError(
            {"ends_on": _("The member was present after that day: choose a later day.")},
            code="period",
        )
    now = timezone.now()
    locked.status = MembershipStatus.ENDED
    locked.ends_on = ends_on
    locked.status_changed_at = now
    locked.save(update_fields=["status", "ends_on", "status_changed_at"])
    MembershipTransition.objects.create(
        membership=locked,
        from_status=MembershipStatus.ACTIVE,
        to_status=MembershipStatus.ENDED,
        at=now,
        actor=acting_user,
        note=reason.strip(),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [MembershipStatus.ACTIVE, MembershipStatus.ENDED]},
    )
    return locked


# --- The daily register -----------------------------------------------------------------------


def counted_per_day(membership: Membership, day: dt.date) -> bool:
    """Is the facility's service counted in days of attendance (so a day present is a unit
    of the ledger)?"""
    service = membership.facility.service
    if service.delivered_by == DeliveredBy.CENTRE:
        return service.centre_unit == Unit.DAY
    line = contract_line_for(membership.entitlement, day)
    return line is not None and line.unit == Unit.DAY


def _ledger(mark: AttendanceMark, acting_user: Any) -> None:
    membership = mark.membership
    if mark.present and mark.delivery_record_id is None:
        if not counted_per_day(membership, mark.day):
            return
        # The day already in the ledger (recorded at the provider's desk, or marked before
        # and kept by another register line) is not counted twice.
        already = (
            DeliveryRecord.objects.filter(
                entitlement=membership.entitlement,
                delivered_on=mark.day,
                unit=Unit.DAY,
                corrects__isnull=True,
                corrections__isnull=True,
            )
            .order_by("id")
            .first()
        )
        if already is not None:
            mark.delivery_record = already
            mark.ledger_refusal = ""
            mark.save(update_fields=["delivery_record", "ledger_refusal"])
            return
        try:
            record = delivery_record(
                entitlement=membership.entitlement,
                delivered_on=mark.day,
                units=1,
                acting_user=acting_user,
                note=_("Present at %(facility)s") % {"facility": membership.facility},
                recorder_checked=True,
            )
        except DeliveryError as refused:
            mark.ledger_refusal = refused.text
        else:
            mark.delivery_record = record
            mark.ledger_refusal = ""
        mark.save(update_fields=["delivery_record", "ledger_refusal"])
    elif not mark.present and mark.delivery_record is not None:
        try:
            delivery_correct(
                record=mark.delivery_record,
                acting_user=acting_user,
                note=_("Marked absent in the register of %(facility)s")
                % {"facility": membership.facility},
                recorder_checked=True,
            )
        except DeliveryError as refused:
            mark.ledger_refusal = refused.text
        else:
            mark.delivery_record = None
            mark.ledger_refusal = ""
        mark.save(update_fields=["delivery_record", "ledger_refusal"])


@transaction.atomic
def attendance_mark(
    *,
    facility: Facility,
    membership: Membership,
    day: dt.date,
    present: bool,
    acting_user: Any,
    meals: int | None = None,
) -> AttendanceMark:
    """Mark a member present or absent on ``day`` (one row a member a day; marking again
    changes it) with the meals served (a member present at the day home gets the facility's
    meals a day unless told otherwise; an absent one none). Refused for a day in the future
    and for anyone not a member of the facility on that day."""
    if day > today():
        raise DaycareError(
            _("Attendance cannot be marked for a day in the future (%(day)s).")
            % {"day": day_text(day)},
            code="future",
        )
    locked = (
        Membership.objects.select_for_update()
        .select_related("facility__service")
        .filter(pk=membership.pk)
        .first()
    )
    if locked is None or locked.facility_id != facility.pk or not locked.covers(day):
        raise DaycareError(
            _("%(person)s is not a member of %(facility)s on %(day)s.")
            % {"person": membership.person, "facility": facility, "day": day_text(day)},
            code="not_member",
        )
    served = 0
    if present:
        served = facility.meals_per_day if meals is None else meals
        if served < 0 or served > 5:
            raise DaycareError({"meals": _("Enter the number of meals, 0 to 5.")}, code="meals")
    mark = (
        AttendanceMark.objects.filter(membership=locked, day=day)
        .select_related("delivery_record")
        .first()
    )
    now = timezone.now()
    if mark is None:
        mark = AttendanceMark.objects.create(
            membership=locked,
            day=day,
            present=present,
            meals=served,
            marked_at=now,
            marked_by=acting_user,
        )
        before: list[Any] = [None, None]
    else:
        before = [mark.present, mark.meals]
        mark.present = present
        mark.meals = served
        mark.marked_at = now
        mark.marked_by = acting_user
        mark.save(update_fields=["present", "meals", "marked_at", "marked_by"])
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=mark,
        changes={"present": [before[0], present], "meals": [before[1], served]},
    )
    _ledger(mark, acting_user)
    return mark
