"""Whatever a person types, no page answers 500."""
import pytest
from flask import url_for
from werkzeug.routing import AnyConverter

from tests import factories
from tracker.actions.models import ActionKind, Pledge, PledgeSource
from tracker.extensions import db
from tracker.timeline.models import EventKind

GARBAGE = {
    "": "", "x": "x", "long": "y" * 30_000, "script": "<script>alert(1)</script>", "number": "-99999999999999999999",
    "date": "2026-02-30", "unicode": "Ω≈ç√∫˜µ≤≥÷ 中文 ﷽", "nul": "a\x00b",
}
FIELDS = ["name", "email", "city", "comment", "day", "start_time", "end_time", "timezone", "kind", "title", "location",
          "outcome", "notes", "visibility", "decided_by", "legal_name", "a_number", "birth_date", "phone", "address",
          "detention_status", "stage", "outcome", "consent_level", "consent_date", "status", "filed_on", "decided_on",
          "people", "attended", "note", "action_id", "supporter_name", "contact", "headline", "slug", "goal", "rows",
          "delivered_on", "delivered_count", "author_name", "relation", "known_for", "language", "body", "days",
          "user_id", "role", "congregation_id", "recipient_kind", "recipient", "cover_text", "what_happened", "next_date",
          "q", "password", "confirm", "current", "nonce", "website"]


@pytest.fixture
def world(app, users):
    case = factories.live_campaign_case(team=[users["legal"], users["campaign"]], slug="garbage")
    congregation = factories.make_congregation(coordinator=users["congregation"])
    action = factories.make_action(case, users["campaign"], kind=ActionKind.HEARING_ACCOMPANIMENT)
    pledge = Pledge(action=action, congregation=congregation, people=2, source=PledgeSource.PORTAL)
    db.session.add(pledge)
    event = factories.make_event(case, EventKind.MASTER_CALENDAR_HEARING, days=4, actor=users["legal"])
    letter = factories.make_letter(case)
    db.session.commit()
    return {"case_id": case.id, "person_id": case.person_id, "event_id": event.id, "action_id": action.id,
            "pledge_id": pledge.id, "letter_id": letter.id, "user_id": users["legal"].id, "slug": "garbage"}


def _urls(app, world):
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in ("static", "auth.logout", "auth.end_sessions"):
            continue  # signing out would make the rest of the walk anonymous
        values = {}
        for name, converter in rule._converters.items():
            if isinstance(converter, AnyConverter):
                values[name] = sorted(converter.items)
            else:
                values[name] = [world.get(name, 1)]
        combos = [{}]
        for name, options in values.items():
            combos = [{**combo, name: option} for combo in combos for option in options]
        with app.test_request_context():
            for combo in combos:
                yield url_for(rule.endpoint, **combo)


@pytest.mark.parametrize("role", ["admin", "campaign", "congregation", "anonymous"])
@pytest.mark.parametrize("kind", list(GARBAGE))
def test_garbage_in_every_form_never_gives_a_server_error(app, world, login_as, client, role, kind):
    browser = client if role == "anonymous" else login_as(role)
    for url in _urls(app, world):
        data = {field: GARBAGE[kind] for field in FIELDS}
        response = browser.submit(url, data)
        assert response.status_code < 500, f"{role} POST {url} with {kind!r}: {response.status_code}"
    if role != "anonymous":
        assert browser.get("/account").status_code == 200  # still signed in: every form was tried as this role


def _get_urls(app, world):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "calendar.feed"):
            continue
        values = {}
        for name, converter in rule._converters.items():
            values[name] = sorted(converter.items)[0] if isinstance(converter, AnyConverter) else world.get(name, 1)
        with app.test_request_context():
            yield url_for(rule.endpoint, **values)


@pytest.mark.parametrize("kind", list(GARBAGE))
def test_garbage_in_every_address_never_gives_a_server_error(app, world, login_as, kind):
    from urllib.parse import quote

    browser = login_as("admin")
    value = quote(GARBAGE[kind][:2000], safe="")
    query = "&".join(f"{name}={value}" for name in ("q", "sort", "stage", "page", "action", "case", "user", "kind",
                                                       "next", "detained", "removed", "thanks", "view", "download"))
    for url in _get_urls(app, world):
        response = browser.get(f"{url}?{query}")
        assert response.status_code < 500, f"GET {url} with {kind!r}: {response.status_code}"
