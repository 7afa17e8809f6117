"""Shared fixtures: staff personas per role, strict templates, the system Chromium, axe-core,
a cheap password hasher, and the test clock (``--clock`` / ``OPENCUS_TEST_CLOCK``)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Generator, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client, override_settings
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from xdist.scheduler import LoadFileScheduling

from opencus.core.roles import Role

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe (stack.md, browser gotcha 1).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct-horse-battery-staple"

# --- Personas (tests/personas.py): the owner, a colleague, an outsider, the clerk, the organiser.
pytest_plugins = ["tests.personas"]
# --- End of personas. -------------------------------------------------------------------------


class InvalidTemplateVariable(str):
    """Makes an unknown ``{{ variable }}`` fail the test instead of rendering as nothing."""

    def __mod__(self, other: object) -> str:
        raise AssertionError(f"Unknown template variable: {other!r}")


WARSAW = ZoneInfo("Europe/Warsaw")
CLOCK = pytest.StashKey[dt.datetime]()
TRAVELLER = pytest.StashKey[Any]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        default=os.environ.get("OPENCUS_TEST_CLOCK", ""),
        metavar="YYYY-MM-DDTHH:MM",
        help="Start every test at this Europe/Warsaw wall-clock time, e.g. 2027-01-01T00:30 "
        "(time-machine; the clock ticks on from there). Default: $OPENCUS_TEST_CLOCK, else "
        "the real clock.",
    )


#: Directories whose files share one costly package-scoped fixture: they go to one worker
#: together (tests/demo seeds the demo centre once for all its files).
SHARED_PACKAGES = ("tests/demo/",)


class _FileScheduling(LoadFileScheduling):
    """``--dist loadfile`` (Makefile), except that the files of a ``SHARED_PACKAGES``
    directory make one unit of work."""

    def _split_scope(self, nodeid: str) -> str:
        path = super()._split_scope(nodeid)
        return next((package for package in SHARED_PACKAGES if path.startswith(package)), path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadFileScheduling | None:
    if config.getoption("dist") != "loadfile":
        return None
    return _FileScheduling(config, log)


def _transactional(item: pytest.Item) -> bool:
    return any(item.get_closest_marker(marker) for marker in ("browser", "postgres"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Transactional tests (browser tests with ``live_server``, concurrency proofs) run last:
    their teardown flushes every table (the reference rows — roles, letters, areas — come back
    through post_migrate, ``opencus.core.reference``, but nothing else does). Django's own
    runner orders TransactionTestCase after TestCase for the same reason. Under pytest-xdist
    whole files go to a worker in this order (Makefile), so a file must be all transactional
    or not at all."""
    items.sort(key=_transactional)
    kinds: dict[str, set[bool]] = {}
    for item in items:
        kinds.setdefault(item.nodeid.split("::")[0], set()).add(_transactional(item))
    mixed = sorted(path for path, found in kinds.items() if len(found) > 1)
    if mixed:
        raise pytest.UsageError(
            f"Mark all or none of the tests in a file browser/postgres: {mixed}"
        )


def pytest_configure(config: pytest.Config) -> None:
    options: dict[str, Any] = settings.TEMPLATES[0]["OPTIONS"]  # type: ignore[assignment]
    options["string_if_invalid"] = InvalidTemplateVariable("%s")
    if value := config.getoption("clock"):
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=WARSAW)
        # Given in UTC: a ZoneInfo destination would make time-machine change the process's TZ.
        config.stash[CLOCK] = moment.astimezone(dt.UTC)
        # Travel already for collection (module-level code), then again before each test.
        config.stash[TRAVELLER] = time_machine.travel(config.stash[CLOCK], tick=True)
        config.stash[TRAVELLER].start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if TRAVELLER in config.stash:
        config.stash[TRAVELLER].stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    if CLOCK not in config.stash:
        return None
    return f"clock: every test starts at {config.stash[CLOCK].astimezone(WARSAW)} (ticking)"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    # Before any fixture of the test (module-scoped ones included) is set up, so that every test
    # starts at the same wall-clock instant however long the session has run.
    if CLOCK in item.config.stash:
        item.config.stash[TRAVELLER].stop()
        item.config.stash[TRAVELLER] = time_machine.travel(item.config.stash[CLOCK], tick=True)
        item.config.stash[TRAVELLER].start()
    return (yield)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher() -> Iterator[None]:
    # Tests create many staff users; the production hasher would spend most of the run on it.
    # The login tests still go through real password checks, only with a cheap hash.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _no_language_from_the_previous_test() -> Iterator[None]:
    # A request leaves the visitor's language active in the thread (LanguageMiddleware), and
    # catalogue texts set through their plain name go to that language's column
    # (django-modeltranslation): each test starts with none, as a fresh process does.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    # live_server serves static files through the finders; the manifest storage's hashed
    # names would 404 there (stack.md, browser gotcha 2).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Every test Client loads the middleware again, and WhiteNoise would then index every static
    # file through the finders (a fifth of the suite's time); autorefresh looks one up on request.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(scope="session")
def _media_folder(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings: Any, _media_folder: Any) -> None:
    """Uploaded files (an event's photos) go to a temporary folder, not the work tree."""
    settings.MEDIA_ROOT = _media_folder


@pytest.fixture(autouse=True)
def _two_factor_off_unless_a_test_asks(settings: Any) -> None:
    # The director and coordinators must confirm a second factor by default; tests that are not
    # about two-factor authentication log them in with force_login alone, as the demo does
    # (OPENCUS_2FA_OFF). tests/core/test_two_factor.py turns it back on. Superusers still need
    # it: log them in with ``force_login_verified``.
    settings.OPENCUS_2FA_OFF = True
    settings.OPENCUS_2FA_REQUIRED_ROLES = []


def force_login_verified(client: Client, user: User) -> TOTPDevice:
    """Log ``user`` in with both factors: a confirmed authenticator, verified in this session
    as django-otp's ``login`` records it after a right code."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (scripts/system-packages.sh)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def make_staff(db: Any) -> Callable[..., User]:
    """Create a staff user with the given role(s): ``make_staff(Role.COORDINATOR)``."""
    counter = iter(range(1, 10_000))

    def make(*roles: Role, username: str | None = None, **extra: Any) -> User:
        name = username or f"{'-'.join(r.value for r in roles) or 'outsider'}-{next(counter)}"
        user = User.objects.create_user(
            username=name, password=PASSWORD, first_name="Anna", last_name="Testowa", **extra
        )
        for role in roles:
            # get_or_create: a browser test (transactional) flushes the groups the migration made.
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        return user

    return make


@pytest.fixture
def client_as(make_staff: Callable[..., User]) -> Callable[..., Client]:
    """A test client logged in as a new user with the given role(s); none = an outsider."""

    def make(*roles: Role) -> Client:
        client = Client()
        client.force_login(make_staff(*roles))
        return client

    return make


@pytest.fixture
def english_as(client_as: Callable[..., Client]) -> Callable[..., Client]:
    """Like ``client_as``, reading the pages in English: the site is Polish by default, and
    behaviour tests assert English text so that the Polish wording may change freely."""

    def make(*roles: Role) -> Client:
        client = client_as(*roles)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (served as a static file: the CSP forbids inline scripts) on the page, once
    it has loaded: a check right after a click that navigates must not catch the page between
    two documents. Only the violations are collected in full (``resultTypes``: axe then keeps
    one node of each passing or inapplicable rule instead of all of them), which halves the
    check's time on a long page and changes nothing it finds."""
    page.wait_for_load_state()
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
          runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


@pytest.fixture
def assert_accessible() -> Callable[[Any], None]:
    def check(page: Any) -> None:
        violations = axe_violations(page)
        assert violations == [], f"axe-core on {page.url}: {violations}"

    return check
