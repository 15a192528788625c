from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Agency
from portal.bilingual import localized


class AnnouncementQuerySet(models.QuerySet):
    def visible(self, today=None):
        today = today or timezone.localdate()
        return self.filter(is_published=True, published_on__lte=today).filter(
            models.Q(visible_until__isnull=True) | models.Q(visible_until__gte=today)
        )


class Announcement(models.Model):
    """公布欄: notices posted by the agencies, shown on the landing page."""

    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_zh = models.TextField(_("text (Chinese)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    agency = models.CharField(_("posted by"), max_length=8, choices=Agency.choices)
    published_on = models.DateField(_("date"), default=timezone.localdate)
    visible_until = models.DateField(_("shown until"), null=True, blank=True)
    important = models.BooleanField(_("important"), default=False)
    is_published = models.BooleanField(_("published"), default=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-important", "-published_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def body(self) -> str:
        return localized(self, "body")
