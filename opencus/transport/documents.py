"""The driver's manifest on paper (issue 11): one vehicle's day as a tagged PDF (PDF/UA-1),
Polish by default. The stops in the order of the route with their planned times, pick-up or
drop-off, the passenger's name and phone (and the booker's when someone else booked), the
address, the needs (wheelchair, companions, an assistant, a guide dog) and the note for the
driver; the vehicle and the driver on top.

WeasyPrint renders it as the letters and the printed plan are (``core.letters``): the DejaVu
fonts embedded, nothing else fetched. The wheelchair, assistant and guide-dog flags reveal
something of the passengers' health, so each download of a manifest that shows them is
recorded in the audit log (``manifests.manifest_read``, called by the view)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from opencus.core.letters import FONT_DIR, FONT_FILES, centre_details, letter_url_fetcher
from opencus.transport.manifests import Manifest
from opencus.transport.models import HOLDING, Booking, PlanStop, StopKind

#: The languages the manifest is printed in (those of the interface).
MANIFEST_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class StopLine:
    """One stop as the driver reads it."""

    position: int
    at: dt.datetime
    pickup: bool
    booking: Booking
    address: str
    done_at: dt.datetime | None

    @property
    def phone(self) -> str:
        return self.booking.person.phone

    @property
    def has_return(self) -> bool:
        """An outbound ride with its return booked (the driver may tell the passenger)."""
        try:
            return_ride = self.booking.return_ride
        except Booking.DoesNotExist:
            return False
        return return_ride.status in HOLDING

    @property
    def needs(self) -> bool:
        booking = self.booking
        return bool(
            booking.wheelchair or booking.companions or booking.assistant or booking.guide_dog
        )


def stop_line(stop: PlanStop) -> StopLine:
    booking = stop.booking
    pickup = stop.kind == StopKind.PICKUP
    return StopLine(
        position=stop.position,
        at=timezone.localtime(stop.planned_at),
        pickup=pickup,
        booking=booking,
        address=booking.origin_label if pickup else booking.destination_label,
        done_at=stop.done_at,
    )


def manifest_context(manifest: Manifest, language: str) -> dict[str, Any]:
    shift = manifest.shift
    return {
        "language": language,
        "centre": centre_details(),
        "fonts": {name: path.as_uri() for name, path in FONT_FILES.items()},
        "vehicle": manifest.vehicle,
        "day": manifest.day,
        "shift": shift,
        "driver": shift.driver if shift is not None else None,
        "lines": [stop_line(stop) for stop in manifest.stops],
        "printed_at": timezone.localtime(),
    }


def manifest_html(manifest: Manifest, language: str = "pl") -> str:
    """The manifest as an HTML document in ``language``: what WeasyPrint turns into the PDF."""
    language = language if language in MANIFEST_LANGUAGES else settings.LANGUAGE_CODE
    with translation.override(language):
        return render_to_string("transport/pdf/manifest.html", manifest_context(manifest, language))


def manifest_pdf(manifest: Manifest, language: str = "pl") -> bytes:
    """The manifest as a tagged PDF (PDF/UA-1) with its title, language and fonts embedded."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    document = HTML(
        string=manifest_html(manifest, language),
        base_url=str(FONT_DIR),
        url_fetcher=letter_url_fetcher(),
    )
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def manifest_pdf_filename(manifest: Manifest) -> str:
    """``manifest-2026-03-10-bus-1.pdf``: letters, digits and dashes only."""
    plain = unicodedata.normalize("NFKD", manifest.vehicle.name.replace("ł", "l").replace("Ł", "L"))
    name = re.sub(r"[^A-Za-z0-9]+", "-", plain.encode("ascii", "ignore").decode()).strip("-")
    name = name.lower() or "vehicle"
    return f"manifest-{manifest.day.isoformat()}-{name}.pdf"
