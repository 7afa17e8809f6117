"""The volunteer centre (centrum wolontariatu): volunteers with their skills and availability,
their agreements, accident insurance, health-and-safety briefings, child-protection checks,
travel costs, offers and needs and the assignments that match them, the hours they log, and
the certificates and opinions they ask for.

The law: the act of 24 April 2003 on public benefit activity and volunteering, art. 42–46
(``docs/domain-services.md`` §2), and the act of 13 May 2016 on counteracting sexual crime
(child protection). A volunteer is not a client: the records here are not the people
registry's, and only the volunteer centre (and the volunteer themselves) read them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.core.dates import age_on
from opencus.core.models import Transition
from opencus.core.roles import has_capability
from opencus.people.models import Person
from opencus.volunteering.capabilities import (
    VOLUNTEERING_MANAGE,
    VOLUNTEERING_NEED,
    VOLUNTEERING_SELF,
)

#: The longest agreement that may be oral, in days (art. 44 sec. 2): longer ones are written.
ORAL_DAYS = 30


class Skill(models.TextChoices):
    SHOPPING = "shopping", _("shopping and errands")
    COMPANY = "company", _("company and conversation")
    EVENTS = "events", _("help at events")
    TUTORING = "tutoring", _("tutoring and homework help")
    CHILDCARE = "childcare", _("activities with children")
    DIGITAL = "digital", _("computers and phones")
    TRANSPORT = "transport", _("driving and accompanying")
    HANDYWORK = "handywork", _("small repairs and gardening")
    TRANSLATION = "translation", _("translation (Ukrainian, English)")


WEEKDAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


def skill_labels(values: list[str]) -> str:
    return ", ".join(str(Skill(v).label) for v in values if v in Skill.values)


def weekday_labels(values: list[int]) -> str:
    return ", ".join(str(WEEKDAYS[v]) for v in sorted(values) if 0 <= v < len(WEEKDAYS))


class VolunteerQuerySet(models.QuerySet["Volunteer"]):
    def visible_to(self, user: Any) -> VolunteerQuerySet:
        """The volunteer centre sees every volunteer; a volunteer their own record; nobody
        else any (a volunteer is not a client: the case roles do not see them)."""
        if has_capability(user, VOLUNTEERING_MANAGE):
            return self
        if has_capability(user, VOLUNTEERING_SELF):
            return self.filter(user=user, is_active=True)
        return self.none()


class Volunteer(models.Model):
    """A volunteer (wolontariusz): an adult or a minor who helps the centre without pay, with
    the skills they offer and the weekdays they are free. Their own few details, not a row of
    the people registry: a volunteer is not a client of the centre."""

    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("surname"), max_length=120)
    birth_date = models.DateField(_("date of birth"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    weekdays = models.JSONField(_("days available"), default=list, blank=True)
    availability = models.CharField(_("availability"), max_length=250, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("user account"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    @property
    def skill_labels(self) -> str:
        return skill_labels(self.skills)

    @property
    def weekday_labels(self) -> str:
        return weekday_labels(self.weekdays)


class AgreementForm(models.TextChoices):
    WRITTEN = "written", _("written")
    ORAL = "oral", _("oral")


class AgreementStatus(models.TextChoices):
    ACTIVE = "active", _("in force")
    ENDED = "ended", _("ended")


class Party(models.TextChoices):
    """Who concluded the agreement with the centre, by the volunteer's age on its start."""

    ADULT = "adult", _("the volunteer (an adult)")
    MINOR_WITH_CONSENT = "consent", _("the volunteer (13–17) with the representative's consent")
    REPRESENTATIVE = "representative", _("the legal representative (volunteer under 13)")


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def visible_to(self, user: Any) -> AgreementQuerySet:
        return self.filter(volunteer__in=Volunteer.objects.visible_to(user))


class Agreement(models.Model):
    """An agreement with a volunteer (porozumienie, art. 44): the scope, manner and time of the
    work and how it may be terminated. Over 30 days it is written; 30 days or fewer may be
    oral and is confirmed in writing on the volunteer's request. ``ends_on`` empty: open-ended.
    For a minor the party is the legal representative (under 13) or the volunteer with the
    representative's written consent (13–17), by the age on ``starts_on``."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("volunteer")
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    form = models.CharField(_("form"), max_length=8, choices=AgreementForm.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    scope = models.TextField(_("scope of the work"))
    manner = models.TextField(_("manner of the work"))
    termination = models.TextField(_("termination clause"))
    party = models.CharField(_("party"), max_length=16, choices=Party.choices)
    representative_name = models.CharField(_("legal representative"), max_length=200, blank=True)
    consent_reference = models.CharField(
        _("representative's written consent"), max_length=120, blank=True
    )
    concluded_on = models.DateField(_("concluded on"))
    status = models.CharField(
        _("status"), max_length=8, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    confirmation_requested_at = models.DateTimeField(
        _("written confirmation requested"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer agreement")
        verbose_name_plural = _("volunteer agreements")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="volunteer_agreement_order",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def days(self) -> int | None:
        """The agreement's length in days, both ends counted; ``None`` when open-ended."""
        if self.ends_on is None:
            return None
        return (self.ends_on - self.starts_on).days + 1

    @property
    def needs_insurance(self) -> bool:
        """Accident (NNW) insurance: the law's 30 days or fewer (art. 46 sec. 1), and, as the
        centre's practice, the open-ended ones."""
        return self.days is None or self.days <= ORAL_DAYS

    def in_force_on(self, day: dt.date) -> bool:
        last = self.ends_on
        if self.ended_on is not None and (last is None or self.ended_on < last):
            last = self.ended_on
        return self.starts_on <= day and (last is None or day <= last)


class AgreementTransition(Transition):
    """One step of an agreement: concluded, confirmed in writing, ended."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=8, choices=AgreementStatus.choices, blank=True)
    to_status = models.CharField(max_length=8, choices=AgreementStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("volunteer agreement change")
        verbose_name_plural = _("volunteer agreement changes")


class InsurancePolicy(models.Model):
    """A volunteer's accident insurance (ubezpieczenie NNW, art. 46): the insurer, the policy
    number and the period it covers."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="policies", verbose_name=_("volunteer")
    )
    insurer = models.CharField(_("insurer"), max_length=120)
    number = models.CharField(_("policy number"), max_length=60)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("accident insurance policy")
        verbose_name_plural = _("accident insurance policies")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")), name="volunteer_policy_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.insurer} {self.number}"


class SafetyBriefing(models.Model):
    """A health-and-safety briefing (szkolenie BHP, informacja o ryzyku, art. 45): when and by
    whom the volunteer was told of the risks of the work."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="briefings", verbose_name=_("volunteer")
    )
    held_on = models.DateField(_("held on"))
    held_by = models.CharField(_("held by"), max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("health-and-safety briefing")
        verbose_name_plural = _("health-and-safety briefings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y}"


class CheckKind(models.TextChoices):
    REGISTER = "register", _("sex-offender register check")
    CRIMINAL_RECORD = "krk", _("criminal-record certificate (KRK)")


class CheckResult(models.TextChoices):
    CLEAR = "clear", _("clear")
    NOT_CLEAR = "not_clear", _("not clear")


class ChildProtectionCheck(models.Model):
    """A child-protection check of a volunteer (act of 13 May 2016): the sex-offender register
    (Rejestr Sprawców Przestępstw na Tle Seksualnym) or the criminal-record certificate
    (informacja z Krajowego Rejestru Karnego). Only the date, who checked, the result and the
    document's number are kept; the coordinator and the director read them, every read
    audited."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="checks", verbose_name=_("volunteer")
    )
    kind = models.CharField(_("check"), max_length=10, choices=CheckKind.choices)
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checked by"),
    )
    result = models.CharField(_("result"), max_length=10, choices=CheckResult.choices)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("child-protection check")
        verbose_name_plural = _("child-protection checks")
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.checked_on:%d.%m.%Y}"


class TravelClaim(models.Model):
    """Travel costs reimbursed to a volunteer (koszty podróży, art. 45 sec. 1 pt 4)."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="claims", verbose_name=_("volunteer")
    )
    incurred_on = models.DateField(_("travelled on"))
    amount = models.DecimalField(_("amount (PLN)"), max_digits=9, decimal_places=2)
    description = models.CharField(_("what for"), max_length=250)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("travel cost claim")
        verbose_name_plural = _("travel cost claims")
        ordering = ["-incurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="volunteer_claim_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} PLN"


class CostWaiver(models.Model):
    """A volunteer's written waiver of travel costs (zrzeczenie się zwrotu kosztów): valid only
    in writing (art. 45 sec. 3), so the signed document's reference is kept."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="waivers", verbose_name=_("volunteer")
    )
    signed_on = models.DateField(_("signed on"))
    document_reference = models.CharField(_("document reference"), max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("travel cost waiver")
        verbose_name_plural = _("travel cost waivers")
        ordering = ["-signed_on", "-id"]

    def __str__(self) -> str:
        return self.document_reference


class Offer(models.Model):
    """What a volunteer offers (oferta wolontariusza): a kind of help, the skills and the days,
    and whether it is work with children."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="offers", verbose_name=_("volunteer")
    )
    title = models.CharField(_("what they offer"), max_length=200)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    with_children = models.BooleanField(_("work with children"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("volunteer's offer")
        verbose_name_plural = _("volunteers' offers")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def skill_labels(self) -> str:
        return skill_labels(self.skills)


class NeedStatus(models.TextChoices):
    OPEN = "open", _("looking for volunteers")
    FILLED = "filled", _("filled")
    CLOSED = "closed", _("closed")


class NeedQuerySet(models.QuerySet["Need"]):
    def visible_to(self, user: Any) -> NeedQuerySet:
        """The volunteer centre sees every need; those who ask for help see the needs they
        asked for; nobody else any."""
        if has_capability(user, VOLUNTEERING_MANAGE):
            return self
        if has_capability(user, VOLUNTEERING_NEED):
            return self.filter(created_by=user)
        return self.none()


class Need(models.Model):
    """A need for volunteers (zapotrzebowanie na wolontariusza): shopping help for a senior,
    help at an event. It may name the person helped (from the people registry, shown only to
    those who may see them): their volunteer's confirmed hours then go into the delivery
    ledger under the person's entitlement to volunteer help."""

    title = models.CharField(_("what help is needed"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    place = models.CharField(_("where"), max_length=250)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    with_children = models.BooleanField(_("work with children"), default=False)
    volunteers_needed = models.PositiveSmallIntegerField(_("volunteers needed"), default=1)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_needs",
        verbose_name=_("person helped"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need for volunteers")
        verbose_name_plural = _("needs for volunteers")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="volunteer_need_order"
            ),
            models.CheckConstraint(
                condition=Q(volunteers_needed__gte=1), name="volunteer_need_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def skill_labels(self) -> str:
        return skill_labels(self.skills)


class AssignmentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    COMPLETED = "completed", _("completed")
    WITHDRAWN = "withdrawn", _("withdrawn by the volunteer")
    CANCELLED = "cancelled", _("cancelled")


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def visible_to(self, user: Any) -> AssignmentQuerySet:
        return self.filter(volunteer__in=Volunteer.objects.visible_to(user))


class Assignment(models.Model):
    """A volunteer placed on a need (przydział): under their agreement, from a day to a day.
    Placed only once the agreement is in force, the briefing held, the insurance recorded
    when the agreement needs it, and — for work with children — the checks recorded."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("volunteer")
    )
    need = models.ForeignKey(
        Need, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("need")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("agreement")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PLANNED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="volunteer_assignment_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.need}"


class AssignmentTransition(Transition):
    """One step of an assignment: placed, completed, withdrawn, cancelled."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=AssignmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=AssignmentStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("assignment change")
        verbose_name_plural = _("assignment changes")


class HoursStatus(models.TextChoices):
    LOGGED = "logged", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("not confirmed")
    CORRECTED = "corrected", _("corrected")


class HoursQuerySet(models.QuerySet["HoursLog"]):
    def visible_to(self, user: Any) -> HoursQuerySet:
        return self.filter(assignment__volunteer__in=Volunteer.objects.visible_to(user))


class HoursLog(models.Model):
    """Hours a volunteer worked on an assignment on a day (karta czasu pracy wolontariusza):
    logged by the volunteer or by the coordinator on their behalf, confirmed by the
    coordinator (never by the volunteer themselves)."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="hours", verbose_name=_("assignment")
    )
    worked_on = models.DateField(_("day"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    scope = models.CharField(_("what was done"), max_length=250)
    status = models.CharField(
        _("status"), max_length=10, choices=HoursStatus.choices, default=HoursStatus.LOGGED
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    decided_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    delivery_record = models.ForeignKey(
        "delivery.DeliveryRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ledger_refusal = models.TextField(_("the ledger's refusal"), blank=True)

    objects = HoursQuerySet.as_manager()

    class Meta:
        verbose_name = _("hours worked")
        verbose_name_plural = _("hours worked")
        ordering = ["-worked_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="volunteer_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worked_on:%d.%m.%Y} {self.hours}"


class HoursTransition(Transition):
    """One step of logged hours: logged, confirmed, not confirmed, corrected."""

    log = models.ForeignKey(HoursLog, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=HoursStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=HoursStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("hours change")
        verbose_name_plural = _("hours changes")


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("certificate of volunteer work (zaświadczenie)")
    OPINION = "opinion", _("opinion on the volunteer's work (opinia)")


class DocumentStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    ISSUED = "issued", _("issued")


class DocumentQuerySet(models.QuerySet["DocumentRequest"]):
    def visible_to(self, user: Any) -> DocumentQuerySet:
        return self.filter(volunteer__in=Volunteer.objects.visible_to(user))


class DocumentRequest(models.Model):
    """A volunteer's request for a certificate (zaświadczenie: the scope of the work and the
    hours) or an opinion (opinia: the coordinator's evaluation), issued as a tagged PDF
    (art. 44 sec. 4–5)."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="documents", verbose_name=_("volunteer")
    )
    kind = models.CharField(_("document"), max_length=12, choices=DocumentKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.REQUESTED,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.TextField(_("opinion"), blank=True)
    hours_total = models.DecimalField(
        _("hours confirmed"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate or opinion request")
        verbose_name_plural = _("certificate and opinion requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.volunteer}"


class DocumentTransition(Transition):
    """One step of a certificate or opinion: requested, issued."""

    document = models.ForeignKey(
        DocumentRequest, on_delete=models.PROTECT, related_name="transitions"
    )
    from_status = models.CharField(max_length=10, choices=DocumentStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=DocumentStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("certificate or opinion change")
        verbose_name_plural = _("certificate and opinion changes")
