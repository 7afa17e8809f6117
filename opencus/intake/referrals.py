"""Referrals (przekazanie wniosku): with the person's consent, an application or one of its
requested services is passed to another team of the centre (e.g. social assistance) or to
another municipal unit that runs the service (domain.md §1.3). The referral names the consent
it rests on; the request's own state does not change."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.core.audit import actor_or_none, audit_record
from opencus.core.models import AuditAction
from opencus.intake.errors import IntakeError
from opencus.intake.models import Application, ApplicationItem, CentreTeam, Referral
from opencus.people.models import Consent, ConsentPurpose


@transaction.atomic
def referral_create(
    *,
    application: Application,
    acting_user: Any,
    to_team: str = "",
    to_unit: str = "",
    item: ApplicationItem | None = None,
    note: str = "",
) -> Referral:
    """Refer an application (or one requested service) to a team or another municipal unit.

    Only with the person's active consent to referral (domain.md §1.3: "with consent"): the
    consent row is locked, so it cannot be withdrawn halfway through.
    """
    to_unit = " ".join((to_unit or "").split())
    if bool(to_team) == bool(to_unit):
        raise IntakeError(
            {"to_team": _("Choose a team of the centre or name another unit (one of them).")},
            code="recipient",
        )
    if to_team and to_team not in CentreTeam.values:
        raise IntakeError({"to_team": _("Choose a team of the centre.")}, code="recipient")
    if len(to_unit) > 200:
        raise IntakeError({"to_unit": _("The unit's name is too long.")}, code="recipient")
    if item is not None and item.application_id != application.pk:
        raise IntakeError(_("This requested service belongs to another application."), code="item")
    consent = (
        Consent.objects.select_for_update()
        .filter(
            person_id=application.person_id,
            purpose=ConsentPurpose.REFERRAL,
            withdrawn_at__isnull=True,
            given_at__lte=timezone.now(),
        )
        .first()
    )
    if consent is None:
        raise IntakeError(
            _(
                "The person has not consented to passing the case to another team or unit. "
                "Record the consent first."
            ),
            code="no_consent",
        )
    referral = Referral.objects.create(
        application=application,
        item=item,
        to_team=to_team,
        to_unit=to_unit,
        consent=consent,
        note=note.strip(),
        referred_at=timezone.now(),
        referred_by=actor_or_none(acting_user),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=referral,
        changes={
            "recipient": referral.recipient,
            "item": item.pk if item is not None else None,
            "consent": consent.pk,
        },
    )
    return referral
