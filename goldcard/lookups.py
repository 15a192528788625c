"""The Gold Card's reference rows as the tabs and rules read them (fields, criteria, missions),
kept in the reference cache (portal.reference.cache): no query once built, rebuilt when staff
change a row (the app watches these models). Values are shared: callers must not change them."""

from portal.reference import cache as reference_cache


def _criteria() -> dict:
    """{criterion ID as text: QualificationCriterion with its field}, offered or not: a
    draft keeps the criterion chosen before staff withdrew it."""
    from goldcard.models.reference import QualificationCriterion

    def build():
        rows = QualificationCriterion.objects.select_related("field")
        return {str(criterion.pk): criterion for criterion in rows}

    return reference_cache.cached("goldcard:criteria", build)


def criterion(pk):
    """The qualification criterion of ID `pk` (as typed), or None."""
    pk = str(pk or "")
    return _criteria().get(pk) if pk.isdigit() else None


def field_choices() -> list[tuple[str, str]]:
    from goldcard.models.reference import ProfessionalField

    def build():
        return [(f.code, f.name) for f in ProfessionalField.objects.active()]

    return list(reference_cache.cached("goldcard:field-choices", build, per_language=True))


def criterion_choices() -> tuple[list, dict[str, str]]:
    """The offered criteria grouped by field (named in the active language), and each one's
    field code (for the dependent select)."""
    from goldcard.models.reference import QualificationCriterion

    def build():
        groups, parents = {}, {}
        for row in QualificationCriterion.objects.active().select_related("field"):
            groups.setdefault(row.field.name, []).append((str(row.pk), row.name))
            parents[str(row.pk)] = row.field.code
        return list(groups.items()), parents

    groups, parents = reference_cache.cached("goldcard:criterion-choices", build, per_language=True)
    return list(groups), dict(parents)


def mission_choices() -> list[tuple[str, str]]:
    """[(code, name)] of the open overseas missions, in the active language."""
    from goldcard.models.reference import OverseasMission

    def build():
        return [(m.code, m.name) for m in OverseasMission.objects.active()]

    return list(reference_cache.cached("goldcard:mission-choices", build, per_language=True))


def mission(code):
    """The overseas mission of code `code` (open or not), or None."""
    from goldcard.models.reference import OverseasMission

    def build():
        return {m.code: m for m in OverseasMission.objects.all()}

    return reference_cache.cached("goldcard:missions", build).get(str(code)) if code else None
