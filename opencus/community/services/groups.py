"""Local leaders, groups formed in a community and residents' initiatives."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from opencus.community.errors import RecordError
from opencus.community.models import Community, Group, Initiative, Leader
from opencus.community.services.common import clean, not_future
from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.people.models import Person


@transaction.atomic
def leader_add(
    *,
    community: Community,
    name: str,
    found_how: str,
    found_on: dt.date,
    person: Person | None = None,
    active_in: str = "",
    note: str = "",
    acting_user: Any,
) -> Leader:
    """Record a local leader and how they were found."""
    name = " ".join(name.split()) or (person.full_name if person else "")
    if not name:
        raise RecordError({"name": _("Enter the leader's name.")}, code="name")
    not_future(found_on, "found_on")
    leader = Leader.objects.create(
        community=community,
        person=person,
        name=name,
        found_how=found_how,
        found_on=found_on,
        active_in=clean(active_in),
        note=clean(note),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=leader,
        changes={"community": community.pk, "found_how": found_how},
    )
    return leader


@transaction.atomic
def group_add(
    *,
    community: Community,
    name: str,
    kind: str,
    started_on: dt.date,
    note: str = "",
    acting_user: Any,
) -> Group:
    """Record a group formed in the community."""
    name = " ".join(name.split())
    if not name:
        raise RecordError({"name": _("Enter the group's name.")}, code="name")
    not_future(started_on, "started_on")
    group = Group.objects.create(
        community=community, name=name, kind=kind, started_on=started_on, note=clean(note)
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=group,
        changes={"community": community.pk, "kind": kind, "started_on": started_on.isoformat()},
    )
    return group


@transaction.atomic
def group_end(*, group: Group, ended_on: dt.date, acting_user: Any) -> Group:
    """Record that a group ended (not before it started, not in the future)."""
    not_future(ended_on, "ended_on")
    if ended_on < group.started_on:
        raise RecordError({"ended_on": _("The end cannot be before the start.")}, code="order")
    if not Group.objects.filter(pk=group.pk, ended_on__isnull=True).update(ended_on=ended_on):
        raise RecordError(_("This group has already ended."), code="ended")
    group.refresh_from_db()
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=group,
        changes={"ended_on": ended_on.isoformat()},
    )
    return group


@transaction.atomic
def initiative_add(
    *,
    community: Community,
    title: str,
    started_on: dt.date,
    initiators: str,
    partners: str = "",
    resources: str = "",
    result: str = "",
    acting_user: Any,
) -> Initiative:
    """Record an initiative led by residents: who started it, with whom, with what, and what
    came of it."""
    title = " ".join(title.split())
    errors: dict[str, Any] = {}
    if not title:
        errors["title"] = _("Enter the initiative's title.")
    if not clean(initiators):
        errors["initiators"] = _("Name the residents who started it.")
    if errors:
        raise RecordError(errors, code="missing")
    not_future(started_on, "started_on")
    initiative = Initiative.objects.create(
        community=community,
        title=title,
        started_on=started_on,
        initiators=clean(initiators),
        partners=clean(partners),
        resources=clean(resources),
        result=clean(result),
        recorded_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=initiative,
        changes={"community": community.pk, "started_on": started_on.isoformat()},
    )
    return initiative
