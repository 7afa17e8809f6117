# Enrolment rounds' entries renamed ("rounds" now means home-visit rounds), and the history of
# entitlements: one row per change, filled for the entitlements that exist from what they hold.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def entitlement_history_from_status(apps, schema_editor):
    """Existing entitlements get their history: granted when created; a suspended or ended one
    also the change that brought it there, at the time its status changed."""
    Entitlement = apps.get_model("intake", "Entitlement")
    EntitlementTransition = apps.get_model("intake", "EntitlementTransition")
    rows = []
    for entitlement in Entitlement.objects.order_by("id").iterator():
        rows.append(
            EntitlementTransition(
                entitlement_id=entitlement.pk,
                change="granted",
                from_status="",
                to_status="active",
                provider_id=entitlement.provider_id,
                at=entitlement.created_at,
            )
        )
        if entitlement.status in ("suspended", "ended"):
            rows.append(
                EntitlementTransition(
                    entitlement_id=entitlement.pk,
                    change=entitlement.status,
                    from_status="active",
                    to_status=entitlement.status,
                    at=max(entitlement.status_changed_at, entitlement.created_at),
                    note=entitlement.status_note,
                )
            )
    EntitlementTransition.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0006_entitlements_for_qualified"),
        ("providers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="roundentry", name="round_position_unique"),
        migrations.RenameModel(old_name="RoundEntry", new_name="EnrolmentEntry"),
        migrations.RenameField(
            model_name="enrolmententry", old_name="round", new_name="enrolment_round"
        ),
        migrations.AlterField(
            model_name="enrolmententry",
            name="item",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="enrolment_entry",
                to="intake.applicationitem",
            ),
        ),
        migrations.AlterModelOptions(
            name="enrolmententry",
            options={
                "ordering": ["enrolment_round", "position"],
                "verbose_name": "round entry",
                "verbose_name_plural": "round entries",
            },
        ),
        migrations.AddConstraint(
            model_name="enrolmententry",
            constraint=models.UniqueConstraint(
                fields=("enrolment_round", "position"), name="round_position_unique"
            ),
        ),
        migrations.CreateModel(
            name="EntitlementTransition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("change", models.CharField(choices=[("granted", "granted"), ("provider_assigned", "provider assigned"), ("suspended", "suspended"), ("resumed", "resumed"), ("ended", "ended")], max_length=20, verbose_name="change")),
                ("from_status", models.CharField(blank=True, choices=[("active", "active"), ("suspended", "suspended"), ("ended", "ended")], max_length=10)),
                ("to_status", models.CharField(choices=[("active", "active"), ("suspended", "suspended"), ("ended", "ended")], max_length=10)),
                ("at", models.DateTimeField(verbose_name="time")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="by")),
                ("entitlement", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="transitions", to="intake.entitlement")),
                ("provider", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="providers.provider", verbose_name="provider")),
            ],
            options={
                "verbose_name": "entitlement change",
                "verbose_name_plural": "entitlement changes",
                "ordering": ["at", "id"],
                "indexes": [models.Index(fields=["entitlement", "at"], name="entitlement_history_idx")],
            },
        ),
        migrations.RunPython(entitlement_history_from_status, migrations.RunPython.noop),
    ]
