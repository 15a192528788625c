from django.db import migrations

OVERSEAS, NOTICE = "overseas_approval", "approval_notice"


def certificates_to_the_engine(apps, schema_editor):
    """Certificates issued before the engine issued them: keyed as the engine keys them (so it
    never issues a second), named by their declaration, with the term and the initials the
    verification page shows, and an e-mail already sent recorded as delivered."""
    from portal.pdf.verification import initials

    IssuedPdf = apps.get_model("pdf", "IssuedPdf")
    Delivery = apps.get_model("pdf", "Delivery")
    GoldCardCase = apps.get_model("goldcard", "GoldCardCase")
    for issued in IssuedPdf.objects.filter(key__startswith="goldcard:certificate:"):
        case = GoldCardCase.objects.select_related("owner").filter(pk=issued.case_id).first()
        if case is None:
            continue
        in_taiwan = (case.answers.get("eligibility") or {}).get("in_taiwan") == "yes"
        code = NOTICE if in_taiwan else OVERSEAS
        issued.key = f"certificate:goldcard.goldcardcase:{case.pk}:{code}"
        issued.document = code
        issued.valid_from = case.card_valid_from
        issued.valid_until = case.card_valid_until
        name = case.applicant_name or " ".join(
            filter(
                None,
                [(case.answers.get("basic") or {}).get(k, "") for k in ("surname", "given_name")],
            )
        )
        issued.holder_initials = initials(name)[:20]
        issued.save(
            update_fields=["key", "document", "valid_from", "valid_until", "holder_initials"]
        )
        if case.certificate_emailed_at is not None:
            Delivery.objects.get_or_create(
                key=f"{issued.pk}:{case.owner_id}",
                defaults={
                    "issued": issued,
                    "recipient": case.owner,
                    "email": case.owner.email,
                    "full_name": case.owner.full_name[:200],
                    "language": case.owner.language,
                    "created_at": case.certificate_emailed_at,
                    "sent_at": case.certificate_emailed_at,
                    "attempts": 1,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("goldcard", "0004_services_of_a_permit"),
        ("pdf", "0002_verification_and_delivery"),
    ]

    operations = [
        migrations.RunPython(certificates_to_the_engine, migrations.RunPython.noop),
        migrations.RemoveField(model_name="goldcardcase", name="certificate_emailed_at"),
    ]
