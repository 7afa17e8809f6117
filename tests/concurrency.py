"""Running steps at the same moment on their own database connections, for the concurrency
proofs on PostgreSQL (marked ``postgres``, transactional)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def at_once(*steps: Callable[[], Any]) -> list[Any]:
    """Start every step in its own thread behind a barrier; what each returned, or the
    exception it raised, in the order given."""
    barrier = threading.Barrier(len(steps))
    outcomes: list[Any] = [None] * len(steps)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = steps[index]()
        except Exception as error:  # noqa: BLE001 - recorded for the assertions
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(steps))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
