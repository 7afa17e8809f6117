"""State changes of the catalogue. Programmes and places are created in the administration
panel at this stage; staff with ``catalog.manage`` edit service cards, and the texts of
programmes and places in each language, here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from opencus.catalog.capabilities import CATALOG_MANAGE
from opencus.catalog.errors import PolishNameMissing
from opencus.catalog.models import Area, Location, Programme, ProgrammeService, TargetGroup
from opencus.catalog.translation import (
    LOCATION_TEXT_FIELDS,
    PROGRAMME_TEXT_FIELDS,
    SERVICE_TEXT_FIELDS,
)
from opencus.core.audit import audit_record, model_changes
from opencus.core.models import AuditAction
from opencus.core.roles import has_capability

#: The languages of the catalogue's texts (settings.LANGUAGES), Polish first.
TEXT_LANGUAGES = ("pl", "uk", "en")


def _language_columns(base: tuple[str, ...]) -> tuple[str, ...]:
    """``name`` → ``name_pl``, ``name_uk``, ``name_en`` … (the modeltranslation columns)."""
    return tuple(f"{name}_{language}" for language in TEXT_LANGUAGES for name in base)


#: The texts of a programme and of a place that staff edit, in each language.
PROGRAMME_TEXT_COLUMNS = _language_columns(PROGRAMME_TEXT_FIELDS)
LOCATION_TEXT_COLUMNS = _language_columns(LOCATION_TEXT_FIELDS)

#: The card's own fields a staff edit may change (not the programme, address name or dates).
EDITABLE_FIELDS = (
    # The texts of the card in each language (catalog/translation.py): name_pl, name_uk …
    *(f"{name}_{language}" for language in ("pl", "uk", "en") for name in SERVICE_TEXT_FIELDS),
    "eligibility_rules",
    # Not "capacity": places change through intake's service_capacity_set, which promotes
    # from the waiting list (the catalogue does not reach up into the queue).
    "capacity_period",
    "fee_kind",
    "fee_amount",
    "fee_unit",
    "qualification_mode",
    "quality_standard",
    "legal_basis",
    "contact_phone",
    "contact_email",
    "status",
    "is_public",
)


def _ids(objects: Iterable[Any]) -> list[str]:
    return sorted(str(obj.pk) for obj in objects)


def _set_relation(name: str, manager: Any, new: list[Any], changes: dict[str, Any]) -> None:
    old_ids, new_ids = _ids(manager.all()), _ids(new)
    if old_ids != new_ids:
        manager.set(new)
        changes[name] = [old_ids, new_ids]


@transaction.atomic
def programme_service_update(
    *,
    service: ProgrammeService,
    acting_user: Any,
    fields: dict[str, Any],
    areas: Iterable[Area],
    target_groups: Iterable[TargetGroup],
    locations: Iterable[Location],
) -> ProgrammeService:
    """Change a service card. Only staff with ``catalog.manage`` may; the values must already
    be validated (``ProgrammeServiceForm``: eligibility rules by ``validate_rules``, a flat fee
    with an amount). The row is locked while it changes, and the audit log gets the old and new
    value of every changed field."""
    if not has_capability(acting_user, CATALOG_MANAGE):
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    current = ProgrammeService.objects.select_for_update().get(pk=service.pk)
    changes: dict[str, Any] = model_changes(current, fields)
    for name, value in fields.items():
        setattr(current, name, value)
    if changes:
        current.save(update_fields=[*changes, "updated_at"])

    for name, manager, new in (
        ("areas", current.areas, list(areas)),
        ("target_groups", current.target_groups, list(target_groups)),
        ("locations", current.locations, list(locations)),
    ):
        _set_relation(name, manager, new, changes)

    if changes:
        audit_record(actor=acting_user, action=AuditAction.UPDATE, obj=current, changes=changes)
    return current


def _texts_update(
    model: type[models.Model],
    obj: Any,
    acting_user: Any,
    fields: dict[str, Any],
    allowed: tuple[str, ...],
) -> Any:
    """Change the language versions of a programme's or a place's texts (one service each
    below): ``catalog.manage`` only, the row locked, the Polish name kept, the old and new value
    of every changed text in the audit log."""
    if not has_capability(acting_user, CATALOG_MANAGE):
        raise PermissionDenied
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    if "name_pl" in fields and not str(fields["name_pl"] or "").strip():
        raise PolishNameMissing({"name_pl": _("Enter the name in Polish.")})
    current = model._default_manager.select_for_update().get(pk=obj.pk)
    changes: dict[str, Any] = model_changes(current, fields)
    for name, value in fields.items():
        setattr(current, name, value)
    if changes:
        stamp = ["updated_at"] if hasattr(current, "updated_at") else []
        current.save(update_fields=[*changes, *stamp])
        audit_record(actor=acting_user, action=AuditAction.UPDATE, obj=current, changes=changes)
    return current


@transaction.atomic
def programme_texts_update(
    *, programme: Programme, acting_user: Any, fields: dict[str, Any]
) -> Programme:
    """Change a programme's name and description in Polish, Ukrainian and English
    (``name_pl``, ``description_uk`` …; the rest of the programme stays in the administration
    panel). An empty translation is ``None``: residents then read the Polish text."""
    return _texts_update(Programme, programme, acting_user, fields, PROGRAMME_TEXT_COLUMNS)


@transaction.atomic
def location_texts_update(
    *, location: Location, acting_user: Any, fields: dict[str, Any]
) -> Location:
    """Change a place's name, description and accessibility in Polish, Ukrainian and English
    (``name_pl``, ``accessibility_en`` …); as ``programme_texts_update``."""
    return _texts_update(Location, location, acting_user, fields, LOCATION_TEXT_COLUMNS)
