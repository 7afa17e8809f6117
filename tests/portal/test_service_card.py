"""The public pages lead to the online application: the service card's start button (only
while the service takes applications, and never on the staff view) and the status page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opencus.catalog.models import ServiceStatus
from opencus.core.roles import Role
from tests.catalog.factories import ProgrammeServiceFactory

pytestmark = pytest.mark.django_db


def test_an_open_service_card_has_the_apply_button(visitor):
    taxi = ProgrammeServiceFactory.create()
    page = visitor.get(reverse("catalog:service_card", args=[taxi.uuid])).content.decode()
    assert f'href="{reverse("portal:apply")}?usluga={taxi.uuid}"' in page
    assert "govuk-button--start" in page
    assert "Apply online" in page
    assert f'href="{reverse("portal:status")}"' in page


def test_a_temporarily_closed_service_has_no_apply_button(visitor):
    closed = ProgrammeServiceFactory.create(status=ServiceStatus.SUSPENDED)
    page = visitor.get(reverse("catalog:service_card", args=[closed.uuid])).content.decode()
    assert "temporarily closed" in page
    assert reverse("portal:apply") not in page
    assert "govuk-button--start" not in page


def test_the_staff_view_of_the_card_has_no_apply_button(english_as):
    taxi = ProgrammeServiceFactory.create()
    client = english_as(Role.SERVICE_ORGANISER)
    page = client.get(reverse("catalog:staff_service_detail", args=[taxi.uuid])).content.decode()
    assert reverse("portal:apply") not in page


def test_the_service_list_links_the_application_and_the_status_page(visitor):
    ProgrammeServiceFactory.create()
    page = visitor.get(reverse("catalog:public_service_list")).content.decode()
    assert f'href="{reverse("portal:apply")}"' in page
    assert f'href="{reverse("portal:status")}"' in page
