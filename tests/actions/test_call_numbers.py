"""A call-in number is a link a phone dials with one tap."""
from __future__ import annotations

import pytest

from tests import factories
from tracker.actions.models import ActionKind
from tracker.web import tel_address


@pytest.mark.parametrize(("written", "dialled"), [
    ("(312) 555-0100", "3125550100"), ("+1 312 555 0100", "+13125550100"), ("312.555.0100", "3125550100"), ("call us", ""),
])
def test_tel_address(written, dialled):
    assert tel_address(written) == dialled


def test_call_in_numbers_are_tel_links_on_every_page(client, login_as, users):
    case = factories.consenting_case(team=[users["campaign"]], name="Call Example")
    factories.make_campaign(case, slug="call-campaign")
    action = factories.make_action(case, users["campaign"], kind=ActionKind.CALL_IN_DAY, title="Call the director",
                                   call_number="(312) 555-0100", script="Please release them.")
    link = '<a class="tel" href="tel:3125550100"><strong>(312) 555-0100</strong></a>'
    assert link in client.text("/c/call-campaign")
    assert link in login_as("campaign").text(f"/actions/{action.id}")
