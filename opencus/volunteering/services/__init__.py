"""The volunteer centre's state changes: one ``@transaction.atomic`` function per step, each
writing its audit row (and its transition row for a lifecycle), each refusal a
``VolunteeringError`` that changes nothing.

The rules (the act of 24 April 2003, art. 42–46; the act of 13 May 2016; domain-services §2):

- an agreement over 30 days is written; 30 days or fewer may be oral (and is confirmed in
  writing on request); an open-ended one is written too (it may last over 30 days);
- the volunteer's age on the agreement's start decides the party: under 13 the legal
  representative, 13–17 the volunteer with the representative's written consent, 18 and over
  the volunteer;
- before the first assignment: the health-and-safety briefing, and the accident insurance for
  an agreement of 30 days or fewer or open-ended; for work with children, the sex-offender
  register check and the criminal-record certificate, clear and not older than the centre's
  ``VOLUNTEERING_CHECK_MONTHS`` (12);
- hours are logged by the volunteer (or the coordinator for them) on a day of an agreement in
  force and not in the future, and confirmed by the coordinator, never by the volunteer whose
  hours they are; confirmed hours of help to a person go into the delivery ledger once;
- travel costs are reimbursed, or waived in writing only;
- a volunteer withdraws from an assignment at least 2 days before it starts (centre practice).

One module per topic, every service importable from here: ``volunteers`` (a volunteer and
their records), ``agreements``, ``needs`` (needs and assignments), ``hours`` (and the
ledger), ``certificates``; ``common`` holds what several of them use.
"""

from opencus.volunteering.services.agreements import (
    ADULT_AGE,
    CONSENT_AGE,
    AgreementData,
    agreement_conclude,
    agreement_confirmation_request,
    agreement_end,
    agreement_party,
)
from opencus.volunteering.services.certificates import (
    document_issue,
    document_request,
)
from opencus.volunteering.services.common import (
    HELP_SERVICE,
    help_entitlement,
    help_service_slug,
)
from opencus.volunteering.services.hours import (
    hours_confirm,
    hours_correct,
    hours_log,
    hours_reject,
)
from opencus.volunteering.services.needs import (
    WITHDRAW_DAYS,
    NeedData,
    assignment_cancel,
    assignment_complete,
    assignment_create,
    assignment_withdraw,
    need_close,
    need_create,
)
from opencus.volunteering.services.volunteers import (
    VolunteerData,
    briefing_record,
    check_record,
    insurance_record,
    offer_record,
    travel_claim_record,
    volunteer_save,
    waiver_record,
)

__all__ = [
    "ADULT_AGE",
    "AgreementData",
    "CONSENT_AGE",
    "HELP_SERVICE",
    "NeedData",
    "VolunteerData",
    "WITHDRAW_DAYS",
    "agreement_conclude",
    "agreement_confirmation_request",
    "agreement_end",
    "agreement_party",
    "assignment_cancel",
    "assignment_complete",
    "assignment_create",
    "assignment_withdraw",
    "briefing_record",
    "check_record",
    "document_issue",
    "document_request",
    "help_entitlement",
    "help_service_slug",
    "hours_confirm",
    "hours_correct",
    "hours_log",
    "hours_reject",
    "insurance_record",
    "need_close",
    "need_create",
    "offer_record",
    "travel_claim_record",
    "volunteer_save",
    "waiver_record",
]
