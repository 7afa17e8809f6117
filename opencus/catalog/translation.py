"""Which catalogue texts have Ukrainian and English versions (django-modeltranslation).

Each registered field gets a column per language (``name_pl``, ``name_uk``, ``name_en``); the
plain field name reads the active language's text and falls back to Polish when it is empty
(``MODELTRANSLATION_FALLBACK_LANGUAGES``). The service organiser fills them in on the staff
pages: the card's edit page, and the texts pages of programmes and places.
"""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from opencus.catalog.models import Location, Programme, ProgrammeService

#: The texts a resident reads on a service card.
SERVICE_TEXT_FIELDS = (
    "name",
    "summary",
    "description",
    "target_group_description",
    "fee_description",
    "how_to_apply",
    "documents",
)
PROGRAMME_TEXT_FIELDS = ("name", "description")
LOCATION_TEXT_FIELDS = ("name", "description", "accessibility")


@register(ProgrammeService)
class ProgrammeServiceTranslation(TranslationOptions):
    fields = SERVICE_TEXT_FIELDS
    # Polish is the text of record: the card cannot be saved without it.
    required_languages = {"pl": ("name", "summary", "description")}


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = PROGRAMME_TEXT_FIELDS
    required_languages = {"pl": ("name",)}


@register(Location)
class LocationTranslation(TranslationOptions):
    fields = LOCATION_TEXT_FIELDS
    required_languages = {"pl": ("name",)}
