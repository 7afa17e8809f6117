"""Staff pages where the service organiser edits the wording of the letters to residents."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencus.core.access import capability_required
from opencus.core.capabilities import LETTERS_MANAGE
from opencus.core.forms import GovukForm, form_add_domain_error
from opencus.core.letter_engine import letter_template_check
from opencus.core.letters import LetterError, letter_fill, letter_template_update
from opencus.core.models import LetterTemplate
from opencus.core.registry import letter_kind_placeholders, letter_kind_sample

#: The sample person a preview is written to.
SAMPLE_SEXES = (("F", gettext_lazy("a woman")), ("M", gettext_lazy("a man")))


class LetterTemplateForm(GovukForm):
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter the subject of the letter.")},
    )
    body = forms.CharField(
        label=gettext_lazy("Text of the letter"),
        help_text=gettext_lazy(
            "HTML paragraphs (<p>…</p>, <ul><li>…</li></ul>, <strong>…</strong>) with the "
            "placeholders listed on this page."
        ),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        error_messages={"required": gettext_lazy("Enter the text of the letter.")},
    )
    sample_sex = forms.ChoiceField(
        label=gettext_lazy("Preview the letter to"),
        choices=SAMPLE_SEXES,
        initial="F",
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        help_text=gettext_lazy("A sample person; the preview does not save the text."),
    )

    def clean_subject(self) -> str:
        return self._checked("subject")

    def clean_body(self) -> str:
        return self._checked("body")

    def _checked(self, name: str) -> str:
        text: str = self.cleaned_data[name]
        letter_template_check(text)
        return text


@capability_required(LETTERS_MANAGE)
def template_list(request: HttpRequest) -> HttpResponse:
    templates = LetterTemplate.objects.select_related("updated_by").order_by("kind", "language")
    page = Paginator(templates, 25).get_page(request.GET.get("page"))
    return render(request, "letters/template_list.html", {"page_obj": page, "query_prefix": ""})


@capability_required(LETTERS_MANAGE)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(LetterTemplate, pk=pk)
    form = LetterTemplateForm(
        request.POST or None, initial={"subject": template.subject, "body": template.body}
    )
    preview: dict[str, str] | None = None
    if request.method == "POST" and request.POST.get("action") == "preview":
        if form.is_valid():
            preview = _preview(form, template)
    elif request.method == "POST" and form.is_valid():
        try:
            letter_template_update(
                template=template,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The letter template has been saved."))
            return redirect("letters:template_list")
    return render(
        request,
        "letters/template_form.html",
        {
            "form": form,
            "template": template,
            "placeholders": letter_kind_placeholders(template.kind),
            "preview": preview,
        },
        status=400 if form.errors else 200,
    )


def _preview(form: LetterTemplateForm, template: LetterTemplate) -> dict[str, str] | None:
    """The typed text filled in for a sample person (nothing is saved); a text that cannot be
    filled in is a form error."""
    draft = LetterTemplate(
        kind=template.kind,
        language=template.language,
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
    )
    sex = form.cleaned_data.get("sample_sex") or "F"
    with translation.override(template.language):  # the sample in the letter's language
        sample = letter_kind_sample(template.kind, sex)
    try:
        _values, subject, body = letter_fill(template=draft, context=sample)
    except LetterError as error:
        form_add_domain_error(form, error)
        return None
    document = render_to_string(
        "letters/preview_document.html",
        {"language": template.language, "subject": mark_safe(subject), "body": mark_safe(body)},  # noqa: S308
    )
    return {"subject": subject, "document": document}
