"""The volunteer centre's papers as tagged PDFs (PDF/UA-1), rendered by WeasyPrint as the
letters and the attendance lists are (``core.letters``: the DejaVu fonts embedded, nothing
fetched): a written agreement (art. 44), the written confirmation of an oral one, a
certificate of the work and hours (zaświadczenie) and an opinion (opinia)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from opencus.core.letters import FONT_DIR, FONT_FILES, centre_details, letter_url_fetcher
from opencus.volunteering.models import (
    Agreement,
    AgreementForm,
    DocumentKind,
    DocumentRequest,
    HoursStatus,
)

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def _base(language: str) -> dict[str, Any]:
    return {
        "language": language,
        "centre": centre_details(),
        "fonts": {name: path.as_uri() for name, path in FONT_FILES.items()},
        "printed_at": timezone.localtime(),
    }


def _pdf(template: str, context: dict[str, Any], language: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(template, {**_base(language), **context})
    document = HTML(string=html, base_url=str(FONT_DIR), url_fetcher=letter_url_fetcher())
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def agreement_pdf(agreement: Agreement, language: str = "pl") -> bytes:
    """The written agreement, or for an oral one its written confirmation."""
    return _pdf(
        "volunteering/pdf/agreement.html",
        {
            "agreement": agreement,
            "volunteer": agreement.volunteer,
            "confirmation": agreement.form == AgreementForm.ORAL,
        },
        language,
    )


def agreement_pdf_filename(agreement: Agreement) -> str:
    kind = "potwierdzenie" if agreement.form == AgreementForm.ORAL else "porozumienie"
    return f"{kind}-{agreement.number.replace('/', '-')}.pdf"


def document_pdf(document: DocumentRequest, language: str = "pl") -> bytes:
    """An issued certificate (the assignments' scope and the hours confirmed) or opinion."""
    volunteer = document.volunteer
    assignments = volunteer.assignments.select_related("need").order_by("starts_on")
    return _pdf(
        "volunteering/pdf/volunteer_document.html",
        {
            "document": document,
            "volunteer": volunteer,
            "is_opinion": document.kind == DocumentKind.OPINION,
            "assignments": [
                a for a in assignments if a.hours.filter(status=HoursStatus.CONFIRMED).exists()
            ],
            "first": volunteer.agreements.order_by("starts_on").first(),
        },
        language,
    )


def document_pdf_filename(document: DocumentRequest) -> str:
    kind = "opinia" if document.kind == DocumentKind.OPINION else "zaswiadczenie"
    return f"{kind}-wolontariat-{document.pk}.pdf"
