from django.db import migrations


def receipts_to_shared_records(apps, schema_editor):
    """Receipts issued before: listed on the pages of the cases their order paid (the engine
    no longer builds receipt keys), their holder's initials kept for the verification page,
    and a receipt already e-mailed recorded as delivered, so that it is never sent again."""
    from portal.pdf.verification import initials

    IssuedPdf = apps.get_model("pdf", "IssuedPdf")
    IssuedPdfCase = apps.get_model("pdf", "IssuedPdfCase")
    Delivery = apps.get_model("pdf", "Delivery")
    PaymentOrder = apps.get_model("payments", "PaymentOrder")
    OrderLine = apps.get_model("payments", "OrderLine")
    for order in PaymentOrder.objects.filter(state="paid").select_related("payer"):
        receipt = IssuedPdf.objects.filter(key=f"receipt:order:{order.pk}").first()
        if receipt is None:
            continue
        receipt.holder_initials = initials(order.payer_name)[:20]
        receipt.save(update_fields=["holder_initials"])
        for line in OrderLine.objects.filter(order=order):
            IssuedPdfCase.objects.get_or_create(
                issued=receipt, case_type_id=line.case_type_id, case_id=line.case_id
            )
        if order.receipt_emailed_at is not None:
            Delivery.objects.get_or_create(
                key=f"{receipt.pk}:{order.payer_id}",
                defaults={
                    "issued": receipt,
                    "recipient": order.payer,
                    "email": order.payer.email,
                    "full_name": order.payer.full_name[:200],
                    "language": order.payer.language,
                    "created_at": order.receipt_emailed_at,
                    "sent_at": order.receipt_emailed_at,
                    "attempts": 1,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0003_message_body_and_digest"),
        ("pdf", "0002_verification_and_delivery"),
    ]

    operations = [
        migrations.RunPython(receipts_to_shared_records, migrations.RunPython.noop),
        migrations.RemoveField(model_name="paymentorder", name="receipt_emailed_at"),
    ]
