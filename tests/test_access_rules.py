"""Who may open what: every route declares a rule, each role gets the right answer on
each page, refusals are audited, and restricted fields never reach a campaign lead."""
from __future__ import annotations

import re
from datetime import date

import pytest
from flask import url_for
from werkzeug.routing import AnyConverter, IntegerConverter

from tests import factories
from tracker.cases.models import Filing, FilingKind
from tracker.extensions import db
from tracker.security.audit import AuditEntry
from tracker.timeline import services as timeline
from tracker.timeline.models import EventKind

# The routes anyone may open without signing in: the login and set-up pages, the
# health check and the public campaign surface. A new public route must be added
# here on purpose, so that none becomes public by accident.
PUBLIC_ENDPOINTS = {
    "auth.login",
    "auth.welcome",
    "two_factor.code",
    "auth.lockdown_page",  # emergency lockdown from any browser, with the password or a recovery code  # the second factor after the password: no session exists yet
    "health.healthz",
    "public.campaign",
    "public.sign",
    "public.photo",
    "letters.writer",
    "letters.public_letter",
    "portal.public_pledge",
    "calendar.feed",
    "calendar.public_action",  # one action of a public campaign page, for a supporter's calendar
    "mail.unsubscribe",
}
ROLES = ("admin", "legal", "campaign", "congregation", "outsider")


def without_tokens(html: str) -> str:
    """A page without its per-session form tokens, which could contain any digits."""
    html = re.sub(r'<meta name="csrf-token" content="[^"]*">', "", html)
    return re.sub(r'<input[^>]*name="csrf_token"[^>]*>', "", html)


def last_denial(user_id: int | None = None) -> AuditEntry | None:
    query = AuditEntry.query.filter_by(action="access.denied")
    if user_id is not None:
        query = query.filter_by(user_id=user_id)
    return query.order_by(AuditEntry.id.desc()).first()


# ---------------------------------------------------------------------------
# (1) Every route declares its rule; nothing private opens without signing in
# ---------------------------------------------------------------------------


def _routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def _sample_url(app, rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        elif name.endswith("_id") or isinstance(converter, IntegerConverter):
            values[name] = 1
        else:
            values[name] = "sample"
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def test_every_route_declares_who_may_open_it(app):
    undeclared = sorted(
        rule.endpoint for rule in _routes(app) if not hasattr(app.view_functions[rule.endpoint], "access_rule")
    )
    assert undeclared == [], f"routes without role_required / signed_in / public: {undeclared}"


def test_only_the_intended_routes_are_public(app):
    public = {
        rule.endpoint for rule in _routes(app) if app.view_functions[rule.endpoint].access_rule[0] == "public"
    }
    assert public == PUBLIC_ENDPOINTS


def test_every_private_route_names_at_least_one_role(app):
    for rule in _routes(app):
        kind, roles = app.view_functions[rule.endpoint].access_rule
        assert kind in ("roles", "public"), rule.endpoint
        if kind == "roles":
            assert roles, f"{rule.endpoint} admits no role at all"


def test_anonymous_visitors_are_sent_to_sign_in_on_every_private_page(app, client):
    opened = []
    for rule in _routes(app):
        if rule.endpoint in PUBLIC_ENDPOINTS or "GET" not in rule.methods:
            continue
        url = _sample_url(app, rule)
        response = client.get(url)
        if response.status_code != 302 or not response.headers["Location"].startswith("/login"):
            opened.append((url, response.status_code, response.headers.get("Location")))
    assert opened == []


def test_anonymous_form_posts_to_private_routes_are_refused(app, client):
    """Without a form token the request is refused as expired; with one (taken from the
    sign-in page) the access rule still sends the visitor to sign in. Never a 200."""
    token = client.csrf_token()
    accepted = []
    for rule in _routes(app):
        if rule.endpoint in PUBLIC_ENDPOINTS or "POST" not in rule.methods:
            continue
        url = _sample_url(app, rule)
        bare = client.post(url)
        with_token = client.post(url, data={"csrf_token": token})
        if bare.status_code != 400:
            accepted.append((url, "without token", bare.status_code))
        if with_token.status_code != 302 or not with_token.headers["Location"].startswith("/login"):
            accepted.append((url, "with token", with_token.status_code))
    assert accepted == []


# ---------------------------------------------------------------------------
# (2) Role x page
# ---------------------------------------------------------------------------


@pytest.fixture
def world(app, users):
    """A case on the legal and campaign users' team, and one on nobody's team,
    each with a timeline entry and a filing."""
    mine = factories.make_case(factories.make_person("Marisol Teamcase", a_number="999-310-001"),
                               team=[users["legal"], users["campaign"]])
    theirs = factories.make_case(factories.make_person("Teodoro Othercase", a_number="999-310-002"), team=[])
    event = factories.make_event(mine, EventKind.MASTER_CALENDAR_HEARING, days=6, actor=users["legal"])
    other_event = factories.make_event(theirs, EventKind.ICE_CHECK_IN, days=6, actor=users["admin"])
    filing = Filing(case_id=mine.id, kind=FilingKind.STAY_OF_REMOVAL)
    other_filing = Filing(case_id=theirs.id, kind=FilingKind.BOND_REQUEST)
    db.session.add_all([filing, other_filing])
    db.session.commit()
    return {
        "mine": mine.id, "mine_person": mine.person_id, "event": event.id, "filing": filing.id,
        "theirs": theirs.id, "theirs_person": theirs.person_id, "other_event": other_event.id,
        "other_filing": other_filing.id, "legal_user": users["legal"].id, "missing": 987654,
    }


# page -> status for admin, legal, campaign, congregation, outsider (a legal volunteer on no team).
#   403: the role may never open this page (whatever the record);
#   404: the record is on another team, answered exactly like a missing one.
MATRIX = {
    "/": (200, 200, 200, 200, 200),
    "/cases": (200, 200, 200, 403, 200),
    "/people": (200, 200, 200, 403, 200),
    "/people/new": (200, 200, 403, 403, 200),
    # the case and the person on the legal+campaign team
    "/cases/{mine}": (200, 200, 200, 403, 404),
    "/people/{mine_person}": (200, 200, 200, 403, 404),
    "/cases/{mine}/edit": (200, 200, 403, 403, 404),
    "/people/{mine_person}/edit": (200, 200, 403, 403, 404),
    "/people/{mine_person}/cases/new": (200, 200, 403, 403, 404),
    "/cases/{mine}/events/new": (200, 200, 403, 403, 404),
    "/cases/{mine}/filings/new": (200, 200, 403, 403, 404),
    "/events/{event}/edit": (200, 200, 403, 403, 404),
    "/filings/{filing}/edit": (200, 200, 403, 403, 404),
    "/events/{event}/history": (200, 200, 200, 403, 404),
    # the case and the person on nobody's team: only admins; the others must not learn it exists
    "/cases/{theirs}": (200, 404, 404, 403, 404),
    "/people/{theirs_person}": (200, 404, 404, 403, 404),
    "/cases/{theirs}/edit": (200, 404, 403, 403, 404),
    "/people/{theirs_person}/edit": (200, 404, 403, 403, 404),
    "/cases/{theirs}/events/new": (200, 404, 403, 403, 404),
    "/cases/{theirs}/filings/new": (200, 404, 403, 403, 404),
    "/events/{other_event}/edit": (200, 404, 403, 403, 404),
    "/filings/{other_filing}/edit": (200, 404, 403, 403, 404),
    "/events/{other_event}/history": (200, 404, 404, 403, 404),
    # ids that do not exist at all
    "/cases/{missing}": (404, 404, 404, 403, 404),
    "/people/{missing}": (404, 404, 404, 403, 404),
    # the coordinator's pages
    "/admin/users": (200, 403, 403, 403, 403),
    "/admin/users/new": (200, 403, 403, 403, 403),
    "/admin/users/{legal_user}": (200, 403, 403, 403, 403),
    "/admin/audit": (200, 403, 403, 403, 403),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_right_answer_on_every_page(world, login_as, users, role):
    client = login_as(role)
    wrong = {}
    for page, statuses in MATRIX.items():
        url = page.format(**world)
        expected = statuses[ROLES.index(role)]
        got = client.get(url).status_code
        if got != expected:
            wrong[url] = f"expected {expected}, got {got}"
    assert wrong == {}, f"{role}: {wrong}"


def test_congregation_cannot_open_case(world, login_as):
    client = login_as("congregation")
    page = client.get(f"/cases/{world['mine']}")
    assert page.status_code == 403
    assert "You do not have access to this page" in page.get_data(as_text=True)
    assert "Marisol Teamcase" not in page.get_data(as_text=True)


def test_campaign_lead_cannot_edit_the_legal_record(world, login_as):
    client = login_as("campaign")
    for url in (f"/cases/{world['mine']}/edit", f"/people/{world['mine_person']}/edit",
                f"/cases/{world['mine']}/events/new", f"/cases/{world['mine']}/filings/new",
                f"/events/{world['event']}/edit", f"/filings/{world['filing']}/edit"):
        assert client.get(url).status_code == 403, url
    # Sending the form anyway changes nothing.
    refused = client.submit(f"/cases/{world['mine']}/events/new",
                            {"kind": "note", "day": "2031-01-05", "timezone": "America/Chicago",
                             "visibility": "internal", "title": "Sneaky entry"})
    assert refused.status_code == 403
    assert "Sneaky entry" not in login_as("legal").text(f"/cases/{world['mine']}")


def test_a_case_of_another_team_looks_exactly_like_a_missing_one(world, login_as):
    for role in ("legal", "campaign"):
        client = login_as(role)
        for hidden, missing in ((f"/cases/{world['theirs']}", f"/cases/{world['missing']}"),
                                (f"/people/{world['theirs_person']}", f"/people/{world['missing']}")):
            hidden_page, missing_page = client.get(hidden), client.get(missing)
            assert hidden_page.status_code == missing_page.status_code == 404
            assert without_tokens(hidden_page.get_data(as_text=True)) == without_tokens(missing_page.get_data(as_text=True))
            assert "Teodoro" not in hidden_page.get_data(as_text=True)


def test_lists_show_only_the_cases_on_the_users_team(world, login_as):
    legal = login_as("legal")
    for url in ("/cases", "/people", "/"):
        page = legal.text(url)
        assert "Teodoro Othercase" not in page, url
    assert "Marisol Teamcase" in legal.text("/cases")
    outsider_cases = login_as("outsider").text("/cases")
    assert "Marisol Teamcase" not in outsider_cases and "Teodoro Othercase" not in outsider_cases
    admin_cases = login_as("admin").text("/cases")
    assert "Marisol Teamcase" in admin_cases and "Teodoro Othercase" in admin_cases


def test_search_finds_nobody_outside_the_users_team(world, login_as):
    legal = login_as("legal")
    by_name = legal.submit("/search", {"q": "Teodoro"}).get_data(as_text=True)
    by_number = legal.submit("/search", {"q": "999-310-002"}).get_data(as_text=True)
    assert "Teodoro Othercase" not in by_name and "Teodoro Othercase" not in by_number
    assert "Marisol Teamcase" in legal.submit("/search", {"q": "Marisol"}).get_data(as_text=True)
    assert "Teodoro Othercase" in login_as("admin").submit("/search", {"q": "999310002"}).get_data(as_text=True)


def test_a_person_without_a_case_is_visible_only_to_whoever_recorded_them(app, users, login_as):
    person = factories.make_person("Nadia Newrecord", a_number="999-310-077", created_by=users["outsider"])
    assert login_as("outsider").get(f"/people/{person.id}").status_code == 200
    assert login_as("legal").get(f"/people/{person.id}").status_code == 404
    assert login_as("campaign").get(f"/people/{person.id}").status_code == 404
    assert login_as("admin").get(f"/people/{person.id}").status_code == 200


# ---------------------------------------------------------------------------
# (3) Refusals are audited
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "page", "status"), [
    ("congregation", "/cases/{mine}", 403),
    ("congregation", "/people", 403),
    ("campaign", "/cases/{mine}/edit", 403),
    ("campaign", "/events/{event}/edit", 403),
    ("legal", "/admin/audit", 403),
    ("legal", "/cases/{theirs}", 404),
    ("campaign", "/people/{theirs_person}", 404),
    ("outsider", "/events/{event}/history", 404),
    ("legal", "/filings/{other_filing}/edit", 404),
])
def test_a_refusal_leaves_an_audit_entry_naming_the_page(world, login_as, users, role, page, status):
    url = page.format(**world)
    assert login_as(role).get(url).status_code == status
    entry = last_denial(users[role].id)
    assert entry is not None, f"no access.denied entry after {role} was refused {url}"
    assert f"GET {url} ({status})" in entry.detail
    assert entry.ip  # from where


def test_a_refused_form_post_is_audited_too(world, login_as, users):
    client = login_as("campaign")
    assert client.submit(f"/events/{world['event']}/verify").status_code == 403
    assert f"POST /events/{world['event']}/verify (403)" in last_denial(users["campaign"].id).detail


def test_the_admin_sees_the_refusals_in_the_audit_log(world, login_as):
    login_as("legal").get(f"/cases/{world['theirs']}")
    log = login_as("admin").text("/admin/audit?action=access.")
    assert "access.denied" in log and f"/cases/{world['theirs']}" in log and "Lee Legal" in log


# ---------------------------------------------------------------------------
# (4) Campaign leads never see restricted fields
# ---------------------------------------------------------------------------

BIRTH_DATE = date(1971, 3, 9)
RESTRICTED = {
    "address": "77 Quillfeather Lane, Apt 9, Fictionville",
    "phone": "(312) 555-0199",
    "legal_notes": "Strategy memo ZEPHYR-41",
    "criminal_history": "Old citation OKAPI-88",
}
EVENT_NOTES = ("Event note MARLIN-23", "Event note MARLIN-24 (revised)")
FILING_NOTES = "Filing note TANGO-57"
BIRTH_DATE_SPELLINGS = ("1971-03-09", "9 Mar 1971", "Mar 9, 1971", "03/09/1971", "March 9, 1971", "09/03/1971")
A_NUMBER = "999-424-717"


def restricted_values() -> list[str]:
    return [*RESTRICTED.values(), *EVENT_NOTES, FILING_NOTES, *BIRTH_DATE_SPELLINGS]


@pytest.fixture
def secret_case(app, users):
    """A person with every restricted field filled, an upcoming hearing whose notes were
    revised (so its history holds notes), and a filing with notes."""
    person = factories.make_person("Graciela Quillfeather", a_number=A_NUMBER, birth_date=BIRTH_DATE, **RESTRICTED)
    case = factories.make_case(person, team=[users["legal"], users["campaign"]])
    event = factories.make_event(case, EventKind.INDIVIDUAL_HEARING, days=4, actor=users["legal"],
                                 notes=EVENT_NOTES[0], location="Courtroom 4")
    timeline.update_event(db.session.get(type(event), event.id), users["legal"], notes=EVENT_NOTES[1])
    db.session.add(Filing(case_id=case.id, kind=FilingKind.STAY_OF_REMOVAL, notes=FILING_NOTES))
    db.session.commit()
    return {"case": case.id, "person": person.id, "event": event.id}


def test_campaign_lead_never_sees_a_restricted_field_on_any_page(secret_case, login_as):
    client = login_as("campaign")
    case, person, event = secret_case["case"], secret_case["person"], secret_case["event"]
    pages = {
        "dashboard": client.text("/"),
        "case list": client.text("/cases"),
        "people list": client.text("/people"),
        "case page": client.text(f"/cases/{case}"),
        "person page": client.text(f"/people/{person}"),
        "event history": client.text(f"/events/{event}/history"),
        "campaigns": client.text("/campaigns"),
        "case campaign": client.text(f"/cases/{case}/campaign"),
        "letters": client.text(f"/cases/{case}/letters"),
        "actions": client.text(f"/cases/{case}/actions"),
        "packets": client.text(f"/cases/{case}/packets"),
    }
    for query in ("Graciela", A_NUMBER, "999424717"):
        response = client.submit("/search", {"q": query})
        assert response.status_code == 200
        pages[f"search {query}"] = response.get_data(as_text=True)
        # The search did find the person: the page checked is a real result page.
        assert "Graciela Quillfeather" in pages[f"search {query}"], query
    # The pages are the real ones: the case shows up where it should.
    assert "Graciela Quillfeather" in pages["dashboard"] and "Courtroom 4" in pages["dashboard"]
    assert "Stay of removal" in pages["case page"]
    leaks = {
        name: value
        for name, html in pages.items()
        for value in restricted_values()
        if value in without_tokens(html)
    }
    assert leaks == {}


def test_campaign_lead_sees_the_a_number_on_the_case_page(secret_case, login_as):
    page = login_as("campaign").text(f"/cases/{secret_case['case']}")
    assert A_NUMBER in page


def test_campaign_lead_sees_that_a_note_changed_but_not_what_it_says(secret_case, login_as):
    history = login_as("campaign").text(f"/events/{secret_case['event']}/history")
    assert "(changed)" in history
    assert EVENT_NOTES[0] not in history and EVENT_NOTES[1] not in history


def test_legal_volunteer_sees_every_restricted_field(secret_case, login_as):
    client = login_as("legal")
    person_page = client.text(f"/people/{secret_case['person']}")
    for value in RESTRICTED.values():
        assert value in person_page
    assert "9 Mar 1971" in person_page
    assert A_NUMBER in person_page
    case_page = client.text(f"/cases/{secret_case['case']}")
    assert EVENT_NOTES[1] in case_page and FILING_NOTES in case_page
    history = client.text(f"/events/{secret_case['event']}/history")
    assert EVENT_NOTES[0] in history and EVENT_NOTES[1] in history


# ---------------------------------------------------------------------------
# (5) Reading a person's record is audited
# ---------------------------------------------------------------------------


def test_viewing_a_person_page_is_audited(secret_case, login_as, users):
    login_as("legal").text(f"/people/{secret_case['person']}")
    entry = AuditEntry.query.filter_by(action="person.view_restricted", user_id=users["legal"].id).one()
    assert entry.target_type == "Person" and entry.target_id == secret_case["person"]
    assert "restricted fields" in entry.detail
    for value in [A_NUMBER, *restricted_values()]:
        assert value not in (entry.detail or "")


def test_viewing_a_case_page_is_audited_with_the_case(secret_case, login_as, users):
    login_as("campaign").text(f"/cases/{secret_case['case']}")
    entry = AuditEntry.query.filter_by(action="person.view_restricted", user_id=users["campaign"].id).one()
    assert entry.target_id == secret_case["person"] and entry.case_id == secret_case["case"]
    # A campaign lead read the A-number and nothing more; the entry says so without the number.
    assert entry.detail == "viewed A-number"


def test_every_view_is_audited_not_only_the_first(secret_case, login_as, users):
    client = login_as("legal")
    for _ in range(3):
        client.text(f"/people/{secret_case['person']}")
    assert AuditEntry.query.filter_by(action="person.view_restricted", user_id=users["legal"].id).count() == 3
