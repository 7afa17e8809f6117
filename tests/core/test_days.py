"""The days forms and URLs take: ``FORM_DAYS``, refused outside it with the range in words (a
form) or "not found" (a URL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.http import Http404
from django.utils import translation

from opencus.core.access import day_or_404
from opencus.core.forms import day_field


def test_a_url_day_is_a_real_day_inside_the_range_or_not_found() -> None:
    assert day_or_404("2026-12-04") == dt.date(2026, 12, 4)
    for value in ("2026-13-01", "jutro", "9999-12-31", "1999-12-31"):
        with pytest.raises(Http404):
            day_or_404(value)


def test_a_form_day_outside_the_range_is_refused_with_the_range() -> None:
    field = day_field("Dzień")
    assert field.clean("31.12.2199") == dt.date(2199, 12, 31)
    with translation.override("en"), pytest.raises(forms.ValidationError) as refused:
        field.clean("2200-01-01")
    assert refused.value.messages == ["Enter a day between 01.01.2000 and 31.12.2199."]
