"""GovIT settings: every value comes from an environment variable.

One module for every deployment: a laptop (`make run`, SQLite, DEBUG on), one district's
server (SQLite in WAL mode) or several app servers sharing PostgreSQL. A bad value raises
ImproperlyConfigured naming the variable, so a misconfigured server refuses to start instead
of running on a silent default.

Variables (all optional while DEBUG is on):
  DEBUG                 0/1/true/false; default 1 (the local run)
  SECRET_KEY            or SECRET_KEY_FILE; required when DEBUG is off
  DATABASE_URL          default sqlite:///<repo>/var/govit.sqlite3;
                        PostgreSQL: postgres://user@127.0.0.1:5432/name
  CONN_MAX_AGE          seconds a database connection is kept; default 60
  STATIC_ROOT           where `collectstatic` puts files; default <repo>/var/static
  ALLOWED_HOSTS         comma-separated; default 127.0.0.1,localhost
  CSRF_TRUSTED_ORIGINS  comma-separated, e.g. https://govit.yuzhong.gov.cn
  HTTPS                 the site is served over HTTPS (secure cookies, HSTS); default: not DEBUG
  SECURE_SSL_REDIRECT   redirect http to https in Django (not /healthz); default 0
  SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD  HSTS; on with HTTPS, 0, 0
  BEHIND_PROXY          trust X-Forwarded-Proto from the reverse proxy; default 0
  EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD(_FILE), EMAIL_USE_TLS, …
  GOVIT_POLICY_DIRS     extra folders of regulation versions (data files) beside the shipped ones; a
                        project follows the version in force on its application date (R9.4)
  MEDIA_ROOT            where uploaded documents are stored; default <repo>/var/media
  GOVIT_BACKUP_DIR      where `govit manage backup` writes its archives; default <repo>/var/backups
  GOVIT_EXPORT_INLINE_ROWS  a list export longer than this runs as a background job; default 200000
  GOVIT_IMPORT_INLINE_ROWS  a list import of more projects runs as a background job; default 300
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from govit.request_id import logging_config

BASE_DIR = Path(__file__).resolve().parents[2]

_TRUE = {"1", "true"}
_FALSE = {"0", "false"}


def envbool(name: str, default: bool) -> bool:
    """Read a 0/1/true/false variable; anything else is a configuration error."""
    value = os.environ.get(name)
    if value is None:
        return default
    normalised = value.strip().lower()
    if normalised in _TRUE:
        return True
    if normalised in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 0, 1, true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    """Read a non-negative integer variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None
    if number < 0:
        raise ImproperlyConfigured(f"{name} must not be negative, not {value!r}")
    return number


def envlist(name: str, default: str) -> list[str]:
    """Read a comma-separated variable; blanks around and between items are dropped."""
    value = os.environ.get(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]


def envsecret(name: str) -> str | None:
    """Read a secret from NAME, or from the file NAME_FILE points to (Docker/systemd secrets)."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value is not None and path is not None:
        raise ImproperlyConfigured(f"set either {name} or {name}_FILE, not both")
    if path is None:
        return value
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {error.strerror}") from None


SQLITE_OPTIONS = {
    # WAL lets readers go on while one writer writes; NORMAL is safe with WAL and much faster.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    # The write lock at the transaction's start: two writers queue, none fails "database is locked".
    "transaction_mode": "IMMEDIATE",
    # Seconds a writer waits for the lock before giving up.
    "timeout": 20,
}

_ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}


def database_config(url: str, conn_max_age: int) -> dict:
    """Turn DATABASE_URL into Django's DATABASES["default"]; only SQLite and PostgreSQL are supported."""
    try:
        config = dict(dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
    if config["ENGINE"] not in _ENGINES:
        raise ImproperlyConfigured(
            "DATABASE_URL must point to SQLite (sqlite://) or PostgreSQL (postgres://)"
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


def _var_dir() -> Path:
    """<repo>/var, git-ignored: the local run's database and collected static files."""
    var_dir = BASE_DIR / "var"
    # static/ too: WhiteNoise warns on every start when STATIC_ROOT does not exist yet.
    (var_dir / "static").mkdir(parents=True, exist_ok=True)
    return var_dir


# Only for development: a server with DEBUG off must be given its own key.
DEV_SECRET_KEY = "govit-dev-only-insecure-key-never-use-in-production"


def secret_key(debug: bool) -> str:
    """The SECRET_KEY; the fixed development key is refused when DEBUG is off."""
    key = envsecret("SECRET_KEY")
    if key:
        return key
    if debug:
        return DEV_SECRET_KEY
    raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")


# --- Core --------------------------------------------------------------------------------------

DEBUG = envbool("DEBUG", True)
SECRET_KEY = secret_key(DEBUG)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Login failures per account and per address (等保 登录失败处理), second factors (TOTP, recovery codes).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "govit.accounts",
    "govit.front",
    "govit.projects",
    "govit.documents",
    "govit.approvals",
    "govit.experts",
    "govit.construction",
    "govit.funds",
    "govit.acceptance",
    "govit.operation",
    "govit.papers",
    "govit.findings",
    "govit.workflow",
    "govit.api",
    "govit.reminders",
    "govit.holidays",
    "govit.audit",
    "govit.backup",
    "govit.jobs",
    "govit.similar",
    "govit.public",
    "govit.plans",
]

MIDDLEWARE = [
    # First: every response carries its X-Request-ID, and every log line written while serving it.
    "govit.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # No control character (NUL, ESC, U+202E …) in any text that comes in (govit.front.text).
    "govit.front.middleware.ControlCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A login that went idle or too old ends; a password to change and a second factor come first.
    "govit.accounts.middleware.AccountSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "govit.front.middleware.ContentSecurityPolicyMiddleware",
    "govit.front.middleware.NotFoundPageMiddleware",  # GovIT's 404 with DEBUG on too
    # Who acts and from which address, for the record changes the audit log captures.
    "govit.audit.middleware.AuditContextMiddleware",
    # Last: it answers a locked-out login with GovIT's own page or JSON (accounts.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "govit.urls"
WSGI_APPLICATION = "govit.wsgi.application"

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
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------------

DATABASES = {
    "default": database_config(
        os.environ.get("DATABASE_URL") or f"sqlite:///{_var_dir() / 'govit.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests run on a file per process, not Django's shared in-memory database: only a file gives
    # SQLite's real locking (a second writer waits), which the concurrency tests rely on.
    DATABASES["default"]["TEST"] = {"NAME": str(_var_dir() / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People ------------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "front:login"
LOGIN_REDIRECT_URL = "front:home"
LOGOUT_REDIRECT_URL = "front:login"
# Axes first: it refuses a locked-out account or address before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "govit.accounts.backends.UserBackend"]
# The password policy (accounts.passwords): 12+ characters of three classes, not like the name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "govit.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "govit.accounts.passwords.NotUsernameValidator"},
]
# New passwords are hashed with PBKDF2 over HMAC-SM3 (密评); older hashes are re-hashed at the next login.
PASSWORD_HASHERS = [
    "govit.accounts.hashers.PBKDF2SM3PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# A password older than this many days must be changed at the next login (等保 口令定期更换; 0: never).
GOVIT_PASSWORD_MAX_DAYS = envint("GOVIT_PASSWORD_MAX_DAYS", 90)
GOVIT_EXPORT_INLINE_ROWS = envint("GOVIT_EXPORT_INLINE_ROWS", 200_000)  # longer: a background job
GOVIT_IMPORT_INLINE_ROWS = envint("GOVIT_IMPORT_INLINE_ROWS", 300)  # an import of more: a background job
# Two-factor login: required of the three administrators; with this, of everyone (等保 read strictly).
GOVIT_TWO_FACTOR_FOR_EVERYONE = envbool("GOVIT_TWO_FACTOR_FOR_EVERYONE", False)
# A reset link (accounts.services.password_reset_issue) works once, for this long.
PASSWORD_RESET_TIMEOUT = envint("GOVIT_PASSWORD_RESET_HOURS", 24) * 3600

# A login ends after a working day (the absolute limit), or this many idle minutes (等保; accounts.middleware).
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
GOVIT_SESSION_IDLE_MINUTES = envint("GOVIT_SESSION_IDLE_MINUTES", 30)

# 登录失败处理: 5 failures of one account, or from one address, lock it for 30 minutes.
AXES_FAILURE_LIMIT = envint("GOVIT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("GOVIT_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # 30 minutes from the lockout, not the last try
AXES_LOCKOUT_CALLABLE = "govit.accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "govit.accounts.lockout.client_address"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # the audit log records every login and failure already

# Two-factor login (TOTP, RFC 6238): required for the three administrators, optional for others.
OTP_TOTP_ISSUER = "GovIT 渝中区政务信息化"

# API tokens expire after this many days; a person holds at most this many (the oldest goes).
GOVIT_API_TOKEN_DAYS = envint("GOVIT_API_TOKEN_DAYS", 30)
GOVIT_API_TOKENS_PER_PERSON = envint("GOVIT_API_TOKENS_PER_PERSON", 5)

# --- Language and time -------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------------

# Every asset is served by GovIT itself: government intranets have no internet (R8.6).
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or _var_dir() / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files need `collectstatic`; with DEBUG on, files are served as they are.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# --- E-mail ------------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", f"django.core.mail.backends.{'console' if DEBUG else 'smtp'}.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "GovIT <govit@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ----------------------------------------------------------------------------------

# These headers cost nothing, so they are on in development too.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "govit.api.errors.csrf_failure"  # under /api/: the API's JSON error shape

# Nothing loads from outside the machine, and the browser enforces it; on when DEBUG is off (R8.6).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# On plain-http intranet servers set HTTPS=0, or the browser drops the secure cookies.
HTTPS = envbool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a probe on the machine itself asks over plain http
# Behind the proxy, a person's address is the last X-Forwarded-For hop (audit.context.request_address).
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging: one line per record, with the id of the request being served (govit.request_id) ---
LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO"))

# --- GovIT -------------------------------------------------------------------------------------

# Uploaded documents are never public media: downloads go through a view that checks access (R3.10).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

# --- The audit log (等保 安全审计) ----------------------------------------------------------------

# The key of the log's HMAC-SM3 chain is never in the database: whoever can write the database
# cannot rewrite the chain. Development and tests generate one under var/ on first use.
GOVIT_AUDIT_KEY = envsecret("GOVIT_AUDIT_KEY")
if not GOVIT_AUDIT_KEY and not DEBUG:
    raise ImproperlyConfigured("GOVIT_AUDIT_KEY (or GOVIT_AUDIT_KEY_FILE) must be set when DEBUG is off")
GOVIT_AUDIT_DEV_KEY_FILE = BASE_DIR / "var" / "audit.key"
# Signed checkpoints of the chain's head and the exports of pruned events: outside the database.
GOVIT_AUDIT_CHECKPOINT_DIR = Path(os.environ.get("GOVIT_AUDIT_CHECKPOINT_DIR") or BASE_DIR / "var" / "audit")
# 网络安全法 第二十一条: network logs are kept for no less than six months.
AUDIT_RETENTION_MINIMUM = 183
GOVIT_AUDIT_RETENTION_DAYS = envint("GOVIT_AUDIT_RETENTION_DAYS", AUDIT_RETENTION_MINIMUM)
if GOVIT_AUDIT_RETENTION_DAYS < AUDIT_RETENTION_MINIMUM:
    raise ImproperlyConfigured(
        f"GOVIT_AUDIT_RETENTION_DAYS must be at least {AUDIT_RETENTION_MINIMUM} (网络安全法 第二十一条)"
    )

# --- Backups -----------------------------------------------------------------------------------

# `govit manage backup` writes its archives here unless --out says otherwise; restore stages there.
GOVIT_BACKUP_DIR = Path(os.environ.get("GOVIT_BACKUP_DIR") or BASE_DIR / "var" / "backups")
