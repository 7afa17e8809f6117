"""A version's content as plain data, and two versions compared side by side (issue 10, item 3:
"earlier approved versions stay readable, and the differences between two versions can be
shown side by side").

``version_content`` describes what a version holds — its header (period, situation, consent,
what changes and why) and its parts (goals, planned services, commitments, the people
involved, review dates) — as JSON-able data. The services keep it in
``PlanTransition.snapshot`` when a version is submitted, so what the approver saw stays readable
even if the version is returned and edited.

``version_diff`` compares two versions, or a version and a snapshot, or two snapshots. The
parts are matched by their ``key``, which a new version keeps when it copies a part
(``plan_change_start``): a goal edited in version 2 is "changed", a goal added "added", a goal
dropped "removed". The header fields are compared one by one, the planned services on the
service, the provider, the scope, the frequency and the dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from opencus.catalog.models import Period, Unit
from opencus.core.formatting import day_text, number_text
from opencus.plans.models import ParticipantKind, PlanVersion

#: The statuses of a compared row.
SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"

#: The content's format: raised when its shape changes, so old snapshots can be read.
CONTENT_FORMAT = 1


# --- The content as data ----------------------------------------------------------------------


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _person_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def version_content(version: PlanVersion) -> dict[str, Any]:
    """What ``version`` holds, as JSON-able data: the header fields, and each part with its
    stable ``key`` (as text) in the version's order. Dates are ISO text, amounts decimal text;
    related rows (service, provider, staff member) are kept with their id and their name as it
    was, so a snapshot still reads the same when a name changes later."""
    goals = version.goals.order_by("position", "id")
    services = version.planned_services.select_related("service", "provider").order_by(
        "position", "id"
    )
    participants = version.participants.select_related("user").order_by("position", "id")
    return {
        "format": CONTENT_FORMAT,
        "number": version.number,
        "starts_on": _day(version.starts_on),
        "ends_on": _day(version.ends_on),
        "situation": version.situation,
        "consent_given_on": _day(version.consent_given_on),
        "consent_note": version.consent_note,
        "change_reason": version.change_reason,
        "goals": [
            {
                "key": str(goal.key),
                "description": goal.description,
                "measure": goal.measure,
                "target_on": _day(goal.target_on),
            }
            for goal in goals
        ],
        "planned_services": [
            {
                "key": str(planned.key),
                "service_id": planned.service_id,
                "service": planned.service.name,
                "provider_id": planned.provider_id,
                "provider": planned.provider.name if planned.provider is not None else "",
                "scope": planned.scope,
                "units": str(planned.units),
                "unit": planned.unit,
                "period": planned.period,
                "starts_on": _day(planned.starts_on),
                "ends_on": _day(planned.ends_on),
            }
            for planned in services
        ],
        "commitments": [
            {"key": str(commitment.key), "text": commitment.text}
            for commitment in version.commitments.order_by("position", "id")
        ],
        "participants": [
            {
                "key": str(participant.key),
                "kind": participant.kind,
                "user_id": participant.user_id,
                "name": participant.name or _person_name(participant.user),
                "role": participant.role,
                "contact": participant.contact,
            }
            for participant in participants
        ],
        "review_dates": [
            {"key": str(review.key), "due_on": _day(review.due_on)}
            for review in version.review_dates.order_by("due_on", "id")
        ],
    }


# --- Two versions compared --------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    """One line of the comparison: what it is about, its text on the left and on the right
    ("" where there is none; lines separated by a newline, shown with ``linebreaksbr``), and
    ``status``: "same", "changed", "added" (only on the right) or "removed" (only on the
    left)."""

    label: str
    left: str
    right: str
    status: str

    @property
    def differs(self) -> bool:
        return self.status != SAME


@dataclass(frozen=True)
class DiffSection:
    """A part of the plan compared (the plan's header, goals, planned services…), its rows in
    the order of the right-hand version, removed parts last."""

    title: str
    rows: list[DiffRow]

    @property
    def changes(self) -> int:
        return sum(1 for row in self.rows if row.differs)


Content = Mapping[str, Any]


def _content(side: PlanVersion | Content) -> Content:
    return version_content(side) if isinstance(side, PlanVersion) else side


def _date_text(value: Any) -> str:
    if not value:
        return ""
    try:
        return day_text(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _status(left: str, right: str) -> str:
    if left == right:
        return SAME
    if not left:
        return ADDED
    if not right:
        return REMOVED
    return CHANGED


def _row(label: str, left: str, right: str) -> DiffRow:
    return DiffRow(label=label, left=left, right=right, status=_status(left, right))


def _period_text(starts_on: Any, ends_on: Any) -> str:
    if not starts_on and not ends_on:
        return ""
    return f"{_date_text(starts_on) or '…'}–{_date_text(ends_on) or '…'}"


def _consent_text(content: Content) -> str:
    lines = []
    if content.get("consent_given_on"):
        lines.append(
            _("The person agreed on %(day)s.") % {"day": _date_text(content["consent_given_on"])}
        )
    if content.get("consent_note"):
        lines.append(str(content["consent_note"]))
    return "\n".join(lines)


def _header(left: Content, right: Content) -> DiffSection:
    return DiffSection(
        title=_("The plan"),
        rows=[
            _row(
                _("Period"),
                _period_text(left.get("starts_on"), left.get("ends_on")),
                _period_text(right.get("starts_on"), right.get("ends_on")),
            ),
            _row(
                _("The person's situation"),
                str(left.get("situation") or ""),
                str(right.get("situation") or ""),
            ),
            _row(_("Consent"), _consent_text(left), _consent_text(right)),
            _row(
                _("What changes and why"),
                str(left.get("change_reason") or ""),
                str(right.get("change_reason") or ""),
            ),
        ],
    )


def _choice_label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def frequency_text(units: Any, unit: Any, period: Any) -> str:
    """``2 × hour / week`` from the stored amount, unit and period codes (active language)."""
    try:
        amount = number_text(Decimal(str(units)))
    except (InvalidOperation, ValueError):
        amount = str(units)
    return f"{amount} × {_choice_label(Unit, unit)} / {_choice_label(Period, period)}"


def _lines(*pairs: tuple[str, Any]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs if value)


def _goal_text(goal: Content) -> str:
    return _lines(
        (_("What should change"), goal.get("description")),
        (_("How we will know"), goal.get("measure")),
        (_("By when"), _date_text(goal.get("target_on"))),
    )


def _goal_label(goal: Content) -> str:
    return Truncator(str(goal.get("description") or "")).chars(60) or _("Goal")


def _service_text(service: Content) -> str:
    return _lines(
        (_("Service"), service.get("service")),
        (_("Provider"), service.get("provider") or _("the centre")),
        (_("Scope"), service.get("scope")),
        (
            _("How often"),
            frequency_text(service.get("units"), service.get("unit"), service.get("period")),
        ),
        (_("Dates"), _period_text(service.get("starts_on"), service.get("ends_on"))),
    )


def _service_label(service: Content) -> str:
    return str(service.get("service") or _("Planned service"))


def _commitment_text(commitment: Content) -> str:
    return str(commitment.get("text") or "")


def _commitment_label(commitment: Content) -> str:
    return Truncator(str(commitment.get("text") or "")).chars(60) or _("Commitment")


def _participant_text(participant: Content) -> str:
    return _lines(
        (_("Who"), _choice_label(ParticipantKind, participant.get("kind"))),
        (_("Name"), participant.get("name")),
        (_("Role in the plan"), participant.get("role")),
        (_("Contact"), participant.get("contact")),
    )


def _participant_label(participant: Content) -> str:
    return str(participant.get("name") or _("Person involved"))


def _review_text(review: Content) -> str:
    return _date_text(review.get("due_on"))


def _review_label(review: Content) -> str:
    return _("Review")


def _parts(
    title: str,
    left: list[Content],
    right: list[Content],
    text: Callable[[Content], str],
    label: Callable[[Content], str],
) -> DiffSection:
    """Parts matched by ``key``: those on the right in their order (same, changed or added),
    then those only on the left (removed)."""
    on_left = {str(part.get("key")): part for part in left}
    right_keys = {str(part.get("key")) for part in right}
    rows = []
    for part in right:
        before = on_left.get(str(part.get("key")))
        if before is None:
            rows.append(DiffRow(label=label(part), left="", right=text(part), status=ADDED))
        else:
            left_text, right_text = text(before), text(part)
            status = SAME if left_text == right_text else CHANGED
            rows.append(DiffRow(label=label(part), left=left_text, right=right_text, status=status))
    for part in left:
        if str(part.get("key")) not in right_keys:
            rows.append(DiffRow(label=label(part), left=text(part), right="", status=REMOVED))
    return DiffSection(title=title, rows=rows)


def content_diff(left: Content, right: Content) -> list[DiffSection]:
    """Two contents (``version_content`` or a submitted snapshot) compared, section by
    section, in the active language."""
    sections = [
        (_("Goals"), "goals", _goal_text, _goal_label),
        (_("Planned services"), "planned_services", _service_text, _service_label),
        (_("The person's commitments"), "commitments", _commitment_text, _commitment_label),
        (
            _("People and institutions involved"),
            "participants",
            _participant_text,
            _participant_label,
        ),
        (_("Review dates"), "review_dates", _review_text, _review_label),
    ]
    return [
        _header(left, right),
        *(
            _parts(title, list(left.get(name) or []), list(right.get(name) or []), text, label)
            for title, name, text, label in sections
        ),
    ]


def version_diff(left: PlanVersion | Content, right: PlanVersion | Content) -> list[DiffSection]:
    """``left`` (usually the older version) and ``right`` compared side by side. Either may be
    a ``PlanVersion`` or its content as data (``version_content``, a submitted
    ``PlanTransition.snapshot``)."""
    return content_diff(_content(left), _content(right))
