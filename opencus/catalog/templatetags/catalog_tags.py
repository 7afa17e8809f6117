"""Template helpers of the catalogue pages."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def paragraphs(text: str) -> SafeString:
    """Plain text typed by staff as GOV.UK body paragraphs: a blank line starts a paragraph,
    a single line break stays a line break. The text is escaped."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))]
    return format_html_join(
        "\n",
        '<p class="govuk-body">{}</p>',
        # Escaped first, then the line breaks become <br> tags.
        ((mark_safe(escape(b).replace("\n", "<br>")),) for b in blocks if b),  # noqa: S308
    )
