from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "portal.permits"
    label = "permits"
    verbose_name = _("Permits and cards")

    def ready(self):
        from portal.permits import services  # noqa: F401  (forgets cached terms on change)
