"""The pages of the volunteer centre: the coordinator's volunteers, agreements, needs and
matching, hours to confirm and certificates; the volunteer's own phone pages (my assignments,
log hours, ask for a certificate).

Plain forms and post/redirect/get: every page works without JavaScript and at 320 px. A
refusal of a service shows in the form's error summary (or as a message after a button),
nothing changed. What a role may not see is a 404 (``visible_to``).

One module per group of pages, every view importable from here (``urls`` uses them):
``volunteers``, ``records`` (agreements and a volunteer's records), ``needs`` (and
matching), ``assignments`` (and hours), ``papers`` (certificates and opinions), ``own`` (the
volunteer's own page); ``common`` holds what they share.
"""

from opencus.volunteering.views.assignments import (
    assignment_cancel,
    assignment_complete,
    assignment_detail,
    assignment_withdraw,
    hours_confirm,
    hours_correct,
    hours_list,
    hours_reject,
)
from opencus.volunteering.views.common import (
    checks_required,
    manager_required,
    need_required,
    papers_required,
    self_required,
)
from opencus.volunteering.views.needs import (
    need_assign,
    need_close,
    need_create,
    need_detail,
    need_list,
)
from opencus.volunteering.views.own import mine
from opencus.volunteering.views.papers import (
    document_issue,
    document_list,
    document_pdf,
)
from opencus.volunteering.views.records import (
    agreement_confirm,
    agreement_create,
    agreement_end,
    agreement_pdf,
    briefing_create,
    claim_create,
    offer_create,
    policy_create,
    waiver_create,
)
from opencus.volunteering.views.volunteers import (
    volunteer_checks,
    volunteer_create,
    volunteer_detail,
    volunteer_edit,
    volunteer_list,
)

__all__ = [
    "agreement_confirm",
    "agreement_create",
    "agreement_end",
    "agreement_pdf",
    "assignment_cancel",
    "assignment_complete",
    "assignment_detail",
    "assignment_withdraw",
    "briefing_create",
    "checks_required",
    "claim_create",
    "document_issue",
    "document_list",
    "document_pdf",
    "hours_confirm",
    "hours_correct",
    "hours_list",
    "hours_reject",
    "manager_required",
    "mine",
    "need_assign",
    "need_close",
    "need_create",
    "need_detail",
    "need_list",
    "need_required",
    "offer_create",
    "papers_required",
    "policy_create",
    "self_required",
    "volunteer_checks",
    "volunteer_create",
    "volunteer_detail",
    "volunteer_edit",
    "volunteer_list",
    "waiver_create",
]
