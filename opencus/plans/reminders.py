"""Reminders to coordinators (issue 10, item 6): an e-mail a set number of days before each
deadline of the plans they coordinate.

Three deadlines are reminded of, each to the plan's coordinator:

- ``plan_due``: a plan not yet submitted, due 30 days after the application (``due_on``);
- ``review_due``: a planned review of the version in force that has no review recorded;
- ``plan_ending``: an active plan whose version in force ends (the summary interview and the
  closing description are due, or a change if the plan should go on).

A reminder is due from ``OPENCUS_PLAN_REMINDER_DAYS`` days before the deadline up to the day
itself; after the deadline it is not sent (the overdue item is on the coordinator's "my
work"). If no run happened on the first day (the server was down), the next run still sends
it.

**Each reminder is sent once.** Before the e-mail leaves, a ``PlanReminder`` row is written
under a unique constraint (kind, plan, deadline, recipient), in the same transaction as the
sending: a second run, a restarted worker or a second worker finds the row (or waits for the
first one's transaction and then finds it) and sends nothing. If the mail server refuses the
message the row is rolled back, so the next run tries again. A changed deadline (a new review
date, a new end of the plan) or a new coordinator is a new reminder.

**What the e-mail says.** E-mail leaves the centre's systems, so it carries no special-category
data and names no one: only the plan's number, the kind of deadline, its date and a link to the
plan's page, which asks the reader to sign in. It is written in the centre's language
(``LANGUAGE_CODE``, Polish), the language the staff read.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from opencus.core.audit import audit_record
from opencus.core.formatting import day_text
from opencus.core.models import AuditAction
from opencus.plans.clocks import warsaw_today
from opencus.plans.models import (
    IndividualPlan,
    PlanReminder,
    PlanReview,
    PlanReviewDate,
    PlanState,
    ReminderKind,
)

logger = logging.getLogger(__name__)

#: The order reminders are sent in (and listed), for the same plan and day.
KIND_ORDER = {ReminderKind.PLAN_DUE: 0, ReminderKind.REVIEW_DUE: 1, ReminderKind.PLAN_ENDING: 2}


@dataclass(frozen=True)
class DueReminder:
    """A reminder that is due today and has not been sent yet."""

    kind: str
    plan: IndividualPlan
    deadline: dt.date
    recipient: Any

    @property
    def key(self) -> tuple[str, int, dt.date, int]:
        return (self.kind, self.plan.pk, self.deadline, self.recipient.pk)


def reminder_days() -> int:
    """How many days before a deadline its reminder goes out (0: on the day only)."""
    days = int(settings.OPENCUS_PLAN_REMINDER_DAYS)
    if days < 0:
        raise ValueError("OPENCUS_PLAN_REMINDER_DAYS must be 0 or more")
    return days


def reminders_due(today: dt.date | None = None) -> list[DueReminder]:
    """The reminders due on ``today`` (Warsaw) that were not sent yet: three queries for the
    candidates and one for the reminders already sent, whatever the number of plans."""
    today = today or warsaw_today()
    window = (today, today + dt.timedelta(days=reminder_days()))
    candidates: list[DueReminder] = []

    # The plan is due 30 days after the application and was never submitted.
    for plan in IndividualPlan.objects.filter(
        state=PlanState.DRAFT, first_submitted_at__isnull=True, due_on__range=window
    ).select_related("coordinator"):
        candidates.append(DueReminder(ReminderKind.PLAN_DUE, plan, plan.due_on, plan.coordinator))

    # A planned review of the version in force, with no review recorded for it (a review
    # recorded against the same planned date of an earlier version counts: same ``key``).
    reviewed = PlanReview.objects.filter(
        plan_id=OuterRef("version__plan_id"), review_date__key=OuterRef("key")
    )
    for review_date in (
        PlanReviewDate.objects.filter(
            version__plan__state=PlanState.ACTIVE,
            version__plan__current_version=F("version"),
            due_on__range=window,
        )
        .filter(~Exists(reviewed))
        .select_related("version__plan__coordinator")
    ):
        plan = review_date.version.plan
        candidates.append(
            DueReminder(ReminderKind.REVIEW_DUE, plan, review_date.due_on, plan.coordinator)
        )

    # The version in force ends.
    for plan in IndividualPlan.objects.filter(
        state=PlanState.ACTIVE, current_version__ends_on__range=window
    ).select_related("coordinator", "current_version"):
        ends_on = plan.current_version.ends_on if plan.current_version else None
        if ends_on is not None:  # always, by the filter; says so to the type checker
            candidates.append(
                DueReminder(ReminderKind.PLAN_ENDING, plan, ends_on, plan.coordinator)
            )

    sent = {
        (kind, plan_id, deadline, recipient_id)
        for kind, plan_id, deadline, recipient_id in PlanReminder.objects.filter(
            plan_id__in={c.plan.pk for c in candidates}, deadline__range=window
        ).values_list("kind", "plan_id", "deadline", "recipient_id")
    }
    due: dict[tuple[str, int, dt.date, int], DueReminder] = {}
    for candidate in candidates:
        if candidate.key not in sent:
            # Two planned reviews on the same day are one reminder.
            due.setdefault(candidate.key, candidate)
    return sorted(
        due.values(), key=lambda r: (r.deadline, r.plan.reference, KIND_ORDER[ReminderKind(r.kind)])
    )


def plan_url(plan: IndividualPlan) -> str:
    """The absolute address of the plan's page, for a link in an e-mail."""
    path = reverse("plans:detail", kwargs={"uuid": plan.uuid})
    return str(settings.OPENCUS_PUBLIC_BASE_URL).rstrip("/") + path


def _when(deadline: dt.date, today: dt.date) -> str:
    days = (deadline - today).days
    if days <= 0:
        return gettext("today")
    if days == 1:
        return gettext("tomorrow")
    return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}


def reminder_text(reminder: DueReminder, today: dt.date) -> tuple[str, str]:
    """The e-mail's subject and body, in the centre's language. Only the plan's number, the
    deadline and a link: no name, no content of the plan (see the module's docstring)."""
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "reference": reminder.plan.reference,
            "date": day_text(reminder.deadline),
            "when": _when(reminder.deadline, today),
            "centre": settings.OPENCUS_CENTRE_NAME,
        }
        if reminder.kind == ReminderKind.PLAN_DUE:
            subject = gettext("Plan %(reference)s is due on %(date)s") % params
            lead = (
                gettext(
                    "The individual plan %(reference)s has not been submitted for approval yet. "
                    "The 30 days the law gives for it end on %(date)s, %(when)s."
                )
                % params
            )
            more = gettext(
                "Submit it for approval by then. A plan submitted later needs the reason for "
                "the delay."
            )
        elif reminder.kind == ReminderKind.REVIEW_DUE:
            subject = gettext("Plan %(reference)s: a review is due on %(date)s") % params
            lead = (
                gettext(
                    "A review of the individual plan %(reference)s is planned for %(date)s, "
                    "%(when)s."
                )
                % params
            )
            more = gettext("Once it is held, record the review and the progress on each goal.")
        else:
            subject = gettext("Plan %(reference)s ends on %(date)s") % params
            lead = gettext("The individual plan %(reference)s ends on %(date)s, %(when)s.") % params
            more = gettext(
                "Hold the summary interview with the person and describe the course and "
                "results of the plan; if the services should go on, start a change of the plan."
            )
        link = gettext("Open the plan: %(url)s") % {"url": plan_url(reminder.plan)}
        footer = (
            gettext(
                "%(centre)s. This reminder was sent automatically. For the person's privacy it "
                "names no one: the details are in the plan, after you sign in."
            )
            % params
        )
        greeting = gettext("Hello,")
    body = "\n\n".join((greeting, lead, more, link, footer))
    return subject, body


def reminder_send(reminder: DueReminder, today: dt.date) -> bool:
    """Claim the reminder and send it, in one transaction: ``True`` if this call sent it,
    ``False`` if it had been sent already (by another run or worker) or the mail server
    refused it (then nothing is recorded and the next run tries again)."""
    recipient = reminder.recipient
    if not recipient.is_active or not recipient.email:
        logger.warning(
            "plan %s: reminder %s not sent, the coordinator (user %s) has no e-mail address "
            "or is not active",
            reminder.plan.pk,
            reminder.kind,
            recipient.pk,
        )
        return False
    subject, body = reminder_text(reminder, today)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = PlanReminder.objects.create(
                        kind=reminder.kind,
                        plan=reminder.plan,
                        deadline=reminder.deadline,
                        recipient=recipient,
                    )
            except IntegrityError:
                return False  # sent already: another run claimed it first
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                obj=claim,
                changes={
                    "kind": [None, str(reminder.kind)],
                    "deadline": [None, str(reminder.deadline)],
                    "recipient": [None, recipient.pk],
                },
            )
            # Inside the transaction: a refused message rolls the claim back.
            send_mail(subject, body, None, [recipient.email])
    except Exception:  # one refused message must not stop the others; the next run retries
        logger.exception("plan %s: reminder %s failed", reminder.plan.pk, reminder.kind)
        return False
    return True


def reminders_send(today: dt.date | None = None) -> int:
    """Send every reminder due on ``today`` (Warsaw); the number sent."""
    today = today or warsaw_today()
    return sum(reminder_send(reminder, today) for reminder in reminders_due(today))
