"""Marks the English names stored by the data migration for translation (the rows keep the
English msgid; ``str(_(area.name))`` shows it in the reader's language)."""

from django.utils.translation import gettext_noop as _

AREA_NAMES = [
    _("family policy"),
    _("family support"),
    _("foster care"),
    _("social assistance"),
    _("health promotion and protection"),
    _("support for people with disabilities"),
    _("public education"),
    _("counteracting unemployment"),
    _("culture"),
    _("physical culture and tourism"),
    _("civic activity"),
    _("housing"),
    _("environmental protection"),
    _("vocational and social reintegration"),
]
TARGET_GROUP_NAMES = [
    _("seniors"),
    _("people with disabilities"),
    _("families with children"),
    _("children and young people"),
    _("people out of work"),
    _("refugees and migrants"),
    _("carers"),
    _("all residents"),
]
