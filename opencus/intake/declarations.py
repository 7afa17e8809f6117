"""What intake adds to core's registries (called from ``IntakeConfig.ready``): its
capabilities, its letters with their placeholders, its sections of "my work" and its menu
entries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.core.formatting import day_text
from opencus.core.registry import (
    SearchHit,
    SearchHits,
    letter_kind,
    menu_entry,
    search_hits,
    search_source,
)
from opencus.core.roles import has_capability
from opencus.intake import timeline, work
from opencus.intake.capabilities import APPLICATION_FILE, APPLICATION_VIEW
from opencus.intake.letters import letter_sample
from opencus.intake.models import Application, LetterKind, OnlineApplication
from opencus.intake.selectors import application_search, online_application_search

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


def _application_hit(application: Application) -> SearchHit:
    filed = day_text(timezone.localdate(application.filed_at))
    return SearchHit(
        title=application.reference,
        url=reverse("intake:application_detail", args=[application.uuid]),
        detail=f"{application.person.full_name} · {filed}",
    )


def search_applications(user: Any, query: str) -> SearchHits | None:
    """The staff search's applications: those ``user`` may see, by number however typed."""
    if not has_capability(user, APPLICATION_VIEW):
        return None
    return search_hits(application_search(user=user, query=query), _application_hit)


def _online_hit(online: OnlineApplication) -> SearchHit:
    received = day_text(timezone.localdate(online.received_at))
    return SearchHit(
        title=online.reference,
        url=reverse("intake:online_detail", args=[online.uuid]),
        detail=f"{online.first_name} {online.last_name} · {received}",
    )


def search_online_applications(user: Any, query: str) -> SearchHits | None:
    """The staff search's online applications (``E/…``, waiting for or past the client
    office's check): for those who check them, by number however typed."""
    if not has_capability(user, APPLICATION_FILE):
        return None
    return search_hits(online_application_search(user=user, query=query), _online_hit)


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
    timeline.register()
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
    search_source(
        "applications",
        _("Applications"),
        search=search_applications,
        order=20,
        app="intake",
    )
    search_source(
        "online_applications",
        _("Online applications"),
        search=search_online_applications,
        order=25,
        app="intake",
    )
