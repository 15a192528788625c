"""The Gold Card application as the case engine reads it: stages, the six tabs and the
document slots (seed 004; spec goldcard.md)."""

from django.utils.translation import gettext_lazy as _

from goldcard import rules
from portal.cases.uploads import KIND_JPEG, KIND_PNG, UploadRules
from portal.cases.workflow import DocumentSlot, Section, Stage

# 1024 KB per file for the Gold Card (spec 00-overview, uploads).
FILE_RULES = UploadRules(max_bytes=1024 * 1024)
PHOTO_RULES = UploadRules(max_bytes=1024 * 1024, kinds=frozenset({KIND_JPEG, KIND_PNG}), photo=True)
FORMS = "goldcard.forms.sections."
# The proof of the qualification criterion depends on the field and criterion chosen.
FIELD_ANSWERS = ("field", "criterion")

SECTIONS = (
    Section(
        "basic",
        _("Basic data"),
        FORMS + "BasicDataForm",
        intro=_(
            "Hong Kong and Macao residents holding another passport, and applicants born in "
            "mainland China, attach extra documents; the Document upload tab lists them."
        ),
    ),
    Section("passport", _("Passport"), FORMS + "PassportForm"),
    Section(
        "visa",
        _("Visa application (passport verification)"),
        FORMS + "VisaForm",
        intro=_(
            "Applicants abroad show their passport in person at an ROC overseas mission "
            "during the review; Hong Kong and Macao residents, and applicants in Taiwan, do "
            "not. Questions 3 to 11 ask for an explanation when you answer yes."
        ),
    ),
    Section(
        "residence",
        _("Residence"),
        FORMS + "ResidenceForm",
        intro=_(
            "Address parts may be typed in English; county and district are chosen from the "
            "lists. Example: Taipei City, Zhongzheng District, Chongqing S. Rd., Sec. 1, "
            "No. 122, 3F."
        ),
    ),
    Section(
        "field",
        _("Professional field"),
        FORMS + "ProfessionalFieldForm",
        intro=_(
            "Changing the field or criterion after uploading removes the documents uploaded "
            "for it: choose the field before you upload its proof."
        ),
    ),
)

DOCUMENT_SLOTS = (
    DocumentSlot(
        "photo",
        _("Photo"),
        PHOTO_RULES,
        help_text=_("A colour photo taken in the last 6 months, white background, face forward."),
    ),
    DocumentSlot(
        "passport_copy",
        _("Passport data page"),
        FILE_RULES,
        help_text=_("The page with your photo, of the passport entered on the passport tab."),
    ),
    DocumentSlot(
        "salary_proof",
        _("Proof of salary"),
        FILE_RULES,
        applies=rules.salary_criterion,
        help_text=rules.criterion_proof_help,
        depends_on=FIELD_ANSWERS,
    ),
    DocumentSlot(
        "criterion_proof",
        _("Proof of the qualification criterion"),
        FILE_RULES,
        applies=rules.other_criterion,
        help_text=rules.criterion_proof_help,
        depends_on=FIELD_ANSWERS,
    ),
    DocumentSlot(
        "hk_macao_identity",
        _("Hong Kong or Macao permanent identity card"),
        FILE_RULES,
        applies=rules.is_hk_macao,
    ),
    DocumentSlot(
        "mainland_born_documents",
        _("Documents for applicants born in mainland China"),
        FILE_RULES,
        applies=rules.is_mainland_born,
        help_text=_(
            "For example a foreign passport held before, or proof of how you left "
            "mainland China; see the Gold Card Office's FAQ."
        ),
    ),
    DocumentSlot(
        "arc_copy",
        _("Your current resident certificate (ARC)"),
        FILE_RULES,
        applies=rules.holds_arc,
    ),
    DocumentSlot("other", _("Other documents"), FILE_RULES, required=False),
)


def stages(state):
    # Seed 003: under 20 days from payment to approval, about 14 working days for the four
    # reviews; the targets are defaults the admin can change (portal.cases.targets).
    return (
        Stage(state.NIA_INITIAL, "NIA", _("NIA initial review"), target_days=3),
        Stage(state.WDA_REVIEW, "WDA", _("WDA work-permit review"), target_days=5),
        Stage(state.MOFA_VERIFICATION, "MOFA", _("MOFA passport verification"), target_days=3),
        Stage(state.NIA_FINAL, "NIA", _("NIA final review"), target_days=3),
        Stage(state.CARD_PRODUCTION, "NIA", _("Card production"), review=False, target_days=5),
        Stage(state.READY, "NIA", _("Ready for pickup"), review=False),
    )
