"""Applications sent through the public form, waiting for the client office (wniosek
elektroniczny do potwierdzenia).

The public form is anonymous: whoever types a PESEL may be someone else. So the form never
looks the person up, never answers differently for a registered PESEL, and never writes into
the registry. It keeps what was typed here, with the consents ticked, and a clerk then decides:
the application is filed for a person already in the registry (a duplicate sorted out) or for a
person registered from the typed details, and the consents the clerk confirms are recorded in
that person's name — or the online application is rejected with a reason. Either way a
transition row and an audit row say who decided and when.

The filing time of the application the clerk files is ``received_at``: the queue keeps the
order in which residents applied, however long the check took.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import ProgrammeService
from opencus.core.models import Transition
from opencus.core.roles import has_capability
from opencus.intake.capabilities import APPLICATION_VIEW
from opencus.intake.models.applications import Application
from opencus.people.models import ConsentPurpose, IdDocumentType, Person, Sex


class OnlineState(models.TextChoices):
    RECEIVED = "received", _("waiting for the client office")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("not accepted")


class OnlineApplicationQuerySet(models.QuerySet["OnlineApplication"]):
    def visible_to(self, user: Any) -> OnlineApplicationQuerySet:
        """Online applications, for roles with ``application.view``; none for anyone else."""
        if not has_capability(user, APPLICATION_VIEW):
            return self.none()
        return self.all()


class OnlineApplication(models.Model):
    """What a resident typed into the public form, until the client office accepts it (then
    ``person`` and ``application`` are set) or rejects it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference number"), max_length=30, unique=True)
    received_at = models.DateTimeField(_("received"), db_index=True)
    # What was typed, as typed (after the form's checks); the registry is not touched.
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("surname"), max_length=120)
    pesel = models.CharField(_("PESEL"), max_length=11, blank=True)
    id_document_type = models.CharField(
        _("identity document"), max_length=20, choices=IdDocumentType.choices, blank=True
    )
    id_document_number = models.CharField(_("document number"), max_length=40, blank=True)
    id_document_country = models.CharField(_("document country"), max_length=2, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("street"), max_length=120, blank=True)
    building_number = models.CharField(_("building number"), max_length=12, blank=True)
    flat_number = models.CharField(_("flat number"), max_length=12, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    locality = models.CharField(_("locality"), max_length=120, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=2, blank=True)
    services = models.ManyToManyField(
        ProgrammeService, related_name="+", verbose_name=_("services applied for")
    )
    #: The consent purposes ticked on the form (``people.ConsentPurpose`` values). They belong
    #: to this online application until a clerk confirms them into the registry.
    consents = models.JSONField(_("consents given online"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=OnlineState.choices, default=OnlineState.RECEIVED
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="online",
        verbose_name=_("application filed"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason"), blank=True)

    objects = OnlineApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("online application")
        verbose_name_plural = _("online applications")
        ordering = ["received_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="accepted") | Q(application__isnull=False),
                name="online_accepted_has_application",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(reason=""),
                name="online_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def consent_labels(self) -> list[str]:
        return [str(ConsentPurpose(purpose).label) for purpose in self.consents]

    @property
    def address_line(self) -> str:
        return Person(
            street=self.street,
            building_number=self.building_number,
            flat_number=self.flat_number,
            postcode=self.postcode,
            locality=self.locality,
        ).address_line


class OnlineTransition(Transition):
    """The log of an online application's states: received, accepted or rejected, by whom."""

    online_application = models.ForeignKey(
        OnlineApplication, on_delete=models.PROTECT, related_name="transitions"
    )
    from_state = models.CharField(max_length=10, choices=OnlineState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=OnlineState.choices)

    class Meta(Transition.Meta):
        verbose_name = _("online application state change")
        verbose_name_plural = _("online application state changes")

    def __str__(self) -> str:
        return f"{self.online_application_id}: {self.from_state} → {self.to_state}"
