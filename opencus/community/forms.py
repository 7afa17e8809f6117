"""The forms of community organising. They check that each value is a value; the services
check the rules (headcounts, dates, versions)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Programme, ProgrammeService
from opencus.community.models import (
    LIKERT,
    SURVEY_QUESTIONS,
    CommunityKind,
    EntryKind,
    EventKind,
    Group,
    GroupKind,
    LeaderSource,
    ParticipantKind,
    Resource,
    ResourceKind,
    TeamFunction,
)
from opencus.community.selectors import INDICATORS
from opencus.core.forms import GovukForm, day_field
from opencus.core.roles import Role
from opencus.people.models import Person


def _text(label: Any, *, required: bool = False, length: int = 200, rows: int = 0) -> Any:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        max_length=length,
        widget=widget,
        error_messages={
            "required": _("Fill in this field."),
            "max_length": _("Keep it under %(limit_value)s characters."),
        },
    )


def _count(label: Any, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": _("Enter a number."),
            "invalid": _("Enter a whole number."),
            "min_value": _("Enter a number of 0 or more."),
            "max_value": _("Enter a number of at most %(limit_value)s."),
        },
    )


def _choice(label: Any, choices: Any, *, radio: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect if radio else forms.Select,
        error_messages={
            "required": _("Choose one."),
            "invalid_choice": _("Choose one of the options."),
        },
    )


class CommunityForm(GovukForm):
    name = _text(_("Name"), required=True)
    kind = _choice(_("Kind"), CommunityKind.choices, radio=True)
    description = _text(_("Description"), length=4000, rows=3)
    who_belongs = _text(_("Who belongs (categorical community)"), length=250)
    population = _count(_("Population"), required=False)
    population_note = _text(_("Source of the population"))


class StreetForm(GovukForm):
    name = _text(_("Street"), required=True, length=120)
    ulic = forms.CharField(
        label=_("TERYT street code (ULIC)"),
        help_text=_("Five digits, from the TERYT register."),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={"max_length": _("A TERYT street code (ULIC) has 5 digits.")},
    )
    buildings = _text(_("Buildings (leave empty for the whole street)"), length=250)


class ResourceForm(GovukForm):
    kind = _choice(_("Kind"), ResourceKind.choices, radio=True)
    name = _text(_("Name"), required=True)
    address = _text(_("Address"), length=250)
    contact = _text(_("Contact"))
    note = _text(_("Note"), length=2000, rows=2)
    is_partner = forms.BooleanField(label=_("A partner of the plan"), required=False)
    partner_since = day_field(_("Partner since"), required=False)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class TeamForm(GovukForm):
    user = StaffChoiceField(
        label=_("Team member"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Choose the team member."),
            "invalid_choice": _("Choose one of the team."),
        },
    )
    function = _choice(_("Function"), TeamFunction.choices, radio=True)
    starts_on = day_field(_("From"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = [Role.COMMUNITY_ORGANISER, Role.ANIMATOR, Role.SOCIAL_WORKER]
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = (
            User.objects.filter(is_active=True, groups__name__in=roles)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )


ACTION_LINE = re.compile(r"^\s*(\d{1,2})\s*[:.\-–]\s*(.+)$")


class PlanForm(GovukForm):
    diagnosis = _text(_("Summary of the diagnosis"), required=True, length=20000, rows=5)
    goals = _text(_("Goals"), required=True, length=10000, rows=4)
    actions = forms.CharField(
        label=_("Actions with their schedule"),
        help_text=_("One action a line, starting with the month's number: 3: Neighbours' picnic"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    partners = _text(_("Partners"), length=10000, rows=3)
    budget = forms.DecimalField(
        label=_("Budget (PLN)"),
        min_value=Decimal("0"),
        max_value=Decimal("9999999999.99"),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": _("Enter the budget (0 when there is none)."),
            "invalid": _("Enter an amount such as 12500.00."),
            "min_value": _("Enter a budget of 0 or more."),
            "max_value": _("Enter a smaller amount."),
            "max_decimal_places": _("Enter the amount to the grosz (two decimal places)."),
            "max_digits": _("Enter a smaller amount."),
        },
    )
    note = _text(_("What changed in this version"), length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in INDICATORS:
            self.fields[f"target_{key}"] = _count(
                _("Target: %(indicator)s") % {"indicator": label}, required=False
            )

    def clean_actions(self) -> list[dict[str, Any]]:
        rows = []
        for number, line in enumerate(self.cleaned_data.get("actions", "").splitlines(), 1):
            if not line.strip():
                continue
            match = ACTION_LINE.match(line)
            if not match or not 1 <= int(match.group(1)) <= 12:
                raise forms.ValidationError(
                    _("Line %(line)s: start with the month's number from 1 to 12 and a colon."),
                    code="action",
                    params={"line": number},
                )
            rows.append({"month": int(match.group(1)), "action": match.group(2).strip()[:500]})
        return rows

    def targets(self) -> dict[str, int]:
        return {
            key: self.cleaned_data[f"target_{key}"]
            for key, _label in INDICATORS
            if self.cleaned_data.get(f"target_{key}") is not None
        }

    @staticmethod
    def initial_of(version: Any) -> dict[str, Any]:
        if version is None:
            return {"budget": Decimal("0.00"), "version": 0}
        initial = {
            "diagnosis": version.diagnosis,
            "goals": version.goals,
            "actions": "\n".join(f"{a['month']}: {a['action']}" for a in version.actions),
            "partners": version.partners,
            "budget": version.budget,
            "version": version.number,
        }
        initial.update({f"target_{k}": v for k, v in version.targets.items()})
        return initial


class EventForm(GovukForm):
    """The phone-first form: kind, date (today), place, whether it was held, headcounts,
    notes. Named participants and the rest come afterwards."""

    kind = _choice(_("Kind"), EventKind.choices, radio=True)
    day = day_field(_("Date"))
    place = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Resource.objects.none(),
        required=False,
        empty_label=_("– another place –"),
        error_messages={"invalid_choice": _("Choose a place of this community.")},
    )
    place_text = _text(_("Or type the place"))
    held = forms.TypedChoiceField(
        label=_("Has it taken place?"),
        choices=[("1", _("Yes, record it as held")), ("0", _("No, it is planned"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether it has taken place.")},
    )
    participants = _count(_("Unique participants"), required=False)
    attendances = _count(_("Total attendances"), required=False)
    title = _text(_("Title (optional)"))
    group = forms.ModelChoiceField(
        label=_("Group meeting of (optional)"),
        queryset=Group.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a group of this community.")},
    )
    notes = _text(_("Notes"), length=10000, rows=3)
    decisions = _text(_("Decisions"), length=10000, rows=2)

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place = cast(forms.ModelChoiceField, self.fields["place"])
        group = cast(forms.ModelChoiceField, self.fields["group"])
        place.queryset = community.resources.filter(
            kind__in=[ResourceKind.PLACE, ResourceKind.INSTITUTION, ResourceKind.NGO]
        )
        group.queryset = community.groups.filter(ended_on__isnull=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("held"):
            for key in ("participants", "attendances"):
                if data.get(key) is None and key not in self.errors:
                    self.add_error(key, _("Enter the headcount of an event that took place."))
        return data


class RecordForm(GovukForm):
    participants = _count(_("Unique participants"))
    attendances = _count(_("Total attendances"))
    notes = _text(_("Notes"), length=10000, rows=3)
    decisions = _text(_("Decisions"), length=10000, rows=2)


class ParticipantForm(GovukForm):
    name = _text(_("Participant's name"))
    pesel = forms.CharField(
        label=_("Or the PESEL of a person in the register"),
        help_text=_("Needed for a person whose image consent is in the register."),
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
        error_messages={"max_length": _("A PESEL has 11 digits.")},
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pesel = (data.get("pesel") or "").strip()
        data["person"] = None
        if pesel:
            data["person"] = self.people.filter(pesel=pesel).first()
            if data["person"] is None:
                self.add_error("pesel", _("No person with this PESEL in the register you may see."))
        elif not (data.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", _("Enter the participant's name or their PESEL."))
        return data


class PhotoForm(GovukForm):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG or PNG photo of at most 5 MB."),
        error_messages={
            "required": _("Choose the photo."),
            "empty": _("The chosen file is empty."),
            "invalid": _("Choose a JPEG or PNG photo."),
        },
    )
    caption = _text(_("Caption"), required=True)
    people = forms.ModelMultipleChoiceField(
        label=_("People pictured who gave an image consent"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among the named participants.")},
    )
    consent_note = _text(
        _("Signed consent of the others pictured"),
        length=2000,
        rows=2,
    )

    def __init__(self, *args: Any, event: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["people"])
        field.queryset = Person.objects.filter(
            pk__in=event.named.filter(person__isnull=False).values("person")
        )
        self.fields["consent_note"].help_text = _(
            "E.g. consents signed on the list of participants, kept in the file."
        )


class LeaderForm(GovukForm):
    name = _text(_("Name"), required=True)
    found_how = _choice(_("How was the leader found?"), LeaderSource.choices, radio=True)
    found_on = day_field(_("Found on"))
    active_in = _text(_("Active in"), length=250)
    note = _text(_("Note"), length=2000, rows=2)


class GroupForm(GovukForm):
    name = _text(_("Name"), required=True)
    kind = _choice(_("Kind"), GroupKind.choices, radio=True)
    started_on = day_field(_("Started"))
    note = _text(_("Note"), length=2000, rows=2)


class GroupEndForm(GovukForm):
    ended_on = day_field(_("Ended on"))


class InitiativeForm(GovukForm):
    title = _text(_("Title"), required=True)
    started_on = day_field(_("Started"))
    initiators = _text(_("Initiators (residents)"), required=True, length=2000, rows=2)
    partners = _text(_("Partners"), length=2000, rows=2)
    resources = _text(_("Resources"), length=2000, rows=2)
    result = _text(_("Result"), length=4000, rows=2)


class ConsultationForm(GovukForm):
    title = _text(_("Title"), required=True, length=250)
    held_on = day_field(_("Date"))
    place = _text(_("Place"))
    programme = forms.ModelChoiceField(
        label=_("Programme consulted (optional)"),
        queryset=Programme.objects.order_by("-valid_from", "name"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the programmes.")},
    )
    topics = _text(_("Topics"), length=10000, rows=3)


class ConsultationParticipantForm(GovukForm):
    kind = _choice(_("Who"), ParticipantKind.choices)
    name = _text(_("Organisation or role"), required=True)
    count = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        max_value=10_000,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": _("Enter how many."),
            "invalid": _("Enter a whole number."),
            "min_value": _("Enter how many, from 1."),
            "max_value": _("Enter a number of at most %(limit_value)s."),
        },
    )


class EntryForm(GovukForm):
    kind = _choice(_("Kind"), EntryKind.choices, radio=True)
    text = _text(_("What was said"), required=True)
    by = _text(_("Voiced by (organisation or role)"))
    service = forms.ModelChoiceField(
        label=_("The programme's service it concerns"),
        help_text=_(
            "Choose it when the programme offers the service: the request is then kept as an "
            "opinion. Leave it empty for a service not offered: it enters the unmet-demand "
            "register."
        ),
        queryset=ProgrammeService.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the programme's services.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["service"])
        today = timezone.localdate()
        field.queryset = (
            ProgrammeService.objects.filter(
                Q(programme__valid_to__isnull=True) | Q(programme__valid_to__gte=today)
            )
            .select_related("programme")
            .order_by("name")
        )


class CouncilTermForm(GovukForm):
    starts_on = day_field(_("From"))
    ends_on = day_field(_("Until"))


class CouncilMemberForm(GovukForm):
    name = _text(_("Name"), required=True)
    represents = _text(_("Represents"))
    role = _text(_("Role in the council"), length=100)


class CouncilOpinionForm(GovukForm):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("-valid_from", "name"),
        error_messages={
            "required": _("Choose the programme the opinion concerns."),
            "invalid_choice": _("Choose one of the programmes."),
        },
    )
    given_on = day_field(_("Date"))
    reference = _text(_("Reference"), length=100)
    text = _text(_("Opinion"), required=True, length=20000, rows=5)


class SurveyForm(GovukForm):
    title = _text(_("Title"), required=True)
    held_on = day_field(_("Date"))


class ResponseForm(GovukForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(value), f"{value} – {label}") for value, label in LIKERT]
        for key, label in SURVEY_QUESTIONS:
            self.fields[key] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose an answer from 1 to 5.")},
            )

    def answers(self) -> dict[str, int | None]:
        return {key: self.cleaned_data.get(key) for key, _label in SURVEY_QUESTIONS}
