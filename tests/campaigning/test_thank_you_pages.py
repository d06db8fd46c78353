"""After signing, writing a letter or pledging, the thank-you page offers what
the supporter can do next on the campaign (sign, write a letter, pledge to one
of the next actions, add an action to their calendar, share), never what they
just did, in the visitor's language; the letter's thanks promises contact only
to a writer who gave one."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from tests import factories
from tests.pages import visible_text
from tracker.actions.models import Pledge
from tracker.campaigns.models import Petition
from tracker.extensions import db

SLUG = "keep-nora-home"
LETTER = {"author_name": "Fictional Neighbour", "relation": "neighbour", "relationship_detail": "", "known_for": "6 years",
          "organization": "", "author_contact": "", "language": "English", "body": "She helps everyone on our street.",
          "translation_text": "", "translator_name": "", "translator_address": "", "translator_statement": ""}


@pytest.fixture
def nora(app, users):
    case = factories.live_campaign_case(team=[users["campaign"]], slug=SLUG, name="Nora Example Vidal")
    lead = users["campaign"]
    vigil = factories.make_action(case, lead, title="Vigil at the field office", days=3)
    rally = factories.make_action(case, lead, title="Rally at city hall", days=6)
    later = [factories.make_action(case, lead, title=f"Fictional march {n}", days=10 + n) for n in range(3)]
    internal = factories.make_action(case, lead, title="Private check-in ride", days=2, public=False)
    return SimpleNamespace(case=case, vigil=vigil, rally=rally, later=later, internal=internal)


def _hrefs(page: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', page)]


def _next_steps(page: str) -> str:
    found = re.search(r'<div class="next-steps">.*?<p class="copy-box">', page, re.S)
    assert found, "no next steps on the page"
    return found.group(0)


def _sign(client, lang: str = "en"):
    response = client.submit(f"/c/{SLUG}/sign?lang={lang}", {"name": "Pat Signer", "email": "pat@example.org", "city": "Chicago"})
    assert response.status_code == 302
    return client.text(response.headers["Location"])


def test_after_signing_the_page_offers_a_letter_the_next_actions_their_calendars_and_sharing(nora, client):
    page = _sign(client)
    steps = _next_steps(page)
    links = _hrefs(steps)
    assert f"/c/{SLUG}/letter" in links
    assert f"/c/{SLUG}/sign" not in links  # just signed
    # The next three actions the public may pledge to, soonest first; never the internal one.
    shown = [nora.vigil, nora.rally, nora.later[0]]
    assert [f"/c/{SLUG}/pledge?action={action.id}" for action in shown] == [link for link in links if "/pledge?" in link]
    assert [f"/c/{SLUG}/actions/{action.id}.ics" for action in shown] == [link for link in links if link.endswith(".ics")]
    assert "Private check-in ride" not in page and f"/actions/{nora.internal.id}.ics" not in page
    text = visible_text(steps)
    assert "What you can do next" in text and "Write a support letter" in text and "Add to my calendar" in text
    assert "Vigil at the field office" in text and "Fictional march 1" not in text
    assert "WhatsApp" in text  # share


def test_after_signing_in_spanish_the_next_steps_are_in_spanish(nora, client):
    text = visible_text(_next_steps(_sign(client, "es")))
    assert "Qué más puedes hacer" in text and "Escribe una carta de apoyo" in text
    assert "Agregar a mi calendario" in text and "Comprométete a asistir a una de las próximas acciones" in text
    assert "What you can do next" not in text and "Add to my calendar" not in text


def test_without_actions_open_for_pledges_no_pledge_is_offered(app, users, client):
    case = factories.live_campaign_case(team=[users["campaign"]], slug=SLUG)
    factories.make_action(case, users["campaign"], title="Only for the team", public=False)
    steps = _next_steps(_sign(client))
    assert "/pledge" not in steps and ".ics" not in steps
    assert f"/c/{SLUG}/letter" in _hrefs(steps)


def _write(client, lang: str = "en", **fields):
    response = client.submit(f"/c/{SLUG}/letter?lang={lang}", {**LETTER, **fields})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return client.text(response.headers["Location"])


def test_the_letter_thanks_promises_contact_only_to_a_writer_who_gave_one(nora, client):
    without = visible_text(_write(client))
    assert "reach you through the contact you gave" not in without
    assert "You left no phone or email" in without
    given = visible_text(_write(client, author_contact="neighbour@example.org"))
    assert "they will reach you through the contact you gave" in given
    assert "You left no phone or email" not in given


def test_the_letter_thanks_in_spanish_chooses_its_wording_the_same_way(nora, client):
    without = visible_text(_write(client, "es"))
    assert "No dejaste teléfono ni correo" in without and "se comunicarán contigo" not in without
    given = visible_text(_write(client, "es", author_contact="vecina@example.org"))
    assert "se comunicarán contigo por el contacto que diste" in given and "No dejaste" not in given
    assert "Qué más puedes hacer" in given and "Firma la petición" in given


def test_after_a_letter_the_page_offers_signing_and_pledging_but_no_second_letter(nora, client):
    steps = _next_steps(_write(client))
    links = _hrefs(steps)
    assert f"/c/{SLUG}/sign" in links and f"/c/{SLUG}/letter" not in links
    assert f"/c/{SLUG}/pledge?action={nora.vigil.id}" in links
    assert f"/c/{SLUG}/actions/{nora.vigil.id}.ics" in links


def test_a_closed_petition_is_not_offered(nora, client):
    petition = db.session.scalars(db.select(Petition)).one()
    petition.is_open = False
    db.session.commit()
    assert f"/c/{SLUG}/sign" not in _hrefs(_next_steps(_write(client)))


def _pledge(client, action, lang: str = "en"):
    response = client.submit(f"/c/{SLUG}/pledge?lang={lang}", {"action_id": str(action.id), "supporter_name": "Fictional Choir",
                                                               "contact": "555-0100", "people": "4", "note": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert Pledge.query.filter_by(action_id=action.id).count() == 1
    return client.text(response.headers["Location"])


def test_after_pledging_the_page_offers_that_action_for_the_calendar_and_the_others_for_pledges(nora, client):
    page = _pledge(client, nora.rally)
    steps = _next_steps(page)
    links = _hrefs(steps)
    calendar = re.search(r'<p class="next-calendar">.*?</p>', steps, re.S).group(0)
    assert _hrefs(calendar) == [f"/c/{SLUG}/actions/{nora.rally.id}.ics"]
    assert "Rally at city hall" in visible_text(calendar) and "Add to my calendar" in visible_text(calendar)
    # Not pledged to again; the other coming actions are.
    pledge_links = [link for link in links if "/pledge?" in link]
    assert pledge_links == [f"/c/{SLUG}/pledge?action={action.id}" for action in [nora.vigil, *nora.later[:2]]]
    assert f"/c/{SLUG}/letter" in links and f"/c/{SLUG}/sign" in links
    assert "Other actions coming up:" in visible_text(steps)


def test_after_pledging_in_spanish_the_calendar_is_offered_in_spanish(nora, client):
    text = visible_text(_next_steps(_pledge(client, nora.vigil, "es")))
    assert "Agregar a mi calendario" in text and "Otras acciones que vienen" in text and "Escribe una carta de apoyo" in text


def test_a_made_up_action_in_the_thanks_address_offers_nothing_for_the_calendar(nora, client):
    for action in (nora.internal.id, 999999):
        steps = _next_steps(client.text(f"/c/{SLUG}/pledge?thanks=1&action={action}"))
        assert 'class="next-calendar"' not in steps and f"/actions/{action}.ics" not in steps
