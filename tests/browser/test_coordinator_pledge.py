"""A congregation coordinator pledges in the portal and the public campaign page counts it."""
import pytest

from tests import factories

pytestmark = pytest.mark.browser


def test_a_coordinator_pledges_and_the_campaign_page_count_moves(live_server, page, users):
    case = factories.live_campaign_case(team=[users["campaign"]], slug="pledge-here")
    factories.make_congregation("Bethel Example Church", coordinator=users["congregation"])
    action = factories.make_action(case, users["campaign"], needed=20, title="Candlelight vigil")
    page.goto(f"{live_server}/c/pledge-here")
    assert "0 of 20 people pledged" in page.locator(f"#action-{action.id}").inner_text()

    page.goto(f"{live_server}/login")
    page.fill("#email", users["congregation"].email)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    card = page.locator(f"#action-{action.id}")
    assert "0 of 20 people pledged" in card.inner_text()
    card.locator("input[name=people]").fill("7")
    card.locator("button:has-text('Pledge')").click()
    assert "7 people pledged to Candlelight vigil" in page.locator(".flash-success").inner_text()
    assert "You pledged 7" in page.locator(f"#action-{action.id}").inner_text()

    page.goto(f"{live_server}/c/pledge-here")
    assert "7 of 20 people pledged — 13 short" in page.locator(f"#action-{action.id}").inner_text()
