"""The interface is Polish by default and has a Ukrainian catalogue: every entry of both must be
translated and none left fuzzy (a fuzzy entry is not used, so the English msgid would show)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_every_entry_of_the_catalogue_is_translated(language: str) -> None:
    path = Path(settings.BASE_DIR) / "opencus" / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    entries = [message for message in catalogue if message.id]
    assert len(entries) > 600
    missing = [
        message.id
        for message in entries
        if message.fuzzy
        or not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert missing == []
