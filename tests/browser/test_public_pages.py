import pytest

pytestmark = pytest.mark.browser


def test_login_page_is_accessible(live_server, page, assert_accessible):
    page.goto(f"{live_server.url}/logowanie/")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert_accessible(page)
