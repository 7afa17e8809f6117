"""The demo's group activities, vouchers, Senior+ places and home visits
(``opencus/demo/courses.py``, ``senior.py``, ``visits.py``), read from one demo seeded once for
the package (tests/demo/conftest.py):

- courses: the town's courses with a term of past and coming sessions, people enrolled on
  entitlements within the group sizes, past registers taken with presences in the ledger;
- Senior+: the day home and the club with members and hours that keep the programme's
  minimum, a month of the day home's register with meals, people who come by the senior
  taxi, and cinema vouchers issued, redeemed, expired and still valid;
- home visits: the three workers, the physiotherapist on the demo account, requests for each
  service, and a published week computed by the solver in which every visit is inside one of
  the person's times at home, by a worker with the skill, within their hours.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencus.activities import course_services
from opencus.activities.daycare_services import weekly_hours
from opencus.activities.models import (
    Attendance,
    AttendanceMark,
    AttendanceStatus,
    Course,
    CourseKind,
    CourseSession,
    Enrolment,
    Facility,
    FacilityKind,
    HealthDeclaration,
    Membership,
    SessionStatus,
    Voucher,
    VoucherStatus,
)
from opencus.core.registry import arrivals
from opencus.core.roles import Role
from opencus.demo import data
from opencus.visits.models import (
    PlanStatus,
    Skill,
    Visit,
    VisitRequest,
    VisitStatus,
    VisitWorker,
    WeekPlan,
)

pytestmark = pytest.mark.django_db


# --- courses ------------------------------------------------------------------------------


def test_the_demo_has_the_towns_courses_with_past_and_coming_sessions(demo: str) -> None:
    names = set(Course.objects.values_list("service__slug", flat=True))
    assert {
        "nauka-plywania",
        "aqua-aerobik",
        "kawiarenka-e-seniorek",
        "muzeum-przyrody-i-techniki",
        "lokalny-klub-rodzinny",
    } <= names
    assert Course.objects.filter(kind=CourseKind.OPEN_EVENT).exists()
    now = timezone.now()
    for course in Course.objects.all():
        assert course.sessions.filter(starts_at__lt=now).exists(), course
        assert course.sessions.filter(starts_at__gt=now).exists(), course
    assert CourseSession.objects.filter(status=SessionStatus.CANCELLED).count() == 1
    assert CourseSession.objects.filter(makeup=True).count() == 1


def test_people_are_enrolled_on_entitlements_within_the_group_sizes(demo: str) -> None:
    for course in Course.objects.filter(kind=CourseKind.COURSE):
        enrolled = Enrolment.objects.filter(course=course)
        assert 0 < enrolled.count() <= course.max_participants, course
        for enrolment in enrolled.select_related("entitlement"):
            assert enrolment.entitlement.service_id == course.service_id
            assert enrolment.entitlement.person_id == enrolment.person_id
        if course.health_declaration_required:
            assert HealthDeclaration.objects.filter(course=course).count() == enrolled.count()


def test_past_registers_are_taken_and_presences_are_in_the_ledger(demo: str) -> None:
    # The demo takes the registers of the sessions that ended before 08:00 of its day.
    now = course_services.at(timezone.localdate(), dt.time(8))
    marked = Attendance.objects.all()
    assert marked.filter(session__starts_at__gt=now).count() == 0
    present = marked.filter(status=AttendanceStatus.PRESENT)
    assert present.count() > 20
    assert marked.filter(status=AttendanceStatus.ABSENT).exists()
    assert marked.filter(status=AttendanceStatus.EXCUSED).exists()
    assert present.filter(delivery_record__isnull=False).count() > 20
    open_sessions = CourseSession.objects.filter(
        course__kind=CourseKind.OPEN_EVENT, ends_at__lt=now
    )
    assert open_sessions.exists()
    assert not open_sessions.filter(headcount__isnull=True).exists()


# --- visits -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_has_three_home_visit_workers_and_the_physiotherapist_signs_in(
    demo: str,
) -> None:
    workers = list(VisitWorker.objects.order_by("name"))
    assert len(workers) == 3
    assert {skill for w in workers for skill in w.skills} == set(Skill.values)
    physio = VisitWorker.objects.get(user__username="visiting_staff")
    assert physio.name == "Magdalena Wróbel"
    assert physio.skills == [Skill.PHYSIOTHERAPY]
    assert physio.user is not None
    assert physio.user.groups.filter(name=Role.VISITING_STAFF.value).exists()
    assert physio.user.check_password(data.DEMO_PASSWORD)
    assert VisitWorker.objects.filter(name__contains="Złota Rączka").exists()


@pytest.mark.django_db
def test_the_demo_week_of_home_visits_is_published_and_every_visit_fits(demo: str) -> None:
    for skill in Skill.values:
        assert VisitRequest.objects.filter(skill=skill).exists(), skill
    plan = WeekPlan.objects.get()
    assert plan.status == PlanStatus.PUBLISHED and plan.revision == 1
    assert plan.transitions.filter(action="published").exists()
    visits = list(
        Visit.objects.filter(plan=plan, status=VisitStatus.PLANNED).select_related(
            "request", "worker"
        )
    )
    assert len(visits) >= 3
    assert {v.worker.user.username for v in visits if v.worker.user} == {"visiting_staff"}
    for visit in visits:
        assert visit.request.skill in visit.worker.skills
        start = timezone.localtime(visit.starts_at).time()
        end = timezone.localtime(visit.ends_at).time()
        assert any(
            w.starts_at <= start and end <= w.ends_at
            for w in visit.request.windows.filter(day=visit.day)
        )
        hours = visit.worker.hours_on(visit.day.weekday())
        assert hours is not None and hours[0] <= start and end <= hours[1]


# --- senior -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_day_home_and_the_club_have_members_and_their_hours(demo: str) -> None:
    home = Facility.objects.get(kind=FacilityKind.DAY_HOME)
    club = Facility.objects.get(kind=FacilityKind.CLUB)
    assert home.provider is not None and club.provider is not None
    assert home.location is not None
    assert weekly_hours(club) >= 20
    assert [(h.weekday, h.opens_at, h.closes_at) for h in home.hours.all()] == [
        (day, dt.time(7, 30), dt.time(15, 30)) for day in range(1, 6)
    ]
    assert 5 <= Membership.objects.filter(facility=home).count() <= home.capacity
    assert 5 <= Membership.objects.filter(facility=club).count() <= club.capacity
    assert {m.basis for m in Membership.objects.filter(facility=home)} == {"decision"}
    assert {m.basis for m in Membership.objects.filter(facility=club)} == {"declaration"}


@pytest.mark.django_db
def test_the_day_home_has_a_month_of_attendance_and_meals(demo: str) -> None:
    today = timezone.localdate()
    marks = AttendanceMark.objects.filter(membership__facility__kind=FacilityKind.DAY_HOME)
    days = set(marks.values_list("day", flat=True))
    assert len(days) >= 15
    assert min(days) <= today - dt.timedelta(days=25)
    assert all(day.weekday() < 5 for day in days)
    assert marks.filter(present=True, meals__gt=0).exists()
    assert marks.filter(present=False).exists()
    assert marks.filter(present=True, delivery_record__isnull=False).exists()


@pytest.mark.django_db
def test_the_senior_taxi_brings_members_to_the_day_home(demo: str) -> None:
    from django.contrib.auth.models import User

    home = Facility.objects.get(kind=FacilityKind.DAY_HOME)
    organiser = User.objects.get(username=Role.SERVICE_ORGANISER.value)
    members = set(Membership.objects.filter(facility=home).values_list("person_id", flat=True))
    assert home.location_id is not None
    days = [timezone.localdate() + dt.timedelta(days=n) for n in range(1, 8)]
    riders = set()
    for day in days:
        riders |= set(arrivals(organiser, day, [home.location_id]))
    assert riders & members


@pytest.mark.django_db
def test_vouchers_are_issued_redeemed_expired_and_still_valid(demo: str) -> None:
    statuses = set(Voucher.objects.values_list("status", flat=True))
    assert statuses == {VoucherStatus.ISSUED, VoucherStatus.REDEEMED, VoucherStatus.EXPIRED}
    assert Voucher.objects.filter(service__slug="wejsciowki-kino-kultura").exists()
    redeemed = Voucher.objects.filter(status=VoucherStatus.REDEEMED).first()
    assert redeemed is not None and redeemed.delivery_record is not None


@pytest.mark.django_db
def test_the_cinema_s_staff_redeem_a_valid_voucher_on_the_demo(demo: str) -> None:
    from django.contrib.auth.models import User

    staff = User.objects.get(username="kino")
    voucher = Voucher.objects.filter(
        status=VoucherStatus.ISSUED,
        service__slug="wejsciowki-kino-kultura",
        valid_from__lte=timezone.localdate(),
    ).first()
    assert voucher is not None
    client = Client()
    client.force_login(staff)
    found = client.post(reverse("activities:voucher_redeem_start"), {"code": voucher.code})
    assert found.status_code == 302
    assert found["Location"] == reverse("activities:voucher_redeem", args=[voucher.uuid])
    # The cinema runs no Senior+ place: its staff see none.
    page = client.get(reverse("activities:daycare_list"))
    assert "Dzienny Dom Senior+" not in page.content.decode()


# --- community organising -----------------------------------------------------------------


def test_the_three_communities_have_a_year_of_plans_and_events_and_the_council(
    demo: str,
) -> None:
    from opencus.community.models import (
        Community,
        ConsultationEntry,
        Council,
        Event,
        EventStatus,
        OSLPlan,
        TeamAssignment,
    )
    from opencus.community.selectors import evaluation
    from opencus.intake.models import DemandSource, UnmetDemand

    today = timezone.localdate()
    communities = {c.name: c for c in Community.objects.all()}
    assert set(communities) == {spec.name for spec in data.COMMUNITIES}
    assert {c.kind for c in communities.values()} == {"territorial", "categorical"}
    for community in communities.values():
        assert community.population
        held = Event.objects.filter(community=community, status=EventStatus.HELD)
        assert held.filter(day__lte=today - dt.timedelta(days=300)).exists()
        assert not held.filter(day__gt=today).exists()
        plan = OSLPlan.objects.get(community=community, year=today.year)
        assert plan.version_count == 2
        assert evaluation(community, today.year).rows[0].values[-1]
    functions = set(TeamAssignment.objects.values_list("function", flat=True))
    assert functions == {
        "organiser",
        "social_worker",
        "animator_cultural",
        "animator_sport",
        "animator_social",
        "expert",
    }
    register = UnmetDemand.objects.filter(source_kind=DemandSource.CONSULTATION)
    assert register.count() == 5
    assert {d.recorded_on for d in register} == {dt.date(2021, 12, 15)}
    assert register.filter(category__icontains="jogi").exists()
    assert ConsultationEntry.objects.filter(kind="opinion").exists()
    council = Council.objects.get(name="Starachowicka Rada Seniorów")
    assert council.terms.get().members.count() == 5
    assert council.opinions.exists()
    assert "Mieszkańcy osiedla Wzgórze (territorial)" in demo


# --- the volunteer centre -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_volunteer_centre_has_a_pool_with_agreements_assignments_and_hours(
    demo: str,
) -> None:
    from opencus.delivery.models import DeliveryRecord
    from opencus.volunteering.models import Agreement, Assignment, HoursLog, HoursStatus, Party
    from opencus.volunteering.models import Volunteer as PoolVolunteer

    assert PoolVolunteer.objects.count() >= 8
    assert PoolVolunteer.objects.get(user__username="volunteer").full_name == "Julia Kamińska"
    parties = set(Agreement.objects.values_list("party", flat=True))
    assert parties == {Party.ADULT, Party.MINOR_WITH_CONSENT, Party.REPRESENTATIVE}
    assert Assignment.objects.filter(need__with_children=True).exists()
    statuses = set(HoursLog.objects.values_list("status", flat=True))
    assert {HoursStatus.CONFIRMED, HoursStatus.LOGGED} <= statuses
    # The help to the seniors of os. Łazy is on their cards, through the ledger.
    assert DeliveryRecord.objects.filter(
        entitlement__service__slug="pomoc-wolontariusza", in_house=True
    ).exists()
