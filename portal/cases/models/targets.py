"""How long each stage should take: data the admin changes, seeded from the declarations."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class StageTarget(models.Model):
    """The target of one stage of one workflow, in working days. Rows are made on migrate for
    every stage whose declaration gives a target (`Stage.target_days`); the admin changes
    them, and the case pages and reports read the rows."""

    workflow = models.CharField(_("workflow"), max_length=40)
    state = models.CharField(_("stage"), max_length=40)
    working_days = models.PositiveSmallIntegerField(
        _("target in working days"), validators=[MaxValueValidator(365)]
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("stage target")
        verbose_name_plural = _("stage targets")
        ordering = ["workflow", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "state"], name="cases_stage_target_once")
        ]

    def __str__(self):
        return f"{self.workflow} · {self.state}: {self.working_days}"
