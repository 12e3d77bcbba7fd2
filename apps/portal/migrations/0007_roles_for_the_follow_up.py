"""The roles' permissions on the programme's follow-up (indicator links, progress reports, yearly follow-ups, the
key-figure presentation's texts) and on the key figures' comparison values (the county and the country): the
secretariat may do everything with them, officials may view them, administrators may do everything. Added to what
the groups have, so that the other roles migrations' permissions stay as they are."""

import importlib

from django.db import migrations

roles = importlib.import_module("apps.portal.migrations.0001_roles")

COMPARISON_MODELS = ["comparisonvalue", "historicalcomparisonvalue"]


def give_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    roles.make_sure_permissions_exist(apps)
    new = Permission.objects.filter(content_type__app_label="followup") | Permission.objects.filter(
        content_type__app_label="keyfigures", content_type__model__in=COMPARISON_MODELS
    )
    secretariat, _ = Group.objects.get_or_create(name=roles.SECRETARIAT)
    secretariat.permissions.add(*new)
    officials, _ = Group.objects.get_or_create(name=roles.OFFICIALS)
    officials.permissions.add(*new.filter(codename__startswith="view_"))
    administrators, _ = Group.objects.get_or_create(name=roles.ADMINISTRATORS)
    administrators.permissions.add(*new)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_roles_for_the_contact"),
        ("keyfigures", "0002_comparison_values_and_modified"),
        ("followup", "0001_initial"),
    ]

    operations = [migrations.RunPython(give_permissions, migrations.RunPython.noop)]
