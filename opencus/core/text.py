"""Text helpers shared by the apps: folding Polish diacritics for search."""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not decompose into a base letter plus a combining mark.
_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics and squeeze spaces: "Żółkiewski " → "zolkiewski"."""
    text = (text or "").translate(_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text or "")
