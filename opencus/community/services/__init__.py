"""Every change of community organising: one service per change, keyword-only, atomic, with
the acting user and an audit row. A refusal raises a ``CommunityError`` and changes nothing.

One module per topic; every public name is importable from here:

- ``communities``: the profile, streets, resource map and the OSL team;
- ``plans``: the yearly OSL plans and their versions;
- ``events``: events, their named participants and photos;
- ``groups``: local leaders, groups and residents' initiatives;
- ``consultations``: consultations, who took part, opinions and requests;
- ``council``: the seniors' council, its terms, members and opinions;
- ``survey``: the sense-of-influence survey;
- ``common``: the helpers the topics share.
"""

from __future__ import annotations

from opencus.community.services.communities import (
    CommunityData,
    community_save,
    resource_add,
    street_add,
    team_assign,
    team_end,
)
from opencus.community.services.consultations import (
    consultation_create,
    consultation_entry_add,
    consultation_participant_add,
)
from opencus.community.services.council import (
    council_create,
    council_member_add,
    council_opinion_add,
    council_term_add,
)
from opencus.community.services.events import (
    MAX_HEADCOUNT,
    PHOTO_KINDS,
    PHOTO_MAX_BYTES,
    EventData,
    event_cancel,
    event_log,
    event_participant_add,
    event_photo_add,
    event_record,
)
from opencus.community.services.groups import group_add, group_end, initiative_add, leader_add
from opencus.community.services.plans import MAX_BUDGET, PlanContent, plan_save
from opencus.community.services.survey import survey_create, survey_response_add

__all__ = [
    "CommunityData",
    "EventData",
    "MAX_BUDGET",
    "MAX_HEADCOUNT",
    "PHOTO_KINDS",
    "PHOTO_MAX_BYTES",
    "PlanContent",
    "community_save",
    "consultation_create",
    "consultation_entry_add",
    "consultation_participant_add",
    "council_create",
    "council_member_add",
    "council_opinion_add",
    "council_term_add",
    "event_cancel",
    "event_log",
    "event_participant_add",
    "event_photo_add",
    "event_record",
    "group_add",
    "group_end",
    "initiative_add",
    "leader_add",
    "plan_save",
    "resource_add",
    "street_add",
    "survey_create",
    "survey_response_add",
    "team_assign",
    "team_end",
]
