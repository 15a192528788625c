from .fees import FeeRate, Situation
from .gateway import FLAGGED_OUTCOMES, GatewayMessage, Outcome, Payment, PaymentAttempt
from .orders import OrderLine, OrderState, PaymentMethod, PaymentOrder, describe_service
from .simulated import SimulatedCharge

__all__ = [
    "FLAGGED_OUTCOMES",
    "FeeRate",
    "GatewayMessage",
    "OrderLine",
    "OrderState",
    "Outcome",
    "Payment",
    "PaymentAttempt",
    "PaymentMethod",
    "PaymentOrder",
    "SimulatedCharge",
    "Situation",
    "describe_service",
]
