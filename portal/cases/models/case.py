"""The abstract case every workflow's model extends."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin

from portal.accounts.models import Language
from portal.cases import parties


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The cases `user` is a party to (`portal.cases.parties`). Reviewers work in the
        admin instead."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(parties.party_filter(user)).distinct()

    def drafts(self):
        return self.filter(number__isnull=True)

    def submitted(self):
        return self.filter(number__isnull=False)


class CaseBase(ConcurrentTransitionMixin, models.Model):
    """Who the case is for and who filed it, its number, language, answers and timestamps.

    Subclasses declare `state = FSMField(..., protected=True)`, their transitions and a
    `workflow` (see `portal.cases.workflow.Workflow`), and register with
    `portal.cases.registry.register`. They never write `state` themselves: every change goes
    through `portal.cases.services.perform_action`.
    """

    number = models.CharField(
        _("application number"), max_length=12, unique=True, null=True, blank=True, editable=False
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("applicant"),
    )
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
        help_text=_("The employer, agency or school user who filed for the applicant."),
    )
    filer_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filing organisation"),
    )
    language = models.CharField(
        _("language of the case"), max_length=8, choices=Language.choices, default=Language.ZH_HANT
    )
    applicant_name = models.CharField(_("applicant name"), max_length=200, blank=True)
    # Where an applicant filed for by someone else is reached; signed in with this address
    # verified, they follow the submitted case too (portal.cases.parties).
    applicant_email = models.EmailField(_("applicant's e-mail"), blank=True)
    # The draft's answers, per section, exactly as typed: a draft may be incomplete or even
    # invalid, and nothing the user typed may be lost. Sections validate them on submit.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned reviewer"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    state_entered_at = models.DateTimeField(
        _("in this state since"), default=timezone.now, editable=False
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    watchlist_checked_at = models.DateTimeField(
        _("matched against the control list"), null=True, blank=True, editable=False
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        abstract = True
        indexes = [
            models.Index(
                fields=["state", "state_entered_at"], name="%(app_label)s_%(class)s_queue"
            ),
        ]

    def __str__(self):
        return self.number or _("Draft %(id)s") % {"id": self.pk}

    # -- who may see it ----------------------------------------------------------------
    def is_party(self, user) -> bool:
        return parties.is_party(self, user)

    def contacts(self):
        """Whom notices about this case go to, each in their own language."""
        return parties.contacts(self)

    # -- derived from the workflow ---------------------------------------------------------
    @property
    def stage(self):
        return self.workflow.stage_for(self.state)

    @property
    def agency(self) -> str:
        """The agency holding the case now ("" when none does, e.g. a draft or a closed case)."""
        stage = self.stage
        return stage.agency if stage else ""

    @property
    def is_draft(self) -> bool:
        return self.number is None

    def get_state_display_text(self) -> str:
        return str(dict(self._meta.get_field("state").flatchoices).get(self.state, self.state))

    # -- answers -------------------------------------------------------------------------
    @property
    def answers_view(self):
        """The answers parsed once (`portal.cases.answers`, the workflow's `answers` class):
        what rules, sections and slots read. Parsed again when `answers` changes."""
        view = self.__dict__.get("_answers_view")
        if view is None or not view.reads(self.answers):
            view = self.workflow.answers_class(self.answers)
            self.__dict__["_answers_view"] = view
        return view

    def section_answers(self, code: str) -> dict:
        """One section's answers (a copy; {} for a repeating section, whose answers are a
        list of lines: portal.cases.lines)."""
        return self.answers_view.section(code)

    def flat_answers(self) -> dict:
        """All answers in one dict (section codes are not repeated in field names), the
        caller's to change. A repeating section's lines are not in it: `portal.cases.lines`
        reads them. Rules read `answers_view`, which is parsed once."""
        return self.answers_view.flat()

    def describe_applicant(self) -> str:
        """The name shown in lists; workflows override to build it from their answers."""
        return self.applicant_name

    def attention(self) -> list[str]:
        """What both the applicant side and the reviewer must be told about this case (a
        late report, say): shown on the case page, the review tab and the review page."""
        return []

    def after_transition(self, event) -> None:
        """Called inside `perform_action`'s transaction once the move and its audit row are
        saved: a workflow records what follows from it here (card validity, say) and queues
        its own side effects with `transaction.on_commit`."""

    def watchlist_person(self):
        """The person to match against the control list, or None (override per workflow)."""
        return None
