"""Letters to residents as tagged PDF (PDF/UA-1), from templates the organiser edits.

The wording of each letter is a ``LetterTemplate`` row: Django template text that the service
organiser changes in the staff pages or the admin, without a code change. That text is not
code we wrote, so it runs in a restricted engine:

- only the built-in tags and filters that format data (``if``, ``for``, ``with``, ``date``,
  ``join`` …); no ``load``, ``include``, ``extends``, ``debug``, ``url``, ``csrf_token``,
  ``autoescape`` tags and no ``safe``/``safeseq`` filters, so a template can neither read files
  and settings nor turn escaping off;
- autoescape on, unknown placeholders render as nothing;
- limits on what one letter may cost: template length, loop nesting, loop steps, output size
  and time (``letter_engine``); a template that breaks one is refused when saved, and a letter
  that still breaks one while filled in stops with a ``LetterError``;
- the context holds plain data only (text, numbers, dates, lists and dicts of them), never
  model instances, so a placeholder cannot reach a method or a related row.

A template that does not compile, or breaks a limit, is refused when saved
(``letter_template_check`` is the model fields' validator). Anything that still goes wrong
while filling it in is a ``LetterError`` with a message for the user, never a server error.

The page layout (sender, place and date, recipient, reference, signature) is our template
``letters/letter.html``; WeasyPrint renders it with the DejaVu fonts embedded and fetches
nothing else (no network, no other files).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from opencus.core.audit import audit_record
from opencus.core.letter_engine import (
    LetterLimitError,
    letter_render,
    letter_template_check,
    template_error_text,
)
from opencus.core.models import AuditAction, LetterTemplate

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {
    "regular": FONT_DIR / "DejaVuSans.ttf",
    "bold": FONT_DIR / "DejaVuSans-Bold.ttf",
}


class LetterError(ValidationError):
    """A letter cannot be made; the message is for the user. Nothing was written."""


_PLAIN = (str, int, float, Decimal, bool, dt.date, type(None))


def _check_plain(value: Any, path: str = "context") -> None:
    """The letter context must be plain data: a placeholder must not reach model methods."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: keys must be text")
            _check_plain(inner, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            _check_plain(inner, f"{path}[{index}]")
    elif not isinstance(value, _PLAIN):
        raise TypeError(f"{path} is a {type(value).__name__}; pass plain data to a letter")


def letter_template_get(*, kind: str, language: str) -> LetterTemplate:
    """The organiser's text for ``kind`` in ``language``, else in the default language."""
    found = {
        template.language: template
        for template in LetterTemplate.objects.filter(
            kind=kind, language__in=[language, settings.LANGUAGE_CODE]
        )
    }
    template = found.get(language) or found.get(settings.LANGUAGE_CODE)
    if template is None:
        raise LetterError(
            _("There is no template for this letter. Ask the service organiser to write one."),
            code="no_template",
        )
    return template


def _fill(text: str, context: dict[str, Any]) -> str:
    try:
        return letter_render(text, context)
    except LetterLimitError as error:  # said in the reader's language, not the letter's
        raise LetterError(
            _("The letter template could not be filled in: %(error)s"),
            code=error.code,
            params={"error": error.message},
        ) from None
    except Exception as error:  # organiser's text: any failure is a message, not a 500
        raise LetterError(
            _("The letter template could not be filled in: %(error)s"),
            code="letter_render",
            params={"error": template_error_text(error)},
        ) from None


def letter_salutation(sex: str) -> str:
    """The greeting in the active language that fits the person's sex ("F", "M"); both forms
    only when the sex is not known (``{{ salutation }}`` in a letter)."""
    if sex == "F":
        return pgettext("letter salutation to a woman", "Dear Madam")
    if sex == "M":
        return pgettext("letter salutation to a man", "Dear Sir")
    return pgettext("letter salutation, sex unknown", "Dear Sir or Madam")


def centre_details() -> dict[str, str]:
    """The sender: the centre's name and address from the settings."""
    return {
        "name": settings.OPENCUS_CENTRE_NAME,
        "municipality": settings.OPENCUS_MUNICIPALITY_NAME,
        "address": getattr(settings, "OPENCUS_CENTRE_ADDRESS", ""),
        "phone": settings.OPENCUS_CONTACT_PHONE,
        "email": settings.OPENCUS_CONTACT_EMAIL,
    }


def letter_fill(
    *, template: LetterTemplate, context: dict[str, Any]
) -> tuple[dict[str, Any], str, str]:
    """The values, subject and body of a letter: ``template`` (saved or not, e.g. the text an
    organiser previews) filled with ``context`` in the template's language. The subject and
    body were rendered with autoescape on."""
    _check_plain(context)
    centre = centre_details()
    with translation.override(template.language):
        person = context.get("person") or {}
        values = {
            "centre_name": centre["name"],
            "municipality_name": centre["municipality"],
            "today": timezone.localdate(),
            "salutation": letter_salutation(str(person.get("sex", ""))),
            **context,
        }
        return values, _fill(template.subject, values), _fill(template.body, values)


def render_letter_html(
    *,
    kind: str,
    context: dict[str, Any],
    language: str = "pl",
    template: LetterTemplate | None = None,
) -> str:
    """The whole letter as an HTML document (the layout around the organiser's text).

    ``context`` is plain data; the layout reads ``person`` (``full_name``, ``street_line``,
    ``place_line``) as the recipient and ``application.reference`` as the reference.
    ``template`` is the text to use instead of the saved one (a preview).
    """
    if template is None:
        template = letter_template_get(kind=kind, language=language)
    centre = centre_details()
    values, subject, body = letter_fill(template=template, context=context)
    with translation.override(template.language):
        application = context.get("application") or {}
        return render_to_string(
            "letters/letter.html",
            {
                "language": template.language,
                "centre": centre,
                "place": centre["municipality"],
                "today": values["today"],
                "recipient": {
                    "full_name": "",
                    "street_line": "",
                    "place_line": "",
                    **(context.get("person") or {}),
                },
                "reference": application.get("reference", ""),
                # Both were rendered with autoescape on: the values in them are escaped.
                "subject": mark_safe(subject),  # noqa: S308
                "body": mark_safe(body),  # noqa: S308
                "fonts": {name: path.as_uri() for name, path in FONT_FILES.items()},
            },
        )


def letter_url_fetcher() -> Any:
    from weasyprint import URLFetcher

    allowed = {path.as_uri() for path in FONT_FILES.values()}

    class LetterFetcher(URLFetcher):
        """Fetch the embedded fonts and nothing else (no network, no other files)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"letters fetch no resources: {url}")
            return super().fetch(url, headers)

    return LetterFetcher(allowed_protocols=["file"])


def render_letter_pdf(*, kind: str, context: dict[str, Any], language: str = "pl") -> bytes:
    """The letter as a tagged PDF (PDF/UA-1) with its title, language and fonts embedded."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    html = render_letter_html(kind=kind, context=context, language=language)
    document = HTML(string=html, base_url=str(FONT_DIR), url_fetcher=letter_url_fetcher())
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


@transaction.atomic
def letter_template_update(
    *, template: LetterTemplate, subject: str, body: str, acting_user: Any
) -> LetterTemplate:
    """Change a letter's wording. Text that does not compile is refused and nothing changes;
    the next letter of this kind uses the new text."""
    errors: dict[str, Any] = {}
    for field, text in (("subject", subject), ("body", body)):
        try:
            letter_template_check(text)
        except ValidationError as error:
            errors[field] = error.error_list
    if not subject.strip():
        errors.setdefault("subject", []).append(
            ValidationError(_("Enter the subject of the letter."), code="required")
        )
    if not body.strip():
        errors.setdefault("body", []).append(
            ValidationError(_("Enter the text of the letter."), code="required")
        )
    if errors:
        raise LetterError(errors)
    locked = type(template).objects.select_for_update().get(pk=template.pk)
    changes = {
        name: [old[:200], new[:200]]
        for name, old, new in (("subject", locked.subject, subject), ("body", locked.body, body))
        if old != new
    }
    locked.subject, locked.body = subject, body
    locked.updated_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    locked.save(update_fields=["subject", "body", "updated_by", "updated_at"])
    audit_record(actor=acting_user, action=AuditAction.UPDATE, obj=locked, changes=changes)
    return locked
