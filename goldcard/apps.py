from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoldcardConfig(AppConfig):
    name = "goldcard"
    verbose_name = _("Employment Gold Card")

    def ready(self):
        from goldcard import tasks  # noqa: F401  (connects the certificate to the approval)
