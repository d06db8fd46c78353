"""Fictional demo people, cases, timelines and filings (see tracker/demo/__init__.py).

Every name, number and address here is invented. Phone numbers use the
555-01xx range reserved for fiction; A-numbers start with 999.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from tracker.auth.models import User
from tracker.cases.models import Case, ConsentLevel, Filing, FilingKind, FilingStatus, Outcome, Stage
from tracker.extensions import db
from tracker.packets.models import CourtOffice
from tracker.people.models import DetentionStatus, Person
from tracker.timeline import services as timeline
from tracker.timeline.models import DecisionBody, EventKind, Visibility

CHICAGO = "America/Chicago"
COURT = "Chicago Immigration Court, 525 W Van Buren St"
FIELD_OFFICE = "ICE ERO Chicago Field Office, 101 W Congress Pkwy"


@dataclass
class DemoPerson:
    legal_name: str
    preferred_name: str | None
    a_number: str | None
    birth: date
    country: str
    languages: str
    phone: str
    address: str
    status: DetentionStatus
    facility: str | None
    family: str
    notes: str
    history: str | None
    stage: Stage
    outcome: Outcome
    consent: ConsentLevel
    judge: str
    team: tuple[str, ...]


PEOPLE = [
    DemoPerson(
        "Rosa Itzel Marroquín Ajú", "Rosa", "999-100-201", date(1986, 4, 12), "Guatemala", "K'iche', Spanish",
        "(312) 555-0142", "1847 W Example Ave, Apt 3, Chicago, IL 60608", DetentionStatus.NOT_DETAINED, None,
        "Two US-citizen children (ages 9 and 13); active member of St. Brigid's parish.",
        "Asylum claim based on persecution of indigenous community leaders; corroborating affidavits pending.",
        None, Stage.REMOVAL_PROCEEDINGS, Outcome.PENDING, ConsentLevel.FULL_NAME, "IJ Harriet Lindqvist",
        ("legal@demo.example", "campaign@demo.example"),
    ),
    DemoPerson(
        "Héctor Ignacio Salazar Ruiz", "Nacho", "999100302", date(1979, 11, 2), "Mexico", "Spanish",
        "(312) 555-0117", "2210 S Fictional St, Cicero, IL 60804", DetentionStatus.DETAINED,
        "Broadview Processing Center (demo)",
        "Wife and three US-citizen children; sole earner for the household.",
        "Bond motion drafted; strong community ties; 22 years in the US.",
        "One 2009 traffic citation (paid).", Stage.REMOVAL_PROCEEDINGS, Outcome.PENDING, ConsentLevel.NONE,
        "IJ Marcus Feld", ("legal@demo.example",),
    ),
    DemoPerson(
        "Lucía Fernanda Gómez Paz", "Lucía", "999-100-402", date(1991, 7, 23), "Honduras", "Spanish",
        "(773) 555-0163", "455 N Sample Blvd, Chicago, IL 60624", DetentionStatus.ATD, None,
        "US-citizen daughter (age 4) with a heart condition under treatment.",
        "Final order in absentia (notice went to an old address); stay request focuses on the daughter's care.",
        None, Stage.STAY_REQUESTED, Outcome.PENDING, ConsentLevel.FIRST_NAME, "IJ Harriet Lindqvist",
        ("legal@demo.example", "campaign@demo.example"),
    ),
    DemoPerson(
        "Chen Wei-Lin", "Wei", "999100503", date(1988, 1, 30), "China", "Mandarin, English",
        "(312) 555-0188", "88 E Demo Ct, Unit 12, Chicago, IL 60616", DetentionStatus.NOT_DETAINED, None,
        "Partner is a lawful permanent resident; owns a small restaurant employing six people.",
        "IJ denied withholding; appeal arguments on religious persecution of house-church members.",
        None, Stage.BIA_APPEAL, Outcome.PENDING, ConsentLevel.FULL_NAME, "IJ Marcus Feld",
        ("legal@demo.example", "campaign@demo.example", "legal2@demo.example"),
    ),
    DemoPerson(
        "Nasrin Haidari", None, "999-100-604", date(1995, 9, 5), "Afghanistan", "Dari, Pashto, English",
        "(847) 555-0129", "310 Placeholder Ln, Evanston, IL 60201", DetentionStatus.NOT_DETAINED, None,
        "Brother is a US citizen; works as a pharmacy technician.",
        "BIA dismissed the appeal; petition for review on the particular social group question.",
        None, Stage.PETITION_FOR_REVIEW, Outcome.PENDING, ConsentLevel.NONE, "IJ Olivia Brandt",
        ("legal2@demo.example", "legal@demo.example"),
    ),
    DemoPerson(
        "Oleksandr Bondar", "Sasha", "999100705", date(1983, 3, 17), "Ukraine", "Ukrainian, Russian",
        "(630) 555-0151", "71 Imaginary Rd, Naperville, IL 60540", DetentionStatus.RELEASED_ON_BOND, None,
        "Married to a US citizen; I-130 approved last spring.",
        "Motion to reopen based on the approved I-130 and changed country conditions.",
        None, Stage.MOTION_TO_REOPEN, Outcome.PENDING, ConsentLevel.NONE, "IJ Olivia Brandt",
        ("legal@demo.example",),
    ),
    DemoPerson(
        "Kwame Asante Boateng", "Kwame", None, date(1990, 12, 8), "Ghana", "Twi, English",
        "(312) 555-0175", "5902 S Example Dr, Chicago, IL 60637", DetentionStatus.DETAINED,
        "Dodge County Jail (demo)",
        "Engaged to a US citizen; youth soccer coach at the neighbourhood park.",
        "Picked up at a routine check-in; final order from 2015. Considering motion to reopen.",
        None, Stage.FINAL_ORDER, Outcome.PENDING, ConsentLevel.FULL_NAME, "IJ Harriet Lindqvist",
        ("legal@demo.example", "campaign@demo.example"),
    ),
    DemoPerson(
        "Fatou Sané Diop", "Fatou", "999-100-906", date(1975, 5, 29), "Senegal", "Wolof, French",
        "(312) 555-0106", "14 Fictional Pl, Chicago, IL 60640", DetentionStatus.NOT_DETAINED, None,
        "Three US-citizen grandchildren; deacon at Bethel AME (demo).",
        "Cancellation of removal granted; case closed.",
        None, Stage.CLOSED, Outcome.RELIEF_GRANTED, ConsentLevel.FIRST_NAME, "IJ Olivia Brandt",
        ("legal@demo.example", "campaign@demo.example"),
    ),
]


def _at(day: date, hour: int | None, minute: int = 0):
    return timeline.to_utc(day, time(hour, minute) if hour is not None else None, CHICAGO)


def _event(case: Case, actor: User, kind: EventKind, day: date, hour: int | None, minute: int = 0, **extra):
    fields = {
        "kind": kind,
        "starts_at": _at(day, hour, minute),
        "all_day": hour is None,
        "timezone": CHICAGO,
        "visibility": extra.pop("visibility", Visibility.INTERNAL),
        "final_order": extra.pop("final_order", False),
    }
    fields.update(extra)
    return timeline.create_event(case.id, actor, **fields)


def _timeline_for(index: int, case: Case, actor: User, today: date) -> None:
    """Past and coming entries that fit each case's stage."""
    location = COURT
    if index == 0:  # Rosa: individual hearing soon, verified last week
        _event(case, actor, EventKind.MASTER_CALENDAR_HEARING, today - timedelta(days=120), 9, location=location,
               outcome="Pleadings taken; individual hearing set.", visibility=Visibility.PUBLIC)
        hearing = _event(case, actor, EventKind.INDIVIDUAL_HEARING, today + timedelta(days=9), 8, minute=30,
                         location=location + ", Courtroom 4", visibility=Visibility.PUBLIC)
        hearing.last_verified_on = today - timedelta(days=3)
        _event(case, actor, EventKind.FILING_DEADLINE, today + timedelta(days=5), None,
               title="Evidence and witness list due to the court", location=location)
    elif index == 1:  # Héctor: detained, bond hearing in 4 days, never verified
        _event(case, actor, EventKind.DETENTION, today - timedelta(days=18), 6, location="Home (arrest)",
               outcome="Detained by ICE outside his home.")
        _event(case, actor, EventKind.TRANSFER, today - timedelta(days=16), 14,
               location="Broadview Processing Center (demo)")
        _event(case, actor, EventKind.BOND_HEARING, today + timedelta(days=4), 13, location=location + ", Courtroom 2")
    elif index == 2:  # Lucía: final order, stay requested, check-in next week
        order = _event(case, actor, EventKind.DECISION, today - timedelta(days=400), 10, location=location,
                       decided_by=DecisionBody.IMMIGRATION_JUDGE, final_order=True,
                       outcome="Removal ordered in absentia.")
        # She learned of the order a year late: the team dismissed those deadlines.
        for deadline in timeline.derived_from(order):
            timeline.set_deadline_state(deadline, actor, "dismiss")
        _event(case, actor, EventKind.ICE_CHECK_IN, today + timedelta(days=6), 9, location=FIELD_OFFICE)
        _event(case, actor, EventKind.ICE_CHECK_IN, today - timedelta(days=84), 9, location=FIELD_OFFICE,
               outcome="Told to return with a passport application receipt.")
    elif index == 3:  # Wei: IJ decision 20 days ago -> BIA appeal due in 10 days
        _event(case, actor, EventKind.INDIVIDUAL_HEARING, today - timedelta(days=20), 9, location=location,
               outcome="Testimony heard; decision issued orally.")
        _event(case, actor, EventKind.DECISION, today - timedelta(days=20), 15, location=location,
               decided_by=DecisionBody.IMMIGRATION_JUDGE, final_order=False,
               outcome="Withholding of removal denied.")
    elif index == 4:  # Nasrin: BIA decision -> petition for review due
        _event(case, actor, EventKind.DECISION, today - timedelta(days=17), None,
               decided_by=DecisionBody.BIA, final_order=True, outcome="Appeal dismissed.")
    elif index == 5:  # Sasha: final order long ago; motion to reopen overdue deadline dismissed? keep one overdue
        _event(case, actor, EventKind.ICE_CHECK_IN, today + timedelta(days=12), 10, location=FIELD_OFFICE)
        _event(case, actor, EventKind.FILING_DEADLINE, today - timedelta(days=2), None,
               title="Send signed declaration to the attorney", location="Attorney's office")
        _event(case, actor, EventKind.RELEASE, today - timedelta(days=60), 16,
               location="Broadview Processing Center (demo)", outcome="Released on $5,000 bond.")
    elif index == 6:  # Kwame: detained after check-in
        _event(case, actor, EventKind.DETENTION, today - timedelta(days=9), 10, location=FIELD_OFFICE,
               outcome="Detained at a routine check-in.")
        _event(case, actor, EventKind.NOTE, today - timedelta(days=7), 12,
               notes="Family asked that the children not be contacted by press.")
    elif index == 7:  # Fatou: closed with relief
        _event(case, actor, EventKind.INDIVIDUAL_HEARING, today - timedelta(days=45), 9, location=location,
               outcome="Relief granted from the bench.")


def _filings_for(index: int, case: Case, today: date) -> None:
    plans = {
        1: [(FilingKind.BOND_REQUEST, FilingStatus.FILED, today - timedelta(days=10), None)],
        2: [(FilingKind.STAY_OF_REMOVAL, FilingStatus.PENDING, today - timedelta(days=21), None),
            (FilingKind.PROSECUTORIAL_DISCRETION, FilingStatus.DRAFTING, None, None)],
        3: [(FilingKind.BIA_APPEAL, FilingStatus.DRAFTING, None, None)],
        4: [(FilingKind.PETITION_FOR_REVIEW, FilingStatus.DRAFTING, None, None)],
        5: [(FilingKind.MOTION_TO_REOPEN, FilingStatus.PENDING, today - timedelta(days=40), None)],
        7: [(FilingKind.STAY_OF_REMOVAL, FilingStatus.GRANTED, today - timedelta(days=200), today - timedelta(days=150))],
    }
    for kind, status, filed_on, decided_on in plans.get(index, []):
        case.filings.append(Filing(kind=kind, status=status, filed_on=filed_on, decided_on=decided_on))


def load_demo_cases(users: dict[str, User]) -> list[Case]:
    """The people and their cases, each with a timeline and filings that fit its stage."""
    actor = users["legal@demo.example"]
    today = date.today()
    # Where DHS is served for filings with the demo court (a fictional address).
    db.session.add(CourtOffice(court=COURT, chief_counsel_address=(
        "Office of the Chief Counsel (demo)\nU.S. Department of Homeland Security\n100 Example Plaza, Suite 500\n"
        "Chicago, IL 60600")))
    cases = []
    for index, spec in enumerate(PEOPLE):
        person = Person(
            legal_name=spec.legal_name,
            preferred_name=spec.preferred_name,
            country_of_birth=spec.country,
            languages=spec.languages,
            detention_status=spec.status,
            detention_facility=spec.facility,
            family_ties=spec.family,
            birth_date=spec.birth,
            phone=spec.phone,
            address=spec.address,
            legal_notes=spec.notes,
            criminal_history=spec.history,
            created_by_id=actor.id,
        )
        person.a_number = spec.a_number
        person.refresh_name_key()
        case = Case(
            person=person,
            stage=spec.stage,
            outcome=spec.outcome,
            court=COURT,
            judge=spec.judge,
            ice_field_office=FIELD_OFFICE,
            attorney="Priya Natarajan, Esq. (demo)",
            organization="Lakeside Immigrant Legal Aid (demo)",
            g28_on_file=index != 6,
            privacy_waiver_signed_on=today - timedelta(days=90 + index),
            consent_level=spec.consent,
            consent_date=(today - timedelta(days=60)) if spec.consent is not ConsentLevel.NONE else None,
            consent_recorded_by_id=users["campaign@demo.example"].id if spec.consent is not ConsentLevel.NONE else None,
            timezone=CHICAGO,
        )
        case.team.extend(users[email] for email in spec.team)
        db.session.add(case)
        db.session.flush()
        _timeline_for(index, case, actor, today)
        _filings_for(index, case, today)
        cases.append(case)
    return cases
