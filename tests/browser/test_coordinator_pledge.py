"""A congregation coordinator pledges in the portal, in Chromium, and the public campaign
page's "N of M people pledged" follows the pledge as it is made, changed and cancelled."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.signing_in import sign_in
from tracker.actions.models import ActionKind, Pledge, PledgeSource
from tracker.extensions import db

pytestmark = pytest.mark.browser

SLUG = "keep-alma-home"


def expect_public_count(page, base: str, action_id: int, words: str) -> None:
    page.goto(f"{base}/c/{SLUG}")
    expect(page.locator(f"#action-{action_id} .pledged")).to_have_text(words)


def test_a_coordinator_pledges_and_the_campaign_page_count_moves(live_server, page, users):
    case = factories.live_campaign_case(team=[users["campaign"]], slug=SLUG, name="Alma Example Fuentes")
    factories.make_congregation("Fictional Bethany Church", coordinator=users["congregation"])
    other = factories.make_congregation("Fictional Peace Mennonite")
    vigil = factories.make_action(case, users["campaign"], needed=20, title="Candlelight vigil for Alma")
    factories.make_action(case, users["campaign"], kind=ActionKind.CHECK_IN_ACCOMPANIMENT, public=False,
                          title="Check-in accompaniment for Alma", place="Fictional Field Office")
    db.session.add(Pledge(action=vigil, congregation=other, people=5, source=PledgeSource.PORTAL))
    db.session.commit()

    expect_public_count(page, live_server, vigil.id, "5 of 20 people pledged — 15 short")

    sign_in(page, live_server, users["congregation"].email)
    assert "Check-in accompaniment" not in page.content()
    card = page.locator(f"#action-{vigil.id}")
    expect(card).to_contain_text("5 of 20 people pledged — 15 short")
    card.locator("input[name=people]").fill("7")
    card.locator("input[name=note]").fill("Youth group, two cars")
    card.locator("button:has-text('Pledge')").click()
    expect(page.locator(".flash-success")).to_contain_text("Thank you: 7 people pledged to Candlelight vigil for Alma")
    card = page.locator(f"#action-{vigil.id}")
    expect(card).to_contain_text("12 of 20 people pledged — 8 short")
    expect(card).to_contain_text("You pledged 7 (pledged)")
    mine = page.locator("section[aria-labelledby=mine-h] li.entry")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("7 people · Youth group, two cars")
    pledge_id = mine.get_attribute("id")

    expect_public_count(page, live_server, vigil.id, "12 of 20 people pledged — 8 short")

    # Fewer people can come after all: the change moves the public count too.
    page.goto(live_server + "/")
    mine = page.locator(f"#{pledge_id}")
    mine.locator("input[name=people]").fill("3")
    mine.locator("button:has-text('Change')").click()
    expect(page.locator(".flash-success")).to_contain_text("changed")
    expect_public_count(page, live_server, vigil.id, "8 of 20 people pledged — 12 short")

    # Cancelling (after the browser's "are you sure?") takes the people off the count.
    page.goto(live_server + "/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#{pledge_id}").locator("button:has-text('Cancel pledge')").click()
    expect(page.locator(".flash-success")).to_contain_text("cancelled")
    expect(page.locator(f"#{pledge_id}")).to_contain_text("Cancelled")
    expect_public_count(page, live_server, vigil.id, "5 of 20 people pledged — 15 short")
