"""Writing the audit log (every service that changes state calls ``audit_record``) and reading
it in words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from opencus.core.formatting import day_text, moment_text
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import has_capability

# Set by RequestContextMiddleware for the duration of a request: where the request came from.
current_ip: ContextVar[str | None] = ContextVar("opencus_current_ip", default=None)


def actor_or_none(acting_user: Any) -> Any:
    """The user to record as the actor of a change: ``None`` for the system (no user, or an
    anonymous visitor of the public pages)."""
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
    label: str | None = None,
) -> AuditEvent:
    """Write one row of the log. ``label`` names ``obj`` instead of its ``str()`` when that
    would carry special-category text into the log (a goal of an individual plan reads as its
    wording)."""
    user = actor_or_none(actor)
    return AuditEvent.objects.create(
        actor=user,
        actor_username=getattr(user, "username", "") or "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(label if label is not None else str(obj) if obj is not None else "")[:200],
        changes=changes or {},
        ip_address=ip_address or current_ip.get(),
    )


def model_changes(instance: models.Model, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """The ``{field: [old, new]}`` diff of applying ``fields`` to ``instance`` (as text)."""
    diff: dict[str, list[Any]] = {}
    for name, new in fields.items():
        old = getattr(instance, name)
        if old != new:
            diff[name] = [_plain(old), _plain(new)]
    return diff


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


# --- Reading the log --------------------------------------------------------------------------
#
# The log is read by the director and the auditor. It says who did what in words: the staff
# member's name, the field's label, a related record's name, a choice's label and dates as
# dates, never ``units: [None, '1']`` or a bare id. A record of special-category data (a
# disability certificate, a health note) and what a read of such data covered are shown only
# to readers who may read that data (``AuditPeople.special_capability``); anyone else reads
# that such a record changed, not its content.

#: Change keys that are no model field, in words.
KEY_LABELS: dict[str, Any] = {
    "read": gettext_lazy("read"),
    "purpose": gettext_lazy("purpose"),
    "service": gettext_lazy("service"),
    "services": gettext_lazy("services"),
    "shown": gettext_lazy("shown to the user"),
    "eligibility_for": gettext_lazy("eligibility for"),
    "letter": gettext_lazy("letter"),
    "sent": gettext_lazy("sent"),
    "seed": gettext_lazy("seed"),
    "result": gettext_lazy("result"),
    "note": gettext_lazy("note"),
    "certificates": gettext_lazy("disability certificates"),
    "health_notes": gettext_lazy("health notes"),
    "assessment_notes": gettext_lazy("assessment notes"),
    "corrects": gettext_lazy("corrects"),
}
#: Stored values that are codes, in words.
VALUE_WORDS: dict[str, Any] = {
    "disability_certificates": gettext_lazy("disability certificates"),
    "eligibility": gettext_lazy("eligibility check"),
}
#: Change keys whose value is a list of things, not an ``[old, new]`` pair.
LIST_KEYS = frozenset({"assessment_notes", "result"})
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass
class AuditPeople:
    """What the people registry tells the log (``audit_people_register``): the person model
    (to filter the log by person), how to find people by a search text for a user, the models
    holding special-category data and the capability that may read them."""

    model: type[models.Model] | None = None
    search: Callable[[Any, str], Iterable[Any]] | None = None
    special_models: frozenset[type[models.Model]] = frozenset()
    special_capability: str | None = None


audit_people = AuditPeople()


def audit_people_register(
    *,
    model: type[models.Model],
    search: Callable[[Any, str], Iterable[Any]],
    special_models: Iterable[type[models.Model]],
    special_capability: str,
) -> None:
    audit_people.model = model
    audit_people.search = search
    audit_people.special_models = frozenset(special_models)
    audit_people.special_capability = special_capability


def person_audit_filter(*, user: Any, query: str) -> Q:
    """The events about the people a search ``query`` finds for ``user``: about the person
    and about every record that belongs to them (directly, or through one record, such as an
    application's request)."""
    person_model, search = audit_people.model, audit_people.search
    if person_model is None or search is None:
        return Q(pk__in=[])
    person_ids = [person.pk for person in list(search(user, query))[:200]]
    if not person_ids:
        return Q(pk__in=[])
    found = Q(
        content_type=ContentType.objects.get_for_model(person_model),
        object_id__in=[str(pk) for pk in person_ids],
    )
    for model in django_apps.get_models():
        paths = _paths_to(model, person_model)
        if not paths:
            continue
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{path}__in": person_ids})
        ids = model._base_manager.filter(condition).values_list("pk", flat=True)
        found |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in ids],
        )
    return found


def _paths_to(model: type[models.Model], target: type[models.Model]) -> list[str]:
    if model is target or model is AuditEvent:
        return []
    paths = []
    for field in model._meta.concrete_fields:
        related = field.related_model if field.many_to_one or field.one_to_one else None
        if related is None or related == "self" or not isinstance(related, type):
            continue
        if related is target:
            paths.append(field.name)
            continue
        for inner in related._meta.concrete_fields:
            if (inner.many_to_one or inner.one_to_one) and inner.related_model is target:
                paths.append(f"{field.name}__{inner.name}")
    return paths


@dataclass(frozen=True)
class AuditChange:
    label: str
    #: ``None``: the change is a single value, not "old → new".
    old: str | None
    new: str


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor: str
    subject: str
    changes: list[AuditChange]
    #: Special-category content is withheld from this reader.
    withheld: bool


def actor_name(event: AuditEvent) -> str:
    """The staff member's name (their user name when no name is recorded); "System" for a
    change or read made by the system."""
    if event.actor is not None:
        return event.actor.get_full_name() or event.actor.get_username()
    if event.actor_username:
        return event.actor_username
    return str(gettext_lazy("System"))


def audit_rows(events: Iterable[AuditEvent], *, user: Any) -> list[AuditRow]:
    """The events of a page in words for ``user`` (the related records named with one query
    per kind of record on the page)."""
    events = list(events)
    capability = audit_people.special_capability
    may_read_special = capability is None or has_capability(user, capability)
    wanted: dict[type[models.Model], set[Any]] = {}
    plans = []
    for event in events:
        model = event.content_type.model_class() if event.content_type else None
        withheld = not may_read_special and (
            model in audit_people.special_models or event.action == AuditAction.VIEW_SENSITIVE
        )
        fields = [] if withheld else _plan_changes(model, event.changes, wanted)
        plans.append((event, model, withheld, fields))
    names = {
        model: {pk: str(obj) for pk, obj in model._base_manager.in_bulk(list(pks)).items()}
        for model, pks in wanted.items()
    }
    rows = []
    for event, model, withheld, fields in plans:
        kind = event.content_type.name if event.content_type else ""
        if withheld and model in audit_people.special_models:
            subject = str(gettext_lazy("%(kind)s (special-category data)") % {"kind": kind})
        elif kind:
            subject = f"{kind}: {event.object_repr}"
        else:
            subject = event.object_repr
        changes = [
            AuditChange(label, *(_words(v, field, names) for v in values))
            if len(values) == 2
            else AuditChange(label, None, _words(values[0], field, names))
            for label, field, values in fields
        ]
        rows.append(AuditRow(event, actor_name(event), subject, changes, withheld))
    return rows


def _plan_changes(
    model: type[models.Model] | None, changes: Any, wanted: dict[type[models.Model], set[Any]]
) -> list[tuple[str, Any, list[Any]]]:
    if not isinstance(changes, dict):
        return []
    planned = []
    for key, value in changes.items():
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:
                field = None
        label = str(
            getattr(field, "verbose_name", None) or KEY_LABELS.get(key) or key.replace("_", " ")
        )
        # ``{field: [old, new]}`` is the convention; a few keys hold a plain list.
        pair = isinstance(value, list) and len(value) == 2 and key not in LIST_KEYS
        values = value if pair else [value]
        related = getattr(field, "related_model", None)
        if isinstance(related, type) and (field.many_to_one or field.one_to_one):  # type: ignore[union-attr]
            for item in values:
                if item not in (None, ""):
                    wanted.setdefault(related, set()).add(str(item))
        planned.append((label, field, values))
    return planned


def _words(value: Any, field: Any, names: dict[type[models.Model], dict[Any, str]]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(gettext_lazy("yes") if value else gettext_lazy("no"))
    if isinstance(value, list):
        return ", ".join(_words(item, field, names) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_words(v, None, names)}" for k, v in value.items())
    related = getattr(field, "related_model", None)
    if isinstance(related, type) and related in names:
        by_pk = {str(pk): name for pk, name in names[related].items()}
        return by_pk.get(str(value), str(gettext_lazy("record no longer exists")))
    choices = getattr(field, "flatchoices", None)
    if choices:
        label = dict(choices).get(value)
        if label is not None:
            return str(label)
    text = str(value)
    if text in VALUE_WORDS:
        return str(VALUE_WORDS[text])
    if _UUID.match(text):
        return _uuid_name(text)
    return _date_words(text)


def _date_words(text: str) -> str:
    """An ISO date or time stored as text, as the interface writes dates."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text
    try:
        if len(text) == 10:
            return day_text(dt.date.fromisoformat(text))
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return moment_text(moment)


def _uuid_name(text: str) -> str:
    """A record named by its UUID (older rows stored some so): its name when a record of the
    house carries that UUID, else the UUID."""
    for model in django_apps.get_models():
        field_names = {field.name for field in model._meta.concrete_fields}
        if "uuid" in field_names:
            found = model._base_manager.filter(uuid=text).first()
            if found is not None:
                return str(found)
    return text
