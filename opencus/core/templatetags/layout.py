"""Layout helpers for page templates.

``{% table_region %}…{% end_table_region %}`` wraps a table in a scrolling region of its own, so
a wide table scrolls inside the page on a narrow screen and the page itself never scrolls
sideways (WCAG 1.4.10 Reflow). The region is focusable (keyboard users scroll it with the arrow
keys) and named for screen readers: by the given label, else by the table's caption.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def caption_text(html: str) -> str:
    """The text of the first ``<caption>`` in ``html`` ("" when there is none)."""
    found = _CAPTION.search(html)
    if not found:
        return ""
    return " ".join(unescape(_TAG.sub(" ", found.group(1))).split())


class TableRegionNode(template.Node):
    def __init__(self, nodelist: NodeList, label: FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context: Any) -> SafeString:
        inner = self.nodelist.render(context)
        label = str(self.label.resolve(context)) if self.label is not None else ""
        label = label or caption_text(inner)
        if not label:
            raise template.TemplateSyntaxError(
                "table_region: give the table a <caption> or the tag a label"
            )
        return format_html(
            '<div class="ocus-table-region" role="region" aria-label="{}" tabindex="0">{}</div>',
            label,
            mark_safe(inner),  # noqa: S308 - the nodelist's output, already escaped by it
        )


@register.tag
def table_region(parser: Parser, token: Token) -> TableRegionNode:
    """``{% table_region %}`` or ``{% table_region _("Label") %}`` … ``{% end_table_region %}``."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("table_region takes at most one argument, the label")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("end_table_region",))
    parser.delete_first_token()
    return TableRegionNode(nodelist, label)


@register.filter
def lower_first(value: Any) -> str:
    """The message with its first letter in lower case, to follow a field's label and a colon
    in the error summary ("Name: enter the name"); an acronym ("PESEL …") keeps its case."""
    text = str(value)
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
