"""Download a letter about an application as a PDF (staff)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from opencus.core.access import capability_required
from opencus.intake.capabilities import APPLICATION_VIEW
from opencus.intake.letters import letter_for_application, letter_for_item
from opencus.intake.models import Application, LetterKind

#: The letter in the address and in the file name (Polish, like the other URLs).
LETTER_SLUGS: dict[str, str] = {
    "potwierdzenie": LetterKind.FILING_CONFIRMATION,
    "kwalifikacja": LetterKind.QUALIFICATION_NOTICE,
    "lista-oczekujacych": LetterKind.WAITING_LIST_NOTICE,
    "odmowa": LetterKind.REFUSAL_NOTICE,
}


def _refused(request: HttpRequest, application: Application, message: object) -> HttpResponse:
    return render(
        request,
        "letters/refused.html",
        {"application": application, "messages_list": message},
        status=400,
    )


@capability_required(APPLICATION_VIEW)
def letter_download(request: HttpRequest, uuid: uuid.UUID, kind: str) -> HttpResponse:
    """GET …/<uuid>/pismo/<kind>/ (``?item=<id>`` for a notice about one requested service).
    An application of a person the user may not see is a 404; a letter that does not fit is a
    400 page saying why."""
    application = get_object_or_404(
        Application.objects.visible_to(request.user),
        uuid=uuid,
    )
    letter = LETTER_SLUGS.get(kind)
    if letter is None:
        return _refused(request, application, [_("There is no such letter.")])
    item_id = request.GET.get("item", "")
    try:
        if item_id:
            if not item_id.isdigit():
                return _refused(request, application, [_("There is no such requested service.")])
            item = get_object_or_404(application.items.all(), pk=int(item_id))
            pdf = letter_for_item(item=item, kind=letter, acting_user=request.user)
        elif letter == LetterKind.FILING_CONFIRMATION:
            pdf = letter_for_application(application=application, acting_user=request.user)
        else:
            return _refused(
                request, application, [_("Choose the requested service the letter is about.")]
            )
    except ValidationError as error:
        return _refused(request, application, error.messages)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{kind}-{application.reference.replace('/', '-')}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response
