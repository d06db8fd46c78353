"""A supporter whose phone speaks Spanish signs, is offered the next steps,
saves the coming vigil to their calendar and pledges to it, all in Spanish."""
import icalendar
import pytest
from playwright.sync_api import expect

from tests import factories
from tracker.actions.models import Pledge

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="es-MX",
                                  extra_http_headers={"Accept-Language": "es-MX,es;q=0.9"})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_spanish_speaker_signs_saves_the_vigil_to_the_calendar_and_pledges(live_server, phone, users, tmp_path):
    case = factories.consenting_case(team=[users["campaign"]], name="Inés Example Ramos")
    factories.make_campaign(case, slug="keep-ines-home", headline="Keep Inés home")
    vigil = factories.make_action(case, users["campaign"], title="Vigil at the field office", days=4, place="Main St. plaza")

    phone.goto(f"{live_server}/c/keep-ines-home/sign")
    phone.fill("#name", "Rosa Vecina")
    phone.fill("#email", "rosa.vecina@example.org")
    phone.fill("#city", "60608")
    phone.locator(".sign-form button[type=submit]").click()

    steps = phone.locator(".next-steps")
    expect(steps).to_contain_text("Qué más puedes hacer")
    expect(steps.get_by_role("link", name="Escribe una carta de apoyo")).to_be_visible()
    expect(steps.get_by_role("link", name="Firma la petición")).to_have_count(0)  # just signed
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    with phone.expect_download() as download:
        steps.get_by_role("link", name="Agregar a mi calendario").click()
    saved = tmp_path / "vigil.ics"
    download.value.save_as(saved)
    [entry] = icalendar.Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(entry["summary"]) == "Vigil at the field office" and str(entry["location"]) == "Main St. plaza"
    assert "Vigilia por Inés Example Ramos." in str(entry["description"])

    steps.get_by_role("link", name="Comprometerme").click()
    expect(phone.locator("#action_id")).to_have_value(str(vigil.id))
    phone.fill("#supporter_name", "Coro Vecinal")
    phone.fill("#contact", "coro@example.org")
    phone.fill("#people", "3")
    phone.locator(".sign-form button[type=submit]").click()

    calendar = phone.locator(".next-calendar")
    expect(calendar).to_contain_text("Vigil at the field office")
    expect(calendar.get_by_role("link", name="Agregar a mi calendario")).to_be_visible()
    expect(phone.locator(".next-steps")).not_to_contain_text("Comprometerme")  # the only action: just pledged to
    assert Pledge.query.one().locale == "es"
