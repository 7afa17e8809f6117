"""What intake adds to core's registries (called from ``IntakeConfig.ready``): its
capabilities, its letters with their placeholders, its sections of "my work" and its menu
entries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import letter_kind, menu_entry
from opencus.intake import work
from opencus.intake.capabilities import APPLICATION_FILE, APPLICATION_VIEW
from opencus.intake.models import LetterKind

#: What every intake letter's text may use.
COMMON_PLACEHOLDERS = (
    ("{{ person.full_name }}", _("the person's first name and surname")),
    ("{{ application.reference }}", _("the application's reference number")),
    ('{{ application.filed_at|date:"d.m.Y H:i" }}', _("when the application was filed")),
    ("{{ centre_name }}", _("the centre's name")),
    ('{{ today|date:"d.m.Y" }}', _("the date of the letter")),
)
SERVICE = ("{{ service }}", _("the service the letter is about"))
PLACEHOLDERS = {
    LetterKind.FILING_CONFIRMATION: (
        ("{% for item in items %}{{ item.service }}{% endfor %}", _("the services requested")),
    ),
    LetterKind.QUALIFICATION_NOTICE: (SERVICE,),
    LetterKind.WAITING_LIST_NOTICE: (
        SERVICE,
        ("{{ position }}", _("the position on the waiting list")),
    ),
    LetterKind.REFUSAL_NOTICE: (SERVICE, ("{{ reason }}", _("the reason for the refusal"))),
}


def declare() -> None:
    for kind in LetterKind:
        letter_kind(
            kind.value,
            kind.label,
            app="intake",
            placeholders=COMMON_PLACEHOLDERS + PLACEHOLDERS[kind],
        )
    work.register()
    menu_entry(
        "phone_intake",
        _("Application by phone"),
        "intake:phone_intake",
        order=30,
        capability=APPLICATION_FILE,
        app="intake",
    )
    menu_entry(
        "online_applications",
        _("Online applications"),
        "intake:online_list",
        order=35,
        capability=APPLICATION_FILE,
        app="intake",
    )
    menu_entry(
        "queues",
        _("Queues"),
        "intake:queue_index",
        order=60,
        capability=APPLICATION_VIEW,
        app="intake",
    )
