from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from portal.cases.diagrams import generated_markdown

START, END = "<!-- generated:start -->", "<!-- generated:end -->"


def docs_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "workflows.md"


def render(text: str) -> str:
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    with translation.override("en"):
        generated = generated_markdown()
    return f"{head}{START}\n{generated}{END}{tail}"


class Command(BaseCommand):
    help = "Regenerate the state diagrams in docs/workflows.md from the workflows' code."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if the file is stale")

    def handle(self, *args, check=False, **options):
        path = docs_path()
        text = path.read_text(encoding="utf-8")
        updated = render(text)
        if check:
            if updated != text:
                raise CommandError("docs/workflows.md is out of date: run manage.py workflow_docs")
            return
        path.write_text(updated, encoding="utf-8")
        self.stdout.write(f"wrote {path}")
