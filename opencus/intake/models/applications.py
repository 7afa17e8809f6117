"""Applications and qualification: the resident's request, one item per requested service, the
needs assessment, and the queue in filing order with its waiting list (domain.md §1.3).

Programme services are granted without an administrative decision, strictly in the order the
applications were filed, within the programme's limits; social-assistance services record an
administrative decision instead. Nothing is deleted: items are withdrawn or refused with a
reason, and every change of state is a row in ``ItemTransition``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import ProgrammeService
from opencus.core.formatting import day_text
from opencus.core.models import Transition
from opencus.core.roles import has_capability
from opencus.intake.capabilities import APPLICATION_VIEW
from opencus.people.models import Person, Representative


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person at the client office")
    PHONE = "phone", _("by phone")
    EMAIL = "email", _("by e-mail")
    PORTAL = "portal", _("through the public portal")
    POST = "post", _("by post")
    #: Filed by the centre itself when an approved individual plan needs a service the person
    #: has not requested (``plans.services.plan_approve``); never chosen on the filing form.
    PLAN = "plan", _("through an individual plan")


class FiledBy(models.TextChoices):
    SELF = "self", _("the person themself")
    LEGAL = "legal", _("legal representative")
    CARER = "carer", _("de facto carer")


class ApplicationQuerySet(models.QuerySet["Application"]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """Applications of the people ``user`` may see, for roles with ``application.view``;
        nothing for anyone else (a provider's staff see their clients' entitlements, not
        their applications)."""
        if not has_capability(user, APPLICATION_VIEW):
            return self.none()
        return self.filter(person__in=Person.objects.visible_to(user))


class Application(models.Model):
    """An application (wniosek) for one or more services, filed by the person, a legal
    representative or a de facto carer. ``filed_at`` is the queue key and never changes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference number"), max_length=30, unique=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="applications", verbose_name=_("person")
    )
    filed_by = models.CharField(
        _("filed by"), max_length=8, choices=FiledBy.choices, default=FiledBy.SELF
    )
    representative = models.ForeignKey(
        Representative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("representative who filed it"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    filed_at = models.DateTimeField(_("filed"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(filed_by="self") | Q(representative__isnull=False),
                name="application_representative_files",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ItemState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ASSESSING = "assessing", _("being assessed")
    QUALIFIED = "qualified", _("qualified")
    WAITING = "waiting", _("on the waiting list")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


#: States in which the person holds or waits for the service: a second request is refused.
OPEN_STATES = (ItemState.SUBMITTED, ItemState.ASSESSING, ItemState.QUALIFIED, ItemState.WAITING)

#: The lifecycle: which state may follow which (services enforce it, the log records it).
TRANSITIONS: dict[str, frozenset[str]] = {
    ItemState.SUBMITTED: frozenset(
        {
            ItemState.ASSESSING,
            ItemState.QUALIFIED,
            ItemState.WAITING,
            ItemState.REFUSED,
            ItemState.WITHDRAWN,
        }
    ),
    ItemState.ASSESSING: frozenset(
        {ItemState.QUALIFIED, ItemState.WAITING, ItemState.REFUSED, ItemState.WITHDRAWN}
    ),
    ItemState.WAITING: frozenset({ItemState.QUALIFIED, ItemState.REFUSED, ItemState.WITHDRAWN}),
    ItemState.QUALIFIED: frozenset({ItemState.WITHDRAWN}),
    ItemState.REFUSED: frozenset(),
    ItemState.WITHDRAWN: frozenset(),
}


class ApplicationItemQuerySet(models.QuerySet["ApplicationItem"]):
    def visible_to(self, user: Any) -> ApplicationItemQuerySet:
        """Requested services of the applications ``user`` may see."""
        if not has_capability(user, APPLICATION_VIEW):
            return self.none()
        return self.filter(person__in=Person.objects.visible_to(user))


class ApplicationItem(models.Model):
    """One requested service of an application, with its own state (pozycja wniosku).

    ``person`` and ``filed_at`` repeat the application's so that the per-service queue and the
    "one open request per person and service" rule are an index and a constraint; the queue is
    ordered by ``queue_key`` then ``id``.
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="items")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        ProgrammeService,
        on_delete=models.PROTECT,
        related_name="application_items",
        verbose_name=_("service"),
    )
    filed_at = models.DateTimeField(_("filed"))
    #: The place in the service's queue: the filing time, except that a lottery round deals its
    #: entrants' filing times out again in drawn order (``rounds.round_draw``), so the waiting
    #: list follows the draw. ``filed_at`` itself never changes.
    queue_key = models.DateTimeField(_("place in the queue"))
    state = models.CharField(
        _("state"), max_length=10, choices=ItemState.choices, default=ItemState.SUBMITTED
    )
    state_changed_at = models.DateTimeField(_("state changed"))
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("The reason for a refusal, as the person reads it.")
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)

    objects = ApplicationItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("requested service")
        verbose_name_plural = _("requested services")
        ordering = ["filed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "service"],
                condition=Q(state__in=["submitted", "assessing", "qualified", "waiting"]),
                name="one_open_request_per_service",
            ),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(reason=""), name="refusal_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["service", "state", "queue_key", "id"], name="item_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.service}"


class ItemTransition(Transition):
    """The log of an item's states: who moved it, from what, to what, when and why."""

    item = models.ForeignKey(ApplicationItem, on_delete=models.PROTECT, related_name="transitions")
    from_state = models.CharField(max_length=10, choices=ItemState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=ItemState.choices)

    class Meta(Transition.Meta):
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_state} → {self.to_state}"


class AssessmentPlace(models.TextChoices):
    CENTRE = "centre", _("at the centre")
    HOME = "home", _("where the person stays")
    OTHER = "other", _("elsewhere")


class NeedsAssessment(models.Model):
    """The recognition of individual needs (rozpoznanie indywidualnych potrzeb): where and when,
    by whom, the notes (special category) and which services fit."""

    special_category = True

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=8, choices=AssessmentPlace.choices)
    place_note = models.CharField(_("place details"), max_length=200, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    notes = models.TextField(_("notes"), blank=True)
    fitting_services = models.ManyToManyField(
        ProgrammeService, blank=True, related_name="+", verbose_name=_("services that fit")
    )
    plan_needed = models.BooleanField(
        _("an individual plan is needed"),
        default=False,
        help_text=_("Services need coordination for at least 3 months (IPUS)."),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.application} {day_text(self.assessed_on)}"
