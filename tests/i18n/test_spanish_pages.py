"""A supporter whose phone speaks Spanish reads the public pages in Spanish, with no English left over."""
from __future__ import annotations

import pytest

from tests import factories
from tests.pages import visible_text
from tracker.actions.models import ActionKind

# Phrases of the English pages that a Spanish page must not show.
ENGLISH = ["Sign the petition", "Write a support letter", "Pledge to show up", "Skip to content", "signed of",
           "Your name", "Leave this field empty", "Share", "Text message", "This page loads nothing",
           "Coming up", "Show up", "Call-in day", "people pledged", "About the writer", "The letter",
           "Send my letter", "Nobody will ask your immigration status", "Which action", "How many people", "Pledge"]


@pytest.fixture()
def campaign(users):
    case = factories.live_campaign_case(team=[users["campaign"]], slug="quedate", name="Rosa Ejemplo")
    factories.make_action(case, users["campaign"], kind=ActionKind.VIGIL, title="Vigil for Rosa")
    factories.make_action(case, users["campaign"], kind=ActionKind.CALL_IN_DAY, title="Call the field office",
                          call_number="+1 312 555 0100", script="Please release Rosa.")
    return case


@pytest.mark.parametrize(("path", "spanish"), [
    ("/c/quedate", ["Firma la petición", "Escribe una carta de apoyo", "Comprométete a asistir", "Vigilia",
                    "Día de llamadas", "Compartir", "firmas de 100"]),
    ("/c/quedate/sign", ["Tu nombre", "Ciudad o código postal", "Firmar", "Para: ICE Field Office Director"]),
    ("/c/quedate/letter", ["Escribe una carta de apoyo para Rosa Ejemplo", "Sobre quien escribe", "Enviar mi carta",
                           "Nadie te va a preguntar tu situación migratoria"]),
    ("/c/quedate/pledge", ["Comprométete a asistir", "Qué acción", "Cuántas personas", "Comprometerme"]),
])
def test_public_pages_speak_spanish(client, campaign, path, spanish):
    response = client.get(path + "?lang=es")
    assert response.status_code == 200
    text = visible_text(response.get_data(as_text=True))
    for phrase in spanish:
        assert phrase in text
    # Titles of the actions are the campaign's own words; everything else is Spanish.
    leftovers = [phrase for phrase in ENGLISH if phrase in text.replace("Vigil for Rosa", "")]
    assert leftovers == []


def test_the_browser_language_alone_is_enough(client, campaign):
    text = visible_text(client.get("/c/quedate", headers={"Accept-Language": "es-MX,es;q=0.9"}).get_data(as_text=True))
    assert "Firma la petición" in text and "Sign the petition" not in text


def test_a_refused_signature_is_explained_in_spanish(client, campaign):
    response = client.submit("/c/quedate/sign?lang=es", {"name": "", "email": "no-es-un-correo", "city": "", "comment": ""})
    text = visible_text(response.get_data(as_text=True))
    assert "Escribe tu nombre." in text
    assert "«no-es-un-correo» no es un correo electrónico válido." in text
    assert "Enter your name" not in text


def test_signing_thanks_in_spanish(client, campaign):
    response = client.submit("/c/quedate/sign?lang=es", {"name": "Vecina Ejemplo", "email": "vecina@example.org",
                                                          "city": "Chicago", "comment": ""}, follow_redirects=True)
    assert "¡Gracias por firmar!" in visible_text(response.get_data(as_text=True))


def test_error_pages_speak_spanish(client):
    text = visible_text(client.get("/c/no-existe?lang=es").get_data(as_text=True))
    assert "Página no encontrada" in text and "Page not found" not in text


def test_english_stays_english(client, campaign):
    text = visible_text(client.get("/c/quedate?lang=en").get_data(as_text=True))
    assert "Sign the petition" in text and "Firma la petición" not in text
