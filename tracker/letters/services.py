"""Letter rules: the checklist, invitations, submission and review."""
from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.auth.models import User, token_digest
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.forms import copy_fields
from tracker.letters.models import (
    DEFAULT_CERTIFICATION,
    Invitation,
    Letter,
    LetterNeed,
    LetterPage,
    LetterSource,
    LetterStatus,
    Relation,
)
from tracker.links import external_url
from tracker.mail import notices
from tracker.mail.privacy import RestrictedContent
from tracker.security import audit
from tracker.types import utcnow

# What a writer (or the team on their behalf) fills in.
WRITER_FIELDS = (
    "author_name", "relation", "relationship_detail", "known_for", "organization",
    "author_contact", "language", "body", "translation_text", "translator_name",
    "translator_address", "translator_statement",
)
ENGLISH = "English"


def normalize_language(value: str | None) -> str:
    text = " ".join((value or "").split())
    if not text or text.casefold() in ("english", "en", "inglés", "ingles"):
        return ENGLISH
    return text[:1].upper() + text[1:]


def certification_text(language: str) -> str:
    return DEFAULT_CERTIFICATION.format(language=language if language != ENGLISH else "the original language")


@dataclass
class ChecklistRow:
    relation: Relation
    wanted: int
    counts: Counter

    @property
    def approved(self) -> int:
        return self.counts[LetterStatus.APPROVED]

    @property
    def in_progress(self) -> int:
        return sum(
            self.counts[status]
            for status in (LetterStatus.REQUESTED, LetterStatus.RECEIVED, LetterStatus.NEEDS_REVISION)
        )

    @property
    def missing(self) -> int:
        return max(0, self.wanted - self.approved)


def checklist(case: Case) -> list[ChecklistRow]:
    """Each kind of letter the case needs (or has), with counts by status (two queries)."""
    wanted = {need.relation: need.wanted for need in db.session.scalars(select(LetterNeed).where(LetterNeed.case_id == case.id))}
    counts: dict[Relation, Counter] = {}
    for relation, status in db.session.execute(select(Letter.relation, Letter.status).where(Letter.case_id == case.id)):
        counts.setdefault(relation, Counter())[status] += 1
    return [
        ChecklistRow(relation=relation, wanted=wanted.get(relation, 0), counts=counts.get(relation, Counter()))
        for relation in Relation
        if relation in wanted or relation in counts
    ]


def set_needs(case: Case, wanted: dict[Relation, int]) -> None:
    existing = {need.relation: need for need in db.session.scalars(select(LetterNeed).where(LetterNeed.case_id == case.id))}
    for relation, count in wanted.items():
        need = existing.get(relation)
        if count <= 0:
            if need is not None:
                db.session.delete(need)
        elif need is None:
            db.session.add(LetterNeed(case_id=case.id, relation=relation, wanted=count))
        else:
            need.wanted = count
    audit.record("letters.checklist", target=case)


def letters_of(case: Case) -> list[Letter]:
    return list(
        db.session.scalars(
            select(Letter)
            .where(Letter.case_id == case.id)
            .options(
                selectinload(Letter.pages).selectinload(LetterPage.file),
                selectinload(Letter.translation_file),
                selectinload(Letter.id_copy_file),
                selectinload(Letter.invitation),
            )
            .order_by(Letter.relation, Letter.author_name, Letter.id)
        )
    )


def create_invitation(case: Case, actor: User, *, author_name: str, relation: Relation, days: int) -> tuple[Invitation, str]:
    """A requested letter and its writer's private link. The token is returned
    once; only its digest is kept."""
    letter = Letter(
        case_id=case.id,
        status=LetterStatus.REQUESTED,
        source=LetterSource.INVITED,
        author_name=author_name,
        relation=relation,
        language=ENGLISH,
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        letter=letter,
        token_digest=token_digest(token),
        expires_at=utcnow() + timedelta(days=days),
        created_by_id=actor.id,
    )
    db.session.add_all([letter, invitation])
    db.session.flush()
    audit.record("letters.invite", target=letter, detail=f"link valid {days} days")
    return invitation, token


def invite_existing(letter: Letter, actor: User, days: int) -> str:
    """A private link for a letter that came without one (from the campaign page),
    so its writer can revise it. Returns the token, once."""
    token = secrets.token_urlsafe(32)
    letter.invitation = Invitation(token_digest=token_digest(token), expires_at=utcnow() + timedelta(days=days), created_by_id=actor.id)
    db.session.flush()
    audit.record("letters.invite", target=letter, detail=f"link for a revision, valid {days} days")
    return token


def email_invitation(letter: Letter, token: str, address: str, locale: str | None) -> None:
    """Send the writer their private link by email (queued with this change); the
    address is kept as the writer's contact, for the notices that follow."""
    if not letter.author_contact:
        letter.author_contact = address
    letter.writer_locale = locale
    notices.letter_invitation(letter, token, address=address, locale=locale)
    audit.record("letters.invite_emailed", target=letter)


def renew_invitation(invitation: Invitation, actor: User, days: int) -> str:
    """A new link for the same letter; the old link stops working."""
    token = secrets.token_urlsafe(32)
    invitation.token_digest = token_digest(token)
    invitation.expires_at = utcnow() + timedelta(days=days)
    invitation.revoked_at = None
    audit.record("letters.invite_renewed", target=invitation.letter, detail=f"link valid {days} days")
    return token


def invitation_for(token: str) -> Invitation | None:
    """The invitation a link opens, if it is neither unknown, revoked nor expired."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_digest == token_digest(token)))
    if invitation is None or not invitation.is_usable(utcnow()):
        return None
    return invitation


def apply_writer_fields(letter: Letter, form) -> list[str]:
    """Copy what the writer typed (and the files they gave) onto the letter."""
    changed = copy_fields(letter, form, WRITER_FIELDS)
    letter.language = normalize_language(letter.language)
    added = add_pages(letter, form.letter_files.claim())
    if added:
        changed.append(f"{added} letter file(s) added")
    for field_name, attribute in (
        ("id_copy", "id_copy_file"),
        ("translation_file", "translation_file"),
    ):
        stored = getattr(form, field_name).claim()
        if stored is not None and stored is not getattr(letter, attribute):
            setattr(letter, attribute, stored)
            changed.append(attribute)
    if form.translation_certified.data and letter.has_translation:
        if letter.translation_certified_on is None or "translation_text" in changed or "translation_file" in changed:
            letter.translation_certified_on = date.today()
            changed.append("translation_certified_on")
    if letter.has_translation and not letter.translator_statement:
        letter.translator_statement = certification_text(letter.language)
    return changed


def add_pages(letter: Letter, stored_files: list) -> int:
    """Put uploaded files after the letter's pages, in the order given; returns how many."""
    start = max((page.position for page in letter.pages), default=-1) + 1
    for offset, stored in enumerate(stored_files):
        letter.pages.append(LetterPage(file=stored, position=start + offset))
    return len(stored_files)


def _renumber(letter: Letter, pages: list[LetterPage]) -> None:
    for position, page in enumerate(pages):
        page.position = position
    letter.pages[:] = pages


def move_page(letter: Letter, page: LetterPage, step: int) -> bool:
    """Move a page one place earlier (-1) or later (+1); False when it is already first or last."""
    pages = list(letter.pages)
    index = pages.index(page)
    target = index + step
    if not 0 <= target < len(pages):
        return False
    pages[index], pages[target] = pages[target], pages[index]
    _renumber(letter, pages)
    audit.record("letters.page_moved", target=letter, detail=f"file {index + 1} is now file {target + 1} of {len(pages)}")
    return True


def remove_page(letter: Letter, page: LetterPage) -> None:
    """Take a file off the letter; the upload itself is deleted (no record needs it any more)."""
    pages = list(letter.pages)
    index = pages.index(page)
    pages.remove(page)
    _renumber(letter, pages)
    db.session.delete(page.file)
    audit.record("letters.page_removed", target=letter, detail=f"file {index + 1} of {len(pages) + 1} removed")


def submit(letter: Letter, form, *, by_writer: bool, locale: str | None = None) -> None:
    """A writer sends or revises their letter: it goes (back) to the team for
    review, and a writer who gave an email hears that it arrived (in `locale`,
    the language of the page they wrote from)."""
    arrived = by_writer and (letter.submitted_at is None or letter.status is LetterStatus.NEEDS_REVISION)
    changed = apply_writer_fields(letter, form)
    if letter.status in (LetterStatus.REQUESTED, LetterStatus.NEEDS_REVISION):
        letter.status = LetterStatus.RECEIVED
    letter.submitted_at = utcnow()
    if locale:
        letter.writer_locale = locale
    db.session.flush()  # a new letter gets its id, for the audit entry and the form's record
    who = "writer" if by_writer else "team"
    audit.record("letters.submit", target=letter, detail=f"by the {who}; changed: {', '.join(changed) or 'nothing'}")
    if arrived:
        notices.letter_received(letter)


def approval_problems(letter: Letter) -> list[str]:
    """What stops a letter from going into a packet."""
    problems = []
    if not letter.has_content:
        problems.append(_("There is no letter yet: neither text nor an uploaded file."))
    if letter.needs_translation:
        if not letter.has_translation:
            problems.append(_("The letter is in %(language)s: add an English translation.", language=letter.language))
        elif not letter.translator_name:
            problems.append(_("Give the translator's name for the certificate."))
        elif letter.translation_certified_on is None:
            problems.append(_("The translator has not certified the translation yet."))
    return problems


REVIEW_ACTIONS = {
    "receive": _l("marked received"),
    "revise": _l("sent back for revision"),
    "approve": _l("approved"),
    "exclude": _l("excluded"),
    "reopen": _l("reopened for review"),
}


def review(letter: Letter, actor: User, action: str, note: str | None) -> None:
    """Move a letter through review. Raises ValueError with the reason when the step is not possible."""
    status = letter.status
    if action == "receive" and status is LetterStatus.REQUESTED:
        letter.status = LetterStatus.RECEIVED
    elif action == "revise" and status in (LetterStatus.RECEIVED, LetterStatus.APPROVED):
        if not note:
            raise ValueError(_("Say what the writer should change: the note is shown to them."))
        letter.status = LetterStatus.NEEDS_REVISION
    elif action == "approve" and status in (LetterStatus.RECEIVED, LetterStatus.NEEDS_REVISION):
        problems = approval_problems(letter)
        if problems:
            raise ValueError(" ".join(problems))
        letter.status = LetterStatus.APPROVED
    elif action == "exclude" and status is not LetterStatus.EXCLUDED:
        letter.status = LetterStatus.EXCLUDED
    elif action == "reopen" and status in (LetterStatus.APPROVED, LetterStatus.EXCLUDED):
        letter.status = LetterStatus.RECEIVED
    else:
        raise ValueError(_("A letter that is %(status)s cannot be %(done)s.", status=status.label.lower(),
                           done=REVIEW_ACTIONS.get(action, action)))
    if note is not None or action in ("approve", "reopen", "receive"):
        letter.review_note = note
    letter.reviewed_by_id = actor.id
    letter.reviewed_at = utcnow()
    audit.record(f"letters.{action}", target=letter)
    try:
        _tell_writer(letter, actor, action)
    except RestrictedContent as found:
        raise ValueError(
            _("The note contains %(what)s of the person. Remove it: the note is emailed to the writer.", what=found.label)
        ) from found


def _tell_writer(letter: Letter, actor: User, action: str) -> None:
    if notices.writer_address(letter) is None:
        return
    if action == "revise":
        link = None
        if letter.invitation is None:  # came through the campaign page: it needs a link to be revised
            link = external_url("letters.writer", token=invite_existing(letter, actor, days=30))
        notices.letter_needs_revision(letter, link)
    elif action == "approve":
        notices.letter_approved(letter)


def approved_letters(case: Case) -> list[Letter]:
    return [letter for letter in letters_of(case) if letter.status is LetterStatus.APPROVED]
