"""Narrow screens: every table of every page scrolls inside a named, focusable region of its
own (``{% table_region %}``), never the page; the staff menu marks the page shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from opencus.core.context_processors import menu_items
from opencus.core.registry import MenuEntry

TEMPLATES = Path(__file__).resolve().parents[2] / "opencus"
#: Printed, not shown on a screen.
PRINTED = {
    "statement_pdf.html",
    "manifest.html",
    "attendance_list.html",
    "volunteer_document.html",
}  # PDFs: a printed page does not scroll


def test_a_table_region_is_named_by_the_tables_caption() -> None:
    html = Template(
        "{% load layout %}{% table_region %}<table><caption class='x'>Osoby &amp; "
        "<span>rodziny</span></caption></table>{% end_table_region %}"
    ).render(Context())
    assert html.startswith(
        '<div class="ocus-table-region" role="region" aria-label="Osoby &amp; rodziny" '
        'tabindex="0"><table>'
    )


def test_a_table_region_takes_a_label_when_the_table_has_no_caption() -> None:
    with translation.override("en"):
        html = Template(
            '{% load layout %}{% table_region _("Per person") %}<table></table>'
            "{% end_table_region %}"
        ).render(Context())
    assert 'aria-label="Per person"' in html
    with pytest.raises(TemplateSyntaxError):
        Template("{% load layout %}{% table_region %}<table></table>{% end_table_region %}").render(
            Context()
        )


def test_every_table_of_every_page_is_in_a_scrolling_region() -> None:
    bare = []
    for path in TEMPLATES.rglob("*.html"):
        if path.name in PRINTED:
            continue
        text = path.read_text()
        tables = len(re.findall(r"<table\b", text))
        wrapped = len(re.findall(r"\{% table_region[^%]*%\}\s*<table\b", text))
        if tables != wrapped:
            bare.append(str(path.relative_to(TEMPLATES)))
    assert not bare, f"Tables outside {{% table_region %}}: {bare}"


def test_no_template_comment_spans_lines() -> None:
    """Django's ``{# … #}`` ends at the line's end: one that runs on is printed on the page
    (the staff menu showed "{# GOV.UK service navigation…"). Longer notes use comment tags."""
    running_on = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if any(
            "{#" in line and "#}" not in line.split("{#", 1)[1]
            for line in path.read_text().splitlines()
        )
    ]
    assert not running_on, f"Comments that run on to the next line: {running_on}"


def entry(key: str, url_name: str) -> MenuEntry:
    return MenuEntry(key, key, url_name, 10, None, "core")


def test_the_menu_marks_the_page_shown_and_the_section_it_is_in() -> None:
    entries = [
        entry("start", "core:dashboard"),
        entry("people", "people:search"),
        entry("register", "people:create"),
    ]
    marks = lambda path: [item["current"] for item in menu_items(path, entries)]  # noqa: E731
    assert marks("/pracownicy/osoby/") == ["", "page", ""]
    assert marks("/pracownicy/osoby/nowa/") == ["", "", "page"]
    assert marks("/pracownicy/osoby/12/") == ["", "true", ""]
    assert marks("/pracownicy/") == ["page", "", ""]
    # The dashboard's URL starts every other: it is not the section of every page.
    assert marks("/pracownicy/wnioski/") == ["", "", ""]
