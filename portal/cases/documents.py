"""Storing a checked upload in a case's document slot, and who may read it back."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.cases.models import Document
from portal.cases.uploads import check_upload


def store_document(case, slot, uploaded_file, *, user, supplement=None) -> Document:
    """Check the upload against the slot's rules (raises UploadRejected: nothing is stored)
    and store it as the slot's current document; the one it replaces is kept, marked."""
    checked = check_upload(uploaded_file, slot.rules)
    with transaction.atomic():
        Document.objects.for_case(case).current().filter(slot=slot.code).update(
            replaced_at=timezone.now()
        )
        document = Document(
            slot=slot.code,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=hashlib.sha256(checked.content).hexdigest(),
            uploaded_by=user,
            supplement=supplement,
        )
        document.link_to(case)
        document.file.save(f"upload{checked.extension}", ContentFile(checked.content), save=False)
        document.save()
    return document


def remove_document(case, document) -> None:
    """Take a document out of a draft (it stays on record as replaced)."""
    Document.objects.filter(pk=document.pk).update(replaced_at=timezone.now())


def current_documents(case):
    return {doc.slot: doc for doc in Document.objects.for_case(case).current()}
