"""What the visits app adds to core's registries (called from its ``AppConfig.ready``)."""

from __future__ import annotations


def declare() -> None:
    pass
