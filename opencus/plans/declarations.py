"""What plans add to core's registries (called from ``PlansConfig.ready``)."""

from __future__ import annotations

from opencus.plans import (
    capabilities,  # noqa: F401  (registers the capabilities)
    timeline,
)


def declare() -> None:
    timeline.register()
