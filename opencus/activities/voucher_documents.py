"""A voucher on paper: a tagged PDF (PDF/UA-1) rendered by WeasyPrint as the letters and the
driver's manifest are (``core.letters``: the DejaVu fonts embedded, nothing fetched). The
code in large letters in groups of four, the venue, the validity and the holder's name."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from opencus.activities.models import Voucher
from opencus.core.letters import FONT_DIR, FONT_FILES, centre_details, letter_url_fetcher


def voucher_html(voucher: Voucher, language: str = "pl") -> str:
    with translation.override(language):
        return render_to_string(
            "activities/pdf/voucher.html",
            {
                "language": language,
                "voucher": voucher,
                "centre": centre_details(),
                "fonts": {name: path.as_uri() for name, path in FONT_FILES.items()},
                "printed_at": timezone.localtime(),
            },
        )


def voucher_pdf(voucher: Voucher, language: str = "pl") -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    document = HTML(
        string=voucher_html(voucher, language),
        base_url=str(FONT_DIR),
        url_fetcher=letter_url_fetcher(),
    )
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def voucher_pdf_filename(voucher: Voucher) -> str:
    return f"bon-{voucher.code_text}.pdf"
