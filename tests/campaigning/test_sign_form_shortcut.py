"""The public sign form is checked without building the form when what was sent
is fine (accepted_signing): it must accept exactly what SignForm accepts, cleaned
exactly as SignForm cleans it, whatever people (or bots) send."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests import factories
from tracker.campaigns import public
from tracker.campaigns.forms import SignForm, Signing, accepted_signing
from tracker.campaigns.models import Signature

FIELDS = ("name", "email", "city", "comment", "contact_ok", "website", "nonce")
TRICKY = [
    "", " ", "  Grace  Example ", "Grace\x00Example", "Ana\u202eMaría", "José", "Jose\u0301", "王秀英", "أحمد الفلاني",
    "प्रिया शर्मा", "grace@example.org", " GRACE@Example.ORG ", "not an email", "a@b", "x" * 121, "y" * 300,
    "http://spam.example", "Chicago", "60608", "!!!", "false", "y", "on", "0", "\t\n", "ok\r\nthen",
    "a" * 1001, "see https://a.example https://b.example https://c.example", "<script>", "n-1",
]
values = st.one_of(st.sampled_from(TRICKY), st.text(max_size=40), st.emails())
formdata = st.dictionaries(st.sampled_from(FIELDS), st.lists(values, min_size=1, max_size=2))


def _form_answer(data: MultiDict):
    form = SignForm(formdata=data, meta={"csrf": False})
    return Signing.of(form) if form.validate() else None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sent=formdata)
def test_the_shortcut_accepts_and_cleans_exactly_what_the_form_does(app, sent):
    data = MultiDict([(key, value) for key, items in sent.items() for value in items])
    with app.test_request_context("/c/x/sign", method="POST"):
        assert accepted_signing(data) == _form_answer(data)


@pytest.mark.parametrize("sent", [
    {"name": " Grace  Example ", "email": "grace@example.org", "city": "Chicago", "contact_ok": "y", "nonce": "n"},
    {"name": "Ana\u202eMaría", "email": " ANA@example.org", "city": "", "comment": " Por mi vecina ", "contact_ok": "false"},
    {"name": "王秀英", "email": "wang@example.org", "website": "http://bot.example"},
])
def test_typical_forms_are_accepted_the_same_way(app, sent):
    data = MultiDict(sent)
    with app.test_request_context("/c/x/sign", method="POST"):
        accepted = accepted_signing(data)
        assert accepted is not None and accepted == _form_answer(data)


@pytest.fixture
def counted_forms(monkeypatch):
    built = []

    class Counted(SignForm):
        def __init__(self, *args, **kwargs):
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(public, "SignForm", Counted)
    return built


def test_a_good_signature_is_stored_without_building_the_form_and_a_bad_one_shows_its_problem(client, app, counted_forms):
    factories.make_campaign(factories.consenting_case(), slug="sign-here")
    token = client.csrf_token()
    good = {"name": "Grace Example", "email": "grace@example.org", "city": "Chicago", "nonce": "n-1", "csrf_token": token}
    assert client.post("/c/sign-here/sign", data=good).status_code == 302
    assert counted_forms == [] and Signature.query.count() == 1
    bad = client.post("/c/sign-here/sign", data={**good, "email": "not an email", "nonce": "n-2"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200 and len(counted_forms) == 1
    assert "is not a valid email address" in page and 'value="Grace Example"' in page
    assert Signature.query.count() == 1
