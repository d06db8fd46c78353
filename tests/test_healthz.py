"""The health check and the headers every page carries."""
from sqlalchemy.exc import OperationalError

from tracker.extensions import db


def test_health_check_says_ok_and_nothing_personal(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_check_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}


def test_pages_forbid_framing_and_outside_resources(client):
    headers = client.get("/login").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_signed_in_pages_are_never_cached(login_as):
    assert login_as("legal").get("/cases").headers["Cache-Control"] == "no-store"


def test_no_page_loads_anything_from_another_site(app):
    from pathlib import Path

    root = Path(app.root_path).parent
    for path in [*root.joinpath("templates").rglob("*.html"), *root.joinpath("static").rglob("*.*")]:
        text = path.read_text(errors="ignore")
        for host in ("cdn.", "googleapis", "gstatic", "unpkg", "jsdelivr", "cdnjs"):
            assert host not in text, f"{host} in {path}"
