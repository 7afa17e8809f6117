"""A version's content as plain text (``version_content``): what the approver saw on
submission (kept in ``PlanTransition.snapshot``), and what two versions are compared by.

The content is JSON-able: the header's fields, then each kind of part with its parts in order,
each part with its ``key`` (the same in every version that copied it), a title, and its
fields, each a label and a value written as the pages write it (dates ``15.01.2027``, choices
by their label, people and services by their name)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from opencus.core.formatting import day_text, number_text
from opencus.plans.models import (
    PlanCommitment,
    PlanGoal,
    PlannedService,
    PlanParticipant,
    PlanReviewDate,
    PlanVersion,
)

#: The header of a version, in the order it is shown.
HEADER_FIELDS = (
    "starts_on",
    "ends_on",
    "situation",
    "consent_given_on",
    "consent_note",
    "change_reason",
)

#: Each kind of part: the name of its list on the version, its model and the fields shown.
PART_KINDS: tuple[tuple[str, type[models.Model], tuple[str, ...]], ...] = (
    ("goals", PlanGoal, ("description", "measure", "target_on")),
    (
        "planned_services",
        PlannedService,
        ("service", "provider", "scope", "units", "unit", "period", "starts_on", "ends_on"),
    ),
    ("commitments", PlanCommitment, ("text",)),
    ("participants", PlanParticipant, ("kind", "user", "name", "role", "contact")),
    ("review_dates", PlanReviewDate, ("due_on",)),
)


def value_text(instance: models.Model, name: str) -> str:
    """The value of one field as text: empty for nothing."""
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    choices = getattr(field, "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value or ""))
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return day_text(value)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return number_text(value)
    if getattr(field, "related_model", None) is not None and hasattr(value, "get_full_name"):
        return str(value.get_full_name() or value.get_username())
    return str(value)


def _fields(instance: models.Model, names: tuple[str, ...]) -> list[dict[str, str]]:
    return [
        {
            "name": name,
            "label": str(instance._meta.get_field(name).verbose_name),  # type: ignore[union-attr]
            "value": value_text(instance, name),
        }
        for name in names
    ]


def version_content(version: PlanVersion) -> dict[str, Any]:
    """The content of ``version`` as text, JSON-able: ``{"number", "header": [fields],
    "parts": [{"name", "label", "items": [{"key", "title", "fields": [fields]}]}]}``, each
    field ``{"name", "label", "value"}``."""
    parts = []
    for name, model, field_names in PART_KINDS:
        related = getattr(version, name).all()
        if model is PlannedService:
            related = related.select_related("service", "provider")
        elif model is PlanParticipant:
            related = related.select_related("user")
        items = [
            {
                "key": str(part.key),
                "title": _title(part),
                "fields": _fields(part, field_names),
            }
            for part in related.order_by(*model._meta.ordering)
        ]
        parts.append(
            {
                "name": name,
                "label": str(model._meta.verbose_name_plural),
                "items": items,
            }
        )
    return {
        "number": version.number,
        "header": _fields(version, HEADER_FIELDS),
        "parts": parts,
    }


def _title(part: models.Model) -> str:
    if isinstance(part, PlannedService):
        return str(part.service)
    if isinstance(part, PlanParticipant):
        return value_text(part, "user") if part.user_id else part.name
    if isinstance(part, PlanReviewDate):
        return day_text(part.due_on)
    return str(part)


# --- Two versions compared side by side (issue 10, item 3) ------------------------------------
#
# ``version_diff`` compares two versions, a version and a submitted snapshot, or two snapshots,
# from their ``version_content``. The parts are matched by their ``key``, which a new version
# keeps when it copies a part (``plan_change_start``): a goal edited in version 2 is "changed",
# a goal added "added", a goal dropped "removed". The header's fields are compared one by one
# (the period, the situation, the consent, what changes and why), the planned services on the
# service, the provider, the scope, the frequency and the dates.

#: The statuses of a compared row.
SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"


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
    """One part of the plan compared (its header, the goals, the planned services…): the rows
    in the right-hand version's order, the removed parts last."""

    title: str
    rows: list[DiffRow]

    @property
    def changes(self) -> int:
        return sum(1 for row in self.rows if row.differs)


Content = Mapping[str, Any]


def _section_titles() -> dict[str, str]:
    return {
        "goals": _("Goals"),
        "planned_services": _("Planned services"),
        "commitments": _("The person's commitments"),
        "participants": _("People and institutions involved"),
        "review_dates": _("Review dates"),
    }


_MODELS: dict[str, type[models.Model]] = {
    "header": PlanVersion,
    **{name: model for name, model, _fields_shown in PART_KINDS},
}


def _label(kind: str, field: Mapping[str, Any]) -> str:
    """A field's label in the reader's language (the snapshot keeps the one of the day)."""
    model = _MODELS.get(kind)
    label = None
    if model is not None:
        try:
            label = getattr(model._meta.get_field(str(field.get("name"))), "verbose_name", None)
        except FieldDoesNotExist:
            label = None
    return capfirst(str(label or field.get("label") or field.get("name") or ""))


def _values(fields: Any) -> dict[str, str]:
    return {str(field.get("name")): str(field.get("value") or "") for field in fields or []}


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


def _span(starts_on: str, ends_on: str) -> str:
    if not starts_on and not ends_on:
        return ""
    return f"{starts_on or '…'}–{ends_on or '…'}"


def _consent(values: dict[str, str]) -> str:
    lines = []
    if values.get("consent_given_on"):
        lines.append(_("The person agreed on %(day)s.") % {"day": values["consent_given_on"]})
    if values.get("consent_note"):
        lines.append(values["consent_note"])
    return "\n".join(lines)


def _header(left: Content, right: Content) -> DiffSection:
    before, after = _values(left.get("header")), _values(right.get("header"))
    rows = [
        _row(
            _("Period"),
            _span(before.get("starts_on", ""), before.get("ends_on", "")),
            _span(after.get("starts_on", ""), after.get("ends_on", "")),
        ),
        _row(_("The person's situation"), before.get("situation", ""), after.get("situation", "")),
        _row(_("Consent"), _consent(before), _consent(after)),
        _row(
            _("What changes and why"),
            before.get("change_reason", ""),
            after.get("change_reason", ""),
        ),
    ]
    shown = {
        "starts_on",
        "ends_on",
        "situation",
        "consent_given_on",
        "consent_note",
        "change_reason",
    }
    fields = {str(f.get("name")): f for f in [*left.get("header", []), *right.get("header", [])]}
    for name, field in fields.items():  # a field the content gained later, if any
        if name not in shown:
            rows.append(_row(_label("header", field), before.get(name, ""), after.get(name, "")))
    return DiffSection(title=_("The plan"), rows=rows)


def _lines(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs if value)


def _service_text(item: Content) -> str:
    values = _values(item.get("fields"))
    frequency = ""
    if values.get("units"):
        frequency = f"{values['units']} × {values.get('unit', '')} / {values.get('period', '')}"
    return _lines(
        [
            (_("Service"), values.get("service") or str(item.get("title") or "")),
            (_("Provider"), values.get("provider") or _("the centre")),
            (_("Scope"), values.get("scope", "")),
            (_("How often"), frequency),
            (_("Dates"), _span(values.get("starts_on", ""), values.get("ends_on", ""))),
        ]
    )


def _item_text(kind: str, item: Content) -> str:
    if kind == "planned_services":
        return _service_text(item)
    fields = list(item.get("fields") or [])
    if kind == "review_dates" or len(fields) == 1:
        return str(fields[0].get("value") or "") if fields else str(item.get("title") or "")
    return _lines([(_label(kind, field), str(field.get("value") or "")) for field in fields])


def _item_label(kind: str, item: Content) -> str:
    if kind == "review_dates":
        return _("Review date")
    return Truncator(str(item.get("title") or "")).chars(60) or _("Part of the plan")


def _parts(kind: str, title: str, left: list[Content], right: list[Content]) -> DiffSection:
    """Parts matched by ``key``: those on the right in their order (same, changed or added),
    then those only on the left (removed)."""
    on_left = {str(item.get("key")): item for item in left}
    right_keys = {str(item.get("key")) for item in right}
    rows = []
    for item in right:
        before = on_left.get(str(item.get("key")))
        text = _item_text(kind, item)
        if before is None:
            rows.append(DiffRow(_item_label(kind, item), "", text, ADDED))
        else:
            old = _item_text(kind, before)
            rows.append(
                DiffRow(_item_label(kind, item), old, text, SAME if old == text else CHANGED)
            )
    for item in left:
        if str(item.get("key")) not in right_keys:
            rows.append(DiffRow(_item_label(kind, item), _item_text(kind, item), "", REMOVED))
    return DiffSection(title=title, rows=rows)


def content_diff(left: Content, right: Content) -> list[DiffSection]:
    """Two contents (``version_content``, or snapshots of it) compared, section by section:
    the header, then each kind of part in the order of ``PART_KINDS``."""
    titles = _section_titles()
    left_parts = {str(part.get("name")): part for part in left.get("parts") or []}
    right_parts = {str(part.get("name")): part for part in right.get("parts") or []}
    names = [name for name, _model, _shown in PART_KINDS]
    names += [name for name in [*left_parts, *right_parts] if name not in names]
    sections = [_header(left, right)]
    for name in dict.fromkeys(names):
        either = right_parts.get(name) or left_parts.get(name) or {}
        title = titles.get(name) or capfirst(str(either.get("label") or name))
        sections.append(
            _parts(
                name,
                title,
                list((left_parts.get(name) or {}).get("items") or []),
                list((right_parts.get(name) or {}).get("items") or []),
            )
        )
    return sections


def _stored_fields(content: Content) -> list[tuple[str, Mapping[str, Any]]]:
    fields: list[tuple[str, Mapping[str, Any]]] = [
        ("header", field) for field in content.get("header") or []
    ]
    for part in content.get("parts") or []:
        for item in part.get("items") or []:
            fields.extend((str(part.get("name")), field) for field in item.get("fields") or [])
    return fields


def _language_score(fields: list[tuple[str, Mapping[str, Any]]]) -> int:
    """How many of the stored labels, and of the stored choices (units, periods, kinds), read
    as the active language writes them."""
    score = 0
    for kind, stored in fields:
        model = _MODELS.get(kind)
        if model is None:
            continue
        try:
            field = model._meta.get_field(str(stored.get("name")))
        except FieldDoesNotExist:
            continue
        if str(getattr(field, "verbose_name", "")) == stored.get("label"):
            score += 1
        choices = getattr(field, "flatchoices", None)
        if choices and stored.get("value") in {str(label) for _value, label in choices}:
            score += 1
    return score


def content_language(content: Content) -> str | None:
    """The language a content's text was written in (a snapshot keeps the labels and values
    of the day it was submitted): the one that writes most of its labels and choices the
    same way; on a tie, the reader's language, then the site's."""
    fields = _stored_fields(content)
    if not fields:
        return None
    codes = [code for code, _name in settings.LANGUAGES]
    preferred = [translation.get_language() or "", settings.LANGUAGE_CODE]
    scores = {}
    for code in codes:
        with translation.override(code):
            scores[code] = _language_score(fields)
    return max(codes, key=lambda code: (scores[code], code in preferred[:1], code in preferred))


def version_diff(left: PlanVersion | Content, right: PlanVersion | Content) -> list[DiffSection]:
    """``left`` (usually the older) and ``right`` compared side by side, in the reader's
    language. Either may be a ``PlanVersion`` or its content (``version_content``, a submitted
    ``PlanTransition.snapshot``). A version compared with a snapshot is read in the snapshot's
    language, so the words of the day (units, periods, kinds) do not show as changes."""
    stored = [side for side in (left, right) if not isinstance(side, PlanVersion)]
    language = content_language(stored[0]) if stored else None

    def content(side: PlanVersion | Content) -> Content:
        if not isinstance(side, PlanVersion):
            return side
        if language is None:
            return version_content(side)
        with translation.override(language):
            return version_content(side)

    return content_diff(content(left), content(right))
