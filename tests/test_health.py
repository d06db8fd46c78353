"""The health check for load balancers, and the headers that protect every page."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from tests import factories
from tracker.extensions import db


def test_health_check_says_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_check_carries_no_personal_data(client, users):
    factories.make_case(factories.make_person("Hortensia Healthcheck", a_number="999-707-070"), team=[users["legal"]])
    body = client.get("/healthz").get_data(as_text=True)
    assert set(client.get("/healthz").get_json()) == {"status", "database"}
    for value in ("Hortensia", "999-707-070", "999707070", "example.test", "Lee Legal"):
        assert value not in body


def test_health_check_needs_no_sign_in_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_health_check_answers_503_with_a_reason_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("could not connect to server"))

    monkeypatch.setattr(db.session, "execute", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    # The driver's message (host names, addresses) stays out of the answer.
    assert "could not connect" not in response.get_data(as_text=True)


def test_health_check_recovers_when_the_database_is_back(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("could not connect to server"))

    with monkeypatch.context() as patch:
        patch.setattr(db.session, "execute", unreachable)
        assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").status_code == 200


# --- security headers ---------------------------------------------------------------


def _assert_protective_headers(response, url):
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp, url
    assert "frame-ancestors 'none'" in csp, url
    assert response.headers.get("X-Frame-Options") == "DENY", url
    assert response.headers.get("Referrer-Policy") == "no-referrer", url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url


@pytest.mark.parametrize("url", ["/login", "/healthz", "/no-such-page", "/c/no-such-campaign", "/welcome/unknown"])
def test_public_pages_and_errors_carry_the_security_headers(client, url):
    _assert_protective_headers(client.get(url), url)


@pytest.mark.parametrize("url", ["/", "/cases", "/people", "/account", "/admin/users", "/cases/987654"])
def test_signed_in_pages_carry_the_security_headers(login_as, url):
    response = login_as("legal").get(url)
    _assert_protective_headers(response, url)


def test_the_content_policy_allows_nothing_from_other_sites(client):
    csp = client.get("/login").headers["Content-Security-Policy"]
    for directive in csp.split(";"):
        sources = directive.split()[1:]
        for source in sources:
            assert source in ("'self'", "'none'", "data:"), directive
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp


@pytest.mark.parametrize("url", ["/", "/cases", "/people", "/account", "/cases/{case}", "/people/{person}",
                                 "/cases/987654"])
def test_signed_in_pages_are_never_cached(login_as, users, url):
    case = factories.make_case(team=[users["legal"]])
    response = login_as("legal").get(url.format(case=case.id, person=case.person_id))
    assert response.headers.get("Cache-Control") == "no-store", url


def test_the_admin_pages_are_never_cached(login_as):
    for url in ("/admin/users", "/admin/audit"):
        assert login_as("admin").get(url).headers.get("Cache-Control") == "no-store", url


def test_search_results_are_never_cached(login_as, users):
    factories.make_case(factories.make_person("Cacheless Example", a_number="999-707-071"), team=[users["legal"]])
    response = login_as("legal").submit("/search", {"q": "999-707-071"})
    assert "Cacheless Example" in response.get_data(as_text=True)
    assert response.headers.get("Cache-Control") == "no-store"
