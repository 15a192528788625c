"""Counters behind every number the portal hands out (application numbers, later serials
and batch numbers): one row per series, locked while a number is taken."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSeries(models.Model):
    key = models.CharField(_("series"), max_length=40, unique=True)
    last_value = models.PositiveBigIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")

    def __str__(self):
        return f"{self.key}: {self.last_value}"
