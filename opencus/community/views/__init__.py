"""The pages of community organising: the communities with their map and resources, the OSL
plans with their versions, events logged from a phone, leaders, groups and initiatives, the
evaluation with its tables, charts and export, consultations and the councils.

Plain forms and post/redirect/get: every page works without JavaScript and at 320 px. A
refusal of a service shows in the form's error summary, nothing changed. What a role may not
see is a 404 (``visible_to``).

One module per topic; every view is importable from here (``urls.py``):

- ``communities``: the communities, streets, resource map and team;
- ``plans``: the yearly OSL plans;
- ``events``: events, participants and photos;
- ``groups``: leaders, groups and initiatives;
- ``evaluation_survey``: the evaluation and the sense-of-influence survey;
- ``consultations``: consultations and the councils;
- ``common``: what the pages share.
"""

from __future__ import annotations

from opencus.community.views.communities import (
    community_create,
    community_detail,
    community_edit,
    community_list,
    resource_add,
    street_add,
    team_add,
    team_end,
)
from opencus.community.views.consultations import (
    consultation_create,
    consultation_detail,
    consultation_entry_add,
    consultation_list,
    consultation_participant_add,
    council_detail,
    council_member_add,
    council_opinion_add,
    council_term_add,
)
from opencus.community.views.evaluation_survey import (
    evaluation,
    evaluation_export,
    survey_create,
    survey_detail,
)
from opencus.community.views.events import (
    event_cancel,
    event_create,
    event_detail,
    event_participant_add,
    event_photo,
    event_photo_add,
    event_record,
)
from opencus.community.views.groups import group_add, group_end, initiative_add, leader_add
from opencus.community.views.plans import plan_detail, plan_edit

__all__ = [
    "community_create",
    "community_detail",
    "community_edit",
    "community_list",
    "consultation_create",
    "consultation_detail",
    "consultation_entry_add",
    "consultation_list",
    "consultation_participant_add",
    "council_detail",
    "council_member_add",
    "council_opinion_add",
    "council_term_add",
    "evaluation",
    "evaluation_export",
    "event_cancel",
    "event_create",
    "event_detail",
    "event_participant_add",
    "event_photo",
    "event_photo_add",
    "event_record",
    "group_add",
    "group_end",
    "initiative_add",
    "leader_add",
    "plan_detail",
    "plan_edit",
    "resource_add",
    "street_add",
    "survey_create",
    "survey_detail",
    "team_add",
    "team_end",
]
