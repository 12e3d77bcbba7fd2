from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from apps.municipalities.models import Municipality


class Command(BaseCommand):
    help = "Loads the seed data into an empty database and makes sure a secretariat login exists."

    def add_arguments(self, parser):
        parser.add_argument("--admin-user", default="")
        parser.add_argument("--admin-password", default="")

    def handle(self, *args, admin_user, admin_password, **options):
        if Municipality.objects.exists():
            self.stdout.write("The database already holds data; the seed data was not loaded again.")
        else:
            call_command("loaddata", "seed", verbosity=0)
            self.stdout.write(self.style.SUCCESS("Loaded the seed data."))
        if admin_user:
            user, _created = get_user_model().objects.get_or_create(username=admin_user)
            user.is_staff = user.is_superuser = True
            user.set_password(admin_password)
            user.save()
