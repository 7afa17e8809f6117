"""The sense-of-influence survey: rounds and anonymous paper responses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from opencus.community.errors import RecordError
from opencus.community.models import SURVEY_QUESTIONS, Community, Survey, SurveyResponse
from opencus.community.services.common import not_future
from opencus.core.audit import audit_record
from opencus.core.models import AuditAction


@transaction.atomic
def survey_create(
    *, community: Community, title: str, held_on: dt.date, acting_user: Any
) -> Survey:
    title = " ".join(title.split())
    if not title:
        raise RecordError({"title": _("Enter the survey's title.")}, code="title")
    not_future(held_on, "held_on")
    survey = Survey.objects.create(community=community, title=title, held_on=held_on)
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=survey,
        changes={"community": community.pk, "held_on": held_on.isoformat()},
    )
    return survey


@transaction.atomic
def survey_response_add(
    *, survey: Survey, answers: dict[str, int | None], acting_user: Any
) -> SurveyResponse:
    """Enter one anonymous paper response: each answer from 1 to 5 or left blank, at least one
    answered."""
    keys = [key for key, _label in SURVEY_QUESTIONS]
    clean: dict[str, int | None] = {}
    for key in keys:
        value = answers.get(key)
        if value is not None and (not isinstance(value, int) or not 1 <= value <= 5):
            raise RecordError({key: _("Choose an answer from 1 to 5.")}, code="likert")
        clean[key] = value
    if all(value is None for value in clean.values()):
        raise RecordError(_("The response has no answer; enter at least one."), code="empty")
    response = SurveyResponse.objects.create(survey=survey, **clean)
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=response,
        label=str(survey),
        changes={"survey": survey.pk},
    )
    return response
