"""Storing a checked upload in a case's document slot, and who may read it back.

Retention (ADR 0010): a document replaced or removed while the case is a draft (never
submitted, so nobody has reviewed it) is deleted, row and file. Once a case is submitted, a
replaced document stays, marked replaced, for the record of what the reviewer saw.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.cases.freshness import touch
from portal.cases.models import Document
from portal.cases.uploads import check_upload

logger = logging.getLogger(__name__)


def store_document(
    case, slot, uploaded_file, *, user, supplement=None, before_decoding=None
) -> Document:
    """Check the upload against the slot's rules (raises UploadRejected: nothing is stored)
    and store it as the slot's current document, retiring the one it replaces.
    `before_decoding`: see `check_upload`."""
    checked = check_upload(uploaded_file, slot.rules, before_decoding=before_decoding)
    with transaction.atomic():
        _lock(case)
        _retire(case, Document.objects.for_case(case).current().filter(slot=slot.code))
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
        touch(case)  # the case page lists the documents
    return document


def remove_document(case, document) -> None:
    """Take a document out of its slot (a draft's is deleted; see the module's rule)."""
    with transaction.atomic():
        _lock(case)
        _retire(case, Document.objects.filter(pk=document.pk, replaced_at__isnull=True))
        touch(case)


def current_documents(case):
    return {doc.slot: doc for doc in Document.objects.for_case(case).current()}


def _lock(case) -> None:
    # Two uploads to one case at once (two tabs, a double click) would each retire the
    # slot's document and leave two current ones; on PostgreSQL the case row serialises them.
    list(type(case).objects.select_for_update().filter(pk=case.pk).values_list("pk"))


def _retire(case, documents) -> None:
    if not case.is_draft:
        documents.update(replaced_at=timezone.now())
        return
    names = [(d.file.storage, d.file.name) for d in documents if d.file]
    documents.delete()
    # Only once the new state is committed: a rollback must not leave rows without files.
    transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names) -> None:
    for storage, name in names:
        try:
            storage.delete(name)
        except Exception:  # the row is gone either way; an orphan file is only wasted space
            logger.exception("Could not delete the replaced upload %s", name)
