"""A supporter on a phone signs the petition and sends a letter with a PDF."""
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.signing_in import sign_in
from tracker.campaigns.models import Signature
from tracker.letters.models import Letter, LetterSource

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_supporter_signs_on_a_phone_and_sees_the_count_move(live_server, phone):
    case = factories.consenting_case(name="Phone Example")
    factories.make_campaign(case, slug="phone-campaign", headline="Keep Phone home", goal=50)
    phone.goto(f"{live_server}/c/phone-campaign")
    expect(phone.locator(".petition-box")).to_contain_text("0 signed of 50")
    phone.click("text=Sign the petition")
    phone.fill("#name", "Lucía Supporter")
    phone.fill("#email", "lucia.supporter@example.org")
    phone.fill("#city", "60608")
    phone.click("button:has-text('Sign')")
    expect(phone.locator(".flash-success")).to_contain_text("Thank you for signing")
    expect(phone.locator(".sig-count")).to_contain_text("1 signed of 50")
    # The page fits the phone: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert Signature.query.count() == 1


def test_a_supporter_sends_a_letter_with_a_pdf_and_the_team_finds_it(live_server, phone, browser, users, tmp_path):
    case = factories.consenting_case(team=[users["campaign"]], name="Letter Phone Example")
    factories.make_campaign(case, slug="letter-phone")
    scan = tmp_path / "my-letter.pdf"
    scan.write_bytes(factories.pdf_bytes(pages=2, text="Signed fictional letter"))
    phone.goto(f"{live_server}/c/letter-phone/letter")
    phone.fill("#author_name", "Kofi Neighbour")
    phone.select_option("#relation", "neighbour")
    phone.fill("#known_for", "6 years")
    phone.set_input_files("#letter_files", str(scan))
    phone.click("button:has-text('Send my letter')")
    expect(phone.get_by_text("Thank you for your letter")).to_be_visible()
    letter = Letter.query.one()
    assert letter.source is LetterSource.PUBLIC and letter.pages[0].file.page_count == 2

    staff = browser.new_page()
    sign_in(staff, live_server, users["campaign"].email)
    staff.goto(f"{live_server}/cases/{case.id}/letters")
    expect(staff.locator("#letters")).to_contain_text("Kofi Neighbour")
    staff.close()


def test_a_letter_photographed_page_by_page_keeps_its_order_and_the_team_reorders_it(live_server, phone, browser, users,
                                                                                      tmp_path):
    from PIL import Image

    case = factories.consenting_case(team=[users["campaign"]], name="Photo Pages Example")
    factories.make_campaign(case, slug="photo-pages")
    photos = []
    for number, colour in enumerate(("red", "green", "blue"), start=1):
        path = tmp_path / f"page-{number}.jpg"
        Image.new("RGB", (60, 80), colour).save(path, "JPEG")
        photos.append(str(path))
    phone.goto(f"{live_server}/c/photo-pages/letter")
    phone.fill("#author_name", "Ama Neighbour")
    phone.select_option("#relation", "neighbour")
    phone.fill("#known_for", "3 years")
    phone.set_input_files("#letter_files", photos)
    phone.click("button:has-text('Send my letter')")
    expect(phone.get_by_text("Thank you for your letter")).to_be_visible()
    assert [page.file.original_name for page in Letter.query.one().pages] == ["page-1.jpg", "page-2.jpg", "page-3.jpg"]

    staff = browser.new_page()
    sign_in(staff, live_server, users["campaign"].email)
    staff.goto(f"{live_server}/letters/{Letter.query.one().id}/edit")
    order = staff.locator("#letter-pages li a")
    expect(order).to_have_text(["page-1.jpg", "page-2.jpg", "page-3.jpg"])
    staff.locator("#letter-pages li").nth(2).get_by_role("button", name="Move up").click()
    expect(order).to_have_text(["page-1.jpg", "page-3.jpg", "page-2.jpg"])
    staff.goto(f"{live_server}/letters/{Letter.query.one().id}")
    expect(staff.locator(".letter-pages a")).to_have_text(["page-1.jpg", "page-3.jpg", "page-2.jpg"])
    staff.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_photos_over_what_one_form_can_send_are_stopped_before_sending_and_the_letter_stays(
        live_server, app, phone, tmp_path, monkeypatch, lang):
    """The server would refuse the whole request (413) and the typed letter would be lost:
    the page says so before sending, in the page's language, and keeps everything typed."""
    monkeypatch.setitem(app.config, "UPLOAD_REQUEST_MAX_BYTES", 2 * 1024 * 1024)
    case = factories.consenting_case(name="Big Photos Example")
    factories.make_campaign(case, slug="big-photos")
    photos = []
    for number in (1, 2, 3):
        path = tmp_path / f"page-{number}.jpg"
        path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(900 * 1024))  # 0.9 MB each, 2.6 MB together
        photos.append(str(path))
    phone.goto(f"{live_server}/c/big-photos/letter?lang={lang}")
    phone.fill("#author_name", "Ama Neighbour")
    phone.fill("#body", "A long letter typed on a phone, not to be lost.")
    phone.set_input_files("#letter_files", photos)
    phone.locator("form button[type=submit]").click()
    alert = phone.locator(".upload-too-large[role=alert]")
    expect(alert).to_contain_text("2.6 MB")
    expect(alert).to_contain_text("files chosen" if lang == "en" else "archivos elegidos")
    expect(phone.locator("#body")).to_have_value("A long letter typed on a phone, not to be lost.")
    expect(phone.locator("form button[type=submit]")).to_be_enabled()
    assert Letter.query.count() == 0
    # A smaller photo fits and goes, with the letter as typed.
    from PIL import Image

    small = tmp_path / "page.jpg"
    Image.new("RGB", (60, 80), "white").save(small, "JPEG")
    phone.set_input_files("#letter_files", str(small))
    phone.select_option("#relation", "neighbour")
    phone.fill("#known_for", "3 years")
    phone.locator("form button[type=submit]").click()
    expect(phone.get_by_text("Thank you for your letter" if lang == "en" else "Gracias por tu carta")).to_be_visible()
    assert Letter.query.one().body == "A long letter typed on a phone, not to be lost."
