from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "portal.reference"
    verbose_name = _("Reference data")

    def ready(self):
        from portal.reference import cache
        from portal.reference.models import (
            County,
            District,
            Nationality,
            ServiceStation,
            WorkingDayOverride,
        )

        # The choices and look-ups of portal.reference.choices are built from these; pages
        # cached under the generation (the case page) show stations and working days.
        cache.watch(Nationality, County, District, ServiceStation, WorkingDayOverride)
