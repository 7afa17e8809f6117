"""Forms of the people registry. They parse and validate input; the services decide and save."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from opencus.core.forms import GovukDateField, GovukForm
from opencus.core.identifiers import pesel_decode
from opencus.people.models import (
    ConsentPurpose,
    DisabilityLevel,
    HouseholdRelation,
    Person,
    Representative,
    RepresentativeKind,
    Sex,
)
from opencus.people.services import PERSON_FIELDS

# The model's own fields (with their validators) for everything but the identity trio, which
# the form takes as free input and the service derives from the PESEL.
_MODEL_FIELDS = forms.fields_for_model(
    Person, fields=[name for name in PERSON_FIELDS if name not in {"pesel", "birth_date", "sex"}]
)


class PersonForm(GovukForm):
    """Registering or editing a person: PESEL, or an identity document with birth date and sex.

    Field groups (``GROUPS``) give the page its sections; the error summary covers them all.
    """

    GROUPS = (
        (_("Name"), ("first_name", "second_name", "last_name")),
        (
            _("Identity"),
            (
                "pesel",
                "birth_date",
                "sex",
                "id_document_type",
                "id_document_number",
                "id_document_country",
                "citizenship",
            ),
        ),
        (_("Contact"), ("phone", "email", "preferred_language")),
        (
            _("Address"),
            ("street", "building_number", "flat_number", "postcode", "locality"),
        ),
        (_("Situation"), ("labour_status", "protection_status")),
        (
            _("Address codes and position (optional)"),
            ("terc", "simc", "ulic", "latitude", "longitude"),
        ),
    )

    first_name = _MODEL_FIELDS["first_name"]
    second_name = _MODEL_FIELDS["second_name"]
    last_name = _MODEL_FIELDS["last_name"]
    pesel = forms.CharField(
        label=_("PESEL"),
        required=False,
        max_length=20,
        help_text=_(
            "11 digits. Leave empty if the person has no PESEL, and give an identity "
            "document below instead."
        ),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "govuk-input--width-10"}
        ),
    )
    birth_date = GovukDateField(
        label=_("Date of birth"),
        example=GovukDateField.BIRTH,
        required=False,
        help_text=_("Taken from the PESEL if there is one; if you type it, it must match."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=Sex.choices,
        widget=forms.RadioSelect,
        help_text=_("Taken from the PESEL if there is one."),
    )
    id_document_type = _MODEL_FIELDS["id_document_type"]
    id_document_number = _MODEL_FIELDS["id_document_number"]
    id_document_country = _MODEL_FIELDS["id_document_country"]
    citizenship = _MODEL_FIELDS["citizenship"]
    phone = _MODEL_FIELDS["phone"]
    email = _MODEL_FIELDS["email"]
    preferred_language = _MODEL_FIELDS["preferred_language"]
    labour_status = _MODEL_FIELDS["labour_status"]
    protection_status = _MODEL_FIELDS["protection_status"]
    street = _MODEL_FIELDS["street"]
    building_number = _MODEL_FIELDS["building_number"]
    flat_number = _MODEL_FIELDS["flat_number"]
    postcode = _MODEL_FIELDS["postcode"]
    locality = _MODEL_FIELDS["locality"]
    terc = _MODEL_FIELDS["terc"]
    simc = _MODEL_FIELDS["simc"]
    ulic = _MODEL_FIELDS["ulic"]
    latitude = _MODEL_FIELDS["latitude"]
    longitude = _MODEL_FIELDS["longitude"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].help_text = _("For example 27-200.")
        self.fields["postcode"].widget.attrs["class"] = "govuk-input--width-5"
        self.fields["phone"].widget.attrs.update({"autocomplete": "off", "inputmode": "tel"})
        for name in ("building_number", "flat_number"):
            self.fields[name].widget.attrs["class"] = "govuk-input--width-4"
        for name in ("id_document_country", "citizenship", "terc", "simc", "ulic"):
            self.fields[name].widget.attrs["class"] = "govuk-input--width-5"
        self.fields["citizenship"].help_text = _("Two-letter country code, for example PL or UA.")
        self.fields["terc"].help_text = _(
            "Needed to check residence in the municipality. Filled in automatically for an "
            "address in %(municipality)s."
        ) % {"municipality": settings.OPENCUS_MUNICIPALITY_NAME}

    @property
    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.GROUPS]

    def clean_pesel(self) -> str:
        value = "".join((self.cleaned_data.get("pesel") or "").split())
        if value:
            pesel_decode(value)
        return value

    def clean_id_document_country(self) -> str:
        return (self.cleaned_data.get("id_document_country") or "").upper()

    def clean_citizenship(self) -> str:
        return (self.cleaned_data.get("citizenship") or "").upper()

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        names = [name for _title, group in cls.GROUPS for name in group]
        return {name: getattr(person, name) for name in names}


class IdentifierField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("PESEL or document number"))
        kwargs.setdefault(
            "help_text", _("The person must be registered first. For example 44051401359.")
        )
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-20"}))
        super().__init__(**kwargs)


class HouseholdMemberForm(GovukForm):
    identifier = IdentifierField()
    relation = forms.ChoiceField(
        label=_("Relation to this person"),
        choices=[("", _("Choose"))]
        + [c for c in HouseholdRelation.choices if c[0] != HouseholdRelation.HEAD],
    )


class RepresentativeForm(GovukForm):
    identifier = IdentifierField(label=_("Representative's PESEL or document number"))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=RepresentativeKind.choices, widget=forms.RadioSelect
    )
    basis = forms.CharField(
        label=_("Basis"),
        required=False,
        max_length=200,
        help_text=_("For example a court decision number, or how the care is provided."),
    )
    valid_from = GovukDateField(
        label=_("From"), required=False, help_text=_("Leave empty for today.")
    )


class RepresentativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.representative.full_name} ({obj.get_kind_display()})"


class ConsentForm(GovukForm):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=ConsentPurpose.choices, widget=forms.RadioSelect
    )
    given_on = GovukDateField(
        label=_("Given on"), required=False, help_text=_("Leave empty for today.")
    )
    representative = RepresentativeChoiceField(
        label=_("Given by a representative"),
        queryset=Representative.objects.none(),
        required=False,
        empty_label=_("the person themself"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["representative"])
        field.queryset = Representative.objects.filter(
            person=person, valid_to__isnull=True
        ).select_related("representative")


class DisabilityCertificateForm(GovukForm):
    level = forms.ChoiceField(
        label=_("Level"), choices=DisabilityLevel.choices, widget=forms.RadioSelect
    )
    symbol = forms.CharField(
        label=_("Cause symbol"), required=False, max_length=20, help_text=_("For example 05-R.")
    )
    issued_on = GovukDateField(label=_("Issued on"))
    valid_until = GovukDateField(
        label=_("Valid until"), required=False, help_text=_("Leave empty if permanent.")
    )
    issuer = forms.CharField(label=_("Issued by"), required=False, max_length=200)


class HealthNoteForm(GovukForm):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))


class SearchForm(GovukForm):
    q = forms.CharField(
        label=_("Surname, first name, PESEL, phone or street"),
        required=False,
        max_length=100,
        help_text=_("For example: kowalski jan, 44051401359, 533848489, Ostrowiecka 12."),
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
