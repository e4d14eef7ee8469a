"""Rebound settings: one module, driven by environment variables (see README.md)."""

import ipaddress
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG")
TESTING = "pytest" in sys.modules
# Hardening is on for every real deployment; local runs and the test suite speak plain HTTP.
HARDENED = not DEBUG and not TESTING

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if HARDENED:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-dev-key-only-for-debug-and-tests"  # noqa: S105 (never used in production)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not HARDENED else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "journal",
    "recovery",
    "api",
    "ninja",  # its Swagger UI files, served from static/ninja/ (no CDN)
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session (it reads the language cookie and session) and before CommonMiddleware.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "journal.language.LanguagePreferenceMiddleware",  # a signed-in user's saved language
    "config.middleware.UnstorableQueryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

# Benchmarks only (bench/pages.py, bench/load.py): the site's URLs plus the floor page.
ROOT_URLCONF = "bench.urls" if os.environ.get("REBOUND_BENCH_FLOOR") == "1" else "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

_loaders = [
    "django.template.loaders.filesystem.Loader",
    "django.template.loaders.app_directories.Loader",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "journal.context_processors.navigation",
                "django.template.context_processors.i18n",
            ],
            "builtins": ["template_partials.templatetags.partials"],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    _loaders if DEBUG else [("django.template.loaders.cached.Loader", _loaders)],
                )
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # Concurrent writers (the dev server, a worker) wait instead of failing at once, and
        # take the write lock when their transaction starts, so two never deadlock upgrading.
        timeout=20,
        transaction_mode="IMMEDIATE",
        # Readers do not block the writer; a commit appends to the log without a sync of
        # the database file, which made it a third of a check-in's save.
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
# A database that stops answering gives a 503 within seconds instead of holding requests.
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 5)  # s, the whole log-in to PostgreSQL
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 10_000)  # 0: no limit
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a limit on the wait for each reply (config/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    postgres_options = DATABASES["default"].setdefault("OPTIONS", {})
    postgres_options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    if DB_STATEMENT_TIMEOUT_MS:
        postgres_options.setdefault("options", f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}")
        # The server cancels a statement at its timeout, unless it is stopped: then the
        # app gives up 2 s later.
        postgres_options.setdefault("reply_timeout", DB_STATEMENT_TIMEOUT_MS / 1000 + 2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out log-ins
    "journal.auth.AthleteModelBackend",
    # Kept so sessions created by an explicit ModelBackend login stay valid.
    "django.contrib.auth.backends.ModelBackend",
]
if TESTING:
    # Hashing is not what the tests test; the default hasher costs ~0.3 s a user.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
# The languages Rebound is translated into (locale/<code>/LC_MESSAGES/django.po). A visitor's
# choice is the language cookie; an athlete's is journal.language.LanguagePreference, which
# journal.language.LanguagePreferenceMiddleware applies and the e-mail senders activate.
LANGUAGES = [
    ("en-gb", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if HARDENED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Seconds an SMTP connection may take. The reminder and digest tasks send inside the
# transaction that claims their "sent" row, so a hung relay must not hold it for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Rebound <rebound@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of the site, for links in e-mails sent by background jobs.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: on by default whenever DEBUG is off outside the test suite.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HARDENED)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HARDENED)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HARDENED)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HARDENED else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HARDENED)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HARDENED)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Proxies whose X-Forwarded-For is believed: addresses or networks. config.middleware.client_ip
# takes the client as the right-most hop not among them; it decides for every throttle.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network (e.g. 10.0.0.0/8)."
        ) from None
# BEHIND_PROXY: the proxy is the only way in, so its X-Forwarded-Proto and -Host are the truth.
if env_bool("BEHIND_PROXY"):
    if not TRUSTED_PROXIES:
        # Every request would come from the proxy's address: one client for the throttles.
        raise ImproperlyConfigured(
            "BEHIND_PROXY is set but TRUSTED_PROXIES is empty: list the proxy's addresses "
            "(e.g. TRUSTED_PROXIES=10.0.0.0/8) so log-in, share-code and password-reset "
            "limits count each client, not the proxy. See docs/deploy.md."
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "config.logs.ClientErrorsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["client_errors"]},
    },
}

# Local runs and tests serve static files straight from the finders; production from STATIC_ROOT.
WHITENOISE_USE_FINDERS = not HARDENED
WHITENOISE_AUTOREFRESH = DEBUG

# Content-Security-Policy (django-csp 4): no inline script anywhere, htmx runs with allowEval off.
# No inline styles either: templates carry no style="" attributes (scripts set styles via CSSOM).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# The API (api/, docs/api.md): requests per minute for each token (or signed-in user).
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120)

# django-axes: 5 failed log-ins for one username from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_CALLABLE = "config.middleware.login_username"
# The one answer to "who is the client" (TRUSTED_PROXIES above), for log-ins as for the rest.
AXES_CLIENT_IP_CALLABLE = "config.middleware.client_ip"
