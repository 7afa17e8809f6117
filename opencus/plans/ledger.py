"""The delivery ledger against the plan (issue 10, item 4): per planned service of a version,
what the ledger recorded against the service's entitlement in the service's period, window by
window of its planned frequency, and whether the service lags its plan.

A planned service says "4 visits a month from 15.10.2026 to 14.04.2027". Its **windows** are
the periods of its frequency (``delivery.services.period_window``: calendar weeks from Monday,
months, quarters, years; "the whole programme" is the service's whole period), cut to the
service's dates, from its first day up to today. A window cut short by the service's first or
last day is **partial**: it has no target, since the plan does not say how much of a month's
visits belong to half a month. Delivered units are the ledger's sum for the entitlement, in
the planned unit, corrections included.

A service **lags** when in its last complete window (a whole window that has ended) fewer
units were delivered than planned: "2 of 4 × visit in November 2026". The current window,
still running, is shown but never judged.

Two queries for the whole version, however many services and windows: the planned services
with their entitlements, and the ledger summed per entitlement, unit and day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from opencus.catalog.models import Unit
from opencus.core.formatting import day_text, number_text
from opencus.delivery.models import DeliveryRecord
from opencus.delivery.services import period_window
from opencus.plans.clocks import warsaw_today
from opencus.plans.models import PlannedService, PlanVersion

ZERO = Decimal(0)


@dataclass(frozen=True)
class WindowProgress:
    """One window of a planned service's frequency: its days (cut to the service's period),
    its name, the units planned (``None`` for a partial window) and delivered."""

    starts_on: dt.date
    ends_on: dt.date
    label: str
    unit: str
    planned: Decimal | None
    delivered: Decimal
    #: The window has ended (before today).
    complete: bool

    @property
    def partial(self) -> bool:
        return self.planned is None

    @property
    def behind(self) -> bool:
        """Ended, whole, and fewer units delivered than planned."""
        return self.complete and self.planned is not None and self.delivered < self.planned

    @property
    def unit_label(self) -> str:
        return str(Unit(self.unit).label)

    @property
    def planned_text(self) -> str:
        return number_text(self.planned) if self.planned is not None else ""

    @property
    def delivered_text(self) -> str:
        return number_text(self.delivered)

    @property
    def text(self) -> str:
        """ "November 2026: 2 of 4 × visit"; a partial window: "October 2026, from 15.10.2026
        to 31.10.2026 only: 1 × visit"."""
        if self.planned is None:
            return _("%(window)s, from %(start)s to %(end)s only: %(delivered)s × %(unit)s") % {
                "window": self.label,
                "start": day_text(self.starts_on),
                "end": day_text(self.ends_on),
                "delivered": self.delivered_text,
                "unit": self.unit_label,
            }
        return _("%(window)s: %(delivered)s of %(planned)s × %(unit)s") % {
            "window": self.label,
            "delivered": self.delivered_text,
            "planned": self.planned_text,
            "unit": self.unit_label,
        }


@dataclass(frozen=True)
class ServiceProgress:
    """What the ledger recorded against one planned service, ready for a template: the
    windows oldest first, the total so far and whether the service lags its plan."""

    service: PlannedService
    windows: list[WindowProgress] = field(default_factory=list)
    today: dt.date = field(default_factory=warsaw_today)

    @property
    def linked(self) -> bool:
        """The planned service has an entitlement the ledger records against."""
        return self.service.entitlement_id is not None

    @property
    def started(self) -> bool:
        return self.service.starts_on <= self.today

    @property
    def delivered(self) -> Decimal:
        return sum((w.delivered for w in self.windows), ZERO)

    @property
    def last_complete(self) -> WindowProgress | None:
        """The latest whole window that has ended, if any."""
        for window in reversed(self.windows):
            if window.complete and not window.partial:
                return window
        return None

    @property
    def current(self) -> WindowProgress | None:
        """The window running today, if the service is running."""
        last = self.windows[-1] if self.windows else None
        return last if last is not None and not last.complete else None

    @property
    def lagging(self) -> bool:
        """Fewer units delivered than planned in the last whole window that has ended. A
        service without an entitlement is not judged: nothing can be recorded against it, and
        ``status_text`` says so."""
        window = self.last_complete
        return self.linked and window is not None and window.behind

    @property
    def frequency_text(self) -> str:
        return self.service.frequency_text

    @property
    def delivered_text(self) -> str:
        """ "12 × visit delivered since 15.10.2026"."""
        if not self.linked:
            return _("Nothing can be recorded yet: the service has no entitlement.")
        if not self.started:
            return _("Starts on %(date)s.") % {"date": day_text(self.service.starts_on)}
        return _("%(delivered)s × %(unit)s delivered since %(date)s") % {
            "delivered": number_text(self.delivered),
            "unit": Unit(self.service.unit).label,
            "date": day_text(self.service.starts_on),
        }

    @property
    def lag_text(self) -> str:
        """ "Behind the plan: 2 of 4 × visit in November 2026"; "" when not lagging."""
        window = self.last_complete
        if window is None or not self.lagging:
            return ""
        return _("Behind the plan in %(window)s: %(delivered)s of %(planned)s × %(unit)s") % {
            "window": window.label,
            "delivered": window.delivered_text,
            "planned": window.planned_text,
            "unit": window.unit_label,
        }

    @property
    def status_text(self) -> str:
        """One line for a table cell: behind the plan, on plan, or why there is nothing to
        judge yet."""
        if not self.linked:
            return _("No entitlement yet")
        if self.lagging:
            return self.lag_text
        window = self.last_complete
        if window is None:
            return _("Nothing to compare with the plan yet")
        return _("On plan in %(window)s: %(delivered)s of %(planned)s × %(unit)s") % {
            "window": window.label,
            "delivered": window.delivered_text,
            "planned": window.planned_text,
            "unit": window.unit_label,
        }


def service_windows(
    service: PlannedService, today: dt.date
) -> list[tuple[dt.date, dt.date, str, bool]]:
    """The windows of ``service``'s frequency from its first day up to today (or its last
    day): (first day, last day, name, whole), each cut to the service's period."""
    first, last = service.starts_on, min(service.ends_on, today)
    whole_period = (service.starts_on, service.ends_on)
    windows = []
    day = first
    while day <= last:
        start, end, label = period_window(service.period, day, whole_period)
        start = start or service.starts_on
        end = end or service.ends_on
        cut_start, cut_end = max(start, service.starts_on), min(end, service.ends_on)
        windows.append((cut_start, cut_end, str(label), (cut_start, cut_end) == (start, end)))
        day = end + dt.timedelta(days=1)
    return windows


def version_progress(
    version: PlanVersion,
    *,
    today: dt.date | None = None,
    services: Iterable[PlannedService] | None = None,
) -> list[ServiceProgress]:
    """Per planned service of ``version`` (in its order), what the ledger recorded against it.
    ``services`` may pass the version's planned services already loaded (with
    ``entitlement``), saving the first query."""
    today = today or warsaw_today()
    planned = (
        list(services)
        if services is not None
        else list(
            PlannedService.objects.filter(version=version)
            .select_related("service", "provider", "entitlement")
            .order_by("position", "id")
        )
    )
    windows = {service.pk: service_windows(service, today) for service in planned}

    linked = [s for s in planned if s.entitlement_id is not None and windows[s.pk]]
    sums: dict[tuple[int, str], list[tuple[dt.date, Decimal]]] = defaultdict(list)
    if linked:
        condition = Q()
        for service in linked:
            condition |= Q(
                entitlement_id=service.entitlement_id,
                unit=service.unit,
                delivered_on__gte=service.starts_on,
                delivered_on__lte=min(service.ends_on, today),
            )
        grouped = (
            DeliveryRecord.objects.filter(condition)
            .order_by()
            .values("entitlement_id", "unit", "delivered_on")
            .annotate(total=Sum("units"))
        )
        for row in grouped:
            sums[(row["entitlement_id"], row["unit"])].append(
                (row["delivered_on"], Decimal(row["total"] or 0))
            )

    result = []
    for service in planned:
        days = (
            sums.get((service.entitlement_id, service.unit), []) if service.entitlement_id else []
        )
        rows = []
        for start, end, label, whole in windows[service.pk]:
            rows.append(
                WindowProgress(
                    starts_on=start,
                    ends_on=end,
                    label=label,
                    unit=service.unit,
                    planned=service.units if whole else None,
                    delivered=sum((t for d, t in days if start <= d <= end), ZERO),
                    complete=end < today,
                )
            )
        result.append(ServiceProgress(service=service, windows=rows, today=today))
    return result
