"""Two approvers approving the same plan at the same moment: the plan's row lock lets one
through; the other finds the version already approved and is refused. Proven on PostgreSQL
with two real connections."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from opencus.intake.models import Entitlement, EntitlementChange, EntitlementTransition
from opencus.plans.errors import PlanStateError
from opencus.plans.models import PlanChange, PlanTransition, PlanVersion, VersionState
from opencus.plans.services import plan_approve
from tests.plans.factories import director_make, draft_of, organiser_authorised, plan_submitted

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]


@pytest.mark.parametrize("attempt", range(3))
def test_two_approvals_at_once_approve_once(attempt):
    plan = plan_submitted()
    version = draft_of(plan)
    approvers = [director_make(), organiser_authorised()[0]]
    barrier = threading.Barrier(2)
    outcomes: dict[int, Any] = {}

    def approve(approver: Any) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[approver.pk] = plan_approve(version=version, acting_user=approver).state
        except Exception as error:  # noqa: BLE001 - recorded for the assertion below
            outcomes[approver.pk] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(approver,)) for approver in approvers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    states = [o for o in outcomes.values() if not isinstance(o, Exception)]
    refusals = [o for o in outcomes.values() if isinstance(o, Exception)]
    assert states == [VersionState.APPROVED]
    assert len(refusals) == 1 and isinstance(refusals[0], PlanStateError)
    assert refusals[0].code == "not_submitted"
    assert PlanVersion.objects.get(pk=version.pk).state == VersionState.APPROVED
    assert PlanTransition.objects.filter(plan=plan, change=PlanChange.APPROVED).count() == 1
    assert Entitlement.objects.filter(person=plan.person).count() == 1
    assert EntitlementTransition.objects.filter(change=EntitlementChange.PLAN_ADJUSTED).count() == 1
