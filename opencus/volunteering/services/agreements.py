"""Agreements (art. 44): concluded by the party the volunteer's age decides, confirmed in
writing on request, ended under their termination clause."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.audit import actor_or_none, audit_record
from opencus.core.locks import named_lock
from opencus.core.models import AuditAction
from opencus.volunteering.errors import AgreementError
from opencus.volunteering.models import (
    ORAL_DAYS,
    Agreement,
    AgreementForm,
    AgreementStatus,
    AgreementTransition,
    Assignment,
    AssignmentStatus,
    Party,
    Volunteer,
)
from opencus.volunteering.services.common import (
    assignment_step,
    require_manager,
    require_own_or_manager,
    today,
)

ADULT_AGE = 18
CONSENT_AGE = 13


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
    age = volunteer.age_on(data.starts_on)
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


def _number_next(year: int) -> str:
    """The year's next agreement number (WOL/n/year), drawn under a lock of the year's numbers
    so that two agreements concluded at the same moment never draw the same one (the number is
    unique: the second would otherwise fail on the constraint)."""
    with named_lock(f"volunteering-agreement-number-{year}"):
        sequence = Agreement.objects.filter(starts_on__year=year).count() + 1
        while Agreement.objects.filter(number=f"WOL/{sequence}/{year}").exists():
            sequence += 1
    return f"WOL/{sequence}/{year}"


@transaction.atomic
def agreement_conclude(*, volunteer: Volunteer, data: AgreementData, acting_user: Any) -> Agreement:
    """Conclude an agreement (art. 44): scope, manner, time and termination. Refused: an oral
    agreement over 30 days or open-ended (those are written), the end before the start, a
    minor's without the representative (under 13) or their written consent (13–17)."""
    require_manager(acting_user, AgreementError)
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
    agreement = Agreement.objects.create(
        volunteer=locked,
        number=_number_next(data.starts_on.year),
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
        concluded_on=data.concluded_on or today(),
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
    require_own_or_manager(agreement.volunteer, acting_user, AgreementError)
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
    require_manager(acting_user, AgreementError)
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
        assignment_step(assignment, AssignmentStatus.CANCELLED, acting_user, reason.strip())
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [AgreementStatus.ACTIVE, AgreementStatus.ENDED]},
    )
    return locked
