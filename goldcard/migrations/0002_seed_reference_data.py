from django.db import migrations


def seed(apps, schema_editor):
    from goldcard.reference_data import ensure_reference_data

    ensure_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("goldcard", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
