"""Settings for treem, read from environment variables.

Defaults suit the embedded demo (SQLite under var/, the key `make setup` wrote
to var/secret_key). Production sets SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL;
DEBUG is off by default, so the security settings below switch on together and
`manage.py check --deploy` passes.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The demo (`make demo`) runs with DEBUG off, as production does, but over plain
# HTTP on this machine: no HTTPS redirect, no secure-only cookies, mail to the console.
DEMO = env_bool("TREEM_DEMO", False)


def read_secret_key():
    """SECRET_KEY, else the key `make setup` generated once into var/secret_key
    (SECRET_KEY_FILE), so that commands run after `make demo` need no variable."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / "var" / "secret_key"))
    if key_file.is_file():
        key = key_file.read_text().strip()
        if len(key) >= 50:
            return key
        raise ImproperlyConfigured(f"{key_file} holds no usable key (50 characters or more).")
    if DEBUG:
        # Only for DEBUG runs (tests): a fixed key keeps sessions across restarts.
        return "insecure-demo-key-only-for-debug-runs-never-in-production-0123456789"
    raise ImproperlyConfigured(
        f"SECRET_KEY must be set when DEBUG is off (or a key written to {key_file})."
    )


SECRET_KEY = read_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or DEMO else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "treem.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # Bootstrap 5.3 css/js from the django-bootstrap-static wheel (no CDN).
    "bootstrap",
    # Before django_tasks_db: its `db_worker` command is treem.ops's, the
    # library's worker with a heartbeat and the audit seal (treem/ops/worker.py).
    "treem.ops",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Two-factor sign-in: TOTP apps and one-use recovery codes (treem/accounts/twofactor/).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "treem.core",
    "treem.areas",
    "treem.agencies",
    "treem.accounts",
    "treem.audit",
    "treem.jobs",
    "treem.children",
    "treem.plans",
    "treem.activities",
    "treem.trainings",
    "treem.workdays",
    "treem.cases",
    "treem.assistance",
    "treem.places",
    # Leaflet's js/css for the ward map, from the django-leaflet wheel (no CDN).
    "leaflet",
    "treem.population",
    "treem.indicators",
    "treem.reports",
    "treem.initiatives",
    "treem.budgets",
    "treem.privacy",
    "treem.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "treem.audit.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Keeps a signed-in session alive, saving it at most once a minute (below).
    "treem.accounts.sessions.SlidingSessionMiddleware",
    "treem.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a session that passed the second step; the next one holds every page
    # until it has (treem/accounts/twofactor/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "treem.accounts.twofactor.middleware.SecondStepMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a lockout answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "treem.core.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite file under var/ unless DATABASE_URL says otherwise.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'treem.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE let the web server and the task worker share the file
    # without "database is locked" errors under ordinary load.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

# Accounts and authentication
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout for 15 minutes: 5 failures lock one username at one address (not the
# whole office behind that address, nor, from elsewhere, its owner), and 50
# failures from one address across usernames lock the address
# (treem/accounts/lockout.py adds this second ceiling).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "treem.accounts.lockout.AddressCeilingHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Two-factor sign-in (TOTP) is required of the roles that reach a whole province's
# records or decide for a ward (administrator, province officer, approver): a
# guessed or phished password alone must not open them. The others may opt in.
TREEM_2FA_REQUIRED_ROLES = env_list(
    "TREEM_2FA_REQUIRED_ROLES", "admin,province_officer,ward_approver"
)
# Wrong codes lock the second step for AXES_COOLOFF_TIME after this many in a row,
# counted on the device, so that signing in with the password again starts no new count.
TREEM_2FA_FAILURE_LIMIT = int(os.environ.get("TREEM_2FA_FAILURE_LIMIT", "5"))
OTP_TOTP_ISSUER = "treem"

# Sessions end after 30 minutes without a request: saved again (their expiry
# moved) at most every SESSION_REFRESH_SECONDS by treem.accounts.sessions, not on
# every request, which cost a transaction per page under load (bench/README.md).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Security headers; the HTTPS-only ones apply when DEBUG and TREEM_DEMO are off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# On wherever the app is served for real; DEBUG runs and the demo are plain HTTP.
HTTPS_ONLY = not DEBUG and not DEMO
SECURE_SSL_REDIRECT = HTTPS_ONLY and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS_ONLY else None
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = (
    int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS_ONLY else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY and env_bool("SECURE_HSTS_PRELOAD", False)
# HSTS preload (W021) is a one-way decision for the owner of the domain: opt in
# with SECURE_HSTS_PRELOAD=1 rather than have the check demand it.
SILENCED_SYSTEM_CHECKS = env_list(
    "SILENCED_SYSTEM_CHECKS", "" if env_bool("SECURE_HSTS_PRELOAD") else "security.W021"
)
# The registry's walk indexes carry columns for index-only reads on PostgreSQL
# (INCLUDE); SQLite, the embedded demo database, builds them without, as intended.
if "sqlite" in DATABASES["default"]["ENGINE"]:
    SILENCED_SYSTEM_CHECKS.append("models.W040")

# Scripts and styles only from this server, or inline with the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The ward map's tiles (treem/places): a URL such as https://tiles.example/{z}/{x}/{y}.png
# or a path on this server. Empty (a closed intranet has no tile server): the map
# page lists the places and says why there is no map.
TREEM_MAP_TILES_URL = os.environ.get("TREEM_MAP_TILES_URL", "").strip()
TREEM_MAP_TILES_ATTRIBUTION = os.environ.get("TREEM_MAP_TILES_ATTRIBUTION", "")
if TREEM_MAP_TILES_URL.startswith(("https://", "http://")):
    _tiles_origin = "/".join(TREEM_MAP_TILES_URL.split("/")[:3]).replace("{s}", "*")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_tiles_origin)

# Internationalisation: Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "treem" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded and generated files live outside the web root and are served only
# through scoped views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "files"))

# E-mail
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "treem <no-reply@localhost>")

# Background work: the database backend needs no extra server; its worker is
# `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a bad token a 401, not a 403.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # django-filter, with boolean filters as strict as the schema (treem/core/api.py).
    "DEFAULT_FILTER_BACKENDS": ["treem.core.api.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "treem.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
REST_KNOX = {"TOKEN_TTL": timedelta(days=int(os.environ.get("API_TOKEN_DAYS", "90")))}
SPECTACULAR_SETTINGS = {
    "TITLE": "treem API",
    "DESCRIPTION": "Child care, education and protection information system.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # 400, 401 and 404 answers documented on every operation (treem/core/api.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "treem.core.api.document_error_responses",
    ],
    # Several models have a "status" field with their own choices.
    "ENUM_NAME_OVERRIDES": {
        "ChildStatusEnum": "treem.children.models.Status",
        "CaseStatusEnum": "treem.cases.models.CaseStatus",
        "AssessmentStatusEnum": "treem.reports.models.AssessmentStatus",
        "JobStatusEnum": "treem.jobs.models.Job.Status",
        "IndicatorSourceEnum": "treem.indicators.models.catalogue.Source",
        "IndicatorDirectionEnum": "treem.indicators.models.catalogue.Direction",
        "PlanStatusEnum": "treem.plans.models.choices.PlanStatus",
        "ProgressStatusEnum": "treem.plans.models.choices.ProgressStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "treem.core.logs.RequestIdFilter"}},
    "formatters": {
        "request": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        # LOG_FORMAT=json: one JSON object a line, with the request id (treem/core/logs.py).
        "json": {"()": "treem.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "request",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
