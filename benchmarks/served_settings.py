"""Settings of the benchmarks that serve the portal over gunicorn (benchmarks/harness.py):
production's where they matter to a request's cost, without its secrets and external
services.

As in production: DEBUG off, PBKDF2 passwords, persistent database connections with health
checks, sessions in the cache with the database behind them (`cached_db`) and Celery tasks
handed to a broker instead of run in the request. The benchmark starts a private Redis for
the cache and the broker when `redis-server` is installed (REDIS_URL is then set, and
base.py configures both from it); without it the cache is per process (locmem), sessions
stay in the database and tasks go to Kombu's in-memory transport, where nothing consumes
them. Unlike production: plain HTTP (no TLS redirect, no secure cookies: the client talks
to gunicorn directly), static files without the manifest (no collectstatic), uploads in the
benchmark's temporary directory (BENCH_MEDIA_ROOT), e-mails kept in memory.

The URLconf is the portal's plus the bare view (benchmarks/served_urls.py).
"""

from portal.settings.base import *  # noqa: F403
from portal.settings.base import DATABASES, REDIS_URL, env

DEBUG = False
ROOT_URLCONF = "served_urls"

DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

MEDIA_ROOT = env.path("BENCH_MEDIA_ROOT")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Gunicorn's access log is off; Django's own INFO lines (a gateway message...) are noise here,
# and so is Kombu's warning that memory:// names no host.
LOGGING = {
    **LOGGING,  # noqa: F405
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {**LOGGING["loggers"], "kombu": {"level": "ERROR"}},  # noqa: F405
}
