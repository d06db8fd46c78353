"""What a filing with the immigration court needs besides the letters: the cover
page in the court's form, the certificate of service on DHS, and the address of
the Office of the Chief Counsel for the case's court (kept by admins). And the
check that nothing the team still has to fill in reaches a packet."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from tracker.cases.models import Case, Filing, FilingKind, FilingStatus
from tracker.extensions import db
from tracker.packets.models import CourtOffice
from tracker.people.models import DetentionStatus
from tracker.timeline.models import HEARING_KINDS, Event
from tracker.types import utcnow

# How a copy reaches DHS; the words are printed in the certificate of service.
SERVICE_METHODS = {
    "mail": "first-class mail, postage prepaid",
    "hand": "hand delivery",
    "ecas": "electronic service through EOIR's Courts & Appeals System (ECAS)",
}
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,80}\]")
DETAINED_STATUSES = frozenset({DetentionStatus.DETAINED})


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def chief_counsel_address(case: Case) -> str | None:
    """The address an admin recorded for the case's court, matched by name (case and spacing ignored)."""
    if not case.court:
        return None
    wanted = " ".join(case.court.split()).casefold()
    office = db.session.scalar(select(CourtOffice).where(func.lower(CourtOffice.court) == wanted))
    if office is None:  # a name typed with other spacing: compare in Python over the short table
        office = next((row for row in db.session.scalars(select(CourtOffice))
                       if " ".join(row.court.split()).casefold() == wanted), None)
    return office.chief_counsel_address if office else None


def stay_filing(case: Case) -> Filing | None:
    """The latest application for a stay of removal (Form I-246) on the case's timeline that was filed."""
    filings = [filing for filing in case.filings
               if filing.kind is FilingKind.STAY_OF_REMOVAL and filing.status is not FilingStatus.DRAFTING]
    return max(filings, key=lambda filing: (filing.filed_on or date.min, filing.id), default=None)


def next_hearing(case: Case) -> Event | None:
    return db.session.scalar(
        select(Event).where(Event.case_id == case.id, Event.kind.in_(HEARING_KINDS), Event.removed_at.is_(None),
                            Event.starts_at >= utcnow()).order_by(Event.starts_at).limit(1)
    )


@dataclass
class CourtCover:
    """The first page of a filing with the immigration court."""

    filer_lines: list[str]
    court_lines: list[str]
    respondent: str
    a_number: str
    judge: str
    next_hearing: str
    detained: bool
    title: str = "RESPONDENT'S SUBMISSION OF LETTERS OF SUPPORT"


def court_cover(case: Case, filer_lines: list[str]) -> CourtCover:
    hearing = next_hearing(case)
    when = "Not yet scheduled"
    if hearing is not None:
        from zoneinfo import ZoneInfo

        local = hearing.starts_at.astimezone(ZoneInfo(hearing.timezone or case.timezone))
        when = long_date(local.date()) if hearing.all_day else f"{long_date(local.date())}, {local:%-I:%M %p}"
    judge = (case.judge or "").removeprefix("IJ ").strip()
    return CourtCover(
        filer_lines=filer_lines,
        court_lines=["UNITED STATES DEPARTMENT OF JUSTICE", "EXECUTIVE OFFICE FOR IMMIGRATION REVIEW",
                     "IMMIGRATION COURT", *(line.strip() for line in (case.court or "").split(",") if line.strip())],
        respondent=case.person.legal_name,
        a_number=case.person.a_number_display if case.person.a_number else "",
        judge=f"Immigration Judge {judge}" if judge else "",
        next_hearing=when,
        detained=case.person.detention_status in DETAINED_STATUSES,
    )


def service_certificate(day: date, method: str, address: str, preparer: str, preparer_title: str | None,
                        network: str) -> str:
    """The certificate of service on DHS, signed /s/ by the person who builds the packet."""
    address = ", ".join(line.strip() for line in address.splitlines() if line.strip())
    signature = "\n".join(line for line in (f"/s/ {preparer}", preparer, preparer_title or "", network) if line)
    return (
        f"I certify that on {long_date(day)} I served a copy of this submission and all its exhibits on the "
        f"U.S. Department of Homeland Security, Office of the Chief Counsel, at {address}, by "
        f"{SERVICE_METHODS[method]}.\n\n{signature}\n\nDate: {long_date(day)}"
    )


def missing_in(texts: dict[str, str]) -> list[str]:
    """What the team still has to fill in: every [bracketed] gap left in the cover letter, the
    recipient or the certificate, named with where it is."""
    found = []
    for where, text in texts.items():
        for gap in dict.fromkeys(PLACEHOLDER.findall(text or "")):
            hint = " (your title: set it on your account page)" if gap == "[title]" else ""
            found.append(f"{gap} in {where}{hint}")
    return found
