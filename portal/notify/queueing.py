"""Handing a task to the broker without letting a dead broker fail the user's action."""

import logging

logger = logging.getLogger(__name__)


def enqueue_safely(task, *args) -> bool:
    """Queue a task; when the broker is down, log and carry on: the user's action has been
    committed, and the periodic dispatcher picks up what is still unsent."""
    try:
        task.apply_async(args=args, retry=False)
    except Exception:  # the broker's errors vary by transport (kombu, redis, socket)
        logger.warning("could not queue %s%r; it will be retried", task.name, args, exc_info=True)
        return False
    return True
