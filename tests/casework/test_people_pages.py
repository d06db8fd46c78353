"""Recording people: bad input is explained and kept, duplicates warned, search by name or A-number."""
import re

import pytest

from tests import factories
from tracker.people.models import Person
from tracker.security.audit import AuditEntry

GOOD = {
    "legal_name": "Tomás Quispe Example", "preferred_name": "Tomás", "a_number": "A 999-300-401",
    "birth_date": "1988-03-04", "country_of_birth": "Peru", "languages": "Quechua, Spanish",
    "phone": "(312) 555-0188", "address": "12 Sample St", "detention_status": "not_detained",
    "detention_facility": "", "family_ties": "Two children", "legal_notes": "", "criminal_history": "",
}


def _errors(response) -> str:
    return " ".join(re.findall(r'class="error"[^>]*>([^<]+)<', response.get_data(as_text=True)))


def test_a_new_person_is_saved_with_the_a_number_normalized(login_as):
    response = login_as("legal").submit("/people/new", GOOD)
    assert response.status_code == 302 and "/cases/new" in response.headers["Location"]
    person = Person.query.one()
    assert person.a_number == "999300401" and person.a_number_display == "999-300-401"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"a_number": "A12X"}, "only digits"),
        ({"a_number": "1234567"}, "8 or 9 digits"),
        ({"a_number": "12345678901"}, "8 or 9 digits"),
        ({"a_number": "", "no_a_number": ""}, "tick “none yet”"),
        ({"a_number": "999300401", "no_a_number": "y"}, "not both"),
        ({"birth_date": "2026-02-30"}, "Enter a real date"),
        ({"birth_date": "2099-01-01"}, "cannot be in the future"),
        ({"birth_date": "1066-10-14"}, "looks mistyped"),
        ({"detention_status": "detained", "detention_facility": ""}, "Say where they are held"),
        ({"phone": "call me"}, "phone number"),
        ({"legal_name": ""}, "Enter the legal name"),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(login_as, changes, message):
    form = {**GOOD, **changes}
    response = login_as("legal").submit("/people/new", form)
    assert response.status_code == 200
    assert message in _errors(response)
    page = response.get_data(as_text=True)
    assert 'value="Peru"' in page  # what was typed is still there
    assert Person.query.count() == 0


def test_a_duplicate_a_number_on_my_own_case_warns_links_and_saves_only_when_confirmed(login_as, users):
    existing = factories.make_person("Existing Example", a_number="999-300-401", created_by=users["legal"])
    factories.make_case(existing, team=[users["legal"]])
    client = login_as("legal")
    warned = client.submit("/people/new", GOOD).get_data(as_text=True)
    assert "A person with this A-number is already in the tracker" in warned
    assert f'href="/people/{existing.id}">Existing Example</a>' in warned
    assert Person.query.count() == 1
    saved = client.submit("/people/new", {**GOOD, "save_duplicate": "y"}, follow_redirects=True).get_data(as_text=True)
    assert Person.query.count() == 2
    assert "An admin will check whether this person is already in the tracker." in saved
    entry = AuditEntry.query.filter_by(action="person.possible_duplicate").one()
    assert entry.user_id == users["legal"].id and f"#{existing.id}" in entry.detail


def test_a_duplicate_on_another_team_is_never_revealed_and_is_left_to_an_admin(login_as, users):
    hidden = factories.make_person("Hidden Example", a_number="999-300-401")
    factories.make_case(hidden, team=[users["outsider"]])
    client = login_as("legal")
    response = client.submit("/people/new", GOOD)
    # Saved at once, as any new person: no warning, no "save anyway", nothing of the other record.
    assert response.status_code == 302 and "/cases/new" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "An admin will check whether this person is already in the tracker." in page
    assert "Hidden Example" not in page and f"/people/{hidden.id}" not in page and "a case you are not on" not in page
    assert Person.query.count() == 2
    entry = AuditEntry.query.filter_by(action="person.possible_duplicate").one()
    assert entry.user_id == users["legal"].id
    assert f"#{hidden.id}" in entry.detail and "1 on cases the user is not on" in entry.detail
    assert "999" not in entry.detail and "300" not in entry.detail  # never the A-number itself


def test_admins_are_told_of_records_sharing_an_a_number_and_no_one_else(login_as, users):
    first = factories.make_person("Hidden Example", a_number="999-300-401")
    factories.make_case(first, team=[users["outsider"]])
    factories.make_person("Other Example", a_number="999-300-499")
    admin = login_as("admin")
    assert "held by more than one person record" not in admin.text("/admin/users")
    login_as("legal").submit("/people/new", GOOD)
    notice = admin.text("/admin/users")
    assert "1 A-number is held by more than one person record." in notice and 'href="/admin/duplicates"' in notice
    listed = admin.text("/admin/duplicates")
    second = Person.query.filter_by(legal_name=GOOD["legal_name"]).one()
    assert f'href="/people/{first.id}">Hidden Example</a>' in listed
    assert f'href="/people/{second.id}">Tomás (Tomás Quispe Example)</a>' in listed and "Otto Outsider" in listed and "Lee Legal" not in listed
    assert "Other Example" not in listed
    assert "999-300-401" not in listed  # the list needs no A-number to be read
    assert login_as("legal").get("/admin/duplicates").status_code == 403
    assert "held by more than one" not in login_as("legal").text("/people")


def test_search_finds_names_without_accents_and_a_numbers_in_any_spelling(login_as, users):
    person = factories.make_person("José Núñez Example", a_number="999-300-402")
    factories.make_case(person, team=[users["legal"]])
    factories.make_case(factories.make_person("José Elsewhere", a_number="999-300-403"), team=[])
    client = login_as("legal")
    for query in ("jose nunez", "NÚÑEZ", "A999300402", "999-300-402", "99930040 2"):
        page = client.submit("/search", {"q": query}).get_data(as_text=True)
        assert "José Núñez Example" in page, query
    assert "José Elsewhere" not in client.submit("/search", {"q": "jose"}).get_data(as_text=True)


def test_searching_never_puts_the_query_in_an_address(login_as):
    client = login_as("legal")
    assert client.get("/search?q=999300401").status_code == 405


def test_typed_markup_is_shown_as_text_everywhere(login_as, users):
    script = "<script>alert(1)</script>"
    client = login_as("legal")
    client.submit("/people/new", {**GOOD, "legal_name": script + " Example", "preferred_name": script,
                                  "family_ties": script, "address": script, "legal_notes": script})
    person = Person.query.one()
    case = factories.make_case(person, team=[users["legal"]])
    factories.make_event(case, days=2, actor=users["legal"], location=script, outcome=script, notes=script)
    for url in ("/", "/cases", "/people", f"/people/{person.id}", f"/cases/{case.id}"):
        page = client.text(url)
        assert script not in page, url
        assert "&lt;script&gt;" in page, url
    assert script not in client.submit("/search", {"q": "alert"}).get_data(as_text=True)


def test_unknown_ids_answer_404(login_as):
    client = login_as("admin")
    for url in ("/people/424242", "/people/424242/edit", "/cases/424242", "/events/424242/edit", "/filings/424242/edit"):
        assert client.get(url).status_code == 404, url
