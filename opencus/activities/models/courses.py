"""The courses of activities."""

from __future__ import annotations

__all__: list[str] = []
