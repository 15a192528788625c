from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from . import session  # noqa: F401  (stamps the sign-in time on the session)
