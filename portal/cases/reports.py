"""The figures an agency needs to get from 45 days to under 20: how many cases wait at each
stage, how long cases spent in each stage (median and 90th percentile, from the audit log),
and how many cases were finished per week."""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Min, Window
from django.db.models.functions import Lead, TruncWeek
from django.utils import timezone

from portal.cases import registry
from portal.cases.models import CaseEvent
from portal.cases.targets import target_days

DAY = 86400.0


def queue_counts(queryset) -> dict[str, tuple[int, datetime.datetime | None]]:
    rows = (
        queryset.order_by().values("state").annotate(n=Count("pk"), oldest=Min("state_entered_at"))
    )
    return {row["state"]: (row["n"], row["oldest"]) for row in rows}


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear-interpolated percentile (0.5 is the median); None without data."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class StageRow:
    label: str
    agency: str
    open_cases: int
    finished_visits: int
    median_days: float | None
    p90_days: float | None
    target_working_days: int | None = None


@dataclass
class WorkflowReport:
    name: str
    stages: list[StageRow] = field(default_factory=list)
    total_median_days: float | None = None
    total_p90_days: float | None = None
    weekly_finished: list[tuple[datetime.date, int]] = field(default_factory=list)
    target: "TargetRow | None" = None


@dataclass
class TargetRow:
    """The agencies' stated goal for a workflow (Gold Card: under 20 days instead of 45),
    measured from entering one state to entering another (e.g. paid to approved)."""

    days: int
    before_days: int | None
    from_label: str
    to_label: str
    cases: int
    median_days: float | None
    p90_days: float | None
    within_target: int


def span_durations(model, from_state, to_state, since) -> list[float]:
    """Days from a case first entering `from_state` to first entering `to_state`."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    entered: dict[tuple[int, str], datetime.datetime] = {}
    rows = (
        CaseEvent.objects.filter(
            case_type=content_type, at__gte=since, to_state__in=[from_state, to_state]
        )
        .order_by("at", "id")
        .values_list("case_id", "to_state", "at")
    )
    for case_id, state, at in rows:
        entered.setdefault((case_id, state), at)
    return [
        (entered[(case_id, to_state)] - start).total_seconds() / DAY
        for (case_id, state), start in entered.items()
        if state == from_state and (case_id, to_state) in entered
    ]


def _target(model, since) -> TargetRow | None:
    goal = model.workflow.target
    if goal is None:
        return None
    spans = span_durations(model, goal.start_state, goal.end_state, since)
    labels = dict(model._meta.get_field("state").flatchoices)
    return TargetRow(
        days=goal.days,
        before_days=goal.before_days,
        from_label=str(labels.get(goal.start_state, goal.start_state)),
        to_label=str(labels.get(goal.end_state, goal.end_state)),
        cases=len(spans),
        median_days=percentile(spans, 0.5),
        p90_days=percentile(spans, 0.9),
        within_target=sum(1 for days in spans if days < goal.days),
    )


def stage_durations(model, since) -> dict[str, list[float]]:
    """Days each case spent per visit of each state, from entering it to the next action."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    events = (
        CaseEvent.objects.filter(case_type=content_type, at__gte=since)
        .annotate(
            left_at=Window(
                Lead("at"), partition_by=[F("case_id")], order_by=[F("at").asc(), F("id").asc()]
            )
        )
        .values_list("to_state", "at", "left_at")
    )
    durations: dict[str, list[float]] = {}
    for state, entered, left in events:
        if left is not None:
            durations.setdefault(state, []).append((left - entered).total_seconds() / DAY)
    return durations


def build(weeks: int = 12, now=None) -> list[WorkflowReport]:
    now = now or timezone.now()
    since = now - datetime.timedelta(days=365)
    first_week = (now - datetime.timedelta(weeks=weeks)).date()
    reports = []
    for model in registry.models():
        workflow = model.workflow
        counts = queue_counts(model.objects.all())
        durations = stage_durations(model, since)
        report = WorkflowReport(name=str(workflow.name), target=_target(model, since))
        for stage in workflow.stages:
            spent = durations.get(stage.state, [])
            report.stages.append(
                StageRow(
                    label=str(stage.label),
                    agency=stage.agency,
                    open_cases=counts.get(stage.state, (0, None))[0],
                    finished_visits=len(spent),
                    median_days=percentile(spent, 0.5),
                    p90_days=percentile(spent, 0.9),
                    target_working_days=target_days(workflow, stage.state),
                )
            )
        closed = model.objects.filter(closed_at__gte=since, submitted_at__isnull=False)
        totals = [
            (closed_at - submitted_at).total_seconds() / DAY
            for submitted_at, closed_at in closed.values_list("submitted_at", "closed_at")
        ]
        report.total_median_days = percentile(totals, 0.5)
        report.total_p90_days = percentile(totals, 0.9)
        monday = first_week - datetime.timedelta(days=first_week.weekday())
        per_week = (
            closed.filter(closed_at__date__gte=monday)
            .annotate(week=TruncWeek("closed_at"))
            .values("week")
            .annotate(n=Count("pk"))
            .order_by("week")
        )
        found = {_as_date(row["week"]): row["n"] for row in per_week}
        report.weekly_finished = [
            (
                monday + datetime.timedelta(weeks=i),
                found.get(monday + datetime.timedelta(weeks=i), 0),
            )
            for i in range(weeks + 1)
        ]
        reports.append(report)
    return reports


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value
