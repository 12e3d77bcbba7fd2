"""The roles' permissions again, now over the kallelse's models too (standing items, issued kallelser,
deliveries, replies): the secretariat may do everything with them, officials may view them."""

import importlib

from django.db import migrations

roles = importlib.import_module("apps.portal.migrations.0001_roles")


def create_roles(apps, schema_editor):
    roles.create_roles(apps, schema_editor, app_labels=[*roles.PORTAL_APPS, "notices"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_roles"),
        ("meetings", "0005_kallelse_fields"),
        ("bodies", "0002_kallelse_fields"),
        ("municipalities", "0003_kallelse_fields"),
        ("notices", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
