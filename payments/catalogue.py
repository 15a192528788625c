"""The services the portal charges a fee for, as the workflows declare them: payments knows
no workflow's services by name.

Each workflow adds its own in its declaration (`Workflow.fees`). An app whose workflow is not
built yet declares its fees on its AppConfig (`fees`), so that the fee schedule can already
hold their rows; they move into the workflow's declaration when it is built.
"""

from django.apps import apps

from portal.cases import registry


def fee_services() -> dict:
    """{code: label} of every declared fee service."""
    found = {}
    for config in apps.get_app_configs():
        for fee in getattr(config, "fees", ()):
            found[fee.code] = fee.label
    for model in registry.models():
        for fee in model.workflow.fees:
            found[fee.code] = fee.label
    return found


def label(code: str):
    return fee_services().get(code, code)


def choices() -> list[tuple[str, object]]:
    return list(fee_services().items())
