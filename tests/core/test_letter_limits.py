"""A letter template cannot make one letter take seconds or megabytes (issue 9, item 6): only
formatting tags and filters, limited nesting, and a budget of loop steps, output and time; a
template that breaks a limit is refused when saved, naming the problem in the user's language."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from opencus.core.letter_engine import (
    MAX_LOOP_STEPS,
    LetterLimitError,
    letter_render,
    letter_template_check,
)
from opencus.core.letters import LetterError, render_letter_html
from opencus.core.models import AuditEvent, LetterTemplate
from opencus.core.roles import Role
from opencus.intake.models import LetterKind

pytestmark = pytest.mark.django_db

NESTED_LOOPS = (
    "{% for a in items %}{% for b in items %}{% for c in items %}{{ c.service }}"
    "{% endfor %}{% endfor %}{% endfor %}"
)
LONG = "x" * 600
#: Two loops over 600-character texts: 360,000 steps.
MANY_STEPS = f'{{% for a in "{LONG}" %}}{{% for b in "{LONG}" %}}.{{% endfor %}}{{% endfor %}}'
#: One loop of 600 steps writing 1,000 characters each: 600,000 characters.
TOO_LONG = f'{{% for a in "{LONG}" %}}{"y" * 1000}{{% endfor %}}'


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def refusal(text: str) -> str:
    with pytest.raises(ValidationError) as error:
        letter_template_check(text)
    return " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{% lorem 9999 w %}", "letters cannot use the tag “lorem”"),
        ("{% filter upper %}a{% endfilter %}", "letters cannot use the tag “filter”"),
        ("{% widthratio 1 1 99999999 %}", "letters cannot use the tag “widthratio”"),
        ('{{ reason|center:"99999999" }}', "letters cannot use the filter “center”"),
        ('{{ reason|stringformat:"099999999d" }}', "letters cannot use the filter “stringformat”"),
        ("{{ reason|make_list|join:reason }}", "letters cannot use the filter “make_list”"),
        ("{% if reason|random %}x{% endif %}", "letters cannot use the filter “random”"),
        (NESTED_LOOPS, "loops are nested 3 deep; a letter may nest at most 2"),
        (MANY_STEPS, f"its loops repeat more than {MAX_LOOP_STEPS:,} times"),
        (TOO_LONG, "the letter would be longer than 100,000 characters"),
        ("a" * 20_001, "it is longer than 20,000 characters"),
        ('{{ items|join:"' + "-" * 21 + '" }}', "the separator of “join” is longer than 20"),
        ('{{ position|floatformat:"99999" }}', "“floatformat” asks for more than 10 decimal"),
    ],
)
def test_a_template_breaking_a_limit_is_refused_naming_the_problem(text, problem):
    message = refusal(text)
    assert "cannot be used as a letter template" in message
    assert problem in message


def test_the_refusal_is_in_polish():
    with translation.override("pl"):
        message = refusal("{% lorem 9999 w %}")
    assert message.startswith("Tej treści nie można użyć jako szablonu pisma: ")
    assert "pismo nie może zawierać znacznika „lorem”" in message


def test_the_default_templates_and_ordinary_formatting_pass():
    for template in LetterTemplate.objects.all():
        letter_template_check(template.subject)
        letter_template_check(template.body)
    letter_template_check(
        "{% for item in items %}{% if forloop.first %}<ul>{% endif %}<li>{{ item.service|upper }}"
        "</li>{% if forloop.last %}</ul>{% endif %}{% empty %}brak{% endfor %}"
        "{{ items|length }} {{ position|add:1 }} {{ reason|truncatewords:5 }} "
        '{{ today|date:"d.m.Y" }} {% with n=position %}{{ n|floatformat:2 }}{% endwith %}'
        '{{ items|join:", " }}'
    )


def test_filling_in_stops_at_the_loop_budget_in_well_under_a_second():
    started = time.monotonic()
    with pytest.raises(LetterLimitError) as error:
        letter_render(MANY_STEPS, {})
    assert time.monotonic() - started < 1
    assert error.value.code == "letter_steps"


def test_filling_in_stops_at_the_time_budget():
    with pytest.raises(LetterLimitError) as error:
        letter_render("{% for a in items %}{{ a }}{% endfor %}", {"items": [1, 2]}, seconds=-1)
    assert error.value.code == "letter_time"


def test_a_saved_template_that_breaks_a_limit_is_a_letter_error_quickly(letter_context):
    """A template saved before the limits (the model's save runs no validators) still stops."""
    template = LetterTemplate.objects.get(kind=LetterKind.FILING_CONFIRMATION, language="pl")
    template.body = MANY_STEPS
    template.save()
    started = time.monotonic()
    with pytest.raises(LetterError, match="its loops repeat more than"):
        render_letter_html(kind=LetterKind.FILING_CONFIRMATION, context=letter_context)
    assert time.monotonic() - started < 1


@pytest.fixture
def letter_context() -> dict[str, Any]:
    return {
        "person": {"full_name": "Łucja Żółkiewska", "street_line": "", "place_line": ""},
        "application": {"reference": "W/2026/000123"},
        "items": [{"service": "Taksówka"}],
    }


def test_the_letter_page_refuses_lorem_and_nested_loops_and_changes_nothing(english_as):
    client = english_as(Role.SERVICE_ORGANISER)
    template = LetterTemplate.objects.get(kind=LetterKind.WAITING_LIST_NOTICE, language="pl")
    before = (template.subject, template.body, template.updated_at)
    for body, problem in (
        ("<p>{% lorem 5000 p %}</p>", "letters cannot use the tag “lorem”"),
        (NESTED_LOOPS, "loops are nested 3 deep"),
        (MANY_STEPS, "its loops repeat more than"),
    ):
        response = client.post(
            f"/pracownicy/pisma/{template.pk}/", {"subject": "Lista", "body": body}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert 'href="#id_body"' in page
        assert problem in page
    template.refresh_from_db()
    assert (template.subject, template.body, template.updated_at) == before
    assert not AuditEvent.objects.filter(object_id=str(template.pk)).exists()


def test_the_model_validator_refuses_lorem_for_the_admin_too():
    template = LetterTemplate.objects.get(kind=LetterKind.REFUSAL_NOTICE, language="pl")
    template.body = "<p>{% lorem 2000 p random %}</p>"
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "letters cannot use the tag “lorem”" in " ".join(error.value.message_dict["body"])
