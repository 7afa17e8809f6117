"""The home-visit staff (the mobile physiotherapist, the nurse, the handyman) get a role of their
own: they see only their own visits (``visits``)."""

from django.db import migrations


def create_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="visiting_staff")


class Migration(migrations.Migration):
    dependencies = [("core", "0011_calendar_feed")]
    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]
