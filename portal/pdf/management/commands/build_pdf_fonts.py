from django.core.management.base import BaseCommand, CommandError

from portal.pdf import fonts


class Command(BaseCommand):
    help = (
        "Build the derived CJK font that PDFs render with (ADR 0008), from the Debian package "
        f"{fonts.SOURCE_PACKAGE}. Idempotent: does nothing when the font is already built."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Rebuild even if the font already exists."
        )

    def handle(self, *args, force=False, **options):
        try:
            built = fonts.build_derived_font(force=force)
        except fonts.FontSourceMissing as error:
            raise CommandError(str(error)) from error
        path = fonts.derived_font_path()
        if built:
            size_mb = path.stat().st_size / 1_000_000
            self.stdout.write(self.style.SUCCESS(f"Built {path} ({size_mb:.1f} MB)"))
        elif options["verbosity"] >= 1:
            self.stdout.write(f"Already built: {path}")
