"""axe-core (bundled by axe-playwright-python) finds nothing critical or serious on the
pages supporters and staff use, in English and Spanish, on a phone and a desktop; and
on a phone no page scrolls sideways."""
from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests import factories
from tests.browser.signing_in import sign_in
from tracker.cases.models import Filing, FilingKind, FilingStatus
from tracker.extensions import db
from tracker.letters.models import LetterStatus

pytestmark = pytest.mark.browser

AXE = Axe()
SLUG = "keep-axe-home"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}


def serious_violations(page) -> list[dict]:
    results = AXE.run(page)
    return [v for v in results.response["violations"] if v["impact"] in ("critical", "serious")]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(f"    {node['target']}" for node in v["nodes"])
        for v in violations
    )


def check(page, what: str, *, phone: bool) -> None:
    """No critical or serious axe violation; on a phone, nothing wider than the screen."""
    expect(page.locator("main")).to_be_visible()
    violations = serious_violations(page)
    if violations:
        pytest.fail(f"{what} ({page.url}):\n{describe(violations)}", pytrace=False)
    if phone:
        # A phone browser zooms out to show a too-wide page (window.innerWidth grows with
        # it), so the page is measured against the screen's own width too.
        screen = page.viewport_size["width"]
        wide, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert wide <= min(inner, screen), f"{what} ({page.url}) scrolls sideways: {wide} px on a {screen} px screen"


@pytest.fixture
def context_for(browser):
    contexts = []

    def make(size: str):
        context = browser.new_context(**SIZES[size])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def campaign(app, users):
    case = factories.live_campaign_case(team=[users["campaign"], users["legal"]], slug=SLUG, name="Axe Example Rivera")
    factories.make_action(case, users["campaign"], needed=20, title="Vigil for Axe")
    factories.make_event(case, days=10, actor=users["legal"])
    factories.make_congregation("Fictional Grace Church", coordinator=users["congregation"])
    db.session.add(Filing(case_id=case.id, kind=FilingKind.STAY_OF_REMOVAL, status=FilingStatus.GRANTED,
                          filed_on=datetime.date(2026, 3, 2), receipt_number="ZLA2612345678", notes="Fictional note"))
    db.session.commit()
    return case


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_supporter_signs_writes_and_pledges_without_a_serious_fault(live_server, context_for, campaign, size, lang,
                                                                      tmp_path):
    page = context_for(size)
    phone = size == "phone"
    base = f"{live_server}/c/{SLUG}"
    page.goto(f"{base}?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    check(page, "campaign page", phone=phone)

    page.goto(f"{base}/sign")
    check(page, "sign form", phone=phone)
    # A screen reader starts at the top and hears the petition text before the first field.
    expect(page.locator("#name")).not_to_be_focused()
    assert page.evaluate("document.querySelector('.petition-text').compareDocumentPosition("
                         "document.querySelector('#name')) & Node.DOCUMENT_POSITION_FOLLOWING")
    page.fill("#name", "Lucía Example")
    page.fill("#email", "lucia.example@example.org")
    page.fill("#city", "60608")
    page.click("form.sign-form button[type=submit]")
    expect(page.locator(".flash-success")).to_be_visible()
    check(page, "signed: thank you", phone=phone)

    scan = tmp_path / "letter.pdf"
    scan.write_bytes(factories.pdf_bytes(pages=1, text="Fictional letter"))
    page.goto(f"{base}/letter")
    check(page, "letter form", phone=phone)
    page.fill("#author_name", "Kofi Example")
    page.select_option("#relation", "neighbour")
    page.fill("#known_for", "6 years")
    page.set_input_files("#letter_files", str(scan))
    page.click("form button[type=submit]")
    expect(page.locator("#letter_files")).to_have_count(0)
    check(page, "letter sent: thank you", phone=phone)

    page.goto(f"{base}/pledge")
    check(page, "pledge form", phone=phone)
    page.fill("#supporter_name", "Grace Example")
    page.fill("#contact", "grace@example.org")
    page.fill("#people", "4")
    page.click("form.sign-form button[type=submit]")
    expect(page.locator("#supporter_name")).to_have_count(0)
    check(page, "pledged: thank you", phone=phone)
    expect(page.locator("html")).to_have_attribute("lang", lang)


def speaking(user, lang: str) -> None:
    """The staff member's own language, as chosen in account settings."""
    user.locale = lang
    db.session.commit()


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_staff_pages_have_no_serious_fault(live_server, context_for, campaign, users, size, lang):
    page = context_for(size)
    phone = size == "phone"
    speaking(users["legal"], lang)
    page.goto(f"{live_server}/login?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    check(page, "sign-in", phone=phone)
    sign_in(page, live_server, users["legal"].email)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    check(page, "dashboard", phone=phone)
    for path, what in [
        (f"/cases/{campaign.id}", "case page"),
        (f"/cases/{campaign.id}/letters", "letters"),
        (f"/cases/{campaign.id}/petition", "petition"),
        (f"/cases/{campaign.id}/packets", "packets"),
        ("/account", "account"),
    ]:
        page.goto(live_server + path)
        check(page, what, phone=phone)
    # The private link for an invited writer, with its Copy button.
    page.goto(f"{live_server}/cases/{campaign.id}/letters#invite")
    invite = page.locator("#invite form")
    invite.locator("input[name=author_name]").fill("Rev. Ana Example")
    invite.locator("button[type=submit]").click()
    expect(page.locator("button[data-copy]")).to_be_visible()
    check(page, "private link", phone=phone)


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_congregation_portal_has_no_serious_fault(live_server, context_for, campaign, users, size, lang):
    page = context_for(size)
    speaking(users["congregation"], lang)
    sign_in(page, live_server, users["congregation"].email)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("text=Vigil for Axe").first).to_be_visible()
    check(page, "congregation portal", phone=size == "phone")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_letter_in_several_files_has_no_serious_fault(live_server, context_for, campaign, users, size, tmp_path):
    """The files of a letter: listed on the review page, put in order on the edit page, and
    kept in the public form shown again with an error; long file names do not widen a phone's page."""
    page = context_for(size)
    phone = size == "phone"
    long_name = "scan-of-the-signed-letter-from-our-pastor-page-one-taken-with-my-phone-camera.png"
    stored = [factories.stored_file(factories.png_bytes(), name) for name in (long_name, "page-2.png", "page-3.png")]
    letter = factories.make_letter(campaign, body=None, status=LetterStatus.RECEIVED, letter_files=stored)
    photos = []
    for number in (1, 2):
        path = tmp_path / f"photo-{number}.png"
        path.write_bytes(factories.png_bytes())
        photos.append(str(path))
    page.goto(f"{live_server}/c/{SLUG}/letter")
    page.fill("#author_name", "Kofi Example")
    page.set_input_files("#letter_files", photos)
    page.click("form button[type=submit]")
    expect(page.locator(".kept-file")).to_be_visible()
    check(page, "letter form with kept files and an error", phone=phone)
    sign_in(page, live_server, users["legal"].email)
    page.goto(f"{live_server}/letters/{letter.id}")
    check(page, "letter with several files", phone=phone)
    page.goto(f"{live_server}/letters/{letter.id}/edit")
    expect(page.locator("#letter-pages li")).to_have_count(3)
    check(page, "letter files in order (edit)", phone=phone)
