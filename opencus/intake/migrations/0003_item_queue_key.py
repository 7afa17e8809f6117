"""The queue key of requested services: the filing time, re-dealt by a lottery round's draw."""

from django.db import migrations, models
from django.db.models import F


def copy_filing_time(apps, schema_editor):
    ApplicationItem = apps.get_model("intake", "ApplicationItem")
    ApplicationItem.objects.update(queue_key=F("filed_at"))


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_rounds_demand_referrals")]

    operations = [
        migrations.AddField(
            model_name="applicationitem",
            name="queue_key",
            field=models.DateTimeField(null=True, verbose_name="place in the queue"),
        ),
        migrations.RunPython(copy_filing_time, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="applicationitem",
            name="queue_key",
            field=models.DateTimeField(verbose_name="place in the queue"),
        ),
        migrations.RemoveIndex(model_name="applicationitem", name="item_queue_idx"),
        migrations.AddIndex(
            model_name="applicationitem",
            index=models.Index(
                fields=["service", "state", "queue_key", "id"], name="item_queue_idx"
            ),
        ),
    ]
