"""Dependants' data entered in advance (依親親屬資料預先登打). Not an application: their
resident visas are applied for at an overseas mission once the holder has residence. Kept
so that the holder does not have to type it again then."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child under 18, or adult child unable to support themselves")
    PARENT = "parent", _("Parent or parent-in-law")


class Dependant(models.Model):
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="goldcard_dependants",
        verbose_name=_("Gold Card applicant"),
    )
    relationship = models.CharField(_("relationship"), max_length=10, choices=Relationship.choices)
    surname = models.CharField(_("surname"), max_length=60)
    given_name = models.CharField(_("given name"), max_length=60)
    date_of_birth = models.DateField(_("date of birth"))
    nationality = models.ForeignKey(
        "reference.Nationality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nationality"),
    )
    passport_number = models.CharField(_("passport number"), max_length=20)
    created_at = models.DateTimeField(_("entered"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("dependant (pre-entered data)")
        verbose_name_plural = _("dependants (pre-entered data)")

    def __str__(self):
        return f"{self.surname} {self.given_name}"
