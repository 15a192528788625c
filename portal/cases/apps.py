from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "portal.cases"
    verbose_name = _("Cases")

    def ready(self):
        from django.core import checks

        from portal.cases import todo  # noqa: F401  (registers the to-do provider)
        from portal.cases.checks import check_workflows

        checks.register(check_workflows, "cases")

        from django.db.models.signals import post_migrate

        from portal.cases import targets

        post_migrate.connect(targets.seed_targets, sender=self, dispatch_uid="seed-stage-targets")

        from portal.cases.models.targets import StageTarget
        from portal.reference import cache as reference_cache

        # The case page (cached under the reference generation) shows the expected dates.
        reference_cache.watch(StageTarget)

        from portal.cases import periodic

        periodic.install()
