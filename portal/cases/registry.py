"""The workflows the portal knows: each workflow app registers its case model here."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

_models: dict[str, type] = {}


def register(model):
    """Class decorator for a workflow's case model."""
    slug = model.workflow.slug
    if _models.get(slug, model) is not model:
        raise ValueError(f"two workflows use the slug {slug!r}")
    codes = {m.workflow.code for m in _models.values() if m is not model}
    if model.workflow.code in codes:
        raise ValueError(f"two workflows use the number code {model.workflow.code!r}")
    _models[slug] = model
    return model


def models() -> list[type]:
    return list(_models.values())


def model_for(slug: str):
    try:
        return _models[slug]
    except KeyError:
        raise Http404 from None


def content_types() -> dict[int, type]:
    types = ContentType.objects.get_for_models(*_models.values(), for_concrete_models=False)
    return {ct.pk: model for model, ct in types.items()}
