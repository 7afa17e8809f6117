"""The reference rows (a group per role, the default letters, the statutory areas and target
groups) come back after every migrate and flush (post_migrate), and a reworded letter stays."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal

from opencus.catalog.models import Area, TargetGroup
from opencus.core.models import LetterTemplate
from opencus.core.roles import Role

pytestmark = pytest.mark.django_db


def test_an_emptied_database_gets_its_reference_rows_back_and_a_reworded_letter_stays() -> None:
    kept = LetterTemplate.objects.filter(language="pl").first()
    assert kept is not None
    kept.subject = "Nasze własne brzmienie"
    kept.save(update_fields=["subject"])
    letters = LetterTemplate.objects.count()
    LetterTemplate.objects.exclude(pk=kept.pk).delete()
    Group.objects.all().delete()
    Area.objects.all().delete()
    TargetGroup.objects.all().delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert set(Group.objects.values_list("name", flat=True)) == {role.value for role in Role}
    assert LetterTemplate.objects.count() == letters
    assert {"pl", "uk", "en"} == set(LetterTemplate.objects.values_list("language", flat=True))
    kept.refresh_from_db()
    assert kept.subject == "Nasze własne brzmienie"
    assert Area.objects.count() == 14
    assert TargetGroup.objects.filter(slug="seniors").exists()
