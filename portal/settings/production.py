"""Production: PostgreSQL, Redis (cache, sessions, Celery broker), SMTP, object storage,
HTTPS only. The web tier keeps no state of its own — sessions in Redis-backed cache with
the database behind it, uploads in shared object storage — so it scales by adding servers
behind a load balancer.

The values still come from the environment, read in base.py; this file only hardens them
and refuses the embedded parts that must never reach production.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, DATABASES, EMAIL_CONFIG, REDIS_URL, SECRET_KEY, env

DEBUG = False

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("production needs DATABASE_URL pointing at PostgreSQL")
if not REDIS_URL or not CELERY_BROKER_URL:
    raise ImproperlyConfigured("production needs REDIS_URL (cache, sessions, Celery broker)")
if SECRET_KEY.startswith("embedded-default") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("production needs a SECRET_KEY of at least 50 random characters")
if EMAIL_CONFIG["EMAIL_BACKEND"] != "django.core.mail.backends.smtp.EmailBackend":
    raise ImproperlyConfigured("production sends e-mail over SMTP (EMAIL_URL=smtp://...)")

CELERY_TASK_ALWAYS_EAGER = False
# Whatever the environment says: a payment flagged as simulated is never money.
PAYMENTS_ACCEPT_SIMULATED = False
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# HTTPS everywhere; the load balancer terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# The __Host- prefix: browsers keep such a cookie only if it is Secure, for Path=/ and set
# without a Domain, so no other host (a sibling subdomain) can plant or overwrite it
# (session fixation, a CSRF token of the attacker's choosing).
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = None
