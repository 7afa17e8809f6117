"""OpenCUS settings: one module; whatever differs between machines comes from the environment.

SQLite is the embedded default (WAL, busy_timeout, IMMEDIATE transactions); set DATABASE_URL to
use PostgreSQL, e.g. ``postgres://postgres@127.0.0.1:5432/opencus``.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The development key is only good for a laptop; production must set DJANGO_SECRET_KEY.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="opencus-development-key-not-for-production")
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
    "axes",
    "opencus.core",
    "opencus.people",
    "opencus.catalog",
    "opencus.providers",
    "opencus.intake",
    "opencus.delivery",
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
# Roles that must confirm a TOTP code at every login (design.md: director and coordinator).
OPENCUS_2FA_REQUIRED_ROLES = env.list("OPENCUS_2FA_REQUIRED_ROLES", default=[])
OTP_TOTP_ISSUER = env.str("OPENCUS_TOTP_ISSUER", default="OpenCUS")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("OPENCUS_SESSION_SECONDS", default=8 * 3600)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

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
