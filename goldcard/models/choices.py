"""The Gold Card's services (線上申辦 2-5), a leaf module: read by the service case and by
what carries an approved change into the card."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The kind of the Permit rows a Gold Card issues (portal.permits).
PERMIT_KIND = "goldcard"


class Service(models.TextChoices):
    EXTENSION = "extension", _("Gold Card extension")
    DATA_CHANGE = "data_change", _("Gold Card data change")
    REISSUE = "reissue", _("Gold Card reissue")
    PICKUP_CHANGE = "pickup_change", _("Change of passport-verification (pickup) location")


class GoldCardFee(models.TextChoices):
    """The Gold Card's fee services (rows of the fee schedule under these codes)."""

    NEW = "goldcard_new", _("Employment Gold Card")
    EXTENSION = "goldcard_extension", _("Employment Gold Card extension")
    DATA_CHANGE = "goldcard_data_change", _("Employment Gold Card data change")
    REISSUE = "goldcard_reissue", _("Employment Gold Card reissue")
