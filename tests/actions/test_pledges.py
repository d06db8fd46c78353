"""Pledges from the congregation coordinator's portal and the public pledge form:
every state, refused steps, isolation between congregations, internal actions kept private."""
from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.pages import visible_text
from tracker.actions.models import AccompanimentReport, ActionKind, Pledge, PledgeSource, PledgeStatus
from tracker.cases.models import ConsentLevel
from tracker.extensions import db
from tracker.security.audit import AuditEntry

SLUG = "keep-marisol-home"


@pytest.fixture
def live(app, users):
    """A live campaign with one public vigil (10 people needed) and the coordinator's congregation."""
    case = factories.live_campaign_case(team=[users["campaign"], users["legal"]], slug=SLUG, name="Marisol Example Vega")
    congregation = factories.make_congregation("St. Fictional Parish", coordinator=users["congregation"])
    action = factories.make_action(case, users["campaign"], needed=10, title="Vigil at the field office")
    return SimpleNamespace(case=case, congregation=congregation, action=action)


def _pledges() -> list[Pledge]:
    return list(db.session.scalars(select(Pledge).order_by(Pledge.id)))


def _only_pledge() -> Pledge:
    pledges = _pledges()
    assert len(pledges) == 1, pledges
    return pledges[0]


def _state(pledge: Pledge) -> tuple:
    db.session.refresh(pledge)
    return pledge.status, pledge.people, pledge.attended


def _audit_count(prefix: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like(f"{prefix}%")))


def _card(page: str, element_id: str) -> str:
    """The visible text of one list entry (an action card or a pledge) of a page."""
    match = re.search(rf'<li[^>]*id="{element_id}".*?</li>', page, re.S)
    assert match, f"#{element_id} is not on the page"
    return visible_text(match.group(0))


def _into_the_past(action, days: int = 2) -> None:
    """The action took place `days` ago (same length)."""
    length = action.ends_at - action.starts_at
    action.starts_at = action.starts_at - timedelta(days=days + 10)
    action.ends_at = action.starts_at + length
    db.session.commit()


def _flashes(response) -> str:
    return " ".join(visible_text(match) for match in re.findall(r'<p class="flash[^"]*">.*?</p>', response.get_data(as_text=True)))


# --- Through every state ---------------------------------------------------------------


def test_a_coordinators_pledge_goes_pledged_confirmed_then_fulfilled_with_attendance(live, login_as, users):
    coordinator, lead = login_as("congregation"), login_as("campaign")

    response = coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "6", "note": "Youth choir"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/#action-{live.action.id}")
    pledge = _only_pledge()
    assert (pledge.status, pledge.people, pledge.note, pledge.source) == (PledgeStatus.PLEDGED, 6, "Youth choir", PledgeSource.PORTAL)
    assert (pledge.congregation_id, pledge.created_by_id) == (live.congregation.id, users["congregation"].id)
    portal = coordinator.text("/")
    assert "You pledged 6 (pledged)" in _card(portal, f"action-{live.action.id}")
    assert "Pledged" in _card(portal, f"pledge-{pledge.id}")

    lead.submit(f"/pledges/{pledge.id}/confirm")
    assert _state(pledge) == (PledgeStatus.CONFIRMED, 6, None)
    assert "You pledged 6 (confirmed)" in _card(coordinator.text("/"), f"action-{live.action.id}")

    _into_the_past(live.action)
    past = _card(coordinator.text("/"), f"pledge-{pledge.id}")
    assert "Confirmed" in past and "6 pledged" in past and "Record attendance" in past
    coordinator.submit(f"/portal/pledges/{pledge.id}/attendance", {"attended": "5"})
    assert _state(pledge) == (PledgeStatus.FULFILLED, 6, 5)
    past = _card(coordinator.text("/"), f"pledge-{pledge.id}")
    assert "Fulfilled" in past and "6 pledged, 5 came" in past and "Record attendance" not in past
    assert [entry.action for entry in db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.like("pledge.%")).order_by(AuditEntry.id))] == [
        "pledge.pledge", "pledge.confirm", "pledge.attendance"]


def test_a_coordinator_changes_the_number_then_cancels_and_the_counts_follow(live, login_as, client):
    coordinator = login_as("congregation")
    coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "4"})
    pledge = _only_pledge()
    assert "4 of 10 people pledged — 6 short" in _card(client.text(f"/c/{SLUG}"), f"action-{live.action.id}")

    changed = coordinator.submit(f"/portal/pledges/{pledge.id}/change", {"people": "9"}, follow_redirects=True)
    assert "changed" in _flashes(changed)
    assert _state(pledge) == (PledgeStatus.PLEDGED, 9, None)
    assert "9 of 10 people pledged — 1 short" in _card(client.text(f"/c/{SLUG}"), f"action-{live.action.id}")

    cancelled = coordinator.submit(f"/portal/pledges/{pledge.id}/cancel", follow_redirects=True)
    assert "cancelled" in _flashes(cancelled)
    assert _state(pledge)[0] is PledgeStatus.CANCELLED
    assert "0 of 10 people pledged — 10 short" in _card(client.text(f"/c/{SLUG}"), f"action-{live.action.id}")
    portal = coordinator.text("/")
    assert "Cancelled" in _card(portal, f"pledge-{pledge.id}")
    assert "You pledged" not in _card(portal, f"action-{live.action.id}")  # the form to pledge is back


def test_pledging_again_to_the_same_action_changes_the_one_pledge(live, login_as, users):
    coordinator = login_as("congregation")
    coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "3"})
    first = _only_pledge()
    login_as("campaign").submit(f"/pledges/{first.id}/confirm")

    coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "8", "note": "Two cars"})
    again = _only_pledge()
    assert again.id == first.id
    assert (again.people, again.note, again.status) == (8, "Two cars", PledgeStatus.CONFIRMED)

    coordinator.submit(f"/portal/pledges/{first.id}/cancel")
    coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "2"})
    revived = _only_pledge()
    assert (revived.id, revived.people, revived.status) == (first.id, 2, PledgeStatus.PLEDGED)


# --- Refused steps change nothing -----------------------------------------------------------


@pytest.mark.parametrize("people", ["0", "501", "-3"])
def test_pledging_0_or_more_than_500_people_is_refused_clearly(live, login_as, people):
    response = login_as("congregation").submit(f"/portal/actions/{live.action.id}/pledge", {"people": people})
    assert response.status_code == 400
    assert "Between 1 and 500 people." in _card(response.get_data(as_text=True), f"action-{live.action.id}")
    assert _pledges() == [] and _audit_count("pledge.") == 0


@pytest.mark.parametrize("people", ["0", "501", "", "lots"])
def test_changing_a_pledge_to_an_impossible_number_is_refused_and_keeps_it(live, login_as, people):
    coordinator = login_as("congregation")
    coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "4"})
    pledge = _only_pledge()
    response = coordinator.submit(f"/portal/pledges/{pledge.id}/change", {"people": people}, follow_redirects=True)
    assert re.search(r"People: (Between 1 and 500 people\.|How many people\?|Not a valid integer value\.)", _flashes(response))
    assert _state(pledge) == (PledgeStatus.PLEDGED, 4, None)
    assert _audit_count("pledge.change") == 0


def test_attendance_before_the_action_started_is_refused(live, login_as):
    coordinator = login_as("congregation")
    coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "5"})
    pledge = _only_pledge()
    response = coordinator.submit(f"/portal/pledges/{pledge.id}/attendance", {"attended": "5"}, follow_redirects=True)
    assert "Attendance can be recorded once the action has started." in _flashes(response)
    assert _state(pledge) == (PledgeStatus.PLEDGED, 5, None)
    assert _audit_count("pledge.attendance") == 0


def test_a_cancelled_pledge_cannot_be_confirmed_attended_or_changed(live, login_as):
    coordinator, lead = login_as("congregation"), login_as("campaign")
    coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "5"})
    pledge = _only_pledge()
    coordinator.submit(f"/portal/pledges/{pledge.id}/cancel")
    before = _audit_count("pledge.")

    refused = lead.submit(f"/pledges/{pledge.id}/confirm", follow_redirects=True)
    assert "Only a pledged pledge can be confirmed; this one is cancelled." in _flashes(refused)
    refused = coordinator.submit(f"/portal/pledges/{pledge.id}/change", {"people": "7"}, follow_redirects=True)
    assert "A cancelled pledge cannot be changed." in _flashes(refused)
    _into_the_past(live.action)
    refused = coordinator.submit(f"/portal/pledges/{pledge.id}/attendance", {"attended": "3"}, follow_redirects=True)
    assert "A cancelled pledge has no attendance to record." in _flashes(refused)
    assert _state(pledge) == (PledgeStatus.CANCELLED, 5, None)
    assert _audit_count("pledge.") == before


def test_a_fulfilled_pledge_can_no_longer_be_changed_or_cancelled(live, login_as):
    coordinator = login_as("congregation")
    coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "5"})
    pledge = _only_pledge()
    _into_the_past(live.action)
    coordinator.submit(f"/portal/pledges/{pledge.id}/attendance", {"attended": "6"})
    for step, data, message in (("change", {"people": "2"}, "A fulfilled pledge cannot be changed."),
                                ("cancel", {}, "A fulfilled pledge cannot be cancelled.")):
        response = coordinator.submit(f"/portal/pledges/{pledge.id}/{step}", data, follow_redirects=True)
        assert message in _flashes(response)
    assert _state(pledge) == (PledgeStatus.FULFILLED, 5, 6)


def test_over_pledging_is_allowed_and_shown_as_over_by(live, login_as, client):
    other = factories.make_congregation("Fictional Friends Meeting")
    db.session.add(Pledge(action=live.action, congregation=other, people=7, source=PledgeSource.STAFF))
    db.session.commit()
    coordinator = login_as("congregation")
    response = coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "8"})
    assert response.status_code == 302 and _only_pledge_of(live.congregation).people == 8
    assert "15 of 10 people pledged (over by 5)" in _card(coordinator.text("/"), f"action-{live.action.id}")
    assert "15 of 10 people pledged (over by 5)" in _card(client.text(f"/c/{SLUG}"), f"action-{live.action.id}")
    assert "15 of 10 people pledged (over by 5)" in visible_text(login_as("campaign").text(f"/actions/{live.action.id}"))


def _only_pledge_of(congregation) -> Pledge:
    return db.session.scalars(select(Pledge).where(Pledge.congregation_id == congregation.id)).one()


# --- Isolation --------------------------------------------------------------------------------


def test_a_coordinator_sees_only_their_own_congregations_pledges(live, login_as, users):
    other = factories.make_congregation("Fictional Temple Emet")
    db.session.add_all([
        Pledge(action=live.action, congregation=live.congregation, people=4, note="Our-own-note", source=PledgeSource.PORTAL),
        Pledge(action=live.action, congregation=other, people=3, note="Their-private-note", source=PledgeSource.PORTAL),
        Pledge(action=live.action, supporter_name="Fictional Student Group", contact="students@example.org", people=2,
               source=PledgeSource.PUBLIC),
    ])
    db.session.commit()
    portal = login_as("congregation").text("/")
    assert "Our-own-note" in portal
    for foreign in ("Fictional Temple Emet", "Their-private-note", "Fictional Student Group", "students@example.org"):
        assert foreign not in portal
    mine, theirs, public = _pledges()
    assert f'id="pledge-{mine.id}"' in portal
    assert f'id="pledge-{theirs.id}"' not in portal and f'id="pledge-{public.id}"' not in portal
    # The count of people is the action's total: that is what the campaign needs to know.
    assert "9 of 10 people pledged" in _card(portal, f"action-{live.action.id}")


@pytest.mark.parametrize("step,data", [("change", {"people": "1"}), ("cancel", {}), ("attendance", {"attended": "0"}),
                                       ("report", {"what_happened": "Forged report"})])
def test_another_congregations_pledge_answers_404_and_is_audited(live, login_as, users, step, data):
    other = factories.make_congregation("Fictional Mosque Example")
    live.action.kind = ActionKind.HEARING_ACCOMPANIMENT
    db.session.commit()
    theirs = Pledge(action=live.action, congregation=other, people=3, source=PledgeSource.PORTAL)
    db.session.add(theirs)
    db.session.commit()
    _into_the_past(live.action)

    response = login_as("congregation").submit(f"/portal/pledges/{theirs.id}/{step}", data)
    assert response.status_code == 404
    assert _state(theirs) == (PledgeStatus.PLEDGED, 3, None)
    assert db.session.scalar(select(func.count()).select_from(AccompanimentReport)) == 0
    denied = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "access.denied")).one()
    assert denied.user_id == users["congregation"].id
    assert f"/portal/pledges/{theirs.id}/{step}" in denied.detail and "another congregation" in denied.detail


def test_a_coordinator_cannot_pledge_to_internal_actions_or_hidden_campaigns(live, login_as, users):
    lead = users["campaign"]
    internal = factories.make_action(live.case, lead, kind=ActionKind.CHECK_IN_ACCOMPANIMENT, public=False,
                                     title="Check-in accompaniment (team only)")
    no_consent = factories.make_case(factories.make_person("Nadia Example Noconsent"), team=[lead])
    factories.make_campaign(no_consent, slug="no-consent-yet")
    unpublished = factories.consenting_case(team=[lead], name="Omar Example Draft")
    factories.make_campaign(unpublished, slug="draft-campaign", published=False)
    no_campaign = factories.consenting_case(team=[lead], name="Pia Example Nocampaign")
    hidden = [
        internal,
        factories.make_action(no_consent, lead, title="Vigil without consent"),
        factories.make_action(unpublished, lead, title="Vigil of a draft campaign"),
        factories.make_action(no_campaign, lead, title="Vigil without a campaign"),
        factories.make_action(live.case, lead, title="Cancelled vigil", cancelled_at=live.action.created_at),
        factories.make_action(live.case, lead, title="Vigil that already happened", days=-3),
    ]
    coordinator = login_as("congregation")
    for action in hidden:
        assert coordinator.submit(f"/portal/actions/{action.id}/pledge", {"people": "2"}).status_code == 404, action.title
    assert _pledges() == []
    portal = coordinator.text("/")
    assert live.action.title in portal
    for action in hidden:
        assert action.title not in portal


@pytest.mark.parametrize("url", ["/cases", "/cases/{case}", "/people", "/people/{person}", "/cases/{case}/actions",
                                 "/actions/{action}", "/campaigns", "/cases/{case}/campaign/dashboard", "/congregations"])
def test_a_coordinator_never_opens_case_records(live, login_as, url):
    path = url.format(case=live.case.id, person=live.case.person_id, action=live.action.id)
    response = login_as("congregation").get(path)
    assert response.status_code == 403
    assert "Marisol Example Vega" not in response.get_data(as_text=True)


def test_a_coordinator_cannot_use_the_staff_pledge_steps(live, login_as):
    coordinator = login_as("congregation")
    coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "4"})
    pledge = _only_pledge()
    assert coordinator.submit(f"/pledges/{pledge.id}/confirm").status_code == 403
    assert coordinator.submit(f"/actions/{live.action.id}/pledges",
                              {"congregation_id": str(live.congregation.id), "people": "50"}).status_code == 403
    assert _state(pledge) == (PledgeStatus.PLEDGED, 4, None)


def test_a_coordinator_without_a_congregation_gets_a_clear_page(live, login_as, users):
    users["congregation"].congregation_id = None
    db.session.commit()
    coordinator = login_as("congregation")
    page = visible_text(coordinator.text("/"))
    assert "Your account is not linked to a congregation yet" in page and "Ask your network coordinator" in page
    assert live.action.title not in page
    assert coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "3"}).status_code == 403
    assert _pledges() == []


def test_a_coordinator_role_is_needed_for_the_portal_steps(live, login_as):
    for role in ("campaign", "legal", "admin"):
        assert login_as(role).submit(f"/portal/actions/{live.action.id}/pledge", {"people": "3"}).status_code == 403
    assert _pledges() == []


# --- Internal actions never reach congregations or the public ----------------------------------


def test_internal_actions_stay_off_the_public_page_pledge_form_and_portal(live, login_as, users, client):
    internal = factories.make_action(live.case, users["campaign"], kind=ActionKind.CHECK_IN_ACCOMPANIMENT, public=False,
                                     title="Accompany Marisol to her check-in", place="Fictional Field Office, Room 9",
                                     description="Meet-at-the-side-door")
    # Staff asked this congregation, privately, to go with her.
    db.session.add(Pledge(action=internal, congregation=live.congregation, people=3, status=PledgeStatus.CONFIRMED,
                          source=PledgeSource.STAFF))
    db.session.commit()
    pages = {
        "campaign page": client.text(f"/c/{SLUG}"),
        "pledge form": client.text(f"/c/{SLUG}/pledge"),
        "portal": login_as("congregation").text("/"),
    }
    for where, page in pages.items():
        for secret in (internal.title, "Fictional Field Office", "Meet-at-the-side-door", f"action-{internal.id}",
                       f'value="{internal.id}"'):
            assert secret not in page, f"{secret!r} on the {where}"
        assert live.action.title in page, where
    assert "0 of 10 people pledged — 10 short" in _card(pages["campaign page"], f"action-{live.action.id}")
    assert "0 of 10 people pledged — 10 short" in _card(pages["portal"], f"action-{live.action.id}")


def test_the_campaign_page_shows_each_public_action_with_n_of_m_pledged(live, users, client):
    second = factories.make_action(live.case, users["campaign"], kind=ActionKind.CALL_IN_DAY, title="Call-in day",
                                   needed=100, days=3, call_number="(555) 010-0199", script="Please grant the stay.")
    db.session.add_all([
        Pledge(action=live.action, congregation=live.congregation, people=6, status=PledgeStatus.CONFIRMED,
               source=PledgeSource.PORTAL),
        Pledge(action=second, supporter_name="Fictional Union Local", contact="local@example.org", people=20,
               source=PledgeSource.PUBLIC),
        Pledge(action=second, supporter_name="Gone Example", contact="gone@example.org", people=30,
               status=PledgeStatus.CANCELLED, source=PledgeSource.PUBLIC),
    ])
    db.session.commit()
    page = client.text(f"/c/{SLUG}")
    assert "6 of 10 people pledged — 4 short" in _card(page, f"action-{live.action.id}")
    assert "20 of 100 people pledged — 80 short" in _card(page, f"action-{second.id}")
    assert "local@example.org" not in page


# --- The public pledge form --------------------------------------------------------------------


def _public_form(action_id: int, /, **fields) -> dict:
    data = {"action_id": str(action_id), "supporter_name": "Fictional Youth Choir", "contact": "choir@example.org",
            "people": "12", "note": "We bring candles"}
    data.update(fields)
    return data


def test_a_public_pledge_lands_as_pledged_for_a_campaign_lead_to_confirm(live, client, login_as):
    form = client.text(f"/c/{SLUG}/pledge?action={live.action.id}")
    assert f'<option selected value="{live.action.id}">' in form or re.search(
        rf'<option[^>]*value="{live.action.id}"[^>]*selected', form)

    response = client.submit(f"/c/{SLUG}/pledge", _public_form(live.action.id))
    thanks = f"/c/{SLUG}/pledge?thanks=1&action={live.action.id}"
    assert response.status_code == 302 and response.headers["Location"].endswith(thanks)
    assert "Thank you" in client.text(thanks)
    pledge = _only_pledge()
    assert (pledge.status, pledge.source, pledge.congregation_id) == (PledgeStatus.PLEDGED, PledgeSource.PUBLIC, None)
    assert (pledge.supporter_name, pledge.contact, pledge.people, pledge.note) == (
        "Fictional Youth Choir", "choir@example.org", 12, "We bring candles")

    lead = login_as("campaign")
    entry = _card(lead.text(f"/actions/{live.action.id}"), f"pledge-{pledge.id}")
    assert "Fictional Youth Choir" in entry and "Campaign page" in entry and "choir@example.org" in entry
    assert "Confirm" in entry
    lead.submit(f"/pledges/{pledge.id}/confirm")
    assert _state(pledge)[0] is PledgeStatus.CONFIRMED
    public_page = client.text(f"/c/{SLUG}")
    assert "12 of 10 people pledged (over by 2)" in _card(public_page, f"action-{live.action.id}")
    assert "choir@example.org" not in public_page


@pytest.mark.parametrize("fields,errors", [
    ({"supporter_name": "", "contact": ""}, ["Say who is pledging.", "Give a phone or email so the organizers can confirm."]),
    ({"people": "0"}, ["Between 1 and 500 people."]),
    ({"people": "501"}, ["Between 1 and 500 people."]),
    ({"people": ""}, ["How many people will come?"]),
    ({"action_id": "999999"}, ["Not a valid choice."]),
])
def test_a_bad_public_pledge_is_shown_again_with_its_errors(live, client, fields, errors):
    response = client.submit(f"/c/{SLUG}/pledge", _public_form(live.action.id, **fields))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Thank you" not in page
    for error in errors:
        assert error in page
    if fields.get("supporter_name") is None:
        assert 'value="Fictional Youth Choir"' in page  # what was typed is kept
    assert _pledges() == []


def test_a_public_pledge_to_an_internal_action_is_refused(live, users, client):
    internal = factories.make_action(live.case, users["campaign"], kind=ActionKind.DETENTION_VISIT, public=False,
                                     title="Detention visit (team only)")
    response = client.submit(f"/c/{SLUG}/pledge", _public_form(internal.id))
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert _pledges() == []


def test_the_honeypot_thanks_a_bot_and_keeps_nothing(live, client):
    response = client.submit(f"/c/{SLUG}/pledge", _public_form(live.action.id, website="http://spam.example"))
    assert response.status_code == 302 and response.headers["Location"].endswith("thanks=1")
    assert _pledges() == []


def test_there_is_no_pledge_form_without_publicity_consent(live, client):
    live.case.consent_level = ConsentLevel.NONE
    db.session.commit()
    assert client.get(f"/c/{SLUG}/pledge").status_code == 404
    assert client.submit(f"/c/{SLUG}/pledge", _public_form(live.action.id)).status_code == 404
    assert _pledges() == []



def test_a_pledge_the_team_entered_for_an_internal_action_is_not_reachable_from_the_portal(live, login_as, users):
    internal = factories.make_action(live.case, users["campaign"], kind=ActionKind.HEARING_ACCOMPANIMENT, public=False,
                                     title="Quiet court watch")
    pledge = Pledge(action=internal, congregation=live.congregation, people=2, source=PledgeSource.STAFF)
    db.session.add(pledge)
    db.session.commit()
    _into_the_past(internal)
    coordinator = login_as("congregation")
    for step, data in (("change", {"people": "5"}), ("cancel", {}), ("attendance", {"attended": "2"}),
                       ("report", {"what_happened": "Seen by the judge."})):
        assert coordinator.submit(f"/portal/pledges/{pledge.id}/{step}", data).status_code == 404, step
    assert _state(pledge) == (PledgeStatus.PLEDGED, 2, None)
    assert db.session.scalar(select(func.count()).select_from(AccompanimentReport)) == 0


def test_when_consent_is_withdrawn_the_campaign_leaves_the_portal(live, login_as):
    coordinator = login_as("congregation")
    coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "4"}, follow_redirects=True)
    pledge = _only_pledge()
    live.case.consent_level = ConsentLevel.NONE
    db.session.commit()
    portal = coordinator.text("/")
    assert live.action.title not in portal and "Marisol" not in portal
    assert coordinator.submit(f"/portal/pledges/{pledge.id}/change", {"people": "6"}).status_code == 404
    assert _state(pledge) == (PledgeStatus.PLEDGED, 4, None)
