"""Localism settings.

Every deploy knob comes from the environment (see docs/configuration.md). With nothing set, the
service runs on the embedded defaults: a SQLite file and a filesystem Celery broker under var/.
"""

import datetime
import os
from pathlib import Path

import environ
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# Where the embedded defaults keep their state: the SQLite file, the broker's folders, media.
VAR_DIR = Path(env.str("LOCALISM_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Fail closed: without DJANGO_DEBUG=true this is production, and production needs its own key
# and gets the secure defaults below.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Local debug runs get a throwaway key; `check --deploy` fails while it is in use.
INSECURE_SECRET_KEY = "localism-insecure-local-key-set-DJANGO_SECRET_KEY-in-production-0123456789"
SECRET_KEY_MISSING = (
    "DJANGO_SECRET_KEY is not set. Outside debug mode the site will not start without it: set it to "
    "at least 50 random characters, e.g. the output of "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`, "
    "or set DJANGO_DEBUG=true for a local run (see docs/configuration.md)."
)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or (INSECURE_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(SECRET_KEY_MISSING)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DJANGO_APPS = [
    "localism.core.apps.AdminConfig",  # Django's admin, on the project's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "axes",
    "csp",
]
LOCAL_APPS = [
    "localism.core",
    "localism.accounts",
    "wards",
    "hubs",
    "assets",
    "engagement",
    "localism.reports",
]
# A file's name in the history is text of the file field's own length, like every text of ours.
SIMPLE_HISTORY_FILEFIELD_TO_CHARFIELD = True

INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: a kept public page is served without opening one (localism/core/pagecache.py).
    "localism.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "localism.core.views.ServiceErrorMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "localism.urls"
WSGI_APPLICATION = "localism.wsgi.application"

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
                "localism.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'localism.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A web worker keeps its connection between requests (one a gunicorn worker): opening one costs
# more than most requests' own queries (PostgreSQL's authentication and backend start; SQLite's
# reading of the whole schema on a connection's first statement). It is checked before a
# request reuses it, so one the database dropped is replaced, not failed on.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock rather than fail at once: the web process and the worker share the file.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    # A file, not shared memory, so a test's Celery worker and live server lock it as production
    # does; one per test run, so that two runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-localism-{os.getpid()}.sqlite3")}
# A read replica for the monthly reports' reads (localism/core/db_router.py), when one is given.
if DATABASE_REPLICA_URL := env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # Tests read the replica's rows from default, as replication would.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["localism.core.db_router.ReportReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in while its account (from that address) or its address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password guessing: after DJANGO_SIGN_IN_FAILURE_LIMIT wrong passwords for one account from one
# address, or from one address for any accounts, sign-in is refused for DJANGO_SIGN_IN_LOCKOUT_MINUTES
# (on the site and in admin). An account is never locked for everyone: someone guessing from
# elsewhere cannot keep its owner out, and a lockout ends on time however often it is retried.
AXES_FAILURE_LIMIT = env.int("DJANGO_SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("DJANGO_SIGN_IN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address is the connection's, unless a proxy in front says otherwise (a header a
# visitor could forge is never trusted by default).
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("DJANGO_CLIENT_IP_HEADERS", default=["REMOTE_ADDR"])
AXES_VERBOSE = False
# Sign-in records (django-axes: failed attempts and the log of sign-ins, with the address and
# browser they came from) are deleted after this many days by a nightly job (accounts 0002);
# the privacy notice states the period.
SIGN_IN_RECORDS_DAYS = env.int("DJANGO_SIGN_IN_RECORDS_DAYS", default=30)
# A contract's renewal window, when wards' councillors give their input, opens this many months
# before the date its renewal decision must be taken by.
LOCALISM_CONTRACT_RENEWAL_WINDOW_MONTHS = env.int("LOCALISM_CONTRACT_RENEWAL_WINDOW_MONTHS", default=12)
# A closed account (someone who no longer has a role in the service) is deleted this many days
# after it was closed; bookings, and the names against the records of changes, are kept this
# many years after the booking or the record ends. Nightly jobs enforce both; the privacy
# notice states them.
CLOSED_ACCOUNT_DAYS = env.int("DJANGO_CLOSED_ACCOUNT_DAYS", default=180)
RECORDS_YEARS = env.int("DJANGO_RECORDS_YEARS", default=6)
# A booking's contact (name, phone, email of the person responsible) is blanked this many days
# after the booking ends, by a nightly job; the booking itself is kept RECORDS_YEARS.
BOOKING_CONTACT_DAYS = env.int("DJANGO_BOOKING_CONTACT_DAYS", default=90)
# Consultations: answers without an account from one IP address per hour (more get a 429 page),
# and how close together two responses with the same answers, postcode and browser must be to be
# flagged as suspected duplicates for officers to check.
ENGAGEMENT_RESPONSES_PER_HOUR = env.int("DJANGO_ENGAGEMENT_RESPONSES_PER_HOUR", default=20)
ENGAGEMENT_DUPLICATE_MINUTES = env.int("DJANGO_ENGAGEMENT_DUPLICATE_MINUTES", default=30)
# A consultation response's personal data (its postcode, browser key, "About you" and the text of
# free-text answers) is removed this many days after the consultation closes, and an idea's
# supporters' browser keys this many days after the support was given, by a nightly job
# (engagement 0005); the choices stay, unnamed, for the results. The privacy notice states it.
RESPONSE_DATA_DAYS = env.int("DJANGO_RESPONSE_DATA_DAYS", default=365)
# Residents' accounts: the link that confirms an e-mail address works for this many hours; an
# address (the connection's, as for sign-in) may register this many accounts an hour.
RESIDENT_CONFIRM_LINK_HOURS = env.int("DJANGO_RESIDENT_CONFIRM_LINK_HOURS", default=72)
RESIDENT_REGISTRATIONS_PER_HOUR = env.int("DJANGO_RESIDENT_REGISTRATIONS_PER_HOUR", default=5)
# Residents' ideas: how many one address may propose in an hour without an account (counted in
# the cache).
IDEAS_ANONYMOUS_PER_HOUR = env.int("DJANGO_IDEAS_ANONYMOUS_PER_HOUR", default=5)
# The one cookie of a browser without an account, on the engagement pages: it lets a browser
# support an idea once and flags the same answers sent twice from it (a hash is kept, never the
# cookie itself; the cookies page explains it).
ENGAGEMENT_BROWSER_COOKIE = env.str("DJANGO_ENGAGEMENT_BROWSER_COOKIE", default="localism_browser")
ENGAGEMENT_BROWSER_COOKIE_DAYS = env.int("DJANGO_ENGAGEMENT_BROWSER_COOKIE_DAYS", default=365)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Ward Forum minutes uploaded as a file (PDF or Word): the largest file taken, in bytes.
MINUTES_FILE_MAX_BYTES = env.int("DJANGO_MINUTES_FILE_MAX_BYTES", default=10 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage",
        )
    },
}
# Tests and `runserver` find static files where they are; production serves collectstatic's copy.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)

# --- Security (production values unless debug is on or the environment says otherwise) ------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response (django-csp): scripts only from this site or with the
# page's nonce (the GOV.UK Frontend "js-enabled" line), nothing from any other origin, no
# plugins, no framing. The API docs page relaxes styles only (Swagger UI styles its elements).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF, "data:"],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}

# The largest JSON body the API reads: 1 MB is far more than any request of ours needs.
API_MAX_BODY_BYTES = env.int("DJANGO_API_MAX_BODY_BYTES", default=1_000_000)

# The asset register (assets): the largest register file an officer may upload (5 MB holds tens
# of thousands of rows), and who the Transparency Code export names as its publisher.
ASSETS_IMPORT_MAX_BYTES = env.int("DJANGO_ASSETS_IMPORT_MAX_BYTES", default=5_000_000)
ASSETS_ORGANISATION = env("DJANGO_ASSETS_ORGANISATION", default="Birmingham City Council")
ASSETS_ORGANISATION_LABEL = env("DJANGO_ASSETS_ORGANISATION_LABEL", default="E08000025")

# --- REST framework: the partner API ------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "localism.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "localism.core.api.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "localism.core.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "localism.core.api.exception_handler",
    # Bodies are JSON (the partner contract), bounded in size and depth (a clear 413 or 400), so
    # that a number is a number and text is text (localism.core.api.StrictTypesMixin).
    "DEFAULT_PARSER_CLASSES": ["localism.core.parsers.BoundedJSONParser"],
    # Request floods: anonymous clients by address, signed-in ones (token or session) by account,
    # one cache round trip a request (localism/core/throttle.py).
    "DEFAULT_THROTTLE_CLASSES": ["localism.core.throttle.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("DJANGO_API_THROTTLE_ANON", default="600/min"),
        "user": env.str("DJANGO_API_THROTTLE_USER", default="3000/min"),
    },
    # How many proxies in front of the site set X-Forwarded-For: 0 trusts none of it.
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Localism partner API",
    "DESCRIPTION": (
        "Birmingham's wards, Ward Plans, hubs and open data for council partners. "
        "Authenticate with `Authorization: Token <key>`; anonymous clients read what is public."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Deep links put a link inside each operation's button, which assistive technology cannot use.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for a choice set that several fields use.
    "ENUM_NAME_OVERRIDES": {"LsoaFitEnum": "wards.models.profiles.LsoaFit"},
}

# --- Cache: API rate counts and the like. With REDIS_URL, Redis (database 1, so the broker's
# database 0 is never touched), shared by every web process; otherwise each process's memory.
def _redis_database(url: str, number: int) -> str:
    base, _, last = url.rstrip("/").rpartition("/")
    return f"{base}/{number}" if last.isdigit() else f"{url.rstrip('/')}/{number}"


REDIS_URL = env.str("REDIS_URL", default="")  # also the Celery broker, below
CACHE_URL = env.str("DJANGO_CACHE_URL", default=_redis_database(REDIS_URL, 1) if REDIS_URL else "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "localism"}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "localism"}
    ),
    # Public pages and anonymous API reads (localism/core/pagecache.py). It must be shared by
    # every process that writes or serves (web workers, Celery workers), or a write in one would
    # leave another serving the old page: Redis when configured, otherwise files in the var folder.
    "pages": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
         "KEY_PREFIX": env.str("LOCALISM_PAGE_CACHE_PREFIX", default="localism")}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
              "LOCATION": env.str("LOCALISM_PAGE_CACHE_DIR", default=str(VAR_DIR / "page-cache")),
              "OPTIONS": {"MAX_ENTRIES": 5000}}
    ),
}
# Sessions: with Redis, read from the shared cache and written through to the database (one
# query less for each signed-in request); otherwise from the database alone, since each process's
# own memory would go on holding a session after its sign-out in another process.
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if CACHE_URL
                  else "django.contrib.sessions.backends.db")
# How long a kept page may be served at most when nothing is written (0 turns the cache off).
PAGE_CACHE_SECONDS = env.int("LOCALISM_PAGE_CACHE_SECONDS", default=300)
# Never kept, whoever asks: sign-in, admin, the health check.
PAGE_CACHE_EXCLUDED_PREFIXES = ("/accounts/", "/admin/", "/healthz")
# Reads under it count against the API's rates even when kept.
PAGE_CACHE_API_PREFIX = "/api/"

# --- Celery ----------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_FOLDER = VAR_DIR / "celery-broker"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": 3600}
    if REDIS_URL
    else {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged once it has run, not when a worker takes it: if the worker process dies
# mid-run, the task goes back on the queue and runs again. Every task is written to be safe to
# run twice. A worker takes one task at a time, so a dying worker puts back only that one.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Asked to stop, a worker lets running tasks finish for this long, then stops (they go back on
# the queue), so a stop never hangs.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = env.float("CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT", default=20.0)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The schedules live in the database (django-celery-beat), where admins change them in Django
# admin. The default ones are created once by a data migration (reports 0002), not here: an entry
# here would be rewritten each time beat starts, undoing the admins' changes.
CELERY_BEAT_SCHEDULE = {}

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # django-axes notes every sign-in; its warnings (lockouts) are what an operator needs.
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# --- E-mail (residents' confirmation links): sent after the commit, by the Celery worker. With
# EMAIL_URL (smtp+tls://user:password@host:587), SMTP; otherwise each message is written to a
# file under var/mail, for a local run to read.
if env.str("EMAIL_URL", default=""):
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST, EMAIL_PORT = _email["EMAIL_HOST"], _email["EMAIL_PORT"]
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_USER"], _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS, EMAIL_USE_SSL = _email.get("EMAIL_USE_TLS", False), _email.get("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Localism <localism@birmingham.gov.uk>")
EMAIL_TIMEOUT = 30

LOCALISM_SERVICE_NAME = "Localism"
# The site's address as people reach it, for the links in e-mails sent by the worker (which has
# no request to take it from).
LOCALISM_SITE_URL = env.str("LOCALISM_SITE_URL", default="http://127.0.0.1:8000")
LOCALISM_COUNCIL_NAME = "Birmingham City Council"

# --- How people reach the council: the contact page, the accessibility statement, the privacy
# notice and the feedback link use these. Deployments set their own team's details.
COUNCIL_CONTACT_EMAIL = env.str("COUNCIL_CONTACT_EMAIL", default="localism@birmingham.gov.uk")
COUNCIL_CONTACT_PHONE = env.str("COUNCIL_CONTACT_PHONE", default="0121 303 1111")
COUNCIL_CONTACT_HOURS = env.str("COUNCIL_CONTACT_HOURS", default="Monday to Friday, 9am to 5pm")
# Lines of the postal address, separated by semicolons.
COUNCIL_CONTACT_ADDRESS = env.str(
    "COUNCIL_CONTACT_ADDRESS",
    default="Birmingham City Council;Council House;Victoria Square;Birmingham;B1 1BB",
)
COUNCIL_DPO_EMAIL = env.str("COUNCIL_DPO_EMAIL", default="dataprotection@birmingham.gov.uk")
