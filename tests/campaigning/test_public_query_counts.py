"""Every public page and signing issue as many SQL statements with 200
signatures, letters and actions as with 5, and none of them counts the
signatures: the petition keeps its count."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import factories
from tracker.actions.models import Pledge, PledgeSource
from tracker.campaigns.models import Petition, Signature
from tracker.extensions import db
from tracker.letters.models import Letter, LetterSource, LetterStatus, Relation
from tracker.timeline.models import EventKind, Visibility

SLUG = "keep-elena-home"


@pytest.fixture
def world(app, users):
    case = factories.live_campaign_case(team=[users["campaign"], users["legal"]], slug=SLUG, name="Elena Example Duarte")
    factories.make_event(case, EventKind.INDIVIDUAL_HEARING, days=9, actor=users["legal"], visibility=Visibility.PUBLIC)
    return SimpleNamespace(case=case, petition=db.session.scalars(db.select(Petition)).one(), lead=users["campaign"],
                           congregation=factories.make_congregation("Fictional Grace Church"), made=0)


def _grow(world, count: int) -> None:
    """`count` more signatures, letters and public actions with a pledge each."""
    rows = []
    for number in range(world.made, world.made + count):
        rows.append(Signature(petition_id=world.petition.id, name=f"Fictional Signer {number}", city="Chicago"))
        rows.append(Letter(case_id=world.case.id, status=list(LetterStatus)[number % len(LetterStatus)],
                           source=LetterSource.STAFF, author_name=f"Fictional Writer {number}",
                           relation=list(Relation)[number % len(Relation)], language="English", body="Known for years."))
    db.session.add_all(rows)
    db.session.commit()
    for number in range(world.made, world.made + count):
        action = factories.make_action(world.case, world.lead, days=2 + number % 20, title=f"Fictional vigil {number}")
        db.session.add(Pledge(action=action, congregation=world.congregation if number % 2 else None,
                              supporter_name=None if number % 2 else f"Fictional group {number}",
                              contact=None if number % 2 else f"group{number}@example.org", people=2,
                              source=PledgeSource.PORTAL if number % 2 else PledgeSource.PUBLIC))
    db.session.commit()
    world.made += count


def _get(app, client, count_queries, path: str, *, kept: bool):
    client.get(path)  # warm up
    if not kept:
        app.extensions["campaign_pages"].clear()
    with count_queries() as counted:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return counted


def _sign(client, count_queries, number: int):
    token = client.csrf_token()
    with count_queries() as counted:
        response = client.post(f"/c/{SLUG}/sign", data={
            "csrf_token": token, "name": "Grace Example", "email": f"grace{number}@example.org", "city": "Chicago",
            "nonce": f"form-nonce-{number}",
        })
    assert response.status_code == 302
    return counted


PAGES = [
    (f"/c/{SLUG}", True),
    (f"/c/{SLUG}", False),
    (f"/c/{SLUG}/sign", True),
    (f"/c/{SLUG}/sign?thanks=1", True),
    (f"/c/{SLUG}/letter", True),
    (f"/c/{SLUG}/letter?thanks=1", True),
    (f"/c/{SLUG}/pledge?thanks=1&action=1", True),
    (f"/c/{SLUG}/pledge", True),
]


@pytest.mark.parametrize("path,kept", PAGES)
def test_a_public_page_issues_as_many_statements_for_200_rows_as_for_5(app, client, world, count_queries, path, kept):
    _grow(world, 5)
    few = _get(app, client, count_queries, path, kept=kept)
    _grow(world, 195)
    many = _get(app, client, count_queries, path, kept=kept)
    assert many.count == few.count, "\n".join(many.statements)
    assert not any("count(" in statement.lower() for statement in many.statements), "\n".join(many.statements)


def test_signing_issues_as_many_statements_for_200_signatures_as_for_5(app, client, world, count_queries):
    _grow(world, 5)
    few = _sign(client, count_queries, 1)
    _grow(world, 195)
    many = _sign(client, count_queries, 2)
    assert many.count == few.count, "\n".join(many.statements)
    assert not any("count(" in statement.lower() for statement in many.statements), "\n".join(many.statements)
    assert db.session.get(Petition, world.petition.id).signature_count == 202


def test_a_new_signature_is_counted_once_and_leaves_no_trace_of_the_signers_address(app, client, world):
    from tracker.security.audit import AuditEntry

    audited_before = db.session.scalar(db.select(db.func.count()).select_from(AuditEntry))
    form = {"name": "Grace Example", "email": "grace@example.org", "city": "Chicago", "nonce": "form-nonce-one"}
    assert client.submit(f"/c/{SLUG}/sign", form).status_code == 302
    assert client.submit(f"/c/{SLUG}/sign", {**form, "email": " GRACE@example.org", "nonce": "form-nonce-two"}).status_code == 302
    assert db.session.get(Petition, world.petition.id).signature_count == 1
    # Data minimization: no audit entry keeps the signer's address beside the time they signed.
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == audited_before
