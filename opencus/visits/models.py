"""Home visits (wizyty domowe): the staff who make them with their skills and working hours, the
residents' requests with the times they are at home, and each week's plan of rounds.

A request is one visit to make (a physiotherapy session, a nurse's visit, a repair), under the
person's entitlement to the service. The week's plan (``WeekPlan``) is computed by the routing
package's rounds solver, adjusted by the dispatcher and published; each ``Visit`` row is a
request placed with a worker on a day at a time. Times of day are local (Europe/Warsaw); a
visit's start and end are aware datetimes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.core.models import Transition
from opencus.core.roles import has_capability
from opencus.delivery.models import DeliveryRecord
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.visits.capabilities import VISITS_MAKE, VISITS_PLAN, VISITS_REQUEST


class Skill(models.TextChoices):
    PHYSIOTHERAPY = "physiotherapy", _("physiotherapy")
    NURSING = "nursing", _("nursing")
    HANDYMAN = "handyman", _("repairs (handyman)")


#: The catalogue's service (its slug) whose entitlement a visit needing each skill is made
#: under, unless ``settings.VISITS_SERVICES`` says otherwise.
SKILL_SERVICES = {
    Skill.PHYSIOTHERAPY.value: "mobilny-fizjoterapeuta",
    Skill.NURSING.value: "pielegniarka",
    Skill.HANDYMAN.value: "zlota-raczka",
}

WEEKDAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


class VisitWorkerQuerySet(models.QuerySet["VisitWorker"]):
    def visible_to(self, user: Any) -> VisitWorkerQuerySet:
        """Planners see every worker; a worker sees their own record; no one else any."""
        if has_capability(user, VISITS_PLAN):
            return self
        if has_capability(user, VISITS_MAKE):
            return self.filter(user=user, is_active=True)
        return self.none()


class VisitWorker(models.Model):
    """A member of the home-visit staff (pracownik wizyt domowych: fizjoterapeuta,
    pielęgniarka, konserwator): their skills, working hours on each weekday (``hours``:
    ``[{"weekday": 0, "start": "08:00", "end": "16:00"}, …]``, Monday is 0), the home base each
    working day starts and ends at, and the account they sign in with to see their day."""

    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    skills = models.JSONField(_("skills"), default=list)
    hours = models.JSONField(_("working hours"), default=list)
    base_label = models.CharField(_("home base"), max_length=250)
    base_latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    base_longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_worker",
        verbose_name=_("user account"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = VisitWorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("home-visit worker")
        verbose_name_plural = _("home-visit workers")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def hours_on(self, weekday: int) -> tuple[dt.time, dt.time] | None:
        """The working hours on ``weekday`` (0 Monday), or None when the worker does not work."""
        for row in self.hours:
            if row.get("weekday") == weekday:
                return dt.time.fromisoformat(row["start"]), dt.time.fromisoformat(row["end"])
        return None

    @property
    def skill_labels(self) -> str:
        return ", ".join(str(Skill(s).label) for s in self.skills if s in Skill.values)

    @property
    def hours_text(self) -> str:
        return "; ".join(
            f"{WEEKDAYS[row['weekday']]} {row['start']}–{row['end']}"
            for row in sorted(self.hours, key=lambda r: r["weekday"])
        )


#: The rounds solver's reasons for leaving a visit out (English, by their opening words) and
#: the dispatcher's "taken out", in the user's language.
LEFT_OUT_REASONS = (
    ("no worker has the skill", _("No worker has the skill this visit needs.")),
    (
        "the person gave no time",
        _("None of the person's times at home is on a day still to come in this week."),
    ),
    ("every window is shorter", _("Every time the person is at home is shorter than the visit.")),
    (
        "it does not fit into the day of the worker",
        _("It does not fit into the day of the worker it is pinned to."),
    ),
    (
        "the workers with the skill are fully booked",
        _("The workers with the skill are fully booked when the person is at home."),
    ),
    (
        "no worker with the skill works",
        _("No worker with the skill works when the person is at home."),
    ),
    ("taken out", _("Taken out of the plan by the dispatcher.")),
)
TAKEN_OUT = "taken out of the plan"


def left_out_text(reason: str) -> str:
    """The solver's reason in the user's language (the words themselves when unknown)."""
    for opening, text in LEFT_OUT_REASONS:
        if reason.startswith(opening):
            return str(text)
    return reason


class RequestStatus(models.TextChoices):
    OPEN = "open", _("waiting to be planned")
    PLANNED = "planned", _("planned")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class VisitRequestQuerySet(models.QuerySet["VisitRequest"]):
    def visible_to(self, user: Any) -> VisitRequestQuerySet:
        """Those who take requests or plan see the requests of the people they may see; a
        worker sees the requests of their own visits in published plans; no one else any."""
        if has_capability(user, VISITS_REQUEST) or has_capability(user, VISITS_PLAN):
            return self.filter(person__in=Person.objects.visible_to(user))
        if has_capability(user, VISITS_MAKE):
            return self.filter(
                visits__worker__user=user,
                visits__worker__is_active=True,
                visits__plan__status=PlanStatus.PUBLISHED,
            ).distinct()
        return self.none()


class VisitRequest(models.Model):
    """A request for one home visit (zlecenie wizyty domowej): who, under which entitlement,
    which skill it needs, how long it takes, what to do, where, and when the person is at home
    (``windows``). Left out of a week's plan, it stays open with the reason."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="visit_requests", verbose_name=_("person")
    )
    entitlement = models.ForeignKey(
        Entitlement,
        on_delete=models.PROTECT,
        related_name="visit_requests",
        verbose_name=_("entitlement"),
    )
    skill = models.CharField(_("skill needed"), max_length=16, choices=Skill.choices)
    duration = models.PositiveSmallIntegerField(_("duration (minutes)"))
    task = models.TextField(_("what to do"), blank=True)
    address_label = models.CharField(_("address"), max_length=250)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    left_out_reason = models.CharField(_("why it was left out"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = VisitRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit request")
        verbose_name_plural = _("visit requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(duration__gte=1), name="visit_request_duration"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_skill_display()}"

    @property
    def left_out_text(self) -> str:
        return left_out_text(self.left_out_reason) if self.left_out_reason else ""


class VisitWindow(models.Model):
    """A time the person is at home for the visit (termin obecności w domu), on a given
    day."""

    request = models.ForeignKey(
        VisitRequest, on_delete=models.PROTECT, related_name="windows", verbose_name=_("request")
    )
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["day", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="visit_window_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class VisitRequestTransition(Transition):
    """One step of a visit request's lifecycle."""

    request = models.ForeignKey(VisitRequest, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=RequestStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("visit request change")
        verbose_name_plural = _("visit request changes")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class WeekPlan(models.Model):
    """The plan of a week of home visits (plan tygodnia wizyt), Monday to Sunday: computed by
    the rounds solver, adjusted by the dispatcher, published. A change to a published plan
    makes a new revision. Its row is the lock that serialises changes to the week."""

    week_start = models.DateField(_("week from"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    travel_km = models.DecimalField(
        _("distance (km)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("week of home visits")
        verbose_name_plural = _("weeks of home visits")
        ordering = ["-week_start"]
        constraints = [
            # Django's ExtractIsoWeekDay is 1 for Monday.
            models.CheckConstraint(
                condition=Q(week_start__iso_week_day=1), name="week_plan_starts_monday"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week_start:%d.%m.%Y}"

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)

    @property
    def days(self) -> list[dt.date]:
        return [self.week_start + dt.timedelta(days=i) for i in range(7)]


class WeekPlanTransition(Transition):
    """One step of a week's plan: opened, computed, adjusted, published."""

    plan = models.ForeignKey(WeekPlan, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(max_length=20)
    revision = models.PositiveIntegerField()

    class Meta(Transition.Meta):
        verbose_name = _("week plan change")
        verbose_name_plural = _("week plan changes")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    NOT_DONE = "not_done", _("not done")
    TAKEN_OUT = "taken_out", _("taken out of the plan")


class VisitQuerySet(models.QuerySet["Visit"]):
    def visible_to(self, user: Any) -> VisitQuerySet:
        """Planners see the visits of the people they may see; a worker their own visits of
        published plans; no one else any."""
        if has_capability(user, VISITS_PLAN):
            return self.filter(request__person__in=Person.objects.visible_to(user))
        if has_capability(user, VISITS_MAKE):
            return self.filter(
                worker__user=user, worker__is_active=True, plan__status=PlanStatus.PUBLISHED
            )
        return self.none()


class Visit(models.Model):
    """A request placed in a week's plan (wizyta): the worker, the day and the time. Pinned
    visits stay with their worker on their day when the plan is computed again."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(WeekPlan, on_delete=models.PROTECT, related_name="visits")
    request = models.ForeignKey(VisitRequest, on_delete=models.PROTECT, related_name="visits")
    worker = models.ForeignKey(
        VisitWorker, on_delete=models.PROTECT, related_name="visits", verbose_name=_("worker")
    )
    day = models.DateField(_("day"))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    pinned = models.BooleanField(_("pinned"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    reason = models.TextField(_("why not done"), blank=True)
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    delivery_record = models.ForeignKey(
        DeliveryRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ledger_refusal = models.TextField(_("the ledger's refusal"), blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["day", "worker", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "request"], name="one_visit_per_plan"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="visit_order"
            ),
        ]
        indexes = [models.Index(fields=["worker", "day"], name="visit_worker_day_idx")]

    def __str__(self) -> str:
        return f"{self.worker} {self.day:%d.%m.%Y} {timezone.localtime(self.starts_at):%H:%M}"
