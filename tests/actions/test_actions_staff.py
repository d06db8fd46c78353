"""The team's side of actions and pledges: planning actions (public or internal, in the
case's time zone), taking pledges through every state, and seeing which actions are short."""
from __future__ import annotations

import re
from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.pages import visible_text
from tracker.actions.models import Action, ActionKind, Pledge, PledgeSource, PledgeStatus
from tracker.extensions import db
from tracker.security.audit import AuditEntry
from tracker.timeline.services import to_utc, today_in

SLUG = "keep-tomas-home"
PUBLIC_CHECKED = r'<input(?=[^>]*name="is_public")[^>]*\bchecked\b'


@pytest.fixture
def live(app, users):
    case = factories.live_campaign_case(team=[users["campaign"], users["legal"]], slug=SLUG, name="Tomás Example Reyes")
    congregation = factories.make_congregation("Fictional Unity Church", coordinator=users["congregation"])
    action = factories.make_action(case, users["campaign"], needed=10, title="Prayer vigil at the courthouse")
    return SimpleNamespace(case=case, congregation=congregation, action=action)


def _pledges() -> list[Pledge]:
    return list(db.session.scalars(select(Pledge).order_by(Pledge.id)))


def _state(pledge: Pledge) -> tuple:
    db.session.refresh(pledge)
    return pledge.status, pledge.people, pledge.attended


def _flashes(response) -> str:
    return " ".join(visible_text(match) for match in re.findall(r'<p class="flash[^"]*">.*?</p>', response.get_data(as_text=True)))


def _card(page: str, element_id: str) -> str:
    match = re.search(rf'<li[^>]*id="{element_id}".*?</li>', page, re.S)
    assert match, f"#{element_id} is not on the page"
    return visible_text(match.group(0))


def _audit_count(prefix: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like(f"{prefix}%")))


def _into_the_past(action) -> None:
    length = action.ends_at - action.starts_at
    action.starts_at = action.starts_at - timedelta(days=12)
    action.ends_at = action.starts_at + length
    db.session.commit()


def _action_form(**fields) -> dict:
    data = {"kind": "vigil", "title": "Sunrise vigil", "day": "", "start_time": "18:00", "end_time": "20:00",
            "timezone": "America/Chicago", "place": "Fictional Plaza", "description": "Bring a candle.",
            "people_needed": "25", "is_public": "y", "call_number": "", "call_hours": "", "script": ""}
    data.update(fields)
    return data


# --- Planning actions ---------------------------------------------------------------------------


def test_a_campaign_lead_plans_a_public_action_in_its_time_zone(live, login_as, client):
    day = today_in("America/Los_Angeles") + timedelta(days=6)
    lead = login_as("campaign")
    response = lead.submit(f"/cases/{live.case.id}/actions/new",
                           _action_form(day=day.isoformat(), timezone="America/Los_Angeles", title="Sunrise vigil"),
                           follow_redirects=True)
    assert "Sunrise vigil added (public)." in _flashes(response)
    action = db.session.scalars(select(Action).where(Action.title == "Sunrise vigil")).one()
    assert action.starts_at == to_utc(day, time(18, 0), "America/Los_Angeles")
    assert action.ends_at == to_utc(day, time(20, 0), "America/Los_Angeles")
    assert action.is_public and action.people_needed == 25 and action.timezone == "America/Los_Angeles"
    assert "6:00 PM PDT" in visible_text(response.get_data(as_text=True)) or "6:00 PM PST" in visible_text(
        response.get_data(as_text=True))
    assert "0 of 25 people pledged — 25 short" in _card(client.text(f"/c/{SLUG}"), f"action-{action.id}")
    assert _audit_count("action.create") == 1


@pytest.mark.parametrize("kind", ["check_in_accompaniment", "detention_visit"])
def test_a_check_in_accompaniment_or_detention_visit_starts_internal(live, login_as, client, kind):
    lead = login_as("campaign")
    form = lead.text(f"/cases/{live.case.id}/actions/new?kind={kind}")
    assert re.search(r'<input[^>]*name="is_public"[^>]*>', form) and not re.search(PUBLIC_CHECKED, form)
    assert re.search(PUBLIC_CHECKED, lead.text(f"/cases/{live.case.id}/actions/new?kind=vigil"))

    data = _action_form(kind=kind, title="Go with Tomás", day=(today_in(live.case.timezone) + timedelta(days=3)).isoformat(),
                        place="Fictional ICE office, window 4")
    del data["is_public"]  # an unchecked box is not sent
    response = lead.submit(f"/cases/{live.case.id}/actions/new", data, follow_redirects=True)
    assert "Go with Tomás added (internal: the team only)." in _flashes(response)
    action = db.session.scalars(select(Action).where(Action.title == "Go with Tomás")).one()
    assert not action.is_public
    public = client.text(f"/c/{SLUG}") + client.text(f"/c/{SLUG}/pledge")
    assert "Go with Tomás" not in public and "window 4" not in public


def test_a_call_in_day_needs_the_number_and_a_script(live, login_as):
    day = (today_in(live.case.timezone) + timedelta(days=2)).isoformat()
    lead = login_as("campaign")
    response = lead.submit(f"/cases/{live.case.id}/actions/new", _action_form(kind="call_in_day", title="Call-in", day=day))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "A call-in day needs the number to call." in page
    assert "Write what callers should say." in page
    assert db.session.scalar(select(func.count()).select_from(Action)) == 1
    lead.submit(f"/cases/{live.case.id}/actions/new", _action_form(
        kind="call_in_day", title="Call-in", day=day, call_number="(555) 010-0142", call_hours="9 to 5",
        script="Please grant Tomás a stay of removal."))
    call_in = db.session.scalars(select(Action).where(Action.kind == ActionKind.CALL_IN_DAY)).one()
    assert (call_in.call_number, call_in.script) == ("(555) 010-0142", "Please grant Tomás a stay of removal.")


# --- Pledges through every state, by the team ------------------------------------------------------


def test_a_campaign_lead_takes_a_pledge_from_pledged_to_confirmed_to_fulfilled(live, login_as):
    lead = login_as("campaign")
    response = lead.submit(f"/actions/{live.action.id}/pledges",
                           {"congregation_id": str(live.congregation.id), "people": "9", "note": "By phone"},
                           follow_redirects=True)
    assert "Fictional Unity Church: 9 people pledged." in _flashes(response)
    pledge = _pledges()[0]
    assert (pledge.status, pledge.source, pledge.people) == (PledgeStatus.PLEDGED, PledgeSource.STAFF, 9)

    lead.submit(f"/pledges/{pledge.id}/confirm")
    assert _state(pledge) == (PledgeStatus.CONFIRMED, 9, None)
    entry = _card(lead.text(f"/actions/{live.action.id}"), f"pledge-{pledge.id}")
    assert "Confirmed" in entry and "Record attendance" not in entry  # the action has not started

    refused = lead.submit(f"/pledges/{pledge.id}/attendance", {"attended": "9"}, follow_redirects=True)
    assert "Attendance can be recorded once the action has started." in _flashes(refused)
    assert _state(pledge) == (PledgeStatus.CONFIRMED, 9, None)

    _into_the_past(live.action)
    assert "Record attendance" in _card(lead.text(f"/actions/{live.action.id}"), f"pledge-{pledge.id}")
    done = lead.submit(f"/pledges/{pledge.id}/attendance", {"attended": "11"}, follow_redirects=True)
    assert "Pledge of Fictional Unity Church: fulfilled." in _flashes(done)
    assert _state(pledge) == (PledgeStatus.FULFILLED, 9, 11)
    entry = _card(lead.text(f"/actions/{live.action.id}"), f"pledge-{pledge.id}")
    assert "Fulfilled" in entry and "11 came" in entry and "Confirm" not in entry and "Cancel" not in entry
    # The coordinator sees what the team recorded.
    assert "9 pledged, 11 came" in _card(login_as("congregation").text("/"), f"pledge-{pledge.id}")


def test_a_campaign_lead_cancels_a_pledge_and_a_cancelled_pledge_cannot_be_confirmed(live, login_as):
    coordinator, lead = login_as("congregation"), login_as("campaign")
    coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "4"})
    pledge = _pledges()[0]
    lead.submit(f"/pledges/{pledge.id}/cancel")
    assert _state(pledge)[0] is PledgeStatus.CANCELLED
    assert "Cancelled" in _card(coordinator.text("/"), f"pledge-{pledge.id}")

    before = _audit_count("pledge.")
    for step, message in (("confirm", "Only a pledged pledge can be confirmed; this one is cancelled."),
                          ("cancel", "A cancelled pledge cannot be cancelled.")):
        refused = lead.submit(f"/pledges/{pledge.id}/{step}", follow_redirects=True)
        assert message in _flashes(refused)
    assert _state(pledge) == (PledgeStatus.CANCELLED, 4, None)
    assert _audit_count("pledge.") == before
    entry = _card(lead.text(f"/actions/{live.action.id}"), f"pledge-{pledge.id}")
    assert "Cancelled" in entry and "Confirm" not in entry


def test_a_confirmed_pledge_cannot_be_confirmed_twice(live, login_as):
    lead = login_as("campaign")
    lead.submit(f"/actions/{live.action.id}/pledges", {"congregation_id": str(live.congregation.id), "people": "3"})
    pledge = _pledges()[0]
    lead.submit(f"/pledges/{pledge.id}/confirm")
    refused = lead.submit(f"/pledges/{pledge.id}/confirm", follow_redirects=True)
    assert "Only a pledged pledge can be confirmed; this one is confirmed." in _flashes(refused)
    assert _audit_count("pledge.confirm") == 1


@pytest.mark.parametrize("people", ["0", "501"])
def test_the_team_cannot_enter_a_pledge_of_0_or_501_people(live, login_as, people):
    response = login_as("campaign").submit(f"/actions/{live.action.id}/pledges",
                                           {"congregation_id": str(live.congregation.id), "people": people})
    assert response.status_code == 400 and "Between 1 and 500 people." in response.get_data(as_text=True)
    assert _pledges() == []


@pytest.mark.parametrize("attended", ["-1", "2501", "many"])
def test_an_impossible_attendance_is_refused_and_changes_nothing(live, login_as, attended):
    lead = login_as("campaign")
    lead.submit(f"/actions/{live.action.id}/pledges", {"congregation_id": str(live.congregation.id), "people": "3"})
    pledge = _pledges()[0]
    _into_the_past(live.action)
    response = lead.submit(f"/pledges/{pledge.id}/attendance", {"attended": attended}, follow_redirects=True)
    assert re.search(r"How many came: (Enter how many people came \(0 or more\)\.|Not a valid integer value\.)",
                     _flashes(response))
    assert _state(pledge) == (PledgeStatus.PLEDGED, 3, None)


def test_entering_a_pledge_again_for_the_same_congregation_changes_it(live, login_as):
    lead = login_as("campaign")
    for people in ("3", "12"):
        lead.submit(f"/actions/{live.action.id}/pledges", {"congregation_id": str(live.congregation.id), "people": people})
    (pledge,) = _pledges()
    assert pledge.people == 12


def test_a_fulfilled_pledge_is_not_overwritten_by_entering_it_again(live, login_as):
    lead = login_as("campaign")
    lead.submit(f"/actions/{live.action.id}/pledges", {"congregation_id": str(live.congregation.id), "people": "6"})
    (pledge,) = _pledges()
    _into_the_past(live.action)
    lead.submit(f"/pledges/{pledge.id}/attendance", {"attended": "6"})
    response = lead.submit(f"/actions/{live.action.id}/pledges", {"congregation_id": str(live.congregation.id), "people": "2"})
    assert response.status_code == 400 and "Attendance is already recorded for this action." in response.get_data(as_text=True)
    assert _state(pledge) == (PledgeStatus.FULFILLED, 6, 6) and len(_pledges()) == 1


def test_a_cancelled_action_takes_no_pledges_and_leaves_the_public_page_and_portal(live, login_as, client):
    lead = login_as("campaign")
    lead.submit(f"/actions/{live.action.id}/cancel")
    assert live.action.cancelled_at is not None
    refused = lead.submit(f"/actions/{live.action.id}/pledges", {"congregation_id": str(live.congregation.id), "people": "3"})
    assert refused.status_code == 400 and "This action was cancelled." in refused.get_data(as_text=True)
    coordinator = login_as("congregation")
    assert live.action.title not in client.text(f"/c/{SLUG}") and live.action.title not in coordinator.text("/")
    assert coordinator.submit(f"/portal/actions/{live.action.id}/pledge", {"people": "3"}).status_code == 404
    assert _pledges() == []

    lead.submit(f"/actions/{live.action.id}/restore")
    assert live.action.cancelled_at is None
    assert live.action.title in client.text(f"/c/{SLUG}")


def test_an_action_made_internal_leaves_the_public_page(live, login_as, client):
    lead = login_as("campaign")
    local = live.action.local_start
    data = _action_form(title=live.action.title, day=local.date().isoformat(), start_time="18:00", end_time="20:00",
                        people_needed="10")
    del data["is_public"]
    lead.submit(f"/actions/{live.action.id}/edit", data)
    assert not live.action.is_public
    assert live.action.title not in client.text(f"/c/{SLUG}")
    assert live.action.title not in login_as("congregation").text("/")


# --- Pledged against needed, at a glance ------------------------------------------------------------


def test_over_pledging_is_shown_as_over_by_on_every_staff_page(live, login_as):
    other = factories.make_congregation("Fictional Quaker Meeting")
    db.session.add_all([
        Pledge(action=live.action, congregation=live.congregation, people=8, source=PledgeSource.PORTAL),
        Pledge(action=live.action, congregation=other, people=5, status=PledgeStatus.CONFIRMED, source=PledgeSource.STAFF),
    ])
    db.session.commit()
    lead = login_as("campaign")
    for url in (f"/actions/{live.action.id}", f"/cases/{live.case.id}/actions", f"/cases/{live.case.id}/campaign/dashboard"):
        assert "13 of 10 people pledged (over by 3)" in visible_text(lead.text(url)), url


def test_a_campaign_lead_sees_which_actions_are_short_of_people(live, login_as, users):
    full = factories.make_action(live.case, users["campaign"], needed=4, days=8, title="Letter delivery")
    db.session.add_all([
        Pledge(action=live.action, congregation=live.congregation, people=3, source=PledgeSource.PORTAL),
        Pledge(action=full, congregation=live.congregation, people=4, source=PledgeSource.PORTAL),
        Pledge(action=live.action, supporter_name="Withdrawn Example", people=7, status=PledgeStatus.CANCELLED,
               source=PledgeSource.PUBLIC),
    ])
    db.session.commit()
    lead = login_as("campaign")
    dashboard = visible_text(lead.text(f"/cases/{live.case.id}/campaign/dashboard"))
    assert "3 of 10 people pledged — 7 short" in dashboard and "4 of 4 people pledged" in dashboard
    overview = lead.text("/campaigns")
    row = visible_text(re.search(r"<tr[^>]*>(?:(?!</tr>).)*Keep them home.*?</tr>", overview, re.S).group(0))
    assert "1 short" in row and live.action.title in row


def test_staff_of_another_team_cannot_open_or_change_its_actions_and_pledges(live, login_as):
    pledge = Pledge(action=live.action, congregation=live.congregation, people=4, source=PledgeSource.PORTAL)
    db.session.add(pledge)
    db.session.commit()
    outsider = login_as("outsider")
    assert outsider.get(f"/actions/{live.action.id}").status_code == 404
    assert outsider.get(f"/cases/{live.case.id}/actions").status_code == 404
    for step in ("confirm", "cancel"):
        assert outsider.submit(f"/pledges/{pledge.id}/{step}").status_code == 404
    assert outsider.submit(f"/actions/{live.action.id}/pledges",
                           {"congregation_id": str(live.congregation.id), "people": "40"}).status_code == 404
    assert outsider.submit(f"/actions/{live.action.id}/cancel").status_code == 404
    assert _state(pledge) == (PledgeStatus.PLEDGED, 4, None) and live.action.cancelled_at is None
