"""Two clerks registering the same PESEL at the same moment: exactly one succeeds, the other
gets the registry's message. Proven on PostgreSQL with two real connections."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from opencus.core.roles import Role
from opencus.people.errors import PeopleError
from opencus.people.models import Person
from opencus.people.services import person_register

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]


def test_the_same_pesel_registered_twice_at_once_is_stored_once(make_staff):
    clerks = [make_staff(Role.CLIENT_OFFICE), make_staff(Role.CLIENT_OFFICE)]
    barrier = threading.Barrier(len(clerks))
    outcomes: list[Any] = []

    def register(clerk: Any) -> None:
        try:
            barrier.wait(timeout=10)
            person = person_register(
                acting_user=clerk,
                fields={"first_name": "Jan", "last_name": "Nowak", "pesel": "44051401359"},
            )
            outcomes.append(person.pk)
        except PeopleError as error:
            outcomes.append(error.error_dict["pesel"][0].code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(clerk,)) for clerk in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert Person.objects.filter(pesel="44051401359").count() == 1
    assert sorted(outcomes, key=str).count("duplicate_pesel") == 1
    assert len(outcomes) == 2
