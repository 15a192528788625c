from . import fees, orders, simulated  # noqa: F401 (registers the admin classes)
