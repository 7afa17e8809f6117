"""Letters as tagged PDF from templates the organiser edits: the restricted engine, the PDF
(tagged, fonts embedded, Polish letters intact) and the staff pages that edit the wording."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from opencus.core.letter_engine import letter_template_check
from opencus.core.letters import LetterError, render_letter_html, render_letter_pdf
from opencus.core.models import AuditAction, AuditEvent, LetterTemplate
from opencus.core.roles import Role
from opencus.intake.models import LetterKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in English; the site is Polish by default."""
    with translation.override("en"):
        yield


POLISH = "Zażółć gęślą jaźń"


def pdf_text(pdf: bytes, tmp_path: Any) -> str:
    target = tmp_path / "letter.pdf"
    target.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["pdftotext", "-enc", "UTF-8", str(target), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def poppler(tool: str, pdf: bytes, tmp_path: Any) -> str:
    target = tmp_path / "check.pdf"
    target.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [tool, str(target)], check=True, capture_output=True, text=True
    ).stdout


def context(**extra: Any) -> dict[str, Any]:
    return {
        "person": {
            "full_name": "Łucja Żółkiewska",
            "first_name": "Łucja",
            "last_name": "Żółkiewska",
            "street_line": "Radomska 12",
            "place_line": "27-200 Starachowice",
        },
        "application": {
            "reference": "W/2026/000123",
            "filed_at": dt.datetime(2026, 3, 2, 9, 15, tzinfo=ZoneInfo("Europe/Warsaw")),
            "channel": "osobiście",
        },
        "items": [{"service": POLISH, "state": "złożony"}],
        **extra,
    }


def test_letter_is_a_tagged_pdf_with_embedded_fonts_and_polish_text(tmp_path):
    pdf = render_letter_pdf(kind=LetterKind.FILING_CONFIRMATION, context=context())
    text = pdf_text(pdf, tmp_path)
    assert "W/2026/000123" in text
    assert "Łucja Żółkiewska" in text
    assert POLISH in text
    assert "02.03.2026" in text
    assert "Potwierdzenie złożenia wniosku" in text

    info = poppler("pdfinfo", pdf, tmp_path)
    assert "Tagged:          yes" in info
    assert "Title:           Potwierdzenie złożenia wniosku nr W/2026/000123" in info
    fonts = poppler("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert fonts, "the PDF names no fonts"
    for line in fonts:
        # name type encoding emb sub uni object ID: "emb" is the 4th column from the right.
        assert line.split()[-5] == "yes", f"font not embedded: {line}"
    # The family of our @font-face (DejaVu Sans from its file), not a system fallback.
    assert any("Letter-Sans" in line for line in fonts)


def test_values_are_escaped_and_the_html_has_language_and_title():
    html = render_letter_html(
        kind=LetterKind.FILING_CONFIRMATION,
        context=context(person={"full_name": "<b>Jan</b>", "street_line": "", "place_line": ""}),
    )
    assert "<b>Jan</b>" not in html
    assert "&lt;b&gt;Jan&lt;/b&gt;" in html
    assert '<html lang="pl">' in html
    assert "<title>Potwierdzenie złożenia wniosku nr W/2026/000123</title>" in html


@pytest.mark.parametrize(
    "text",
    [
        "{% if %}",
        "{{ person.full_name ",
        "{{ person.full_name|nosuchfilter }}",
        "{% for item in items %}{{ item.service }}",
        "{% load static %}{% static 'x' %}",
        "{% include 'base.html' %}",
        "{% debug %}",
        "{{ reason|safe }}",
        "{% autoescape off %}{{ reason }}{% endautoescape %}",
        "{% url 'core:login' %}",
    ],
)
def test_restricted_engine_refuses_syntax_errors_and_unsafe_tags(text):
    with pytest.raises(ValidationError) as error:
        letter_template_check(text)
    assert "cannot be used as a letter template" in str(error.value)


def test_a_template_failing_while_filled_in_is_a_letter_error_not_a_crash():
    template = LetterTemplate.objects.get(kind=LetterKind.FILING_CONFIRMATION, language="pl")
    template.body = "{% for x in position %}{{ x }}{% endfor %}"
    template.save()
    with pytest.raises(LetterError, match="could not be filled in"):
        render_letter_html(kind=LetterKind.FILING_CONFIRMATION, context=context(position=3))


def test_the_context_must_be_plain_data(make_staff):
    with pytest.raises(TypeError, match="plain data"):
        render_letter_html(kind=LetterKind.FILING_CONFIRMATION, context={"user": make_staff()})


def test_missing_template_is_a_letter_error():
    LetterTemplate.objects.filter(kind=LetterKind.REFUSAL_NOTICE).delete()
    with pytest.raises(LetterError, match="no template"):
        render_letter_html(kind=LetterKind.REFUSAL_NOTICE, context=context())


def test_missing_language_falls_back_to_polish():
    LetterTemplate.objects.filter(language="uk").delete()
    html = render_letter_html(kind=LetterKind.FILING_CONFIRMATION, context=context(), language="uk")
    assert '<html lang="pl">' in html


def test_model_validation_refuses_a_broken_template():
    template = LetterTemplate.objects.get(kind=LetterKind.REFUSAL_NOTICE, language="pl")
    template.body = "<p>{% if reason %}</p>"
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "body" in error.value.message_dict


def test_admin_form_refuses_a_broken_template_and_the_admin_is_audited(make_staff):
    from opencus.core.admin_letters import LetterTemplateAdmin

    template = LetterTemplate.objects.get(kind=LetterKind.REFUSAL_NOTICE, language="pl")
    model_admin = LetterTemplateAdmin(LetterTemplate, admin.site)
    request = RequestFactory().post("/")
    director = make_staff(Role.DIRECTOR, is_staff=True, is_superuser=True)
    request.user = director
    form_class = model_admin.get_form(request, template)
    data = {"kind": template.kind, "language": "pl", "subject": "Odmowa", "body": "{% for %}"}
    bad = form_class(data, instance=template)
    assert not bad.is_valid()
    assert "body" in bad.errors
    good = form_class({**data, "body": "<p>{{ reason }}</p>"}, instance=template)
    assert good.is_valid(), good.errors
    model_admin.save_model(request, good.save(commit=False), good, change=True)
    template.refresh_from_db()
    assert template.body == "<p>{{ reason }}</p>"
    assert template.updated_by == director
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(template.pk), actor=director
    ).exists()


# --- The staff pages ---------------------------------------------------------------------


def test_organiser_lists_and_edits_a_template_and_the_next_letter_uses_it(english_as, tmp_path):
    client = english_as(Role.SERVICE_ORGANISER)
    template = LetterTemplate.objects.get(kind=LetterKind.FILING_CONFIRMATION, language="pl")
    listing = client.get("/pracownicy/pisma/")
    assert listing.status_code == 200
    assert f"/pracownicy/pisma/{template.pk}/" in listing.content.decode()
    assert client.get(f"/pracownicy/pisma/{template.pk}/").status_code == 200

    response = client.post(
        f"/pracownicy/pisma/{template.pk}/",
        {
            "subject": "Wniosek {{ application.reference }} przyjęty",
            "body": "<p>Dziękujemy, {{ person.first_name }}. Śląsk i Łódź.</p>",
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.subject == "Wniosek {{ application.reference }} przyjęty"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(template.pk))
    assert set(event.changes) == {"subject", "body"}

    text = pdf_text(
        render_letter_pdf(kind=LetterKind.FILING_CONFIRMATION, context=context()), tmp_path
    )
    assert "Wniosek W/2026/000123 przyjęty" in text
    assert "Dziękujemy, Łucja. Śląsk i Łódź." in text


def test_a_template_with_a_syntax_error_is_refused_on_save_and_changes_nothing(english_as):
    client = english_as(Role.DIRECTOR)
    template = LetterTemplate.objects.get(kind=LetterKind.WAITING_LIST_NOTICE, language="pl")
    before = (template.subject, template.body, template.updated_at)
    response = client.post(
        f"/pracownicy/pisma/{template.pk}/",
        {"subject": "Lista", "body": "<p>Pozycja {{ position }</p>{% endif %}"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert 'href="#id_body"' in page
    template.refresh_from_db()
    assert (template.subject, template.body, template.updated_at) == before
    assert not AuditEvent.objects.filter(object_id=str(template.pk)).exists()


def test_template_pages_refuse_other_roles_and_anonymous(client, english_as):
    template = LetterTemplate.objects.first()
    assert template is not None
    for url in ("/pracownicy/pisma/", f"/pracownicy/pisma/{template.pk}/"):
        assert english_as(Role.CLIENT_OFFICE).get(url).status_code == 403
        assert english_as().get(url).status_code == 403
        response = client.get(url)
        assert response.status_code == 302
        assert "/logowanie/" in response["Location"]
    assert english_as(Role.SERVICE_ORGANISER).get("/pracownicy/pisma/999999/").status_code == 404
