"""Reference rows the software needs in every database: a group per staff role (``Role``) and
the default wording of every letter in each language.

They are put in place after every ``migrate`` and every ``flush`` (Django's ``post_migrate``
signal, as Django does for permissions and content types), so a database built straight from
the models (the SQLite test runs: ``settings.DATABASES[...]["TEST"]["MIGRATE"]``) has them,
and so does one a transactional test has emptied. Only missing rows are added: a letter an
organiser has reworded is left as it is. The data migrations that first created them stay as
the history of existing databases; a new role needs no migration of its own any more.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps

from opencus.core.roles import Role

#: The migration that holds the current default letters (Polish, Ukrainian, English).
LETTER_DEFAULTS = "opencus.core.migrations.0008_letters_by_sex_and_language"


def _model(apps: Apps, label: str) -> Any:
    """The model as the database has it now, or None before its migration has run."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def ensure_reference_rows(*, apps: Apps = global_apps, using: str = "default", **_: Any) -> None:
    group = _model(apps, "auth.Group")
    if group is not None:
        have = set(group.objects.using(using).values_list("name", flat=True))
        group.objects.using(using).bulk_create(
            [group(name=role.value) for role in Role if role.value not in have]
        )
    template = _model(apps, "core.LetterTemplate")
    if template is not None:
        texts = importlib.import_module(LETTER_DEFAULTS)
        have_letters = set(template.objects.using(using).values_list("kind", "language"))
        template.objects.using(using).bulk_create(
            [
                template(kind=kind, language=language, subject=subject, body=body)
                for language, defaults in (("pl", texts.PL), ("uk", texts.UK), ("en", texts.EN))
                for kind, (subject, body) in defaults.items()
                if (kind, language) not in have_letters
            ]
        )
