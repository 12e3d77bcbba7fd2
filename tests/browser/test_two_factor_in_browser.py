"""Two-factor sign-in in a real browser under the portal's Content Security Policy, at a desktop's width and a
phone's: the QR code shows (an SVG image, no script), the login asks for the code, and a locked-out login gets the
portal's 429 page. Screenshots go to /tmp/accounts-*.png for a person to look at."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.browser


@pytest.fixture
def administrator(transactional_db, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    return get_user_model().objects.create_superuser("sekretariatet", "sekretariatet@example.se", "sodertorn-demo")


def code(device, steps_ahead=0):
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)).zfill(6)


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_an_administrator_sets_up_two_factor_and_logs_in_with_a_code(browser, live_server, administrator, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    console = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "sekretariatet")
    page.fill("#id_password", "sodertorn-demo")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/tvastegsverifiering/")
    assert "Som administratör måste du logga in med en kod" in page.inner_text("body")
    qr = page.locator("img.two-factor-qr")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    assert fits(page)
    page.screenshot(path=f"/tmp/accounts-setup-{width}.png", full_page=True)

    device = TOTPDevice.objects.get(user=administrator)
    page.fill("#id_code", code(device))
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    assert "Tvåstegsverifieringen är på" in page.inner_text(".messagelist")

    page.click("#logout-form button")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "sekretariatet")
    page.fill("#id_password", "sodertorn-demo")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/login/kod/**")
    assert fits(page)
    page.screenshot(path=f"/tmp/accounts-code-{width}.png", full_page=True)
    page.fill("#id_code", code(device, steps_ahead=1))
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    assert "Sekretariatets arbetsyta" in page.inner_text("body")
    page.click("#user-tools a:has-text('Tvåstegsverifiering')")
    assert "Tvåstegsverifiering är på för dig" in page.inner_text("#content-main")
    assert fits(page)
    page.screenshot(path=f"/tmp/accounts-setup-again-{width}.png", full_page=True)
    assert [text for text in console if "Content Security Policy" in text] == []
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_locked_out_login_gets_the_portals_429_page(browser, live_server, administrator, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    for _ in range(5):
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "sekretariatet")
        page.fill("#id_password", "fel-lösenord-42")
        page.click("input[type=submit]")
    assert "För många misslyckade inloggningsförsök. Vänta 15 minuter" in page.inner_text("main")
    assert fits(page)
    page.screenshot(path=f"/tmp/accounts-locked-{width}.png", full_page=True)
    context.close()
