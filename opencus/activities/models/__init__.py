"""The models of activities, one module per subject; every model is importable from here.

- ``courses``: courses, their sessions, enrolments and the attendance register;
- ``vouchers``: cinema passes and museum tickets issued against entitlements;
- ``daycare``: the Senior+ day home and club, members, daily registers and meals.
"""

from opencus.activities.models.courses import *  # noqa: F403
from opencus.activities.models.daycare import *  # noqa: F403
from opencus.activities.models.vouchers import *  # noqa: F403
