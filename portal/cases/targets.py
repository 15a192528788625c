"""Expected dates: when the current stage and the whole case should be done, from the stage
targets (`StageTarget`, working days, editable in the admin) and the working-day calendar."""

import datetime

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from portal.cases.models.targets import StageTarget
from portal.reference.workdays import add_working_days

CACHE_KEY = "cases:stage-targets:v1"


def all_targets() -> dict[tuple[str, str], int]:
    """{(workflow slug, state): working days}, read once and cached until a row changes."""
    targets = cache.get(CACHE_KEY)
    if targets is None:
        targets = {(row.workflow, row.state): row.working_days for row in StageTarget.objects.all()}
        cache.set(CACHE_KEY, targets, 3600)
    return targets


def target_days(workflow, state: str) -> int | None:
    days = all_targets().get((workflow.slug, str(state)))
    if days is None:
        stage = workflow.stage_for(state)
        days = stage.target_days if stage else None
    return days


@receiver([post_save, post_delete], sender=StageTarget, dispatch_uid="stage-targets-changed")
def _forget(**kwargs):
    cache.delete(CACHE_KEY)


def seed_targets(**kwargs) -> None:
    """Make the rows the declarations give and the table lacks (post_migrate)."""
    from portal.cases import registry

    existing = set(StageTarget.objects.values_list("workflow", "state"))
    missing = [
        StageTarget(workflow=model.workflow.slug, state=stage.state, working_days=days)
        for model in registry.models()
        for stage in model.workflow.stages
        if (days := stage.target_days) is not None
        and (model.workflow.slug, str(stage.state)) not in existing
    ]
    StageTarget.objects.bulk_create(missing, ignore_conflicts=True)
    if missing:
        cache.delete(CACHE_KEY)


def expected_dates(case) -> tuple[datetime.date | None, datetime.date | None]:
    """(end of the current stage, end of the case) as the targets expect them, or None where
    none says. The case's end adds the targets of the stages declared after the current one
    (an upper bound: a stage the case will skip, such as passport verification for an
    applicant in Taiwan, is counted). A case waiting for its applicant (a supplement, a
    payment) or closed has no expected date."""
    workflow = case.workflow
    stages = list(workflow.stages)
    current = workflow.stage_for(case.state)
    days = target_days(workflow, case.state) if current else None
    if days is None or case.closed_at:
        return None, None
    stage_end = add_working_days(timezone.localdate(case.state_entered_at), days)
    later = stages[stages.index(current) + 1 :]
    remaining = sum(target_days(workflow, stage.state) or 0 for stage in later)
    return stage_end, add_working_days(stage_end, remaining)
