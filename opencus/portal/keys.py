"""Keyed hashes of what the throttles count by: the client's IP address and a reference number.

HMAC-SHA256 with the site's ``SECRET_KEY`` (``salted_hmac``), one salt per kind, so the table
never holds an address or a reference and its rows cannot be matched against a plain hash.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac


def client_key(ip_address: str | None) -> str:
    return salted_hmac("opencus.portal.client", ip_address or "", algorithm="sha256").hexdigest()


def normalise_reference(reference: str) -> str:
    """A reference as typed, trimmed and in capitals: " w/2026/000123 " → "W/2026/000123"."""
    return (reference or "").strip().upper()


def reference_key(reference: str) -> str:
    return salted_hmac(
        "opencus.portal.reference", normalise_reference(reference), algorithm="sha256"
    ).hexdigest()
