from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "onestop"
    verbose_name = _("One-stop service and employment permits")

    @property
    def fees(self):
        """The fee services of the one-stop workflow, declared here until its case model
        exists (then in its Workflow declaration; payments.catalogue reads both)."""
        from portal.cases.workflow import Fee

        return (Fee("employment_permit_review", _("Employment permit review fee")),)
