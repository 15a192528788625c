"""The engine's admin, split by concern: the case queue and review page (`base`, `review`,
`filters`, `queryset`), the read-only records (`records`), and the queue overview and
reports pages (`views`)."""

from . import records  # noqa: F401  (registers the read-only record admins)
from .base import CaseAdmin

__all__ = ["CaseAdmin"]
