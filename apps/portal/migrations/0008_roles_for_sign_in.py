"""The administrators' permissions on the sign-in records: the failed and successful logins that django-axes keeps
(so that an administrator can see who was locked out and unlock them) and the two-factor devices of django-otp.
Nobody else needs them: each person sets up their own authenticator app on a page of its own."""

import importlib

from django.db import migrations

roles = importlib.import_module("apps.portal.migrations.0001_roles")


def give_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    roles.make_sure_permissions_exist(apps)
    administrators, _ = Group.objects.get_or_create(name=roles.ADMINISTRATORS)
    administrators.permissions.add(*Permission.objects.filter(content_type__app_label__in=["axes", "otp_totp"]))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_roles_for_the_follow_up"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(give_permissions, migrations.RunPython.noop)]
