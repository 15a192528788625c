from django.core.management.base import BaseCommand

from portal.cases.groups import setup_groups


class Command(BaseCommand):
    help = "Create or update the reviewer and lead groups of each agency (idempotent)."

    def handle(self, *args, **options):
        for name, group in setup_groups().items():
            if options["verbosity"] >= 1:
                self.stdout.write(f"{name}: {group.permissions.count()} permissions")
