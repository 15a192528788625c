from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "portal.reference"
    verbose_name = _("Reference data")

    def ready(self):
        from portal.reference import cache
        from portal.reference.models import County, District, Nationality, ServiceStation

        # The choices and look-ups of portal.reference.choices are built from these.
        cache.watch(Nationality, County, District, ServiceStation)
