"""The restricted template engine of letters: the text an organiser writes is not code we
wrote, so it may use only the tags and filters that format data (see ``letters.py``), and
it may not make one letter take seconds or megabytes.

It sits below the models, whose fields validate template text with ``letter_template_check``.

What a letter template may do:

- the tags in ``ALLOWED_TAGS`` and the filters in ``ALLOWED_FILTERS`` only (no ``load``,
  ``include``, ``url``, ``lorem``, ``filter``, no ``safe``, ``center``, ``make_list`` …),
  a ``join`` separator of at most ``MAX_JOIN_SEPARATOR`` characters, a ``floatformat`` of at
  most ``MAX_FLOAT_DIGITS`` decimal places, text built with ``add`` of at most
  ``MAX_TEMPLATE_CHARS`` characters;
- at most ``MAX_TEMPLATE_CHARS`` characters of template text and ``MAX_LOOP_DEPTH`` nested
  ``{% for %}`` loops;
- while it is filled in (``letter_render``): at most ``MAX_LOOP_STEPS`` loop steps, at most
  ``MAX_OUTPUT_CHARS`` characters of output and ``MAX_RENDER_SECONDS`` of time, else it stops
  with ``LetterLimitError``.

``letter_template_check`` refuses, when the template is saved, text that breaks a rule, and
text that breaks a limit when filled in with a sample letter (``SAMPLE_CONTEXT``); each
refusal names the problem in the user's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.template import (
    Context,
    Engine,
    Library,
    Node,
    NodeList,
    TemplateSyntaxError,
    defaultfilters,
    defaulttags,
)
from django.template.base import Lexer, TextNode, TokenType
from django.template.defaulttags import (
    CommentNode,
    ForNode,
    IfChangedNode,
    IfNode,
    SpacelessNode,
    WithNode,
)
from django.utils.formats import number_format
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

#: Tags a letter template may use: conditions, loops and formatting.
ALLOWED_TAGS = frozenset(
    {
        "comment",
        "cycle",
        "firstof",
        "for",
        "if",
        "ifchanged",
        "now",
        "regroup",
        "resetcycle",
        "spaceless",
        "templatetag",
        "verbatim",
        "with",
    }
)
#: The parts of the allowed tags (``{% else %}``, ``{% endfor %}`` …).
_TAG_PARTS = frozenset({"else", "elif", "empty", "plural"} | {f"end{tag}" for tag in ALLOWED_TAGS})
#: Filters a letter template may use: none turns escaping off or multiplies the text.
ALLOWED_FILTERS = frozenset(
    {
        "add",
        "capfirst",
        "cut",
        "date",
        "default",
        "default_if_none",
        "dictsort",
        "dictsortreversed",
        "divisibleby",
        "escape",
        "first",
        "floatformat",
        "force_escape",
        "join",
        "last",
        "length",
        "linebreaks",
        "linebreaksbr",
        "lower",
        "pluralize",
        "slice",
        "striptags",
        "time",
        "timesince",
        "timeuntil",
        "title",
        "truncatechars",
        "truncatechars_html",
        "truncatewords",
        "truncatewords_html",
        "upper",
        "wordcount",
        "yesno",
    }
)

MAX_TEMPLATE_CHARS = 20_000
MAX_LOOP_DEPTH = 2
MAX_LOOP_STEPS = 1_000
MAX_OUTPUT_CHARS = 100_000
MAX_RENDER_SECONDS = 0.5
MAX_JOIN_SEPARATOR = 20
MAX_FLOAT_DIGITS = 10


def _lazy(message: Promise, **params: Any) -> Promise:
    """``message % params`` in the language of whoever reads it (numbers formatted so)."""

    def formatted() -> str:
        values = {
            name: number_format(value, force_grouping=True)
            if isinstance(value, int | float)
            else value
            for name, value in params.items()
        }
        return str(message) % values

    return cast(Promise, lazy(formatted, str)())


class LetterLimitError(Exception):
    """Filling in a letter template broke one of the engine's limits; the message (for the
    user) names which."""

    def __init__(self, message: Any, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


def _limited(name: str, check: Callable[..., None]) -> Callable[..., Any]:
    """Django's filter ``name`` with a ``check`` of its value, argument and result."""
    original = defaultfilters.register.filters[name]

    @functools.wraps(original)
    def wrapper(value: Any, *args: Any, **kwargs: Any) -> Any:
        check("before", value, *args)
        result = original(value, *args, **kwargs)
        check("after", result)
        return result

    return wrapper


def _join_check(stage: str, *values: Any) -> None:
    if stage == "before" and len(values) > 1 and len(str(values[1])) > MAX_JOIN_SEPARATOR:
        raise LetterLimitError(
            _lazy(
                _("the separator of “join” is longer than %(limit)s characters"),
                limit=MAX_JOIN_SEPARATOR,
            ),
            code="letter_join",
        )


def _floatformat_check(stage: str, *values: Any) -> None:
    if stage != "before" or len(values) < 2:
        return
    digits = re.sub(r"[^0-9]", "", str(values[1]))
    if digits and int(digits[:6]) > MAX_FLOAT_DIGITS:
        raise LetterLimitError(
            _lazy(
                _("“floatformat” asks for more than %(limit)s decimal places"),
                limit=MAX_FLOAT_DIGITS,
            ),
            code="letter_floatformat",
        )


def _add_check(stage: str, *values: Any) -> None:
    if (
        stage == "after"
        and isinstance(values[0], str | list | tuple)
        and len(values[0]) > MAX_TEMPLATE_CHARS
    ):
        raise LetterLimitError(
            _lazy(
                _("“add” makes a text longer than %(limit)s characters"), limit=MAX_TEMPLATE_CHARS
            ),
            code="letter_add",
        )


_CHECKS = {"join": _join_check, "floatformat": _floatformat_check, "add": _add_check}
_FILTER_FLAGS = ("is_safe", "needs_autoescape", "expects_localtime")

#: The builtins library of the letter engine (``Engine`` looks up ``register`` here).
register = Library()
for _name in ALLOWED_TAGS - {"for"}:
    register.tags[_name] = defaulttags.register.tags[_name]
for _name in ALLOWED_FILTERS:
    _filter = defaultfilters.register.filters[_name]
    if _name in _CHECKS:
        flags = {flag: getattr(_filter, flag) for flag in _FILTER_FLAGS if hasattr(_filter, flag)}
        register.filter(_name, _limited(_name, _CHECKS[_name]), **flags)
    else:
        register.filters[_name] = _filter


class _Budget:
    """What one letter may still spend: loop steps, characters of output, time."""

    def __init__(self, *, seconds: float = MAX_RENDER_SECONDS) -> None:
        self.steps = 0
        self.chars = 0
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_LOOP_STEPS:
            raise LetterLimitError(
                _lazy(_("its loops repeat more than %(limit)s times"), limit=MAX_LOOP_STEPS),
                code="letter_steps",
            )
        self.clock()

    def spend(self, text: str) -> str:
        self.chars += len(text)
        if self.chars > MAX_OUTPUT_CHARS:
            raise LetterLimitError(
                _lazy(
                    _("the letter would be longer than %(limit)s characters"),
                    limit=MAX_OUTPUT_CHARS,
                ),
                code="letter_size",
            )
        self.clock()
        return text

    def clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise LetterLimitError(
                _lazy(_("filling it in takes longer than %(limit)s s"), limit=self.seconds),
                code="letter_time",
            )


class _LetterContext(Context):
    """The context of a letter, carrying its budget (``Context.new`` copies it along)."""

    budget: _Budget


def _budget(context: Context) -> _Budget:
    return cast(_LetterContext, context).budget


class _LoopStep(Node):
    """Put first in every loop's body: each step of a loop spends from the budget."""

    def render(self, context: Context) -> str:
        _budget(context).step()
        return ""


@register.tag("for")
def _for(parser: Any, token: Any) -> Node:
    """Django's ``{% for %}``, each step spending from the letter's budget."""
    node = defaulttags.do_for(parser, token)
    cast(list[Node], node.nodelist_loop).insert(0, _LoopStep())
    return node


#: The letter engine's own filters (beside Django's allowed ones above).
LETTER_FILTERS = frozenset({"gendered"})


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


def _nodes(nodelist: NodeList, depth: int = 0) -> Iterator[tuple[Node, int]]:
    """Every node of the tree, once, with the number of loops around it."""
    for node in nodelist:
        yield node, depth
        inner = depth + 1 if isinstance(node, ForNode) else depth
        for attribute in node.child_nodelists:
            child = getattr(node, attribute, None)
            if child:
                yield from _nodes(child, inner)


#: Nodes whose output is only their children's (or less): the children count it.
_CONTAINERS = (ForNode, IfNode, WithNode, SpacelessNode, IfChangedNode, CommentNode, _LoopStep)


def _counting(render: Callable[[Context], Any]) -> Callable[[Context], str]:
    def counted(context: Context) -> str:
        return _budget(context).spend(str(render(context)))

    return counted


def _compile(text: str) -> Any:
    """The template, every node that writes text counting its output against the budget."""
    template = engine.from_string(text)
    for node, _depth in _nodes(template.nodelist):
        if not isinstance(node, _CONTAINERS):
            node.render_annotated = _counting(node.render_annotated)  # type: ignore[method-assign,assignment]
    return template


def letter_render(
    text: str, context: dict[str, Any], *, seconds: float = MAX_RENDER_SECONDS
) -> str:
    """Fill in letter template ``text`` with ``context`` within the limits (``LetterLimitError``
    when it breaks one; a template that does not compile raises ``TemplateSyntaxError``)."""
    template = _compile(text)
    letter_context = _LetterContext(context, autoescape=True)
    letter_context.budget = _Budget(seconds=seconds)
    output: str = template.render(letter_context)
    letter_context.budget.clock()
    return output


#: A letter as the centre writes them, with more than the usual data: a template that breaks
#: a limit on it is refused when saved. (The placeholders of every kind, ``core.registry``.)
SAMPLE_CONTEXT: dict[str, Any] = {
    "centre_name": "Centrum Usług Społecznych w Starachowicach",
    "municipality_name": "Starachowice",
    "today": dt.date(2026, 3, 16),
    "person": {
        "full_name": "Katarzyna Przykładowa-Wiśniewska",
        "first_name": "Katarzyna",
        "last_name": "Przykładowa-Wiśniewska",
        "street_line": "ul. Armii Krajowej 125 m. 14",
        "place_line": "27-200 Starachowice",
    },
    "application": {
        "reference": "W/2026/000146",
        "filed_at": dt.datetime(2026, 3, 2, 9, 41, tzinfo=dt.UTC),
    },
    "items": [{"service": f"Usługa społeczna nr {n}", "units": Decimal(n)} for n in range(1, 21)],
    "service": "Usługi opiekuńcze w miejscu zamieszkania",
    "position": 12,
    "reason": "Osoba nie spełnia warunku dotyczącego wieku określonego w programie. " * 10,
}


def _refusal(problem: Any, code: str) -> ValidationError:
    return ValidationError(
        _("The text cannot be used as a letter template: %(error)s"),
        code=code,
        params={"error": problem},
    )


def _names(text: str) -> Iterator[tuple[str, str]]:
    """The tags (``("tag", name)``) and filters (``("filter", name)``) the text uses."""
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            if bits:
                yield "tag", bits[0]
                bits = bits[1:]
        elif token.token_type == TokenType.VAR:
            bits = [token.contents]
        else:
            continue
        for bit in bits:
            for match in re.finditer(r"\|\s*(\w+)", re.sub(r'"[^"]*"|\'[^\']*\'', "", bit)):
                yield "filter", match.group(1)


def letter_template_check(text: str) -> None:
    """Refuse template text that does not compile in the letter engine, uses a tag or filter
    letters may not use, or breaks a limit when filled in with a sample letter, saying why."""
    if len(text) > MAX_TEMPLATE_CHARS:
        raise _refusal(
            _lazy(_("it is longer than %(limit)s characters"), limit=MAX_TEMPLATE_CHARS),
            "letter_too_long",
        )
    for kind, name in _names(text):
        if kind == "tag" and name not in ALLOWED_TAGS | _TAG_PARTS:
            raise _refusal(
                _lazy(
                    _("letters cannot use the tag “%(name)s” (allowed: %(allowed)s)"),
                    name=name,
                    allowed=", ".join(sorted(ALLOWED_TAGS)),
                ),
                "letter_tag",
            )
        if kind == "filter" and name not in ALLOWED_FILTERS | LETTER_FILTERS:
            raise _refusal(
                _lazy(
                    _("letters cannot use the filter “%(name)s” (allowed: %(allowed)s)"),
                    name=name,
                    allowed=", ".join(sorted(ALLOWED_FILTERS | LETTER_FILTERS)),
                ),
                "letter_filter",
            )
    try:
        template = _compile(text)
    except TemplateSyntaxError as error:
        raise _refusal(template_error_text(error), "letter_syntax") from None
    depth = max(
        (d for node, d in _nodes(template.nodelist) if isinstance(node, ForNode)), default=0
    )
    if depth + 1 > MAX_LOOP_DEPTH:
        raise _refusal(
            _lazy(
                _("loops are nested %(depth)s deep; a letter may nest at most %(limit)s"),
                depth=depth + 1,
                limit=MAX_LOOP_DEPTH,
            ),
            "letter_nesting",
        )
    # An unclosed "{{ …" is plain text to Django: it would print as is in the letter.
    for node, _depth in _nodes(template.nodelist):
        if isinstance(node, TextNode) and any(mark in node.s for mark in ("{{", "}}", "{%", "%}")):
            raise _refusal(
                _lazy(_("a placeholder is not closed near “%(text)s”"), text=node.s.strip()[:40]),
                "letter_syntax",
            )
    try:
        letter_render(text, SAMPLE_CONTEXT)
    except LetterLimitError as error:
        raise _refusal(
            _lazy(_("filled in for a sample person, %(problem)s"), problem=error.message),
            error.code,
        ) from None
    except Exception:  # noqa: BLE001, S110 - data errors are the letter's (core.letters)
        pass


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
