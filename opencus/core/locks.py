"""A named lock for "look, then write" steps that have no row of their own to lock: queueing a
background run unless one is already waiting, say.

``named_lock(name)`` opens a transaction and, on PostgreSQL, takes a transaction-scoped
advisory lock on the name (``pg_advisory_xact_lock``): a second caller with the same name waits
until the first has committed, and then sees what it wrote. SQLite (the embedded default)
already lets one writer in at a time, so there it is the transaction alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def named_lock(name: str) -> Iterator[None]:
    """Run the block in a transaction holding the lock ``name`` (see the module docstring)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
        yield
