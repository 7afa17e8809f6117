"""Every persona × every page and action of the site: allowed, refused (403) or out of reach
(404), exactly as the permission matrix in ``opencus.core.roles`` says.

The list of pages is checked against Django's URL resolver: a page or action that is not in
the matrix below fails ``test_every_url_of_the_site_is_in_the_matrix`` with its name, so a new
staff page cannot ship without saying who may open it. An anonymous visitor is sent to log in
from every staff page and action, a logged-in user with no role is refused everywhere, a
provider's staff reach their own provider's pages only, and public pages need no login.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from opencus.activities import course_services
from opencus.activities.capabilities import (
    COURSE_ENROL,
    COURSE_MANAGE,
    COURSE_REGISTER,
    COURSE_VIEW,
    DAYCARE_MANAGE,
    DAYCARE_REGISTER,
    VOUCHER_ISSUE,
    VOUCHER_REDEEM,
)
from opencus.activities.daycare_services import member_admit
from opencus.activities.models import Facility, FacilityKind
from opencus.activities.voucher_services import voucher_issue
from opencus.catalog.capabilities import CATALOG_MANAGE, CATALOG_VIEW
from opencus.community.capabilities import COMMUNITY_MANAGE, COMMUNITY_RECORD, COMMUNITY_VIEW
from opencus.core.calendars import calendar_feed_issue
from opencus.core.capabilities import AUDIT_VIEW
from opencus.core.models import LetterTemplate
from opencus.core.registry import Capability, capability_roles
from opencus.core.roles import Role
from opencus.delivery.capabilities import DELIVERY_RECORD, SETTLEMENT_APPROVE
from opencus.delivery.services import delivery_record
from opencus.intake.capabilities import APPLICATION_FILE, APPLICATION_VIEW, QUEUE_MANAGE
from opencus.intake.models import Allocation, AssessmentPlace, Channel, Entitlement, Notice
from opencus.intake.online import online_application_receive
from opencus.intake.services import application_file, item_qualify, needs_assessment_record
from opencus.people.capabilities import (
    PERSON_EDIT,
    PERSON_RESTORE,
    PERSON_SENSITIVE_EDIT,
    PERSON_SENSITIVE_VIEW,
    PERSON_VIEW,
)
from opencus.people.models import ConsentPurpose, DisabilityLevel, HouseholdRelation
from opencus.people.models import RepresentativeKind as Kind
from opencus.people.services import (
    consent_give,
    disability_certificate_add,
    health_note_add,
    household_add_member,
    representative_add,
)
from opencus.plans.capabilities import PLAN_APPROVE, PLAN_AUTHORISE, PLAN_VIEW, PLAN_WRITE
from opencus.plans.models import PlanGoal
from opencus.plans.services import part_save, plan_create
from opencus.providers.capabilities import PROVIDER_MANAGE, PROVIDER_VIEW
from opencus.providers.models import ProviderStaff
from opencus.transport.capabilities import (
    TRANSPORT_APPROVE,
    TRANSPORT_BOOK,
    TRANSPORT_CONFIGURE,
    TRANSPORT_DISPATCH,
    TRANSPORT_DRIVE,
    TRANSPORT_MANIFEST,
)
from opencus.transport.models import DestinationKind, PlanStop, TransportQuota
from opencus.transport.series import Endpoint, series_create
from opencus.transport.services import plan_insert
from opencus.visits.capabilities import VISITS_MAKE, VISITS_PLAN, VISITS_REQUEST
from opencus.volunteering.capabilities import (
    VOLUNTEERING_CHECKS,
    VOLUNTEERING_MANAGE,
    VOLUNTEERING_NEED,
    VOLUNTEERING_PAPERS,
    VOLUNTEERING_SELF,
)
from tests.catalog.factories import LocationFactory
from tests.intake.factories import closed_round
from tests.people.factories import PersonFactory
from tests.personas import Personas, login, user_make
from tests.plans.factories import organiser_authorised
from tests.transport import factories as taxi_factories
from tests.transport import factories as transport_factories
from tests.transport.factories import (
    HOMES,
    booking_make,
    entitlement_make,
    place_make,
    service_make,
)
from tests.visits import factories as visit_factories

pytestmark = pytest.mark.django_db

STAFF = "any staff role"


@dataclass(frozen=True)
class Need:
    """What a page or action needs: a capability (or just any staff role), and the object its
    URL names (a key of the ``objects`` fixture; "" for none). ``own_provider``: a provider's
    current staff reach it too, for their own provider only (another provider's object is a
    404; with no current provider, a 403)."""

    capability: Capability | str
    kind: str = ""
    own_provider: bool = False
    #: A case only some holders of the capability see whoever's it is (an individual plan: the
    #: director and the organisers); the others see their own cases only, and this one (made
    #: by someone else) is a 404 to them.
    seen_by: frozenset[Role] | None = None


#: The roles that read every vehicle's manifest (a driver only their own, on the day).
MANIFEST_READERS = frozenset({Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.DISPATCHER})

#: The roles that see every individual plan (``IndividualPlan.objects.visible_to``).
PLAN_MANAGERS = frozenset({Role.DIRECTOR, Role.SERVICE_ORGANISER})

#: The roles that see every volunteer's papers and every need (a volunteer their own; those
#: who ask for volunteers the needs they asked for).
VOLUNTEER_CENTRE = frozenset({Role.DIRECTOR, Role.VOLUNTEER_COORDINATOR})

#: Pages a GET shows (forms included: their POST is tested in the app's own tests).
STAFF_PAGES: dict[str, Need] = {
    "core:dashboard": Need(STAFF),
    "core:audit_log": Need(AUDIT_VIEW),
    "letters:template_list": Need(CATALOG_MANAGE),
    "letters:template_edit": Need(CATALOG_MANAGE, "letter_template"),
    "people:search": Need(PERSON_VIEW),
    "people:create": Need(PERSON_EDIT),
    "people:detail": Need(PERSON_VIEW, "person"),
    "people:edit": Need(PERSON_EDIT, "person"),
    "people:special_data": Need(PERSON_SENSITIVE_VIEW, "person"),
    "people:household_add": Need(PERSON_EDIT, "person"),
    "people:representative_add": Need(PERSON_EDIT, "person"),
    "people:consent_add": Need(PERSON_EDIT, "person"),
    "people:certificate_add": Need(PERSON_SENSITIVE_EDIT, "person"),
    "people:health_note_add": Need(PERSON_SENSITIVE_EDIT, "person"),
    # Steps that cannot simply be undone: a GET shows what will happen, the POST (with the
    # reason, where one is needed) is tested in the app's own tests.
    "people:archive": Need(PERSON_EDIT, "person"),
    "people:restore": Need(PERSON_RESTORE, "archived_person"),
    "intake:item_withdraw": Need(APPLICATION_FILE, "item"),
    "intake:queue_promote": Need(QUEUE_MANAGE, "service"),
    "delivery:approve": Need(SETTLEMENT_APPROVE, "contract_month"),
    "catalog:programme_list": Need(CATALOG_VIEW),
    "catalog:programme_detail": Need(CATALOG_VIEW, "programme"),
    "catalog:staff_service_detail": Need(CATALOG_VIEW, "service"),
    "catalog:service_edit": Need(CATALOG_MANAGE, "service"),
    "catalog:programme_texts": Need(CATALOG_MANAGE, "programme"),
    "catalog:location_texts": Need(CATALOG_MANAGE, "location"),
    "intake:queue_index": Need(APPLICATION_VIEW),
    "intake:queue_detail": Need(APPLICATION_VIEW, "service"),
    "intake:person_applications": Need(APPLICATION_VIEW, "person"),
    "intake:application_new": Need(APPLICATION_FILE, "person"),
    "intake:application_detail": Need(APPLICATION_VIEW, "application"),
    "intake:assessment_new": Need(PERSON_SENSITIVE_EDIT, "application"),
    "intake:item_refuse": Need(QUEUE_MANAGE, "item"),
    "intake:phone_intake": Need(APPLICATION_FILE),
    "intake:online_list": Need(APPLICATION_FILE),
    "intake:online_detail": Need(APPLICATION_FILE, "online_application"),
    "intake:online_reject": Need(APPLICATION_FILE, "online_application"),
    "core:my_work": Need(STAFF),
    "core:search": Need(STAFF),
    "intake:notices": Need(APPLICATION_FILE),
    "intake:service_places": Need(QUEUE_MANAGE, "service"),
    "intake:enrolment_list": Need(APPLICATION_VIEW, "service"),
    "intake:enrolment_new": Need(QUEUE_MANAGE, "service"),
    "intake:enrolment_detail": Need(APPLICATION_VIEW, "round"),
    "intake:enrolment_allocate": Need(QUEUE_MANAGE, "round"),
    "intake:entitlement_provider": Need(QUEUE_MANAGE, "entitlement"),
    "intake:entitlement_suspend": Need(QUEUE_MANAGE, "entitlement"),
    "intake:entitlement_end": Need(QUEUE_MANAGE, "entitlement"),
    "intake_letters:letter": Need(APPLICATION_VIEW, "letter"),
    # Individual plans: a plan is seen by its coordinator, the director and the organisers.
    "plans:list": Need(PLAN_VIEW),
    "plans:create": Need(PLAN_WRITE, "assessment"),
    "plans:detail": Need(PLAN_VIEW, "plan", seen_by=PLAN_MANAGERS),
    "plans:version": Need(PLAN_VIEW, "plan_version", seen_by=PLAN_MANAGERS),
    "plans:edit": Need(PLAN_WRITE, "plan", seen_by=PLAN_MANAGERS),
    "plans:part_add": Need(PLAN_WRITE, "plan_part_kind", seen_by=PLAN_MANAGERS),
    "plans:part_edit": Need(PLAN_WRITE, "plan_part", seen_by=PLAN_MANAGERS),
    "plans:part_remove": Need(PLAN_WRITE, "plan_part", seen_by=PLAN_MANAGERS),
    "plans:submit": Need(PLAN_WRITE, "plan", seen_by=PLAN_MANAGERS),
    "plans:return": Need(PLAN_APPROVE, "plan", seen_by=PLAN_MANAGERS),
    "plans:approve": Need(PLAN_APPROVE, "plan", seen_by=PLAN_MANAGERS),
    "plans:change_start": Need(PLAN_WRITE, "plan", seen_by=PLAN_MANAGERS),
    "plans:change_abandon": Need(PLAN_WRITE, "plan", seen_by=PLAN_MANAGERS),
    "plans:sign": Need(PLAN_WRITE, "plan", seen_by=PLAN_MANAGERS),
    "plans:reassign": Need(PLAN_APPROVE, "plan", seen_by=PLAN_MANAGERS),
    "plans:discontinue": Need(PLAN_WRITE, "plan", seen_by=PLAN_MANAGERS),
    # Monitoring: a review, the closing summary (forms; their POST is tested in
    # tests/plans/test_monitoring_pages.py), two versions compared, the director's approval
    # authorisations of organisers.
    "plans:review_new": Need(PLAN_WRITE, "plan", seen_by=PLAN_MANAGERS),
    "plans:complete": Need(PLAN_WRITE, "plan", seen_by=PLAN_MANAGERS),
    "plans:compare": Need(PLAN_VIEW, "plan", seen_by=PLAN_MANAGERS),
    "plans:authorisations": Need(PLAN_AUTHORISE),
    "plans:authorisation_revoke": Need(PLAN_AUTHORISE, "authorisation"),
    "plans:pdf": Need(PLAN_VIEW, "plan_version", seen_by=PLAN_MANAGERS),
    "providers:list": Need(PROVIDER_VIEW, own_provider=True),
    "providers:create": Need(PROVIDER_MANAGE),
    "providers:detail": Need(PROVIDER_VIEW, "provider", own_provider=True),
    "providers:edit": Need(PROVIDER_MANAGE, "provider"),
    "providers:staff_attach": Need(PROVIDER_MANAGE, "provider"),
    "providers:contract_create": Need(PROVIDER_MANAGE, "provider"),
    "providers:contract_detail": Need(PROVIDER_VIEW, "contract", own_provider=True),
    "providers:contract_edit": Need(PROVIDER_MANAGE, "contract"),
    "providers:line_add": Need(PROVIDER_MANAGE, "contract"),
    "providers:line_end": Need(PROVIDER_MANAGE, "line"),
    "delivery:contract_list": Need(PROVIDER_VIEW, own_provider=True),
    "delivery:contract_months": Need(PROVIDER_VIEW, "contract", own_provider=True),
    "delivery:statement": Need(PROVIDER_VIEW, "contract_month", own_provider=True),
    "delivery:statement_xlsx": Need(PROVIDER_VIEW, "contract_month", own_provider=True),
    "delivery:statement_pdf": Need(PROVIDER_VIEW, "contract_month", own_provider=True),
    # The centre's views of delivery: never a provider's own staff.
    "delivery:report_overview": Need(PROVIDER_VIEW),
    "delivery:report_person": Need(PROVIDER_VIEW, "person"),
    "delivery:report_lagging": Need(PROVIDER_VIEW),
    # The provider's pages: the centre's recording roles choose a provider first.
    "delivery:provider_clients": Need(DELIVERY_RECORD, own_provider=True),
    "delivery:provider_client": Need(DELIVERY_RECORD, "entitlement", own_provider=True),
    "delivery:provider_correct": Need(DELIVERY_RECORD, "record", own_provider=True),
    "delivery:provider_today": Need(DELIVERY_RECORD, own_provider=True),
    "delivery:provider_import": Need(DELIVERY_RECORD, own_provider=True),
    "delivery:provider_template": Need(DELIVERY_RECORD, own_provider=True),
    # The senior taxi: booking by the client office (booking part).
    "transport:book_start": Need(TRANSPORT_BOOK),
    "transport:book": Need(TRANSPORT_BOOK, "person"),
    "transport:approvals": Need(TRANSPORT_APPROVE),
    "transport:booking": Need(TRANSPORT_BOOK, "booking"),
    "transport:booking_cancel": Need(TRANSPORT_BOOK, "booking"),
    "transport:booking_approve": Need(TRANSPORT_APPROVE, "booking"),
    "transport:booking_refuse": Need(TRANSPORT_APPROVE, "booking"),
    "transport:person_rides": Need(TRANSPORT_BOOK, "person"),
    # The senior taxi's day plan and the call list (dispatch).
    "transport:dispatch": Need(TRANSPORT_DISPATCH),
    "transport:dispatch_day": Need(TRANSPORT_DISPATCH, "taxi_day"),
    "transport:dispatch_publish": Need(TRANSPORT_DISPATCH, "taxi_day"),
    "transport:call_list": Need(TRANSPORT_BOOK),
    # The senior taxi's manifests and fleet (transport, manifest part): a driver reads only
    # their own vehicle's manifest on the day (none of the personas drives this one: a 404).
    "transport:drive": Need(TRANSPORT_DRIVE),
    "transport:manifest": Need(TRANSPORT_MANIFEST, "manifest", seen_by=MANIFEST_READERS),
    "transport:manifest_pdf": Need(TRANSPORT_MANIFEST, "manifest", seen_by=MANIFEST_READERS),
    "transport:vehicles": Need(TRANSPORT_DISPATCH),
    "transport:vehicle_add": Need(TRANSPORT_DISPATCH),
    "transport:vehicle_edit": Need(TRANSPORT_DISPATCH, "vehicle"),
    "transport:vehicle_unavailable": Need(TRANSPORT_DISPATCH, "vehicle"),
    "transport:drivers": Need(TRANSPORT_DISPATCH),
    "transport:driver_add": Need(TRANSPORT_DISPATCH),
    "transport:driver_edit": Need(TRANSPORT_DISPATCH, "driver"),
    "transport:shifts": Need(TRANSPORT_DISPATCH),
    "transport:shift_add": Need(TRANSPORT_DISPATCH),
    "transport:shift_edit": Need(TRANSPORT_DISPATCH, "shift"),
    "transport:shift_remove": Need(TRANSPORT_DISPATCH, "shift"),
    # The senior taxi's recurring rides and the organiser's rules (series).
    "transport:series_list": Need(TRANSPORT_BOOK),
    "transport:person_series": Need(TRANSPORT_BOOK, "person"),
    "transport:series_create": Need(TRANSPORT_BOOK, "person"),
    "transport:series_detail": Need(TRANSPORT_BOOK, "ride_series"),
    "transport:series_exception": Need(TRANSPORT_BOOK, "ride_series"),
    "transport:series_end": Need(TRANSPORT_BOOK, "ride_series"),
    "transport:rules_list": Need(TRANSPORT_CONFIGURE),
    "transport:rules_edit": Need(TRANSPORT_CONFIGURE, "transport_service"),
    "transport:quota_remove": Need(TRANSPORT_CONFIGURE, "transport_quota"),
    # Home visits: requests, staff, the week's plan, the worker's own day (a visit of someone
    # else's is a 404 to every home-visit worker: only its own worker marks it).
    "visits:requests": Need(VISITS_REQUEST),
    "visits:request_create": Need(VISITS_REQUEST, "person"),
    "visits:request_detail": Need(VISITS_REQUEST, "visit_request"),
    "visits:workers": Need(VISITS_PLAN),
    "visits:worker_create": Need(VISITS_PLAN),
    "visits:worker_edit": Need(VISITS_PLAN, "visit_worker"),
    "visits:weeks": Need(VISITS_PLAN),
    "visits:week": Need(VISITS_PLAN, "visit_week"),
    "visits:visit_move": Need(VISITS_PLAN, "visit"),
    "visits:visit_place": Need(VISITS_PLAN, "visit_week_request"),
    "visits:my_day": Need(VISITS_MAKE),
    "visits:visit_not_done": Need(VISITS_MAKE, "visit", seen_by=frozenset()),
    # Vouchers and the Senior+ day home and club (activities, senior part): a venue's staff
    # redeem their own venue's vouchers; a provider's staff keep the register of the
    # facilities their provider runs.
    "activities:voucher_list": Need(VOUCHER_ISSUE),
    "activities:voucher_person": Need(VOUCHER_ISSUE, "person"),
    "activities:voucher_detail": Need(VOUCHER_ISSUE, "voucher"),
    "activities:voucher_pdf": Need(VOUCHER_ISSUE, "voucher"),
    "activities:voucher_redeem_start": Need(VOUCHER_REDEEM, own_provider=True),
    "activities:voucher_redeem": Need(VOUCHER_REDEEM, "voucher", own_provider=True),
    "activities:daycare_list": Need(DAYCARE_REGISTER, own_provider=True),
    "activities:daycare_detail": Need(DAYCARE_REGISTER, "senior_facility", own_provider=True),
    "activities:daycare_hours": Need(DAYCARE_MANAGE, "senior_facility"),
    "activities:daycare_admit": Need(DAYCARE_MANAGE, "senior_facility"),
    "activities:daycare_leave": Need(DAYCARE_MANAGE, "senior_member"),
    "activities:daycare_register": Need(DAYCARE_REGISTER, "senior_facility_day", own_provider=True),
    "activities:daycare_report": Need(DAYCARE_REGISTER, "senior_month", own_provider=True),
    "activities:daycare_report_export": Need(DAYCARE_REGISTER, "senior_export", own_provider=True),
    # Courses (activities, courses part): a provider's staff see and take the registers of
    # their own provider's courses only; a staff member who instructs a course whatever their
    # role (none of the personas instructs this one).
    "activities:course_list": Need(COURSE_VIEW, own_provider=True),
    "activities:course_create": Need(COURSE_MANAGE),
    "activities:course_detail": Need(COURSE_VIEW, "course", own_provider=True),
    "activities:course_enrol": Need(COURSE_ENROL, "course"),
    "activities:course_withdraw": Need(COURSE_ENROL, "course_enrolment"),
    "activities:course_declaration": Need(COURSE_ENROL, "course_enrolment"),
    "activities:session_makeup": Need(COURSE_MANAGE, "course"),
    "activities:session_cancel": Need(COURSE_MANAGE, "course_session"),
    "activities:session_move": Need(COURSE_MANAGE, "course_session"),
    "activities:person_courses": Need(APPLICATION_VIEW, "person"),
    "activities:register_today": Need(COURSE_REGISTER, own_provider=True),
    "activities:register": Need(COURSE_REGISTER, "course_session", own_provider=True),
    "activities:register_pdf": Need(COURSE_REGISTER, "course_session", own_provider=True),
    # Community organising: the communities, their plans, records and evaluation, the
    # consultations and councils (the OSL team and the director).
    "community:list": Need(COMMUNITY_VIEW),
    "community:create": Need(COMMUNITY_MANAGE),
    "community:detail": Need(COMMUNITY_VIEW, "community"),
    "community:edit": Need(COMMUNITY_MANAGE, "community"),
    "community:street_add": Need(COMMUNITY_MANAGE, "community"),
    "community:resource_add": Need(COMMUNITY_MANAGE, "community"),
    "community:team_add": Need(COMMUNITY_MANAGE, "community"),
    "community:plan": Need(COMMUNITY_VIEW, "community_year"),
    "community:plan_edit": Need(COMMUNITY_MANAGE, "community_year"),
    "community:event_create": Need(COMMUNITY_RECORD, "community"),
    "community:leader_add": Need(COMMUNITY_RECORD, "community"),
    "community:group_add": Need(COMMUNITY_RECORD, "community"),
    "community:group_end": Need(COMMUNITY_RECORD, "community_group"),
    "community:initiative_add": Need(COMMUNITY_RECORD, "community"),
    "community:evaluation": Need(COMMUNITY_VIEW, "community_year"),
    "community:evaluation_export": Need(COMMUNITY_VIEW, "community_year"),
    "community:survey_create": Need(COMMUNITY_RECORD, "community"),
    "community:survey": Need(COMMUNITY_RECORD, "community_survey"),
    "community:event": Need(COMMUNITY_VIEW, "community_event"),
    "community:event_record": Need(COMMUNITY_RECORD, "community_event"),
    "community:participant_add": Need(COMMUNITY_RECORD, "community_event"),
    "community:photo_add": Need(COMMUNITY_RECORD, "community_event"),
    "community:photo": Need(COMMUNITY_VIEW, "community_photo"),
    "community:consultations": Need(COMMUNITY_VIEW),
    "community:consultation_create": Need(COMMUNITY_MANAGE),
    "community:consultation": Need(COMMUNITY_VIEW, "consultation"),
    "community:consultation_participant_add": Need(COMMUNITY_MANAGE, "consultation"),
    "community:entry_add": Need(COMMUNITY_MANAGE, "consultation"),
    "community:council": Need(COMMUNITY_VIEW, "council"),
    "community:council_term_add": Need(COMMUNITY_MANAGE, "council"),
    "community:council_member_add": Need(COMMUNITY_MANAGE, "council_term"),
    "community:council_opinion_add": Need(COMMUNITY_MANAGE, "council"),
    # The volunteer centre: the coordinator's pages, the volunteer's own (none of the personas
    # is the volunteer of these objects), and the needs others ask for (their own only).
    "volunteering:volunteers": Need(VOLUNTEERING_MANAGE),
    "volunteering:volunteer_create": Need(VOLUNTEERING_MANAGE),
    "volunteering:volunteer_detail": Need(VOLUNTEERING_MANAGE, "volunteer"),
    "volunteering:volunteer_edit": Need(VOLUNTEERING_MANAGE, "volunteer"),
    "volunteering:volunteer_checks": Need(VOLUNTEERING_CHECKS, "volunteer"),
    "volunteering:agreement_create": Need(VOLUNTEERING_MANAGE, "volunteer"),
    "volunteering:policy_create": Need(VOLUNTEERING_MANAGE, "volunteer"),
    "volunteering:briefing_create": Need(VOLUNTEERING_MANAGE, "volunteer"),
    "volunteering:claim_create": Need(VOLUNTEERING_MANAGE, "volunteer"),
    "volunteering:waiver_create": Need(VOLUNTEERING_MANAGE, "volunteer"),
    "volunteering:offer_create": Need(VOLUNTEERING_MANAGE, "volunteer"),
    "volunteering:agreement_pdf": Need(
        VOLUNTEERING_PAPERS, "volunteer_agreement", seen_by=VOLUNTEER_CENTRE
    ),
    "volunteering:agreement_end": Need(VOLUNTEERING_MANAGE, "volunteer_agreement"),
    "volunteering:needs": Need(VOLUNTEERING_NEED),
    "volunteering:need_create": Need(VOLUNTEERING_NEED),
    "volunteering:need_detail": Need(VOLUNTEERING_NEED, "volunteer_need", seen_by=VOLUNTEER_CENTRE),
    "volunteering:assignment_detail": Need(
        VOLUNTEERING_PAPERS, "volunteer_assignment", seen_by=VOLUNTEER_CENTRE
    ),
    "volunteering:assignment_cancel": Need(VOLUNTEERING_MANAGE, "volunteer_assignment"),
    "volunteering:hours": Need(VOLUNTEERING_MANAGE),
    "volunteering:hours_reject": Need(VOLUNTEERING_MANAGE, "volunteer_hours"),
    "volunteering:hours_correct": Need(VOLUNTEERING_MANAGE, "volunteer_hours"),
    "volunteering:documents": Need(VOLUNTEERING_MANAGE),
    "volunteering:document_issue": Need(VOLUNTEERING_MANAGE, "volunteer_document"),
    "volunteering:document_pdf": Need(
        VOLUNTEERING_PAPERS, "volunteer_document_issued", seen_by=VOLUNTEER_CENTRE
    ),
    "volunteering:mine": Need(VOLUNTEERING_SELF),
}

#: State changes that take a POST only (a GET is 405). Each is posted by every persona, inside
#: a savepoint rolled back afterwards, so that one persona's change does not move the next
#: persona's objects; what the change does is tested in the app's own tests.
STAFF_ACTIONS: dict[str, Need] = {
    "people:household_leave": Need(PERSON_EDIT, "household_link"),
    "people:representative_end": Need(PERSON_EDIT, "representative_link"),
    "people:consent_withdraw": Need(PERSON_EDIT, "consent"),
    "people:certificate_withdraw": Need(PERSON_SENSITIVE_EDIT, "certificate"),
    "people:health_note_withdraw": Need(PERSON_SENSITIVE_EDIT, "health_note"),
    "intake:item_qualify": Need(QUEUE_MANAGE, "item"),
    "intake:entitlement_resume": Need(QUEUE_MANAGE, "entitlement"),
    "intake:enrolment_check": Need(APPLICATION_VIEW, "round"),
    "intake:notice_sent": Need(APPLICATION_FILE, "notice"),
    "providers:archive": Need(PROVIDER_MANAGE, "provider"),
    "providers:staff_end": Need(PROVIDER_MANAGE, "staff_link"),
    # The senior taxi's day plan and the call list (dispatch).
    "transport:dispatch_optimise": Need(TRANSPORT_DISPATCH, "taxi_day"),
    "transport:dispatch_reopen": Need(TRANSPORT_DISPATCH, "taxi_day"),
    "transport:dispatch_pin": Need(TRANSPORT_DISPATCH, "taxi_day_ride"),
    "transport:dispatch_move": Need(TRANSPORT_DISPATCH, "taxi_day_ride"),
    "transport:call_done": Need(TRANSPORT_BOOK, "taxi_ride"),
    "transport:stop_mark": Need(TRANSPORT_MANIFEST, "stop_mark", seen_by=MANIFEST_READERS),
    "transport:return_decide": Need(TRANSPORT_DISPATCH, "return_decision"),
    "transport:ledger_retry": Need(TRANSPORT_DISPATCH, "ride"),
    # The senior taxi (series).
    "transport:series_generate": Need(TRANSPORT_BOOK, "ride_series"),
    "transport:quota_add": Need(TRANSPORT_CONFIGURE, "transport_service"),
    # Home visits.
    "visits:request_cancel": Need(VISITS_REQUEST, "visit_request"),
    "visits:worker_feed_issue": Need(VISITS_PLAN, "visit_worker"),
    "visits:worker_feed_revoke": Need(VISITS_PLAN, "visit_worker_feed"),
    "visits:week_compute": Need(VISITS_PLAN, "visit_week"),
    "visits:week_publish": Need(VISITS_PLAN, "visit_week"),
    "visits:visit_pin": Need(VISITS_PLAN, "visit"),
    "visits:visit_take_out": Need(VISITS_PLAN, "visit"),
    "visits:ledger_retry": Need(VISITS_PLAN, "visit"),
    "visits:visit_done": Need(VISITS_MAKE, "visit", seen_by=frozenset()),
    # The day home's register: one tap per member (activities, senior part).
    "activities:daycare_mark": Need(DAYCARE_REGISTER, "senior_mark", own_provider=True),
    # Courses (activities, courses part).
    "activities:register_mark": Need(COURSE_REGISTER, "register_mark", own_provider=True),
    "activities:register_headcount": Need(COURSE_REGISTER, "course_session", own_provider=True),
    "activities:attendance_cancel": Need(COURSE_ENROL, "attendance_cancel"),
    "activities:course_feed_issue": Need(COURSE_VIEW, "course_feed", own_provider=True),
    "activities:course_feed_revoke": Need(COURSE_VIEW, "course_feed_stop", own_provider=True),
    "activities:register_feed_issue": Need(COURSE_REGISTER, own_provider=True),
    "activities:register_feed_revoke": Need(COURSE_REGISTER, own_provider=True),
    "visits:my_feed_issue": Need(VISITS_MAKE),
    "visits:my_feed_revoke": Need(VISITS_MAKE, "visit_feed", seen_by=frozenset()),
    # Community organising.
    "community:team_end": Need(COMMUNITY_MANAGE, "community_team"),
    "community:event_cancel": Need(COMMUNITY_RECORD, "community_event"),
    # The volunteer centre.
    "volunteering:agreement_confirm": Need(
        VOLUNTEERING_PAPERS, "volunteer_agreement", seen_by=VOLUNTEER_CENTRE
    ),
    "volunteering:need_assign": Need(VOLUNTEERING_MANAGE, "volunteer_need_volunteer"),
    "volunteering:need_close": Need(VOLUNTEERING_MANAGE, "volunteer_need"),
    "volunteering:assignment_withdraw": Need(
        VOLUNTEERING_SELF, "volunteer_assignment", seen_by=frozenset()
    ),
    "volunteering:assignment_complete": Need(VOLUNTEERING_MANAGE, "volunteer_assignment"),
    "volunteering:hours_confirm": Need(
        VOLUNTEERING_PAPERS, "volunteer_hours", seen_by=VOLUNTEER_CENTRE
    ),
}

#: Pages for everyone, no login: (the object the URL names, the status a visitor gets).
PUBLIC_PAGES: dict[str, tuple[str, int]] = {
    "catalog:public_service_list": ("", 200),
    "catalog:service_card": ("service", 200),
    "core:accessibility": ("", 200),
    "core:privacy": ("", 200),
    "core:login": ("", 200),
    "portal:apply": ("", 200),
    "portal:status": ("", 200),
    # Only the visitor who filed the application sees it (its uuid is kept in their session;
    # tests/portal/test_apply.py); anyone else is a 404, never a login page.
    "portal:applied": ("application", 404),
    # A calendar feed is found by its secret address alone (calendar programs cannot log
    # in); an address nobody was given is a 404 (tests/core/test_calendar_feeds.py).
    "core:calendar_feed": ("calendar_secret", 404),
}

#: Signing in and out, and one's own account and second factor, for any user with an account
#: whatever their roles (a superuser with no staff role sets up its authenticator there):
#: tested in tests/core/test_auth.py and tests/core/test_two_factor.py.
SIGN_IN_PAGES = {"core:logout", "core:otp_verify", "core:otp_setup", "core:account"}

#: Mounted under these prefixes, with their own access rules and tests: the JSON API (API
#: keys, tests/api), the Django admin (its own permissions) and the language switch.
OUTSIDE_THE_MATRIX = ("api/", "admin/", "i18n/")

STAFF_PREFIX = "pracownicy/"


def site_urls() -> dict[str, str]:
    """Every named URL the resolver knows (``namespace:name`` → route), outside the
    prefixes listed in ``OUTSIDE_THE_MATRIX``; a pattern with no name is listed by route."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(OUTSIDE_THE_MATRIX):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            else:
                assert isinstance(pattern, URLPattern)
                key = f"{namespace}{pattern.name}" if pattern.name else f"(unnamed) {route}"
                found[key] = route

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_of_the_site_is_in_the_matrix() -> None:
    urls = site_urls()
    listed = set(STAFF_PAGES) | set(STAFF_ACTIONS) | set(PUBLIC_PAGES) | SIGN_IN_PAGES
    missing = sorted(f"{name} (/{route})" for name, route in urls.items() if name not in listed)
    assert not missing, (
        "Pages missing from the access matrix in tests/test_access_matrix.py; add each to "
        "STAFF_PAGES, STAFF_ACTIONS, PUBLIC_PAGES or SIGN_IN_PAGES with what it needs: "
        + ", ".join(missing)
    )
    gone = sorted(listed - set(urls))
    assert not gone, f"The access matrix lists pages the site no longer has: {', '.join(gone)}"
    public_staff = sorted(
        name
        for name, route in urls.items()
        if route.startswith(STAFF_PREFIX) and name not in STAFF_PAGES and name not in STAFF_ACTIONS
    )
    assert not public_staff, f"Staff pages (/{STAFF_PREFIX}…) listed as public: {public_staff}"


def test_no_two_lists_claim_the_same_page() -> None:
    lists = [set(STAFF_PAGES), set(STAFF_ACTIONS), set(PUBLIC_PAGES), SIGN_IN_PAGES]
    seen: set[str] = set()
    for names in lists:
        assert not seen & names, sorted(seen & names)
        seen |= names


# --- The objects the URLs name ----------------------------------------------------------------


@pytest.fixture
def objects(personas: Personas) -> dict[str, Any]:
    return objects_make(personas)


def objects_make(personas: Personas) -> dict[str, Any]:
    """One of each kind, around the contract line of the personas' provider: a person with a
    household, a representative, a consent and special-category entries, an application for
    the line's service qualified into an entitlement (with the provider, the only one with a
    contract), a delivery under it, an enrolment round, the notice qualification owes."""
    organiser = user_make(Role.SERVICE_ORGANISER)
    line = personas.line
    contract = line.contract
    service = line.service
    today = timezone.localdate()
    person = PersonFactory.create()
    household = household_add_member(
        person=person,
        member=PersonFactory.create(),
        relation=HouseholdRelation.SPOUSE,
        acting_user=organiser,
    )
    representative = representative_add(
        person=person,
        representative=PersonFactory.create(),
        kind=Kind.LEGAL,
        acting_user=organiser,
    )
    consent = consent_give(person=person, purpose=ConsentPurpose.SERVICES, acting_user=organiser)
    certificate = disability_certificate_add(
        person=person,
        acting_user=organiser,
        level=DisabilityLevel.MODERATE,
        issued_on=today - dt.timedelta(days=100),
    )
    note = health_note_add(person=person, acting_user=organiser, text="Porusza się o kulach.")
    application = application_file(
        person=person, services=[service], channel=Channel.PHONE, acting_user=organiser
    )
    item = item_qualify(item=application.items.get(), acting_user=organiser)
    entitlement = Entitlement.objects.get(item=item)
    assert entitlement.provider == contract.provider
    record = delivery_record(
        entitlement=entitlement, delivered_on=today, units=1, acting_user=organiser
    )
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    online = online_application_receive(
        fields={"first_name": "Helena", "last_name": "Wiśniewska", "pesel": person.pesel},
        services=[service],
        consents=[ConsentPurpose.SERVICES],
        acting_user=AnonymousUser(),
    )
    # An individual plan from the application's needs assessment, drafted by a coordinator
    # (none of the personas), with a goal.
    assessment = needs_assessment_record(
        application=application,
        acting_user=organiser,
        assessed_on=today,
        place=AssessmentPlace.CENTRE,
        fitting_services=[service],
        plan_needed=True,
    )
    plan = plan_create(assessment=assessment, acting_user=user_make(Role.COORDINATOR))
    version = plan.versions.get()
    goal = part_save(
        version=version,
        model=PlanGoal,
        acting_user=plan.coordinator,
        data={"description": "Samodzielne zakupy", "measure": "Raz w tygodniu"},
    )
    # The senior taxi: a ride booked for the person (booking part).
    ride = booking_make(
        entitlement_make(service_make(), person),
        dt.date(2027, 3, 12),
        dt.time(8),
        created_by=organiser,
    )
    # The senior taxi (dispatch): a ride on a day with a vehicle on shift, not planned yet.
    taxi_day = today + dt.timedelta(days=3)
    taxi_ride = taxi_factories.booking_make(
        taxi_factories.entitlement_make(taxi_factories.service_make(), person),
        taxi_day,
        dt.time(9),
        created_by=organiser,
    )
    taxi_factories.shift_make(taxi_factories.vehicle_make(), taxi_day)
    # The senior taxi (manifest): a vehicle with today's shift and one ride planned on it.
    transport_service = transport_factories.service_make()
    vehicle = transport_factories.vehicle_make()
    shift = transport_factories.shift_make(
        vehicle, today, dt.time(6, 0), dt.time(20, 0), transport_factories.driver_make()
    )
    manifest_ride = transport_factories.booking_make(
        transport_factories.entitlement_make(transport_service, person),
        today,
        dt.time(12, 0),
        created_by=organiser,
    )
    plan_insert(manifest_ride, acting_user=organiser)
    pickup = PlanStop.objects.get(booking=manifest_ride, kind="pickup")
    # The senior taxi: a service with its rules and a limit, and a person's recurring rides.
    taxi = service_make(quotas=[(4, "month", "legs")])
    ride_series = series_create(
        person=person,
        entitlement=entitlement_make(taxi, person),
        weekdays=[0],
        outbound_time=dt.time(8),
        return_time=None,
        origin=Endpoint("ul. Testowa 1", HOMES[0][0], HOMES[0][1]),
        destination=Endpoint.of_place(place_make()),
        destination_kind=DestinationKind.DAY_HOME,
        starts_on=today,
        acting_user=organiser,
    )
    # Home visits: a worker, a request for the person tomorrow, its week's plan with the
    # visit in it, and a calendar address of the worker.
    visits = visit_objects(person, organiser)
    # Vouchers and the Senior+ day home (activities, senior part): a voucher at the personas'
    # provider as the venue, and a day home it runs with the person as a member.
    voucher = voucher_issue(person=person, service=service, acting_user=organiser)
    facility = Facility.objects.create(
        kind=FacilityKind.DAY_HOME,
        name="Dzienny Dom Senior+",
        service=service,
        provider=contract.provider,
        capacity=15,
        meals_per_day=1,
    )
    member = member_admit(
        facility=facility,
        person=person,
        starts_on=entitlement.starts_on,
        basis_reference="DDS.1.2026",
        acting_user=organiser,
    )
    # Courses (activities): a course of the personas' provider's service, with the person
    # enrolled on their entitlement, sessions from a week ago to a month ahead, and a calendar.
    course = course_services.course_create(
        spec=course_services.CourseSpec(
            service=service,
            location=LocationFactory.create(),
            name="Aqua aerobik",
            term_starts_on=today - dt.timedelta(days=7),
            term_ends_on=today + dt.timedelta(days=30),
            weekdays=[0, 1, 2, 3, 4, 5, 6],
            starts_at=dt.time(10),
            duration_minutes=45,
            min_participants=1,
            max_participants=10,
            provider=contract.provider,
        ),
        acting_user=organiser,
    )
    course_enrolment = course_services.enrolment_create(
        course=course, entitlement=entitlement, acting_user=organiser
    )
    course_session = course.sessions.order_by("starts_at").first()
    assert course_session is not None
    course_feed, _secret = calendar_feed_issue(
        kind="activities.course", object_id=str(course.pk), acting_user=organiser
    )
    return {
        **visits,
        **community_objects(service.programme, organiser),
        **volunteer_objects(),
        "voucher": voucher.uuid,
        "senior_facility": facility.uuid,
        "senior_facility_day": (facility.uuid, today.isoformat()),
        "senior_mark": (facility.uuid, today.isoformat(), member.uuid),
        "senior_member": member.uuid,
        "senior_month": (facility.uuid, today.year, today.month),
        "senior_export": (facility.uuid, today.year, today.month, "csv"),
        "course": course.uuid,
        "course_enrolment": (course.uuid, course_enrolment.uuid),
        "course_session": course_session.pk,
        "register_mark": (course_session.pk, course_enrolment.pk, "present"),
        "attendance_cancel": (course_session.pk, course_enrolment.pk),
        "course_feed": (course.uuid, "kurs"),
        "course_feed_stop": (course.uuid, course_feed.pk),
        "ride_series": ride_series.uuid,
        "transport_service": taxi.pk,
        "transport_quota": (taxi.pk, TransportQuota.objects.get(rules__service=taxi).pk),
        "taxi_day": taxi_day.isoformat(),
        "taxi_day_ride": (taxi_day.isoformat(), taxi_ride.uuid),
        "taxi_ride": taxi_ride.uuid,
        "booking": ride.uuid,
        "vehicle": vehicle.uuid,
        "driver": shift.driver_id,
        "shift": shift.pk,
        "manifest": (vehicle.uuid, today.isoformat()),
        "stop_mark": (pickup.pk, "picked_up"),
        "return_decision": (manifest_ride.uuid, "zostaw"),
        "ride": manifest_ride.uuid,
        "assessment": assessment.pk,
        "plan": plan.uuid,
        "plan_version": version.uuid,
        "plan_part_kind": (plan.uuid, "cele"),
        "plan_part": (plan.uuid, "cele", goal.pk),
        "authorisation": organiser_authorised()[1].uuid,
        "application": application.uuid,
        "online_application": online.uuid,
        "item": item.pk,
        "entitlement": entitlement.uuid,
        "record": record.uuid,
        "notice": Notice.objects.get(item=item).pk,
        "letter": (application.uuid, "potwierdzenie"),
        "letter_template": LetterTemplate.objects.order_by("pk").values_list("pk", flat=True)[0],
        "provider": contract.provider.uuid,
        "contract": contract.uuid,
        "contract_month": (contract.uuid, contract.valid_from.year, contract.valid_from.month),
        "line": line.pk,
        "staff_link": ProviderStaff.objects.get(user=personas.colleague).pk,
        "person": person.pk,
        "archived_person": PersonFactory.create(archived_at=timezone.now()).pk,
        "household_link": (person.pk, household.pk),
        "representative_link": (person.pk, representative.pk),
        "consent": (person.pk, consent.pk),
        "certificate": (person.pk, certificate.pk),
        "health_note": (person.pk, note.pk),
        "service": service.uuid,
        "programme": service.programme.uuid,
        "location": LocationFactory.create().uuid,
        "round": enrolment_round.pk,
        "calendar_secret": "an-address-nobody-was-given",
    }


def community_objects(programme: Any, organiser: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from opencus.community import services as community_services

    today = timezone.localdate()
    community = community_services.community_save(
        data=community_services.CommunityData(name="Osiedle Wzgórze", kind="territorial"),
        acting_user=organiser,
    )
    event = community_services.event_log(
        community=community,
        data=community_services.EventData(kind="meeting", day=today, held=False),
        acting_user=organiser,
    )
    group = community_services.group_add(
        community=community,
        name="Klub",
        kind="neighbourly",
        started_on=today,
        acting_user=organiser,
    )
    team = community_services.team_assign(
        community=community,
        user=organiser,
        function="organiser",
        starts_on=today,
        acting_user=organiser,
    )
    survey = community_services.survey_create(
        community=community, title="Wpływ", held_on=today, acting_user=organiser
    )
    consultation = community_services.consultation_create(
        title="Konsultacje", held_on=today, programme=programme, acting_user=organiser
    )
    photo = community_services.event_photo_add(
        event=event,
        upload=ContentFile(b"\x89PNG\r\n\x1a\n" + bytes(32), name="a.png"),
        caption="Spotkanie",
        people=[],
        consent_note="Zgody podpisane na liście obecności",
        acting_user=organiser,
    )
    council = community_services.council_create(name="Rada Seniorów", acting_user=organiser)
    term = community_services.council_term_add(
        council=council,
        starts_on=today,
        ends_on=today + dt.timedelta(days=365),
        acting_user=organiser,
    )
    return {
        "community": community.uuid,
        "community_year": (community.uuid, today.year),
        "community_event": event.uuid,
        "community_photo": photo.uuid,
        "community_group": (community.uuid, group.pk),
        "community_team": (community.uuid, team.pk),
        "community_survey": survey.uuid,
        "consultation": consultation.uuid,
        "council": council.uuid,
        "council_term": (council.uuid, term.pk),
    }


def visit_objects(person: Any, organiser: Any) -> dict[str, Any]:
    from opencus.core.calendars import calendar_feed_issue
    from opencus.visits import services as visit_services
    from opencus.visits.models import Visit, WeekPlan

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    worker = visit_factories.worker_make(hours=[(d, dt.time(0), dt.time(23, 59)) for d in range(7)])
    visit_request = visit_factories.request_make(
        person,
        windows=[(tomorrow, dt.time(9), dt.time(12))],
        today=timezone.localdate(),
        place=visit_services.Place("ul. Testowa 1", HOMES[0][0], HOMES[0][1]),
    )
    monday = tomorrow - dt.timedelta(days=tomorrow.weekday())
    plan = WeekPlan.objects.create(week_start=monday, created_by=organiser)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(9)))
    visit = Visit.objects.create(
        plan=plan,
        request=visit_request,
        worker=worker,
        day=tomorrow,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
    )
    feed, _secret = calendar_feed_issue(
        kind="visits.worker", object_id=str(worker.pk), acting_user=organiser
    )
    return {
        "visit_request": visit_request.uuid,
        "visit_worker": worker.pk,
        "visit_worker_feed": (worker.pk, feed.pk),
        "visit_feed": feed.pk,
        "visit_week": monday.isoformat(),
        "visit_week_request": (monday.isoformat(), visit_request.uuid),
        "visit": visit.uuid,
    }


def volunteer_objects() -> dict[str, Any]:
    from opencus.volunteering import services as volunteer_services
    from opencus.volunteering.models import DocumentKind
    from tests.volunteering import factories as volunteer_factories

    volunteer = volunteer_factories.ready_volunteer(account=True)
    need = volunteer_factories.need_make(volunteers_needed=3)
    assignment = volunteer_factories.assignment_make(volunteer, need)
    coordinator = volunteer_factories.coordinator()
    log = volunteer_services.hours_log(
        assignment=assignment,
        worked_on=timezone.localdate(),
        hours=2,
        scope="Zakupy",
        acting_user=coordinator,
    )
    issued = volunteer_services.document_issue(
        document=volunteer_services.document_request(
            volunteer=volunteer, kind=DocumentKind.CERTIFICATE, acting_user=coordinator
        ),
        acting_user=coordinator,
    )
    waiting = volunteer_services.document_request(
        volunteer=volunteer, kind=DocumentKind.OPINION, acting_user=coordinator
    )
    other = volunteer_factories.ready_volunteer()
    return {
        "volunteer": volunteer.pk,
        "volunteer_agreement": assignment.agreement_id,
        "volunteer_need": need.pk,
        "volunteer_need_volunteer": (need.pk, other.pk),
        "volunteer_assignment": assignment.pk,
        "volunteer_hours": log.pk,
        "volunteer_document": waiting.pk,
        "volunteer_document_issued": issued.pk,
    }


def url_for(name: str, kind: str, objects: dict[str, Any]) -> str:
    if not kind:
        return reverse(name)
    value = objects[kind]
    return reverse(name, args=list(value) if isinstance(value, tuple) else [value])


# --- Personas ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    name: str
    roles: tuple[Role, ...]
    #: For a provider's staff: "own" (works for the provider of the objects), "other" (for
    #: another provider), or None (no current provider).
    provider: str | None = None


PERSONAS: list[Persona] = [
    Persona("nobody", ()),
    *(Persona(role.value, (role,)) for role in Role),
    Persona("owner", (Role.PROVIDER_STAFF,), "own"),
    Persona("outsider", (Role.PROVIDER_STAFF,), "other"),
]

ALLOWED = "allowed"


def expected(need: Need, persona: Persona) -> int | str:
    """200 (a page) or ALLOWED (an action) when the matrix gives the persona the page, 403
    when it does not, 404 when it does but the object is another provider's."""
    roles = set(persona.roles)
    if need.capability == STAFF:
        return ALLOWED if roles else 403
    assert isinstance(need.capability, Capability)
    holders = capability_roles(need.capability)
    if not need.own_provider:
        if roles & holders and need.seen_by is not None and not roles & need.seen_by:
            return 404
        return ALLOWED if roles & holders else 403
    # A provider's staff reach these pages through their current link to a provider only.
    if (roles - {Role.PROVIDER_STAFF}) & holders:
        return ALLOWED
    if Role.PROVIDER_STAFF not in roles or persona.provider is None:
        return 403
    return 404 if persona.provider == "other" and need.kind else ALLOWED


def outcome(status: int) -> int | str:
    """A POST that did its work or was answered with a message (a redirect, the form again
    with errors) counts as allowed; a refusal keeps its status."""
    return ALLOWED if status in (200, 302, 400) else status


@pytest.fixture
def rolled_back() -> Callable[[Callable[[str], Any], str], Any]:
    """Runs a request inside a savepoint that is rolled back: what it changes is undone."""

    def run(send: Callable[[str], Any], url: str) -> Any:
        with transaction.atomic():
            response = send(url)
            transaction.set_rollback(True)
        return response

    return run


def persona_client(persona: Persona, personas: Personas) -> Client:
    if persona.provider == "own":
        return login(personas.owner, language="pl")
    if persona.provider == "other":
        return login(personas.outsider, language="pl")
    return login(user_make(*persona.roles), language="pl")


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_every_persona_gets_exactly_the_pages_the_matrix_gives_it(
    personas: Personas, objects: dict[str, Any], rolled_back: Any, persona: Persona
) -> None:
    client = persona_client(persona, personas)
    got: dict[str, int | str] = {}
    wanted: dict[str, int | str] = {}
    for name, need in STAFF_PAGES.items():
        status = client.get(url_for(name, need.kind, objects)).status_code
        got[name] = ALLOWED if status == 200 else status
        wanted[name] = expected(need, persona)
    for name, need in STAFF_ACTIONS.items():
        response = rolled_back(client.post, url_for(name, need.kind, objects))
        got[f"POST {name}"] = outcome(response.status_code)
        wanted[f"POST {name}"] = expected(need, persona)
    wrong = {
        name: f"got {got[name]}, want {wanted[name]}" for name in got if got[name] != wanted[name]
    }
    assert not wrong, f"{persona.name}: {wrong}"


def test_anonymous_visitors_are_sent_to_log_in_from_every_staff_page_and_action(
    client: Client, objects: dict[str, Any]
) -> None:
    login_url = reverse("core:login")
    wrong: dict[str, str] = {}
    for name, need in STAFF_PAGES.items():
        response = client.get(url_for(name, need.kind, objects))
        if response.status_code != 302 or not response["Location"].startswith(login_url):
            wrong[name] = f"{response.status_code} {response.get('Location', '')}"
    for name, need in STAFF_ACTIONS.items():
        url = url_for(name, need.kind, objects)
        response = client.post(url)
        if response.status_code != 302 or not response["Location"].startswith(login_url):
            wrong[f"POST {name}"] = f"{response.status_code} {response.get('Location', '')}"
        if (status := client.get(url).status_code) != 405:
            wrong[f"GET {name}"] = f"{status}, want 405: the action takes a POST only"
    assert not wrong, wrong


@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
def test_public_pages_need_no_login(client: Client, objects: dict[str, Any], name: str) -> None:
    kind, status = PUBLIC_PAGES[name]
    assert client.get(url_for(name, kind, objects)).status_code == status
