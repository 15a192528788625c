from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoldcardConfig(AppConfig):
    name = "goldcard"
    verbose_name = _("Employment Gold Card")
