"""The one search for staff: the box in every staff page's header finds people, applications
by their number however it is typed, and providers — only what the reader may see. Core knows
none of the apps: each registers its source (``core.registry.search_source``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencus.core import registry
from opencus.core.registry import SearchHits, search_everywhere, search_source
from opencus.core.roles import Role
from opencus.intake.models import Application
from opencus.intake.online import online_application_receive
from opencus.intake.references import ReferenceQuery, reference_format, reference_parse
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import application_make
from tests.people.factories import PersonFactory
from tests.personas import Personas, login, user_make
from tests.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("core:search")


def search(client: Client, query: str) -> str:
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def filed(organiser: Any) -> Application:
    return application_make(
        ProgrammeServiceFactory.create(name="Senior taxi"),
        by=organiser,
        person=PersonFactory.create(first_name="Helena", last_name="Kowalczyk"),
    )


def ways_to_type(reference: str) -> list[str]:
    _letter, year, number = reference.split("/")
    short = str(int(number))
    return [
        reference,
        reference.lower(),
        f"w/{year}/{short}",
        f"W {year} {number}",
        f"{year}/{short}",
        number,  # "000146", as read out on the phone
        short,  # "146"
        f"W/{short}",
    ]


# --- Reading a reference ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("W/2026/000146", ReferenceQuery(146, 2026)),
        ("w/2026/146", ReferenceQuery(146, 2026)),
        (" W 2026 146 ", ReferenceQuery(146, 2026)),
        ("W-2026-000146", ReferenceQuery(146, 2026)),
        ("2026/146", ReferenceQuery(146, 2026)),
        ("000146", ReferenceQuery(146)),
        ("146", ReferenceQuery(146)),
        ("W/146", ReferenceQuery(146)),
    ],
)
def test_a_reference_is_read_however_it_is_typed(typed: str, read: ReferenceQuery) -> None:
    assert reference_parse(typed) == read


@pytest.mark.parametrize("typed", ["", "kowalski", "W/2026/", "0", "²", "W/2026/12a", "1" * 10])
def test_text_that_is_no_reference_reads_as_none(typed: str) -> None:
    assert reference_parse(typed) is None


def test_a_reference_is_written_with_six_digits() -> None:
    assert reference_format(year=2026, number=146) == "W/2026/000146"
    assert ReferenceQuery(146, 2026).reference == "W/2026/000146"


# --- The search page --------------------------------------------------------------------------


def test_the_clerk_finds_an_application_by_its_number_however_typed(clerk: Any, filed: Any) -> None:
    client = login(clerk)
    detail = reverse("intake:application_detail", args=[filed.uuid])
    for typed in ways_to_type(filed.reference):
        page = search(client, typed)
        assert f'href="{detail}"' in page, typed
        assert "Helena Kowalczyk" in page


def test_an_application_of_another_number_or_year_is_not_found(clerk: Any, filed: Any) -> None:
    _letter, year, number = filed.reference.split("/")
    page = search(login(clerk), f"W/{int(year) - 1}/{number}")
    assert reverse("intake:application_detail", args=[filed.uuid]) not in page


def test_people_are_found_by_name_and_pesel_but_not_once_archived(clerk: Any) -> None:
    person = PersonFactory.create(first_name="Zofia", last_name="Żółkiewska")
    gone = PersonFactory.create(last_name="Żółkiewska", archived_at=timezone.now())
    client = login(clerk)
    card = f'href="{reverse("people:detail", args=[person.pk])}"'
    assert card in search(client, "zolkiewska")
    assert person.pesel
    assert card in search(client, person.pesel)
    assert reverse("people:detail", args=[gone.pk]) not in search(client, "zolkiewska")


def test_providers_are_found_by_name_and_nip(organiser: Any) -> None:
    provider = ProviderFactory.create(name="Opiekunki Sp. z o.o.")
    client = login(organiser)
    link = f'href="{reverse("providers:detail", args=[provider.uuid])}"'
    assert link in search(client, "opiekunki")
    assert link in search(client, provider.nip)


def test_each_reader_finds_only_what_they_may_see(personas: Personas, filed: Any) -> None:
    """A provider's staff: their own provider, no people, no applications. A dispatcher sees
    people but no applications. A user with no role is refused the page."""
    own, other = personas.line.contract.provider, personas.other_line.contract.provider
    for provider in (own, other):
        provider.name = f"Taxi {provider.pk}"
        provider.save(update_fields=["name"])
    owner = login(personas.owner)
    page = search(owner, "Taxi")
    assert reverse("providers:detail", args=[own.uuid]) in page
    assert reverse("providers:detail", args=[other.uuid]) not in page
    page = search(owner, filed.reference)
    assert "Helena" not in page and "Applications" not in page and "People" not in page
    dispatcher = search(login(user_make(Role.DISPATCHER)), filed.reference)
    assert "Applications" not in dispatcher
    assert search(login(user_make(Role.DISPATCHER)), "Kowalczyk").count("Helena") == 1
    assert login(personas.nobody).get(SEARCH, {"q": "Kowalczyk"}).status_code == 403
    assert Client().get(SEARCH, {"q": "x"}).status_code == 302


def test_nothing_found_says_so(clerk: Any) -> None:
    page = search(login(clerk), "Qqqqqq")
    assert "Nothing found for" in page


def test_a_long_list_links_to_the_app_page_with_them_all(clerk: Any) -> None:
    PersonFactory.create_batch(12, last_name="Nowakowska")
    page = search(login(clerk), "nowakowska")
    assert page.count('href="/pracownicy/osoby/') >= 10
    assert "See all 12 results" in page
    assert f"{reverse('people:search')}?q=nowakowska" in page


def test_the_search_reads_a_fixed_number_of_queries(
    organiser: Any, django_assert_max_num_queries: Any
) -> None:
    service = ProgrammeServiceFactory.create()
    for n in range(15):
        application_make(service, by=organiser, last_name="Nowicka")
        ProviderFactory.create(name=f"Nowicka i córki {n}")
    client = login(organiser)
    client.get(SEARCH, {"q": "x"})  # sessions, language, roles: warm
    with django_assert_max_num_queries(16):
        page = search(client, "Nowicka")
    assert "See all 15 results" in page
    with django_assert_max_num_queries(16):
        search(client, Application.objects.first().reference)  # type: ignore[union-attr]


def test_the_header_of_every_staff_page_has_the_search_box(clerk: Any) -> None:
    client = login(clerk)
    for url in (reverse("core:dashboard"), reverse("people:search"), reverse("core:my_work")):
        page = client.get(url).content.decode()
        assert f'action="{SEARCH}"' in page and 'role="search"' in page
        assert '<label for="ocus-header-search"' in page
        assert 'method="get"' in page.split(f'action="{SEARCH}"')[0].rsplit("<form", 1)[1]
    public = Client().get(reverse("catalog:public_service_list")).content.decode()
    assert f'action="{SEARCH}"' not in public


def test_sources_come_from_the_registry(clerk: Any, monkeypatch: Any) -> None:
    """A source an app registers shows on the page, in its order, without core knowing it."""
    calls: list[str] = []

    def source(user: Any, query: str) -> SearchHits | None:
        calls.append(query)
        return SearchHits([], 0)

    monkeypatch.setattr(registry, "_search_sources", dict(registry._search_sources))
    search_source("test_source", "Test things", search=source, order=99, app="core")
    keys = [group.key for group in search_everywhere(clerk, "abc")]
    assert keys[-1] == "test_source" and keys[:2] == ["people", "applications"]
    assert calls == ["abc"]


def test_the_clerk_finds_an_online_application_by_its_e_number(clerk: Any) -> None:
    online = online_application_receive(
        fields={"first_name": "Halyna", "last_name": "Petrenko", "pesel": ""},
        services=[ProgrammeServiceFactory.create()],
        consents=[],
        acting_user=AnonymousUser(),
    )
    _letter, year, number = online.reference.split("/")
    for typed in (online.reference, f"e/{year}/{int(number)}", f"E {year} {number}"):
        page = search(login(clerk), typed)
        assert reverse("intake:online_detail", args=[online.uuid]) in page, typed
    # A W number with the same digits is another application, and a reader who does not check
    # online applications finds nothing of them.
    assert reverse("intake:online_detail", args=[online.uuid]) not in search(
        login(clerk), f"W/{year}/{number}"
    )
    dispatcher = user_make(Role.DISPATCHER)
    assert reverse("intake:online_detail", args=[online.uuid]) not in search(
        login(dispatcher), online.reference
    )
