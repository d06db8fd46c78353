"""Fictional demo facilities, detention periods and a bond (see tracker/demo/__init__.py).

The demo timelines already carry the detention and transfer entries, so the
periods are written directly rather than through the services (which add them).
"""
from __future__ import annotations

from datetime import date, timedelta

from tracker.auth.models import User
from tracker.cases.models import Case
from tracker.detention.models import Bond, BondPayer, BondSetBy, BondStatus, DetentionPeriod, Facility, PeriodEnd
from tracker.extensions import db

# The directory: name, address, phone, ICE field office, visiting rules.
FACILITIES = [
    dict(name="Chicago Field Office hold room (demo)", address="101 W Congress Pkwy, Chicago, IL 60605",
         phone="(312) 555-0190", ice_field_office="Chicago",
         visiting_rules="No visits: people are held here for hours only, then moved."),
    dict(name="Broadview Processing Center (demo)", address="1930 Example Rd, Broadview, IL 60155",
         phone="(708) 555-0110", ice_field_office="Chicago",
         visiting_rules="Attorneys only, weekdays 8 AM to 4 PM; bring a G-28 and bar card."),
    dict(name="Dodge County Jail (demo)", address="216 Example St, Juneau, WI 53039", phone="(920) 555-0134",
         ice_field_office="Chicago",
         visiting_rules="Video visits Saturdays and Sundays; schedule 48 hours ahead; photo ID for every adult."),
]


def load_demo_detention(cases: list[Case], users: dict[str, User]) -> None:
    today = date.today()
    actor = users["legal@demo.example"]
    hold_room, broadview, dodge = facilities = [Facility(**fields) for fields in FACILITIES]
    db.session.add_all(facilities)
    db.session.flush()
    # Héctor: arrested at home 18 days ago, moved to Broadview two days later.
    hector = cases[1]
    first = DetentionPeriod(case_id=hector.id, facility_id=hold_room.id, from_date=today - timedelta(days=18),
                            to_date=today - timedelta(days=16), ended_by=PeriodEnd.TRANSFERRED, recorded_by_id=actor.id)
    db.session.add(first)
    db.session.flush()
    db.session.add(DetentionPeriod(case_id=hector.id, facility_id=broadview.id, from_date=today - timedelta(days=16),
                                   transferred_from_id=first.id, recorded_by_id=actor.id))
    # Kwame: detained at a check-in 9 days ago, held in Dodge County.
    db.session.add(DetentionPeriod(case_id=cases[6].id, facility_id=dodge.id, from_date=today - timedelta(days=9),
                                   recorded_by_id=actor.id))
    # Sasha: released on a $5,000 bond 60 days ago; the family paid, the bond fund put in $2,000.
    sasha = cases[5]
    held = DetentionPeriod(case_id=sasha.id, facility_id=broadview.id, from_date=today - timedelta(days=95),
                           to_date=today - timedelta(days=60), ended_by=PeriodEnd.RELEASED, recorded_by_id=actor.id)
    db.session.add(held)
    db.session.add(Bond(case_id=sasha.id, amount=5000, set_by=BondSetBy.IMMIGRATION_JUDGE,
                        set_on=today - timedelta(days=62), paid_by=BondPayer.FAMILY, organization_contribution=2000,
                        status=BondStatus.POSTED, updated_by_id=actor.id))
