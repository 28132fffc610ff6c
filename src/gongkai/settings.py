"""Settings read from the environment, with a working default for everything.

GONGKAI_VAR          folder for the SQLite database, uploads and the huey queue (default: ./var)
DATABASE_URL         e.g. postgres://user@127.0.0.1:5432/gongkai (default: SQLite in WAL mode under var/)
GONGKAI_SECRET_KEY   required when GONGKAI_DEBUG=0
GONGKAI_DEBUG        1 (default) for development, 0 for production
GONGKAI_ALLOWED_HOSTS comma-separated
GONGKAI_REDIS_URL    run background jobs through Redis instead of SQLite
GONGKAI_EMAIL_BACKEND, GONGKAI_EMAIL_HOST, GONGKAI_DEFAULT_FROM_EMAIL
GONGKAI_SESSION_IDLE_MINUTES  idle session timeout (default 30)
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("GONGKAI_DEBUG", True)
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY") or (
    "dev-only-insecure-key-change-me" if DEBUG else None
)
if not SECRET_KEY:
    raise RuntimeError("生产环境必须设置 GONGKAI_SECRET_KEY 环境变量。")
ALLOWED_HOSTS = [h for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("GONGKAI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "gongkai.accounts",
    "gongkai.agencies",
    "gongkai.journal",
    "gongkai.workcalendar",
    "gongkai.applications",
    "gongkai.appeals",
    "gongkai.disclosures",
    "gongkai.interactions",
    "gongkai.reports",
    "gongkai.portal",
    "gongkai.workbench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

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
                "gongkai.workbench.context_processors.navigation",
            ],
        },
    }
]

# --- database -----------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "gongkai.sqlite3"
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                    " PRAGMA busy_timeout=20000; PRAGMA cache_size=-64000;"
                ),
            },
            "TEST": {"NAME": os.environ.get("GONGKAI_TEST_SQLITE") or None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts and security ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "portal:home"
LOGIN_LOCKOUT_FAILURES = int(os.environ.get("GONGKAI_LOGIN_LOCKOUT_FAILURES", 5))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("GONGKAI_LOGIN_LOCKOUT_MINUTES", 15))
SESSION_IDLE_MINUTES = int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES", 30))
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("GONGKAI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- uploads ------------------------------------------------------------------------------------
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
GONGKAI_UPLOAD_MAX_BYTES = int(os.environ.get("GONGKAI_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))

# --- locale -------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"

# --- background jobs (huey: SQLite by default, Redis when scaled out) ---------------------------
if os.environ.get("GONGKAI_REDIS_URL"):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "gongkai",
        "url": os.environ["GONGKAI_REDIS_URL"],
        "immediate": False,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "gongkai",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": env_bool("GONGKAI_HUEY_IMMEDIATE", False),
    }

# --- mail (console in development; an SMS gateway plugs in through gongkai.applications.notify) --
EMAIL_BACKEND = os.environ.get(
    "GONGKAI_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("GONGKAI_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_DEFAULT_FROM_EMAIL", "gongkai@localhost")

# Shared between processes (rate limits must hold across workers): files under var/ by default, Redis
# when configured.
if os.environ.get("GONGKAI_REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["GONGKAI_REDIS_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache"), "OPTIONS": {"MAX_ENTRIES": 20000}}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "gongkai": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}
