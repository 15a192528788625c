"""The simulated gateway's server-to-server callbacks, over real HTTP."""

import logging
import urllib.error
import urllib.request
from urllib.parse import urlencode

from celery import shared_task
from django.db.models import F

from payments.models import SimulatedCharge

logger = logging.getLogger("payments.simulated")
TIMEOUT_SECONDS = 10


@shared_task(bind=True, acks_late=True, max_retries=8, default_retry_delay=30)
def deliver_callback(self, charge_id: int, fields: dict) -> str:
    charge = SimulatedCharge.objects.get(pk=charge_id)
    if not charge.callback_url.startswith(("http://", "https://")):
        return "refused: not an http(s) callback URL"
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
        charge.callback_url,
        data=urlencode(fields).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = response.read(200).decode(errors="replace")
    except (urllib.error.URLError, OSError) as error:
        SimulatedCharge.objects.filter(pk=charge_id).update(last_delivery_error=str(error)[:500])
        logger.warning("callback to %s failed: %s", charge.callback_url, error)
        if self.request.is_eager:
            return "failed"  # in-process runs (tests, no broker) have no one to retry later
        raise self.retry(exc=error) from error
    SimulatedCharge.objects.filter(pk=charge_id).update(callbacks_sent=F("callbacks_sent") + 1)
    return answer
