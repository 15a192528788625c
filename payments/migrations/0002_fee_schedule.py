"""Seeds the fee schedule known at launch (`payments.fee_schedule`)."""

from django.db import migrations

from payments.fee_schedule import SOURCE, rows


def load(apps, schema_editor):
    FeeRate = apps.get_model("payments", "FeeRate")
    FeeRate.objects.bulk_create(rows(FeeRate))


def unload(apps, schema_editor):
    apps.get_model("payments", "FeeRate").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
