import factory
from django.utils import timezone

from portal.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from portal.pages.models import Announcement


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")
    role = Role.APPLICANT
    language = "en"
    email_verified_at = factory.LazyFunction(timezone.now)

    class Params:
        unverified = factory.Trait(email_verified_at=None)
        reviewer = factory.Trait(role=Role.REVIEWER, agency="NIA", is_staff=True)

    @factory.post_generation
    def password(self, create, value, **kwargs):
        self.set_password(value or "correct-horse-42")
        if create:
            self.save(update_fields=["password"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.COMPANY_EMPLOYER
    name = factory.Sequence(lambda n: f"示範公司{n}")
    id_number = factory.Iterator(["12345675", "12340004", "12340009", "12340010"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, role=Role.EMPLOYER)
    organisation = factory.SubFactory(OrganisationFactory)


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    title_zh = factory.Sequence(lambda n: f"公告{n}")
    title_en = factory.Sequence(lambda n: f"Notice {n}")
    body_zh = "內容"
    body_en = "Text"
    agency = "NIA"


def sample_answers(**overrides):
    """Complete answers for the tests' sample workflow (tests/sampleflow)."""
    person = {
        "surname": "Nguyen",
        "given_name": "Van An",
        "date_of_birth": "1990-05-17",
        "nationality": "VN",
        "passport_number": "C1234567",
    }
    stay = {"address": "台北市中正區重慶南路一段122號", "studies": "no", "school": ""}
    person.update({k: v for k, v in overrides.items() if k in person})
    stay.update({k: v for k, v in overrides.items() if k in stay})
    return {"person": person, "stay": stay}


class SampleCaseFactory(factory.django.DjangoModelFactory):
    """A case of the sample workflow. Traits put it straight into a state (for lists and
    queues); tests of behaviour walk it there through `perform_action` instead."""

    class Meta:
        model = "sampleflow.SampleCase"

    owner = factory.SubFactory(UserFactory)
    language = "en"
    answers = factory.LazyFunction(sample_answers)
    applicant_name = "Nguyen Van An"

    class Params:
        submitted = factory.Trait(
            state="nia_review",
            number=factory.Sequence(lambda n: f"11599{n + 1:07d}"),
            submitted_at=factory.LazyFunction(timezone.now),
        )
        at_wda = factory.Trait(
            submitted=True,
            state="wda_review",
        )
        withdrawn = factory.Trait(submitted=True, state="withdrawn")
        payment_due = factory.Trait(submitted=True, state="payment_due")


class _SubmittedCase(factory.django.DjangoModelFactory):
    """A case of any workflow put straight into a state by its factory (the FSM field takes
    a value at construction; tests of behaviour walk cases there with perform_action)."""

    class Meta:
        abstract = True

    owner = factory.SubFactory(UserFactory)
    language = "en"

    class Params:
        submitted = factory.Trait(
            number=factory.Sequence(lambda n: f"1150{n + 1:08d}"),
            submitted_at=factory.LazyFunction(timezone.now),
        )


def goldcard_complete_answers():
    from tests.goldcard.conftest import goldcard_answers

    return goldcard_answers()


class GoldCardCaseFactory(_SubmittedCase):
    """A Gold Card application with complete answers (reference data must be loaded)."""

    class Meta:
        model = "goldcard.GoldCardCase"

    answers = factory.LazyFunction(goldcard_complete_answers)
    applicant_name = "DOE JANE"
    term_years = 3

    class Params:
        at_nia = factory.Trait(submitted=True, state="nia_initial_review")
        at_wda = factory.Trait(submitted=True, state="wda_review")
        payment_due = factory.Trait(submitted=True, state="payment_due")
        approved = factory.Trait(
            submitted=True,
            state="card_production",
            card_valid_from=factory.LazyFunction(timezone.localdate),
            card_valid_until=factory.LazyAttribute(
                lambda case: case.card_valid_from.replace(year=case.card_valid_from.year + 3)
            ),
        )


class GoldCardServiceFactory(_SubmittedCase):
    """A Gold Card service application about an approved card."""

    class Meta:
        model = "goldcard.GoldCardService"

    card = factory.SubFactory(GoldCardCaseFactory, approved=True)
    owner = factory.SelfAttribute("card.owner")
    service = "reissue"
    answers = factory.LazyFunction(lambda: {"reissue": {"reason": "lost", "details": ""}})

    class Params:
        at_nia = factory.Trait(submitted=True, state="nia_review")
