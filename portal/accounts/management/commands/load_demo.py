from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_accounts
from portal.pages.demo import load_demo_announcements
from portal.watchlist.demo import load_demo_watchlist


class Command(BaseCommand):
    help = "Load reference data, demo announcements and one demo account per role (idempotent)."

    def handle(self, *args, **options):
        call_command("load_reference_data", verbosity=options["verbosity"])
        load_demo_announcements()
        accounts = load_demo_accounts()
        call_command("setup_reviewer_groups", verbosity=0)
        load_demo_watchlist()
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        for account in accounts:
            extra = f" ({account.agency})" if account.agency else ""
            self.stdout.write(f"  {account.role + extra:<16} {account.email}")
        self.stdout.write(
            "Reviewers and the admin also enter a code from an authenticator app set up with "
            f"this key (time-based): {DEMO_TOTP_SECRET}"
        )
