"""What belongs to a case, table by table, in the order a purge deletes it.

Every table that holds a case's or a person's data has one step here: a
model (or plain table) and the rows of it that belong to the purged cases.
Children come before their parents, so no foreign key is left pointing at a
deleted row and no `ON DELETE SET NULL` quietly keeps a row alive.

A new table that refers to a case, a person or any record below them must
get a step here (or be named in `NOT_CASE_DATA` with the reason); a test
walks `db.metadata` and fails until it is.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, String, Table, cast, exists, false, literal, or_, select, union

from tracker.actions.models import AccompanimentReport, Action, Pledge
from tracker.calendar.models import CalendarFeed
from tracker.campaigns.models import Campaign, Petition, Signature, UnfitText
from tracker.cases.models import Case, Filing, case_team
from tracker.detention.models import Bond, DetentionPeriod
from tracker.extensions import db
from tracker.files.models import StoredFile
from tracker.letters.models import Invitation, Letter, LetterNeed, LetterPage
from tracker.mail.kinds import Topic
from tracker.mail.models import CampaignUpdate, MailOptOut, OutboxMessage
from tracker.packets.models import Packet, PacketExhibit, PacketVolume
from tracker.people.models import Person
from tracker.submissions import FormSubmission
from tracker.tasks.models import CaseTask
from tracker.timeline.models import Event, EventRevision

# Tables that refer to case records but are not a case's data: staff accounts
# and partner congregations outlive every case; the audit log is scrubbed
# apart (tracker/purge/audit_trail.py). A table that names records by type and
# id instead of a foreign key (like form_submissions) needs a step of its own.
NOT_CASE_DATA = {
    "users": "staff accounts outlive the cases they worked on",
    "congregations": "partner groups outlive the cases they pledged to",
    "audit_entries": "scrubbed by tracker/purge/audit_trail.py",
}


@dataclass(frozen=True)
class Scope:
    """The cases being purged, and the person too when none of their cases remains."""

    case_ids: tuple[int, ...]
    person_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Step:
    """One table of the purge: which of its rows belong to the scope."""

    label: str  # what the confirmation page calls these records (the audit log uses the table name)
    table: Table
    rows: Callable[[Scope], ColumnElement[bool]]
    model: type | None = None
    # How the audit log names records of this kind (`type(record).__name__`).
    audit_name: str | None = field(default=None)
    # Its rows name other records by type and id (so they are never named that way themselves).
    names_by_type: bool = False
    # Its rows are found before anything is deleted: the rows that say which are its
    # (a letter's pages, for its uploads) are children of its own and go first.
    found_first: bool = False


def _step(model, label: str, rows: Callable[[Scope], ColumnElement[bool]]) -> Step:
    return Step(label=label, table=model.__table__, rows=rows, model=model, audit_name=model.__name__)


def _ids(model, rows: Callable[[Scope], ColumnElement[bool]]):
    return lambda scope: select(model.id).where(rows(scope))


def _actions(scope: Scope):
    return Action.case_id.in_(scope.case_ids)


def _letters(scope: Scope):
    return Letter.case_id.in_(scope.case_ids)


def _campaigns(scope: Scope):
    return Campaign.case_id.in_(scope.case_ids)


def _petitions(scope: Scope):
    return Petition.campaign_id.in_(_ids(Campaign, _campaigns)(scope))


def _packets(scope: Scope):
    return Packet.case_id.in_(scope.case_ids)


def _events(scope: Scope):
    return Event.case_id.in_(scope.case_ids)


def _files(scope: Scope):
    """Uploads the scope's records use: letters' files, their ID copies and translations, the campaign photo."""
    letters = _letters(scope)
    used = union(
        select(LetterPage.stored_file_id).where(LetterPage.letter_id.in_(_ids(Letter, _letters)(scope))),
        select(Letter.id_copy_file_id).where(letters),
        select(Letter.translation_file_id).where(letters),
        select(Campaign.photo_id).where(_campaigns(scope)),
    )
    return StoredFile.id.in_(select(used.subquery().c[0]))


def unused_uploads() -> ColumnElement[bool]:
    """Kept uploads that no record refers to any more: a letter file replaced by
    a newer one, a photo taken off a campaign. Nothing says whose they were, so
    a purge removes them all. Uploads still waiting for their form are left alone."""
    references = [
        exists().where(foreign_key.parent == StoredFile.id)
        for table in db.metadata.sorted_tables
        for foreign_key in table.foreign_keys
        if foreign_key.column.table is StoredFile.__table__
    ]
    condition = StoredFile.claimed.is_(True)
    for reference in references:
        condition = condition & ~reference
    return condition


def _named_by_type(type_column, id_column) -> Callable[[Scope], ColumnElement[bool]]:
    """Rows that name one of the scope's records by its type and id, without a foreign key."""

    def rows(scope: Scope):
        named = [
            (type_column == step.audit_name) & id_column.in_(select(step.model.id).where(step.rows(scope)))
            for step in STEPS
            if step.audit_name and not step.names_by_type
        ]
        return or_(false(), *named)

    return rows


def _typed_step(model, label: str, type_column, id_column) -> Step:
    return Step(label=label, table=model.__table__, rows=_named_by_type(type_column, id_column), model=model,
                audit_name=model.__name__, names_by_type=True)


def _campaign_opt_outs(scope: Scope):
    """Unsubscribes from a purged campaign's updates ("campaign:12"): the campaign is gone, and
    a later campaign given the same id must not inherit them."""
    prefix = f"{Topic.CAMPAIGN.value}:"  # as Topic.key(scope) writes it
    topics = select(literal(prefix).concat(cast(Campaign.id, String))).where(_campaigns(scope))
    return MailOptOut.topic.in_(topics)


# Children before parents. Uploads go just before the letters and campaign
# that point at them (the letters and campaign are still there to say which
# uploads are theirs; their links are set null, then they go too). A letter's
# pages go before the uploads they point at: which uploads are the letters'
# is found before the purge deletes anything (found_first).
STEPS: list[Step] = [
    # First, while the records they name by type and id are still there to be recognized.
    _typed_step(FormSubmission, _l("form submissions (double-send guards)"),
                FormSubmission.record_type, FormSubmission.record_id),
    _typed_step(OutboxMessage, _l("emails about these records (queued, failed or sent)"),
                OutboxMessage.about_type, OutboxMessage.about_id),
    _step(MailOptOut, _l("unsubscribes from the campaign's updates"), _campaign_opt_outs),
    _step(Pledge, _l("pledges"), lambda scope: Pledge.action_id.in_(_ids(Action, _actions)(scope))),
    _step(AccompanimentReport, _l("accompaniment reports"),
          lambda scope: AccompanimentReport.action_id.in_(_ids(Action, _actions)(scope))),
    _step(Action, _l("actions"), _actions),
    _step(CalendarFeed, _l("calendar feeds"), lambda scope: CalendarFeed.case_id.in_(scope.case_ids)),
    _step(PacketExhibit, _l("packet exhibits"), lambda scope: PacketExhibit.packet_id.in_(_ids(Packet, _packets)(scope))),
    _step(PacketVolume, _l("packet volumes (stored PDFs)"),
          lambda scope: PacketVolume.packet_id.in_(_ids(Packet, _packets)(scope))),
    _step(Packet, _l("packets (stored PDFs)"), _packets),
    _step(Invitation, _l("letter invitations"), lambda scope: Invitation.letter_id.in_(_ids(Letter, _letters)(scope))),
    _step(LetterPage, _l("the files of the letters, in their order"),
          lambda scope: LetterPage.letter_id.in_(_ids(Letter, _letters)(scope))),
    Step(label=_l("uploaded files (letters, ID copies, translations, photo)"), table=StoredFile.__table__, rows=_files,
         model=StoredFile, audit_name=StoredFile.__name__, found_first=True),
    _step(Letter, _l("letters"), _letters),
    _step(LetterNeed, _l("letter checklist lines"), lambda scope: LetterNeed.case_id.in_(scope.case_ids)),
    _step(Signature, _l("petition signatures"), lambda scope: Signature.petition_id.in_(_ids(Petition, _petitions)(scope))),
    _step(Petition, _l("petitions"), _petitions),
    _step(CampaignUpdate, _l("campaign updates to signers"),
          lambda scope: CampaignUpdate.campaign_id.in_(_ids(Campaign, _campaigns)(scope))),
    _step(UnfitText, _l("public texts hidden for not fitting consent"), lambda scope: UnfitText.case_id.in_(scope.case_ids)),
    _step(Campaign, _l("campaigns (and their public page)"), _campaigns),
    _step(EventRevision, _l("timeline revisions"), lambda scope: EventRevision.event_id.in_(_ids(Event, _events)(scope))),
    _step(Event, _l("timeline entries (derived deadlines included)"), _events),
    _step(Filing, _l("filings"), lambda scope: Filing.case_id.in_(scope.case_ids)),
    _step(CaseTask, _l("tasks"), lambda scope: CaseTask.case_id.in_(scope.case_ids)),
    _step(Bond, _l("bonds"), lambda scope: Bond.case_id.in_(scope.case_ids)),
    _step(DetentionPeriod, _l("detention periods"), lambda scope: DetentionPeriod.case_id.in_(scope.case_ids)),
    Step(_l("case team memberships"), case_team, lambda scope: case_team.c.case_id.in_(scope.case_ids)),
    _step(Case, _l("cases"), lambda scope: Case.id.in_(scope.case_ids)),
    _step(Person, _l("people"), lambda scope: Person.id.in_(scope.person_ids)),
]

PURGED_TABLES = frozenset(step.table.name for step in STEPS)
UNUSED_UPLOADS = "unused_uploads"
WAITING_MAIL = "waiting_mail"
LABELS = {step.table.name: step.label for step in STEPS} | {
    UNUSED_UPLOADS: _l("uploads no record used any more (replaced letters, removed photos)"),
    WAITING_MAIL: _l("emails waiting to be sent that mention them (a weekly digest)"),
}
