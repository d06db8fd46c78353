"""Each petition's signature count is kept by the database (triggers on
`signatures`): whoever adds, deletes or moves a signature, and however (the
public form, a paper list, the ORM, a bulk statement), the count the public
page shows is the number of signatures there are."""

import pytest
from sqlalchemy import delete, func, select, text, update

from tests import factories
from tracker.campaigns import services
from tracker.campaigns.models import Petition, Signature
from tracker.cases.models import ConsentLevel
from tracker.extensions import db

FORM = {"name": "Grace Example", "email": "grace@example.org", "city": "Chicago", "comment": "", "website": "", "nonce": "n-1"}


@pytest.fixture
def petitions(app):
    factories.make_campaign(factories.consenting_case(), slug="sign-here")
    factories.make_campaign(factories.consenting_case(name="Otra Persona Ejemplo"), slug="sign-there")
    rows = db.session.scalars(select(Petition).order_by(Petition.id)).all()
    return rows[0], rows[1]


def _counts(*petitions) -> list[tuple[int, int]]:
    """(kept count, actual number of signatures) of each petition, read afresh."""
    db.session.expire_all()
    return [(db.session.get(Petition, petition.id).signature_count,
             db.session.scalar(select(func.count()).select_from(Signature).where(Signature.petition_id == petition.id)))
            for petition in petitions]


def test_every_way_of_adding_deleting_and_moving_signatures_keeps_the_count(client, petitions):
    here, there = petitions
    client.submit("/c/sign-here/sign", FORM)  # the public form
    services.sign(here, name="Paper Signer", email=None, city="Cicero")  # paper, no email: through the ORM
    services.import_paper_signatures(there, "Luis Ejemplo, Berwyn, luis@example.org\nMei Ejemplo, Skokie", entered_by_id=None)
    db.session.add(Signature(petition_id=there.id, name="Added Directly", email_index="direct"))
    db.session.commit()
    assert _counts(here, there) == [(2, 2), (3, 3)]

    db.session.delete(db.session.scalar(select(Signature).where(Signature.name == "Added Directly")))
    db.session.execute(update(Signature).where(Signature.name == "Paper Signer").values(petition_id=there.id))
    db.session.commit()
    assert _counts(here, there) == [(1, 1), (3, 3)]

    db.session.execute(delete(Signature).where(Signature.petition_id == there.id))  # a bulk delete
    db.session.commit()
    assert _counts(here, there) == [(1, 1), (0, 0)]


def test_a_signature_refused_or_sent_twice_counts_nothing(client, petitions):
    here, _there = petitions
    client.submit("/c/sign-here/sign", FORM)
    client.submit("/c/sign-here/sign", FORM)  # the same form twice
    client.submit("/c/sign-here/sign", {**FORM, "email": "GRACE@example.org ", "nonce": "n-2"})  # the same email
    client.submit("/c/sign-here/sign", {**FORM, "email": "not an email", "nonce": "n-3"})
    assert _counts(here) == [(1, 1)]


def test_a_closed_petition_and_a_withdrawn_consent_take_no_signature_even_from_a_past_signer(client, petitions):
    here, there = petitions
    client.submit("/c/sign-here/sign", FORM)
    here.is_open = False
    db.session.commit()
    closed = client.submit("/c/sign-here/sign", {**FORM, "nonce": "n-2"})
    assert closed.status_code == 200 and "This petition is closed" in closed.get_data(as_text=True)
    assert "already signed" not in closed.get_data(as_text=True)
    there.campaign.case.consent_level = ConsentLevel.NONE
    db.session.commit()
    assert client.submit("/c/sign-there/sign", FORM).status_code == 404
    assert _counts(here, there) == [(1, 1), (0, 0)]


def test_an_email_signed_through_the_form_is_stored_encrypted(client, petitions):
    """The one-statement INSERT encrypts like the ORM: the email at rest is not readable,
    the team reads it back, and the blind index finds it however it is typed."""
    client.submit("/c/sign-here/sign", {**FORM, "email": " Grace.Example@Example.org "})
    raw = db.session.execute(text("SELECT email, email_index FROM signatures")).one()
    assert "grace" not in raw.email.lower() and "example.org" not in raw.email.lower()
    assert "grace" not in raw.email_index.lower()
    db.session.expire_all()
    assert db.session.scalar(select(Signature.email)) == "grace.example@example.org"
    assert raw.email_index == services.email_index("grace.example@example.org")
