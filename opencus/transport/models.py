"""The senior taxi (taksówka dla seniora): vehicles, drivers and shifts, the booking rules of a
transport service, places, bookings with their lifecycle, recurring series, and the day's
dispatch plan with its ordered stops.

Times of day are local (Europe/Warsaw); a booking's promised pickup window and its stops are
aware datetimes. A booking is one leg (one way); a return ride is a second booking linked to
its outbound ride (``Booking.outbound``).
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

from opencus.catalog.models import Location, Period, ProgrammeService
from opencus.core.models import Transition
from opencus.core.roles import has_capability
from opencus.intake.models import Entitlement
from opencus.people.models import Address, DisabilityLevel, Person
from opencus.providers.models import Provider
from opencus.transport.capabilities import TRANSPORT_BOOK, TRANSPORT_DISPATCH, TRANSPORT_DRIVE


class DestinationKind(models.TextChoices):
    HEALTH = "health", _("health care (doctor, clinic, rehabilitation)")
    OFFICE = "office", _("office or public institution")
    DAY_HOME = "day_home", _("day home, club or the centre's activities")
    SOCIAL = "social", _("cultural, social or sports activity")
    SHOPPING = "shopping", _("shopping and services")
    WORSHIP = "worship", _("place of worship")
    CEMETERY = "cemetery", _("cemetery")
    HOME = "home", _("home")
    OTHER = "other", _("other")


class Place(Address):
    """A place the senior taxi goes to often (częsty cel przejazdu): the day home, the
    hospital, the health centre, the town hall… Its address has coordinates, so it can be
    planned. ``location`` links it to the catalogue's place when it is one of the centre's."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=DestinationKind.choices)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transport_places",
        verbose_name=_("the centre's place"),
    )
    is_frequent = models.BooleanField(_("offered as a frequent destination"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Vehicle(models.Model):
    """A vehicle of the senior taxi (pojazd): its passenger seats and wheelchair places, the
    depot it starts from and returns to, and who runs it (the centre, or a provider under
    contract)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=80)
    registration = models.CharField(_("registration number"), max_length=12, blank=True)
    seats = models.PositiveSmallIntegerField(
        _("passenger seats"), help_text=_("Seats for passengers, not counting the driver.")
    )
    wheelchair_places = models.PositiveSmallIntegerField(_("wheelchair places"), default=0)
    depot = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="vehicles", verbose_name=_("depot")
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vehicles",
        verbose_name=_("run by provider"),
        help_text=_("Leave empty when the centre runs the vehicle itself."),
    )
    is_active = models.BooleanField(_("in service"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="vehicle_has_a_seat"),
        ]

    def __str__(self) -> str:
        return self.name


class VehicleUnavailability(models.Model):
    """Days a vehicle is out of service (a repair, an inspection)."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="unavailable", verbose_name=_("vehicle")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("vehicle out of service")
        verbose_name_plural = _("vehicles out of service")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="unavailability_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle}: {self.starts_on}–{self.ends_on}"

    @classmethod
    def vehicles_out_on(cls, day: dt.date) -> models.QuerySet[Any, dict[str, Any]]:
        """The ids of the vehicles out of service on ``day``: one period covering the day (a
        single ``exclude`` across the relation would match two different periods, one starting
        before the day and another ending after it)."""
        return cls.objects.filter(starts_on__lte=day, ends_on__gte=day).values("vehicle_id")


class Driver(models.Model):
    """A driver (kierowca): a name and phone, and the user account they sign in with to see
    their own vehicle's manifest."""

    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="driver",
        verbose_name=_("user account"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drivers",
        verbose_name=_("employed by provider"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Shift(models.Model):
    """A vehicle's working hours on a day (zmiana), with its driver: the vehicle leaves the
    depot no earlier than ``starts_at`` and is back by ``ends_at``."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("vehicle")
    )
    driver = models.ForeignKey(
        Driver,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shifts",
        verbose_name=_("driver"),
    )
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["day", "starts_at", "vehicle__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_order"
            ),
            models.UniqueConstraint(fields=["vehicle", "day"], name="one_shift_per_vehicle_day"),
        ]
        indexes = [models.Index(fields=["day"], name="shift_day_idx")]

    def __str__(self) -> str:
        return f"{self.vehicle} {self.day} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Booker(models.TextChoices):
    PERSON = "person", _("the passenger")
    FAMILY = "family", _("family or carer")
    CLINIC = "clinic", _("a clinic or institution")


class TransportRules(models.Model):
    """The rules of a transport service (regulamin przewozów), as municipalities write them:
    when and how far ahead to book, until when to cancel, the service hours, who may ride,
    who may ride along, where to, and what a no-show costs. Quotas are ``TransportQuota``
    rows. Working days follow the Polish public-holiday calendar (``clocks``)."""

    service = models.OneToOneField(
        ProgrammeService,
        on_delete=models.PROTECT,
        related_name="transport_rules",
        verbose_name=_("service"),
    )
    book_min_working_days = models.PositiveSmallIntegerField(
        _("book at least this many working days ahead"), default=3
    )
    book_cutoff = models.TimeField(
        _("by this hour"),
        default=dt.time(14, 0),
        help_text=_("A booking made after this hour counts from the next working day."),
    )
    book_max_months = models.PositiveSmallIntegerField(
        _("book at most this many months ahead"), default=2
    )
    cancel_working_days = models.PositiveSmallIntegerField(
        _("cancel at least this many working days before the ride"), default=1
    )
    cancel_cutoff = models.TimeField(_("by this hour on that day"), default=dt.time(12, 0))
    service_weekdays = models.JSONField(
        _("days of service"),
        default=list,
        help_text=_("Weekday numbers, 0 for Monday to 6 for Sunday."),
    )
    serves_holidays = models.BooleanField(_("runs on public holidays"), default=False)
    service_starts = models.TimeField(_("service from"), default=dt.time(7, 0))
    service_ends = models.TimeField(_("service until"), default=dt.time(17, 0))
    pickup_window_minutes = models.PositiveSmallIntegerField(
        _("pickup window (minutes)"), default=30
    )
    max_ride_extra_minutes = models.PositiveSmallIntegerField(
        _("longest detour (minutes over the direct ride)"), default=30
    )
    boarding_minutes = models.PositiveSmallIntegerField(_("boarding time (minutes)"), default=3)
    wheelchair_boarding_minutes = models.PositiveSmallIntegerField(
        _("boarding time with a wheelchair (minutes)"), default=8
    )
    min_age = models.PositiveSmallIntegerField(
        _("eligible from age"), null=True, blank=True, help_text=_("Leave empty: any age.")
    )
    min_disability_level = models.CharField(
        _("or with a disability of at least"),
        max_length=12,
        choices=DisabilityLevel.choices,
        blank=True,
    )
    dependency_qualifies = models.BooleanField(
        _("or dependent on others (niesamodzielność) by the assessment"), default=False
    )
    excludes_bed_bound = models.BooleanField(_("not for bed-bound passengers"), default=True)
    companion_allowed = models.BooleanField(_("a companion may ride along"), default=True)
    companion_min_age = models.PositiveSmallIntegerField(_("companion's minimum age"), default=16)
    max_companions = models.PositiveSmallIntegerField(_("at most companions"), default=1)
    assistant_allowed = models.BooleanField(_("an assistant may ride along"), default=True)
    guide_dog_allowed = models.BooleanField(_("a guide or assistance dog may ride"), default=True)
    wheelchair_allowed = models.BooleanField(_("wheelchair users are carried"), default=True)
    destination_kinds = models.JSONField(
        _("allowed kinds of destination"),
        default=list,
        help_text=_("Other destinations need an official's approval."),
    )
    bookers = models.JSONField(_("who may book"), default=list)
    offence_limit = models.PositiveSmallIntegerField(
        _("late cancellations and no-shows a month before approval is needed"), default=3
    )

    class Meta:
        verbose_name = _("transport rules")
        verbose_name_plural = _("transport rules")

    def __str__(self) -> str:
        return str(self.service)


class QuotaCounts(models.TextChoices):
    LEGS = "legs", _("one-way rides")
    ROUND_TRIPS = "round_trips", _("same-day round trips")


class TransportQuota(models.Model):
    """One limit of a transport service, e.g. 2 a month or 8 a year, counting one-way legs or
    same-day round trips (a trip there and back on one day counts once)."""

    rules = models.ForeignKey(
        TransportRules, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("rules")
    )
    units = models.PositiveSmallIntegerField(_("at most"))
    period = models.CharField(_("per"), max_length=10, choices=Period.choices)
    counts = models.CharField(
        _("counting"), max_length=12, choices=QuotaCounts.choices, default=QuotaCounts.LEGS
    )

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["period", "id"]

    def __str__(self) -> str:
        return f"{self.units} / {self.get_period_display()} ({self.get_counts_display()})"


class TimeMode(models.TextChoices):
    PICKUP = "pickup", _("pick up at")
    ARRIVE = "arrive", _("arrive by")


class BookingStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting", _("awaiting approval")
    BOOKED = "booked", _("booked")
    ON_BOARD = "on_board", _("on board")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")
    LATE_CANCELLED = "late_cancel", _("cancelled late")
    NO_SHOW = "no_show", _("no-show")
    REFUSED = "refused", _("refused")


#: The states in which a booking holds a place in the day's plan.
HOLDING = (BookingStatus.BOOKED, BookingStatus.ON_BOARD, BookingStatus.COMPLETED)
#: The states counted against the person under the rules' offence limit.
OFFENCES = (BookingStatus.LATE_CANCELLED, BookingStatus.NO_SHOW)


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone call by the client office")


class ReturnQuestion(models.TextChoices):
    """After a no-show on an outbound ride, the dispatcher decides what happens to its
    return ride."""

    ASKED = "asked", _("to decide")
    CANCELLED = "cancelled", _("return cancelled")
    KEPT = "kept", _("return kept")


class BookingQuerySet(models.QuerySet["Booking"]):
    def visible_to(self, user: Any) -> BookingQuerySet:
        """Staff who book or dispatch see the bookings of the people they may see; a driver
        (an active one, with the capability) sees today's bookings on the vehicles they drive
        today, as their manifest does (``manifests.may_read``); no one else sees any."""
        if has_capability(user, TRANSPORT_BOOK) or has_capability(user, TRANSPORT_DISPATCH):
            return self.filter(person__in=Person.objects.visible_to(user))
        if not has_capability(user, TRANSPORT_DRIVE):
            return self.none()
        today = timezone.localdate()
        return self.filter(
            day=today,
            stops__vehicle__shifts__day=today,
            stops__vehicle__shifts__driver__user=user,
            stops__vehicle__shifts__driver__is_active=True,
        ).distinct()

    def holding(self) -> BookingQuerySet:
        return self.filter(status__in=HOLDING)


class Booking(models.Model):
    """One ride, one way (rezerwacja przejazdu): who, from where to where, on which day, the
    pickup window promised on the phone, who rides along and what they need. The return ride
    is another booking whose ``outbound`` is this one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("confirmation number"), max_length=20, unique=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="rides", verbose_name=_("passenger")
    )
    entitlement = models.ForeignKey(
        Entitlement,
        on_delete=models.PROTECT,
        related_name="rides",
        verbose_name=_("entitlement"),
    )
    day = models.DateField(_("day"))
    origin_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    origin_label = models.CharField(_("from"), max_length=250)
    origin_latitude = models.DecimalField(max_digits=9, decimal_places=6)
    origin_longitude = models.DecimalField(max_digits=9, decimal_places=6)
    destination_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    destination_label = models.CharField(_("to"), max_length=250)
    destination_latitude = models.DecimalField(max_digits=9, decimal_places=6)
    destination_longitude = models.DecimalField(max_digits=9, decimal_places=6)
    destination_kind = models.CharField(
        _("kind of destination"), max_length=12, choices=DestinationKind.choices
    )
    time_mode = models.CharField(
        _("time"), max_length=8, choices=TimeMode.choices, default=TimeMode.PICKUP
    )
    requested_time = models.TimeField(_("requested time"))
    window_start = models.DateTimeField(_("pickup from"))
    window_end = models.DateTimeField(_("pickup until"))
    arrive_by = models.DateTimeField(_("arrive by"), null=True, blank=True)
    wheelchair = models.BooleanField(_("travels in a wheelchair"), default=False)
    companions = models.PositiveSmallIntegerField(_("companions"), default=0)
    assistant = models.BooleanField(_("with an assistant"), default=False)
    guide_dog = models.BooleanField(_("with a guide or assistance dog"), default=False)
    booked_by = models.CharField(
        _("booked by"), max_length=8, choices=Booker.choices, default=Booker.PERSON
    )
    booker_name = models.CharField(_("booker's name"), max_length=120, blank=True)
    booker_phone = models.CharField(_("booker's phone"), max_length=30, blank=True)
    outbound = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_ride",
        verbose_name=_("return of"),
    )
    series = models.ForeignKey(
        "RideSeries",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("series"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    approval_reason = models.TextField(_("why approval is needed"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    vehicle = models.ForeignKey(
        Vehicle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("vehicle"),
    )
    vehicle_pinned = models.BooleanField(_("vehicle fixed by the dispatcher"), default=False)
    delivery_record = models.ForeignKey(
        "delivery.DeliveryRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ledger entry"),
    )
    ledger_refusal = models.TextField(
        _("why the ledger refused the ride"),
        blank=True,
        help_text=_(
            "The ride was completed but the ledger refused its entry (allowance used up, no"
            " contract line…): the dispatcher resolves it."
        ),
    )
    return_question = models.CharField(
        _("the return after a no-show"),
        max_length=10,
        choices=ReturnQuestion.choices,
        blank=True,
    )
    reminder_channel = models.CharField(
        _("reminder by"), max_length=8, choices=ReminderChannel.choices, blank=True
    )
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    note = models.TextField(_("note for the driver"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("ride booking")
        verbose_name_plural = _("ride bookings")
        ordering = ["day", "window_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gt=models.F("window_start")), name="booking_window_order"
            ),
            models.CheckConstraint(
                condition=~Q(outbound=models.F("id")), name="booking_not_its_own_return"
            ),
        ]
        indexes = [
            models.Index(fields=["day", "status"], name="booking_day_status_idx"),
            models.Index(fields=["person", "day"], name="booking_person_day_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def seats(self) -> int:
        """Seats taken: the passenger (unless in a wheelchair), companions and an assistant."""
        return (0 if self.wheelchair else 1) + self.companions + (1 if self.assistant else 0)


class BookingTransition(Transition):
    """One step of a booking's lifecycle."""

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=BookingStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=BookingStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("booking change")
        verbose_name_plural = _("booking changes")


class RideSeriesQuerySet(models.QuerySet["RideSeries"]):
    def visible_to(self, user: Any) -> RideSeriesQuerySet:
        if has_capability(user, TRANSPORT_BOOK) or has_capability(user, TRANSPORT_DISPATCH):
            return self.filter(person__in=Person.objects.visible_to(user))
        return self.none()


class RideSeries(models.Model):
    """Recurring rides (przejazdy cykliczne), e.g. every weekday to the day home at 8:00 and
    home at 16:00: generated as bookings a set number of weeks ahead, skipping public
    holidays and the series' exceptions (a week away)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="ride_series", verbose_name=_("passenger")
    )
    entitlement = models.ForeignKey(
        Entitlement,
        on_delete=models.PROTECT,
        related_name="ride_series",
        verbose_name=_("entitlement"),
    )
    weekdays = models.JSONField(_("days of the week"), default=list)
    origin_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    origin_label = models.CharField(_("from"), max_length=250)
    origin_latitude = models.DecimalField(max_digits=9, decimal_places=6)
    origin_longitude = models.DecimalField(max_digits=9, decimal_places=6)
    destination_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    destination_label = models.CharField(_("to"), max_length=250)
    destination_latitude = models.DecimalField(max_digits=9, decimal_places=6)
    destination_longitude = models.DecimalField(max_digits=9, decimal_places=6)
    destination_kind = models.CharField(
        _("kind of destination"), max_length=12, choices=DestinationKind.choices
    )
    outbound_time = models.TimeField(_("pick up at"))
    return_time = models.TimeField(_("return pick-up at"), null=True, blank=True)
    wheelchair = models.BooleanField(_("travels in a wheelchair"), default=False)
    companions = models.PositiveSmallIntegerField(_("companions"), default=0)
    assistant = models.BooleanField(_("with an assistant"), default=False)
    guide_dog = models.BooleanField(_("with a guide or assistance dog"), default=False)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    weeks_ahead = models.PositiveSmallIntegerField(_("book this many weeks ahead"), default=4)
    generated_until = models.DateField(_("booked until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    ended_reason = models.TextField(_("why it ended"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = RideSeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("recurring rides")
        verbose_name_plural = _("recurring rides")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="series_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.destination_label}"


class SeriesException(models.Model):
    """Days a series does not run (a week away, a stay in hospital)."""

    series = models.ForeignKey(
        RideSeries, on_delete=models.PROTECT, related_name="exceptions", verbose_name=_("series")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("days without rides")
        verbose_name_plural = _("days without rides")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="series_exception_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}: {self.reason}"


class DayPlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class DayPlan(models.Model):
    """The senior taxi's plan for one day (plan dnia): each vehicle's ordered stops
    (``PlanStop``). Bookings go into it as they are made (by fast insertion); the day before,
    the solver re-optimises it; the dispatcher adjusts and publishes it. Its row is the lock
    that serialises bookings for the day, so two clerks cannot both take the last place."""

    day = models.DateField(_("day"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DayPlanStatus.choices, default=DayPlanStatus.DRAFT
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)
    cost_km = models.DecimalField(
        _("distance (km)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    optimised_at = models.DateTimeField(_("optimised at"), null=True, blank=True)
    travel_source = models.CharField(_("travel times from"), max_length=12, blank=True)
    unserved = models.JSONField(_("rides that do not fit"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("day plan")
        verbose_name_plural = _("day plans")
        ordering = ["day"]

    def __str__(self) -> str:
        return str(self.day)


class DayPlanTransition(Transition):
    """One step of a day plan: optimised, changed by the dispatcher, published, reopened."""

    plan = models.ForeignKey(DayPlan, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(max_length=20)
    revision = models.PositiveIntegerField()

    class Meta(Transition.Meta):
        verbose_name = _("day plan change")
        verbose_name_plural = _("day plan changes")


class StopKind(models.TextChoices):
    PICKUP = "pickup", _("pick-up")
    DROPOFF = "dropoff", _("drop-off")


class PlanStop(models.Model):
    """A stop in a vehicle's route on a day: where a booking is picked up or dropped off, in
    order, with the planned time of service."""

    plan = models.ForeignKey(DayPlan, on_delete=models.PROTECT, related_name="stops")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="stops")
    position = models.PositiveSmallIntegerField(_("order"))
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="stops")
    kind = models.CharField(_("stop"), max_length=8, choices=StopKind.choices)
    planned_at = models.DateTimeField(_("planned time"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["plan", "vehicle", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "vehicle", "position"], name="one_stop_per_position"
            ),
            models.UniqueConstraint(fields=["plan", "booking", "kind"], name="one_stop_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle} #{self.position} {self.get_kind_display()} {self.booking}"
