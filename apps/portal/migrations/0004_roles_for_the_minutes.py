"""The roles' permissions again, now over the minutes' models too (minutes, paragraphs, attendance, adjusters,
§ numbers, assignments): the secretariat may do everything with them, officials may view them."""

import importlib

from django.db import migrations

roles = importlib.import_module("apps.portal.migrations.0001_roles")


def create_roles(apps, schema_editor):
    roles.create_roles(apps, schema_editor, app_labels=[*roles.PORTAL_APPS, "notices", "minutes"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_demo_data"),
        ("minutes", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
