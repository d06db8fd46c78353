"""The same form sent twice stores one record: a double click, a "resend" after
the back button, or two sends racing each other on a slow connection."""
import re
import threading
from datetime import timedelta

import pytest

from tests import factories
from tracker.actions.models import AccompanimentReport, ActionKind, Pledge
from tracker.extensions import db
from tracker.letters.models import Letter
from tracker.submissions import FormSubmission
from tracker.timeline import services as timeline
from tracker.timeline.models import Event

NONCE = re.compile(r'name="form_nonce"[^>]*value="([^"]+)"')
LETTER = {"author_name": "Grace Neighbour", "relation": "neighbour", "relationship_detail": "", "known_for": "6 years",
          "organization": "", "author_contact": "", "language": "English", "body": "She helps everyone on our street.",
          "translation_text": "", "translator_name": "", "translator_address": "", "translator_statement": "", "website": ""}


def nonces(page: str) -> list[str]:
    """The id of each form on a page, as the browser sends it back."""
    return NONCE.findall(page)


def nonce(page: str) -> str:
    found = nonces(page)
    assert len(found) == 1, f"expected one create form, found {len(found)}"
    return found[0]


@pytest.fixture
def campaign_case(app, users):
    return factories.live_campaign_case(team=[users["campaign"], users["legal"]], slug="twice-home", name="Twice Example")


def _check_in(case, **changes):
    day = timeline.today_in(case.timezone) + timedelta(days=9)
    return {"kind": "ice_check_in", "title": "", "day": day.isoformat(), "start_time": "09:00", "end_time": "",
            "timezone": case.timezone, "location": "ICE field office", "outcome": "", "notes": "", "visibility": "internal",
            "decided_by": "", **changes}


def test_a_public_letter_sent_twice_is_one_letter_and_both_sends_end_on_the_thanks_page(client, campaign_case):
    form = {**LETTER, "form_nonce": nonce(client.text("/c/twice-home/letter"))}
    first = client.submit("/c/twice-home/letter", form)
    second = client.submit("/c/twice-home/letter", form)
    assert first.status_code == second.status_code == 302
    assert first.location == second.location and "thanks=1" in second.location
    assert Letter.query.count() == 1
    submission = FormSubmission.query.one()
    assert (submission.record_type, submission.record_id) == ("Letter", Letter.query.one().id)


def test_a_timeline_check_in_sent_twice_is_one_event_and_the_second_send_says_so(login_as, campaign_case):
    client = login_as("legal")
    case = campaign_case
    form = _check_in(case, form_nonce=nonce(client.text(f"/cases/{case.id}/events/new")))
    client.submit(f"/cases/{case.id}/events/new", form)
    again = client.submit(f"/cases/{case.id}/events/new", form, follow_redirects=True)
    assert Event.query.count() == 1
    assert "already been sent" in again.get_data(as_text=True)
    assert again.request.path == f"/cases/{case.id}"


def test_a_form_shown_again_with_errors_keeps_its_id_and_is_stored_once_corrected(login_as, campaign_case):
    client = login_as("legal")
    case = campaign_case
    form = _check_in(case, form_nonce=nonce(client.text(f"/cases/{case.id}/events/new")), day="2026-02-30")
    refused = client.submit(f"/cases/{case.id}/events/new", form).get_data(as_text=True)
    assert "Enter a real date" in refused and nonce(refused) == form["form_nonce"]
    corrected = _check_in(case, form_nonce=nonce(refused))
    assert client.submit(f"/cases/{case.id}/events/new", corrected).status_code == 302
    assert client.submit(f"/cases/{case.id}/events/new", corrected).status_code == 302
    assert Event.query.count() == 1


def test_two_forms_opened_one_after_the_other_make_two_records(login_as, campaign_case):
    client = login_as("legal")
    case = campaign_case
    for _ in range(2):
        client.submit(f"/cases/{case.id}/events/new", _check_in(case, form_nonce=nonce(client.text(f"/cases/{case.id}/events/new"))))
    assert Event.query.count() == 2


def test_a_public_pledge_sent_twice_is_one_pledge(client, campaign_case, users):
    action = factories.make_action(campaign_case, users["campaign"])
    page = client.text(f"/c/twice-home/pledge?action={action.id}")
    form = {"action_id": str(action.id), "supporter_name": "Grace Neighbour", "contact": "grace@example.org", "people": "3",
            "note": "", "website": "", "form_nonce": nonce(page)}
    assert client.submit("/c/twice-home/pledge", form).location == client.submit("/c/twice-home/pledge", form).location
    assert Pledge.query.count() == 1


def test_each_action_on_the_portal_has_its_own_form_so_pledges_to_two_actions_both_count(login_as, campaign_case, users):
    factories.make_congregation(coordinator=users["congregation"])
    vigil = factories.make_action(campaign_case, users["campaign"], title="Vigil", days=3)
    rally = factories.make_action(campaign_case, users["campaign"], kind=ActionKind.RALLY, title="Rally", days=4)
    client = login_as("congregation")
    page = client.text("/")
    first, second = nonces(page)
    assert first != second
    client.submit(f"/portal/actions/{vigil.id}/pledge", {"people": "4", "note": "", "form_nonce": first})
    client.submit(f"/portal/actions/{rally.id}/pledge", {"people": "2", "note": "", "form_nonce": second})
    client.submit(f"/portal/actions/{rally.id}/pledge", {"people": "2", "note": "", "form_nonce": second})
    assert sorted(pledge.people for pledge in Pledge.query) == [2, 4]


def test_an_accompaniment_report_sent_twice_is_one_report(login_as, campaign_case, users):
    action = factories.make_action(campaign_case, users["campaign"], kind=ActionKind.CHECK_IN_ACCOMPANIMENT, days=-1)
    client = login_as("campaign")
    form = {"what_happened": "Checked in; told to come back.", "next_date": "", "next_time": "",
            "form_nonce": nonces(client.text(f"/actions/{action.id}"))[-1]}
    client.submit(f"/actions/{action.id}/reports", form)
    client.submit(f"/actions/{action.id}/reports", form)
    assert AccompanimentReport.query.count() == 1


def test_a_staff_letter_with_an_upload_sent_twice_keeps_one_letter(login_as, campaign_case):
    import io

    client = login_as("campaign")
    page = client.text(f"/cases/{campaign_case.id}/letters/new")
    responses = [
        client.submit(f"/cases/{campaign_case.id}/letters/new",
                      {**LETTER, "body": "", "form_nonce": nonce(page),
                       "letter_files": (io.BytesIO(factories.pdf_bytes()), "letter.pdf")},
                      content_type="multipart/form-data")
        for _ in range(2)
    ]
    letter = Letter.query.one()
    assert {response.location for response in responses} == {f"/letters/{letter.id}"}


def test_two_sends_racing_with_one_form_id_make_one_letter(app, client, campaign_case):
    """Both sends arrive before either is stored: the database decides (SQLite and PostgreSQL)."""
    browsers = [client, app.test_client()]
    form_nonce = nonce(browsers[0].text("/c/twice-home/letter"))
    forms = [{**LETTER, "csrf_token": browser.csrf_token(), "form_nonce": form_nonce} for browser in browsers]
    barrier = threading.Barrier(2)
    answers, errors = [], []

    def send(number: int) -> None:
        try:
            with app.app_context():
                barrier.wait()
                answers.append(browsers[number].post("/c/twice-home/letter", data=forms[number]))
        except Exception as error:  # noqa: BLE001 - any failure fails the test below
            errors.append(error)

    threads = [threading.Thread(target=send, args=(number,)) for number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [answer.status_code for answer in answers] == [302, 302]
    assert all("thanks=1" in answer.location for answer in answers)
    db.session.expire_all()
    assert Letter.query.count() == 1
