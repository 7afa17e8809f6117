"""The senior taxi's drivers get a role of their own: they see only their vehicle's manifest."""

from django.db import migrations


def create_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="driver")


class Migration(migrations.Migration):
    dependencies = [("core", "0009_merge_admin_names_and_letters")]
    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]
