"""``manage.py seed_demo``: the Starachowice demo centre, idempotent and valid (the seed is
shared by the package: tests/demo/conftest.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone, translation

from opencus.catalog.eligibility import validate_rules
from opencus.catalog.models import (
    DeliveredBy,
    Location,
    OpeningHours,
    Programme,
    ProgrammeService,
)
from opencus.core.identifiers import pesel_decode
from opencus.core.roles import Role
from opencus.core.text import fold
from opencus.demo import data
from opencus.demo.population import REFERENCE_DATE, build_population
from opencus.intake.models import OnlineApplication, OnlineState
from opencus.people.models import (
    Consent,
    HouseholdMember,
    Person,
    Representative,
)
from tests.demo.conftest import PEOPLE, seed

GROUPS = {"all", "any", "not"}
LEAF_PARAMETERS = {
    "age": {"min", "max"},
    "resident": set(),
    "disability": {"min_level"},
    "child_in_household": {"max_age"},
    "economically_inactive": set(),
    "refugee": set(),
}


def table_counts() -> dict[str, int]:
    return {
        model._meta.db_table: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def service_stamps() -> list[tuple[int, dt.datetime]]:
    # modeltranslation's queryset types values_list() loosely.
    rows = ProgrammeService.objects.values_list("pk", "updated_at")
    return sorted(cast(list[tuple[int, dt.datetime]], list(rows)))


@pytest.mark.django_db
def test_running_twice_changes_nothing(demo: str) -> None:
    counts = table_counts()
    stamps = service_stamps()
    people_stamps = sorted(Person.objects.values_list("pk", "updated_at"))
    hours = sorted(OpeningHours.objects.values_list("pk", flat=True))

    seed()

    assert table_counts() == counts
    assert counts["people_person"] >= PEOPLE
    assert service_stamps() == stamps
    assert sorted(Person.objects.values_list("pk", "updated_at")) == people_stamps
    assert sorted(OpeningHours.objects.values_list("pk", flat=True)) == hours


def test_the_demo_says_at_its_start_whether_two_factor_authentication_is_off(
    demo: str, settings: Any
) -> None:
    from opencus.demo.management.commands.seed_demo import two_factor_notice

    # The module's demo was seeded with the environment's settings (no switch): it says it is on.
    assert "Two-factor authentication is on" in demo
    settings.OPENCUS_2FA_OFF = True  # as `make demo` runs it
    assert "Two-factor authentication is OFF for the director and coordinators" in (
        two_factor_notice()
    )
    assert "OPENCUS_2FA_OFF=true" in two_factor_notice()


@pytest.mark.django_db
def test_the_demo_has_online_applications_for_the_client_office_to_check(demo: str) -> None:
    waiting = list(OnlineApplication.objects.filter(state=OnlineState.RECEIVED))
    assert len(waiting) == 2
    registered = [online for online in waiting if Person.objects.filter(pesel=online.pesel)]
    assert len(registered) == 1  # a duplicate for the clerk to sort out
    # Each asks for the current programme's services, once each.
    for online in waiting:
        services = list(online.services.all())
        assert len(services) == len({service.name for service in services}) == 2
        assert all(
            service.programme.valid_to is None or service.programme.valid_to >= timezone.localdate()
            for service in services
        )


@pytest.mark.django_db
def test_every_pesel_is_valid_and_matches_birth_date_and_sex(demo: str) -> None:
    people = list(Person.objects.all())
    assert people
    for person in people:
        if person.pesel is None:
            assert person.id_document_number and person.id_document_country
            continue
        decoded = pesel_decode(person.pesel)
        assert decoded.birth_date == person.birth_date, person.pesel
        assert decoded.sex == person.sex, person.pesel


@pytest.mark.django_db
def test_people_pass_model_validation_and_have_search_fields(demo: str) -> None:
    for person in Person.objects.all():
        person.full_clean()
        assert person.last_name_folded == fold(person.last_name) != ""
        assert person.first_name_folded == fold(person.first_name) != ""
        assert person.street_folded == fold(person.street) != ""
        assert person.postcode == "27-200"
        assert person.locality == "Starachowice"
        assert person.terc == settings.OPENCUS_MUNICIPALITY_TERC
        assert person.latitude is not None and person.longitude is not None
        assert 51.0 < float(person.latitude) < 51.09
        assert 21.02 < float(person.longitude) < 21.13


@pytest.mark.django_db
def test_everyone_lives_in_a_household_and_children_have_legal_representatives(demo: str) -> None:
    housed = set(
        HouseholdMember.objects.filter(left_on__isnull=True).values_list("person_id", flat=True)
    )
    assert housed == set(Person.objects.values_list("pk", flat=True))
    minors = [p for p in Person.objects.all() if p.age_on(REFERENCE_DATE) < 18]
    assert minors
    for child in minors:
        assert Representative.objects.filter(person=child, kind="legal").exists()
    # Carers are adults in the registry who live in another household.
    carers = Representative.objects.filter(kind="carer").select_related("representative")
    assert carers
    for link in carers:
        assert link.representative.age_on(REFERENCE_DATE) >= 18
        assert link.person.household_links.get().household_id != (
            link.representative.household_links.get().household_id
        )
    # Consents given for a child are signed by one of the child's representatives.
    by_representative = Consent.objects.filter(given_by_representative__isnull=False)
    assert by_representative
    for consent in by_representative:
        assert consent.given_by_representative is not None
        assert consent.given_by_representative.person_id == consent.person_id
    assert Consent.objects.filter(purpose="services").count() > PEOPLE // 2


@pytest.mark.django_db
def test_programmes_and_named_services_exist(demo: str) -> None:
    today = timezone.localdate()
    current = Programme.objects.current(today)
    cus = current.get(name=data.CUS_PROJECT_NAME)
    refugees = current.get(name="Centrum Pomocy Uchodźcom")
    assert cus.eu_project_reference == "POWR.02.08.00-00-0062/20"
    assert Programme.objects.get(status="expired").valid_from == dt.date(2021, 8, 4)

    cus_names = set(cus.services.values_list("name", flat=True))
    for name in (
        "Taksówka dla Seniora",
        "Mobilny konserwator / Złota Rączka",
        "Mobilny fizjoterapeuta",
        "Pielęgniarka",
        "Broker Pracy / Doradca Rozwoju",
        "Nauka pływania",
        "Aqua aerobik",
        "Wejściówki do Kina Kultura",
        "Dzienny Dom Senior+",
        "Klub Senior+ „Niezapominajka”",
        "Kawiarenka e-Seniorek",
        "Kawiarenka Społeczna",
    ):
        assert name in cus_names
    assert refugees.services.filter(slug="kursy-jezyka-polskiego").exists()
    assert refugees.services.count() == len(data.REFUGEE_SERVICES)

    taxi = cus.services.get(slug="taksowka-dla-seniora")
    assert list(taxi.limits.values_list("units", "unit", "period")) == [(4, "ride", "month")]
    assert taxi.fee_kind == "free"

    day_home = cus.services.get(slug="dzienny-dom-senior-plus")
    assert day_home.qualification_mode == "decision"
    assert day_home.fee_kind == "schedule"
    # Senior+: at least 8 hours a day, Monday to Friday.
    for weekday in range(1, 6):
        row = day_home.hours.get(weekday=weekday)
        span = dt.datetime.combine(today, row.closes_at) - dt.datetime.combine(today, row.opens_at)
        assert span >= dt.timedelta(hours=8)
    assert all(service.areas.exists() for service in ProgrammeService.objects.all())
    assert all(service.locations.exists() for service in ProgrammeService.objects.all())


def _check_rule(node: Any) -> None:
    assert isinstance(node, dict) and node
    if "attribute" in node:
        name = node["attribute"]
        assert name in LEAF_PARAMETERS, name
        assert set(node) - {"attribute"} <= LEAF_PARAMETERS[name], node
        return
    assert len(node) == 1 and set(node) <= GROUPS, node
    ((group, value),) = node.items()
    if group == "not":
        _check_rule(value)
    else:
        assert isinstance(value, list) and value
        for rule in value:
            _check_rule(rule)


@pytest.mark.django_db
def test_every_service_has_rules_in_the_catalogue_format(demo: str) -> None:
    services = list(ProgrammeService.objects.all())
    assert len(services) == len(data.SERVICES) + len(data.SERVICES_2021)
    for service in services:
        _check_rule(service.eligibility_rules)
        validate_rules(service.eligibility_rules)
    senior_plus = ProgrammeService.objects.filter(slug="klub-senior-plus-niezapominajka").get()
    assert senior_plus.eligibility_rules == {
        "all": [
            {"attribute": "age", "min": 60},
            {"attribute": "economically_inactive"},
            {"attribute": "resident"},
        ]
    }


@pytest.mark.django_db
def test_one_user_per_role_in_its_group_and_an_admin(demo: str) -> None:
    output = demo
    for role in Role:
        user = User.objects.get(username=role.value)
        assert list(user.groups.values_list("name", flat=True)) == [role.value]
        assert user.check_password(data.DEMO_PASSWORD)
        assert not user.is_superuser
        assert role.value in output
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert data.DEMO_PASSWORD in output


def test_population_is_deterministic_and_a_smaller_one_is_a_prefix() -> None:
    large = build_population(500)
    again = build_population(500)
    small = build_population(50)
    assert [h.name for h in large.households] == [h.name for h in again.households]
    assert [h.name for h in small.households] == [
        h.name for h in large.households[: len(small.households)]
    ]


def test_population_mix() -> None:
    population = build_population(2000)
    people = [person for person, _ in population.people()]
    assert 2000 <= len(people) < 2010
    keys = [person.key for person in people]
    assert len(keys) == len(set(keys))
    seniors = [p for p in people if p.age() >= 60]
    assert 0.3 < len(seniors) / len(people) < 0.5
    assert any(p.labour_status == "inactive" and p.age() < 60 for p in people)
    # Gendered surnames: Kowalski / Kowalska.
    for person in people:
        if person.sex == "F":
            assert not person.last_name.endswith(("ski", "cki")), person.last_name
        else:
            assert not person.last_name.endswith(("ska", "cka")), person.last_name
    # Households with children, whose parents are old enough to be their parents.
    families = [h for h in population.households if any(m.relation == "child" for m in h.members)]
    assert len(families) > 100
    for household in families:
        parents = [m.person for m in household.members if m.relation in ("head", "spouse")]
        for member in household.members:
            if member.relation == "child":
                assert all(member.person.age() + 19 <= parent.age() for parent in parents)
    # Refugees without a PESEL.
    refugees = [p for p in people if p.pesel is None]
    assert 10 < len(refugees) < 150
    for refugee in refugees:
        assert refugee.protection_status == "temporary"
        assert refugee.preferred_language == "uk"
        assert refugee.citizenship == "UA"
        assert refugee.id_document_type in {"passport", "residence_card"}
    # The OSL communities' streets have residents.
    streets = {household.address.street for household in population.households}
    for community in data.COMMUNITIES:
        assert set(community.streets) <= streets
    # Nothing is dated before the person was born (or, for a refugee, arrived).
    arrival = {
        m.person.key: m.joined_on if m.person.pesel is None else m.person.birth_date
        for h in population.households
        for m in h.members
    }
    for consent in population.consents:
        assert consent.given_at.date() >= arrival[consent.person_key]
        if consent.withdrawn_at is not None:
            assert consent.withdrawn_at > consent.given_at
    for certificate in population.certificates:
        assert certificate.issued_on > arrival[certificate.person_key]
    assert any(r.kind == "carer" for r in population.representatives)
    assert population.certificates and population.health_notes
    assert any(
        c.valid_until is not None and c.valid_until < REFERENCE_DATE
        for c in population.certificates
    )


@pytest.mark.django_db
def test_the_demo_has_requests_in_every_state_a_waiting_list_and_a_finished_lottery(demo: str):
    from opencus.intake.enrolment import enrolment_redraw_check
    from opencus.intake.models import ApplicationItem, EnrolmentRound, ItemState, UnmetDemand

    states = set(ApplicationItem.objects.values_list("state", flat=True))
    assert states == set(ItemState.values)
    assert ApplicationItem.objects.filter(state=ItemState.WAITING).count() >= 4
    lottery = EnrolmentRound.objects.get()
    assert lottery.seed and lottery.result
    assert enrolment_redraw_check(lottery)
    # Its dates are in the past: the demo records it as history, saying so, and the draw's
    # seed came from ``secrets`` (32 hex digits), not from a seed the demo chose.
    assert "historia centrum demonstracyjnego" in lottery.transitions.get(change="created").note
    assert len(lottery.seed) == 32 and int(lottery.seed, 16) >= 0
    assert UnmetDemand.objects.filter(category__icontains="joga").exists() or (
        UnmetDemand.objects.filter(category__icontains="jogi").exists()
    )
    # Every outcome owed a notice; the old ones went out, recent ones wait for the office.
    from opencus.intake.models import Notice

    decided = ApplicationItem.objects.filter(
        state__in=[ItemState.QUALIFIED, ItemState.WAITING, ItemState.REFUSED]
    )
    assert Notice.objects.filter(item__in=decided).values("item").distinct().count() == (
        decided.count()
    )
    assert Notice.objects.filter(delivered_at__isnull=False).exists()
    assert Notice.objects.filter(delivered_at__isnull=True).exists()


@pytest.mark.django_db
def test_the_demo_has_providers_with_contracts_and_entitlements_get_their_provider(
    demo: str,
) -> None:
    from opencus.delivery.models import DeliveryRecord
    from opencus.intake.models import ApplicationItem, Entitlement, ItemState
    from opencus.providers.models import Contract, ContractStatus, Provider, ProviderStaff
    from opencus.providers.selectors import providers_for_service

    today = timezone.localdate()
    current = ProgrammeService.objects.filter(programme__in=Programme.objects.current(today))

    providers = list(Provider.objects.all())
    assert 5 <= len(providers) <= 7
    for provider in providers:
        provider.full_clean()  # NIP, REGON and KRS pass their check-digit validators
        assert provider.locality == "Starachowice" and provider.phone and provider.email
        assert provider.contact_person and "przykładow" in provider.notes
        contract = Contract.objects.get(provider=provider)
        assert contract.status == ContractStatus.ACTIVE
        assert contract.valid_from <= today <= contract.valid_to
        assert contract.signed_on is not None and contract.signed_on < contract.valid_from
        lines = list(contract.lines.select_related("service"))
        assert lines
        assert sum(line.max_value for line in lines) <= contract.total_value
        for line in lines:
            assert line.service in current
            # Contracted in the unit the service's limits count.
            assert line.unit in set(line.service.limits.values_list("unit", flat=True))

    # One provider per contracted service, except the senior taxi, which two share.
    contracted = current.filter(contract_lines__isnull=False).distinct()
    shared = {
        service.slug for service in contracted if providers_for_service(service, today).count() > 1
    }
    assert shared == {"taksowka-dla-seniora"}

    staff = User.objects.get(username=Role.PROVIDER_STAFF.value)
    link = ProviderStaff.objects.get(user=staff, ended_on__isnull=True)
    assert link.provider.short_name == "Integracja"
    assert list(Provider.objects.visible_to(staff)) == [link.provider]

    qualified = ApplicationItem.objects.filter(state=ItemState.QUALIFIED)
    assert qualified.exists()
    assert Entitlement.objects.filter(item__in=qualified).count() == qualified.count()
    entitlements = Entitlement.objects.filter(item__in=qualified)
    with_provider = entitlements.filter(provider__isnull=False)
    assert with_provider.count() > entitlements.count() // 2
    for entitlement in with_provider.select_related("service"):
        assert (
            providers_for_service(entitlement.service, today)
            .filter(pk=cast(int, entitlement.provider_id))
            .exists()
        )
    # The centre delivers the job broker's consultations itself: no provider, and deliveries
    # in the ledger with no contract line, left out of the settlements.
    in_house = entitlements.filter(service__delivered_by=DeliveredBy.CENTRE)
    assert in_house.exists() and not in_house.filter(provider__isnull=False).exists()
    assert DeliveryRecord.objects.filter(entitlement__in=in_house, in_house=True).exists()
    waiting = entitlements.filter(provider__isnull=True).exclude(
        service__delivered_by=DeliveredBy.CENTRE
    )
    assert waiting.exists()
    assert set(waiting.values_list("service__slug", flat=True)) == shared


@pytest.mark.django_db
def test_the_demo_has_three_months_of_deliveries_and_a_settled_month(demo: str):
    from opencus.delivery.models import DeliveryRecord, Settlement

    months = set(DeliveryRecord.objects.values_list("settlement_month", flat=True))
    assert len(months) == 3
    settled = Settlement.objects.all()
    assert settled.exists()
    assert {settlement.month for settlement in settled} == {min(months)}
    # Every record went through the rules: none falls outside its entitlement.
    for record in DeliveryRecord.objects.select_related("entitlement")[:200]:
        assert record.entitlement.starts_on <= record.delivered_on


@pytest.mark.django_db
def test_the_demo_provider_records_club_attendance_on_every_open_day(demo: str) -> None:
    """Issue 9, item 12: the club's members may come on every day it is open (Monday to
    Friday); the demo's provider staff find something left and a button to record it."""
    from django.test import Client
    from django.urls import reverse

    from opencus.delivery.models import DeliveryRecord
    from opencus.delivery.services import delivery_record
    from opencus.intake.models import Entitlement

    today = timezone.localdate()
    staff = User.objects.get(username=Role.PROVIDER_STAFF.value)
    monday = today - dt.timedelta(days=today.weekday())
    club = (
        Entitlement.objects.in_force(today)
        .filter(service__slug="klub-senior-plus-niezapominajka", provider__isnull=False)
        .order_by("starts_on", "id")
        .first()
    )
    assert club is not None
    assert club.allowances == [{"units": 5, "unit": "day", "period": "week"}]
    open_days = [monday + dt.timedelta(days=n) for n in range(5)]
    attended = set(
        DeliveryRecord.objects.filter(entitlement=club).values_list("delivered_on", flat=True)
    )
    for day in open_days:
        if day <= today and day >= club.starts_on and day not in attended:
            delivery_record(entitlement=club, delivered_on=day, units=1, acting_user=staff)
    assert {r.weekday() for r in attended if r.weekday() >= 5} == set()  # closed at weekends

    # Today's page: something left for the club's members, and a button to record it.
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("delivery:provider_today")).content.decode()
    assert "Nothing is left" not in page or page.count("<button") > 1
    others = (
        Entitlement.objects.in_force(today)
        .filter(service__slug="klub-senior-plus-niezapominajka", provider__isnull=False)
        .exclude(pk=club.pk)
        .first()
    )
    if others is not None:
        row = page[page.index(f'id="client-{others.pk}"') :]
        row = row[: row.index("</section>")]
        assert "<button" in row


def test_the_refugee_centres_services_are_in_ukrainian_and_english(demo: str) -> None:
    refugees = Programme.objects.get(name_pl="Centrum Pomocy Uchodźcom")
    assert refugees.name_uk == "Центр допомоги біженцям"
    services = list(refugees.services.all())
    assert len(services) == len(data.REFUGEE_SERVICES)
    for service in services:
        for field in ("name", "summary", "description", "how_to_apply", "documents"):
            for language in ("uk", "en"):
                assert getattr(service, f"{field}_{language}"), (service.slug, field, language)
        assert (service.target_group_description_uk or "").startswith("Біженці з України")
    # Every other current service has at least its name and summary in both languages.
    for service in ProgrammeService.objects.filter(programme__in=Programme.objects.current()):
        assert service.name_uk and service.name_en and service.summary_uk, service.slug
    with translation.override("uk"):
        place = Location.objects.get(name_pl="Centrum Pomocy Uchodźcom")
        assert place.name == "Центр допомоги біженцям"


@pytest.mark.django_db
def test_the_demo_has_individual_plans_in_every_state_one_of_them_overdue(demo: str) -> None:
    from opencus.plans.models import (
        ApprovalAuthorisation,
        IndividualPlan,
        PlanState,
        PlanTransition,
        VersionState,
    )

    plans = list(IndividualPlan.objects.order_by("id"))
    assert {plan.state for plan in plans} == set(PlanState.values)
    today = timezone.localdate()
    overdue = [p for p in plans if p.state == PlanState.DRAFT and p.due_on < today]
    assert overdue, "a draft plan past its 30 days"
    assert any(p.submitted_late and p.delay_reason for p in plans)
    # A change of an active plan is being written: two versions to compare.
    changing = [p for p in plans if p.versions.filter(state=VersionState.DRAFT, number=2).exists()]
    assert changing and changing[0].state == PlanState.ACTIVE
    completed = next(p for p in plans if p.state == PlanState.COMPLETED)
    assert completed.summary and completed.summary_interview_on == today
    assert completed.reviews.exists()
    # Approval went through the entitlements: every service of an approved plan is linked.
    for plan in plans:
        if plan.current_version is not None:
            assert all(s.entitlement_id for s in plan.current_version.planned_services.all())
    assert PlanTransition.objects.filter(plan__in=plans).count() >= 15
    assert ApprovalAuthorisation.objects.filter(valid_until__gte=today).exists()


@pytest.mark.django_db
def test_the_demo_senior_taxi_has_two_vehicles_a_week_of_rides_and_tomorrows_plan_published(
    demo: str,
) -> None:
    from opencus.transport import clocks as transport_clocks
    from opencus.transport.models import (
        Booking,
        BookingStatus,
        DayPlan,
        DayPlanStatus,
        Driver,
        PlanStop,
        RideSeries,
        Shift,
        TransportRules,
        Vehicle,
    )

    rules = TransportRules.objects.get(service__slug="taksowka-dla-seniora")
    assert [(q.units, q.period) for q in rules.quotas.all()] == [(4, "month")]
    vehicles = list(Vehicle.objects.order_by("name"))
    assert len(vehicles) == 2
    assert max(vehicle.wheelchair_places for vehicle in vehicles) >= 1
    accounts = [driver.user for driver in Driver.objects.select_related("user")]
    assert sorted(user.username for user in accounts if user is not None) == [
        "driver",
        "kierowca2",
    ]
    for user in accounts:
        assert user is not None
        assert user.groups.filter(name=Role.DRIVER.value).exists()
        assert user.check_password(data.DEMO_PASSWORD)

    tomorrow = transport_clocks.next_working_day(timezone.localdate())
    days = sorted(set(Booking.objects.values_list("day", flat=True)))
    assert days[0] == tomorrow and len(days) == 5
    assert all(transport_clocks.is_working_day(day) for day in days)
    assert set(Shift.objects.values_list("day", flat=True)) == set(days)
    assert Shift.objects.filter(day=tomorrow).count() == 2

    assert RideSeries.objects.filter(is_active=True).count() == 4
    series_rides = Booking.objects.filter(series__isnull=False)
    assert series_rides.filter(outbound__isnull=False).count() == (
        series_rides.filter(outbound__isnull=True).count()
    )
    assert series_rides.filter(destination_place__name="Dzienny Dom Senior+").count() >= 4
    assert Booking.objects.filter(series__isnull=True).exists()
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.BOOKED}

    plan = DayPlan.objects.get(day=tomorrow)
    assert plan.status == DayPlanStatus.PUBLISHED and plan.published_at is not None
    assert plan.transitions.filter(action="published").exists()
    assert plan.optimised_at is not None and not plan.unserved
    # Every ride of tomorrow is in the plan, picked up within its promised window.
    for ride in Booking.objects.filter(day=tomorrow):
        pickup = PlanStop.objects.get(plan=plan, booking=ride, kind="pickup")
        assert ride.window_start <= pickup.planned_at <= ride.window_end
    assert DayPlan.objects.exclude(day=tomorrow).filter(status=DayPlanStatus.PUBLISHED).count() == 0
