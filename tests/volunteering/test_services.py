"""The volunteer centre's rules, each at its boundary: 30 and 31 days of an agreement; ages 12,
13, 17 and 18 on the agreement's first day (not today); the briefing, the insurance and the
child-protection checks before an assignment; hours and who confirms them; the ledger link;
waivers only in writing; certificates and opinions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from opencus.core.dates import age_on
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from opencus.volunteering import selectors, services
from opencus.volunteering.errors import (
    AgreementError,
    AssignmentError,
    DocumentError,
    HoursError,
    VolunteerError,
)
from opencus.volunteering.models import (
    Agreement,
    AgreementForm,
    Assignment,
    AssignmentStatus,
    CheckKind,
    CheckResult,
    CostWaiver,
    DocumentKind,
    DocumentStatus,
    HoursLog,
    HoursStatus,
    HoursTransition,
    NeedStatus,
    Party,
)
from tests.people.factories import PersonFactory
from tests.personas import user_make
from tests.volunteering.factories import (
    TODAY,
    agreement_make,
    assignment_make,
    born,
    coordinator,
    help_entitlement,
    help_service,
    need_make,
    ready_volunteer,
    volunteer_make,
)

pytestmark = pytest.mark.django_db

# --- Agreements: 30 and 31 days ---------------------------------------------------------------


def test_an_oral_agreement_of_30_days_is_concluded() -> None:
    agreement = agreement_make(volunteer_make(), days=30, form=AgreementForm.ORAL)
    assert agreement.days == 30
    assert agreement.needs_insurance
    assert agreement.transitions.count() == 1


def test_an_oral_agreement_of_31_days_is_refused_and_nothing_is_stored() -> None:
    volunteer = volunteer_make()
    with pytest.raises(AgreementError) as refused:
        agreement_make(volunteer, days=31, form=AgreementForm.ORAL)
    assert refused.value.code == "written"
    assert "must be written" in refused.value.text
    assert not Agreement.objects.exists()


def test_an_open_ended_agreement_must_be_written() -> None:
    with pytest.raises(AgreementError) as refused:
        agreement_make(volunteer_make(), days=None, form=AgreementForm.ORAL)
    assert refused.value.code == "written"
    written = agreement_make(volunteer_make(), days=None)
    assert written.needs_insurance  # the centre insures open-ended ones too


def test_a_written_agreement_of_31_days_needs_no_accident_insurance() -> None:
    assert not agreement_make(volunteer_make(), days=31).needs_insurance
    assert agreement_make(volunteer_make(), days=30).needs_insurance


# --- Agreements: minors by their age on the first day -----------------------------------------


def test_at_12_on_the_first_day_the_representative_concludes_the_agreement() -> None:
    start = TODAY + dt.timedelta(days=20)
    # 12 on the first day, 13 the day after it.
    volunteer = volunteer_make(birth_date=born(13, start, days_after=1))
    with pytest.raises(AgreementError) as refused:
        agreement_make(volunteer, starts_on=start)
    assert refused.value.code == "representative"
    assert "is 12 on the agreement's first day" in refused.value.text
    agreement = agreement_make(volunteer, starts_on=start, representative_name="Anna Rodzic")
    assert agreement.party == Party.REPRESENTATIVE


def test_at_13_on_the_first_day_a_minor_signs_only_with_the_written_consent() -> None:
    start = TODAY + dt.timedelta(days=20)
    # 12 today, 13 on the first day: the first day counts.
    volunteer = volunteer_make(birth_date=born(13, start))
    assert volunteer.age_on(TODAY) == 12
    with pytest.raises(AgreementError) as refused:
        agreement_make(volunteer, starts_on=start, representative_name="Anna Rodzic")
    assert refused.value.code == "consent"
    assert "written consent" in refused.value.text
    assert not Agreement.objects.exists()
    agreement = agreement_make(
        volunteer,
        starts_on=start,
        representative_name="Anna Rodzic",
        consent_reference="Zgoda z 1.03.2026",
    )
    assert agreement.party == Party.MINOR_WITH_CONSENT
    assert agreement.consent_reference == "Zgoda z 1.03.2026"


def test_at_17_on_the_first_day_the_consent_is_still_needed() -> None:
    volunteer = volunteer_make(birth_date=born(18, TODAY, days_after=1))
    assert volunteer.age_on(TODAY) == 17
    with pytest.raises(AgreementError) as refused:
        agreement_make(volunteer)
    assert refused.value.code == "consent"
    # The next day they are 18: an adult's agreement, no representative kept.
    agreement = agreement_make(
        volunteer, starts_on=TODAY + dt.timedelta(days=1), representative_name="Anna Rodzic"
    )
    assert agreement.party == Party.ADULT
    assert agreement.representative_name == ""


def test_at_18_the_volunteer_concludes_it_alone() -> None:
    assert agreement_make(volunteer_make(birth_date=born(18))).party == Party.ADULT


def test_an_agreement_without_its_scope_or_ending_before_it_starts_is_refused() -> None:
    volunteer = volunteer_make()
    with pytest.raises(AgreementError) as refused:
        agreement_make(volunteer, scope=" ")
    assert refused.value.code == "missing"
    with pytest.raises(AgreementError) as refused:
        services.agreement_conclude(
            volunteer=volunteer,
            data=services.AgreementData(
                form=AgreementForm.WRITTEN,
                starts_on=TODAY,
                ends_on=TODAY - dt.timedelta(days=1),
                scope="a",
                manner="b",
                termination="c",
            ),
            acting_user=coordinator(),
        )
    assert refused.value.code == "order"


def test_an_oral_agreement_is_confirmed_in_writing_on_request() -> None:
    volunteer = volunteer_make(account=True)
    agreement = agreement_make(volunteer, days=14, form=AgreementForm.ORAL)
    confirmed = services.agreement_confirmation_request(
        agreement=agreement, acting_user=volunteer.user
    )
    assert confirmed.confirmation_requested_at is not None
    other = volunteer_make(account=True)
    with pytest.raises(AgreementError):
        services.agreement_confirmation_request(agreement=agreement, acting_user=other.user)


# --- Before the first assignment --------------------------------------------------------------


def test_no_assignment_before_the_briefing_and_the_insurance() -> None:
    by = coordinator()
    volunteer = volunteer_make(by=by)
    agreement_make(volunteer, days=30, by=by)
    need = need_make()
    with pytest.raises(AssignmentError) as refused:
        assignment_make(volunteer, need)
    assert refused.value.code == "not_ready"
    assert "health-and-safety briefing" in refused.value.text
    assert "accident (NNW) insurance" in refused.value.text
    services.briefing_record(volunteer=volunteer, held_on=TODAY, held_by="BHP", acting_user=by)
    # A policy that ends a day before the agreement does not cover it.
    services.insurance_record(
        volunteer=volunteer,
        insurer="PZU",
        number="1",
        valid_from=TODAY,
        valid_to=TODAY + dt.timedelta(days=28),
        acting_user=by,
    )
    with pytest.raises(AssignmentError):
        assignment_make(volunteer, need)
    services.insurance_record(
        volunteer=volunteer,
        insurer="PZU",
        number="2",
        valid_from=TODAY,
        valid_to=TODAY + dt.timedelta(days=29),
        acting_user=by,
    )
    assignment = assignment_make(volunteer, need)
    assert assignment.status == AssignmentStatus.PLANNED
    assert assignment.transitions.get().to_status == AssignmentStatus.PLANNED


def test_no_assignment_without_an_agreement_for_its_whole_period() -> None:
    volunteer = ready_volunteer(days=15)  # from 10 days ago to 4 days ahead
    with pytest.raises(AssignmentError) as refused:
        assignment_make(volunteer, need_make(days=7))
    assert refused.value.code == "agreement"
    assert not Assignment.objects.exists()


def test_an_assignment_with_children_waits_for_both_checks() -> None:
    volunteer = ready_volunteer()
    need = need_make(with_children=True, title="Świetlica: odrabianie lekcji")
    with pytest.raises(AssignmentError) as refused:
        assignment_make(volunteer, need)
    assert refused.value.code == "children_checks"
    assert "sex-offender register check" in refused.value.text
    assert "criminal-record certificate" in refused.value.text
    assert not Assignment.objects.exists()
    by = coordinator()
    services.check_record(
        volunteer=volunteer,
        kind=CheckKind.REGISTER,
        checked_on=TODAY,
        result=CheckResult.CLEAR,
        document_number="",
        acting_user=by,
    )
    services.check_record(
        volunteer=volunteer,
        kind=CheckKind.CRIMINAL_RECORD,
        checked_on=TODAY,
        result=CheckResult.NOT_CLEAR,
        document_number="KRK/1",
        acting_user=by,
    )
    with pytest.raises(AssignmentError) as refused:
        assignment_make(volunteer, need)
    assert refused.value.reasons == ("criminal-record certificate (KRK)",)
    services.check_record(
        volunteer=volunteer,
        kind=CheckKind.CRIMINAL_RECORD,
        checked_on=TODAY,
        result=CheckResult.CLEAR,
        document_number="KRK/2",
        acting_user=by,
    )
    assert assignment_make(volunteer, need).need == need


def test_a_check_older_than_the_centres_setting_no_longer_counts() -> None:
    volunteer = ready_volunteer()
    by = coordinator()
    for kind, day in (
        (CheckKind.REGISTER, dt.date(2025, 3, 2)),  # exactly 12 months: still valid
        (CheckKind.CRIMINAL_RECORD, dt.date(2025, 3, 1)),  # a day older: not
    ):
        services.check_record(
            volunteer=volunteer,
            kind=kind,
            checked_on=day,
            result=CheckResult.CLEAR,
            document_number="",
            acting_user=by,
        )
    assert selectors.children_checks_missing(volunteer, TODAY) == [
        "criminal-record certificate (KRK)"
    ]
    with override_settings(VOLUNTEERING_CHECK_MONTHS=13):
        assert selectors.children_checks_missing(volunteer, TODAY) == []


def test_checks_are_read_only_by_the_centre_and_every_read_is_audited() -> None:
    volunteer = ready_volunteer(children_checks=True)
    by = coordinator()
    assert len(selectors.checks_read(volunteer=volunteer, user=by)) == 2
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE, actor=by, object_id=str(volunteer.pk)
    ).exists()
    clerk = user_make(Role.CLIENT_OFFICE)
    assert selectors.checks_read(volunteer=volunteer, user=clerk) == []
    with pytest.raises(VolunteerError):
        services.check_record(
            volunteer=volunteer,
            kind=CheckKind.REGISTER,
            checked_on=TODAY,
            result=CheckResult.CLEAR,
            document_number="",
            acting_user=clerk,
        )


def test_a_need_gets_no_more_volunteers_than_it_asks_for() -> None:
    need = need_make(volunteers_needed=1)
    assignment_make(ready_volunteer(), need)
    need.refresh_from_db()
    assert need.status == NeedStatus.FILLED
    with pytest.raises(AssignmentError) as refused:
        assignment_make(ready_volunteer(), need)
    assert refused.value.code == "need_status"


def test_suggestions_rank_ready_volunteers_with_the_skills_first() -> None:
    ready = ready_volunteer()
    unready = volunteer_make(skills=("shopping",), weekdays=(0, 1, 2, 3, 4, 5, 6))
    need = need_make(skills=("shopping",))
    found = selectors.suggestions(need)
    assert [s.volunteer for s in found][:2] == [ready, unready]
    assert found[0].ready
    assert "no agreement in force on that day" in found[1].blockers


# --- Withdrawal (centre practice: at least 2 days before) -------------------------------------


def test_a_volunteer_withdraws_until_two_days_before_the_start() -> None:
    volunteer = ready_volunteer(account=True)
    late = assignment_make(volunteer, need_make(starts_on=TODAY + dt.timedelta(days=1), days=1))
    with pytest.raises(AssignmentError) as refused:
        services.assignment_withdraw(assignment=late, acting_user=volunteer.user)
    assert refused.value.code == "too_late"
    need = need_make(starts_on=TODAY + dt.timedelta(days=2), days=1)
    in_time = assignment_make(volunteer, need)
    services.assignment_withdraw(assignment=in_time, acting_user=volunteer.user)
    in_time.refresh_from_db()
    need.refresh_from_db()
    assert in_time.status == AssignmentStatus.WITHDRAWN
    assert need.status == NeedStatus.OPEN


# --- Hours ------------------------------------------------------------------------------------


def test_a_volunteer_logs_hours_but_cannot_confirm_their_own() -> None:
    volunteer = ready_volunteer(account=True)
    assignment = assignment_make(volunteer)
    log = services.hours_log(
        assignment=assignment,
        worked_on=TODAY,
        hours="2,5",
        scope="Zakupy i rozmowa",
        acting_user=volunteer.user,
    )
    assert log.hours == Decimal("2.5")
    assert log.status == HoursStatus.LOGGED
    with pytest.raises(HoursError) as refused:
        services.hours_confirm(log=log, acting_user=volunteer.user)
    assert refused.value.code == "own_hours"
    log.refresh_from_db()
    assert log.status == HoursStatus.LOGGED
    assert log.decided_by is None


def test_a_coordinator_who_volunteers_cannot_confirm_their_own_hours() -> None:
    both = user_make(Role.VOLUNTEER_COORDINATOR, Role.VOLUNTEER)
    volunteer = ready_volunteer()
    volunteer.user = both
    volunteer.save(update_fields=["user"])
    log = services.hours_log(
        assignment=assignment_make(volunteer),
        worked_on=TODAY,
        hours=1,
        scope="Festyn",
        acting_user=both,
    )
    with pytest.raises(HoursError) as refused:
        services.hours_confirm(log=log, acting_user=both)
    assert refused.value.code == "own_hours"
    confirmed = services.hours_confirm(log=log, acting_user=coordinator())
    assert confirmed.status == HoursStatus.CONFIRMED
    assert [t.to_status for t in HoursTransition.objects.filter(log=log)] == [
        HoursStatus.LOGGED,
        HoursStatus.CONFIRMED,
    ]


def test_hours_are_not_logged_for_tomorrow_outside_the_assignment_or_by_another() -> None:
    volunteer = ready_volunteer(account=True)
    assignment = assignment_make(volunteer)
    for day, code in (
        (TODAY + dt.timedelta(days=1), "future"),
        (TODAY - dt.timedelta(days=1), "outside_assignment"),
    ):
        with pytest.raises(HoursError) as refused:
            services.hours_log(
                assignment=assignment, worked_on=day, hours=1, scope="x", acting_user=volunteer.user
            )
        assert refused.value.code == code
    other = ready_volunteer(account=True)
    with pytest.raises(HoursError) as refused:
        services.hours_log(
            assignment=assignment, worked_on=TODAY, hours=1, scope="x", acting_user=other.user
        )
    assert refused.value.code == "who"
    for hours in ("0", "24.5", "1.1", "abc"):
        with pytest.raises(HoursError):
            services.hours_log(
                assignment=assignment,
                worked_on=TODAY,
                hours=hours,
                scope="x",
                acting_user=volunteer.user,
            )
    assert not HoursLog.objects.exists()


def test_hours_outside_an_agreement_that_ended_are_refused() -> None:
    volunteer = ready_volunteer(account=True)
    assignment = assignment_make(volunteer, need_make(starts_on=TODAY - dt.timedelta(days=3)))
    services.agreement_end(
        agreement=assignment.agreement,
        ended_on=TODAY - dt.timedelta(days=2),
        reason="Wyjazd",
        acting_user=coordinator(),
    )
    with pytest.raises(HoursError) as refused:
        services.hours_log(
            assignment=assignment, worked_on=TODAY, hours=1, scope="x", acting_user=volunteer.user
        )
    assert refused.value.code == "outside_agreement"
    assert services.hours_log(
        assignment=assignment,
        worked_on=TODAY - dt.timedelta(days=3),
        hours=1,
        scope="x",
        acting_user=volunteer.user,
    )


# --- The ledger (item 7) ----------------------------------------------------------------------


def test_a_need_naming_a_person_without_an_entitlement_is_refused() -> None:
    help_service()
    person = PersonFactory.create()
    with pytest.raises(AssignmentError) as refused:
        need_make(person=person)
    assert refused.value.code == "no_entitlement"
    assert "no entitlement to volunteer help" in refused.value.text


def test_confirmed_help_goes_into_the_ledger_once_and_a_correction_reverses_it() -> None:
    entitlement = help_entitlement()
    need = need_make(person=entitlement.person)
    volunteer = ready_volunteer(account=True)
    log = services.hours_log(
        assignment=assignment_make(volunteer, need),
        worked_on=TODAY,
        hours="1.5",
        scope="Zakupy",
        acting_user=volunteer.user,
    )
    by = coordinator()
    confirmed = services.hours_confirm(log=log, acting_user=by)
    record = DeliveryRecord.objects.get(entitlement=entitlement)
    assert confirmed.delivery_record == record
    assert record.in_house and record.unit_price is None
    assert record.units == Decimal("1.5") and record.unit == "hour"
    # Confirming again records nothing more.
    services.hours_confirm(log=confirmed, acting_user=by)
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 1
    services.hours_correct(log=confirmed, reason="Pomyłka w dacie", acting_user=by)
    units = [r.units for r in DeliveryRecord.objects.filter(entitlement=entitlement)]
    assert sorted(units) == [Decimal("-1.5"), Decimal("1.5")]
    confirmed.refresh_from_db()
    assert confirmed.status == HoursStatus.CORRECTED


# --- Travel costs and papers ------------------------------------------------------------------


def test_a_waiver_of_travel_costs_without_the_written_document_is_refused() -> None:
    volunteer = volunteer_make()
    by = coordinator()
    for written, reference in ((False, "Oświadczenie 1"), (True, " ")):
        with pytest.raises(VolunteerError) as refused:
            services.waiver_record(
                volunteer=volunteer,
                signed_on=TODAY,
                document_reference=reference,
                written=written,
                acting_user=by,
            )
        assert refused.value.code == "not_written"
    assert not CostWaiver.objects.exists()
    services.waiver_record(
        volunteer=volunteer,
        signed_on=TODAY,
        document_reference="Oświadczenie 1",
        written=True,
        acting_user=by,
    )
    claim = services.travel_claim_record(
        volunteer=volunteer,
        incurred_on=TODAY,
        amount="12,40",
        description="Bilet MPK",
        acting_user=by,
    )
    assert claim.amount == Decimal("12.40")
    with pytest.raises(VolunteerError):
        services.travel_claim_record(
            volunteer=volunteer, incurred_on=TODAY, amount="1.234", description="x", acting_user=by
        )


def test_a_certificate_is_requested_and_issued_with_the_hours_and_an_opinion_needs_words() -> None:
    volunteer = ready_volunteer(account=True)
    log = services.hours_log(
        assignment=assignment_make(volunteer),
        worked_on=TODAY,
        hours=3,
        scope="Zakupy",
        acting_user=volunteer.user,
    )
    by = coordinator()
    services.hours_confirm(log=log, acting_user=by)
    certificate = services.document_request(
        volunteer=volunteer, kind=DocumentKind.CERTIFICATE, acting_user=volunteer.user
    )
    assert (
        services.document_request(
            volunteer=volunteer, kind=DocumentKind.CERTIFICATE, acting_user=volunteer.user
        )
        == certificate
    )
    with pytest.raises(DocumentError):
        services.document_issue(document=certificate, acting_user=volunteer.user)
    issued = services.document_issue(document=certificate, acting_user=by)
    assert issued.status == DocumentStatus.ISSUED
    assert issued.hours_total == Decimal(3)
    opinion = services.document_request(
        volunteer=volunteer, kind=DocumentKind.OPINION, acting_user=by
    )
    with pytest.raises(DocumentError) as refused:
        services.document_issue(document=opinion, acting_user=by)
    assert refused.value.code == "opinion"
    assert services.document_issue(document=opinion, acting_user=by, opinion="Rzetelna.").opinion


def test_the_factorys_birth_dates_are_exact_on_a_leap_day() -> None:
    leap_day = dt.date(2028, 2, 29)
    assert age_on(born(15, leap_day), leap_day) == 15
    assert age_on(born(15, leap_day, days_after=1), leap_day) == 14
