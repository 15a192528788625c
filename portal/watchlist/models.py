"""The control list (管制名單): people with a prior overstay, deportation or entry ban, and the
hits found when a new case is matched against them (see `matching.py`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Agency
from portal.cases.models import CaseLinked


class Reason(models.TextChoices):
    OVERSTAY = "overstay", _("Overstay")
    DEPORTATION = "deportation", _("Deportation")
    ENTRY_BAN = "entry_ban", _("Entry ban")
    OTHER = "other", _("Other")


class WatchlistEntry(models.Model):
    # Names are kept as printed on the passport (Latin script); every other spelling, the
    # Chinese name and known aliases go to `other_names`, which the matcher reads too.
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    other_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("Aliases, the Chinese name and other spellings, one per line."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = models.ForeignKey(
        "reference.Nationality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="watchlist_entries",
        verbose_name=_("nationality"),
    )
    document_numbers = models.TextField(
        _("document numbers"),
        blank=True,
        help_text=_("Passport, ARC or UI numbers, one per line. Spaces and hyphens are ignored."),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    source_agency = models.CharField(_("source agency"), max_length=10, choices=Agency.choices)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive entries are not matched against cases.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The matcher's cache watches max(updated_at): bulk `.update()` calls must set it too.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["surname", "given_name"]
        verbose_name = _("control list entry")
        verbose_name_plural = _("control list entries")
        # For the matcher's cheap "has the list changed?" query.
        indexes = [
            models.Index(fields=["is_active", "updated_at"], name="watchlist_entry_freshness")
        ]
        constraints = [
            # A mononym may sit in either field, but an entry without any name is useless.
            models.CheckConstraint(
                condition=~models.Q(surname="", given_name=""), name="watchlist_entry_has_name"
            )
        ]

    def __str__(self):
        return f"{self.surname} {self.given_name}".strip()


class MatchReason(models.TextChoices):
    """Why an entry was matched; stored as codes in `WatchlistMatch.reasons`."""

    NAME = "name", _("name")
    NAME_SWAPPED = "name_swapped", _("name (surname and given name swapped)")
    OTHER_NAME = "other_name", _("other name or alias")
    DATE_OF_BIRTH = "date_of_birth", _("date of birth")
    DATE_OF_BIRTH_SWAPPED = "date_of_birth_swapped", _("date of birth (day and month swapped)")
    NATIONALITY = "nationality", _("nationality")
    DOCUMENT_NUMBER = "document_number", _("document number")


class WatchlistMatch(CaseLinked):
    """One hit of a case against one entry; `record_matches` replaces a case's rows."""

    entry = models.ForeignKey(
        WatchlistEntry,
        on_delete=models.CASCADE,
        related_name="matches",
        verbose_name=_("control list entry"),
    )
    score = models.FloatField(_("score"), help_text=_("0 to 100; higher is a closer match."))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    matched_at = models.DateTimeField(_("matched at"), auto_now_add=True)

    # Extending CaseLinked.Meta keeps its (case_type, case_id) index.
    class Meta(CaseLinked.Meta):
        ordering = ["-score"]
        verbose_name = _("control list match")
        verbose_name_plural = _("control list matches")
        constraints = [
            models.UniqueConstraint(
                fields=["case_type", "case_id", "entry"], name="watchlist_match_once_per_case"
            )
        ]

    def __str__(self):
        return f"{self.entry} ({self.score:.0f})"

    @property
    def reason_labels(self) -> list[str]:
        """The reasons in the reviewer's language; unknown codes are shown as they are."""
        labels = dict(MatchReason.choices)
        return [str(labels.get(code, code)) for code in self.reasons]
