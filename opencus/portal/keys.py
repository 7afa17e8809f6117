"""Keyed hashes of what the throttles count by: the client's IP address and a reference number.

HMAC-SHA256 with the site's ``SECRET_KEY`` (``salted_hmac``), one salt per kind, so the table
never holds an address or a reference and its rows cannot be matched against a plain hash.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from opencus.intake.references import reference_parse


def client_key(ip_address: str | None) -> str:
    return salted_hmac("opencus.portal.client", ip_address or "", algorithm="sha256").hexdigest()


def normalise_reference(reference: str) -> str:
    """A reference as typed, written out in full when it reads as one (" w/2026/123 " →
    "W/2026/000123", ``intake.references``), else trimmed and in capitals: every way of
    typing one application's number counts against the same throttle."""
    parsed = reference_parse(reference)
    if parsed is not None and parsed.reference is not None:
        return parsed.reference
    return (reference or "").strip().upper()


def reference_key(reference: str) -> str:
    return salted_hmac(
        "opencus.portal.reference", normalise_reference(reference), algorithm="sha256"
    ).hexdigest()
