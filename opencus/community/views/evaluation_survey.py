"""The evaluation with its tables, charts and export, and the sense-of-influence survey."""

from __future__ import annotations

import io
import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from opencus.community import selectors, services
from opencus.community.exports import evaluation_workbook
from opencus.community.forms import ResponseForm, SurveyForm
from opencus.community.models import SURVEY_QUESTIONS, Community, Survey
from opencus.community.views.common import (
    community_or_404,
    form_page,
    record_required,
    view_required,
    year_or_404,
)
from opencus.core.errors import DomainError
from opencus.core.forms import form_add_domain_error


@view_required
def evaluation(request: HttpRequest, uuid: uuid.UUID, year: int) -> HttpResponse:
    """GET …/spolecznosci/<uuid>/ewaluacja/<year>/: the indicators per quarter and year, as
    tables (the truth) with charts drawn from them."""
    community = community_or_404(request, uuid)
    result = selectors.evaluation(community, year_or_404(year))
    charts = []
    for row in result.rows:
        values = [v or 0 for v in row.values[:4]]
        top = max([*values, row.target or 0, 1])
        charts.append(
            {
                "label": row.label,
                "bars": [
                    {
                        "label": period.label,
                        "value": value,
                        "width": round(value * 240 / top),
                        "y": 8 + index * 28,
                    }
                    for index, (period, value) in enumerate(
                        zip(result.periods[:4], values, strict=True)
                    )
                ],
            }
        )
    return render(
        request,
        "community/evaluation.html",
        {
            "community": community,
            "year": year,
            "result": result,
            "charts": charts,
            "influence": list(
                zip(result.periods, result.influence, result.influence_count, strict=True)
            ),
            "previous": year - 1,
            "next": year + 1,
        },
    )


@view_required
def evaluation_export(request: HttpRequest, uuid: uuid.UUID, year: int) -> HttpResponse:
    """GET …/spolecznosci/<uuid>/ewaluacja/<year>/xlsx/: the same tables as a spreadsheet."""
    community = community_or_404(request, uuid)
    result = selectors.evaluation(community, year_or_404(year))
    buffer = io.BytesIO()
    evaluation_workbook(result).save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ewaluacja-osl-{year}.xlsx"'
    return response


@record_required
def survey_create(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/<uuid>/ankieta/: open a round of the survey."""
    community = community_or_404(request, uuid)
    form = SurveyForm(
        request.POST or None,
        initial={"held_on": selectors.today(), "title": _("Sense of influence")},
    )
    return form_page(
        request,
        form,
        title=_("Sense-of-influence survey"),
        caption=community.name,
        back=reverse("community:detail", args=[community.uuid]),
        save=lambda d: services.survey_create(community=community, acting_user=request.user, **d),
        success=_("The survey is opened; enter the paper responses."),
        then=lambda s: reverse("community:survey", args=[s.uuid]),
    )


@record_required
def survey_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/ankiety/<uuid>/: enter paper responses one by one; the
    answers so far, counted (never one response shown alone)."""
    survey = get_object_or_404(
        Survey.objects.filter(community__in=Community.objects.visible_to(request.user)),
        uuid=uuid,
    )
    form = ResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_response_add(
                survey=survey, answers=form.answers(), acting_user=request.user
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The response is entered."))
            return redirect("community:survey", survey.uuid)
    responses = list(survey.responses.values_list(*[k for k, _l in SURVEY_QUESTIONS]))
    summary = []
    for index, (_key, label) in enumerate(SURVEY_QUESTIONS):
        answers = [r[index] for r in responses if r[index] is not None]
        summary.append(
            {
                "label": label,
                "count": len(answers),
                "mean": round(sum(answers) / len(answers), 2) if answers else None,
            }
        )
    return render(
        request,
        "community/survey_detail.html",
        {"survey": survey, "form": form, "count": len(responses), "summary": summary},
    )
