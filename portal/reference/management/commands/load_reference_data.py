from django.core.management.base import BaseCommand

from portal.reference.loaders import load_reference_data


class Command(BaseCommand):
    help = (
        "Load counties, districts, nationalities and NIA service stations from "
        "portal/reference/data/. Safe to run again: names follow the data files, stations that "
        "already exist are left as staff edited them."
    )

    def handle(self, *args, **options):
        for result in load_reference_data():
            self.stdout.write(str(result))
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
