"""The periodic tasks workflows declare (`Workflow.periodic`), added to beat's schedule
beside the engine's own (settings.CELERY_BEAT_SCHEDULE) once the apps are ready."""

from portal.cases import registry


def beat_entries() -> dict[str, dict]:
    return {
        periodic.name: {"task": periodic.task, "schedule": periodic.every}
        for model in registry.models()
        for periodic in model.workflow.periodic
    }


def install() -> None:
    from django.conf import settings

    from portal.celery import app

    app.conf.beat_schedule = {**settings.CELERY_BEAT_SCHEDULE, **beat_entries()}
