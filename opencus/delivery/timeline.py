"""Delivery's part of the person card's timeline (issue 9, item 18; core's registry,
registered from ``DeliveryConfig.ready``): the units delivered to the person and their
corrections, with who recorded them and when.

Read through ``DeliveryRecord.objects.visible_to(user)`` (a provider's staff see their own
provider's records only); the centre's own deliveries, which have no provider, appear to
those who may see the person's entitlement."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencus.catalog.models import Unit
from opencus.core.formatting import day_text, number_text
from opencus.core.registry import TimelineEvent, timeline_source
from opencus.delivery.models import DeliveryRecord
from opencus.intake.models import Entitlement
from opencus.intake.timeline import actor_name

DELIVERY = gettext_lazy("Delivery")


def _deliveries(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    visible = DeliveryRecord.objects.filter(
        Q(pk__in=DeliveryRecord.objects.visible_to(user).values("pk"))
        | Q(in_house=True, entitlement__in=Entitlement.objects.visible_to(user))
    )
    records = (
        visible.filter(entitlement__person=person)
        .select_related("recorded_by", "entitlement__service", "provider")
        .order_by("-recorded_at", "-id")[:limit]
    )
    events = []
    for record in records:
        words = {
            "units": number_text(abs(record.units)),
            "unit": Unit(record.unit).label,
            "service": record.entitlement.service.name,
            "day": day_text(record.delivered_on),
            "by": record.provider.name if record.provider is not None else _("the centre"),
        }
        if record.is_correction:
            text = (
                _("Correction: %(units)s × %(unit)s of %(service)s of %(day)s taken back (%(by)s).")
                % words
            )
        else:
            text = _("%(units)s × %(unit)s of %(service)s delivered on %(day)s (%(by)s).") % words
        events.append(
            TimelineEvent(
                at=record.recorded_at,
                actor=actor_name(record.recorded_by),
                kind=DELIVERY,
                text=text,
            )
        )
    return events


def register() -> None:
    timeline_source("delivery_records", _deliveries, app="delivery")
