"""What a signature costs the server, kept small without giving up a check:
no server-side session for an anonymous signer, a fixed number of SQL
statements, one round trip to the rate-limit store (no rate-limit headers on
answers that are not refusals), and a form token signed only when the form is
shown."""
import re

import pytest

from tests import factories
from tracker.auth.models import UserSession
from tracker.campaigns.models import Petition, Signature
from tracker.extensions import db, limiter
from tracker.security.audit import AuditEntry

FORM = {"name": "Grace Example", "email": "grace@example.org", "city": "Chicago", "comment": "", "website": "", "nonce": "n-1"}
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def petition(app):
    case = factories.consenting_case()
    factories.make_campaign(case, slug="sign-here")
    return Petition.query.one()


def _token(page) -> str:
    match = TOKEN.search(page.get_data(as_text=True))
    assert match, "no CSRF token in the sign form"
    return match.group(1)


def test_an_anonymous_signer_leaves_no_server_side_session(client, petition):
    form = client.get("/c/sign-here/sign")
    signed = client.post("/c/sign-here/sign", data={**FORM, "csrf_token": _token(form)})
    assert signed.status_code == 302
    assert client.get(signed.headers["Location"]).status_code == 200
    assert Signature.query.count() == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(UserSession)) == 0


def test_signing_and_the_pages_after_it_send_no_new_cookie(client, petition):
    """The visitor's cookie (the form's token) stays as it is: the thank-you
    travels in the address, and a session without a sign-in is not re-marked
    at each request, so no answer has to sign and send the cookie again."""
    form = client.get("/c/sign-here/sign")
    assert "Set-Cookie" in form.headers  # the form's token
    signed = client.post("/c/sign-here/sign", data={**FORM, "csrf_token": _token(form)})
    assert signed.status_code == 302 and "Set-Cookie" not in signed.headers
    thanks = client.get(signed.headers["Location"])
    assert "Thank you for signing" in thanks.get_data(as_text=True)
    again = client.post("/c/sign-here/sign", data={**FORM, "nonce": "n-2", "csrf_token": _token(form)})
    assert "already signed" in client.get(again.headers["Location"]).get_data(as_text=True)
    for answer in (thanks, client.get("/c/sign-here"), client.get("/c/sign-here/sign")):
        assert answer.status_code == 200 and "Set-Cookie" not in answer.headers


def test_signing_runs_a_fixed_few_statements(app, client, petition, count_queries):
    token = _token(client.get("/c/sign-here/sign"))
    with count_queries() as counted:
        response = client.post("/c/sign-here/sign", data={**FORM, "csrf_token": token})
    assert response.status_code == 302
    # One statement: the INSERT checks that the campaign is live and its petition open, and
    # the database moves the petition's count with it (a trigger).
    assert counted.count == 1, "\n".join(counted.statements)
    assert db.session.get(Petition, petition.id).signature_count == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0


def test_the_form_shown_again_after_a_mistake_carries_a_token_that_works(client, petition):
    refused = client.post("/c/sign-here/sign", data={**FORM, "name": "", "csrf_token": _token(client.get("/c/sign-here/sign"))})
    assert refused.status_code == 200 and Signature.query.count() == 0
    token = _token(refused)
    assert client.post("/c/sign-here/sign", data={**FORM, "csrf_token": token}).status_code == 302
    assert Signature.query.count() == 1


def test_a_sign_form_without_its_token_is_refused(client, petition):
    client.get("/c/sign-here/sign")
    assert client.post("/c/sign-here/sign", data=FORM).status_code == 400
    assert client.post("/c/sign-here/sign", data={**FORM, "csrf_token": "forged"}).status_code == 400
    assert Signature.query.count() == 0


def test_a_refused_signature_says_when_to_come_back_and_others_carry_no_rate_limit_headers(client, petition, app):
    app.config["RATELIMIT_SIGN"] = "2 per minute"
    try:
        answers = [client.submit("/c/sign-here/sign", {**FORM, "email": f"s{n}@example.org", "nonce": str(n)})
                   for n in range(3)]
        assert [answer.status_code for answer in answers] == [302, 302, 429]
        for answer in answers[:2]:
            assert not [name for name in answer.headers.keys() if name.lower().startswith("x-ratelimit")]
        assert 0 < int(answers[2].headers["Retry-After"]) <= 60
        assert Signature.query.count() == 2
    finally:
        app.config["RATELIMIT_SIGN"] = "30 per 10 minutes"
        limiter.reset()
