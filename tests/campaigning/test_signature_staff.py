"""The team's signature list, CSV export, paper signatures and delivery."""
import csv
import io
import re
from datetime import date

import pytest

from tests import factories
from tracker.campaigns import services
from tracker.campaigns.models import Petition, Signature, SignatureSource
from tracker.extensions import db
from tracker.security.audit import AuditEntry

HOSTILE = [
    ("Ana, María \"la Tía\"", "ana@example.org", "Chicago, IL", "line one\nline two"),
    ("=HYPERLINK(\"http://x\")", "plus@example.org", "+1 city", "@SUM(A1)"),
    ("-Minus Name", "emoji@example.org", "中文 city", "😀 ñ é"),
]


@pytest.fixture
def petition(app, users):
    case = factories.consenting_case(team=[users["campaign"], users["legal"]])
    factories.make_campaign(case, slug="staff-list")
    return Petition.query.one()


def test_csv_export_round_trips_hostile_values_and_defuses_formulas(login_as, petition):
    for name, email, city, comment in HOSTILE:
        services.sign(petition, name=name, email=email, city=city, comment=comment)
    db.session.commit()
    response = login_as("campaign").get(f"/cases/{petition.campaign.case_id}/petition/signatures.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    by_email = {row["email"]: row for row in rows}
    assert by_email["ana@example.org"]["name"] == "Ana, María \"la Tía\""
    assert by_email["ana@example.org"]["comment"] == "line one\nline two"
    assert by_email["plus@example.org"]["name"] == "'=HYPERLINK(\"http://x\")"
    assert by_email["plus@example.org"]["city_or_zip"] == "'+1 city" and by_email["plus@example.org"]["comment"] == "'@SUM(A1)"
    assert by_email["emoji@example.org"]["name"] == "'-Minus Name" and by_email["emoji@example.org"]["city_or_zip"] == "中文 city"
    assert AuditEntry.query.filter_by(action="petition.export").count() == 1


def test_only_the_case_team_sees_signer_emails(login_as, petition, client):
    services.sign(petition, name="Private Signer", email="private@example.org", city="Chicago")
    db.session.commit()
    case_id = petition.campaign.case_id
    assert "private@example.org" in login_as("campaign").text(f"/cases/{case_id}/petition")
    assert login_as("outsider").get(f"/cases/{case_id}/petition").status_code == 404
    assert login_as("outsider").get(f"/cases/{case_id}/petition/signatures.csv").status_code == 404
    assert login_as("congregation").get(f"/cases/{case_id}/petition").status_code == 403
    for url in ("/c/staff-list", "/c/staff-list/sign"):
        assert "private@example.org" not in client.get(url).get_data(as_text=True)


def test_the_list_searches_by_name_city_and_exact_email_and_pages_by_fifty(login_as, petition):
    for number in range(60):
        services.sign(petition, name=f"Person {number:02d}", email=f"p{number}@example.org", city="Skokie" if number == 7 else "Chicago")
    db.session.commit()
    client = login_as("campaign")
    url = f"/cases/{petition.campaign.case_id}/petition"
    assert "Page 1 of 2" in client.text(url)
    by_city = client.submit(url + "/search", {"q": "skokie"}).get_data(as_text=True)
    assert "Person 07" in by_city and "Person 08" not in by_city
    by_email = client.submit(url + "/search", {"q": "P12@Example.org"}).get_data(as_text=True)
    assert "Person 12" in by_email and "Person 13" not in by_email


def test_no_signer_name_or_email_ever_lands_in_a_url(login_as, petition):
    """Searching signers is a POST: what is typed stays out of addresses, proxies'
    access logs and browser history, and no link, form or redirect of the page carries it."""
    for number in range(60):
        services.sign(petition, name=f"Person {number:02d}", email=f"p{number}@example.org", city="Chicago")
    services.sign(petition, name="Zainab Example-Haddad", email="zainab.haddad@example.org", city="Dearborn")
    db.session.commit()
    client = login_as("campaign")
    url = f"/cases/{petition.campaign.case_id}/petition"
    secrets = ("Zainab", "Haddad", "zainab.haddad", "%40example")
    responses = [
        client.get(url),
        client.get(url + "?page=2"),
        client.submit(url + "/search", {"q": "Zainab"}),
        client.submit(url + "/search", {"q": "zainab.haddad@example.org"}),
        client.submit(url + "/search", {"q": "person"}),  # many matches: still no pages with the query in them
        client.get(url + "?q=zainab.haddad%40example.org"),  # an old bookmark
    ]
    for response in responses:
        addresses = re.findall(r'(?:href|action|src)="([^"]*)"', response.get_data(as_text=True))
        addresses.append(response.headers.get("Location") or "")
        for address in addresses:
            assert not any(secret.lower() in address.lower() for secret in secrets), address
    found = responses[3].get_data(as_text=True)
    assert "Zainab Example-Haddad" in found and "Person 01" not in found
    assert 'value="zainab.haddad@example.org"' in found  # the search box keeps what was typed
    assert responses[5].status_code == 302 and responses[5].headers["Location"].endswith(url)
    assert client.get(url + "/search").status_code == 405


def test_a_search_of_signers_is_only_for_the_case_team(login_as, petition):
    url = f"/cases/{petition.campaign.case_id}/petition/search"
    assert login_as("outsider").submit(url, {"q": "x"}).status_code == 404
    assert login_as("congregation").submit(url, {"q": "x"}).status_code == 403
    empty = login_as("campaign").submit(url, {"q": ""}).get_data(as_text=True)
    assert "Type a name, a city or an email." in empty


def test_paper_signatures_keep_good_lines_and_return_bad_ones(login_as, petition):
    rows = "\n".join([
        "name,city,email,comment",
        "Luis Paper,60608,,Signed at Mass",
        ",Chicago,,no name here",
        "Mei Paper,Evanston,mei@,bad email",
        "Grace Paper,Oak Park,grace.paper@example.org,",
    ])
    response = login_as("campaign").submit(f"/cases/{petition.campaign.case_id}/petition/paper", {"rows": rows})
    page = response.get_data(as_text=True)
    assert "Line 3: Enter your name." in page and "Line 4:" in page
    assert "Luis Paper" not in page.split("<textarea")[1] and "Mei Paper" in page.split("<textarea")[1]
    names = {signature.name for signature in Signature.query}
    assert names == {"Luis Paper", "Grace Paper"}
    assert all(signature.source is SignatureSource.PAPER for signature in Signature.query)


def test_tab_separated_rows_from_a_spreadsheet_are_understood(login_as, petition):
    login_as("campaign").submit(f"/cases/{petition.campaign.case_id}/petition/paper",
                                {"rows": "Ana Tab\tCicero\tana.tab@example.org\nBo Tab\tBerwyn"})
    assert {signature.city for signature in Signature.query} == {"Cicero", "Berwyn"}


def test_a_delivery_is_recorded_and_shown_publicly(login_as, petition, client):
    login_as("campaign").submit(f"/cases/{petition.campaign.case_id}/petition/delivery",
                                {"delivered_on": date.today().isoformat(), "delivered_to": "Field Office Director", "delivered_count": "340"})
    assert "Delivered to Field Office Director" in client.get("/c/staff-list").get_data(as_text=True)


def test_signer_text_typed_as_markup_is_shown_as_text_to_staff(login_as, petition):
    script = "<script>alert(1)</script>"
    services.sign(petition, name=f"Ann {script}", email="x@example.org", city=script, comment=script)
    db.session.commit()
    page = login_as("campaign").text(f"/cases/{petition.campaign.case_id}/petition")
    assert script not in page and "&lt;script&gt;" in page


def test_the_team_deletes_a_spam_signature_and_others_cannot(login_as, petition):
    result = services.sign(petition, name="Spam Example", email="spam@example.org", city="Nowhere")
    db.session.commit()
    assert login_as("outsider").submit(f"/signatures/{result.signature_id}/delete").status_code == 404
    assert Signature.query.count() == 1
    login_as("campaign").submit(f"/signatures/{result.signature_id}/delete")
    assert Signature.query.count() == 0
    assert AuditEntry.query.filter_by(action="petition.signature_deleted").count() == 1


def test_a_paper_row_with_an_email_already_signed_leaves_that_signature_as_it_was(login_as, petition):
    services.sign(petition, name="Guadalupe Hernández", email="Guadalupe@example.org", city="Cicero", contact_ok=True)
    db.session.commit()
    rows = "Lupe Hernandez,Berwyn,guadalupe@example.org,\nNew Paper,60623,,"
    response = login_as("campaign").submit(f"/cases/{petition.campaign.case_id}/petition/paper", {"rows": rows},
                                           follow_redirects=True)
    assert "1 paper signatures added; 1 were already on the petition and were left as they were." in response.get_data(as_text=True)
    kept = Signature.query.filter_by(source=SignatureSource.ONLINE).one()
    assert (kept.name, kept.city, kept.contact_ok) == ("Guadalupe Hernández", "Cicero", True)
    assert Signature.query.count() == 2
