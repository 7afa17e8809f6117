"""The forms of courses and the register: they parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.activities.models import Course, CourseKind
from opencus.catalog.models import Location, ProgrammeService
from opencus.core.forms import GovukDateField, GovukForm
from opencus.core.roles import Role
from opencus.intake.models import Entitlement
from opencus.providers.models import Provider

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def time_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        help_text=help_text or _("Hours and minutes, for example 08:00."),
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "invalid": _("Enter a time as hours and minutes, for example 08:00."),
            "required": _("Enter a time."),
        },
    )


def count_field(
    label: Any, *, initial: int | None = None, help_text: Any = ""
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10000,
        initial=initial,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
    )


class CourseForm(GovukForm):
    """Set up a course or an open event: the service, where, who teaches, when, group size."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CourseKind.choices, widget=forms.RadioSelect)
    service = forms.ModelChoiceField(label=_("Service"), queryset=ProgrammeService.objects.none())
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none())
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Provider.objects.none(),
        required=False,
        help_text=_("Leave empty when the centre's own staff teach."),
    )
    instructor_user = forms.ModelChoiceField(
        label=_("Instructor from the centre's staff"),
        queryset=get_user_model().objects.none(),
        required=False,
    )
    instructor_name = forms.CharField(
        label=_("Instructor's name"),
        max_length=200,
        required=False,
        help_text=_("The provider's instructor, as the attendance list names them."),
    )
    term_starts_on = GovukDateField(label=_("Term from"))
    term_ends_on = GovukDateField(label=_("Term until"))
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one day of the week.")},
    )
    starts_at = time_field(_("Starts at"))
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=1, max_value=600, initial=45
    )
    min_participants = count_field(_("Smallest group"), initial=1)
    max_participants = count_field(_("Largest group"), initial=15)
    health_declaration_required = forms.BooleanField(
        label=_("A health declaration is needed before the first session"), required=False
    )
    cancel_days_before = forms.IntegerField(
        label=_("Participants cancel at the latest this many days before"),
        min_value=0,
        max_value=30,
        initial=1,
    )
    cancel_by = time_field(_("and by this time"), help_text=_("For example 18:00."))
    previous_course = forms.ModelChoiceField(
        label=_("Previous course"),
        queryset=Course.objects.none(),
        required=False,
        help_text=_("Its participants may re-enrol first, until the date below."),
    )
    priority_until = GovukDateField(
        label=_("Previous participants' priority until"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = ProgrammeService.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["location"].queryset = Location.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["provider"].queryset = Provider.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["instructor_user"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=[r.value for r in Role])
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["previous_course"].queryset = Course.objects.order_by("-term_starts_on")  # type: ignore[attr-defined]
        self.fields["kind"].initial = CourseKind.COURSE
        self.fields["cancel_by"].initial = dt.time(18, 0)


class EnrolForm(GovukForm):
    """Enrol a person: the choice is among the entitlements to the course's service in force."""

    entitlement = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Entitlement.objects.none(),
        help_text=_("People with an active entitlement to the course's service."),
        error_messages={"required": _("Choose the person to enrol.")},
    )

    def __init__(self, *args: Any, entitlements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entitlement"]
        field.queryset = entitlements  # type: ignore[attr-defined]
        field.label_from_instance = entitlement_label  # type: ignore[attr-defined]


def entitlement_label(entitlement: Entitlement) -> str:
    person = entitlement.person
    return f"{person.full_name} ({person.identifier_display})"


class DeclarationForm(GovukForm):
    signed_on = GovukDateField(label=_("Signed on"))


class MoveForm(GovukForm):
    day = GovukDateField(label=_("New day"))
    starts_at = time_field(_("New time"))
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def moment(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["starts_at"])
        )


class CancelSessionForm(GovukForm):
    note = forms.CharField(label=_("Reason"), max_length=300)


class HeadcountForm(GovukForm):
    headcount = count_field(_("How many came"))
