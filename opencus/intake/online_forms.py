"""Forms of the client office's check of online applications: whom to file it for, which
services, which consents the person confirmed; or why it is not accepted."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from opencus.core.formatting import day_text
from opencus.core.forms import GovukForm
from opencus.intake.models import OnlineApplication
from opencus.intake.online import Match
from opencus.people.models import ConsentPurpose


class ServiceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


#: The choice that registers a new person from the typed details.
NEW_PERSON = "new"


class OnlineAcceptForm(GovukForm):
    error_summary_title = _("There is a problem with accepting the application")

    person = forms.ChoiceField(
        label=_("Who is the applicant?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the person, or register a new one.")},
    )
    services = ServiceChoiceField(
        label=_("Services to file"),
        queryset=OnlineApplication.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service.")},
    )
    consents = forms.MultipleChoiceField(
        label=_("Consents the person confirmed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The resident ticked these online. Only the ones you tick are recorded in the "
            "person's name."
        ),
    )
    identity_checked = forms.BooleanField(
        label=_("I have checked the applicant's identity with the person or a document."),
        error_messages={
            "required": _("Check the applicant's identity before accepting the application.")
        },
    )

    def __init__(
        self, *args: Any, online: OnlineApplication, matches: list[Match], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.matches = {str(match.person.pk): match for match in matches}
        person_field = cast(forms.ChoiceField, self.fields["person"])
        person_field.choices = [
            (
                key,
                _("%(name)s, %(identifier)s, born %(date)s")
                % {
                    "name": match.person.full_name,
                    "identifier": match.person.identifier_display,
                    "date": day_text(match.person.birth_date),
                },
            )
            for key, match in self.matches.items()
            if match.person.archived_at is None
        ] + [(NEW_PERSON, _("A new person: register them from the details typed online"))]
        services = cast(forms.ModelMultipleChoiceField, self.fields["services"])
        services.queryset = online.services.order_by("id")
        self.fields["services"].initial = list(online.services.values_list("pk", flat=True))
        consents = cast(forms.MultipleChoiceField, self.fields["consents"])
        consents.choices = [(purpose, ConsentPurpose(purpose).label) for purpose in online.consents]
        self.fields["consents"].initial = list(online.consents)
        if not online.consents:
            del self.fields["consents"]

    def chosen_person(self) -> Any:
        """The matched ``Person``, or ``None`` for a new registration."""
        key = self.cleaned_data["person"]
        return None if key == NEW_PERSON else self.matches[key].person


class OnlineRejectForm(GovukForm):
    reason = forms.CharField(
        label=_("Why is the application not accepted?"),
        help_text=_(
            "For the office's records, e.g. the identity could not be confirmed, or the "
            "person already applied. The resident is told only to contact the office."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write why it is not accepted.")},
    )
