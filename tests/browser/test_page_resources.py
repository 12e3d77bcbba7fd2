"""A public page loads in the browser without a single failed request: style sheets, icon and all."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/en/moten/2017/"])
def test_every_request_the_page_makes_succeeds(live_server, portal, page, path):
    failed = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    assert failed == []
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"


def test_the_page_names_an_icon_so_browsers_do_not_ask_for_a_missing_favicon_ico(live_server, portal, page):
    page.goto(live_server.url + "/")
    icon = page.get_attribute("link[rel=icon]", "href")
    response = page.request.get(live_server.url + icon)
    assert response.status == 200
    assert response.headers["content-type"] == "image/svg+xml"
