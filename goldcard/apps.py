from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoldcardConfig(AppConfig):
    name = "goldcard"
    verbose_name = _("Employment Gold Card")

    def ready(self):
        from goldcard import reminders  # noqa: F401  (registers its task)
        from goldcard.models import OverseasMission, ProfessionalField, QualificationCriterion
        from portal.reference import cache

        # goldcard.lookups keeps choices and rows built from these.
        cache.watch(ProfessionalField, QualificationCriterion, OverseasMission)
