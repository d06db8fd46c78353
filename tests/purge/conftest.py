"""Two people with a full case each: one to purge, one that must stay untouched."""
from __future__ import annotations

import pytest

from tests.purge import full_case


@pytest.fixture
def two_people(app, users):
    purged = full_case(
        users,
        name="Zeferina Quetzalli Purgeable",
        a_number="999-777-654",
        address="4417 Calle Olvidada, Purgeville",
        letter_text="Zeferina tends the community garden on Olvidada street every Sunday",
        upload_text="Uploaded letter vouching for Zeferina",
        slug="keep-zeferina-home",
    )
    kept = full_case(
        users,
        name="Bartholomew Keepington",
        a_number="999-777-655",
        address="12 Remaining Road, Stayton",
        letter_text="Bartholomew coaches the under-twelve football team",
        upload_text="Uploaded letter vouching for Bartholomew",
        slug="keep-bartholomew-home",
    )
    return purged, kept


@pytest.fixture
def purge_as_admin(login_as):
    """Purge a person through the confirmation page, as an admin types it."""

    def purge(traces, first_name: str | None = None, **fields):
        admin = login_as("admin")
        data = {"reason": "request", "first_name": first_name or traces.name.split()[0], **fields}
        return admin.submit(f"/people/{traces.person_id}/purge", data)

    return purge
