"""Signing the petition: once per email, spam kept out, safe under concurrent submissions."""
import re
import threading

import pytest

from tests import factories
from tracker.campaigns import services
from tracker.campaigns.models import Petition, Signature
from tracker.extensions import db, limiter

FORM = {"name": "Grace Example", "email": "grace@example.org", "city": "Chicago", "comment": "", "website": "", "nonce": "n-1"}


@pytest.fixture
def petition(app):
    case = factories.consenting_case()
    factories.make_campaign(case, slug="sign-here")
    return Petition.query.one()


def _message(response) -> str:
    return " ".join(re.findall(r'class="flash[^"]*">([^<]+)<', response.get_data(as_text=True)))


def test_signing_counts_once_per_email_however_it_is_typed(client, petition):
    first = client.submit("/c/sign-here/sign", FORM, follow_redirects=True)
    again = client.submit("/c/sign-here/sign", {**FORM, "email": "  GRACE@Example.ORG ", "nonce": "n-2", "city": "Evanston"},
                          follow_redirects=True)
    assert "Thank you for signing" in _message(first)
    assert "already signed" in _message(again)
    assert Signature.query.count() == 1 and Signature.query.one().city == "Chicago"


def test_signing_again_with_someone_elses_email_changes_nothing_of_their_signature(client, petition):
    guadalupe = {**FORM, "name": "Guadalupe Hernández", "email": "Guadalupe@example.org", "city": "Cicero",
                 "comment": "Por mi vecina", "contact_ok": "y", "nonce": "hers"}
    client.submit("/c/sign-here/sign", guadalupe)
    other = {**FORM, "name": "Lupe Hernandez", "email": " guadalupe@EXAMPLE.org", "city": "Berwyn",
             "comment": "changed", "nonce": "someone-else"}  # contact_ok left unticked
    response = client.submit("/c/sign-here/sign", other, follow_redirects=True)
    assert "You had already signed this petition — thank you." in _message(response)
    kept = Signature.query.one()
    assert (kept.name, kept.city, kept.comment, kept.contact_ok, kept.form_nonce) == (
        "Guadalupe Hernández", "Cicero", "Por mi vecina", True, "hers")


def test_the_same_form_sent_twice_is_one_signature_and_one_thank_you(client, petition):
    client.submit("/c/sign-here/sign", FORM)
    twice = client.submit("/c/sign-here/sign", FORM, follow_redirects=True)
    assert "Thank you for signing" in _message(twice)
    assert "already" not in _message(twice)
    assert Signature.query.count() == 1


def test_one_email_signs_two_petitions_and_counts_on_each(client, petition, users):
    other_case = factories.consenting_case(name="Otra Persona Ejemplo")
    factories.make_campaign(other_case, slug="sign-there")
    other = Petition.query.filter(Petition.id != petition.id).one()
    assert "Thank you for signing" in _message(client.submit("/c/sign-here/sign", FORM, follow_redirects=True))
    there = {**FORM, "nonce": "n-there"}
    assert "Thank you for signing" in _message(client.submit("/c/sign-there/sign", there, follow_redirects=True))
    # Each petition recognises its own form sent twice, and its own signer coming back.
    assert "Thank you for signing" in _message(client.submit("/c/sign-there/sign", there, follow_redirects=True))
    again = client.submit("/c/sign-here/sign", {**FORM, "nonce": "n-later"}, follow_redirects=True)
    assert "already signed" in _message(again)
    assert services.signature_count(petition) == 1 and services.signature_count(other) == 1


def test_the_honeypot_keeps_bots_out_quietly(client, petition):
    response = client.submit("/c/sign-here/sign", {**FORM, "website": "http://spam.example"}, follow_redirects=True)
    assert "Thank you" in response.get_data(as_text=True)
    assert Signature.query.count() == 0


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": ""}, "Enter your name."),
    ({"name": "Buy pills http://spam.example"}, "without links"),
    ({"name": "x" * 500}, "longer than"),
    ({"name": "12345"}, "needs letters"),
    ({"email": "grace@"}, "not a valid email"),
    ({"comment": "y" * 1200}, "under 1000 characters"),
])
def test_empty_or_absurd_input_is_refused_with_the_form_kept(client, petition, changes, message):
    response = client.submit("/c/sign-here/sign", {**FORM, **changes})
    page = response.get_data(as_text=True)
    assert message in page
    assert 'value="Chicago"' in page
    assert Signature.query.count() == 0


def test_a_closed_petition_takes_no_signature(client, petition):
    petition.is_open = False
    db.session.commit()
    response = client.submit("/c/sign-here/sign", FORM)
    assert "This petition is closed" in response.get_data(as_text=True)
    assert Signature.query.count() == 0


def test_too_many_signatures_from_one_address_are_slowed_down(client, petition, app):
    app.config["RATELIMIT_SIGN"] = "3 per minute"
    try:
        statuses = [client.submit("/c/sign-here/sign", {**FORM, "email": f"s{n}@example.org", "nonce": str(n)}).status_code
                    for n in range(4)]
        assert statuses == [302, 302, 302, 429]
        assert Signature.query.count() == 3
    finally:
        app.config["RATELIMIT_SIGN"] = "30 per 10 minutes"
        limiter.reset()


def _sign_through_the_form(app, petition_id, number, email):
    with app.test_request_context("/c/sign-here/sign", method="POST"):
        assert services.sign_live("sign-here", name=f"Signer {number}", email=email, city="Chicago", comment=None,
                                  contact_ok=False, nonce=f"form-{number}", locale="en") is not None


def _sign_through_the_session(app, petition_id, number, email):
    with app.app_context():
        services.sign(db.session.get(Petition, petition_id), name=f"Signer {number}", email=email, city="Chicago",
                      nonce=f"form-{number}")
        db.session.commit()


@pytest.mark.parametrize("sign_one", [_sign_through_the_form, _sign_through_the_session], ids=["form", "staff"])
def test_twenty_people_signing_at_once_with_ten_emails_leave_ten_signatures_counted_ten(app, petition, sign_one):
    """The unique index decides who signs first; the count moves in the same statement as
    each insert (a trigger), so racing signers neither lose nor double a count."""
    petition_id = petition.id
    barrier = threading.Barrier(20)
    errors = []

    def sign(number: int) -> None:
        try:
            email = f"Signer{number % 10}@Example.org" if number < 10 else f" signer{number % 10}@example.org "
            barrier.wait()  # before any connection is taken: the pool holds fewer than twenty
            sign_one(app, petition_id, number, email)
        except Exception as error:  # noqa: BLE001 - any failure fails the test below
            errors.append(error)
        finally:
            with app.app_context():
                db.session.remove()

    threads = [threading.Thread(target=sign, args=(number,)) for number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Signature.query.filter_by(petition_id=petition_id).count() == 10
    db.session.expire_all()
    assert db.session.get(Petition, petition_id).signature_count == 10
