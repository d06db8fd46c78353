"""Links that leave the app point where the network says it lives (TRACKER_BASE_URL),
whatever Host header a request carries; in production unknown hosts are refused and
browsers are told to keep to HTTPS."""
from __future__ import annotations

import re

import pytest

from tests import factories
from tracker import create_app
from tracker.calendar.models import CalendarFeed
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.letters.models import Invitation

BASE = "https://tracker.network.example"
HOSTILE = "evil.example"
URL = re.compile(r"https?://[^\s\"'<>&]+")


@pytest.fixture
def hostile_host(app, monkeypatch):
    """Every request reaches the app as if sent with `Host: evil.example` (as a forged
    request or a misconfigured proxy would), while the test client keeps its cookies;
    the network's address is BASE."""
    inner = app.wsgi_app

    def forged(environ, start_response):
        environ["HTTP_HOST"] = HOSTILE
        return inner(environ, start_response)

    monkeypatch.setattr(app, "wsgi_app", forged)
    monkeypatch.setitem(app.config, "TRACKER_BASE_URL", BASE)


def _links(page: str) -> list[str]:
    return URL.findall(page.replace("%3A", ":").replace("%2F", "/"))


def _only_ours(page: str, *expected_paths: str) -> None:
    assert HOSTILE not in page
    for path in expected_paths:
        assert f"{BASE}{path}" in page, path


def test_invitation_and_set_up_links_use_the_network_address(hostile_host, login_as, users):
    case = factories.make_case(team=[users["legal"]])
    legal = login_as("legal")
    page = legal.submit(f"/cases/{case.id}/letters/invitations",
                        {"author_name": "Rev. Ana Example", "relation": "clergy", "days": "30"}).get_data(as_text=True)
    _only_ours(page, "/letters/invite/")
    invitation = Invitation.query.one()
    renewed = legal.submit(f"/invitations/{invitation.id}/renew").get_data(as_text=True)
    _only_ours(renewed, "/letters/invite/")

    admin = login_as("admin")
    created = admin.submit("/admin/users/new", {"email": "fresh@example.test", "name": "Fresh", "role": "legal",
                                                "congregation_id": "0"}).get_data(as_text=True)
    _only_ours(created, "/welcome/")
    again = admin.submit(f"/admin/users/{users['campaign'].id}/link").get_data(as_text=True)
    _only_ours(again, "/welcome/")


def test_the_campaign_page_shares_and_names_itself_at_the_network_address(hostile_host, app, login_as, users):
    case = factories.live_campaign_case(team=[users["campaign"]], slug="stand-with-ana")
    campaign = Campaign.query.filter_by(case_id=case.id).one()
    campaign.photo = factories.stored_file(factories.png_bytes(), "ana.png")
    db.session.commit()
    page = login_as("campaign").text("/c/stand-with-ana")
    assert f'<meta property="og:url" content="{BASE}/c/stand-with-ana">' in page
    assert f'<meta property="og:image" content="{BASE}/c/stand-with-ana/photo">' in page
    assert f'<link rel="canonical" href="{BASE}/c/stand-with-ana">' in page
    assert f'id="share-url" type="text" readonly value="{BASE}/c/stand-with-ana"' in page
    shared = [link for link in _links(page) if "stand-with-ana" in link]
    assert len(shared) >= 5 and HOSTILE not in page  # WhatsApp, Facebook, X... all carry our address
    settings = login_as("campaign").text(f"/cases/{case.id}/campaign")
    _only_ours(settings, "/c/stand-with-ana")


def test_calendar_addresses_and_event_ids_use_the_network_address(hostile_host, login_as, users):
    case = factories.make_case(team=[users["legal"]])
    event = factories.make_event(case, actor=users["legal"])
    legal = login_as("legal")
    legal.submit("/account/calendars")
    feed = CalendarFeed.query.one()
    _only_ours(legal.text("/account"), f"/calendar/{feed.token}.ics")
    body = legal.text(f"/calendar/{feed.token}.ics")
    assert f"UID:event-{event.id}@tracker.network.example" in body.replace("\r\n ", "")
    assert HOSTILE not in body


def test_a_link_printed_on_the_command_line_uses_the_network_address(app, users, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_BASE_URL", BASE + "/tracker/")
    result = app.test_cli_runner().invoke(args=["users", "create", "cli@example.test", "--role", "legal", "--invite"])
    assert result.exit_code == 0, result.output
    assert f"{BASE}/tracker/welcome/" in result.output


def test_a_base_url_that_is_not_an_address_stops_the_app_at_start_up():
    with pytest.raises(RuntimeError, match="TRACKER_BASE_URL"):
        create_app({"TRACKER_ENV": "testing", "TRACKER_BASE_URL": "tracker.network.example"})


# --- Production: trusted hosts and HSTS ---------------------------------------------------------


@pytest.fixture
def production(app):
    """The app as deployed: production settings on the test database."""
    production = create_app({
        "TRACKER_ENV": "production",
        "SECRET_KEY": app.config["SECRET_KEY"],
        "TRACKER_ENCRYPTION_KEY": app.config["TRACKER_ENCRYPTION_KEY"],
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "TRACKER_BASE_URL": BASE,
        "TRACKER_TRUSTED_HOSTS": "10.0.0.5",
    })
    with production.app_context():
        yield production
        db.session.remove()
        db.engines[None].dispose()


def test_production_refuses_a_host_it_does_not_serve(production):
    client = production.test_client()
    refused = client.get("/login", base_url=f"https://{HOSTILE}")
    assert refused.status_code == 400
    assert HOSTILE not in refused.get_data(as_text=True)
    assert client.get("/login", base_url=BASE).status_code == 200
    assert client.get("/healthz", base_url="http://10.0.0.5:8000").status_code == 200  # the listed extra host


def test_production_tells_browsers_to_keep_to_https_on_every_response(production, app):
    client = production.test_client()
    for path in ("/login", "/healthz", "/c/no-such-page", "/static/css/app.css"):
        response = client.get(path, base_url=BASE)
        assert response.headers.get("Strict-Transport-Security", "").startswith("max-age=31536000"), path
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers


def test_production_will_not_start_without_its_address(app):
    with pytest.raises(RuntimeError, match="TRACKER_BASE_URL is not set"):
        create_app({
            "TRACKER_ENV": "production",
            "SECRET_KEY": "x" * 32,
            "TRACKER_ENCRYPTION_KEY": app.config["TRACKER_ENCRYPTION_KEY"],
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "TRACKER_BASE_URL": None,
        })


def test_no_code_builds_a_link_from_the_request_host():
    """Every external link goes through tracker.links.external_url; the request's
    own idea of its host is never used for one."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    forbidden = re.compile(r"_external\s*=\s*True|request\.(host|host_url|url_root|root_url)\b")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("tracker", "templates")
        for path in sorted((root / folder).rglob("*"))
        if path.suffix in (".py", ".html", ".txt", ".ics") and path.name != "links.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert offenders == [], "build these with tracker.links.external_url: " + ", ".join(offenders)
