"""Importing WeasyPrint, lazily and safely.

Importing `weasyprint` sets Pillow's process-wide `ImageFile.LOAD_TRUNCATED_IMAGES = True`.
In any process that has rendered a PDF (a Celery worker, or the embedded default, where
tasks run in the web process) the upload checks would then accept images cut short. The
portal's PDFs load no images at all (the URL fetcher refuses them), so the flag is put back.
Every module of this package calls `load()` before importing from weasyprint.
"""

import threading

_lock = threading.Lock()


def load():
    with _lock:
        import weasyprint
        from PIL import ImageFile

        ImageFile.LOAD_TRUNCATED_IMAGES = False
    return weasyprint
