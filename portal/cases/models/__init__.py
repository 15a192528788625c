from .case import CaseBase, CaseQuerySet
from .documents import Document
from .links import CaseLinked, CaseLinkQuerySet
from .numbers import NumberSeries
from .records import CaseEvent, Decision, PersonalDataView
from .supplements import SupplementItem, SupplementRequest
from .targets import StageTarget

__all__ = [
    "CaseBase",
    "CaseEvent",
    "CaseLinkQuerySet",
    "CaseLinked",
    "CaseQuerySet",
    "Decision",
    "Document",
    "NumberSeries",
    "PersonalDataView",
    "StageTarget",
    "SupplementItem",
    "SupplementRequest",
]
