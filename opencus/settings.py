"""OpenCUS settings: one module; whatever differs between machines comes from the environment.

SQLite is the embedded default (WAL, busy_timeout, IMMEDIATE transactions); set DATABASE_URL to
use PostgreSQL, e.g. ``postgres://postgres@127.0.0.1:5432/opencus``.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# --- Secret key (issue 9, item 7) -----------------------------------------------------------
# The repository's key is only good for a laptop with DJANGO_DEBUG on: with DEBUG off start-up
# refuses it. `make install` writes a random DJANGO_SECRET_KEY to .env (read above) once, so the
# demo, the tests and the CI on a fresh clone run with a key of their own.
DEVELOPMENT_SECRET_KEY = "opencus-development-key-not-for-production"  # noqa: S105 (refused below)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY in {DEVELOPMENT_SECRET_KEY, ""}:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set, so the repository's development key would sign the "
        "sessions. Set DJANGO_SECRET_KEY to a long random value (e.g. python3 -c "
        "'import secrets; print(secrets.token_urlsafe(50))'), or put it in .env "
        "(`make install` writes one), or set DJANGO_DEBUG=1 on a development machine."
    )
# --- End of secret key. ---------------------------------------------------------------------
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin (its docs): per-language columns of catalogue content, admin forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the form renderer uses the project templates plus Django's widgets
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "opencus.core.library_apps.AxesConfig",  # django-axes, under a Polish name in the admin
    # django-ninja as an app: /api/docs takes Swagger UI from its static files, not a CDN the
    # Content-Security-Policy blocks (issue 9, item 7).
    "ninja",
    # Django's tasks API (the django-tasks backport; django.tasks from Django 6) and its
    # database backend with the `manage.py db_worker` command: the plans' daily reminders.
    "django_tasks",
    "django_tasks_db",
    "opencus.core",
    "opencus.people",
    "opencus.catalog",
    "opencus.providers",
    "opencus.intake",
    "opencus.delivery",
    "opencus.plans",
    "opencus.transport",
    "opencus.activities",
    "opencus.visits",
    "opencus.community",
    "opencus.volunteering",
    "opencus.portal",
    "opencus.api",
    "opencus.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "opencus.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "opencus.core.middleware.RequestContextMiddleware",
    "opencus.core.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # django-axes must come last (its docs): it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opencus.urls"
WSGI_APPLICATION = "opencus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "opencus" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opencus.core.context_processors.site",
            ],
            # The test suite sets this to raise on unknown variables (tests/conftest.py).
            "string_if_invalid": env.str("DJANGO_TEMPLATE_STRING_IF_INVALID", default=""),
        },
    }
]
FORM_RENDERER = "opencus.core.forms.GovukFormRenderer"

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of one
            # failing with "database is locked" half-way through a transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
            ),
        }
    )
    # The SQLite test runs build their databases straight from the models, in a second
    # instead of the migrations' fourteen (a worker each); the reference rows come from
    # post_migrate (opencus.core.reference). The PostgreSQL run applies every migration, and
    # `makemigrations --check` keeps the migrations in step with the models.
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "MIGRATE", env.bool("OPENCUS_TEST_MIGRATE", default=False)
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes must be first (its docs): it refuses locked-out logins before the others run.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout: after AXES_FAILURE_LIMIT failed logins for one username from one address the
# account is locked for AXES_COOLOFF_TIME hours (staff ask the administrator to unlock earlier).
AXES_FAILURE_LIMIT = env.int("OPENCUS_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("OPENCUS_LOGIN_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Two-factor authentication (TOTP). The director and coordinators confirm a code at every login
# by default (opencus.core.roles.TWO_FACTOR_ROLES); OPENCUS_2FA_REQUIRED_ROLES adds roles (e.g.
# "auditor"). OPENCUS_2FA_OFF=true lifts the roles' requirement, for the demo only (it says so at
# start-up: a system check warning, and seed_demo's summary). Superusers always need it.
OPENCUS_2FA_REQUIRED_ROLES = env.list("OPENCUS_2FA_REQUIRED_ROLES", default=[])
OPENCUS_2FA_OFF = env.bool("OPENCUS_2FA_OFF", default=False)
OTP_TOTP_ISSUER = env.str("OPENCUS_TOTP_ISSUER", default="OpenCUS")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("OPENCUS_SESSION_SECONDS", default=8 * 3600)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- HTTPS behind a proxy (issue 9, item 7): all off by default (a laptop serves plain HTTP) --
# DJANGO_SECURE_HSTS_SECONDS: Strict-Transport-Security max-age (e.g. 31536000 once HTTPS works),
# with DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS and DJANGO_SECURE_HSTS_PRELOAD.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# DJANGO_SECURE_SSL_REDIRECT: redirect every plain-HTTP request to HTTPS.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# DJANGO_SECURE_PROXY_SSL_HEADER: the header the TLS-terminating proxy sets and its value for
# HTTPS, as HEADER=value, e.g. X-Forwarded-Proto=https (set it only behind a proxy that always
# sets or strips that header).
_proxy_ssl_header = env.str("DJANGO_SECURE_PROXY_SSL_HEADER", default="")
if _proxy_ssl_header:
    _header, _separator, _value = _proxy_ssl_header.partition("=")
    if not (_header.strip() and _separator and _value.strip()):
        raise ImproperlyConfigured(
            "DJANGO_SECURE_PROXY_SSL_HEADER must be HEADER=value, e.g. X-Forwarded-Proto=https."
        )
    _header = _header.strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (
        _header if _header.startswith("HTTP_") else f"HTTP_{_header}",
        _value.strip(),
    )
# --- End of HTTPS behind a proxy. -----------------------------------------------------------

# --- Content-Security-Policy: nothing inline, nothing off-site ------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski"), ("en", "English"), ("uk", "Українська")]
LOCALE_PATHS = [BASE_DIR / "opencus" / "locale"]
LANGUAGE_COOKIE_NAME = "opencus_language"
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
# Catalogue content (service cards, programmes, places) in each interface language: columns
# name_pl, name_uk, name_en …; an empty translation shows the Polish text.
MODELTRANSLATION_DEFAULT_LANGUAGE = "pl"
MODELTRANSLATION_LANGUAGES = ("pl", "uk", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("pl",)
# A value set through the plain field name (name=…) while another language is active also
# fills the Polish column, so that no row is ever left without its Polish text.
MODELTRANSLATION_AUTO_POPULATE = "default"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "opencus" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "OPENCUS_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Uploaded files (an event's photos): kept outside the static files and never served by URL;
# a view checks who asks before it sends one (community.views.event_photo).
MEDIA_ROOT = env.path("OPENCUS_MEDIA_ROOT", default=BASE_DIR / "media")
# With DEBUG off and no collectstatic (make demo), WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# --- The centre -----------------------------------------------------------------------------
# The municipality the centre serves: its name for the header, and its TERYT TERC code, which
# the "resident of the gmina" eligibility rule compares addresses against.
OPENCUS_CENTRE_NAME = env.str("OPENCUS_CENTRE_NAME", default="Centrum Usług Społecznych")
OPENCUS_MUNICIPALITY_NAME = env.str("OPENCUS_MUNICIPALITY_NAME", default="Starachowice")
OPENCUS_MUNICIPALITY_TERC = env.str("OPENCUS_MUNICIPALITY_TERC", default="2611011")
# An address typed without TERYT codes gets the municipality's TERC (and SIMC, if set) when its
# locality is one of these and its postcode starts with one of these prefixes
# (opencus/people/services.py: municipality_codes). The urban gmina Starachowice is one town.
OPENCUS_MUNICIPALITY_LOCALITIES = env.list(
    "OPENCUS_MUNICIPALITY_LOCALITIES", default=[OPENCUS_MUNICIPALITY_NAME]
)
OPENCUS_MUNICIPALITY_POSTCODE_PREFIXES = env.list(
    "OPENCUS_MUNICIPALITY_POSTCODE_PREFIXES", default=["27-20", "27-21"]
)
OPENCUS_MUNICIPALITY_SIMC = env.str("OPENCUS_MUNICIPALITY_SIMC", default="")
# The centre's postal address, printed in the sender block of letters.
OPENCUS_CENTRE_ADDRESS = env.str(
    "OPENCUS_CENTRE_ADDRESS", default="ul. Armii Krajowej 25, 27-200 Starachowice"
)
# Named in refusal letters: where an appeal against an administrative decision goes (through
# the centre), and who hears complaints about the centre (art. 229 point 3 of the Code of
# Administrative Procedure: the municipal council).
OPENCUS_APPEAL_BODY = env.str(
    "OPENCUS_APPEAL_BODY", default="Samorządowe Kolegium Odwoławcze w Kielcach"
)
OPENCUS_COMPLAINT_BODY = env.str("OPENCUS_COMPLAINT_BODY", default="Rada Miejska w Starachowicach")
OPENCUS_CONTACT_PHONE = env.str("OPENCUS_CONTACT_PHONE", default="533 848 489")
OPENCUS_CONTACT_EMAIL = env.str("OPENCUS_CONTACT_EMAIL", default="cus@example.org")
# Outgoing e-mail (notices to residents who consented to e-mail contact), e.g.
# EMAIL_URL=smtp+tls://user:password@smtp.example.org:587; the default prints to the console.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = OPENCUS_CONTACT_EMAIL
# Seconds an SMTP connection may hang before sending gives up (Django's default is forever).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
OPENCUS_PUBLIC_BASE_URL = env.str("OPENCUS_PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# Lists are paginated with this page size unless a page says otherwise.
OPENCUS_PAGE_SIZE = env.int("OPENCUS_PAGE_SIZE", default=25)
# The public portal's throttles (opencus/portal): online applications per client address per
# hour, and failed status lookups allowed per client address and per reference number within
# the window before lookups are refused for the rest of it (HTTP 429). 0 turns a throttle off.
OPENCUS_PORTAL_FILINGS_PER_HOUR = env.int("OPENCUS_PORTAL_FILINGS_PER_HOUR", default=10)
OPENCUS_STATUS_FAILURE_LIMIT = env.int("OPENCUS_STATUS_FAILURE_LIMIT", default=5)
OPENCUS_STATUS_WINDOW_MINUTES = env.int("OPENCUS_STATUS_WINDOW_MINUTES", default=15)

SITE_TITLE = _("OpenCUS")

# --- Background tasks (issue 10, item 6) ----------------------------------------------------
# Django's tasks API with the database backend: work is queued as rows and run by a worker
# started with `manage.py db_worker` (`make demo` starts one beside the server). Only the
# reminders below use it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Reminders to plan coordinators (opencus/plans/reminders.py) ----------------------------
# A coordinator gets one e-mail this many days before each deadline of their plans (the plan
# due 30 days after the application, a planned review, the end of the plan); 0 = on the day.
# The daily run is queued for this hour (Europe/Warsaw), `manage.py plan_reminders` queues the
# first one. The e-mail links to the plan's page at OPENCUS_PUBLIC_BASE_URL.
OPENCUS_PLAN_REMINDER_DAYS = env.int("OPENCUS_PLAN_REMINDER_DAYS", default=5)
OPENCUS_PLAN_REMINDER_HOUR = env.int("OPENCUS_PLAN_REMINDER_HOUR", default=6)

# --- The volunteer centre (opencus/volunteering) ---------------------------------------------
# How old a volunteer's sex-offender register check and criminal-record certificate may be for
# work with children (the centre's practice; the act of 13 May 2016 sets no period).
VOLUNTEERING_CHECK_MONTHS = env.int("OPENCUS_VOLUNTEERING_CHECK_MONTHS", default=12)

# --- The senior taxi (opencus/transport) ------------------------------------------------------
# Travel times: haversine distance × a detour factor at a speed, or an OSRM server's table
# service when OSRM_URL is set (e.g. http://localhost:5000; on failure the planner falls back to
# haversine and says so in the log). The route map's tiles come from a tile server URL template;
# empty: the map page shows the routes as lists only.
OSRM_URL = env.str("OSRM_URL", default="")
OPENCUS_TRAVEL_DETOUR = env.float("OPENCUS_TRAVEL_DETOUR", default=1.3)
OPENCUS_TRAVEL_SPEED_KMH = env.float("OPENCUS_TRAVEL_SPEED_KMH", default=30.0)
OPENCUS_MAP_TILES_URL = env.str(
    "OPENCUS_MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
OPENCUS_MAP_ATTRIBUTION = env.str("OPENCUS_MAP_ATTRIBUTION", default="© OpenStreetMap contributors")
# The tile server may serve images to the pages (the CSP's img-src); "{s}" subdomains as "*".
if OPENCUS_MAP_TILES_URL:
    _tiles = urlsplit(OPENCUS_MAP_TILES_URL.replace("{s}", "*"))
    if _tiles.scheme and _tiles.netloc:
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
            f"{_tiles.scheme}://{_tiles.netloc}"
        )
# The day before, at this hour (Europe/Warsaw), the worker re-optimises the next day's plan for
# this many seconds.
OPENCUS_TRANSPORT_OPTIMISE_HOUR = env.int("OPENCUS_TRANSPORT_OPTIMISE_HOUR", default=15)
OPENCUS_TRANSPORT_OPTIMISE_SECONDS = env.float("OPENCUS_TRANSPORT_OPTIMISE_SECONDS", default=20.0)
