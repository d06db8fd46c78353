"""Fictional demo congregations, actions, pledges in every state and an
accompaniment report (see tracker/demo/__init__.py). Every name and number is invented."""
from __future__ import annotations

from datetime import date, time, timedelta

from tracker.actions import services as actions
from tracker.actions.models import Action, ActionKind, Congregation, Pledge, PledgeSource, PledgeStatus
from tracker.auth.models import User
from tracker.cases.models import Case
from tracker.demo.cases import COURT, FIELD_OFFICE
from tracker.extensions import db
from tracker.timeline.services import to_utc

CONGREGATIONS = [
    ("St. Brigid's Parish (demo)", "Catholic", "Chicago", "Teresa Quiroga", True),
    ("Bethel AME Church (demo)", "African Methodist Episcopal", "Chicago", "Rev. Marcus Hale", True),
    ("Temple Beth Shalom (demo)", "Reform Jewish", "Evanston", "Rabbi Naomi Adler", True),
    ("Lakeview Friends Meeting (demo)", "Quaker", "Chicago", "Ellen Whitcombe", False),
    ("Masjid Al-Noor (demo)", "Muslim", "Bridgeview", "Imam Yusuf Karimi", True),
]


def _action(case: Case, actor: User, kind: ActionKind, title: str, day: date, hour: int, *, hours: int = 2,
            public: bool = True, needed: int = 10, place: str | None = None, **extra) -> Action:
    action = Action(
        case_id=case.id,
        kind=kind,
        title=title,
        starts_at=to_utc(day, time(hour, 0), case.timezone),
        ends_at=to_utc(day, time(hour + hours, 0), case.timezone),
        timezone=case.timezone,
        place=place,
        people_needed=needed,
        is_public=public,
        created_by_id=actor.id,
        **extra,
    )
    db.session.add(action)
    db.session.flush()
    return action


def _pledge(action: Action, congregation: Congregation, people: int, status: PledgeStatus, attended: int | None = None) -> Pledge:
    pledge = Pledge(action=action, congregation=congregation, people=people, status=status, attended=attended,
                    source=PledgeSource.PORTAL)
    db.session.add(pledge)
    return pledge


def load_demo_actions(cases: list[Case], users: dict[str, User]) -> None:
    lead = users["campaign@demo.example"]
    congregations = []
    for name, tradition, city, contact, listed in CONGREGATIONS:
        congregation = Congregation(name=name, tradition=tradition, city=city, contact_name=contact,
                                    contact_email=f"{contact.split()[-1].lower()}@example.org",
                                    contact_phone="(312) 555-01" + str(10 + len(congregations)), listed_publicly=listed)
        db.session.add(congregation)
        congregations.append(congregation)
    db.session.flush()
    users["congregation@demo.example"].congregation_id = congregations[1].id  # Bethel AME
    brigid, bethel, temple, friends, masjid = congregations
    today = date.today()
    rosa, lucia, kwame = cases[0], cases[2], cases[6]

    vigil = _action(rosa, lead, ActionKind.VIGIL, "Candlelight vigil for Rosa", today + timedelta(days=8), 18,
                    place="Plaza outside the Chicago Immigration Court", needed=60,
                    description="Bring a candle; we gather in silence, then sing. Families welcome.",
                    title_es="Vigilia con velas por Rosa",
                    description_es="Trae una vela; nos reunimos en silencio y luego cantamos. Las familias son bienvenidas.")
    _pledge(vigil, brigid, 25, PledgeStatus.CONFIRMED)
    _pledge(vigil, temple, 10, PledgeStatus.PLEDGED)
    court = _action(rosa, lead, ActionKind.HEARING_ACCOMPANIMENT, "Pack the courtroom: Rosa's hearing",
                    today + timedelta(days=9), 8, hours=4, place=COURT + ", Courtroom 4", needed=30,
                    description="Dress respectfully; arrive by 8:00 for security. No signs inside the court.",
                    title_es="Llenemos la sala: la audiencia de Rosa",
                    description_es=("Viste con respeto; llega antes de las 8:00 por el control de seguridad. "
                                    "No se permiten carteles dentro de la corte."))
    _pledge(court, bethel, 12, PledgeStatus.CONFIRMED)
    _pledge(court, masjid, 8, PledgeStatus.PLEDGED)
    call_in = _action(rosa, lead, ActionKind.CALL_IN_DAY, "Call-in day for Rosa", today + timedelta(days=3), 8, hours=9,
                      needed=100, call_number="(312) 555-0199", call_hours="8 AM – 5 PM Central",
                      script=("Hello, my name is ___ and I live in ___. I am calling to ask the Field Office Director "
                              "to grant a stay of removal for Rosa Itzel Marroquín Ajú, A-number 999-100-201. "
                              "She is a mother of two US-citizen children and a pillar of her parish. Thank you."),
                      title_es="Día de llamadas por Rosa",
                      script_es=("Hola, me llamo ___ y vivo en ___. Llamo para pedir a la Dirección de la Oficina Local "
                                 "que conceda la suspensión de la deportación a Rosa Itzel Marroquín Ajú, número A "
                                 "999-100-201. Es madre de dos hijos ciudadanos estadounidenses y un pilar de su "
                                 "parroquia. Gracias."))
    _pledge(call_in, bethel, 30, PledgeStatus.PLEDGED)
    _pledge(call_in, friends, 15, PledgeStatus.CANCELLED)
    db.session.add(Pledge(action=call_in, supporter_name="UIC Students for Immigrant Justice (demo)",
                          contact="students@example.org", people=20, status=PledgeStatus.PLEDGED, source=PledgeSource.PUBLIC))

    # Internal: a check-in accompaniment's time and place stay with the team.
    check_in = _action(lucia, lead, ActionKind.CHECK_IN_ACCOMPANIMENT, "Accompany Lucía to her check-in",
                       today + timedelta(days=6), 8, public=False, needed=4, place=FIELD_OFFICE)
    _pledge(check_in, brigid, 3, PledgeStatus.CONFIRMED)
    past_check_in = _action(lucia, lead, ActionKind.CHECK_IN_ACCOMPANIMENT, "Accompany Lucía to her check-in",
                            today - timedelta(days=12), 8, public=False, needed=4, place=FIELD_OFFICE)
    _pledge(past_check_in, brigid, 4, PledgeStatus.FULFILLED, attended=5)
    actions.file_report(past_check_in, lead,
                        "Lucía was seen after two hours. The officer kept her on ATD and asked for her passport "
                        "application receipt. No detention. Next check-in given verbally.",
                        today + timedelta(days=34), time(9, 0))

    delivery = _action(lucia, lead, ActionKind.DELIVERY, "Deliver Lucía's petition to the field office",
                       today - timedelta(days=20), 12, place=FIELD_OFFICE, needed=15)
    _pledge(delivery, bethel, 6, PledgeStatus.FULFILLED, attended=5)
    _pledge(delivery, masjid, 5, PledgeStatus.FULFILLED, attended=7)

    rally = _action(kwame, lead, ActionKind.RALLY, "Free Kwame rally", today + timedelta(days=11), 17,
                    place="Federal Plaza, Chicago", needed=150,
                    description="Speakers from his soccer club and his fiancée's church. Bring water.")
    _pledge(rally, bethel, 40, PledgeStatus.PLEDGED)
    _action(kwame, lead, ActionKind.DETENTION_VISIT, "Visit Kwame at Dodge County", today + timedelta(days=2), 13,
            public=False, needed=2, place="Dodge County Jail (demo)")
    _action(kwame, lead, ActionKind.CONGRESSIONAL_OUTREACH, "Meet the congresswoman's caseworker",
            today + timedelta(days=5), 10, hours=1, needed=3, place="District office (demo)")
