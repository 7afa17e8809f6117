"""Create the staff roles of design.md as Django groups."""

from django.db import migrations

ROLES = [
    "director",
    "service_organiser",
    "coordinator",
    "social_worker",
    "client_office",
    "dispatcher",
    "community_organiser",
    "animator",
    "volunteer_coordinator",
    "provider_staff",
    "auditor",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
