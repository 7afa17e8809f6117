"""Provider staff reach their monthly statements (issue 9, item 12): from the staff menu, the
dashboard and their own pages; the list shows their own provider's contracts only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opencus.core.roles import Role
from tests.personas import Personas, login, user_make

pytestmark = pytest.mark.django_db


def test_provider_staff_find_the_statements_in_the_menu_and_dashboard(personas: Personas):
    client = login(personas.owner)
    statements = reverse("delivery:contract_list")
    link = f'href="{statements}"'
    for url, region in (
        (reverse("core:dashboard"), "govuk-service-navigation__list"),  # the staff menu
        (reverse("core:dashboard"), "ocus-tiles"),  # the dashboard
        (reverse("delivery:provider_today"), "ocus-provider-nav"),  # their own pages
    ):
        page = client.get(url).content.decode()
        assert region in page, region
        part = page[page.index(region) :]
        part = part[: part.index("</ul>")]
        assert link in part and "Monthly statements" in part, region
    listing = client.get(statements)
    assert listing.status_code == 200
    page = listing.content.decode()
    assert personas.line.contract.number in page
    assert personas.other_line.contract.number not in page


def test_the_menu_entry_is_only_for_those_who_may_open_the_statements(personas: Personas):
    statements = f'href="{reverse("delivery:contract_list")}"'
    for role in (Role.DISPATCHER, Role.SOCIAL_WORKER):
        page = login(user_make(role)).get(reverse("core:dashboard")).content.decode()
        assert statements not in page, role
    organiser_page = login(user_make(Role.SERVICE_ORGANISER)).get(reverse("core:dashboard"))
    assert statements in organiser_page.content.decode()
