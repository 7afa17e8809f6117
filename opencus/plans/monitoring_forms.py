"""Forms of the monitoring pages: a review (with progress on each goal of the version in
force), the closing summary, the two versions to compare, and the director's approval
authorisations. They check the shape of the input; the rules are the services'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from opencus.core.formatting import day_text
from opencus.core.forms import GovukDateField, GovukForm
from opencus.plans import selectors
from opencus.plans.models import GoalProgressLevel, PlanGoal, PlanReviewDate, PlanVersion

LONG_TEXT = 10_000


def _long_text(
    label: Any, *, required: bool = True, help_text: Any = "", rows: int = 5, **kw: Any
) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kw,
    )


class ReviewDateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return day_text(obj.due_on)


class ReviewForm(GovukForm):
    """A review of an active plan: when, which planned date it answers, the notes, progress on
    each goal of the version in force (a level and a comment), and the changes proposed."""

    held_on = GovukDateField(
        label=_("Held on"), error_messages={"required": _("Enter the date of the review.")}
    )
    review_date = ReviewDateChoiceField(
        label=_("Which planned review is this?"),
        queryset=PlanReviewDate.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=_("None of them: an extra review"),
        help_text=_("The planned dates no review has answered yet."),
    )
    notes = _long_text(
        _("Notes"),
        help_text=_(
            "What was talked about with the person and what has happened since the plan "
            "started or since the last review."
        ),
        error_messages={"required": _("Write the notes of the review.")},
    )

    def __init__(
        self,
        *args: Any,
        goals: Iterable[PlanGoal] = (),
        review_dates: Iterable[PlanReviewDate] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        dates = list(review_dates)
        field = cast(ReviewDateChoiceField, self.fields["review_date"])
        field.queryset = PlanReviewDate.objects.filter(pk__in=[date.pk for date in dates]).order_by(
            "due_on", "id"
        )
        if dates and "review_date" not in self.initial:
            self.initial["review_date"] = dates[0].pk
        for number, goal in enumerate(self.goals, start=1):
            self.fields[self.level_name(goal)] = forms.ChoiceField(
                label=_("Progress on goal %(number)s") % {"number": number},
                choices=GoalProgressLevel.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how far the goal has come.")},
            )
            self.fields[self.note_name(goal)] = _long_text(
                _("Comment on goal %(number)s") % {"number": number}, required=False, rows=3
            )
        # The proposed changes come after the goals.
        self.fields["proposed_changes"] = _long_text(
            _("Changes proposed"),
            required=False,
            help_text=_(
                "If the plan should change: what and why. A change is written as a new "
                "version of the plan, approved again."
            ),
        )

    @staticmethod
    def level_name(goal: PlanGoal) -> str:
        return f"goal_{goal.pk}_level"

    @staticmethod
    def note_name(goal: PlanGoal) -> str:
        return f"goal_{goal.pk}_note"

    def goal_fields(self) -> list[tuple[int, PlanGoal, forms.BoundField, forms.BoundField]]:
        """Per goal: its number, the goal, and its level and comment fields (for the page)."""
        return [
            (number, goal, self[self.level_name(goal)], self[self.note_name(goal)])
            for number, goal in enumerate(self.goals, start=1)
        ]

    def progress(self) -> list[tuple[PlanGoal, str, str]]:
        """The progress on each goal, as the service takes it."""
        data = self.cleaned_data
        return [
            (goal, data[self.level_name(goal)], data[self.note_name(goal)]) for goal in self.goals
        ]


class CompleteForm(GovukForm):
    """The end of a plan: the date of the summary interview and the written course and
    results."""

    summary_interview_on = GovukDateField(
        label=_("Summary interview held on"),
        help_text=_("The conversation with the person about how the plan went."),
        error_messages={"required": _("Enter the date of the summary interview.")},
    )
    summary = _long_text(
        _("Course and results of the plan"),
        help_text=_(
            "In plain words the person will read: what was done, what changed, which "
            "goals were reached and which were not, and what happens next."
        ),
        rows=10,
        error_messages={"required": _("Write the course and results of the plan.")},
    )


class CompareForm(GovukForm):
    """Which two versions to show side by side (a GET form)."""

    left = forms.TypedChoiceField(
        label=_("Earlier version"), coerce=int, error_messages={"required": _("Choose a version.")}
    )
    right = forms.TypedChoiceField(
        label=_("Later version"), coerce=int, error_messages={"required": _("Choose a version.")}
    )
    changes_only = forms.BooleanField(label=_("Show only what changed"), required=False)

    def __init__(self, *args: Any, versions: Iterable[PlanVersion] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (
                version.number,
                _("Version %(number)s (%(state)s)")
                % {"number": version.number, "state": version.get_state_display()},
            )
            for version in versions
        ]
        for name in ("left", "right"):
            cast(forms.TypedChoiceField, self.fields[name]).choices = choices
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose one of the plan's versions."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("left") is not None and data.get("left") == data.get("right"):
            self.add_error("right", _("Choose two different versions."))
        return data


class OrganiserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else str(obj.username)


class AuthorisationForm(GovukForm):
    """The director authorises a social services organiser to approve plans, for a period,
    under a document (an order number)."""

    user = OrganiserChoiceField(
        label=_("Organiser"),
        queryset=selectors.organisers().none(),
        empty_label=_("Choose the organiser"),
        error_messages={"required": _("Choose the organiser.")},
    )
    valid_from = GovukDateField(
        label=_("Valid from"), error_messages={"required": _("Enter the first day.")}
    )
    valid_until = GovukDateField(
        label=_("Valid until"),
        help_text=_("The last day the organiser may approve plans."),
        error_messages={"required": _("Enter the last day.")},
    )
    document = forms.CharField(
        label=_("Document"),
        help_text=_("E.g. the director's order no. 12/2027."),
        max_length=120,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OrganiserChoiceField, self.fields["user"]).queryset = selectors.organisers()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("valid_from")
        end: dt.date | None = data.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until",
                _("The last day must be on or after the first day (%(day)s).")
                % {"day": day_text(start)},
            )
        return data
