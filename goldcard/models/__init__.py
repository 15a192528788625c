from .case import GoldCardCase, State
from .dependants import Dependant, Relationship
from .reference import OverseasMission, ProfessionalField, QualificationCriterion
from .services import GoldCardService, Service, ServiceState

__all__ = [
    "Dependant",
    "GoldCardCase",
    "GoldCardService",
    "OverseasMission",
    "ProfessionalField",
    "QualificationCriterion",
    "Relationship",
    "Service",
    "ServiceState",
    "State",
]
