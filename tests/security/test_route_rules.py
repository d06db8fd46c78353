"""No route escapes a declared access rule, and no private page opens without signing in."""
import pytest
from flask import url_for
from werkzeug.routing import AnyConverter, IntegerConverter

from tracker.security.audit import AuditEntry

PUBLIC_ENDPOINTS = {
    "auth.login", "auth.welcome", "two_factor.code", "auth.lockdown_page", "health.healthz", "public.campaign", "public.sign", "public.photo",
    "letters.writer", "letters.public_letter", "portal.public_pledge", "calendar.feed", "calendar.public_action",
    "mail.unsubscribe",
}


def _sample_url(app, rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = 1 if name.endswith("id") or isinstance(converter, IntegerConverter) else "x"
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def test_every_endpoint_declares_who_may_open_it(app):
    undeclared = [
        rule.endpoint for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not hasattr(app.view_functions[rule.endpoint], "access_rule")
    ]
    assert undeclared == []


def test_the_public_endpoints_are_exactly_the_ones_meant_to_be(app):
    public = {
        rule.endpoint for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and app.view_functions[rule.endpoint].access_rule[0] == "public"
    }
    assert public == PUBLIC_ENDPOINTS


def test_private_pages_send_anonymous_visitors_to_sign_in(app, client):
    token = client.csrf_token()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.endpoint == "static":
            continue
        url = _sample_url(app, rule)
        if "GET" in rule.methods:
            response = client.get(url)
            assert response.status_code == 302 and "/login" in response.headers["Location"], url
        else:
            # With a valid form token, so that only the sign-in rule can stop the request.
            response = client.post(url, data={"csrf_token": token})
            assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("path", ["/cases", "/people", "/campaigns", "/congregations", "/cases/1"])
def test_a_congregation_coordinator_opens_no_case_record_and_the_refusal_is_audited(login_as, path):
    client = login_as("congregation")
    assert client.get(path).status_code == 403
    entry = AuditEntry.query.filter_by(action="access.denied").order_by(AuditEntry.id.desc()).first()
    assert path in entry.detail
