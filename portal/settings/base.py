"""Settings shared by every environment.

Every value that differs between machines is read from the environment here, and only
here (ADR 0002). The defaults are the *embedded default*: SQLite, Celery tasks run
in-process, e-mails written to a local folder, uploads on local disk — a fresh clone runs
with nothing else installed. `production.py` hardens these and refuses the embedded parts.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime data of the embedded default; git-ignored
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)  # optional, for local overrides

# --- core -----------------------------------------------------------------------------
SECRET_KEY = env.str("SECRET_KEY", default="embedded-default-insecure-key-change-me-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute address of the site, used for links in e-mails (sent from Celery, where no
# request exists to build them from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal.accounts.admin_app.PortalAdminConfig",  # the admin, behind the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # the portal
    "portal.web",
    "portal.accounts",
    "portal.reference",
    "portal.notify",
    "portal.pages",
    "portal.cases",
    "portal.watchlist",
    "portal.pdf",
    "portal.batches",
    "portal.permits",
    # workflows (filled by later issues)
    "onestop",
    "residence",
    "goldcard",
    "payments",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its reference (portal.web).
    "portal.web.request_ids.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their own caching; every page gets no-store.
    "portal.web.headers.ResponseHeadersMiddleware",
    # TRACE, oversized bodies and NUL bytes are refused before sessions, CSRF or any view.
    "portal.web.hygiene.RequestHygieneMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # which second factor verified this session
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: signs out after 30 idle minutes or 12 hours after
    # signing in, and staff sessions without a second factor, each with a notice.
    "portal.accounts.session.SessionLimitsMiddleware",
    "portal.accounts.twofactor.middleware.StaffSecondFactorMiddleware",
    # The signed-in user's stored language wins over the cookie.
    "portal.accounts.middleware.AccountLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.accounts.context_processors.session_timeout",
            ],
        },
    },
]

# --- data -----------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- accounts and sessions --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failures and refuses locked accounts
    "django.contrib.auth.backends.ModelBackend",
]
# The spec's rule (ADR 0011): 8 characters or more of any kind, no composition rule (hence
# no NumericPasswordValidator either), common and breached passwords refused.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "portal.accounts.validators.MaximumLengthValidator"},
    {"NAME": "portal.accounts.validators.BreachedPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:landing"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # reset and verification links work for one day

# 30 minutes idle (portal.accounts.session enforces it; the session's own age follows,
# because every recorded activity rewrites the session).
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60  # however active, a session ends 12 h after sign-in
SESSION_WARNING_SECONDS = 5 * 60  # the countdown warns this long before sign-out
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

# django-axes: five wrong passwords lock the *account* (not the IP) until a password reset.
# Staff, who also have a second factor, are locked per address *and* IP for 15 minutes
# only, so that a stranger who knows their address cannot lock them out (ADR 0011). Each
# failure records its own expiry, which lets the two rules live in one table.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = "portal.accounts.lockout.lockout_parameters"
AXES_COOLOFF_TIME = "portal.accounts.lockout.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "portal.accounts.lockout.username_from_request"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
# axes warns when the IP address is not part of the lockout key. The rule here is "five
# wrong passwords lock the account"; an IP key would also lock out every user behind one
# shared address (a university, an agency's office) when one of them mistypes.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Staff's second factor (django-otp; ADR 0011). Wrong codes double the wait each time.
OTP_TOTP_ISSUER = "Taiwan work and residence permits"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows an authenticator's key

# --- languages --------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", _("Traditional Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True
# One written form of dates per language, for pages, e-mails and PDFs alike (portal/formats).
FORMAT_MODULE_PATH = ["portal.formats"]

# --- files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
# Uploads live outside the web root and have no public URL: views serve them to the
# people allowed to see the case. With AWS_STORAGE_BUCKET_NAME set they go to S3-compatible
# object storage instead, so that every web server sees the same files.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND", default="django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
# A request body larger than this is refused (413) before it is read; the reverse proxy in
# docker-compose.yml (nginx) applies the same cap in front. One upload is one file of at
# most 1 MB (the largest slot limit), so 4 MB leaves room for the form around it.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=4 * 1024 * 1024)
# Form fields without files: a whole tab of answers is a few KB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Images larger than this are refused before decoding: an A4 page scanned at 300 dpi is
# 8.7 million pixels, and decoding costs 4 bytes a pixel (ADR 0010).
CASE_UPLOAD_MAX_PIXELS = 10_000_000
# Uploads per user (portal.ratelimit): (how many, per how many seconds). Filling in every
# slot of an application, with a few retries, takes well under this.
CASE_UPLOAD_RATE = (20, 10 * 60)
# Decoding work per user (portal.cases.uploads: an image's pixels, ten a byte of a PDF):
# (how much, per how many seconds). Two images at the pixel limit or two 1 MB PDFs a
# minute, or dozens of ordinary photos and scans; more waits for the next minute, so that
# a few people cannot keep every worker decoding.
CASE_UPLOAD_WORK_RATE = (20_000_000, 60)
# Look-ups on the public verification page per client address (portal.ratelimit; ADR 0013):
# a border desk checking a queue of travellers stays far below; walking the codes does not.
VERIFICATION_RATE = (30, 10 * 60)

# --- e-mail -----------------------------------------------------------------------------
# Default: each message is written as a file under var/mail (the local sink).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="filemail://")
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    # "filemail://" carries no path, and django-environ then says EMAIL_FILE_PATH="" (which
    # Django reads as the current directory): the folder comes from here instead.
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = EMAIL_CONFIG.get("EMAIL_FILE_PATH") or env.str(
        "EMAIL_FILE_PATH", default=str(VAR_DIR / "mail")
    )
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portal <no-reply@portal.example.tw>")

# --- Celery -----------------------------------------------------------------------------
# Without a broker the embedded default runs every task in-process at once.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Keep Django's LOGGING in the worker (Celery would replace the root handlers, and with them
# the personal-data filter).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Publishing from a web request must fail fast when the broker is down: the outbox and the
# periodic tasks catch up later, and the user must not wait for reconnection attempts.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE: dict = {
    # The outbox's safety net: notices whose task never reached the broker go out late, once.
    "dispatch-pending-notices": {
        "task": "portal.notify.tasks.dispatch_pending_notices",
        "schedule": 60.0,
    },
    # Likewise for control-list matching of cases submitted while the broker was down.
    "match-unchecked-cases": {
        "task": "portal.cases.tasks.match_unchecked_cases",
        "schedule": 300.0,
    },
    # Likewise for receipts of orders paid while the broker was down.
    "issue-missing-receipts": {
        "task": "payments.tasks.issue_missing_receipts",
        "schedule": 120.0,
    },
    # Likewise for certificates of moves made while the broker was down.
    "issue-missing-certificates": {
        "task": "portal.pdf.tasks.issue_missing_certificates",
        "schedule": 300.0,
    },
}

# --- security headers (every environment, so tests see what production sends) -----------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "portal.web.errors.csrf_failure"
CSRF_COOKIE_HTTPONLY = False  # the autosave script reads it; the token is not a secret
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- payments ---------------------------------------------------------------------------
# The gateway that takes payments: "simulated" (built in, no real money) or "ecpay".
PAYMENT_GATEWAY = env.str("PAYMENT_GATEWAY", default="simulated")
PAYMENT_GATEWAYS = {
    "simulated": {
        "CLASS": "payments.gateways.simulated.SimulatedGateway",
        "SECRET": env.str("PAYMENT_SIMULATED_SECRET", default="simulated-gateway-" + SECRET_KEY),
    },
    "ecpay": {
        "CLASS": "payments.gateways.ecpay.EcpayGateway",
        "MERCHANT_ID": env.str("ECPAY_MERCHANT_ID", default=""),
        "HASH_KEY": env.str("ECPAY_HASH_KEY", default=""),
        "HASH_IV": env.str("ECPAY_HASH_IV", default=""),
        "SERVICE_URL": env.str(
            "ECPAY_SERVICE_URL", default="https://payment-stage.ecpay.com.tw/Cashier/AioCheckOut/V5"
        ),
    },
}
# A message flagged as a simulated payment (the simulated gateway's, ECPay's SimulatePaid)
# marks nothing paid unless this is on; production forces it off.
PAYMENTS_ACCEPT_SIMULATED = env.bool("PAYMENTS_ACCEPT_SIMULATED", default=True)
# The simulated gateway repeats each callback, as real gateways do.
PAYMENT_SIMULATED_CALLBACK_COPIES = env.int("PAYMENT_SIMULATED_CALLBACK_COPIES", default=2)
if PAYMENT_GATEWAY == "ecpay":  # the payer's browser posts the payment form to ECPay
    from urllib.parse import urlsplit

    _ecpay = urlsplit(PAYMENT_GATEWAYS["ecpay"]["SERVICE_URL"])
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_ecpay.scheme}://{_ecpay.netloc}"
    )

# --- logging ----------------------------------------------------------------------------
# Every line starts with the request's reference (shown on the 500 page) and passes the
# personal-data filter (portal.web.logscrub) whatever handler writes it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "portal.web.request_ids.RequestIdFilter"},
        "personal_data": {"()": "portal.web.logscrub.PersonalDataFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s [%(request_id)s] %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id", "personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools log every rendering step at INFO.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
