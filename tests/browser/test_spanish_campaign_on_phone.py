"""A supporter whose phone is set to Spanish opens a campaign written in both
languages: the page, its texts and the petition are in Spanish; a text the
campaign wrote only in English is marked as English for the screen reader."""
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.test_accessibility import check
from tracker.campaigns.models import Signature
from tracker.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture
def spanish_phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="es-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_spanish_phone_reads_the_campaign_in_spanish_and_signs(live_server, spanish_phone):
    case = factories.consenting_case(name="Ana Teléfono Example")
    campaign = factories.make_campaign(case, slug="que-ana-se-quede", headline="Keep Ana home", headline_es="Que Ana se quede en casa",
                                       story="Ana has lived here for years.", goal=50)
    campaign.petition.title_es = "Que Ana se quede"
    campaign.petition.ask_es = "Le pedimos que permita a Ana quedarse con su familia."
    db.session.commit()
    phone = spanish_phone
    phone.goto(f"{live_server}/c/que-ana-se-quede")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator("h1")).to_have_text("Que Ana se quede en casa")
    story = phone.locator(".story .prose")
    expect(story).to_have_text("Ana has lived here for years.")
    expect(story).to_have_attribute("lang", "en")  # no Spanish version: shown in English, and said so
    check(phone, "the bilingual campaign page in Spanish", phone=True)
    phone.click("text=Firma la petición")
    expect(phone.locator("h1")).to_have_text("Que Ana se quede")
    expect(phone.locator(".petition-text .prose")).to_have_text("Le pedimos que permita a Ana quedarse con su familia.")
    check(phone, "the petition in Spanish", phone=True)
    phone.fill("#name", "Beto Firmante")
    phone.fill("#email", "beto.firmante@example.org")
    phone.fill("#city", "60608")
    phone.click("button:has-text('Firmar')")
    expect(phone.locator(".flash-success")).to_contain_text("¡Gracias por firmar!")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert Signature.query.one().locale == "es"
