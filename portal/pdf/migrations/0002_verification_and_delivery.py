import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import portal.pdf.verification


def give_codes_and_case_links(apps, schema_editor):
    """Documents issued before verification codes get one (they were printed without it,
    and the page answers for it all the same); a certificate is listed on its case's page."""
    from portal.pdf.verification import new_code

    IssuedPdf = apps.get_model("pdf", "IssuedPdf")
    IssuedPdfCase = apps.get_model("pdf", "IssuedPdfCase")
    taken = set()
    for issued in IssuedPdf.objects.order_by("pk"):
        code = new_code()
        while code in taken:
            code = new_code()
        taken.add(code)
        issued.verification_code = code
        issued.save(update_fields=["verification_code"])
        if issued.case_type_id and issued.case_id:
            IssuedPdfCase.objects.get_or_create(
                issued=issued, case_type_id=issued.case_type_id, case_id=issued.case_id
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("pdf", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="issuedpdf",
            name="document",
            field=models.CharField(blank=True, max_length=24, verbose_name="document"),
        ),
        migrations.AddField(
            model_name="issuedpdf",
            name="holder_initials",
            field=models.CharField(blank=True, max_length=20, verbose_name="holder's initials"),
        ),
        migrations.AddField(
            model_name="issuedpdf",
            name="revocation_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="why it was revoked"),
        ),
        migrations.AddField(
            model_name="issuedpdf",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="revoked"),
        ),
        migrations.AddField(
            model_name="issuedpdf",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="valid from"),
        ),
        migrations.AddField(
            model_name="issuedpdf",
            name="valid_until",
            field=models.DateField(blank=True, null=True, verbose_name="valid until"),
        ),
        migrations.AddField(
            model_name="issuedpdf",
            name="verification_code",
            field=models.CharField(
                editable=False, max_length=10, null=True, verbose_name="verification code"
            ),
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=100, unique=True, verbose_name="key")),
                ("email", models.EmailField(max_length=254, verbose_name="sent to")),
                ("full_name", models.CharField(blank=True, max_length=200, verbose_name="name")),
                (
                    "language",
                    models.CharField(
                        choices=[("zh-hant", "繁體中文"), ("en", "English")],
                        max_length=8,
                        verbose_name="language",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="created"),
                ),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                (
                    "attempts",
                    models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
                ),
                ("last_error", models.TextField(blank=True, verbose_name="last error")),
                (
                    "issued",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="pdf.issuedpdf",
                        verbose_name="document",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recipient",
                    ),
                ),
            ],
            options={
                "verbose_name": "delivery",
                "verbose_name_plural": "deliveries",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="IssuedPdfCase",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("case_id", models.PositiveBigIntegerField(verbose_name="case")),
                (
                    "case_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="workflow",
                    ),
                ),
                (
                    "issued",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="case_links",
                        to="pdf.issuedpdf",
                        verbose_name="document",
                    ),
                ),
            ],
            options={
                "verbose_name": "case of an issued PDF",
                "verbose_name_plural": "cases of issued PDFs",
                "abstract": False,
                "indexes": [
                    models.Index(fields=["case_type", "case_id"], name="pdf_issuedpdfcase_case")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("issued", "case_type", "case_id"), name="pdf_issued_case_once"
                    )
                ],
            },
        ),
        migrations.RunPython(give_codes_and_case_links, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="issuedpdf",
            name="verification_code",
            field=models.CharField(
                default=portal.pdf.verification.new_code,
                editable=False,
                max_length=10,
                unique=True,
                verbose_name="verification code",
            ),
        ),
    ]
