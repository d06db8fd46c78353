"""A supporter whose phone speaks Spanish reads the public pages in Spanish, with no English left over."""
from __future__ import annotations

import re

import pytest

from tests import factories
from tests.pages import visible_text
from tracker.actions.models import ActionKind
from tracker.timeline.models import EventKind

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


# --- Staff pages: the whole interface is translated -------------------------------------------------

STAFF_ENGLISH = ["Dashboard", "Cases", "People", "Sign out", "Timeline", "Case team", "Filings", "Edit case",
                 "Publicity consent", "Legal name", "Country of birth", "Checklist", "Invite a writer",
                 "Packets built", "Build a packet", "New action", "Coming up", "Signatures"]


@pytest.fixture()
def staff_case(users):
    case = factories.live_campaign_case(team=[users["legal"], users["campaign"]], slug="caso-es", name="Rosa Ejemplo")
    factories.make_event(case, EventKind.MASTER_CALENDAR_HEARING, days=10, actor=users["legal"])
    return case


@pytest.mark.parametrize(("path", "spanish"), [
    ("/", ["Panel", "Casos", "Cerrar sesión"]),
    ("/cases/{id}", ["Cronología", "Equipo del caso", "Escritos", "Editar el caso", "Audiencia preliminar"]),
    ("/cases/{id}/letters", ["Lista de cartas", "Invitar a alguien a escribir", "Nombre de quien escribe"]),
    ("/cases/{id}/packets", ["Paquetes armados"]),
    ("/cases/{id}/actions", ["Nueva acción", "Próximas fechas"]),
    ("/cases/{id}/petition", ["Firmas", "Firmas en papel", "Meta de firmas"]),
])
def test_staff_pages_speak_spanish(login_as, staff_case, path, spanish):
    client = login_as("legal")
    response = client.get(path.format(id=staff_case.id) + "?lang=es")
    assert response.status_code == 200
    text = visible_text(response.get_data(as_text=True))
    for phrase in spanish:
        assert phrase in text
    assert [phrase for phrase in STAFF_ENGLISH if re.search(rf"\b{phrase}\b", text)] == []


def test_a_staff_flash_and_a_validation_message_speak_spanish(login_as, staff_case):
    client = login_as("legal")
    client.get("/?lang=es")  # remembered in the cookie from now on
    refused = client.submit(f"/cases/{staff_case.id}/filings/new", {"kind": "bond_request", "status": "filed", "filed_on": ""})
    assert "Da la fecha en que se presentó" in visible_text(refused.get_data(as_text=True))
    saved = client.submit(f"/cases/{staff_case.id}/filings/new", {"kind": "bond_request", "status": "drafting", "filed_on": ""},
                          follow_redirects=True)
    assert "Se registró: Solicitud de fianza." in visible_text(saved.get_data(as_text=True))


def test_a_calendar_feed_speaks_the_language_it_is_asked_in(login_as, staff_case):
    from sqlalchemy import select

    from tracker.calendar.models import CalendarFeed
    from tracker.extensions import db

    client = login_as("legal")
    client.submit(f"/cases/{staff_case.id}/calendar")
    feed = db.session.scalars(select(CalendarFeed).order_by(CalendarFeed.id.desc())).first()
    spanish = client.get(f"/calendar/{feed.token}.ics", headers={"Accept-Language": "es"}).get_data(as_text=True)
    english = client.get(f"/calendar/{feed.token}.ics", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"(caso {staff_case.id})" in spanish and f"Caso {staff_case.id}: Rosa" in spanish
    assert f"(case {staff_case.id})" in english
