"""The organisers' pages of the queue: enrolment rounds (create, allocate, draw, check the
draw), the number of places (which promotes from the waiting list), the notices the client
office sends, and "my work"; who may do what, and what each page costs in queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencus.core.roles import Role
from opencus.intake.enrolment import draw_order, enrolment_round_create
from opencus.intake.models import (
    Allocation,
    ApplicationItem,
    DeliveryChannel,
    EnrolmentEntry,
    EnrolmentRound,
    EntryOutcome,
    ItemState,
    Notice,
)
from opencus.intake.services import item_qualify, item_refuse
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import SENIORS, announced_round, closed_round, item_make_at_noon
from tests.personas import login

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def text(response: Any) -> str:
    return response.content.decode()


# --- Who may do what --------------------------------------------------------------------------


def test_roles_without_the_capability_are_refused_and_nothing_changes(client_as, organiser):
    service = ProgrammeServiceFactory.create(capacity=2)
    item_make_at_noon(service, by=organiser, days_ago=3)
    enrolment_round = closed_round(service, organiser, Allocation.FIRST_COME)
    item = item_make_at_noon(service, by=organiser)
    item_qualify(item=item, acting_user=organiser)
    notice = Notice.objects.get()
    office, auditor = client_as(Role.CLIENT_OFFICE), client_as(Role.AUDITOR)
    provider, outsider = client_as(Role.PROVIDER_STAFF), client_as()

    posts = {
        "round_new": reverse("intake:enrolment_new", args=[service.uuid]),
        "round_allocate": reverse("intake:enrolment_allocate", args=[enrolment_round.pk]),
        "places": reverse("intake:service_places", args=[service.uuid]),
    }
    for client in (office, auditor, provider, outsider):
        for name, url in posts.items():
            assert client.post(url, {"capacity": "9"}).status_code == 403, name
    for client in (auditor, provider, outsider):
        url = reverse("intake:notice_sent", args=[notice.pk])
        assert client.post(url, {f"notice-{notice.pk}-channel": "post"}).status_code == 403
        assert client.get(reverse("intake:notices")).status_code == 403
    for client in (provider, outsider):
        check = reverse("intake:enrolment_check", args=[enrolment_round.pk])
        assert client.post(check).status_code == 403
        assert (
            client.get(reverse("intake:enrolment_detail", args=[enrolment_round.pk])).status_code
            == 403
        )
    # Seeing is enough to read a round and to check it.
    assert (
        office.get(reverse("intake:enrolment_detail", args=[enrolment_round.pk])).status_code == 200
    )
    assert (
        auditor.post(reverse("intake:enrolment_check", args=[enrolment_round.pk])).status_code
        == 302
    )
    assert office.get(reverse("intake:notices")).status_code == 200
    assert client_as(Role.DISPATCHER).get(reverse("core:my_work")).status_code == 200
    assert Client().get(reverse("core:my_work")).status_code == 302  # to log in

    enrolment_round.refresh_from_db()
    service.refresh_from_db()
    notice.refresh_from_db()
    assert enrolment_round.allocated_at is None
    assert EnrolmentRound.objects.count() == 1
    assert service.capacity == 2
    assert notice.delivered_at is None


def test_the_round_check_and_the_actions_are_post_only(english_as):
    service = ProgrammeServiceFactory.create()
    organiser = english_as(Role.SERVICE_ORGANISER)
    enrolment_round = EnrolmentRound.objects.create(
        service=service, opens_on=today(), closes_on=today(), allocation=Allocation.LOTTERY
    )
    assert (
        organiser.get(reverse("intake:enrolment_check", args=[enrolment_round.pk])).status_code
        == 405
    )
    assert organiser.get(reverse("intake:notice_sent", args=[1])).status_code == 405


# --- Enrolment rounds -------------------------------------------------------------------------


def test_the_queue_page_links_to_the_rounds_and_the_places(english_as, organiser):
    service = ProgrammeServiceFactory.create()
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    html = text(
        english_as(Role.SERVICE_ORGANISER).get(reverse("intake:queue_detail", args=[service.uuid]))
    )
    assert reverse("intake:enrolment_list", args=[service.uuid]) in html
    assert reverse("intake:enrolment_detail", args=[enrolment_round.pk]) in html
    assert reverse("intake:service_places", args=[service.uuid]) in html
    office = text(
        english_as(Role.CLIENT_OFFICE).get(reverse("intake:queue_detail", args=[service.uuid]))
    )
    assert reverse("intake:enrolment_list", args=[service.uuid]) in office
    assert reverse("intake:service_places", args=[service.uuid]) not in office
    assert reverse("intake:enrolment_new", args=[service.uuid]) not in office


def test_an_organiser_creates_a_first_come_round_and_allocates_it(english_as, organiser):
    service = ProgrammeServiceFactory.create(capacity=2)
    client = login(organiser)
    url = reverse("intake:enrolment_new", args=[service.uuid])
    assert "Create an enrolment round" in text(client.get(url))
    fields = {
        **date_fields("opens_on", today() - dt.timedelta(days=10)),
        **date_fields("closes_on", today() - dt.timedelta(days=1)),
        "allocation": Allocation.FIRST_COME,
        "places": "",
    }
    # Announced the day before it opened (eleven days ago, in a session of that day), then the
    # round ran to yesterday.
    eve = timezone.make_aware(dt.datetime.combine(today() - dt.timedelta(days=11), dt.time(12)))
    with time_machine.travel(eve.astimezone(dt.UTC), tick=False):
        response = login(organiser).post(url, fields)
    enrolment_round = EnrolmentRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:enrolment_detail", args=[enrolment_round.pk])
    assert (enrolment_round.allocation, enrolment_round.places) == (Allocation.FIRST_COME, None)

    first = item_make_at_noon(service, by=organiser, days_ago=8, last_name="Pierwsza")
    second = item_make_at_noon(service, by=organiser, days_ago=6, last_name="Druga")
    third = item_make_at_noon(service, by=organiser, days_ago=4, last_name="Trzecia")
    # Filed before the round:
    item_make_at_noon(service, by=organiser, days_ago=20, last_name="Przedtem")
    detail = text(client.get(response["Location"]))
    assert "closed, waiting for allocation" in detail
    assert "Pierwsza" in detail and "Trzecia" in detail
    assert "Przedtem" not in detail
    allocate = reverse("intake:enrolment_allocate", args=[enrolment_round.pk])
    confirm = text(client.get(allocate))
    assert "cannot be undone" in confirm
    assert "Allocate now" in confirm

    done = client.post(allocate, follow=True)
    assert "The places are allocated. Qualified: 2. On the waiting list: 1." in text(done)
    enrolment_round.refresh_from_db()
    assert enrolment_round.allocated_at is not None
    assert enrolment_round.result == [first.pk, second.pk, third.pk]
    states = dict(ApplicationItem.objects.values_list("pk", "state"))
    assert (states[first.pk], states[second.pk], states[third.pk]) == (
        ItemState.QUALIFIED,
        ItemState.QUALIFIED,
        ItemState.WAITING,
    )
    assert "Druga" in text(done) and "Check the allocation" in text(done)

    again = client.post(allocate, follow=True)
    assert "already allocated" in text(again)
    assert EnrolmentEntry.objects.count() == 3


def test_the_round_form_shows_the_services_refusals_and_creates_nothing(english_as, organiser):
    service = ProgrammeServiceFactory.create()
    closed_round(service, organiser, Allocation.LOTTERY)
    enrolment_round_create(
        service=service,
        opens_on=today() + dt.timedelta(days=1),
        closes_on=today() + dt.timedelta(days=10),
        allocation=Allocation.LOTTERY,
        acting_user=organiser,
    )
    client = english_as(Role.DIRECTOR)
    url = reverse("intake:enrolment_new", args=[service.uuid])
    backwards = client.post(
        url,
        {
            **date_fields("opens_on", today() + dt.timedelta(days=30)),
            **date_fields("closes_on", today() + dt.timedelta(days=29)),
            "allocation": Allocation.LOTTERY,
        },
    )
    assert backwards.status_code == 400
    assert "The round cannot close before it opens." in text(backwards)
    assert "govuk-error-summary" in text(backwards)
    overlap = client.post(
        url,
        {
            **date_fields("opens_on", today() + dt.timedelta(days=5)),
            **date_fields("closes_on", today() + dt.timedelta(days=20)),
            "allocation": Allocation.FIRST_COME,
        },
    )
    assert overlap.status_code == 400
    assert "Another round of this service runs in that period" in text(overlap)
    empty = client.post(url, {"places": "0"})
    assert empty.status_code == 400
    for message in (
        "Enter the day the round opens.",
        "Choose how the places are allocated.",
        "A round gives at least one place.",
    ):
        assert message in text(empty)
    assert EnrolmentRound.objects.count() == 2


@pytest.mark.parametrize(
    ("opens_in", "closes_in"), [(-10, -1), (0, 7)], ids=["entirely-past", "opens-today"]
)
def test_the_round_form_refuses_a_round_not_announced_before_it_opens(
    english_as, opens_in, closes_in
):
    service = ProgrammeServiceFactory.create()
    opens_on = today() + dt.timedelta(days=opens_in)
    response = english_as(Role.SERVICE_ORGANISER).post(
        reverse("intake:enrolment_new", args=[service.uuid]),
        {
            **date_fields("opens_on", opens_on),
            **date_fields("closes_on", today() + dt.timedelta(days=closes_in)),
            "allocation": Allocation.LOTTERY,
        },
    )
    assert response.status_code == 400
    html = text(response)
    tomorrow = today() + dt.timedelta(days=1)
    assert (
        f"A round is announced before it opens: it can open on {tomorrow:%d.%m.%Y} at the "
        f"earliest, not on {opens_on:%d.%m.%Y}."
    ) in html
    assert 'href="#id_opens_on' in html  # the error summary links to the field
    assert not EnrolmentRound.objects.exists()


def test_a_lottery_is_drawn_with_a_seed_nobody_chose_and_the_check_repeats_it(
    english_as, organiser, monkeypatch
):
    service = ProgrammeServiceFactory.create(capacity=2)
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    items = [
        item_make_at_noon(service, by=organiser, days_ago=9 - n, last_name=f"Los{n}")
        for n in range(5)
    ]
    client = login(organiser)
    allocate = reverse("intake:enrolment_allocate", args=[enrolment_round.pk])
    confirm = text(client.get(allocate))
    assert "Nobody chooses the seed" in confirm
    assert 'name="seed"' not in confirm
    monkeypatch.setattr("opencus.intake.enrolment.secrets.token_hex", lambda n: "ab12" * 8)

    # A seed slipped into the form is ignored: the draw's seed comes from ``secrets``.
    done = client.post(allocate, {"seed": "7 19 23 41"}, follow=True)
    html = text(done)
    assert "The lottery has been drawn. Qualified: 2. On the waiting list: 3." in html
    enrolment_round.refresh_from_db()
    expected = draw_order([item.pk for item in items], "ab12" * 8)
    assert enrolment_round.seed == "ab12" * 8
    assert enrolment_round.result == expected
    assert ", ".join(str(pk) for pk in expected) in html  # the recorded order, for an auditor
    assert "ab12" * 8 in html
    assert list(EnrolmentEntry.objects.order_by("position").values_list("item_id", flat=True)) == (
        expected
    )
    qualified = set(
        ApplicationItem.objects.filter(state=ItemState.QUALIFIED).values_list("pk", flat=True)
    )
    assert qualified == set(expected[:2])

    check = reverse("intake:enrolment_check", args=[enrolment_round.pk])
    auditor = english_as(Role.AUDITOR)
    checked = auditor.post(check, follow=True)
    assert "the result is the same as the recorded order" in text(checked)

    redraw = client.post(allocate, follow=True)
    assert "already allocated" in text(redraw)
    enrolment_round.refresh_from_db()
    assert (enrolment_round.seed, enrolment_round.result) == ("ab12" * 8, expected)


def test_a_lottery_with_a_random_seed_records_it(english_as, organiser):
    service = ProgrammeServiceFactory.create(capacity=5)
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY, places=1)
    for n in range(3):
        item_make_at_noon(service, by=organiser, days_ago=5, minutes=n)
    client = english_as(Role.SERVICE_ORGANISER)
    client.post(reverse("intake:enrolment_allocate", args=[enrolment_round.pk]))
    enrolment_round.refresh_from_db()
    assert len(enrolment_round.seed) == 32
    outcomes = sorted(EnrolmentEntry.objects.values_list("outcome", flat=True))
    assert outcomes == [EntryOutcome.QUALIFIED, EntryOutcome.WAITING, EntryOutcome.WAITING]


def test_a_changed_record_fails_the_check(english_as, organiser):
    service = ProgrammeServiceFactory.create(capacity=5)
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    for n in range(4):
        item_make_at_noon(service, by=organiser, days_ago=5, minutes=n)
    client = english_as(Role.SERVICE_ORGANISER)
    client.post(reverse("intake:enrolment_allocate", args=[enrolment_round.pk]))
    enrolment_round.refresh_from_db()
    EnrolmentRound.objects.filter(pk=enrolment_round.pk).update(
        result=list(reversed(enrolment_round.result))
    )
    checked = client.post(reverse("intake:enrolment_check", args=[enrolment_round.pk]), follow=True)
    assert "the result differs from the recorded order" in text(checked)


def test_a_lottery_without_entrants_says_so_and_changes_nothing(english_as, organiser):
    service = ProgrammeServiceFactory.create(capacity=5)
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    client = english_as(Role.SERVICE_ORGANISER)
    response = client.post(
        reverse("intake:enrolment_allocate", args=[enrolment_round.pk]), follow=True
    )
    assert "Nobody applied in this round: there is nothing to draw." in text(response)
    enrolment_round.refresh_from_db()
    assert (enrolment_round.allocated_at, enrolment_round.seed, enrolment_round.result) == (
        None,
        "",
        [],
    )
    not_allocated = client.post(
        reverse("intake:enrolment_check", args=[enrolment_round.pk]), follow=True
    )
    assert "has not been allocated yet" in text(not_allocated)


def test_an_open_round_is_not_drawn(english_as, organiser):
    service = ProgrammeServiceFactory.create(capacity=5)
    enrolment_round = announced_round(
        service,
        organiser,
        Allocation.LOTTERY,
        opens_on=today() - dt.timedelta(days=2),
        closes_on=today() + dt.timedelta(days=2),
    )
    item_make_at_noon(service, by=organiser, days_ago=1)
    client = english_as(Role.SERVICE_ORGANISER)
    url = reverse("intake:enrolment_allocate", args=[enrolment_round.pk])
    confirm = text(client.get(url))
    assert "allocate it after it closes" in confirm
    assert "Draw now" not in confirm
    response = client.post(url, follow=True)
    html = text(response)
    assert "allocate it after it closes" in html
    assert f"{enrolment_round.closes_on:%d.%m.%Y}" in html
    enrolment_round.refresh_from_db()
    assert enrolment_round.allocated_at is None
    assert not EnrolmentEntry.objects.exists()


def test_the_rounds_list_shows_each_rounds_state(english_as, organiser):
    service = ProgrammeServiceFactory.create()
    closed_round(service, organiser, Allocation.FIRST_COME, places=3)
    enrolment_round_create(
        service=service,
        opens_on=today() + dt.timedelta(days=5),
        closes_on=today() + dt.timedelta(days=9),
        allocation=Allocation.LOTTERY,
        acting_user=organiser,
    )
    html = text(
        english_as(Role.CLIENT_OFFICE).get(reverse("intake:enrolment_list", args=[service.uuid]))
    )
    assert "closed, waiting for allocation" in html
    assert "not open yet" in html
    assert "first come, first served" in html
    assert "Create a round" not in html  # the client office only reads


# --- Places -----------------------------------------------------------------------------------


def test_adding_places_promotes_the_oldest_eligible_waiting_person(english_as, organiser):
    service = ProgrammeServiceFactory.create(capacity=1)
    holder = item_make_at_noon(service, by=organiser, days_ago=3, last_name="Miejsce")
    young = item_make_at_noon(
        service, by=organiser, days_ago=2, last_name="Zamłoda", birth_date=dt.date(1990, 1, 1)
    )
    older = item_make_at_noon(service, by=organiser, days_ago=1, last_name="Następna")
    latest = item_make_at_noon(service, by=organiser, last_name="Ostatnia")
    for item in (holder, young, older, latest):
        item_qualify(item=item, acting_user=organiser)
    # The conditions changed after they joined the list: the young person no longer meets them.
    service.eligibility_rules = SENIORS
    service.save(update_fields=["eligibility_rules"])

    client = english_as(Role.SERVICE_ORGANISER)
    url = reverse("intake:service_places", args=[service.uuid])
    page = text(client.get(url))
    assert "Change places" in page and 'value="1"' in page
    response = client.post(url, {"capacity": "2"}, follow=True)
    html = text(response)
    assert "Promoted from the waiting list:" in html
    assert f"{older.person.full_name}." in html
    assert young.person.full_name not in html.split("Promoted from the waiting list:")[1][:200]
    states = dict(ApplicationItem.objects.values_list("pk", "state"))
    assert states[older.pk] == ItemState.QUALIFIED
    assert states[young.pk] == states[latest.pk] == ItemState.WAITING
    service.refresh_from_db()
    assert service.capacity == 2
    assert Notice.objects.filter(item=older, promoted=True).exists()


def test_empty_places_mean_not_limited_and_bad_numbers_are_refused(english_as, organiser):
    service = ProgrammeServiceFactory.create(capacity=1)
    items = [item_make_at_noon(service, by=organiser, days_ago=3 - n) for n in range(3)]
    for item in items:
        item_qualify(item=item, acting_user=organiser)
    client = english_as(Role.DIRECTOR)
    url = reverse("intake:service_places", args=[service.uuid])
    for value, message in (
        ("-1", "The number of places cannot be negative."),
        ("many", "Enter the number of places as a whole number"),
    ):
        response = client.post(url, {"capacity": value})
        assert response.status_code == 400
        assert message in text(response)
    service.refresh_from_db()
    assert service.capacity == 1
    same = client.post(url, {"capacity": "1"}, follow=True)
    assert "Nobody was promoted from the waiting list." in text(same)
    unlimited = client.post(url, {"capacity": ""}, follow=True)
    assert "Places are not limited." in text(unlimited)
    service.refresh_from_db()
    assert service.capacity is None
    assert set(ApplicationItem.objects.values_list("state", flat=True)) == {ItemState.QUALIFIED}


# --- Notices ----------------------------------------------------------------------------------


def _notices(organiser: Any, count: int) -> list[Notice]:
    service = ProgrammeServiceFactory.create(capacity=1, name="Opieka wytchnieniowa")
    items = [
        item_make_at_noon(service, by=organiser, days_ago=count - n, last_name=f"Osoba{n}")
        for n in range(count)
    ]
    for item in items[:-1]:
        item_qualify(item=item, acting_user=organiser)
    item_refuse(item=items[-1], reason="Nie mieszka w gminie.", acting_user=organiser)
    return list(Notice.objects.order_by("created_at", "id"))


def test_the_notices_page_lists_pending_notices_with_their_letters(english_as, organiser):
    first, second, refused = _notices(organiser, 3)
    client = english_as(Role.CLIENT_OFFICE)
    html = text(client.get(reverse("intake:notices")))
    for notice in (first, second, refused):
        assert notice.item.person.full_name in html
    assert "Qualification notice" in html and "Waiting-list notice" in html
    assert "Refusal notice" in html
    letter = reverse("intake_letters:letter", args=[refused.item.application.uuid, "odmowa"])
    assert f"{letter}?item={refused.item.pk}" in html
    assert f'id="id_notice-{first.pk}-channel"' in html
    pdf = client.get(f"{letter}?item={refused.item.pk}")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")


def test_a_notice_is_marked_sent_once(english_as, organiser):
    first, second, _refused = _notices(organiser, 3)
    client = english_as(Role.CLIENT_OFFICE)
    url = reverse("intake:notice_sent", args=[first.pk])
    field = f"notice-{first.pk}-channel"
    wrong = client.post(url, {field: DeliveryChannel.EMAIL}, follow=True)
    assert "Choose how the notice was sent." in text(wrong)
    first.refresh_from_db()
    assert first.delivered_at is None

    done = client.post(url, {field: DeliveryChannel.POST}, follow=True)
    assert f"Marked as sent: the qualification notice to {first.item.person.full_name}." in text(
        done
    )
    assert first.pk not in [notice.pk for notice, _slug, _form in done.context["rows"]]
    first.refresh_from_db()
    assert (first.channel, first.delivered_at is not None) == (DeliveryChannel.POST, True)
    sent_at = first.delivered_at

    again = client.post(url, {field: DeliveryChannel.PHONE}, follow=True)
    assert "This notice has already been sent." in text(again)
    first.refresh_from_db()
    assert (first.channel, first.delivered_at) == (DeliveryChannel.POST, sent_at)
    second.refresh_from_db()
    assert second.delivered_at is None


def test_the_notices_list_has_a_fixed_query_budget(
    english_as, organiser, django_assert_max_num_queries
):
    _notices(organiser, 8)
    client = english_as(Role.CLIENT_OFFICE)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("intake:notices"))
    assert len(response.context["rows"]) == 8


# --- My work ----------------------------------------------------------------------------------


def test_my_work_gathers_what_waits_for_an_organiser(organiser, make_staff):
    waiting_service = ProgrammeServiceFactory.create(capacity=1, name="Asystent osobisty")
    holder = item_make_at_noon(waiting_service, by=organiser, days_ago=3)
    waiter = item_make_at_noon(waiting_service, by=organiser, days_ago=2, last_name="Czekająca")
    for item in (holder, waiter):
        item_qualify(item=item, acting_user=organiser)
    waiting_service.capacity = 2  # changed behind the queue's back: the list could move now
    waiting_service.save(update_fields=["capacity"])
    full_service = ProgrammeServiceFactory.create(capacity=1, name="Pełna usługa")
    for item in (
        item_make_at_noon(full_service, by=organiser, days_ago=3),
        item_make_at_noon(full_service, by=organiser, days_ago=2),
    ):
        item_qualify(item=item, acting_user=organiser)
    lottery_service = ProgrammeServiceFactory.create(name="Zajęcia na basenie")
    enrolment_round = closed_round(lottery_service, organiser, Allocation.LOTTERY)
    announced_round(
        lottery_service,
        organiser,
        Allocation.FIRST_COME,
        opens_on=today(),
        closes_on=today() + dt.timedelta(days=3),
    )
    newer = item_make_at_noon(lottery_service, by=organiser, days_ago=1, last_name="Nowsza")
    older = item_make_at_noon(lottery_service, by=organiser, days_ago=9, last_name="Starsza")

    response = login(organiser).get(reverse("core:my_work"))
    work = {section.key: section for section in response.context["sections"]}
    assert [item.pk for item in work["to-qualify"].rows] == [older.pk, newer.pk]
    assert [service.pk for service in work["lists-to-move"].rows] == [waiting_service.pk]
    assert [r.pk for r in work["rounds-to-allocate"].rows] == [enrolment_round.pk]
    assert work["notices"].total == Notice.objects.count() == 4
    assert work["received"].total == 5  # all the organiser filed but the one 9 days ago
    html = text(response)
    for heading in (
        "Notices to send",
        "Requests awaiting qualification",
        "Waiting lists that can move now",
        "Enrolment rounds to allocate",
        "Applications you received in the last 7 days",
    ):
        assert heading in html
    assert reverse("intake:application_detail", args=[older.application.uuid]) in html
    assert reverse("intake:enrolment_detail", args=[enrolment_round.pk]) in html
    assert reverse("intake:queue_detail", args=[waiting_service.uuid]) in html
    assert reverse("intake:notices") in html


def test_my_work_hides_the_sections_a_role_does_not_do(organiser, make_staff):
    service = ProgrammeServiceFactory.create(capacity=1)
    item_qualify(item=item_make_at_noon(service, by=organiser, days_ago=2), acting_user=organiser)
    item_make_at_noon(service, by=organiser, days_ago=1)
    closed_round(ProgrammeServiceFactory.create(), organiser, Allocation.LOTTERY)

    clerk = make_staff(Role.CLIENT_OFFICE)
    own = item_make_at_noon(service, by=clerk, last_name="Przyjęta", minutes=-5)
    # Not received by the clerk:
    item_make_at_noon(ProgrammeServiceFactory.create(), by=organiser, days_ago=9)
    office = login(clerk).get(reverse("core:my_work"))
    html = text(office)
    assert "Notices to send" in html
    assert "Applications you received in the last 7 days" in html
    assert [a.pk for a in {s.key: s for s in office.context["sections"]}["received"].rows] == [
        own.application_id
    ]
    for heading in (
        "Requests awaiting qualification",
        "Waiting lists that can move now",
        "Enrolment rounds to allocate",
    ):
        assert heading not in html

    page = text(login(make_staff(Role.AUDITOR)).get(reverse("core:my_work")))
    assert "Nothing waits for your roles on this page." in page
    # The dispatcher has the senior taxi's plans (tests/transport), no intake section.
    page = text(login(make_staff(Role.DISPATCHER)).get(reverse("core:my_work")))
    assert "Notices to send" not in page


def test_the_dashboard_links_to_my_work(english_as):
    html = text(english_as(Role.DISPATCHER).get(reverse("core:dashboard")))
    assert reverse("core:my_work") in html
    assert "My work" in html


def test_my_work_has_a_fixed_query_budget(organiser, django_assert_max_num_queries):
    for n in range(4):
        service = ProgrammeServiceFactory.create(capacity=1)
        for m in range(3):
            item = item_make_at_noon(service, by=organiser, days_ago=5 - m, minutes=n)
            if m < 2:
                item_qualify(item=item, acting_user=organiser)
        service.capacity = 3
        service.save(update_fields=["capacity"])
        closed_round(ProgrammeServiceFactory.create(), organiser, Allocation.FIRST_COME)
    client = login(organiser)
    # Each section costs its rows and, when they may be more than shown, one count (the
    # senior taxi's four sections: the day plans, the call list, rides the ledger refused and
    # returns after a no-show, one query each; the home visits' three sections: requests left
    # out and visits the ledger refused, with their counts, and the weeks not published).
    with django_assert_max_num_queries(27):
        response = client.get(reverse("core:my_work"))
    work = {section.key: section for section in response.context["sections"]}
    assert (len(work["to-qualify"].rows), len(work["lists-to-move"].rows)) == (4, 4)
    assert len(work["notices"].rows) == 5  # the oldest few; the notices page has them all
    assert (
        work["notices"].total,
        len(work["rounds-to-allocate"].rows),
        work["received"].total,
    ) == (
        8,
        4,
        12,
    )
