from __future__ import annotations

from typing import Any

import pytest

from opencus.core.roles import Role


@pytest.fixture
def organiser(make_staff: Any) -> Any:
    return make_staff(Role.SERVICE_ORGANISER)
