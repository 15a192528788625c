"""Who may see a case and its files. Anything else is a 404, never a hint that it exists."""

from django.http import Http404

from portal.cases import registry


def staff_may_view(user, case) -> bool:
    """Reviewers who may open this workflow in the admin (through their agency's group),
    for a case in one of their agency's queues now: the same rule as the review page."""
    from portal.cases.admin.queryset import queue_for

    opts = type(case)._meta
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return False
    return queue_for(type(case), user).filter(pk=case.pk).exists()


def case_for_party(user, slug: str, pk: int):
    """The case if `user` is its applicant, filer or filing organisation; else 404."""
    model = registry.model_for(slug)
    # By key, then `is_party` (the same rule as `visible_to`): a primary-key read instead of
    # the party query's joins and DISTINCT, on the most visited page of the site.
    case = (
        model.objects.select_related("owner", "filer", "filer_organisation").filter(pk=pk).first()
    )
    if case is None or not case.is_party(user):
        raise Http404
    return case


def case_for_viewer(user, slug: str, pk: int):
    """The case for a party or for staff allowed to review it; else 404."""
    model = registry.model_for(slug)
    case = model.objects.filter(pk=pk).first()
    if case is None or not (case.is_party(user) or staff_may_view(user, case)):
        raise Http404
    return case
