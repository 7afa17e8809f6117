"""Shared fixtures: staff personas per role, strict templates, the system Chromium, axe-core."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client

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


class InvalidTemplateVariable(str):
    """Makes an unknown ``{{ variable }}`` fail the test instead of rendering as nothing."""

    def __mod__(self, other: object) -> str:
        raise AssertionError(f"Unknown template variable: {other!r}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Transactional tests (browser tests with ``live_server``, concurrency proofs) run last:
    their teardown flushes every table, including the rows data migrations created (roles,
    areas, target groups). Django's own runner orders TransactionTestCase after TestCase for
    the same reason."""
    items.sort(key=lambda item: any(item.get_closest_marker(m) for m in ("browser", "postgres")))


def pytest_configure(config: pytest.Config) -> None:
    options: dict[str, Any] = settings.TEMPLATES[0]["OPTIONS"]  # type: ignore[assignment]
    options["string_if_invalid"] = InvalidTemplateVariable("%s")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    # live_server serves static files through the finders; the manifest storage's hashed
    # names would 404 there (stack.md, browser gotcha 2).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
    """Run axe-core (served as a static file: the CSP forbids inline scripts) on the page."""
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
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
