"""The plan on paper (issue 10, item 7): a version as a tagged PDF (PDF/UA-1) in plain words,
for the person to read and sign, in their language; downloaded only by those who may see the
plan, each download recorded in the audit log."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.people.models import Language
from opencus.plans.documents import plan_html, plan_language, plan_pdf, plan_pdf_filename
from opencus.plans.models import PlanVersion
from tests.personas import login, user_make
from tests.plans import factories
from tests.plans.plan_rows import approve, coordinator_make, plan_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def poppler(tool: str, pdf: bytes, tmp_path: Path) -> str:
    target = tmp_path / "plan.pdf"
    target.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [tool, *(["-enc", "UTF-8"] if tool == "pdftotext" else []), str(target)]
        + (["-"] if tool == "pdftotext" else []),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def flat(text: str) -> str:
    """The PDF's text with its lines joined (a long sentence wraps)."""
    return " ".join(text.split())


@pytest.fixture
def coordinator() -> Any:
    return coordinator_make()


@pytest.fixture
def version(coordinator: Any) -> PlanVersion:
    plan = plan_make(coordinator=coordinator)
    director = user_make(Role.DIRECTOR)
    director.first_name, director.last_name = "Dorota", "Dyrektorka"
    director.save()
    return approve(plan.versions.get(), by=director)


def test_the_plan_is_a_tagged_pdf_with_the_person_s_plan_in_plain_words(version, tmp_path):
    pdf = plan_pdf(version, "en")
    assert pdf.startswith(b"%PDF")

    info = poppler("pdfinfo", pdf, tmp_path)
    assert "Tagged:          yes" in info
    assert f"Title:           Individual plan {version.plan.reference}, version 1" in info
    fonts = poppler("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts

    text = flat(poppler("pdftotext", pdf, tmp_path))
    assert "This plan is for: Łucja Żółkiewska" in text
    assert f"Plan number: {version.plan.reference}" in text
    assert "Version: 1" in text
    assert "The plan runs: from 02.03.2026 to 31.12.2026" in text
    assert "What is this plan?" in text and "What happens next?" in text
    assert "Pani Łucja mieszka sama, po udarze chodzi o kulach." in text
    # Goals with how we will know, services with who, how often, from–to.
    assert "Samodzielne wyjścia do sklepu" in text
    assert "How we will know: Dwa razy w tygodniu robi zakupy sama" in text
    assert "By when: 30.09.2026" in text
    assert "Asystencja osobista" in text
    assert "Who gives it: Centrum Usług Społecznych" in text
    assert "How often: 4 × hour / week" in text
    assert "When: from 02.03.2026 to 31.12.2026" in text
    # The person's commitments, the people involved with contacts, the review dates.
    assert "Codziennie ćwiczę według zaleceń rehabilitanta" in text
    assert "Marek Żółkiewski – syn, robi większe zakupy Contact: 600 100 200" in text
    assert "01.06.2026" in text
    # The coordinator, the centre, and the lines to sign.
    assert "Your coordinator: Celina Koordynatorka" in text
    assert f"Phone {settings.OPENCUS_CONTACT_PHONE}" in text
    assert "You agreed to this plan on 02.03.2026 (ustnie, w domu)." in text
    assert "Date and signature of Łucja Żółkiewska" in text
    assert "by Dorota Dyrektorka" in text
    assert "Date and signature of the person approving the plan" in text


def test_a_draft_says_it_is_not_approved_and_a_signature_shows_when_recorded(coordinator):
    plan = plan_make(coordinator=coordinator)
    draft = plan.versions.get()
    html = plan_html(draft, "en")
    assert "This is a draft. It is not approved yet, so it may still change." in html
    assert "approved on" not in html

    approved = approve(draft, by=user_make(Role.DIRECTOR))
    approved.signed_on = approved.starts_on
    approved.save()
    assert "Signed on paper on 02.03.2026." in plan_html(approved, "en")


def test_what_the_coordinator_wrote_is_escaped(coordinator):
    plan = plan_make(coordinator=coordinator)
    draft = plan.versions.get()
    draft.goals.filter(position=1).update(description="<b>Wyjścia</b> & zakupy")
    html = plan_html(draft, "en")
    assert "<b>Wyjścia</b>" not in html
    assert "&lt;b&gt;Wyjścia&lt;/b&gt; &amp; zakupy" in html


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_the_plan_is_printed_in_the_person_s_language(coordinator, language):
    plan = plan_make(coordinator=coordinator)
    plan.person.preferred_language = language
    plan.person.save()
    version = plan.versions.get()
    assert plan_language(version) == language
    assert f'<html lang="{language}">' in plan_html(version, plan_language(version))
    # Asked for another language of the interface, it is printed in that one.
    assert plan_language(version, "uk") == "uk"
    assert plan_language(version, "xx") == language


def test_the_unit_and_period_follow_the_language(version):
    """The form's own words are translated (the Polish catalogue has the units and periods);
    what the coordinator wrote stays as written."""
    html = plan_html(version, "pl")
    assert '<html lang="pl">' in html
    assert "4 × godzina / tydzień" in html
    assert "Samodzielne wyjścia do sklepu" in html


def test_the_file_name_is_safe(version):
    version.plan.reference = 'IPUS/2026/"7"; x'
    assert plan_pdf_filename(version) == "plan-IPUS-2026-7-x-v1.pdf"


# --- The download ----------------------------------------------------------------------------


def download(user: Any, version: PlanVersion, **params: str) -> Any:
    return login(user).get(reverse("plans:pdf", args=[version.uuid]), params)


def test_the_coordinator_downloads_the_plan_and_the_reading_is_audited(version, coordinator):
    before = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).count()

    response = download(coordinator, version)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{plan_pdf_filename(version)}"'
    )
    assert "/" not in plan_pdf_filename(version)
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).latest("id")
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).count() == before + 1
    assert event.actor == coordinator
    assert event.object_id == str(version.pk)
    assert event.changes == {"read": "plan_pdf", "language": "pl"}


def test_the_download_is_in_the_person_s_language_or_the_one_asked_for(version, coordinator):
    version.plan.person.preferred_language = Language.UKRAINIAN
    version.plan.person.save()
    download(coordinator, version)
    assert AuditEvent.objects.latest("id").changes["language"] == "uk"
    download(coordinator, version, language="en")
    assert AuditEvent.objects.latest("id").changes["language"] == "en"
    download(coordinator, version, language="<script>")
    assert AuditEvent.objects.latest("id").changes["language"] == "uk"


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.SERVICE_ORGANISER])
def test_the_director_and_the_organisers_may_download_every_plan(version, role):
    assert download(user_make(role), version).status_code == 200


def test_a_colleague_coordinator_gets_a_404_and_nothing_is_audited(version):
    """A coordinator who neither coordinates the plan nor is named in it cannot tell that
    it exists."""
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE)
    before = reads.count()
    assert download(coordinator_make("Kamila", "Koleżanka"), version).status_code == 404
    assert reads.count() == before


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.PROVIDER_STAFF, Role.CLIENT_OFFICE, Role.AUDITOR]
)
def test_an_outsider_is_refused_and_nothing_is_audited(version, role):
    """The roles that see no individual plans at all are refused, as on every plan page."""
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE)
    before = reads.count()
    assert download(user_make(role), version).status_code == 403
    assert reads.count() == before


def test_a_staff_member_named_in_the_plan_may_download_it(version):
    named = coordinator_make("Nina", "Nazwana")
    version.participants.filter(kind="family").update(kind="staff", user=named, name="")
    assert download(named, version).status_code == 200


def test_a_user_with_no_role_is_refused_and_a_visitor_sent_to_log_in(version):
    assert download(user_make(), version).status_code == 403
    response = Client().get(reverse("plans:pdf", args=[version.uuid]))
    assert response.status_code == 302


def test_an_unknown_version_is_a_404(coordinator):
    assert download(coordinator, PlanVersion(uuid=uuid.uuid4())).status_code == 404


def test_a_plan_written_through_the_services_prints_its_content():
    plan = factories.plan_active()
    version = plan.current_version
    assert version is not None
    html = plan_html(version, "en")
    assert "Samodzielne robienie zakupów raz w tygodniu." in html
    assert "Pani Anna sama robi zakupy co tydzień przez miesiąc." in html
    for planned in version.planned_services.select_related("service"):
        assert planned.service.name in html
        assert planned.scope in html
    assert "This plan was approved on" in html
