"""What intake adds to core's registries (called from ``IntakeConfig.ready``): its
capabilities, its letters with their placeholders, its sections of "my work" and its menu
entries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import letter_kind, menu_entry
from opencus.intake import work
from opencus.intake.capabilities import APPLICATION_FILE, APPLICATION_VIEW
from opencus.intake.letters import letter_sample
from opencus.intake.models import LetterKind

#: What every intake letter's text may use.
COMMON_PLACEHOLDERS = (
    ("{{ salutation }}", _("the greeting that fits the person's sex, e.g. “Szanowna Pani”")),
    (
        '{{ person.sex|gendered:"została,został" }}',
        _("the word form for a woman or for a man (both only when the sex is not known)"),
    ),
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
        (
            "{% if lottery %}…{% else %}…{% endif %}",
            _("whether a lottery (not the filing order) set the order of the list"),
        ),
    ),
    LetterKind.REFUSAL_NOTICE: (
        SERVICE,
        ("{{ reason }}", _("the reason for the refusal")),
        (
            "{% if appeal.decision %}…{% else %}…{% endif %}",
            _("whether the refusal is an administrative decision (appeal) or not (complaint)"),
        ),
        ("{{ appeal.days }}", _("the days allowed to appeal or to ask for reconsideration")),
        (
            '{{ appeal.deadline|date:"d.m.Y" }}',
            _("the last day to do so if the letter is received on the day it is written"),
        ),
        ("{{ appeal.body }}", _("the board of appeal")),
        ("{{ appeal.complaint_body }}", _("who hears complaints about the centre")),
        ("{{ decision_number }}", _("the number of the decision")),
        ('{{ decision_date|date:"d.m.Y" }}', _("the date of the decision")),
    ),
}


def declare() -> None:
    for kind in LetterKind:
        letter_kind(
            kind.value,
            kind.label,
            app="intake",
            placeholders=COMMON_PLACEHOLDERS + PLACEHOLDERS[kind],
            sample=letter_sample,
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
        "queues",
        _("Queues"),
        "intake:queue_index",
        order=60,
        capability=APPLICATION_VIEW,
        app="intake",
    )
