"""What the senior taxi adds to core's registries (called from ``TransportConfig.ready``): its
capabilities and, as its pages land, their menu entries and "my work" sections."""

from __future__ import annotations

from opencus.transport import capabilities


def declare() -> None:
    assert capabilities.TRANSPORT_BOOK  # noqa: S101 - importing registers the capabilities
