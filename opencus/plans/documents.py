"""The plan on paper (issue 10, item 7): a version of an individual plan as a tagged PDF
(PDF/UA-1), in plain words, for the person to read and sign.

It says what the plan is and what happens next in short sentences, then the person's goals
and how we will know they are reached, the services with who provides them, how often and
from when to when, what the person undertakes to do, who else is involved and how to reach
them, the review dates, the coordinator and the centre's address; and lines for the person's
and the approver's signatures. It is printed in the person's language (Polish, Ukrainian or
English, ``Person.preferred_language``) unless another is asked for: the words of the form are
translated, what the coordinator wrote stays as written, the services' names are in the
language when the catalogue has them.

WeasyPrint renders it as the letters are (``core.letters``): the DejaVu fonts embedded, nothing
else fetched. The plan is special-category data: ``plan_pdf_read`` writes the audit row of the
reading (``AuditAction.VIEW_SENSITIVE``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from opencus.core.audit import audit_record
from opencus.core.letters import FONT_DIR, FONT_FILES, centre_details, letter_url_fetcher
from opencus.core.models import AuditAction
from opencus.plans.models import (
    ParticipantKind,
    PlannedService,
    PlanParticipant,
    PlanVersion,
)

#: The languages the plan is printed in (those of the interface).
PLAN_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def plan_language(version: PlanVersion, asked: str = "") -> str:
    """The language to print in: ``asked`` if the plan is printed in it, else the person's
    preferred language, else Polish."""
    if asked in PLAN_LANGUAGES:
        return asked
    preferred = getattr(version.plan.person, "preferred_language", "")
    return preferred if preferred in PLAN_LANGUAGES else settings.LANGUAGE_CODE


def _name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


@dataclass(frozen=True)
class Involved:
    """Someone involved in the plan, as the person reads it: a name, what they do, how to
    reach them."""

    name: str
    role: str
    contact: str
    staff: bool


def _involved(participant: PlanParticipant) -> Involved:
    staff = participant.kind == ParticipantKind.STAFF
    name = participant.name or _name(participant.user)
    contact = participant.contact
    if not contact and staff and participant.user is not None:
        contact = participant.user.email
    return Involved(name=name, role=participant.role, contact=contact, staff=staff)


def _provider_name(planned: PlannedService, centre: dict[str, str]) -> str:
    return planned.provider.name if planned.provider is not None else centre["name"]


def plan_context(version: PlanVersion, language: str) -> dict[str, Any]:
    """What the template reads: the plan, its person and coordinator, the version's content,
    the centre. Called with ``language`` active (service names, units and periods in it)."""
    plan = version.plan
    centre = centre_details()
    participants = [
        _involved(participant)
        for participant in version.participants.select_related("user").order_by("position", "id")
    ]
    coordinator = plan.coordinator
    coordinator_contact = next(
        (
            participant.contact
            for participant in version.participants.all()
            if participant.user_id == coordinator.pk and participant.contact
        ),
        "",
    )
    services = [
        {
            "name": planned.service.name,
            "provider": _provider_name(planned, centre),
            "scope": planned.scope,
            "frequency": planned.frequency_text,
            "starts_on": planned.starts_on,
            "ends_on": planned.ends_on,
        }
        for planned in version.planned_services.select_related("service", "provider").order_by(
            "position", "id"
        )
    ]
    return {
        "language": language,
        "centre": centre,
        "today": timezone.localdate(),
        "fonts": {name: path.as_uri() for name, path in FONT_FILES.items()},
        "plan": plan,
        "person_name": plan.person.full_name,
        "version": version,
        "coordinator": {
            "name": _name(coordinator),
            "contact": coordinator_contact,
            "email": coordinator.email,
        },
        "approved_by": _name(version.approved_by),
        "goals": list(version.goals.order_by("position", "id")),
        "services": services,
        "commitments": list(version.commitments.order_by("position", "id")),
        "participants": participants,
        "review_dates": list(version.review_dates.order_by("due_on", "id")),
    }


def plan_html(version: PlanVersion, language: str = "pl") -> str:
    """The plan as an HTML document in ``language``: what WeasyPrint turns into the PDF."""
    with translation.override(language):
        return render_to_string("plans/pdf/plan.html", plan_context(version, language))


def plan_pdf(version: PlanVersion, language: str = "pl") -> bytes:
    """The plan as a tagged PDF (PDF/UA-1) with its title, language and fonts embedded."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    document = HTML(
        string=plan_html(version, language),
        base_url=str(FONT_DIR),
        url_fetcher=letter_url_fetcher(),
    )
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def plan_pdf_filename(version: PlanVersion) -> str:
    """``plan-IPUS-2026-00012-v2.pdf``: letters, digits and dashes only."""
    reference = re.sub(r"[^A-Za-z0-9]+", "-", version.plan.reference).strip("-")
    return f"plan-{reference}-v{version.number}.pdf"


def plan_pdf_read(*, version: PlanVersion, acting_user: Any, language: str) -> bytes:
    """The printed plan for ``acting_user`` (who was allowed to see the plan), its reading
    recorded in the audit log: the plan is special-category data."""
    pdf = plan_pdf(version, language)
    audit_record(
        actor=acting_user,
        action=AuditAction.VIEW_SENSITIVE,
        obj=version,
        changes={"read": "plan_pdf", "language": language},
    )
    return pdf
