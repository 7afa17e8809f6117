"""Factories for the people registry: valid PESELs, folded search fields filled."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from opencus.core.identifiers import pesel_make
from opencus.people.models import Person
from opencus.people.search import fill_search_fields


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    first_name = factory.Iterator(["Anna", "Jan", "Zofia", "Łukasz", "Małgorzata"])
    last_name = factory.Sequence(lambda n: f"Nowak{n}")
    birth_date = factory.Sequence(lambda n: dt.date(1950, 1, 1) + dt.timedelta(days=n * 37))
    sex = factory.Iterator(["F", "M"])
    pesel = factory.LazyAttributeSequence(lambda o, n: pesel_make(o.birth_date, n, o.sex))
    street = "Radomska"
    building_number = "12"
    postcode = "27-200"
    locality = "Starachowice"
    terc = "2611011"
    phone = factory.Sequence(lambda n: f"600{n:06d}")

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        person = model_class(**kwargs)
        fill_search_fields(person)
        person.save()
        return person
