"""Communities: their profile, streets, resource map and the OSL team."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from opencus.community.errors import RecordError
from opencus.community.models import (
    Community,
    CommunityKind,
    CommunityStreet,
    Resource,
    TeamAssignment,
)
from opencus.community.services.common import clean, not_future
from opencus.core.audit import audit_record
from opencus.core.identifiers import validate_ulic
from opencus.core.models import AuditAction


@dataclass
class CommunityData:
    name: str
    kind: str
    description: str = ""
    who_belongs: str = ""
    population: int | None = None
    population_note: str = ""


@transaction.atomic
def community_save(
    *, data: CommunityData, acting_user: Any, community: Community | None = None
) -> Community:
    """Create or change a community's profile; names are unique."""
    name = " ".join(data.name.split())
    if not name:
        raise RecordError({"name": _("Enter the community's name.")}, code="name")
    if data.kind not in CommunityKind.values:
        raise RecordError({"kind": _("Choose territorial or categorical.")}, code="kind")
    taken = Community.objects.filter(name__iexact=name)
    if community is not None:
        taken = taken.exclude(pk=community.pk)
    if taken.exists():
        raise RecordError({"name": _("A community of this name exists.")}, code="name_taken")
    fields = {
        "name": name,
        "kind": data.kind,
        "description": clean(data.description),
        "who_belongs": clean(data.who_belongs),
        "population": data.population,
        "population_note": clean(data.population_note),
    }
    if community is None:
        community = Community.objects.create(**fields)
        audit_record(actor=acting_user, action=AuditAction.CREATE, obj=community, changes=fields)
        return community
    Community.objects.filter(pk=community.pk).update(**fields)
    community.refresh_from_db()
    audit_record(actor=acting_user, action=AuditAction.UPDATE, obj=community, changes=fields)
    return community


@transaction.atomic
def street_add(
    *,
    community: Community,
    name: str,
    ulic: str,
    buildings: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    acting_user: Any,
) -> CommunityStreet:
    """Add a street (by its TERYT ULIC code) and, optionally, the buildings that belong."""
    if community.kind != CommunityKind.TERRITORIAL:
        raise RecordError(
            _("Only a territorial community is made of streets."), code="not_territorial"
        )
    name, ulic, buildings = " ".join(name.split()), ulic.strip(), " ".join(buildings.split())
    if not name:
        raise RecordError({"name": _("Enter the street's name.")}, code="name")
    if ulic:
        try:
            validate_ulic(ulic)
        except ValidationError as error:
            raise RecordError({"ulic": error.messages[0]}, code="ulic") from None
    if CommunityStreet.objects.filter(community=community, name=name, buildings=buildings).exists():
        raise RecordError({"name": _("This street is already in the community.")}, code="taken")
    street = CommunityStreet.objects.create(
        community=community,
        name=name,
        ulic=ulic,
        buildings=buildings,
        latitude=latitude,
        longitude=longitude,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=street,
        changes={"community": community.pk, "name": name, "ulic": ulic, "buildings": buildings},
    )
    return street


@transaction.atomic
def resource_add(
    *,
    community: Community,
    kind: str,
    name: str,
    address: str = "",
    contact: str = "",
    note: str = "",
    is_partner: bool = False,
    partner_since: dt.date | None = None,
    acting_user: Any,
) -> Resource:
    """Add an institution, NGO, place or business to the community's resource map."""
    name = " ".join(name.split())
    if not name:
        raise RecordError({"name": _("Enter the name.")}, code="name")
    if partner_since is not None:
        not_future(partner_since, "partner_since")
    resource = Resource.objects.create(
        community=community,
        kind=kind,
        name=name,
        address=clean(address),
        contact=clean(contact),
        note=clean(note),
        is_partner=is_partner,
        partner_since=partner_since if is_partner else None,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=resource,
        changes={"community": community.pk, "kind": kind, "name": name, "partner": is_partner},
    )
    return resource


@transaction.atomic
def team_assign(
    *, community: Community, user: Any, function: str, starts_on: dt.date, acting_user: Any
) -> TeamAssignment:
    """Assign a member of the OSL team to a community with their function (once at a time)."""
    Community.objects.select_for_update().get(pk=community.pk)
    if TeamAssignment.objects.filter(
        community=community, user=user, function=function, ends_on__isnull=True
    ).exists():
        raise RecordError(
            {"user": _("This person already has this function in the community.")},
            code="assigned",
        )
    assignment = TeamAssignment.objects.create(
        community=community, user=user, function=function, starts_on=starts_on
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=assignment,
        changes={"community": community.pk, "user": user.pk, "function": function},
    )
    return assignment


@transaction.atomic
def team_end(*, assignment: TeamAssignment, ends_on: dt.date, acting_user: Any) -> TeamAssignment:
    """End an assignment on a day (never before it began)."""
    if ends_on < assignment.starts_on:
        raise RecordError({"ends_on": _("The end cannot be before the start.")}, code="order")
    updated = TeamAssignment.objects.filter(pk=assignment.pk, ends_on__isnull=True).update(
        ends_on=ends_on
    )
    if not updated:
        raise RecordError(_("This assignment has already ended."), code="ended")
    assignment.refresh_from_db()
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=assignment,
        changes={"ends_on": ends_on.isoformat()},
    )
    return assignment
