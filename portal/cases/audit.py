"""Logging staff views of personal data (the state changes are logged by the services)."""

from portal.cases.models import PersonalDataView


def log_personal_data_view(user, case, what: str) -> None:
    view = PersonalDataView(viewer=user, what=what[:100])
    view.link_to(case)
    view.save()
