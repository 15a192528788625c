from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdfConfig(AppConfig):
    name = "portal.pdf"
    label = "pdf"
    verbose_name = _("Issued documents")

    def ready(self):
        from portal.pdf import tasks  # noqa: F401  (issues certificates on their moves)
