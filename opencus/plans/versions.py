"""A version's content as plain text (``version_content``): what the approver saw on
submission (kept in ``PlanTransition.snapshot``), and what two versions are compared by.

The content is JSON-able: the header's fields, then each kind of part with its parts in order,
each part with its ``key`` (the same in every version that copied it), a title, and its
fields, each a label and a value written as the pages write it (dates ``15.01.2027``, choices
by their label, people and services by their name)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

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
