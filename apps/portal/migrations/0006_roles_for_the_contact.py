"""The roles' permissions on the secretariat's contact (and its history): the secretariat may edit it, officials
may view it, administrators may do everything. Added to what the groups have, so that the other roles
migrations' permissions stay as they are."""

import importlib

from django.db import migrations

roles = importlib.import_module("apps.portal.migrations.0001_roles")

MODELS = ["secretariatcontact", "historicalsecretariatcontact"]


def give_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    roles.make_sure_permissions_exist(apps)
    contact = Permission.objects.filter(content_type__app_label="portal", content_type__model__in=MODELS)
    secretariat, _ = Group.objects.get_or_create(name=roles.SECRETARIAT)
    secretariat.permissions.add(*contact)
    officials, _ = Group.objects.get_or_create(name=roles.OFFICIALS)
    officials.permissions.add(*contact.filter(codename__startswith="view_"))
    administrators, _ = Group.objects.get_or_create(name=roles.ADMINISTRATORS)
    administrators.permissions.add(*contact)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_secretariat_contact"),
    ]

    operations = [migrations.RunPython(give_permissions, migrations.RunPython.noop)]
