from django.core.management.base import BaseCommand, CommandError

from payments.models import SimulatedCharge
from payments.simgateway.books import pay_at_store


class Command(BaseCommand):
    help = "Simulated gateway: the payer pays a convenience-store code (sends the callback)."

    def add_arguments(self, parser):
        parser.add_argument("code")

    def handle(self, code, **options):
        charge = SimulatedCharge.objects.filter(store_code=code).first()
        if charge is None:
            raise CommandError(f"no simulated charge with store code {code}")
        charge = pay_at_store(charge)
        self.stdout.write(f"{charge.reference}: {charge.get_status_display()}")
