"""The campaign lead's settings form: whatever is missing or wrong, the form comes
back with everything typed and the reason beside the field."""
import re
from datetime import date

import pytest

from tests import factories
from tracker.campaigns.models import Campaign
from tracker.cases.models import ConsentLevel

TYPED = {
    "headline": "Keep Ana home with her kids", "slug": "keep-ana-home", "story": "Ana has coached the choir for years.",
    "ask": "Grant Ana a stay of removal.", "target": "ICE Field Office Director, Chicago",
    "photo_alt": "Ana smiling at the choir", "show_a_number": "y", "published": "y",
    "consent_date": date.today().isoformat(),
}


def _ticked(page: str, name: str) -> bool:
    tag = re.search(rf'<input[^>]*id="{name}"[^>]*>', page).group(0)
    return re.search(r"\bchecked\b", tag) is not None


@pytest.mark.parametrize("existing", [False, True])
def test_a_settings_form_without_consent_level_comes_back_with_what_was_typed(login_as, users, existing):
    case = factories.consenting_case(team=[users["campaign"]], name="Ana Test Example")
    if existing:
        factories.make_campaign(case, slug="old-address", headline="Old headline")
    response = login_as("campaign").submit(f"/cases/{case.id}/campaign", TYPED)  # no consent_level at all
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="consent_level-error"' in page and "Choose the publicity consent the person gave" in page
    for value in ("Keep Ana home with her kids", "keep-ana-home", "Ana has coached the choir for years.",
                  "Grant Ana a stay of removal.", "ICE Field Office Director, Chicago", "Ana smiling at the choir",
                  TYPED["consent_date"]):
        assert value in page
    assert _ticked(page, "show_a_number") and _ticked(page, "published")
    # Nothing was saved, and the consent on record is unchanged.
    assert Campaign.query.filter_by(slug="keep-ana-home").count() == 0
    assert case.consent_level is ConsentLevel.FULL_NAME


@pytest.mark.parametrize("value", ["", "everything", "\x00"])
def test_a_settings_form_with_a_made_up_consent_level_is_refused_beside_the_field(login_as, users, value):
    case = factories.consenting_case(team=[users["campaign"]])
    response = login_as("campaign").submit(f"/cases/{case.id}/campaign", {**TYPED, "consent_level": value})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="consent_level-error"' in page and "Keep Ana home with her kids" in page


@pytest.mark.parametrize("missing", [*TYPED, "everything"])
def test_a_settings_form_missing_any_field_never_answers_a_server_error(login_as, users, missing):
    case = factories.consenting_case(team=[users["campaign"]])
    sent = {} if missing == "everything" else {**TYPED, "consent_level": "first_name"}
    sent.pop(missing, None)
    response = login_as("campaign").submit(f"/cases/{case.id}/campaign", sent)
    assert response.status_code in (200, 302)
