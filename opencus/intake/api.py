"""Applications and the queue in the JSON API (mounted at ``/api/intake/``).

The same services, selectors and capability checks as the staff pages (``views.py``): filing
an application (``application.file``), a person's requested services (``application.view``),
qualifying in filing order (``queue.manage``) and withdrawing a request (``application.file``).
A caller needs an API key or the staff session (``opencus.core.api``) and acts as that user.

Answers: 401 without a user, 403 when the role lacks the capability, 404 for a person, item or
service that does not exist *or that the user may not see* (never 403 for those), 409 when a
rule of the queue refuses the change (nothing changed), 422 for a malformed request.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, TypeVar

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, PathEx, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import StrictStr, field_validator
from pydantic import ValidationError as PydanticValidationError

from opencus.catalog.models import ProgrammeService
from opencus.core.api import (
    API_AUTH,
    AUTH_ERRORS,
    BAD_JSON,
    NO_NUL,
    NOT_FOUND,
    NOTE_MAX_LENGTH,
    PATH_ID,
    REFUSED,
    ApiError,
    ObjectId,
)
from opencus.core.registry import Capability
from opencus.core.roles import has_capability
from opencus.intake import selectors, services
from opencus.intake.capabilities import APPLICATION_FILE, APPLICATION_VIEW, QUEUE_MANAGE
from opencus.intake.models import Application, ApplicationItem, Channel, FiledBy, ItemState
from opencus.people.models import Person, Representative

router = Router(tags=["Intake"], auth=API_AUTH)
S = TypeVar("S", bound=Schema)

MAX_SERVICES = 20


# --- Schemas ----------------------------------------------------------------------------------


class ApplicationIn(Schema):
    person_id: ObjectId = Field(..., description="The person the application is for.")
    service_ids: list[ObjectId] = Field(
        ...,
        min_length=1,
        max_length=MAX_SERVICES,
        description="The services requested, each once; each becomes a requested service.",
        json_schema_extra={"uniqueItems": True},
    )
    channel: Channel = Field(..., description="How the application came in.")
    filed_by: FiledBy = Field(FiledBy.SELF, description="Who filed it.")
    representative_id: ObjectId | None = Field(
        None,
        description="The person's representative who filed it (needed unless filed_by is self).",
    )
    note: StrictStr = Field("", max_length=NOTE_MAX_LENGTH, pattern=NO_NUL)

    @field_validator("service_ids")
    @classmethod
    def _each_service_once(cls, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise ValueError(_("Each service can be requested once."))
        return value


class WithdrawIn(Schema):
    note: StrictStr = Field(
        "",
        max_length=NOTE_MAX_LENGTH,
        pattern=NO_NUL,
        description="Why the request is withdrawn, for the record (required).",
    )


class ServiceRef(Schema):
    uuid: uuid.UUID
    name: str


class ItemOut(Schema):
    """A requested service (one item of an application) and where it stands."""

    id: int
    service: ServiceRef
    state: ItemState
    state_label: str = Field(..., description="The state in the user's language.")
    waiting_position: int | None = Field(
        ..., description="Position on the service's waiting list, from 1; null if not waiting."
    )


class ApplicationOut(Schema):
    uuid: uuid.UUID
    reference: str
    filed_at: dt.datetime = Field(..., description="The queue key: when it was filed.")
    channel: Channel
    filed_by: FiledBy
    items: list[ItemOut]


class ApplicationRef(Schema):
    uuid: uuid.UUID
    reference: str


class PersonItemOut(ItemOut):
    application: ApplicationRef
    filed_at: dt.datetime
    state_changed_at: dt.datetime
    refusal_reason: str | None = Field(
        ..., description="Why it was refused, as the person reads it."
    )
    decision_number: str | None = Field(..., description="For services granted by a decision.")
    decision_date: dt.date | None


# --- Lookups, scoped as in the views ----------------------------------------------------------


def _require(request: HttpRequest, capability: Capability) -> None:
    if not has_capability(request.user, capability):
        raise ApiError(
            403,
            _(
                "Your role does not include this task. If you need it for your work, ask the "
                "director or the administrator."
            ),
            code="forbidden",
        )


def _person(request: HttpRequest, pk: int, *, active: bool = False) -> Person:
    people = Person.objects.visible_to(request.user)
    person = (people.active() if active else people).filter(pk=pk).first()
    if person is None:
        raise ApiError(404, _("There is no person with this identifier."), code="person_not_found")
    return person


def _item(request: HttpRequest, pk: int) -> ApplicationItem:
    visible = Application.objects.visible_to(request.user)
    item = (
        ApplicationItem.objects.filter(application__in=visible, pk=pk)
        .select_related("application", "service")
        .first()
    )
    if item is None:
        raise ApiError(
            404, _("There is no requested service with this identifier."), code="item_not_found"
        )
    return item


def _services(pks: list[int]) -> list[ProgrammeService]:
    found = ProgrammeService.objects.in_bulk(pks)
    missing = [pk for pk in pks if pk not in found]
    if missing:
        raise ApiError(
            404,
            ngettext(
                "There is no service with the identifier %(ids)s.",
                "There are no services with the identifiers %(ids)s.",
                len(missing),
            )
            % {"ids": ", ".join(map(str, missing))},
            code="service_not_found",
        )
    return [found[pk] for pk in pks]


def _representative(person: Person, pk: int | None, filed_by: str) -> Representative | None:
    if pk is None:
        if filed_by != FiledBy.SELF:
            # The same words as the form: the queue rule itself is checked by the service.
            raise ApiError(
                409, _("Choose the representative who filed it."), code="representative_missing"
            )
        return None
    representative = Representative.objects.filter(person=person, pk=pk).first()
    if representative is None:
        raise ApiError(
            404,
            _("This person has no representative with this identifier."),
            code="representative_not_found",
        )
    return representative


def person_items(*, user: Any, person: Person) -> list[ApplicationItem]:
    """The person's requested services across the applications ``user`` may see, newest
    first, each annotated with ``waiting_ahead`` (waiting requests of the same service ahead
    of it; ``None`` unless it waits) — one query, whatever the number of items.

    The position follows ``selectors.waiting_position``: the service's whole queue counts, not
    only the people the user may see.
    """
    ahead = (
        ApplicationItem.objects.filter(service_id=OuterRef("service_id"), state=ItemState.WAITING)
        .filter(
            Q(queue_key__lt=OuterRef("queue_key"))
            | Q(queue_key=OuterRef("queue_key"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("service_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return list(
        ApplicationItem.objects.filter(
            application__in=Application.objects.visible_to(user), person=person
        )
        .select_related("application", "service")
        .annotate(
            waiting_ahead=Case(
                When(
                    state=ItemState.WAITING,
                    then=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)),
                ),
                default=None,
                output_field=IntegerField(),
            )
        )
        .order_by("-filed_at", "-id")
    )


# --- Output -----------------------------------------------------------------------------------


def _item_out(item: ApplicationItem, position: int | None) -> dict[str, Any]:
    return {
        "id": item.pk,
        "service": {"uuid": item.service.uuid, "name": item.service.name},
        "state": item.state,
        "state_label": str(ItemState(item.state).label),
        "waiting_position": position,
    }


def _person_item_out(item: ApplicationItem) -> dict[str, Any]:
    ahead = getattr(item, "waiting_ahead", None)
    return {
        **_item_out(item, None if ahead is None else ahead + 1),
        "application": {
            "uuid": item.application.uuid,
            "reference": item.application.reference,
        },
        "filed_at": item.filed_at,
        "state_changed_at": item.state_changed_at,
        "refusal_reason": item.reason or None,
        "decision_number": item.decision_number or None,
        "decision_date": item.decision_date,
    }


def _application_out(application: Application) -> dict[str, Any]:
    items = list(application.items.select_related("service").order_by("id"))
    return {
        "uuid": application.uuid,
        "reference": application.reference,
        "filed_at": application.filed_at,
        "channel": application.channel,
        "filed_by": application.filed_by,
        "items": [_item_out(item, selectors.waiting_position(item)) for item in items],
    }


# --- Operations -------------------------------------------------------------------------------


@router.post(
    "/applications",
    response={201: ApplicationOut, **BAD_JSON, **NOT_FOUND, **REFUSED, **AUTH_ERRORS},
    url_name="intake_application_file",
    summary="File an application",
    description=(
        "Files an application for a person, one requested service per service, in state "
        "submitted; the filing time is the queue key. Needs `application.file`.\n\n"
        "404: the person (or an archived one), a service or the representative does not exist "
        "or is out of the user's reach. 409 (nothing filed): the person already has or waits "
        "for one of the services (`duplicate_request`), a service does not take applications "
        "now (`service_closed`), the representative is missing or does not act for the person "
        "(`representative_missing`, `representative`)."
    ),
)
def application_file(request: HttpRequest, payload: ApplicationIn) -> Status[dict[str, Any]]:
    _require(request, APPLICATION_FILE)
    person = _person(request, payload.person_id, active=True)
    requested = _services(payload.service_ids)
    representative = _representative(person, payload.representative_id, payload.filed_by)
    application = services.application_file(
        person=person,
        services=requested,
        channel=payload.channel,
        filed_by=payload.filed_by,
        representative=representative,
        note=payload.note,
        acting_user=request.user,
    )
    return Status(201, _application_out(application))


@router.get(
    "/people/{person_id}/items",
    response={200: list[PersonItemOut], **NOT_FOUND, **AUTH_ERRORS},
    url_name="intake_person_items",
    summary="A person's requested services",
    description=(
        "Every service the person has requested, across applications, newest first: its "
        "state, position on the waiting list, refusal reason and decision. Needs "
        "`application.view`. 404: no such person, or out of the user's reach."
    ),
)
def person_item_list(request: HttpRequest, person_id: PathEx[int, PATH_ID]) -> list[dict[str, Any]]:
    _require(request, APPLICATION_VIEW)
    person = _person(request, person_id)
    return [_person_item_out(item) for item in person_items(user=request.user, person=person)]


@router.post(
    "/items/{item_id}/qualify",
    response={200: ItemOut, **NOT_FOUND, **REFUSED, **AUTH_ERRORS},
    url_name="intake_item_qualify",
    summary="Qualify a requested service, in filing order",
    description=(
        "Qualifies the request if a place is free and nobody filed earlier waits; otherwise it "
        "goes on the waiting list (200 with `waiting_position`). Needs `queue.manage`.\n\n"
        "409 (nothing changed): the person does not meet the service's conditions "
        "(`not_eligible`, with `reasons`), the service is granted by an administrative "
        "decision (`decision_mode`), the request's state does not allow it (`transition`), it "
        "already waits and still no place is free (`no_place`), or someone changed it "
        "meanwhile (`stale`)."
    ),
)
def item_qualify(request: HttpRequest, item_id: PathEx[int, PATH_ID]) -> dict[str, Any]:
    _require(request, QUEUE_MANAGE)
    item = services.item_qualify(item=_item(request, item_id), acting_user=request.user)
    return _item_out(item, selectors.waiting_position(item))


def _optional_body(request: HttpRequest, schema: type[S]) -> S:
    """The JSON body validated by ``schema``, or its defaults when there is no body.

    Ninja's own optional body (``payload: Schema | None = None``) lets any JSON that is not an
    object through (a Schema whose fields all have defaults validates from any value); an
    optional body is read here instead, so ``[1]`` or ``"x"`` is a 422 like any malformed input.
    """
    if not request.body:
        return schema()
    try:
        data = json.loads(request.body)
    except ValueError:
        raise ApiError(
            400, _("The body of the request is not valid JSON."), code="bad_json"
        ) from None
    if not isinstance(data, dict):
        # Ninja's Schema also reads attributes of arbitrary objects; a body must be an object.
        raise ValidationError(
            [{"type": "model_type", "loc": ["body", "payload"], "msg": _("Send a JSON object.")}]
        )
    try:
        return schema.model_validate(data)
    except PydanticValidationError as error:
        raise ValidationError(
            [
                {"type": e["type"], "loc": ["body", "payload", *e["loc"]], "msg": e["msg"]}
                for e in error.errors(include_url=False, include_context=False)
            ]
        ) from None


def _optional_body_schema(schema: type[Schema]) -> dict[str, Any]:
    """The OpenAPI ``requestBody`` of an optional JSON body read by ``_optional_body``."""
    return {
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": schema.model_json_schema()}},
        }
    }


@router.post(
    "/items/{item_id}/withdraw",
    response={200: ItemOut, **BAD_JSON, **NOT_FOUND, **REFUSED, **AUTH_ERRORS},
    url_name="intake_item_withdraw",
    summary="Withdraw a requested service",
    description=(
        "Withdraws the request; a qualified one frees its place, which goes to the oldest "
        "eligible request on the waiting list. Needs `application.file`. The reason is "
        "required, in `note` (it is kept on the request's history).\n\n409 (nothing "
        "changed): no reason given (`reason`), already withdrawn (`already_withdrawn`), "
        "refused (`transition`), or changed meanwhile (`stale`)."
    ),
    openapi_extra=_optional_body_schema(WithdrawIn),
)
def item_withdraw(request: HttpRequest, item_id: PathEx[int, PATH_ID]) -> dict[str, Any]:
    payload = _optional_body(request, WithdrawIn)
    _require(request, APPLICATION_FILE)
    item = services.item_withdraw(
        item=_item(request, item_id), acting_user=request.user, reason=payload.note
    )
    return _item_out(item, None)
