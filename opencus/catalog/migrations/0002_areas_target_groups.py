"""The 14 statutory areas of social services (art. 2 of the CUS act) and the target groups."""

from django.db import migrations

AREAS = [
    (1, "family-policy", "family policy"),
    (2, "family-support", "family support"),
    (3, "foster-care", "foster care"),
    (4, "social-assistance", "social assistance"),
    (5, "health", "health promotion and protection"),
    (6, "disability", "support for people with disabilities"),
    (7, "education", "public education"),
    (8, "unemployment", "counteracting unemployment"),
    (9, "culture", "culture"),
    (10, "sport-tourism", "physical culture and tourism"),
    (11, "civic-activity", "civic activity"),
    (12, "housing", "housing"),
    (13, "environment", "environmental protection"),
    (14, "reintegration", "vocational and social reintegration"),
]

TARGET_GROUPS = [
    ("seniors", "seniors"),
    ("disabled", "people with disabilities"),
    ("families", "families with children"),
    ("children-youth", "children and young people"),
    ("unemployed", "people out of work"),
    ("refugees", "refugees and migrants"),
    ("carers", "carers"),
    ("all-residents", "all residents"),
]


def create(apps, schema_editor):
    Area = apps.get_model("catalog", "Area")
    TargetGroup = apps.get_model("catalog", "TargetGroup")
    for code, slug, name in AREAS:
        Area.objects.update_or_create(code=code, defaults={"slug": slug, "name": name})
    for order, (slug, name) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
