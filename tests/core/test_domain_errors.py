"""One error spine: every app's refusal is a ``DomainError`` with a stable code; one handler
answers it in the API with 409, one helper puts it on a form."""

from __future__ import annotations

import pytest
from django import forms

from opencus.core.errors import DomainError
from opencus.core.forms import form_add_domain_error
from opencus.delivery.errors import DeliveryError
from opencus.intake.errors import EntitlementError, IntakeError
from opencus.people.errors import PeopleError
from opencus.portal.errors import PortalError
from opencus.providers.errors import ProviderError


@pytest.mark.parametrize(
    "error", [PeopleError, ProviderError, IntakeError, EntitlementError, DeliveryError, PortalError]
)
def test_every_apps_refusal_is_a_domain_error(error: type[DomainError]) -> None:
    assert issubclass(error, DomainError)


def test_a_refusal_keeps_its_code_reasons_and_params_even_when_keyed_by_field() -> None:
    refusal = IntakeError(
        {"reason": "Write the reason."}, code="reason", params={"n": 2}, reasons=["a", "b"]
    )
    assert (refusal.code, refusal.reasons, refusal.params) == ("reason", ("a", "b"), {"n": 2})
    assert refusal.fields == {"reason": ["Write the reason."]}
    assert refusal.error_dict["reason"][0].code == "reason"
    assert DeliveryError("No.").code == "refused"


class _Form(forms.Form):
    reason = forms.CharField(required=False)


def test_the_form_helper_puts_a_field_refusal_under_its_field_and_others_on_top() -> None:
    form = _Form(data={})
    assert form.is_valid()
    form_add_domain_error(form, IntakeError({"reason": "Write the reason."}, code="reason"))
    form_add_domain_error(form, IntakeError("Someone changed it.", code="stale"))
    assert form.errors["reason"] == ["Write the reason."]
    assert form.non_field_errors() == ["Someone changed it."]
