"""What the audit log may still say once a record is purged: nothing that leads back to it.

Entries about a purged case or about any of its records (by case id, or by
the type and id of their target) are deleted. A refused request
(`access.denied`) whose address or reason names a purged record is kept, so
admins still see that someone was refused, when and from where, but its
detail is replaced. So is any detail that holds the person's name, A-number
or campaign address, although the log is written never to hold them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select, update

from tracker.extensions import db
from tracker.purge.records import Scope, Step
from tracker.search import search_key
from tracker.security.audit import AuditEntry

SCRUBBED_DETAIL = "a request about a record since purged"

# The first part of an address before a record's id, and the record it names.
URL_SEGMENTS = {
    "cases": "Case", "people": "Person", "events": "Event", "filings": "Filing", "letters": "Letter",
    "packets": "Packet", "actions": "Action", "pledges": "Pledge", "signatures": "Signature",
}
# Refusal reasons say "case 12 is not on the user's team", "may not change person 7".
REASON_WORDS = {"case": "Case", "person": "Person"}
PATH_ID = re.compile(r"/([a-z_]+)/(\d+)")
WORD_ID = re.compile(r"\b(case|person) (\d+)\b", re.IGNORECASE)
CHUNK = 500


@dataclass
class Traces:
    """What identifies the purged records in free text."""

    ids: dict[str, set[int]]  # audit name -> purged ids, for the kinds that appear in addresses
    phrases: list[str]  # names, A-numbers, campaign addresses: compared without case or accents
    spellings: list[str]  # the same, lower-cased as typed, for the database to pick candidates

    def named_in(self, detail: str) -> bool:
        for pattern, kinds in ((PATH_ID, URL_SEGMENTS), (WORD_ID, REASON_WORDS)):
            for word, number in pattern.findall(detail):
                kind = kinds.get(word.lower())
                if kind and int(number) in self.ids.get(kind, ()):
                    return True
        plain = search_key(detail)
        digits = re.sub(r"\D", "", detail)
        return any(phrase in plain or (phrase.isdigit() and phrase in digits) for phrase in self.phrases)


def traces_of(scope: Scope, steps: Iterable[Step], phrases: Iterable[str]) -> Traces:
    """Read, before anything is deleted, the ids that addresses and reasons could name."""
    ids = {}
    for step in steps:
        if step.audit_name in URL_SEGMENTS.values():
            ids[step.audit_name] = set(db.session.scalars(select(step.model.id).where(step.rows(scope))))
    # Short phrases (a preferred name "Lu") would match unrelated words.
    kept = [phrase.strip() for phrase in phrases if phrase and len(phrase.strip()) >= 4]
    keys = {search_key(phrase) for phrase in kept}
    return Traces(ids=ids, phrases=sorted(keys), spellings=sorted(keys | {phrase.lower() for phrase in kept}))


def forget(scope: Scope, steps: Iterable[Step], traces: Traces) -> tuple[int, int]:
    """Delete the entries about the scope's records and scrub the others that
    name them. Returns (deleted, scrubbed). Runs before the records go: the
    subqueries read which records are the scope's."""
    about = [AuditEntry.case_id.in_(scope.case_ids)]
    for step in steps:
        if step.audit_name:
            about.append(
                (AuditEntry.target_type == step.audit_name)
                & AuditEntry.target_id.in_(select(step.model.id).where(step.rows(scope)))
            )
    deleted = db.session.execute(
        delete(AuditEntry).where(or_(*about)).execution_options(synchronize_session=False)
    ).rowcount
    return deleted, _scrub(traces)


def _scrub(traces: Traces) -> int:
    # The database narrows a long log down to the entries that could name a
    # record (refusals, "case 12", a name); the patterns above decide.
    detail = func.lower(AuditEntry.detail)
    could_name = [AuditEntry.action == "access.denied", detail.contains("case "), detail.contains("person ")]
    could_name += [detail.contains(spelling, autoescape=True) for spelling in traces.spellings]
    candidates = db.session.execute(
        select(AuditEntry.id, AuditEntry.detail).where(
            AuditEntry.detail.is_not(None), AuditEntry.detail != SCRUBBED_DETAIL, or_(*could_name)
        )
    )
    named = [entry_id for entry_id, detail in candidates if traces.named_in(detail)]
    for start in range(0, len(named), CHUNK):
        db.session.execute(
            update(AuditEntry)
            .where(AuditEntry.id.in_(named[start:start + CHUNK]))
            .values(detail=SCRUBBED_DETAIL, target_type=None, target_id=None)
            .execution_options(synchronize_session=False)
        )
    return len(named)
