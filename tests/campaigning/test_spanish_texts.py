"""A campaign's public texts in two languages: the headline, story, ask, petition
title and text, and the action titles, descriptions and call scripts each have
an optional Spanish version. A page shows the visitor's language where it is
written and the other otherwise (marked with `lang` for screen readers); link
previews and share text follow the page's language; consent governs the
Spanish texts exactly like the English ones."""
from __future__ import annotations

import html
import re
from datetime import date
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from sqlalchemy import select

from tests import factories
from tests.campaigning.test_consent_everywhere import _action_form
from tests.campaigning.test_consent_everywhere import _settings as _english_settings
from tests.pages import visible_text
from tracker.actions.models import Action, ActionKind
from tracker.campaigns import fitness, languages
from tracker.campaigns.models import Campaign, Petition, UnfitText
from tracker.cases.models import ConsentLevel
from tracker.extensions import db

SLUG = "stand-with-lucia"
PLAIN = "keep-ana-home"
SPANISH = {"Accept-Language": "es-US,es;q=0.9"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}


@pytest.fixture
def lucia(app, users):
    """First-name consent; every text written in both languages."""
    person = factories.make_person("Lucía Fernanda Gómez Paz", a_number="A-099-910-040", preferred_name="Lucía")
    case = factories.make_case(person, team=[users["campaign"], users["legal"]], consent=ConsentLevel.FIRST_NAME,
                               consent_date=date.today())
    campaign = factories.make_campaign(
        case, slug=SLUG, headline="Stand with Lucía", headline_es="Apoya a Lucía",
        story="Lucía cares for her daughter.", story_es="Lucía cuida de su hija.",
        ask="Grant Lucía a stay.", ask_es="Concedan a Lucía una suspensión.",
    )
    petition = campaign.petition
    petition.title_es, petition.ask_es = "Que se queden", "Dejen que se queden con su familia."
    db.session.commit()
    action = factories.make_action(
        case, users["campaign"], kind=ActionKind.CALL_IN_DAY, title="Call-in day for Lucía", title_es="Día de llamadas por Lucía",
        call_number="(312) 555-0199", description="Call from home.", description_es="Llama desde casa.",
        script="Please grant Lucía a stay.", script_es="Por favor, concedan a Lucía una suspensión.",
    )
    return SimpleNamespace(case=case, campaign=campaign, action=action)


@pytest.fixture
def ana(app, users):
    """Full-name consent; English texts only."""
    case = factories.consenting_case(team=[users["campaign"]], name="Ana Cache Example")
    campaign = factories.make_campaign(case, slug=PLAIN, headline="Keep Ana home", story="Ana has lived here for years.",
                                       ask="Let Ana stay.")
    factories.make_action(case, users["campaign"], title="Vigil for Ana", description="Bring a candle.")
    return SimpleNamespace(case=case, campaign=campaign)


def _page(client, path: str, **kwargs) -> str:
    response = client.get(path, **kwargs)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _meta(page: str, name: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', page)


def _errors(response) -> str:
    found = re.findall(r'<[^>]*class="[^"]*error[^"]*"[^>]*>.*?</', response.get_data(as_text=True), re.S)
    return " ".join(visible_text(error) for error in found)


def _settings(campaign: Campaign, **changes) -> dict:
    """The campaign settings form as saved, its Spanish texts included."""
    spanish = {"headline_es": campaign.headline_es or "", "story_es": campaign.story_es or "", "ask_es": campaign.ask_es or ""}
    return _english_settings(campaign, **{**spanish, **changes})


# --- The visitor's language where it is written -------------------------------------------------------


@pytest.mark.parametrize("ask", [{"query_string": {"lang": "es"}}, {"headers": SPANISH}], ids=["lang=es", "Accept-Language"])
def test_a_spanish_visitor_reads_every_text_in_spanish(client, lucia, ask):
    page = _page(client, f"/c/{SLUG}", **ask)
    for spanish in ("<h1>Apoya a Lucía</h1>", '<p class="ask">Concedan a Lucía una suspensión.</p>',
                    '<div class="prose">Lucía cuida de su hija.</div>', '<h2 id="petition-h">Que se queden</h2>',
                    "<strong>Día de llamadas por Lucía</strong>", '<p class="small prose">Llama desde casa.</p>',
                    '<div class="letter-text small">Por favor, concedan a Lucía una suspensión.</div>'):
        assert spanish in page  # in the page's own language: no lang attribute of its own
    for english in ("Stand with Lucía", "cares for her daughter", "Grant Lucía a stay", "Let them stay", "Call-in day for",
                    "Call from home", "Please grant"):
        assert english not in page


def test_an_english_visitor_reads_the_english_texts(client, lucia):
    page = _page(client, f"/c/{SLUG}", headers=ENGLISH)
    assert "<h1>Stand with Lucía</h1>" in page and "<strong>Call-in day for Lucía</strong>" in page
    assert '<div class="prose">Lucía cares for her daughter.</div>' in page
    assert "Apoya a Lucía" not in page and "cuida de su hija" not in page and "Llama desde casa" not in page


def test_without_a_spanish_version_a_spanish_page_shows_the_english_marked_as_english(client, ana):
    page = _page(client, f"/c/{PLAIN}?lang=es")
    assert '<html lang="es"' in page
    assert '<h1 lang="en">Keep Ana home</h1>' in page
    assert '<p class="ask" lang="en">Let Ana stay.</p>' in page
    assert '<div class="prose" lang="en">Ana has lived here for years.</div>' in page
    assert '<strong lang="en">Vigil for Ana</strong>' in page
    assert '<h2 id="petition-h" lang="en">Let them stay</h2>' in page
    assert "Firma la petición" in page or "petición" in page  # the page around them speaks Spanish


def test_a_text_written_only_in_spanish_shows_on_the_english_page_marked_as_spanish(client, ana):
    campaign = db.session.get(Campaign, ana.campaign.id)
    campaign.story, campaign.story_es = None, "Ana vive aquí desde hace años."
    db.session.commit()
    english = _page(client, f"/c/{PLAIN}?lang=en")
    assert '<div class="prose" lang="es">Ana vive aquí desde hace años.</div>' in english
    assert '<h1>Keep Ana home</h1>' in english


def test_a_blank_spanish_version_counts_as_none(client, ana):
    campaign = db.session.get(Campaign, ana.campaign.id)
    campaign.headline_es = "   "
    db.session.commit()
    assert '<h1 lang="en">Keep Ana home</h1>' in _page(client, f"/c/{PLAIN}?lang=es")


# --- Link previews and share text -------------------------------------------------------------------


def test_open_graph_tags_and_share_text_follow_the_spanish_page(client, lucia):
    page = _page(client, f"/c/{SLUG}?lang=es")
    assert _meta(page, "og:locale") == ["es_US"] and _meta(page, "og:locale:alternate") == ["en_US"]
    assert _meta(page, "og:title") == ["Apoya a Lucía"]
    assert _meta(page, "og:description") == ["Concedan a Lucía una suspensión."]
    assert _meta(page, "description") == ["Concedan a Lucía una suspensión."]
    assert "https://wa.me/?text=" + quote("Apoya a Lucía") in page
    assert "Stand with" not in page


def test_open_graph_tags_and_share_text_follow_the_english_page(client, lucia):
    page = _page(client, f"/c/{SLUG}?lang=en")
    assert _meta(page, "og:locale") == ["en_US"] and _meta(page, "og:locale:alternate") == ["es_US"]
    assert _meta(page, "og:title") == ["Stand with Lucía"]
    assert _meta(page, "og:description") == ["Grant Lucía a stay."]
    assert "https://wa.me/?text=" + quote("Stand with Lucía") in page


def test_the_preview_prefers_a_text_in_the_page_language(client, lucia):
    """The ask has no Spanish version, the story has: a Spanish preview describes the page with the story."""
    campaign = db.session.get(Campaign, lucia.campaign.id)
    campaign.ask_es = None
    db.session.commit()
    page = _page(client, f"/c/{SLUG}?lang=es")
    assert _meta(page, "og:description") == ["Lucía cuida de su hija."]
    assert '<p class="ask" lang="en">Grant Lucía a stay.</p>' in page  # the ask itself still shows, in English


# --- The sign, letter and pledge pages ----------------------------------------------------------------


def test_the_sign_page_shows_the_petition_in_the_visitor_language(client, lucia, ana):
    spanish = _page(client, f"/c/{SLUG}/sign", headers=SPANISH)
    assert "<h1>Que se queden</h1>" in spanish and '<div class="prose">Dejen que se queden con su familia.</div>' in spanish
    assert ">← Apoya a Lucía</a>" in spanish
    fallback = _page(client, f"/c/{PLAIN}/sign", headers=SPANISH)
    assert '<h1 lang="en">Let them stay</h1>' in fallback
    assert '<div class="prose" lang="en">Let them stay with their family.</div>' in fallback


def test_the_letter_and_pledge_pages_name_the_campaign_in_the_visitor_language(client, lucia):
    for path in ("letter", "pledge"):
        assert ">← Apoya a Lucía</a>" in _page(client, f"/c/{SLUG}/{path}", headers=SPANISH)
        assert ">← Stand with Lucía</a>" in _page(client, f"/c/{SLUG}/{path}", headers=ENGLISH)
    assert "Día de llamadas por Lucía" in _page(client, f"/c/{SLUG}/pledge", headers=SPANISH)  # the choice of action


def test_a_congregation_reads_the_actions_in_its_language(lucia, users, login_as):
    factories.make_congregation("Fictional Unity Church", coordinator=users["congregation"])
    coordinator = login_as("congregation")
    spanish = _page(coordinator, "/?lang=es")
    assert "<strong>Día de llamadas por Lucía</strong>" in spanish
    assert '<div class="letter-text small">Por favor, concedan a Lucía una suspensión.</div>' in spanish
    assert "<strong>Call-in day for Lucía</strong>" in _page(coordinator, "/?lang=en")
    action = db.session.get(Action, lucia.action.id)
    action.title_es = action.script_es = None
    db.session.commit()
    fallback = _page(coordinator, "/?lang=es")
    assert '<strong lang="en">Call-in day for Lucía</strong>' in fallback
    assert '<div class="letter-text small" lang="en">Please grant Lucía a stay.</div>' in fallback


# --- Staff write them ---------------------------------------------------------------------------------


def test_the_campaign_form_saves_the_spanish_texts(lucia, login_as, client):
    lead = login_as("campaign")
    form = lead.get(f"/cases/{lucia.case.id}/campaign").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*lang="es"[^>]*name="story_es"|<textarea[^>]*name="story_es"[^>]*lang="es"', form)
    assert "Headline in Spanish" in form
    saved = lead.submit(f"/cases/{lucia.case.id}/campaign", _settings(
        lucia.campaign, headline_es="Lucía se queda", story_es="Lucía vive aquí.", ask_es=""))
    assert saved.status_code == 302
    campaign = db.session.get(Campaign, lucia.campaign.id)
    assert (campaign.headline_es, campaign.story_es, campaign.ask_es) == ("Lucía se queda", "Lucía vive aquí.", None)
    assert "<h1>Lucía se queda</h1>" in _page(client, f"/c/{SLUG}?lang=es")


def test_a_spanish_text_is_limited_like_the_english_one(lucia, login_as):
    response = login_as("campaign").submit(f"/cases/{lucia.case.id}/campaign", _settings(lucia.campaign, headline_es="x" * 201))
    assert response.status_code == 200
    assert "x" * 201 in response.get_data(as_text=True)  # what was typed comes back
    assert db.session.get(Campaign, lucia.campaign.id).headline_es == "Apoya a Lucía"


def test_the_petition_form_saves_the_spanish_texts(lucia, login_as):
    saved = login_as("campaign").submit(f"/cases/{lucia.case.id}/petition", {
        "title": "Let them stay", "title_es": "Que Lucía se quede", "target": "ICE Field Office Director",
        "ask": "Let her stay.", "ask_es": "Dejen que se quede.", "goal": "500", "is_open": "y",
    })
    assert saved.status_code == 302
    petition = db.session.scalars(select(Petition)).one()
    assert (petition.title_es, petition.ask_es) == ("Que Lucía se quede", "Dejen que se quede.")


def test_the_action_form_saves_the_spanish_texts(lucia, login_as, client):
    lead = login_as("campaign")
    saved = lead.submit(f"/cases/{lucia.case.id}/actions/new", _action_form(
        title_es="Vigilia por Lucía", description_es="Trae una vela.", script_es="Concedan a Lucía una suspensión."))
    assert saved.status_code == 302
    action = db.session.scalars(select(Action).order_by(Action.id.desc())).first()
    assert (action.title_es, action.description_es, action.script_es) == (
        "Vigilia por Lucía", "Trae una vela.", "Concedan a Lucía una suspensión.")
    shown = visible_text(lead.get(f"/actions/{action.id}").get_data(as_text=True))
    assert "In Spanish Vigilia por Lucía Trae una vela. Concedan a Lucía una suspensión." in shown  # the team reviews them
    edited = lead.submit(f"/actions/{action.id}/edit", _action_form(title_es="", description_es="", script_es=""))
    assert edited.status_code == 302
    assert db.session.get(Action, action.id).title_es is None
    assert "<strong lang=\"en\">Call-in day for Lucía</strong>" in _page(client, f"/c/{SLUG}?lang=es")


# --- Consent governs them like the English ------------------------------------------------------------


def test_every_spanish_text_is_checked_against_consent():
    for record, fields in languages.TRANSLATED.items():
        for field in fields:
            assert languages.spanish(field) in fitness.PUBLIC_FIELDS[record], (record, field)


@pytest.mark.parametrize(("field", "label"), [
    ("headline_es", "Headline in Spanish"), ("story_es", "Public story in Spanish"), ("ask_es", "What we ask, in Spanish"),
])
def test_a_spanish_text_with_the_full_legal_name_is_refused_under_first_name_consent(lucia, login_as, field, label):
    typed = "La historia de Lucía Fernanda Gómez Paz"
    response = login_as("campaign").submit(f"/cases/{lucia.case.id}/campaign", _settings(lucia.campaign, **{field: typed}))
    assert response.status_code == 200
    assert f"{label}: remove “Fernanda”, “Gómez”, “Paz”." in _errors(response)
    assert typed in html.unescape(response.get_data(as_text=True))
    assert getattr(db.session.get(Campaign, lucia.campaign.id), field) != typed


def test_spanish_petition_texts_are_refused_beyond_consent(lucia, login_as):
    response = login_as("campaign").submit(f"/cases/{lucia.case.id}/petition", {
        "title": "Let them stay", "title_es": "Que Lucía Gómez se quede", "target": "ICE Field Office Director",
        "ask": "Let her stay.", "ask_es": "Número A 099 910 040", "goal": "500", "is_open": "y",
    })
    assert response.status_code == 200
    errors = _errors(response)
    assert "Title in Spanish: remove “Gómez”." in errors and "Petition text in Spanish: remove the A-number." in errors
    assert db.session.scalars(select(Petition)).one().title_es == "Que se queden"


def test_spanish_action_texts_are_refused_beyond_consent(lucia, login_as):
    response = login_as("campaign").submit(f"/cases/{lucia.case.id}/actions/new", _action_form(
        title_es="Llamadas por Lucía Paz", script_es="Concedan una suspensión a LUCIA GOMEZ, A-099-910-040."))
    assert response.status_code == 200
    errors = _errors(response)
    assert "Title in Spanish: remove “Paz”." in errors
    assert "Call script in Spanish: remove “Gómez”." in errors and "Call script in Spanish: remove the A-number." in errors
    assert db.session.scalars(select(Action)).all() == [db.session.get(Action, lucia.action.id)]


@pytest.fixture
def rosa(app, users):
    """Full-name consent; the Spanish texts name her in full, the English ones by first name."""
    person = factories.make_person("Rosa Itzel Marroquín Ajú", a_number="999-100-201", preferred_name="Rosa")
    case = factories.make_case(person, team=[users["campaign"]], consent=ConsentLevel.FULL_NAME, consent_date=date.today())
    campaign = factories.make_campaign(
        case, slug="keep-rosa-home", headline="Keep Rosa home", headline_es="Que Rosa Marroquín se quede",
        story="Rosa has lived here for 16 years.", story_es="Rosa Marroquín Ajú vive aquí desde hace 16 años.",
    )
    action = factories.make_action(case, users["campaign"], title="Vigil for Rosa", title_es="Vigilia por Rosa Marroquín")
    return SimpleNamespace(case=case, campaign=campaign, action=action)


def test_narrowing_consent_takes_the_spanish_texts_down_and_lists_them(rosa, client, login_as):
    before = _page(client, "/c/keep-rosa-home?lang=es")
    assert "Rosa Marroquín Ajú vive aquí" in before and "Vigilia por Rosa Marroquín" in before

    lead = login_as("campaign")
    narrowed = lead.submit(f"/cases/{rosa.case.id}/campaign", _settings(rosa.campaign, consent_level="first_name"))
    assert narrowed.status_code == 302

    after = _page(client, "/c/keep-rosa-home?lang=es")
    assert "Marroquín" not in after and "Ajú" not in after
    # What fits stands in for them: the English texts, marked as English.
    assert '<h1 lang="en">Keep Rosa home</h1>' in after
    assert '<div class="prose" lang="en">Rosa has lived here for 16 years.</div>' in after
    assert '<strong lang="en">Vigil for Rosa</strong>' in after
    assert _meta(after, "og:title") == ["Keep Rosa home"]
    hidden = {(row.record, row.field) for row in db.session.scalars(select(UnfitText))}
    assert hidden == {("campaign", "headline_es"), ("campaign", "story_es"), ("action", "title_es")}
    listed = visible_text(lead.get(f"/cases/{rosa.case.id}/campaign/dashboard").get_data(as_text=True))
    for where, field in [("Campaign page", "Headline in Spanish"), ("Campaign page", "Public story in Spanish"),
                         ("Action “Vigil for Rosa”", "Title in Spanish")]:
        assert f"{where} · {field}" in listed
    form = lead.get(f"/cases/{rosa.case.id}/campaign")
    assert "Public story in Spanish: remove “Marroquín”, “Ajú”." in _errors(form)


def test_when_neither_headline_fits_the_page_names_the_person_as_consent_allows(rosa, client, login_as):
    campaign = db.session.get(Campaign, rosa.campaign.id)
    campaign.headline = "Keep Rosa Marroquín home"
    db.session.commit()
    login_as("campaign").submit(f"/cases/{rosa.case.id}/campaign", _settings(campaign, consent_level="first_name"))
    assert "<h1>Apoya a Rosa</h1>" in _page(client, "/c/keep-rosa-home?lang=es")
    assert "<h1>Stand with Rosa</h1>" in _page(client, "/c/keep-rosa-home?lang=en")


# --- The kept pages, one per language ---------------------------------------------------------------


def test_the_kept_spanish_and_english_pages_are_distinct_and_renewed_by_a_spanish_edit(client, lucia, login_as, count_queries):
    english, spanish = _page(client, f"/c/{SLUG}?lang=en"), _page(client, f"/c/{SLUG}?lang=es")
    with count_queries() as counted:
        kept_english, kept_spanish = _page(client, f"/c/{SLUG}?lang=en"), _page(client, f"/c/{SLUG}?lang=es")
    assert counted.count == 2  # both kept: one query each
    assert "<h1>Stand with Lucía</h1>" in kept_english and "<h1>Apoya a Lucía</h1>" in kept_spanish
    assert (kept_english, kept_spanish) == (english, spanish)

    login_as("campaign").submit(f"/cases/{lucia.case.id}/campaign", _settings(lucia.campaign, story_es="Lucía trabaja aquí."))
    assert '<div class="prose">Lucía trabaja aquí.</div>' in _page(client, f"/c/{SLUG}?lang=es")
    assert "Lucía cares for her daughter." in _page(client, f"/c/{SLUG}?lang=en")


def test_a_spanish_action_edit_renews_the_kept_spanish_page(client, lucia):
    _page(client, f"/c/{SLUG}?lang=es")
    action = db.session.get(Action, lucia.action.id)
    action.script_es = "Gracias por llamar."
    db.session.commit()
    assert "Gracias por llamar." in _page(client, f"/c/{SLUG}?lang=es")


def test_the_spanish_texts_cost_no_query(app, client, lucia, ana, count_queries):
    """Rendered afresh, a page in Spanish with every Spanish text issues the statements an English page without them does."""
    counts = []
    for path in (f"/c/{SLUG}?lang=es", f"/c/{SLUG}?lang=en", f"/c/{PLAIN}?lang=es", f"/c/{PLAIN}?lang=en"):
        client.get(path)
        app.extensions["campaign_pages"].clear()
        with count_queries() as counted:
            assert client.get(path).status_code == 200
        counts.append(counted.count)
    assert len(set(counts)) == 1, counts


# --- The demo ---------------------------------------------------------------------------------------


def test_the_demo_shows_campaigns_written_in_spanish_and_one_that_is_not(app, client):
    from tracker.demo import load_demo

    load_demo("demo passphrase for tests")
    rosa = _page(client, "/c/keep-rosa-home", headers=SPANISH)
    assert "<h1>Que Rosa se quede en casa</h1>" in rosa and "<strong>Día de llamadas por Rosa</strong>" in rosa
    assert "Rosa llegó a Chicago hace dieciséis años" in rosa
    assert "<h1>Que Lucía se quede en casa</h1>" in _page(client, "/c/stand-with-lucia", headers=SPANISH)
    assert '<h1 lang="en">Keep Kwame home</h1>' in _page(client, "/c/free-kwame", headers=SPANISH)
