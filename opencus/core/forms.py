"""Form rendering in the GOV.UK Frontend pattern, with every string translatable.

Forms render through ``FORM_RENDERER`` templates in ``templates/forms/``: an error summary that
links to each field, a label, a hint tied with ``aria-describedby``, the error message with a
hidden "Error:" prefix, and the GOV.UK classes on each input. Use ``GovukForm`` /
``GovukModelForm`` as base classes; never hand-write inputs in page templates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


#: The days a form or an address takes (first, last): far enough either way for any real
#: record, and inside what the databases and the date formatting handle.
FORM_DAYS = (dt.date(2000, 1, 1), dt.date(2199, 12, 31))


def day_in_range(day: dt.date) -> None:
    """A validator: a day outside ``FORM_DAYS`` is refused with the range in words."""
    if not FORM_DAYS[0] <= day <= FORM_DAYS[1]:
        first, last = (bound.strftime("%d.%m.%Y") for bound in FORM_DAYS)
        raise forms.ValidationError(
            _("Enter a day between %(first)s and %(last)s.") % {"first": first, "last": last},
            code="out_of_range",
        )


def day_field(label: Any, required: bool = True) -> forms.DateField:
    """A day typed as the browser's date input sends it (or as 31.12.2026), in ``FORM_DAYS``."""
    return forms.DateField(
        validators=[day_in_range],
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"required": _("Enter the day."), "invalid": _("Enter a real day.")},
    )


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, GovukDateWidget):
        return "date"
    # CheckboxSelectMultiple subclasses RadioSelect in Django: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


_CLASSES = {
    "input": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "radios": "govuk-radios__input",
    "checkboxes": "govuk-checkboxes__input",
    "checkbox": "govuk-checkboxes__input",
}


class GovukBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> Any:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        kind = widget_kind(widget)
        css = _CLASSES.get(kind)
        if css:
            extra = widget.attrs.get("class", "")
            error_css = (
                f" {css.split('__')[0]}--error"
                if self.errors and kind in {"input", "select", "textarea"}
                else ""
            )
            attrs["class"] = f"{css}{error_css} {extra}".strip()
        described = []
        if self.help_text and kind not in {"radios", "checkboxes", "date"}:
            described.append(f"{self.auto_id}-hint")
        if self.errors and kind not in {"radios", "checkboxes", "date"}:
            described.append(f"{self.auto_id}-error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
        else:
            attrs.pop("aria-describedby", None)
        return attrs

    @property
    def kind(self) -> str:
        return widget_kind(self.field.widget)

    @property
    def error_anchor(self) -> str:
        """The id the error summary links to: the first input of the field."""
        # A date's three boxes get ids by position (``MultiWidget``): the day box is ``_0``.
        if self.kind in {"date", "radios", "checkboxes"}:
            return f"{self.auto_id}_0"
        return str(self.auto_id)


class GovukFormMixin:
    bound_field_class: type[forms.BoundField] | None = GovukBoundField
    template_name_div = "forms/form.html"
    #: Shown above the error summary's list.
    error_summary_title = _("There is a problem")


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class GovukDateWidget(forms.MultiWidget):
    """Three text boxes (day, month, year), the GOV.UK date input."""

    template_name = "forms/widgets/date.html"
    part_labels = (_("Day"), _("Month"), _("Year"))

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "2"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "2"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "4"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        classes = ("govuk-input--width-2", "govuk-input--width-2", "govuk-input--width-4")
        for sub, label, width in zip(
            context["widget"]["subwidgets"], self.part_labels, classes, strict=True
        ):
            sub["label"] = label
            sub["attrs"]["class"] = f"govuk-input govuk-date-input__input {width}"
            sub["attrs"].pop("aria-describedby", None)
        return context


class GovukDateField(forms.MultiValueField):
    """A date typed into three boxes; an impossible date (31.02) gets a clear message.

    The message's example fits the field: ``example=BIRTH`` for a date of birth (27 3 1950),
    otherwise today's date, which fits a start, an issue or an end date."""

    BIRTH = dt.date(1950, 3, 27)

    widget = GovukDateWidget
    default_error_messages = {
        "invalid": _("Enter a real date, for example %(example)s."),
        "incomplete": _("Enter the day, month and year."),
        "required": _("Enter a date."),
    }

    def __init__(self, *, example: dt.date | None = None, **kwargs: Any) -> None:
        self.example = example
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1800, max_value=2300),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, **kwargs)

    def _invalid(self) -> ValidationError:
        day = self.example or timezone.localdate()
        return ValidationError(
            self.error_messages["invalid"],
            code="invalid",
            params={"example": f"{day.day} {day.month} {day.year}"},
        )

    def clean(self, value: Any) -> Any:
        # Field-level messages about day/month/year are replaced by one message for the date.
        try:
            return super().clean(value)
        except ValidationError as error:
            codes = {e.code for e in error.error_list}
            if codes & {"required", "incomplete"}:
                raise
            raise self._invalid() from None

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list or all(v in (None, "") for v in data_list):
            return None
        if any(v in (None, "") for v in data_list):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        day, month, year = data_list
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise self._invalid() from None


def form_add_domain_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: under its field when the form has that
    field, otherwise at the top (the error summary links to it either way)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ReasonForm(GovukForm):
    """The written reason a step that cannot simply be undone asks for (archiving a person,
    withdrawing a request…); the service refuses an empty one too."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the reason.")},
    )

    def __init__(
        self,
        *args: Any,
        label: Any = None,
        help_text: Any = None,
        required: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        if label is not None:
            field.label = label
        if help_text is not None:
            field.help_text = help_text
        if required is not None:
            field.error_messages["required"] = required
