"""The organiser previews a letter's text for a sample person before saving it, and reads the
template's errors in Polish; the ``gendered`` filter picks the word form for the person's sex."""

from __future__ import annotations

import html

import pytest
from django.template import Context

from opencus.core.letter_engine import engine, letter_template_check
from opencus.core.models import AuditEvent, LetterTemplate
from opencus.core.roles import Role
from opencus.intake.models import LetterKind

pytestmark = pytest.mark.django_db

BODY = (
    "<p>{{ salutation }},</p><p>{{ person.full_name }} "
    '{{ person.sex|gendered:"została zakwalifikowana,został zakwalifikowany" }} '
    "do usługi {{ service }}.</p>"
)


def page_url(template: LetterTemplate) -> str:
    return f"/pracownicy/pisma/{template.pk}/"


def preview(client, template: LetterTemplate, body: str, sex: str = "F"):
    return client.post(
        page_url(template),
        {"subject": "Informacja", "body": body, "sample_sex": sex, "action": "preview"},
    )


@pytest.mark.parametrize(
    ("sex", "expected", "unexpected"),
    [
        ("F", "Szanowna Pani,", "Szanowny Panie"),
        ("M", "Szanowny Panie,", "Szanowna Pani"),
    ],
)
def test_the_preview_fills_the_typed_text_for_a_sample_person_and_saves_nothing(
    english_as, sex, expected, unexpected
):
    client = english_as(Role.SERVICE_ORGANISER)
    template = LetterTemplate.objects.get(kind=LetterKind.QUALIFICATION_NOTICE, language="pl")
    before = (template.subject, template.body, template.updated_at)
    response = preview(client, template, BODY, sex)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview for a sample person" in page
    assert "<iframe" in page and "sandbox" in page
    document = html.unescape(page.split('srcdoc="', 1)[1].split('"', 1)[0])
    assert expected in document
    assert unexpected not in document
    word = "została zakwalifikowana" if sex == "F" else "został zakwalifikowany"
    assert word in document
    assert "Sample service" not in document  # the sample is in the letter's language
    assert "Przykładowa usługa" in document
    template.refresh_from_db()
    assert (template.subject, template.body, template.updated_at) == before
    assert not AuditEvent.objects.filter(object_id=str(template.pk)).exists()


def test_the_page_offers_the_preview_button(english_as):
    client = english_as(Role.SERVICE_ORGANISER)
    template = LetterTemplate.objects.get(kind=LetterKind.REFUSAL_NOTICE, language="pl")
    page = client.get(page_url(template)).content.decode()
    assert 'name="action" value="preview"' in page
    assert "{{ salutation }}" in page  # listed among the placeholders
    assert "appeal.deadline" in page


def test_template_errors_are_shown_in_polish(client_as):
    client = client_as(Role.SERVICE_ORGANISER)
    template = LetterTemplate.objects.get(kind=LetterKind.QUALIFICATION_NOTICE, language="pl")
    response = preview(client, template, "<p>{% if service %}{{ service }}</p>")
    assert response.status_code == 400
    page = response.content.decode()
    assert "wiersz 1: znacznik „if” nie jest zamknięty" in page
    assert "Unclosed tag" not in page
    response = client.post(
        page_url(template), {"subject": "Informacja", "body": "<p>{{ service|nieznany }}</p>"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "filtra „nieznany”" in page
    assert "Invalid filter" not in page


def test_every_default_template_compiles_in_every_language():
    for template in LetterTemplate.objects.all():
        letter_template_check(template.subject)
        letter_template_check(template.body)
    languages = set(LetterTemplate.objects.values_list("language", flat=True))
    assert languages == {"pl", "uk", "en"}


@pytest.mark.parametrize(
    ("sex", "expected"),
    [("F", "została"), ("M", "został"), ("", "została / został"), (None, "została / został")],
)
def test_the_gendered_filter_picks_the_form_for_the_sex(sex, expected):
    text = engine.from_string('{{ sex|gendered:"została,został" }}')
    assert text.render(Context({"sex": sex})) == expected
