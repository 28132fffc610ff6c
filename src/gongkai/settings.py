"""Settings read from the environment, with a working default for everything.

GONGKAI_VAR          folder for the SQLite database, uploads and the huey queue (default: ./var)
DATABASE_URL         e.g. postgres://user@127.0.0.1:5432/gongkai (default: SQLite in WAL mode under var/)
GONGKAI_SECRET_KEY   required when GONGKAI_DEBUG=0
GONGKAI_DEBUG        1 (default) for development, 0 for production
GONGKAI_DEBUG_ERROR_PAGES  1: under DEBUG, Django's technical 404 page instead of the Chinese one
GONGKAI_ALLOWED_HOSTS comma-separated
GONGKAI_REDIS_URL    run background jobs through Redis instead of SQLite
GONGKAI_EMAIL_BACKEND, GONGKAI_EMAIL_HOST, GONGKAI_DEFAULT_FROM_EMAIL
GONGKAI_SITE_URL     the public address of the site, for links in e-mails (default http://127.0.0.1:8000)
GONGKAI_SESSION_IDLE_MINUTES  idle session timeout (default 30)
Production (docs/deploy.md tells the whole story):
GONGKAI_DB_POOL_MAX / _MIN / _TIMEOUT   PostgreSQL connection pool per process (default 4 / 1 / 5 s)
GONGKAI_DB_POOL      1 (default when GONGKAI_DEBUG=0): the pool; 0: persistent connections (CONN_MAX_AGE)
GONGKAI_TRUSTED_PROXIES  addresses/networks of the reverse proxies whose X-Forwarded-For is believed
GONGKAI_STORAGE      "file" (default: GONGKAI_MEDIA_ROOT / GONGKAI_PRIVATE_ROOT, a shared path when scaled
                     out) or "s3" (django-storages; GONGKAI_S3_BUCKET, GONGKAI_S3_ENDPOINT, …)
GONGKAI_MEDIA_ACCEL  1: public media answered with X-Accel-Redirect for nginx to send
GONGKAI_LOG_FORMAT   "json" for one JSON line per request
GONGKAI_PAGE_CACHE_SECONDS  how long anonymous portal pages stay in the cache (production default 300; 0 = off)
GONGKAI_API_READ_LIMIT / GONGKAI_API_WRITE_LIMIT  open API calls per minute per address / per token (120 / 60)
GONGKAI_API_AUTH_FAIL_LIMIT  wrong open API tokens per minute per address, then 429 (20)
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
    "gongkai.stats",
    "gongkai.api",
    "gongkai.portal",
    "gongkai.workbench",
    "gongkai.serving",
]

MIDDLEWARE = [
    "gongkai.serving.proxy.TrustedProxyMiddleware",  # first: REMOTE_ADDR is the client's from here on
    "gongkai.serving.requestlog.RequestLogMiddleware",
    "gongkai.api.middleware.JsonErrorsMiddleware",  # under /api/ every error is JSON
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.serving.headers.ResponseHeadersMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "gongkai.serving.pagecache.PublicPageCacheMiddleware",
    "gongkai.serving.busy.DatabaseBusyMiddleware",
    "gongkai.common.cleanquery.CleanQueryMiddleware",  # no control characters in GET parameters
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "gongkai.portal.errors.DebugNotFoundMiddleware",  # last: our 404 page also under DEBUG
]
CSRF_FAILURE_VIEW = "gongkai.portal.errors.csrf_failure"
# Under DEBUG a 404 shows our Chinese page; 1 shows Django's technical 404 page instead (for developers).
GONGKAI_DEBUG_ERROR_PAGES = env_bool("GONGKAI_DEBUG_ERROR_PAGES", False)

# every form drawn the same way: required marks, error summary, "请选择…" (gongkai.common.formrender)
FORM_RENDERER = "gongkai.common.formrender.FormRenderer"

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
# Every SQLite database gets these: WAL (readers never block the writer), a 20 s busy timeout, and
# BEGIN IMMEDIATE so that a writer waits for the lock up front instead of failing half-way.
SQLITE_BUSY_SECONDS = int(os.environ.get("GONGKAI_SQLITE_BUSY_SECONDS", 20))
SQLITE_OPTIONS = {
    "timeout": SQLITE_BUSY_SECONDS,
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        f" PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}; PRAGMA cache_size=-64000;"
    ),
}


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": SQLITE_PATH, "OPTIONS": dict(SQLITE_OPTIONS),
                "TEST": {"NAME": os.environ.get("GONGKAI_TEST_SQLITE") or None}}
    db = dj_database_url.parse(url)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["OPTIONS"] = {**SQLITE_OPTIONS, **db.get("OPTIONS", {})}
    elif db["ENGINE"] == "django.db.backends.postgresql":
        # JIT off for the platform's connections: its queries are short, OLTP-like lookups and grouped
        # counts over indexes, where compiling the plan costs more than running it (the dashboard's 政策解读
        # query spent ~75% of its time in JIT compilation at 1,000,000 items). Set per connection, so no
        # server configuration is needed; an OPTIONS "options" given in DATABASE_URL comes after and wins.
        opts = db.setdefault("OPTIONS", {})
        opts["options"] = " ".join(filter(None, ["-c jit=off", opts.get("options", "")]))
        if env_bool("GONGKAI_DB_POOL", not DEBUG):
            # One bounded pool per process: a request waits up to TIMEOUT for a connection, then gets a
            # 503 (gongkai.serving.busy). The server never holds more than processes × MAX connections.
            db["CONN_MAX_AGE"] = 0
            db.setdefault("OPTIONS", {})["pool"] = {
                "min_size": int(os.environ.get("GONGKAI_DB_POOL_MIN", 1)),
                "max_size": int(os.environ.get("GONGKAI_DB_POOL_MAX", 4)),
                "timeout": float(os.environ.get("GONGKAI_DB_POOL_TIMEOUT", 5)),
            }
        else:
            db["CONN_MAX_AGE"] = int(os.environ.get("GONGKAI_DB_CONN_MAX_AGE", 60))
            db["CONN_HEALTH_CHECKS"] = True
    return db


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts and security ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "gongkai.accounts.security.StaffPasswordHasher",  # argon2id, 46 MiB (measured: see that module)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [  # staff passwords (issue 15 item 11; gongkai.accounts.password_rules)
    {"NAME": "gongkai.accounts.password_rules.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.accounts.password_rules.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "gongkai.accounts.password_rules.CommonPasswordValidator"},
    {"NAME": "gongkai.accounts.password_rules.NumericPasswordValidator"},
    {"NAME": "gongkai.accounts.password_rules.NotBlankValidator"},
    {"NAME": "gongkai.accounts.password_rules.CommonPatternValidator"},
    {"NAME": "gongkai.accounts.password_rules.AccountAndAgencyValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "portal:home"
LOGIN_LOCKOUT_FAILURES = int(os.environ.get("GONGKAI_LOGIN_LOCKOUT_FAILURES", 5))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("GONGKAI_LOGIN_LOCKOUT_MINUTES", 15))
LOGIN_IP_LIMIT = int(os.environ.get("GONGKAI_LOGIN_IP_LIMIT", 20))  # login attempts per address …
LOGIN_IP_WINDOW = int(os.environ.get("GONGKAI_LOGIN_IP_WINDOW", 300))  # … per this many seconds
SESSION_IDLE_MINUTES = int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES", 30))
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy: scripts only from our own static files (no inline script anywhere); inline
# style attributes remain in a few templates, so styles allow them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    # Behind a TLS proxy the scheme comes from X-Forwarded-Proto, which the trusted-proxy middleware
    # removes from any request that did not come through a configured proxy.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("GONGKAI_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("GONGKAI_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # monitoring probes the app server over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- behind a proxy -----------------------------------------------------------------------------
# Addresses or networks (comma-separated, e.g. "127.0.0.1,10.0.0.0/24") of the reverse proxies in front of
# the app servers. Only through them are X-Forwarded-For and X-Forwarded-Proto believed.
GONGKAI_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("GONGKAI_TRUSTED_PROXIES", "").split(",") if p.strip()]
USE_X_FORWARDED_HOST = False
GONGKAI_LOG_FORMAT = os.environ.get("GONGKAI_LOG_FORMAT", "text")
GONGKAI_BENCH_HELLO = env_bool("GONGKAI_BENCH_HELLO", False)  # /_hello: the load benchmark's baseline

# --- uploads ------------------------------------------------------------------------------------
# Public media (published attachments) and private files (applicants' attachments) live on a shared
# storage when several app servers run: a shared path (NFS or similar) by default, or S3-compatible
# object storage through django-storages (GONGKAI_STORAGE=s3).
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"
GONGKAI_PRIVATE_ROOT = Path(os.environ.get("GONGKAI_PRIVATE_ROOT") or VAR_DIR / "private")
GONGKAI_MEDIA_ACCEL = env_bool("GONGKAI_MEDIA_ACCEL", False)  # nginx sends /media/ files (X-Accel-Redirect)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
GONGKAI_UPLOAD_MAX_BYTES = int(os.environ.get("GONGKAI_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("GONGKAI_STATIC_ROOT") or VAR_DIR / "static")
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass
WHITENOISE_USE_FINDERS = DEBUG  # development: straight from the apps' static folders
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "gongkai.applications.storage.PrivateStorage"},
    # Hashed, compressed static files in production (collectstatic); plain files in development.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("GONGKAI_STORAGE", "file") == "s3":
    _s3 = {
        "bucket_name": os.environ.get("GONGKAI_S3_BUCKET", "gongkai"),
        "endpoint_url": os.environ.get("GONGKAI_S3_ENDPOINT") or None,
        "region_name": os.environ.get("GONGKAI_S3_REGION") or None,
        "access_key": os.environ.get("GONGKAI_S3_ACCESS_KEY") or None,
        "secret_key": os.environ.get("GONGKAI_S3_SECRET_KEY") or None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage",
                           "OPTIONS": {**_s3, "location": "media", "querystring_auth": False}}
    STORAGES["private"] = {"BACKEND": "storages.backends.s3.S3Storage",
                           "OPTIONS": {**_s3, "location": "private", "default_acl": "private",
                                       "querystring_auth": True, "querystring_expire": 300}}

# --- locale -------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Redis: cache, sessions' fast path, rate-limit counters, job queue (when scaled out) -------------
REDIS_URL = os.environ.get("GONGKAI_REDIS_URL", "")
REDIS_PREFIX = os.environ.get("GONGKAI_REDIS_PREFIX", "gongkai")  # several sites may share one Redis

# --- background jobs (huey: SQLite by default, Redis when scaled out) ---------------------------
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": REDIS_PREFIX,
        "url": REDIS_URL,
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
# the public address of the site, for links in messages sent outside a request (e-mails to applicants)
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Shared between processes and hosts (rate limits must hold across workers): Redis when configured,
# files under var/ otherwise (counters then live in a SQLite file beside them: gongkai.serving.counters).
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": REDIS_PREFIX}}
    # Sessions are written to the database (so that a submission and the session that remembers its
    # receipt commit together) and read through the cache.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache"), "OPTIONS": {"MAX_ENTRIES": 20000}}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
GONGKAI_PAGE_CACHE_SECONDS = int(os.environ.get("GONGKAI_PAGE_CACHE_SECONDS", 0 if DEBUG else 300))
# the open API (gongkai.api.limits): calls per minute per client address (reads) and per token (writes)
GONGKAI_API_READ_LIMIT = int(os.environ.get("GONGKAI_API_READ_LIMIT", 120))
GONGKAI_API_WRITE_LIMIT = int(os.environ.get("GONGKAI_API_WRITE_LIMIT", 60))
GONGKAI_API_AUTH_FAIL_LIMIT = int(os.environ.get("GONGKAI_API_AUTH_FAIL_LIMIT", 20))  # wrong tokens per address per minute

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"bare": {"format": "%(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler"},
                 "requests": {"class": "logging.StreamHandler", "formatter": "bare",
                              "stream": "ext://sys.stdout"}},
    "loggers": {
        "gongkai": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
        "gongkai.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}
