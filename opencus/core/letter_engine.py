"""The restricted template engine of letters: the text an organiser writes is not code we
wrote, so it may use only the built-in tags and filters that format data (see ``letters.py``).
It sits below the models, whose fields validate template text with ``letter_template_check``.
"""

from __future__ import annotations

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
            params={"error": str(error)},
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
