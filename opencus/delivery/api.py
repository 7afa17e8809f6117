"""Delivery in the JSON API (mounted at ``/api/delivery/``): a provider's own system reads its
clients' entitlements and records (and corrects) delivered units.

A provider's system calls with the API key of one of the provider's staff
(``manage.py api_token_issue``): their current link to the provider (``ProviderStaff``) is what
makes the key a per-provider one, and the call sees that provider's clients only. The centre's
staff who record deliveries (``delivery.record``: the director and the service organiser) may
call too, for any provider, naming ``provider_id`` to narrow the list.

The same service as the staff pages records and corrects (``delivery.services``), with the
same rules. Answers: 401 without a user, 403 without ``delivery.record`` (or a provider's
staff member no longer linked to a provider), 404 for an entitlement or a record that does not
exist *or belongs to another provider* (never 403 for those), 409 when a rule of the ledger
refuses the change (nothing written), 422 for a malformed request.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, QueryEx, Router, Schema, Status
from pydantic import BeforeValidator, StrictStr, model_validator

from opencus.catalog.models import Period, Unit
from opencus.core.api import (
    API_AUTH,
    AUTH_ERRORS,
    BAD_JSON,
    MAX_ID,
    NO_NUL,
    NOT_FOUND,
    NOTE_MAX_LENGTH,
    PATH_ID,
    REFUSED,
    ApiError,
    ObjectId,
)
from opencus.core.roles import has_capability, user_roles
from opencus.delivery import services
from opencus.delivery.balances import entitlement_balances
from opencus.delivery.capabilities import DELIVERY_RECORD
from opencus.delivery.errors import DeliveryAlreadyRecorded
from opencus.delivery.models import DeliveryRecord
from opencus.intake.models import Entitlement, EntitlementStatus
from opencus.providers.models import Provider, staff_providers

router = Router(tags=["Delivery"], auth=API_AUTH)

#: The ledger's units are below a million (``services._units_parse``).
UNITS_LIMIT = 1_000_000
#: An ``Idempotency-Key``: 8 to 64 letters, digits, ``-`` or ``_`` (a UUID fits).
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_\-]{8,64}", re.ASCII)


def _number(value: Any) -> Any:
    """A JSON number, not "2" or true (pydantic's lax mode would take them)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("Enter the number of units as a number."))
    return value


def _date_text(value: Any) -> Any:
    """A date written as JSON Schema's ``date`` (2026-11-23), not a number of seconds."""
    if not isinstance(value, str):
        raise ValueError(_("Enter the date as YYYY-MM-DD."))
    return value


Units = Annotated[float, Field(gt=0, lt=UNITS_LIMIT), BeforeValidator(_number)]
Day = Annotated[dt.date, BeforeValidator(_date_text)]


# --- Schemas ----------------------------------------------------------------------------------


class ServiceRef(Schema):
    uuid: UUID
    name: str


class ProviderRef(Schema):
    id: int
    name: str


class ClientOut(Schema):
    """What a provider needs to deliver: who and where (no PESEL, no notes)."""

    name: str
    address: str
    phone: str


class AllowanceOut(Schema):
    unit: Unit
    period: Period
    allowed: float = Field(..., description="Units allowed per period.")
    used: float = Field(..., description="Units used in the period containing today.")
    remaining: float = Field(..., description="Units left in that period (never below zero).")
    period_starts_on: dt.date | None
    period_ends_on: dt.date | None


class EntitlementOut(Schema):
    id: int
    uuid: UUID
    person: ClientOut
    service: ServiceRef
    provider: ProviderRef
    status: EntitlementStatus
    starts_on: dt.date
    ends_on: dt.date | None
    allowances: list[AllowanceOut] = Field(
        ..., description="Empty when the entitlement is not limited."
    )


def _one_entitlement_reference(schema: dict[str, Any]) -> None:
    """The document says what the validator checks: exactly one of the two references."""
    schema["oneOf"] = [{"required": ["entitlement_id"]}, {"required": ["entitlement_uuid"]}]


class RecordIn(Schema):
    entitlement_id: ObjectId = Field(
        None,  # type: ignore[assignment]
        description="The entitlement the units are delivered under (or entitlement_uuid).",
    )
    entitlement_uuid: UUID = Field(
        None,  # type: ignore[assignment]
        description="The entitlement's UUID (instead of entitlement_id).",
    )
    delivered_on: Day = Field(..., description="The day of the delivery, not in the future.")
    units: Units = Field(
        ...,
        description="More than zero: whole units, except hours, counted in quarter hours.",
    )
    note: StrictStr = Field("", max_length=NOTE_MAX_LENGTH, pattern=NO_NUL)

    model_config = {"json_schema_extra": _one_entitlement_reference}

    @model_validator(mode="after")
    def _exactly_one_reference(self) -> RecordIn:
        given = {"entitlement_id", "entitlement_uuid"} & self.model_fields_set
        named = [getattr(self, name) for name in given]
        if len(named) != 1 or named[0] is None:
            raise ValueError(_("Name the entitlement by entitlement_id or entitlement_uuid."))
        return self


class CorrectIn(Schema):
    note: StrictStr = Field(
        ...,
        min_length=1,
        max_length=NOTE_MAX_LENGTH,
        pattern=r"^[^\x00]*[^\x00\s][^\x00]*$",
        description="Why the record is reversed.",
    )


class RecordOut(Schema):
    id: int
    uuid: UUID
    entitlement_id: int
    entitlement_uuid: UUID
    delivered_on: dt.date
    units: float = Field(..., description="Negative for a correction.")
    unit: Unit
    unit_price: str = Field(..., description="PLN, as on the contract line when recorded.")
    settlement_month: dt.date = Field(..., description="The month it is accounted in.")
    corrects: int | None = Field(..., description="The record it reverses, if a correction.")
    note: str
    recorded_at: dt.datetime


# --- Scope ------------------------------------------------------------------------------------


def _providers(request: HttpRequest) -> list[int] | None:
    """The providers the caller records for: ``None`` for the centre's recording staff (any
    provider); for a provider's staff, the provider of their current link. Without
    ``delivery.record``, or a provider's staff member without a current link: 403."""
    user: Any = request.user
    if not has_capability(user, DELIVERY_RECORD):
        raise ApiError(
            403,
            _(
                "Your role does not include this task. If you need it for your work, ask the "
                "director or the administrator."
            ),
            code="forbidden",
        )
    if user_roles(user) & services.CENTRE_RECORDING_ROLES:
        return None
    linked = list(staff_providers(user).values_list("provider_id", flat=True))
    if not linked:
        raise ApiError(
            403,
            _("You are not linked to a provider now: ask the centre to link you."),
            code="no_provider",
        )
    return linked


def _entitlements(request: HttpRequest, scope: list[int] | None) -> QuerySet[Entitlement]:
    """The caller's visible entitlements that have a provider, of the providers in ``scope``
    (``None``: any)."""
    entitlements = Entitlement.objects.visible_to(request.user).filter(provider__isnull=False)
    return entitlements if scope is None else entitlements.filter(provider_id__in=scope)


def _records(request: HttpRequest, scope: list[int] | None) -> QuerySet[DeliveryRecord]:
    records = DeliveryRecord.objects.visible_to(request.user)
    return records if scope is None else records.filter(provider_id__in=scope)


def _not_found_entitlement() -> ApiError:
    return ApiError(
        404, _("There is no entitlement with this identifier."), code="entitlement_not_found"
    )


# --- Output -----------------------------------------------------------------------------------


def _entitlement_out(entitlement: Entitlement, balances: list[Any]) -> dict[str, Any]:
    person = entitlement.person
    provider: Any = entitlement.provider  # never None: the queryset keeps those with one
    return {
        "id": entitlement.pk,
        "uuid": entitlement.uuid,
        "person": {
            "name": person.full_name,
            "address": person.address_line,
            "phone": person.phone,
        },
        "service": {"uuid": entitlement.service.uuid, "name": entitlement.service.name},
        "provider": {"id": provider.pk, "name": provider.name},
        "status": entitlement.status,
        "starts_on": entitlement.starts_on,
        "ends_on": entitlement.ends_on,
        "allowances": [
            {
                "unit": balance.unit,
                "period": balance.period,
                "allowed": float(balance.allowed),
                "used": float(balance.used),
                "remaining": float(balance.remaining),
                "period_starts_on": balance.starts_on,
                "period_ends_on": balance.ends_on,
            }
            for balance in balances
        ],
    }


def _record_out(record: DeliveryRecord, entitlement_uuid: UUID) -> dict[str, Any]:
    return {
        "id": record.pk,
        "uuid": record.uuid,
        "entitlement_id": record.entitlement_id,
        "entitlement_uuid": entitlement_uuid,
        "delivered_on": record.delivered_on,
        "units": float(record.units),
        "unit": record.unit,
        "unit_price": f"{Decimal(record.unit_price or 0):.2f}",
        "settlement_month": record.settlement_month,
        "corrects": record.corrects_id,
        "note": record.note,
        "recorded_at": record.recorded_at,
    }


# --- Operations -------------------------------------------------------------------------------


@router.get(
    "/entitlements",
    response={200: list[EntitlementOut], **NOT_FOUND, **AUTH_ERRORS},
    url_name="delivery_entitlements",
    summary="The provider's clients and what is left of their entitlements",
    description=(
        "The active entitlements (not ended before today) of the caller's provider, by "
        "surname: who, where, which service, from when to when, and for each allowance the "
        "units used and left in the period containing today. Only what delivery needs: no "
        "PESEL, no notes. A provider's staff see their own provider's clients; the centre's "
        "staff with `delivery.record` see every provider's, or one provider's with "
        "`provider_id`.\n\n404: no such provider, or not the caller's."
    ),
)
def entitlement_list(
    request: HttpRequest,
    provider_id: QueryEx[
        int, P(ge=1, le=MAX_ID, description="Only this provider's clients.")
    ] = None,  # type: ignore[assignment]
) -> list[dict[str, Any]]:
    scope = _providers(request)
    entitlements = _entitlements(request, scope)
    if provider_id is not None:
        if (scope is not None and provider_id not in scope) or not Provider.objects.filter(
            pk=provider_id
        ).exists():
            raise ApiError(
                404, _("There is no provider with this identifier."), code="provider_not_found"
            )
        entitlements = entitlements.filter(provider_id=provider_id)
    today = timezone.localdate()
    found = list(
        entitlements.filter(status=EntitlementStatus.ACTIVE)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("person", "service", "provider")
        .order_by("person__last_name_folded", "person__first_name_folded", "starts_on", "id")
    )
    balances = entitlement_balances(found, today)
    return [_entitlement_out(e, balances.get(e.pk, [])) for e in found]


@router.post(
    "/records",
    response={
        200: RecordOut,
        201: RecordOut,
        **BAD_JSON,
        **NOT_FOUND,
        **REFUSED,
        **AUTH_ERRORS,
    },
    url_name="delivery_record",
    summary="Record delivered units",
    description=(
        "Records units delivered to a client under their entitlement, priced by the "
        "provider's contract line. Name the entitlement by `entitlement_id` or "
        "`entitlement_uuid`.\n\nSend an `Idempotency-Key` header (8–64 letters, digits, `-` "
        "or `_`; a new UUID per delivery) to make the call safe to repeat: the same key with "
        "the same delivery answers 200 with the record the first call made and records "
        "nothing; with another delivery it is a 409 `key_reused`.\n\n404: no such "
        "entitlement, or another provider's. 409 (nothing "
        "recorded), by `code`: `future`, `outside_entitlement`, `suspended`, `locked` (a settled "
        "month), `units_whole` (a fraction of a ride), `units_quarter` (hours not in quarter "
        "hours), `allowance` and `line_maximum` (the message gives the numbers used, allowed "
        "and asked), `no_line` (no contract line in force that day), `key_reused`; `fields` "
        "gives the words per field. 422: a malformed request or `Idempotency-Key`."
    ),
)
def record_create(request: HttpRequest, payload: RecordIn) -> Status[dict[str, Any]]:
    key = request.headers.get("Idempotency-Key", "")
    if key and not IDEMPOTENCY_KEY.fullmatch(key):
        raise ApiError(
            422,
            _("The Idempotency-Key header must be 8 to 64 letters, digits, - or _."),
            code="idempotency_key",
        )
    entitlements = _entitlements(request, _providers(request))
    if payload.entitlement_uuid is not None:
        entitlement = entitlements.filter(uuid=payload.entitlement_uuid).first()
    else:
        entitlement = entitlements.filter(pk=payload.entitlement_id).first()
    if entitlement is None:
        raise _not_found_entitlement()
    try:
        record = services.delivery_record(
            entitlement=entitlement,
            delivered_on=payload.delivered_on,
            units=Decimal(str(payload.units)),
            acting_user=request.user,
            note=payload.note,
            request_key=key,
        )
    except DeliveryAlreadyRecorded as repeated:
        return Status(200, _record_out(repeated.record, entitlement.uuid))
    return Status(201, _record_out(record, entitlement.uuid))


@router.post(
    "/records/{record_id}/correct",
    response={201: RecordOut, **BAD_JSON, **NOT_FOUND, **REFUSED, **AUTH_ERRORS},
    url_name="delivery_record_correct",
    summary="Reverse a delivery record",
    description=(
        "Records a correction of minus the record's units that points at it; it is "
        "accounted in the first month from the record's own that is not settled.\n\n404: no "
        "such record, or another provider's. 409 (nothing recorded): already reversed "
        "(`reversed`), or the record is itself a correction (`correction_of_correction`)."
    ),
)
def record_correct(
    request: HttpRequest, record_id: PathEx[int, PATH_ID], payload: CorrectIn
) -> Status[dict[str, Any]]:
    record = (
        _records(request, _providers(request))
        .filter(pk=record_id)
        .select_related("entitlement")
        .first()
    )
    if record is None:
        raise ApiError(
            404, _("There is no delivery record with this identifier."), code="record_not_found"
        )
    correction = services.delivery_correct(
        record=record, acting_user=request.user, note=payload.note
    )
    return Status(201, _record_out(correction, record.entitlement.uuid))
