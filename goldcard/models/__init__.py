from .case import GoldCardCase, State
from .reference import OverseasMission, ProfessionalField, QualificationCriterion

__all__ = [
    "GoldCardCase",
    "OverseasMission",
    "ProfessionalField",
    "QualificationCriterion",
    "State",
]
