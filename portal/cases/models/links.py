"""How the engine's shared tables point at a case of any workflow.

Each workflow keeps its own table (the case model is abstract), so the tables every workflow
shares (audit log, decisions, supplements, documents, notices, watchlist matches) point at a
case through the content type and primary key. One abstract model gives them all the same
two columns, the same index and the same accessor.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseLinkQuerySet(models.QuerySet):
    def for_case(self, case):
        return self.filter(
            case_type=ContentType.objects.get_for_model(case, for_concrete_model=False),
            case_id=case.pk,
        )


class CaseLinked(models.Model):
    case_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("workflow")
    )
    case_id = models.PositiveBigIntegerField(_("case"))
    case = GenericForeignKey("case_type", "case_id")

    objects = CaseLinkQuerySet.as_manager()

    class Meta:
        abstract = True
        indexes = [
            models.Index(fields=["case_type", "case_id"], name="%(app_label)s_%(class)s_case")
        ]

    def link_to(self, case):
        """Point this row at `case` (sets both columns without loading anything)."""
        self.case_type = ContentType.objects.get_for_model(case, for_concrete_model=False)
        self.case_id = case.pk
