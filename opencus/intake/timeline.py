"""Intake's part of the person card's timeline (issue 9, item 18; core's registry, registered
from ``IntakeConfig.ready``): applications filed, their requested services' state changes,
entitlements' changes, notices (letters) prepared and sent, and needs assessments.

Every source reads through ``visible_to(user)``: a role without ``application.view`` sees no
application, a provider's staff only their own provider's entitlements. An assessment's notes
are special-category data: the timeline says that an assessment took place, never what it
found (the application page shows the notes to those who may read them)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencus.core.formatting import day_text
from opencus.core.registry import TimelineEvent, timeline_source
from opencus.intake.models import (
    Application,
    ApplicationItem,
    Entitlement,
    EntitlementTransition,
    ItemState,
    ItemTransition,
    NeedsAssessment,
    Notice,
)

APPLICATION = gettext_lazy("Application")
REQUEST = gettext_lazy("Requested service")
ENTITLEMENT = gettext_lazy("Entitlement")
LETTER = gettext_lazy("Letter")
ASSESSMENT = gettext_lazy("Needs assessment")


def actor_name(user: Any) -> str:
    """A member of staff by name ("" for the system)."""
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _application_url(application: Application) -> str:
    return reverse("intake:application_detail", args=[application.uuid])


def _applications(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    applications = (
        Application.objects.visible_to(user)
        .filter(person=person)
        .select_related("received_by")
        .order_by("-filed_at", "-id")[:limit]
    )
    return [
        TimelineEvent(
            at=application.filed_at,
            actor=actor_name(application.received_by),
            kind=APPLICATION,
            text=_("Application %(reference)s filed %(channel)s.")
            % {"reference": application.reference, "channel": application.get_channel_display()},
            url=_application_url(application),
        )
        for application in applications
    ]


def _items(user: Any, person: Any) -> Any:
    return ApplicationItem.objects.visible_to(user).filter(person=person)


def _item_changes(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    changes = (
        ItemTransition.objects.filter(item__in=_items(user, person))
        .select_related("actor", "item__service", "item__application")
        .order_by("-at", "-id")[:limit]
    )
    events = []
    for change in changes:
        to_state = ItemState(change.to_state).label
        if change.from_state:
            text = _("%(service)s: %(from)s → %(to)s.") % {
                "service": change.item.service.name,
                "from": ItemState(change.from_state).label,
                "to": to_state,
            }
        else:
            text = _("%(service)s: %(to)s.") % {"service": change.item.service.name, "to": to_state}
        events.append(
            TimelineEvent(
                at=change.at,
                actor=actor_name(change.actor),
                kind=REQUEST,
                text=text,
                url=_application_url(change.item.application),
            )
        )
    return events


def _entitlement_changes(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    # The note (a suspension's reason may concern health) stays on the entitlement's page.
    changes = (
        EntitlementTransition.objects.filter(
            entitlement__in=Entitlement.objects.visible_to(user).filter(person=person)
        )
        .select_related("actor", "entitlement__service", "provider")
        .order_by("-at", "-id")[:limit]
    )
    events = []
    for change in changes:
        text = _("%(service)s: %(change)s.") % {
            "service": change.entitlement.service.name,
            "change": change.get_change_display(),
        }
        if change.provider is not None:
            text += " " + _("Provider: %(provider)s.") % {"provider": change.provider.name}
        events.append(
            TimelineEvent(at=change.at, actor=actor_name(change.actor), kind=ENTITLEMENT, text=text)
        )
    return events


def _notices(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    """A notice is two events: prepared (by the system, when the state changed) and sent."""
    notices = (
        Notice.objects.filter(item__in=_items(user, person))
        .select_related("delivered_by", "item__service", "item__application")
        .order_by("-created_at", "-id")[:limit]
    )
    events = []
    for notice in notices:
        about = {"kind": notice.get_kind_display(), "service": notice.item.service.name}
        url = _application_url(notice.item.application)
        events.append(
            TimelineEvent(
                at=notice.created_at,
                actor="",
                kind=LETTER,
                text=_("%(kind)s about %(service)s prepared.") % about,
                url=url,
            )
        )
        if notice.delivered_at is not None:
            events.append(
                TimelineEvent(
                    at=notice.delivered_at,
                    actor=actor_name(notice.delivered_by),
                    kind=LETTER,
                    text=_("%(kind)s about %(service)s sent %(channel)s.")
                    % {**about, "channel": notice.get_channel_display()},
                    url=url,
                )
            )
    return events


def _assessments(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    assessments = (
        NeedsAssessment.objects.filter(
            application__in=Application.objects.visible_to(user).filter(person=person)
        )
        .select_related("assessed_by", "application")
        .order_by("-recorded_at", "-id")[:limit]
    )
    return [
        TimelineEvent(
            at=assessment.recorded_at,
            actor=actor_name(assessment.assessed_by),
            kind=ASSESSMENT,
            text=_("Needs assessed on %(day)s %(place)s.")
            % {"day": day_text(assessment.assessed_on), "place": assessment.get_place_display()},
            url=_application_url(assessment.application),
        )
        for assessment in assessments
    ]


def register() -> None:
    timeline_source("intake_applications", _applications, app="intake")
    timeline_source("intake_items", _item_changes, app="intake")
    timeline_source("intake_entitlements", _entitlement_changes, app="intake")
    timeline_source("intake_notices", _notices, app="intake")
    timeline_source("intake_assessments", _assessments, app="intake")
