"""The 14 statutory areas and the target groups, put in place after every ``migrate`` and
``flush`` like core's reference rows (``opencus.core.reference``): their lists stay where the
data migration that first created them has them."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps

#: The data migration with the lists.
AREA_LISTS = "opencus.catalog.migrations.0002_areas_target_groups"


def ensure_areas_and_target_groups(
    *, apps: Apps = global_apps, using: str = "default", **_: Any
) -> None:
    try:
        area = apps.get_model("catalog", "Area")
        target_group = apps.get_model("catalog", "TargetGroup")
    except LookupError:  # before the catalogue's first migration
        return
    lists = importlib.import_module(AREA_LISTS)
    have = set(area.objects.using(using).values_list("code", flat=True))
    area.objects.using(using).bulk_create(
        [
            area(code=code, slug=slug, name=name)
            for code, slug, name in lists.AREAS
            if code not in have
        ]
    )
    have_groups = set(target_group.objects.using(using).values_list("slug", flat=True))
    target_group.objects.using(using).bulk_create(
        [
            target_group(slug=slug, name=name, order=order)
            for order, (slug, name) in enumerate(lists.TARGET_GROUPS)
            if slug not in have_groups
        ]
    )
