from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BatchesConfig(AppConfig):
    name = "portal.batches"
    label = "batches"
    verbose_name = _("Batches")

    def ready(self):
        from portal.batches import links  # noqa: F401  (registers the home page's links)
