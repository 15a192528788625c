from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidenceConfig(AppConfig):
    name = "residence"
    verbose_name = _("Residence certificates")

    @property
    def fees(self):
        """The fee services of the residence workflows, declared here until their case models
        exist (then in their Workflow declarations; payments.catalogue reads both)."""
        from portal.cases.workflow import Fee

        return (
            Fee("arc_issue", _("Alien Resident Certificate")),
            Fee("arc_employer_change", _("Resident certificate update for a new employer")),
            Fee("arc_reissue", _("Alien Resident Certificate reissue")),
            Fee("student_arc_issue", _("Student resident certificate")),
            Fee("student_arc_extension", _("Student resident certificate extension")),
            Fee("other_reason_arc", _("Resident certificate after a Gold Card")),
        )
