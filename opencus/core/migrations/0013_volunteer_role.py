"""Volunteers get a role of their own: they log their hours and see only their own profile,
agreements, assignments and hours (``volunteering``)."""

from django.db import migrations


def create_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="volunteer")


class Migration(migrations.Migration):
    dependencies = [("core", "0012_visiting_staff_role")]
    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]
