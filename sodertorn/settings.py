"""Settings for the Södertörn portal, all read from the environment (see .env.example)."""

import datetime
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# Read as it is: django-environ would take a key that starts with "$", as one in fifty made by Django's
# get_random_secret_key() does, for a reference to another variable.
SECRET_KEY = env.ENVIRON.get("SECRET_KEY", "")
if DEBUG:
    # A fixed key is only acceptable on a developer's machine.
    SECRET_KEY = SECRET_KEY or "django-insecure-development-key-for-the-sodertorn-portal"
elif len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be set (at least 32 characters) when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set when DEBUG is off: the host names the portal answers to, "
        "comma-separated (ALLOWED_HOSTS=portal.example.se)."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, whose forms it gives a field per language (django-modeltranslation's rule).
    "modeltranslation",
    "apps.core.apps.CoreAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "import_export",
    "simple_history",
    "adminsortable2",
    "apps.core.apps.TasksConfig",  # django_tasks_db, named in Swedish
    "apps.core",
    "apps.portal",
    "apps.municipalities",
    "apps.bodies",
    "apps.meetings",
    "apps.programme",
    "apps.plans",
    "apps.budgets",
    "apps.rotations",
    "apps.keyfigures",
    "apps.documents",
    "apps.notices",
    "apps.minutes",
    "apps.api",
    "apps.catalogue",
    "apps.followup",
]

MIDDLEWARE = [
    # /health/ first: the load balancers' check answers without the work below (apps/core/views.py).
    "apps.core.views.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session was signed in with a two-factor code.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "apps.core.cache.AnonymousPageCacheMiddleware",
    # Inside the page cache, which then stores pages already compressed (see apps/core/cache.py).
    "apps.core.cache.PageGZipMiddleware",
    # Last, as django-axes asks: turns a refused login into its 429 page (apps/core/throttle.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sodertorn.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "apps.portal.context_processors.demo_data",
            ],
        },
    },
]

WSGI_APPLICATION = "sodertorn.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A kept connection that died with a database restart or failover is replaced, not handed to a request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://sodertorn")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that does not answer must not hold a request: pages are then served uncached (apps/core/locks.py);
    # failed logins are counted in the database. Options in CACHE_URL's query (?socket_timeout=5) take precedence.
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 1, "socket_timeout": 2, **CACHES["default"].get("OPTIONS", {}),
    }

# Anonymous requests that the page cache cannot answer (a page rendered, a PDF) are limited per client address
# by django-ratelimit, counted in the cache; beyond the rate the portal answers 429 (templates/429.html). Logged-in
# staff are not limited. django_ratelimit is not in INSTALLED_APPS: that app holds only system checks, which
# reject the in-process cache of a developer's machine and do not know Django's own RedisCache.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
UNCACHED_RATE = env("UNCACHED_RATE", default="60/m")
# A count the cache lost (its window closed between two calls) lets the page through, as a cache error does.
RATELIMIT_FAIL_OPEN = True
# The longest one of search's queries may run on PostgreSQL, in milliseconds (apps/portal/views.py).
SEARCH_STATEMENT_TIMEOUT = env.int("SEARCH_STATEMENT_TIMEOUT", default=2000)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
# Content the secretariat writes (the programme, the bodies) has a field per language: name_sv, name_en
# (apps/programme/translation.py, apps/bodies/translation.py). Swedish is the text of record; an English page shows
# the English text where there is one and otherwise the Swedish, marked lang="sv" (apps/core/templatetags/core.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "sv"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("sv",)
# A row made in code, a fixture or a test with `name="…"` gets its Swedish field too, whatever language is active.
MODELTRANSLATION_AUTO_POPULATE = "default"
# A slug is made from the Swedish name, whatever language the admin is read in.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "sv"


def _verbose_name_in(verbose_name, language):
    """The admin's label of one language's field: "vision (svenska)", "vision (engelska)"."""
    from django.utils.translation import get_language

    name = str(dict(LANGUAGES)[language])
    return f"{verbose_name} ({name.lower() if get_language() == 'sv' else name})"


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _verbose_name_in

LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["sodertorn.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Uploaded agenda attachments and minutes.
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)

# The portal's own address, for links that leave it: in e-mails, feeds and documents. Never taken from a request.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Mail goes out by SMTP, configured by one URL, e.g. smtp+tls://user:password@mail.example.se:587
# (django-environ's e-mail URL; filemail:///path writes each message to a file instead, as scripts/serve does),
# turned into Django 6.1's MAILERS.
EMAIL_URL = env("EMAIL_URL", default="smtp://localhost:25")
_mail = env.email_url_config(EMAIL_URL)
if _mail["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    # django-environ drops the leading slash of an absolute path.
    _mail_options = {"file_path": urlsplit(EMAIL_URL).path}
else:
    _mail_options = {
        "host": _mail["EMAIL_HOST"], "port": _mail["EMAIL_PORT"], "username": _mail["EMAIL_HOST_USER"],
        "password": _mail["EMAIL_HOST_PASSWORD"], "use_tls": _mail.get("EMAIL_USE_TLS"),
        "use_ssl": _mail.get("EMAIL_USE_SSL"), "timeout": env.int("EMAIL_TIMEOUT", default=30),
    }
MAILERS = {"default": {
    "BACKEND": _mail["EMAIL_BACKEND"],
    "OPTIONS": {name: value for name, value in _mail_options.items() if value not in (None, "")},
}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Södertörnssekretariatet <sekretariatet@localhost>")

# Background work (sending the kallelse) runs in `manage.py db_worker`, which reads the queue from the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The secretariat named as sender on documents.
SECRETARIAT_NAME = env("SECRETARIAT_NAME", default="Södertörnssekretariatet, Huddinge kommun")
# How many processes render the parts of a long document at once (apps/documents/parts.py); 1 renders every
# document in the process that asks for it. By default one per processor, at most four.
PDF_PROCESSES = env.int("PDF_PROCESSES", default=min(os.cpu_count() or 1, 4))

# The organisation that publishes the open data, as the catalogue for Sweden's data portal names it (DCAT-AP-SE,
# apps/catalogue): by default Huddinge kommun, which hosts the secretariat. The organisation number is ten digits
# (a dash after the sixth allowed); dataportal.se knows a publisher by it.
PUBLISHER_NAME = env("PUBLISHER_NAME", default="Huddinge kommun")
PUBLISHER_ORGANISATION_NUMBER = env("PUBLISHER_ORGANISATION_NUMBER", default="212000-0068").replace("-", "")
if not re.fullmatch(r"\d{10}", PUBLISHER_ORGANISATION_NUMBER):
    raise ImproperlyConfigured("PUBLISHER_ORGANISATION_NUMBER must be ten digits, e.g. 212000-0068.")
PUBLISHER_URL = env("PUBLISHER_URL", default="https://www.huddinge.se/")

# Adjusted minutes are signed digitally (PAdES, with pyHanko) by the certificate and key in this PKCS#12 file
# (.p12/.pfx), opened with the password; unset, the record of who confirmed them stands alone
# (apps/minutes/signing.py). The password is read as it is, like SECRET_KEY, "$" and all.
MINUTES_SIGNING_PKCS12 = env("MINUTES_SIGNING_PKCS12", default="")
MINUTES_SIGNING_PASSWORD = env.ENVIRON.get("MINUTES_SIGNING_PASSWORD", "")
if MINUTES_SIGNING_PKCS12 and not Path(MINUTES_SIGNING_PKCS12).is_file():
    raise ImproperlyConfigured(f"MINUTES_SIGNING_PKCS12 names no file: {MINUTES_SIGNING_PKCS12}")
# How many days a personal link to confirm minutes (justering) stays good, while the minutes wait for it.
MINUTES_LINK_DAYS = env.int("MINUTES_LINK_DAYS", default=30)

# Behind nginx or a load balancer that ends TLS and sets X-Forwarded-Proto and X-Forwarded-For.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers ask for the health check over plain HTTP, inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every script and style sheet is a file of our own, the admin's included, so no inline code is allowed.
# No nonce either: anonymous pages come from the page cache, and a cached nonce would be no secret.
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# No script of ours reads the CSRF token from the cookie; forms carry it.
CSRF_COOKIE_HTTPONLY = True

SILENCED_SYSTEM_CHECKS = [
    # security.W021 (SECURE_HSTS_PRELOAD off): preloading binds the whole registered domain, usually a
    # municipality's, to HTTPS for good; that is the domain owner's decision, so it is opt-in through the
    # environment.
    "security.W021",
]

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# The secretariat keeps its tables in Excel; CSV for everything else.
IMPORT_EXPORT_FORMATS = [CSV, XLSX]

LOGIN_URL = "admin:login"

# Failed logins are counted by django-axes in the database, where nothing evicts them (apps/core/throttle.py): five
# failures for one username in 15 minutes lock that username from every address, fifty from one address lock
# that address (a whole office behind one address is not locked out by one person's typos). A failure that cannot
# be recorded refuses the login.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, which loads the person logged in together with whether they have two-factor sign-in.
    "apps.core.sites.PortalModelBackend",
]
AXES_HANDLER = "apps.core.throttle.PortalAxesHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = 5  # per username; the per-address limit is LOGIN_FAILURES_PER_ADDRESS
LOGIN_FAILURES_PER_ADDRESS = 50
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
# Tries made while locked out are refused without being counted, so the lock ends 15 minutes after the last
# counted failure rather than being kept up for ever by whoever goes on guessing.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "apps.core.throttle.client_address"
AXES_USERNAME_CALLABLE = "apps.core.throttle.username_counted"
AXES_LOCKOUT_CALLABLE = "apps.core.throttle.locked_out"
AXES_VERBOSE = False
# Its pages are not in Swedish; an administrator unlocks a username with `manage.py axes_reset_username <name>`.
AXES_ENABLE_ADMIN = False

# Two-factor sign-in (TOTP, django-otp): anyone with a role may set it up in the admin; administrators and
# superusers must have it when this is on (default: when DEBUG is off, so the development login works at once).
OTP_REQUIRED_FOR_ADMINS = env.bool("OTP_REQUIRED_FOR_ADMINS", default=not DEBUG)
OTP_TOTP_ISSUER = "Södertörnsportalen"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
