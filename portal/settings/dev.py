"""The embedded default: what `make demo` runs. Needs nothing but this checkout."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
