"""The organisers' pages in a real browser: my work, a queue, a lottery round created, drawn and
checked, places changed, the notices to send, the refusal form and the letter templates.
axe-core checks every page visited, also with an error summary shown.

Pages are found by their addresses rather than their words: the interface is Polish by default
and its wording may change with the translations."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from opencus.core.models import LetterTemplate
from opencus.core.roles import Role
from opencus.intake.enrolment import draw_order
from opencus.intake.models import Channel, EnrolmentRound, ItemState, Notice
from opencus.intake.services import application_file, item_qualify
from tests.browser.test_intake_pages import log_in
from tests.catalog.factories import ProgrammeServiceFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.browser


def _file(service: Any, clerk: Any, days_ago: int, last_name: str) -> Any:
    noon = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12, 0)))
    application = application_file(
        person=PersonFactory.create(
            first_name="Zofia", last_name=last_name, birth_date=dt.date(1948, 5, 2), email=""
        ),
        services=[service],
        channel=Channel.PHONE,
        acting_user=clerk,
        filed_at=noon - dt.timedelta(days=days_ago),
    )
    return application.items.get()


def _submit(page: Any) -> None:
    page.locator("main form button[type=submit]").last.click()


def _follow(page: Any, href: str) -> None:
    """Follow the link to ``href`` and wait for its page: a click does not wait for the
    navigation, so a check right after it could run on the old page, or on none at all."""
    page.locator(f"main a[href='{href}']").click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def test_an_organiser_runs_a_lottery_changes_places_and_sends_notices(
    live_server, page, make_staff, assert_accessible
):
    organiser = make_staff(Role.SERVICE_ORGANISER, username="organizator")
    taxi = ProgrammeServiceFactory.create(name="Taksówka dla seniora", capacity=1)
    holder = _file(taxi, organiser, days_ago=20, last_name="Pierwsza")
    waiter = _file(taxi, organiser, days_ago=19, last_name="Czekająca")
    for item in (holder, waiter):
        item_qualify(item=item, acting_user=organiser)
    pool = ProgrammeServiceFactory.create(name="Basen dla seniorów", capacity=2)
    entrants = [_file(pool, organiser, days_ago=6 - n, last_name=f"Losowana{n}") for n in range(4)]
    base = live_server.url

    log_in(page, live_server, "organizator")
    page.goto(f"{base}{reverse('core:my_work')}")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(f"main a[href='{reverse('intake:notices')}']")).to_be_visible()
    assert_accessible(page)

    # The queue, then its rounds, then a new lottery round (first with errors).
    page.goto(f"{base}{reverse('intake:queue_detail', args=[pool.uuid])}")
    assert_accessible(page)
    _follow(page, reverse("intake:enrolment_list", args=[pool.uuid]))
    assert_accessible(page)
    _follow(page, reverse("intake:enrolment_new", args=[pool.uuid]))
    assert_accessible(page)
    _submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    today = timezone.localdate()

    def fill_dates(opens: dt.date, closes: dt.date) -> None:
        for name, day in (("opens_on", opens), ("closes_on", closes)):
            page.locator(f"input[name={name}_day]").fill(str(day.day))
            page.locator(f"input[name={name}_month]").fill(str(day.month))
            page.locator(f"input[name={name}_year]").fill(str(day.year))

    # A round set in the past, after seeing who applied, is refused: announce it first.
    fill_dates(today - dt.timedelta(days=10), today - dt.timedelta(days=1))
    page.locator("input[name=allocation][value=lottery]").check()
    _submit(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("przed jego rozpoczęciem")
    assert_accessible(page)
    assert not EnrolmentRound.objects.filter(service=pool).exists()
    fill_dates(today + dt.timedelta(days=1), today + dt.timedelta(days=10))
    _submit(page)
    enrolment_round = EnrolmentRound.objects.get(service=pool)
    detail = reverse("intake:enrolment_detail", args=[enrolment_round.pk])
    expect(page).to_have_url(re.compile(re.escape(detail) + "$"))
    assert_accessible(page)

    # Ten days on the round has run (its dates moved back, as if the days had passed, since the
    # browser's clock cannot be moved), and the lottery is drawn with a seed nobody chose.
    EnrolmentRound.objects.filter(pk=enrolment_round.pk).update(
        opens_on=today - dt.timedelta(days=10), closes_on=today - dt.timedelta(days=1)
    )
    page.reload()
    expect(page.locator("main table")).to_contain_text("Losowana0")
    _follow(page, reverse("intake:enrolment_allocate", args=[enrolment_round.pk]))
    assert_accessible(page)
    expect(page.locator("#id_seed")).to_have_count(0)
    _submit(page)
    expect(page).to_have_url(re.compile(re.escape(detail) + "$"))
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert_accessible(page)
    enrolment_round.refresh_from_db()
    assert len(enrolment_round.seed) == 32
    expect(page.locator("main")).to_contain_text(enrolment_round.seed)
    assert enrolment_round.result == draw_order(
        [item.pk for item in entrants], enrolment_round.seed
    )

    # Check the draw.
    page.locator(
        f"main form[action='{reverse('intake:enrolment_check', args=[enrolment_round.pk])}'] button"
    ).click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert_accessible(page)

    # Change the taxi's places: the person waiting is promoted.
    page.goto(f"{base}{reverse('intake:queue_detail', args=[taxi.uuid])}")
    _follow(page, reverse("intake:service_places", args=[taxi.uuid]))
    assert_accessible(page)
    page.locator("#id_capacity").fill("-3")
    _submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_capacity").fill("2")
    _submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Czekająca")
    assert_accessible(page)
    waiter.refresh_from_db()
    assert waiter.state == ItemState.QUALIFIED

    # The notices to send: mark the first one sent by post.
    page.goto(f"{base}{reverse('intake:notices')}")
    assert_accessible(page)
    first = Notice.objects.pending().order_by("created_at", "id").first()
    assert first is not None
    page.locator(f"#id_notice-{first.pk}-channel").select_option("post")
    page.locator(
        f"main form[action='{reverse('intake:notice_sent', args=[first.pk])}'] button"
    ).click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert_accessible(page)
    first.refresh_from_db()
    assert first.channel == "post"

    # The refusal form of a request, empty and then with its error summary.
    lost = next(item for item in entrants if item.pk == enrolment_round.result[-1])
    page.goto(f"{base}{reverse('intake:item_refuse', args=[lost.pk])}")
    assert_accessible(page)
    _submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    # The letter templates: the list and one template's form.
    page.goto(f"{base}{reverse('letters:template_list')}")
    assert_accessible(page)
    template = LetterTemplate.objects.order_by("kind", "language").first()
    assert template is not None
    page.locator(f"main a[href='{reverse('letters:template_edit', args=[template.pk])}']").click()
    expect(page.locator("#id_body")).to_be_visible()
    assert_accessible(page)

    # The preview of the typed text for a sample person, in its sandboxed frame.
    page.locator("main button[name=action][value=preview]").click()
    expect(page.locator("iframe.letter-preview")).to_be_visible()
    frame = page.frame_locator("iframe.letter-preview")
    expect(frame.locator("h1")).to_be_visible()
    assert_accessible(page)
