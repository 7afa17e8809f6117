"""The seniors' council's opinions on a programme, for the programme's page (core's
``programme_opinion_source``): anyone who reads the programme reads them; the link to the
council's page only for those who may open it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from opencus.community.capabilities import COMMUNITY_VIEW
from opencus.community.models import CouncilOpinion
from opencus.core.registry import ProgrammeOpinion, programme_opinion_source
from opencus.core.roles import has_capability


def opinions_build(user: Any, programme: Any) -> list[ProgrammeOpinion]:
    linked = has_capability(user, COMMUNITY_VIEW)
    return [
        ProgrammeOpinion(
            author=opinion.council.name,
            given_on=opinion.given_on,
            text=opinion.text,
            reference=opinion.reference,
            url=reverse("community:council", args=[opinion.council.uuid]) if linked else "",
        )
        for opinion in CouncilOpinion.objects.filter(programme=programme).select_related("council")
    ]


def register() -> None:
    programme_opinion_source("council_opinions", opinions_build, app="community")
