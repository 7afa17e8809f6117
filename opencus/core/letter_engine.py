"""The restricted template engine of letters: the text an organiser writes is not code we
wrote, so it may use only the built-in tags and filters that format data (see ``letters.py``).
It sits below the models, whose fields validate template text with ``letter_template_check``.
"""

from __future__ import annotations

import re
from typing import cast

from django.core.exceptions import ValidationError
from django.template import (
    Engine,
    Library,
    TemplateSyntaxError,
    defaultfilters,
    defaulttags,
)
from django.template.base import TextNode
from django.utils.translation import gettext_lazy as _

#: Tags and filters a letter template may use: formatting only.
_FORBIDDEN_TAGS = frozenset(
    {"load", "include", "extends", "block", "debug", "url", "csrf_token", "autoescape", "ssi"}
)
_FORBIDDEN_FILTERS = frozenset({"safe", "safeseq", "pprint"})

#: The builtins library of the letter engine (``Engine`` looks up ``register`` here).
register = Library()
for _name, _tag in defaulttags.register.tags.items():
    if _name not in _FORBIDDEN_TAGS:
        register.tags[_name] = _tag
for _name, _filter in defaultfilters.register.filters.items():
    if _name not in _FORBIDDEN_FILTERS:
        register.filters[_name] = _filter


@register.filter(is_safe=False)
def gendered(sex: object, forms: str) -> str:
    """The word form that fits the person's sex: ``{{ person.sex|gendered:"została,został" }}``
    gives "została" for a woman ("F") and "został" for a man ("M"); both forms, separated by a
    slash, only when the sex is not known."""
    female, _sep, male = str(forms).partition(",")
    female, male = female.strip(), male.strip() or female.strip()
    if sex == "F":
        return female
    if sex == "M":
        return male
    return female if female == male else f"{female} / {male}"


class _LetterEngine(Engine):
    default_builtins = ["opencus.core.letter_engine"]


engine = _LetterEngine(
    dirs=[],
    app_dirs=False,
    loaders=[],
    libraries={},
    autoescape=True,
    string_if_invalid="",
    debug=False,
)


def letter_template_check(text: str) -> None:
    """Refuse template text that does not compile in the letter engine, saying why."""
    try:
        template = engine.from_string(text)
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("The text cannot be used as a letter template: %(error)s"),
            code="letter_syntax",
            params={"error": template_error_text(error)},
        ) from None
    # An unclosed "{{ …" is plain text to Django: it would print as is in the letter.
    for node in template.nodelist.get_nodes_by_type(TextNode):
        text_node = cast(TextNode, node)
        if any(mark in text_node.s for mark in ("{{", "}}", "{%", "%}")):
            raise ValidationError(
                _("The text cannot be used as a letter template: %(error)s"),
                code="letter_syntax",
                params={
                    "error": _("a placeholder is not closed near “%(text)s”")
                    % {"text": text_node.s.strip()[:40]}
                },
            )


#: Django's template syntax errors (English, for developers) and what the organiser reads.
_SYNTAX_ERRORS: tuple[tuple[re.Pattern[str], object], ...] = (
    (
        re.compile(
            r"Invalid block tag on line (?P<line>\d+): '(?P<name>[^']*)', expected .*'(?P<x>[^']*)'"
        ),
        _("line %(line)s: the tag “%(name)s” is not expected here; “%(x)s” is missing before it"),
    ),
    (
        re.compile(r"Invalid block tag on line (?P<line>\d+): '(?P<name>[^']*)'"),
        _("line %(line)s: the tag “%(name)s” does not exist or may not be used in letters"),
    ),
    (
        re.compile(r"Unclosed tag on line (?P<line>\d+): '(?P<name>[^']*)'"),
        _("line %(line)s: the tag “%(name)s” is not closed (its end tag is missing)"),
    ),
    (
        re.compile(r"Invalid filter: '(?P<name>[^']*)'"),
        _("the filter “%(name)s” does not exist or may not be used in letters"),
    ),
    (
        re.compile(r"Could not parse the remainder: '(?P<rest>[^']*)' from '(?P<name>[^']*)'"),
        _("the placeholder “%(name)s” is written wrongly near “%(rest)s”"),
    ),
    (
        re.compile(r"Empty variable tag on line (?P<line>\d+)"),
        _("line %(line)s: an empty placeholder {{ }}"),
    ),
    (
        re.compile(r"Empty block tag on line (?P<line>\d+)"),
        _("line %(line)s: an empty tag {% %}"),
    ),
)


def template_error_text(error: Exception) -> str:
    """A template syntax error in the user's language (Django's own text is English)."""
    message = str(error)
    for pattern, text in _SYNTAX_ERRORS:
        found = pattern.search(message)
        if found:
            return str(text) % found.groupdict()
    return str(_("the text is not a valid template (%(detail)s)") % {"detail": message})
