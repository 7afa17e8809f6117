from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _two_factor_off_unless_a_test_asks(settings: Any) -> None:
    # The deployment may list roles in OPENCUS_2FA_REQUIRED_ROLES; tests that are not about
    # two-factor authentication must not depend on the environment they run in.
    settings.OPENCUS_2FA_REQUIRED_ROLES = []
