from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from apps.municipalities.models import Municipality
from apps.portal.demo import load_demo


class Command(BaseCommand):
    help = (
        "Loads the seed data (what the two source documents say) into an empty database and makes sure a "
        "secretariat login exists; with --demo also the demonstration data, never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin-user", default="")
        parser.add_argument("--admin-password", default="")
        parser.add_argument(
            "--demo", action="store_true",
            help="Also load demonstration data (people, venues, agendas, goals, key figures and meetings of this "
                 "year and the next); every public page then says so in a banner. Not for production.",
        )

    def handle(self, *args, admin_user, admin_password, demo, **options):
        if Municipality.objects.exists():
            self.stdout.write("The database already holds data; the seed data was not loaded again.")
        else:
            call_command("loaddata", "seed", verbosity=0)
            self.stdout.write(self.style.SUCCESS("Loaded the seed data."))
        if demo:
            if load_demo():
                self.stdout.write(self.style.SUCCESS("Loaded the demonstration data."))
            else:
                self.stdout.write("The demonstration data is loaded already.")
        if admin_user:
            user, _created = get_user_model().objects.get_or_create(username=admin_user)
            user.is_staff = user.is_superuser = True
            user.set_password(admin_password)
            user.save()
