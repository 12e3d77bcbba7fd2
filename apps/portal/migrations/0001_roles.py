"""The three roles of the portal as groups with their permissions.

- Sekretariatet (secretariat editors): every permission on every model of the portal's areas.
- Kommunala tjänstepersoner (municipal officials): may view everything; may add and change populations and key
  figures and change adoption decisions — of their own municipality only, which the admin enforces through
  each official's OfficialProfile.
- Administratörer: every permission, users and groups included.

A model added later needs a migration that gives its permissions to the groups; tests/admin/test_roles.py
fails until it does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT = "Sekretariatet"
OFFICIALS = "Kommunala tjänstepersoner"
ADMINISTRATORS = "Administratörer"

PORTAL_APPS = ["municipalities", "bodies", "meetings", "programme", "plans", "budgets", "rotations", "keyfigures"]
# Which login belongs to which municipality is the administrators' business.
USER_MANAGEMENT_MODELS = ["officialprofile", "historicalofficialprofile"]
OFFICIALS_MAY_CHANGE = {
    "municipalities": {"population": ["add", "change"]},
    "keyfigures": {"keyfigure": ["add", "change"]},
    "programme": {"adoption": ["change"]},
}


def make_sure_permissions_exist(apps):
    # Permissions are normally made after all migrations have run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor, app_labels=PORTAL_APPS):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    make_sure_permissions_exist(apps)

    portal = Permission.objects.filter(content_type__app_label__in=app_labels).exclude(
        content_type__model__in=USER_MANAGEMENT_MODELS
    )

    secretariat, _ = Group.objects.get_or_create(name=SECRETARIAT)
    secretariat.permissions.set(portal)

    officials, _ = Group.objects.get_or_create(name=OFFICIALS)
    codenames = [permission.codename for permission in portal.filter(codename__startswith="view_")]
    for models in OFFICIALS_MAY_CHANGE.values():
        for model, actions in models.items():
            codenames += [f"{action}_{model}" for action in actions]
    officials.permissions.set(portal.filter(codename__in=codenames))

    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    administrators.permissions.set(Permission.objects.all())


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[SECRETARIAT, OFFICIALS, ADMINISTRATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("sessions", "0001_initial"),
        ("municipalities", "0002_officialprofile"),
        ("bodies", "0001_initial"),
        ("meetings", "0002_document_file_checked"),
        ("programme", "0001_initial"),
        ("plans", "0001_initial"),
        ("budgets", "0001_initial"),
        ("rotations", "0001_initial"),
        ("keyfigures", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
