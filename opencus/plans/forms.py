"""Forms of the plan pages: they parse and check the input's shape; the services decide (the
law's rules, the plan's state, who may do what) and their refusals are shown on the form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Period, ProgrammeService, Unit
from opencus.core.forms import GovukDateField, GovukForm
from opencus.core.roles import Role
from opencus.intake.selectors import services_open_for_applications
from opencus.plans import selectors
from opencus.plans.models import ParticipantKind, PlannedService, PlanState
from opencus.providers.models import ContractStatus, Provider

User = get_user_model()

#: How long a free text may be on these forms (a page of text).
LONG_TEXT = 4000


def _text(label: Any, *, required: bool = True, help_text: Any = "", rows: int = 4) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def staff_members() -> QuerySet[Any]:
    """Active users with a role of the centre's own staff (not a provider's staff only)."""
    roles = [role.value for role in Role if role != Role.PROVIDER_STAFF]
    return (
        User.objects.filter(is_active=True, groups__name__in=roles)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else str(obj.username)


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.programme.name})"


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PlanFilterForm(GovukForm):
    """The filters of the list of plans (a GET form)."""

    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *PlanState.choices],
    )
    mine = forms.BooleanField(label=_("Only the plans I coordinate"), required=False)
    late = forms.BooleanField(label=_("Only the plans submitted after the 30 days"), required=False)


class VersionForm(GovukForm):
    """The header of a draft version: its period, the person's situation and consent, and for
    a change of an active plan what changes and why."""

    starts_on = GovukDateField(
        label=_("The plan runs from"),
        required=False,
        help_text=_("A plan runs at least 3 months and at most a year."),
    )
    ends_on = GovukDateField(label=_("The plan runs until"), required=False)
    situation = _text(
        _("The person's situation"),
        required=False,
        help_text=_("A short description of the situation and needs the plan answers."),
        rows=6,
    )
    consent_given_on = GovukDateField(
        label=_("The person agreed to the plan on"),
        required=False,
        help_text=_("Leave empty until the person has agreed."),
    )
    consent_note = forms.CharField(
        label=_("How the consent was given"),
        required=False,
        max_length=200,
        help_text=_("For example: in person at the centre, after reading the plan together."),
    )
    change_reason = _text(
        _("What changes and why"),
        required=False,
        help_text=_("For a change of an active plan: what is different and why."),
    )

    def __init__(self, *args: Any, is_change: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_change:
            del self.fields["change_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end of the plan cannot come before its start."))
        return data


class GoalForm(GovukForm):
    description = _text(
        _("What should change"),
        help_text=_("In the person's words where possible, for example: goes shopping alone."),
    )
    measure = _text(
        _("How we will know"),
        help_text=_("What will show that the goal is reached, for example: twice a week."),
    )
    target_on = GovukDateField(label=_("By when"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = _("Write what should change.")
        self.fields["measure"].error_messages["required"] = _("Write how we will know.")


class PlannedServiceForm(GovukForm):
    service = ServiceChoiceField(
        label=_("Service"),
        queryset=ProgrammeService.objects.none(),
        empty_label=_("Choose a service"),
        error_messages={"required": _("Choose the service.")},
    )
    provider = ProviderChoiceField(
        label=_("Provider"),
        queryset=Provider.objects.none(),
        required=False,
        empty_label=_("Not chosen yet"),
        help_text=_("Providers with a contract in force today or later."),
    )
    scope = _text(
        _("Scope"),
        help_text=_("What exactly is done for the person."),
        rows=3,
    )
    units = forms.DecimalField(
        label=_("How many"),
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        error_messages={"required": _("Enter how many units.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    period = forms.ChoiceField(label=_("Per"), choices=Period.choices)
    starts_on = GovukDateField(label=_("From"))
    ends_on = GovukDateField(label=_("Until"))

    def __init__(self, *args: Any, instance: PlannedService | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        services = services_open_for_applications()
        if instance is not None:
            # A service no longer taking applications stays choosable on its own row.
            services = (
                ProgrammeService.objects.filter(
                    Q(pk__in=services.values("pk")) | Q(pk=instance.service_id)
                )
                .select_related("programme")
                .order_by("programme__name", "name")
            )
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services
        providers = Provider.objects.active().filter(
            contracts__status=ContractStatus.ACTIVE, contracts__valid_to__gte=today
        )
        if instance is not None and instance.provider_id:
            providers = providers | Provider.objects.filter(pk=instance.provider_id)
        cast(forms.ModelChoiceField, self.fields["provider"]).queryset = Provider.objects.filter(
            pk__in=providers.values("pk")
        ).order_by("name", "id")
        self.fields["scope"].error_messages["required"] = _("Write what is done for the person.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end of the service cannot come before its start."))
        return data


class CommitmentForm(GovukForm):
    text = _text(
        _("The person undertakes to"),
        help_text=_("For example: to come to the day centre on Mondays and Thursdays."),
        rows=3,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Write what the person undertakes.")


class ParticipantForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("Who is it?"), choices=ParticipantKind.choices, widget=forms.RadioSelect
    )
    user = StaffChoiceField(
        label=_("Staff member"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose a staff member"),
        help_text=_("Only for the responsible staff of the centre."),
    )
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Of the family member, the institution or the person: not for the staff."),
    )
    role = forms.CharField(
        label=_("Role in the plan"),
        max_length=200,
        error_messages={"required": _("Write the role in the plan.")},
        help_text=_("For example: keeps in touch with the family doctor."),
    )
    contact = forms.CharField(
        label=_("Contact"),
        required=False,
        max_length=200,
        help_text=_("A phone number or an e-mail address."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = staff_members()
        self.fields["kind"].error_messages["required"] = _("Choose who it is.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == ParticipantKind.STAFF:
            if not data.get("user"):
                self.add_error("user", _("Choose the staff member."))
            data["name"] = ""
        elif kind:
            if not data.get("name", "").strip():
                self.add_error("name", _("Write the name."))
            data["user"] = None
        return data


class ReviewDateForm(GovukForm):
    due_on = GovukDateField(
        label=_("Review on"), error_messages={"required": _("Enter the date of the review.")}
    )


class SubmitForm(GovukForm):
    """Submitting for approval; a plan submitted after the 30 days needs the reason for the
    delay (the deadline binds the centre: it is recorded and counted, never blocks the plan)."""

    delay_reason = _text(
        _("Why is the plan late?"),
        help_text=_(
            "The plan is submitted after the 30 days from the application. The reason is "
            "recorded and the plan is counted as late in the reports."
        ),
        rows=3,
    )

    def __init__(self, *args: Any, late: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if late:
            self.fields["delay_reason"].error_messages["required"] = _(
                "Write why the plan is submitted after the 30 days."
            )
        else:
            del self.fields["delay_reason"]


class SignForm(GovukForm):
    signed_on = GovukDateField(
        label=_("The person signed the plan on"),
        error_messages={"required": _("Enter the date of the signature.")},
        help_text=_("The date written beside the signature on the paper copy."),
    )


class ReassignForm(GovukForm):
    coordinator = StaffChoiceField(
        label=_("New coordinator"),
        queryset=User.objects.none(),
        empty_label=_("Choose the coordinator"),
        error_messages={"required": _("Choose the new coordinator.")},
    )
    reason = _text(
        _("Why is the plan handed over?"),
        help_text=_("For example: the coordinator is on long leave."),
        rows=3,
    )

    def __init__(self, *args: Any, current: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["coordinator"]
        ).queryset = selectors.coordinators().exclude(pk=current.pk)
        self.fields["reason"].error_messages["required"] = _("Write why the plan is handed over.")
