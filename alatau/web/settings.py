"""Django settings, read from environment variables with safe development defaults.

Production sets ALATAU_DEBUG=0, ALATAU_SECRET_KEY and ALATAU_ALLOWED_HOSTS; the system
checks in :mod:`alatau.web.checks` warn when it does not.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(int(default))).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "alatau-development-only-secret-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("ALATAU_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("ALATAU_DEBUG", True)
ALLOWED_HOSTS = env_list("ALATAU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("ALATAU_CSRF_TRUSTED_ORIGINS", "")
# The public address of the site, printed in licence QR codes; empty: the address of each request.
SITE_URL = os.environ.get("ALATAU_SITE_URL", "")

VAR_DIR = Path(os.environ.get("ALATAU_VAR_DIR", PROJECT_DIR / "var"))
DATA_DIR = Path(os.environ.get("ALATAU_DATA_DIR", VAR_DIR / "data"))
SHARED_DIR = Path(os.environ.get("ALATAU_SHARED_DIR", PROJECT_DIR.parent / "shared"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "alatau.core",
    "alatau.registry",
    "alatau.licences",
    "alatau.imports",
    "alatau.figures",
    "alatau.competitions",
    "alatau.education",
    "alatau.news",
    "alatau.selfservice",
    "django_tasks",
    "django_tasks_db",
    "alatau.sites",
    "alatau.partners",
    "alatau.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alatau.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Background jobs (site studies): Django's task framework, stored in the database; `alatau manage db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

ROOT_URLCONF = "alatau.web.urls"
WSGI_APPLICATION = "alatau.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "alatau.core.plugins.site_menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("ALATAU_DATABASE_URL", f"sqlite:///{VAR_DIR / 'alatau.sqlite3'}"),
        conn_max_age=int(os.environ.get("ALATAU_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The default SQLite file lives under var/, which a fresh clone does not have yet.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Concurrent writers queue instead of failing with "database is locked": each write
    # transaction takes the write lock at BEGIN (IMMEDIATE), waits up to 20 s for it, and the
    # WAL journal lets readers go on while one writer writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Languages: Kazakh first, as the federation's own language; URLs carry the prefix.
LANGUAGE_CODE = os.environ.get("ALATAU_LANGUAGE", "en")
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("ALATAU_TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True
# Django ships no date/number formats for Kazakh: alatau/core/formats/kk provides them.
FORMAT_MODULE_PATH = ["alatau.core.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

EMAIL_BACKEND = os.environ.get("ALATAU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("ALATAU_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ALATAU_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ALATAU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ALATAU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ALATAU_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("ALATAU_DEFAULT_FROM_EMAIL", "Alatau <noreply@alatau.local>")

# News comments close by themselves this many days after the article's publication.
ALATAU_COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("ALATAU_COMMENTS_CLOSE_AFTER_DAYS", "60"))

SESSION_COOKIE_SECURE = env_bool("ALATAU_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ALATAU_LOG_LEVEL", "WARNING").upper()},
}

# Production safety (docs/deploy.md). The development key never serves with ALATAU_DEBUG=0
# (alatau.web.security.refuse_unsafe_production, called by the WSGI application and `alatau serve`).
# Behind a reverse proxy that terminates TLS, ALATAU_PROXY_SSL=1 trusts its X-Forwarded-Proto.
if env_bool("ALATAU_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("ALATAU_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("ALATAU_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ALATAU_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("ALATAU_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login throttling (alatau.core.throttle): failures per account and per address, then a lockout.
ALATAU_LOGIN_FAILURES = int(os.environ.get("ALATAU_LOGIN_FAILURES", "5"))
ALATAU_LOGIN_ADDRESS_FAILURES = int(os.environ.get("ALATAU_LOGIN_ADDRESS_FAILURES", "20"))
ALATAU_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("ALATAU_LOGIN_LOCKOUT_MINUTES", "15"))
# The reverse proxies whose X-Forwarded-For names the real caller (nginx on the same host).
ALATAU_TRUSTED_PROXIES = env_list("ALATAU_TRUSTED_PROXIES", "127.0.0.1,::1")
