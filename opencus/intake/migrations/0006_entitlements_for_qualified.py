"""Requests qualified before entitlements existed get one: units from the service's limits, from
the day they were qualified to the programme's end, provider to be chosen by the organiser."""

from django.db import migrations


def grant(apps, schema_editor):
    ApplicationItem = apps.get_model("intake", "ApplicationItem")
    Entitlement = apps.get_model("intake", "Entitlement")
    ServiceLimit = apps.get_model("catalog", "ServiceLimit")
    limits: dict[int, list[dict]] = {}
    for limit in ServiceLimit.objects.order_by("id"):
        limits.setdefault(limit.service_id, []).append(
            {"units": limit.units, "unit": limit.unit, "period": limit.period}
        )
    items = ApplicationItem.objects.filter(state="qualified", entitlement__isnull=True)
    Entitlement.objects.bulk_create(
        Entitlement(
            item=item,
            person_id=item.person_id,
            service_id=item.service_id,
            allowances=limits.get(item.service_id, []),
            starts_on=item.state_changed_at.date(),
            ends_on=None,
        )
        for item in items.select_related("service__programme")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0005_entitlements"),
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
