"""Forms of the portal. They parse and check what a resident types, with the registry's own
rules and messages (PESEL checksum and the birth date and sex it encodes, real dates, the
postcode); the services decide whom the application is for and file it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import ProgrammeService
from opencus.core.formatting import day_text
from opencus.core.forms import GovukDateField, GovukForm
from opencus.core.identifiers import (
    pesel_decode,
    validate_birth_date,
    validate_building_number,
    validate_country_code,
    validate_flat_number,
    validate_phone,
    validate_postcode,
)
from opencus.people.models import ConsentPurpose, IdDocumentType, Language, Person, Sex
from opencus.portal.selectors import services_for_online_applications
from opencus.portal.services import CONTACT_FIELDS

# The registry's own fields, with their validators (the postcode's NN-NNN above all).
_PERSON = forms.fields_for_model(
    Person,
    fields=[
        "first_name",
        "last_name",
        "id_document_number",
        "id_document_country",
        *CONTACT_FIELDS,
    ],
)


class ServiceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class OnlineApplicationForm(GovukForm):
    """The resident's application: who they are, how to reach them, the services, consents."""

    error_summary_title = _("There is a problem with the application")

    first_name = _PERSON["first_name"]
    last_name = _PERSON["last_name"]
    pesel = forms.CharField(
        label=_("PESEL number"),
        required=False,
        max_length=20,
        help_text=_(
            "11 digits, for example 44051401359. If you have no PESEL number, leave this empty "
            "and give an identity document below."
        ),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "govuk-input--width-10"}
        ),
    )
    id_document_type = forms.ChoiceField(
        label=_("Identity document"),
        required=False,
        choices=[("", _("Choose the document")), *IdDocumentType.choices],
    )
    id_document_number = _PERSON["id_document_number"]
    id_document_country = _PERSON["id_document_country"]
    birth_date = GovukDateField(
        label=_("Date of birth"),
        example=GovukDateField.BIRTH,
        required=False,
        help_text=_("For example 27 3 1950. With a PESEL number you may leave this empty."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=Sex.choices,
        widget=forms.RadioSelect,
        help_text=_("With a PESEL number you may leave this empty."),
    )
    phone = _PERSON["phone"]
    email = _PERSON["email"]
    street = _PERSON["street"]
    building_number = _PERSON["building_number"]
    flat_number = _PERSON["flat_number"]
    postcode = _PERSON["postcode"]
    locality = _PERSON["locality"]
    services = ServiceChoiceField(
        label=_("Services you apply for"),
        queryset=ProgrammeService.objects.none(),  # set per request: "open" means today
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
        error_messages={"required": _("Choose at least one service.")},
    )
    consent_services = forms.BooleanField(
        label=_(
            "I agree to the processing of my personal data by the centre to provide social "
            "services."
        ),
        help_text=_("Without it we cannot consider the application."),
        error_messages={
            "required": _(
                "Tick the consent to the processing of your data to provide social services: "
                "without it we cannot consider the application."
            )
        },
    )
    consent_email = forms.BooleanField(
        label=_("I agree to be contacted by e-mail."), required=False
    )
    consent_sms = forms.BooleanField(
        label=_("I agree to be contacted by text message."), required=False
    )

    #: Consent field → the purpose recorded in the registry.
    CONSENTS = (
        ("consent_services", ConsentPurpose.SERVICES),
        ("consent_email", ConsentPurpose.CONTACT_EMAIL),
        ("consent_sms", ConsentPurpose.CONTACT_SMS),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["services"]
        ).queryset = services_for_online_applications()
        fields = self.fields
        for name, message in (
            ("first_name", _("Enter your first name.")),
            ("last_name", _("Enter your surname.")),
            ("building_number", _("Enter the building number.")),
            ("postcode", _("Enter the postcode, for example 27-200.")),
            ("locality", _("Enter the locality (town or village).")),
        ):
            fields[name].error_messages["required"] = message
        fields["street"].help_text = _("Leave empty if your locality has no street names.")
        fields["building_number"].required = True
        fields["postcode"].required = True
        # The model checks the postcode only on save; a known person's record is not saved.
        fields["postcode"].validators.append(validate_postcode)
        # The registry's address and date rules (``Person.clean``), here too: an online
        # application is checked before any record is written.
        fields["building_number"].validators.append(validate_building_number)
        fields["flat_number"].validators.append(validate_flat_number)
        fields["birth_date"].validators.append(validate_birth_date)
        fields["locality"].required = True
        fields["postcode"].help_text = _("For example 27-200.")
        fields["phone"].help_text = _("Give a phone number or an e-mail address, or both.")
        fields["id_document_country"].help_text = _("Two-letter country code, for example UA.")
        autocomplete = {
            "first_name": "given-name",
            "last_name": "family-name",
            "phone": "tel",
            "email": "email",
            "postcode": "postal-code",
            "locality": "address-level2",
        }
        for name, token in autocomplete.items():
            fields[name].widget.attrs["autocomplete"] = token
        fields["phone"].widget.attrs.update({"inputmode": "tel", "class": "govuk-input--width-20"})
        fields["postcode"].widget.attrs["class"] = "govuk-input--width-5"
        fields["id_document_country"].widget.attrs["class"] = "govuk-input--width-3"
        for name in ("building_number", "flat_number"):
            fields[name].widget.attrs["class"] = "govuk-input--width-4"
        fields["email"].widget.attrs["spellcheck"] = "false"

    def offered(self) -> QuerySet[ProgrammeService]:
        """The services the form offers (open for applications today and public)."""
        field = cast(forms.ModelMultipleChoiceField, self.fields["services"])
        return cast(QuerySet[ProgrammeService], field.queryset)

    # --- Fields -----------------------------------------------------------------------------

    def clean_pesel(self) -> str:
        value = "".join((self.cleaned_data.get("pesel") or "").split())
        if value:
            pesel_decode(value)
        return value

    def clean_id_document_number(self) -> str:
        return "".join((self.cleaned_data.get("id_document_number") or "").split()).upper()

    def clean_id_document_country(self) -> str:
        value = (self.cleaned_data.get("id_document_country") or "").strip().upper()
        if value:
            validate_country_code(value)  # the registry's own check (core.identifiers)
        return value

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        if value:
            validate_phone(value)
        return value

    # --- The whole ---------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        """The registry's identity rules (``people.services``), with the same messages: a PESEL
        gives the birth date and sex, which must agree if typed; without one, a document, its
        country, the birth date and the sex are needed."""
        data = super().clean() or {}
        pesel = data.get("pesel")
        birth_date, sex = data.get("birth_date"), data.get("sex")
        if pesel:
            decoded = pesel_decode(pesel)
            if birth_date and birth_date != decoded.birth_date:
                self.add_error(
                    "birth_date",
                    ValidationError(
                        _("The date of birth does not match the PESEL number (%(date)s)."),
                        code="pesel_birth_date_mismatch",
                        params={"date": day_text(decoded.birth_date)},
                    ),
                )
            if sex and sex != decoded.sex:
                self.add_error(
                    "sex",
                    ValidationError(
                        _("The sex does not match the PESEL number."), code="pesel_sex_mismatch"
                    ),
                )
        elif not self.has_error("pesel"):
            for name, message in (
                ("id_document_number", _("Enter the document number, or a PESEL number.")),
                ("id_document_country", _("Enter the country that issued the document.")),
                ("birth_date", _("Enter the date of birth.")),
                ("sex", _("Choose the sex.")),
            ):
                if not data.get(name) and not self.has_error(name):
                    self.add_error(name, ValidationError(message, code="required"))
        if birth_date and birth_date > timezone.localdate():
            self.add_error(
                "birth_date",
                ValidationError(_("The date of birth cannot be in the future."), code="future"),
            )
        typed_contact = data.get("phone") or data.get("email")
        if not typed_contact and not self.has_error("phone") and not self.has_error("email"):
            self.add_error(
                "phone",
                ValidationError(
                    _("Give a phone number or an e-mail address so that we can contact you."),
                    code="contact",
                ),
            )
        return data

    def person_fields(self, *, language: str) -> dict[str, Any]:
        """What the registry gets if the applicant is not registered yet."""
        data = self.cleaned_data
        fields = {
            name: data.get(name) or ""
            for name in (
                "first_name",
                "last_name",
                "pesel",
                "id_document_type",
                "id_document_number",
                "id_document_country",
                *CONTACT_FIELDS,
            )
        }
        fields["first_name"] = fields["first_name"].strip()
        fields["last_name"] = fields["last_name"].strip()
        fields["birth_date"] = data.get("birth_date")
        fields["sex"] = data.get("sex") or ""
        # Citizenship is not asked online: "not stated" until a clerk sees a document.
        fields["citizenship"] = ""
        fields["preferred_language"] = language if language in Language.values else "pl"
        return fields

    def consents(self) -> list[str]:
        return [purpose for name, purpose in self.CONSENTS if self.cleaned_data.get(name)]


class StatusForm(GovukForm):
    """A reference number with the PESEL or document number of the person it was filed for."""

    error_summary_title = _("There is a problem")

    reference = forms.CharField(
        label=_("Reference number of the application"),
        max_length=30,
        help_text=_("It is on the confirmation you received, for example W/2026/000123."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-20"}
        ),
        error_messages={"required": _("Enter the reference number of the application.")},
    )
    identifier = forms.CharField(
        label=_("PESEL or document number"),
        max_length=40,
        help_text=_(
            "The PESEL number of the person the application is for or, if they have none, the "
            "number of the identity document given in the application."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-20"}
        ),
        error_messages={"required": _("Enter the PESEL or document number.")},
    )
