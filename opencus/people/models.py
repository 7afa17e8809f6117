"""The people registry: residents, their households, representatives, consents and
special-category data. Nothing here is ever deleted: people are archived, consents withdrawn,
memberships ended, certificates superseded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.core.dates import age_on
from opencus.core.formatting import day_text
from opencus.core.identifiers import (
    validate_birth_date,
    validate_building_number,
    validate_country_code,
    validate_flat_number,
    validate_pesel,
    validate_phone,
    validate_postcode,
    validate_simc,
    validate_terc,
    validate_ulic,
)
from opencus.core.roles import has_capability
from opencus.people.capabilities import PERSON_VIEW


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


class IdDocumentType(models.TextChoices):
    ID_CARD = "id_card", _("identity card")
    PASSPORT = "passport", _("passport")
    RESIDENCE_CARD = "residence_card", _("residence card")
    TRAVEL_DOCUMENT = "travel_document", _("travel document")
    OTHER = "other", _("other document")


class LabourStatus(models.TextChoices):
    UNKNOWN = "", _("not stated")
    EMPLOYED = "employed", _("employed")
    UNEMPLOYED = "unemployed", _("unemployed")
    INACTIVE = "inactive", _("economically inactive")


class ProtectionStatus(models.TextChoices):
    NONE = "", _("none")
    TEMPORARY_PROTECTION = "temporary", _("temporary protection (war in Ukraine)")
    INTERNATIONAL_PROTECTION = "international", _("refugee status or subsidiary protection")
    APPLICANT = "applicant", _("applying for international protection")


class Language(models.TextChoices):
    POLISH = "pl", "polski"
    ENGLISH = "en", "English"
    UKRAINIAN = "uk", "українська"


class Address(models.Model):
    """Address fields shared by people and places: street to flat, TERYT codes, coordinates."""

    street = models.CharField(_("street"), max_length=120, blank=True)
    building_number = models.CharField(_("building number"), max_length=12, blank=True)
    flat_number = models.CharField(_("flat number"), max_length=12, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=6, blank=True, validators=[validate_postcode]
    )
    locality = models.CharField(_("locality"), max_length=120, blank=True)
    terc = models.CharField(
        _("TERYT gmina code (TERC)"), max_length=7, blank=True, validators=[validate_terc]
    )
    simc = models.CharField(
        _("TERYT locality code (SIMC)"), max_length=7, blank=True, validators=[validate_simc]
    )
    ulic = models.CharField(
        _("TERYT street code (ULIC)"), max_length=5, blank=True, validators=[validate_ulic]
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        abstract = True

    @property
    def street_line(self) -> str:
        """The first line of a Polish address: the street and number ("Radomska 12/5"); in a
        place without streets, the locality takes the street's place ("Mirzec 5")."""
        number = self.building_number + (f"/{self.flat_number}" if self.flat_number else "")
        if not number:
            return self.street
        return f"{self.street or self.locality} {number}".strip()

    @property
    def place_line(self) -> str:
        """The second line: postcode and post town ("27-200 Starachowice")."""
        return f"{self.postcode} {self.locality}".strip()

    @property
    def address_line(self) -> str:
        return ", ".join(part for part in (self.street_line, self.place_line) if part)

    def address_errors(self) -> dict[str, ValidationError]:
        """What a letter's address lacks or has wrong: a building number, a postcode and a
        locality (the street may be empty in a place without streets), each well formed. An
        address left wholly empty (someone with no fixed address) is not checked here."""
        errors: dict[str, ValidationError] = {}
        parts = (self.street, self.building_number, self.flat_number, self.postcode, self.locality)
        if not any(part.strip() for part in parts):
            return errors
        required = {
            "building_number": _("Enter the building number."),
            "postcode": _("Enter the postcode."),
            "locality": _("Enter the locality."),
        }
        for name, message in required.items():
            if not getattr(self, name).strip():
                errors[name] = ValidationError(message, code="address_incomplete")
        for name, validator in (
            ("building_number", validate_building_number),
            ("flat_number", validate_flat_number),
        ):
            value = getattr(self, name).strip()
            if value and name not in errors:
                try:
                    validator(value)
                except ValidationError as error:
                    errors[name] = error
        return errors


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        """The people ``user`` may see: everyone for roles with ``person.view``, nobody
        otherwise. Provider staff see their clients through the entitlements of their
        provider, not the registry."""
        if has_capability(user, PERSON_VIEW):
            return self
        return self.none()

    def active(self) -> PersonQuerySet:
        return self.filter(archived_at__isnull=True)


class Person(Address):
    """A resident or anyone the centre serves (osoba, mieszkaniec).

    Identified by PESEL, or — for people without one, such as refugees before they receive a
    number — by an identity document with its country, plus birth date and sex typed in.
    Birth date and sex are derived from the PESEL when there is one.
    """

    first_name = models.CharField(_("first name"), max_length=80)
    second_name = models.CharField(_("second name"), max_length=80, blank=True)
    last_name = models.CharField(_("surname"), max_length=120)
    # NULL, not "", for "no PESEL": the unique constraint must not treat all those as equal.
    pesel = models.CharField(  # noqa: DJ001
        _("PESEL"), max_length=11, null=True, blank=True, validators=[validate_pesel]
    )
    id_document_type = models.CharField(
        _("identity document"), max_length=20, choices=IdDocumentType.choices, blank=True
    )
    id_document_number = models.CharField(_("document number"), max_length=40, blank=True)
    id_document_country = models.CharField(
        _("country that issued the document"),
        max_length=2,
        blank=True,
        help_text=_("Two-letter country code, for example UA."),
    )
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True, default="PL")
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.POLISH
    )
    labour_status = models.CharField(
        _("labour-market status"), max_length=12, choices=LabourStatus.choices, blank=True
    )
    protection_status = models.CharField(
        _("protection status"), max_length=16, choices=ProtectionStatus.choices, blank=True
    )

    # Folded copies (lower case, no diacritics) kept by the services for search.
    last_name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    first_name_folded = models.CharField(max_length=80, editable=False)
    street_folded = models.CharField(max_length=120, editable=False, blank=True, db_index=True)
    phone_digits = models.CharField(max_length=30, editable=False, blank=True, db_index=True)

    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name_folded", "first_name_folded", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pesel"], condition=Q(pesel__isnull=False), name="person_pesel_unique"
            ),
            models.CheckConstraint(
                condition=Q(pesel__isnull=False)
                | (~Q(id_document_number="") & ~Q(id_document_country="")),
                name="person_pesel_or_document",
            ),
        ]
        indexes = [
            models.Index(fields=["last_name_folded", "first_name_folded"], name="person_name_idx"),
            models.Index(fields=["first_name_folded"], name="person_first_name_idx"),
            models.Index(fields=["birth_date"], name="person_birth_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        """The checks every way in shares (staff forms, the public form, the API): the
        services call ``full_clean``. Phone, country codes, a plausible date of birth, and
        an address a letter can be sent to."""
        errors = self.address_errors()
        checks = (
            ("phone", validate_phone),
            ("citizenship", validate_country_code),
            ("id_document_country", validate_country_code),
            ("birth_date", validate_birth_date),
        )
        for name, validator in checks:
            value = getattr(self, name)
            if value:
                try:
                    validator(value)
                except ValidationError as error:
                    errors[name] = error
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    @property
    def identifier_display(self) -> str:
        if self.pesel:
            return self.pesel
        document = self.get_id_document_type_display()
        return f"{document} {self.id_document_number} ({self.id_document_country})"


class HouseholdRelation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse or partner")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("brother or sister")
    GRANDCHILD = "grandchild", _("grandchild")
    GRANDPARENT = "grandparent", _("grandparent")
    OTHER_RELATIVE = "relative", _("other relative")
    OTHER = "other", _("other person in the household")


class Household(models.Model):
    """A household (gospodarstwo domowe): the people who live and keep house together."""

    name = models.CharField(_("name"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="household_links")
    relation = models.CharField(_("relation"), max_length=12, choices=HouseholdRelation.choices)
    joined_on = models.DateField(_("since"), default=dt.date.today)
    left_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            # A person belongs to at most one household at a time.
            models.UniqueConstraint(
                fields=["person"], condition=Q(left_on__isnull=True), name="one_current_household"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"


class RepresentativeKind(models.TextChoices):
    LEGAL = "legal", _("legal representative")
    DE_FACTO_CARER = "carer", _("de facto carer")


class Representative(models.Model):
    """Someone who acts for a person: a legal representative (przedstawiciel ustawowy) or a de
    facto carer (opiekun faktyczny). The representative is a person in the registry too."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="representatives")
    representative = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="represents")
    kind = models.CharField(_("kind"), max_length=8, choices=RepresentativeKind.choices)
    basis = models.CharField(
        _("basis"),
        max_length=200,
        blank=True,
        help_text=_("For example a court decision number, or how the care is provided."),
    )
    valid_from = models.DateField(_("from"), default=dt.date.today)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.CheckConstraint(
                condition=~Q(person=models.F("representative")), name="representative_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.representative} → {self.person}"


class ConsentPurpose(models.TextChoices):
    SERVICES = "services", _("processing of data to provide social services")
    SPECIAL_CATEGORY = "special", _("processing of health and disability data")
    CONTACT_SMS = "contact_sms", _("contact by text message")
    CONTACT_EMAIL = "contact_email", _("contact by e-mail")
    REFERRAL = "referral", _("passing the case to another team or unit")
    IMAGE = "image", _("use of image (photographs, films)")
    EU_MONITORING = "eu_monitoring", _("EU project participant monitoring")


class Consent(models.Model):
    """A consent (zgoda) given for one purpose; withdrawing it keeps the row with a date."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=16, choices=ConsentPurpose.choices)
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    given_by_representative = models.ForeignKey(
        Representative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("given by a representative"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


# --- Special-category data (GDPR art. 9): read only by permitted roles, every read audited ---


class DisabilityLevel(models.TextChoices):
    LIGHT = "light", _("light")
    MODERATE = "moderate", _("moderate")
    SIGNIFICANT = "significant", _("significant")
    # Children under 16 get a certificate of disability without a level.
    CHILD = "child", _("disability (under 16, no level)")


DISABILITY_LEVEL_RANK = {
    DisabilityLevel.CHILD: 1,
    DisabilityLevel.LIGHT: 1,
    DisabilityLevel.MODERATE: 2,
    DisabilityLevel.SIGNIFICANT: 3,
}


class DisabilityCertificate(models.Model):
    """A disability certificate (orzeczenie o stopniu niepełnosprawności). Special category."""

    special_category = True

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="disability_certificates"
    )
    level = models.CharField(_("level"), max_length=12, choices=DisabilityLevel.choices)
    symbol = models.CharField(
        _("cause symbol"), max_length=20, blank=True, help_text=_("For example 05-R.")
    )
    issued_on = models.DateField(_("issued"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty if permanent.")
    )
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("entered in error"), null=True, blank=True)

    class Meta:
        verbose_name = _("disability certificate")
        verbose_name_plural = _("disability certificates")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("issued_on")),
                name="certificate_valid_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({day_text(self.issued_on)})"

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.withdrawn_at is None
            and self.issued_on <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class HealthNote(models.Model):
    """A note about a person's health that services need to know. Special category."""

    special_category = True

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="health_notes")
    text = models.TextField(_("note"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("entered in error"), null=True, blank=True)

    class Meta:
        verbose_name = _("health note")
        verbose_name_plural = _("health notes")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.person} {day_text(timezone.localdate(self.recorded_at))}"
