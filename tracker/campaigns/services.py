"""Campaign rules: the consent gate, public names, signing once per email,
signature export and paper signatures."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from tracker.campaigns import consent, fitness, signers
from tracker.campaigns.languages import choose
from tracker.campaigns.models import Campaign, Petition, Signature, SignatureSource
from tracker.campaigns.page_cache import LIVE_CONSENT
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.i18n import current_language
from tracker.names import clean_name
from tracker.search import contains_pattern, search_key
from tracker.security.crypto import cipher
from tracker.timeline.models import Event, Visibility
from tracker.types import utcnow

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Cells a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_live(campaign: Campaign | None) -> bool:
    """Public only while published and the person's publicity consent stands."""
    return campaign is not None and campaign.published and campaign.case.consent_level in LIVE_CONSENT


def live_campaign(slug: str) -> Campaign | None:
    """The campaign at /c/<slug> with its case and petition (one query), or None:
    an unknown slug and a campaign without consent look exactly the same."""
    campaign = db.session.scalar(
        select(Campaign).options(joinedload(Campaign.case), joinedload(Campaign.petition)).where(Campaign.slug == slug)
    )
    return campaign if is_live(campaign) else None


def public_name(case: Case) -> str | None:
    """The name the person's consent allows in public."""
    person = case.person
    return consent.public_name(case.consent_level.value, person.legal_name, person.preferred_name)


def suggest_slug(case: Case) -> str:
    base = search_key(public_name(case) or "campaign")
    base = re.sub(r"[^a-z0-9]+", "-", base).strip("-")[:40] or "campaign"
    slug, number = f"keep-{base}-home", 2
    while db.session.scalar(select(Campaign.id).where(Campaign.slug == slug)) is not None:
        slug, number = f"keep-{base}-home-{number}", number + 1
    return slug


def signature_count(petition: Petition) -> int:
    """The petition's counter as the database has it now (bookkeeping.py keeps it)."""
    return db.session.scalar(select(Petition.signature_count).where(Petition.id == petition.id)) or 0


def email_index(normalized_email: str) -> str:
    return cipher().blind_index("email:" + normalized_email)


@dataclass
class SignResult:
    signature_id: int
    created: bool
    same_form: bool = False  # the same form sent twice (a double click): not "already signed"


@dataclass(frozen=True)
class SignTarget:
    """What signing needs of a live campaign's petition, read with one query."""

    petition_id: int
    case_id: int
    is_open: bool


# Signing is the busiest write of the public side: its statements are built
# once per process (per dialect) with bound parameters, not at every request.
SIGNATURE_COLUMNS = ("petition_id", "name", "email", "email_index", "city", "comment", "contact_ok", "source",
                     "form_nonce", "entered_by_id", "locale", "signed_at", "updated_at")


@cache
def _target_query():
    campaigns, cases, petitions = Campaign.__table__, Case.__table__, Petition.__table__
    return (
        select(petitions.c.id, campaigns.c.case_id, petitions.c.is_open, campaigns.c.published, cases.c.consent_level)
        .select_from(campaigns.join(cases, cases.c.id == campaigns.c.case_id)
                     .join(petitions, petitions.c.campaign_id == campaigns.c.id))
        .where(campaigns.c.slug == bindparam("slug"))
    )


def sign_target(slug: str, connection=None) -> SignTarget | None:
    """The petition of the live campaign at /c/<slug>, or None (no page, or no petition)."""
    row = (connection or db.session.connection()).execute(_target_query(), {"slug": slug}).first()
    if row is None or not row.published or row.consent_level not in LIVE_CONSENT:
        return None
    return SignTarget(petition_id=row.id, case_id=row.case_id, is_open=bool(row.is_open))


@dataclass(frozen=True)
class _SignStatements:
    insert_signature: object  # INSERT ... ON CONFLICT (petition, email index) DO NOTHING RETURNING id
    insert_if_live: object  # the same, for the open petition of a live campaign named by its slug
    existing: object  # the signature already there for this email
    existing_by_slug: object  # the same, found by the campaign's slug


@cache
def _sign_statements(dialect: str) -> _SignStatements:
    """Built once per dialect: on the tables, with bound parameters named as the columns.
    The petition's count moves with each INSERT by itself (a trigger, migration c3d8e1f0a2b7)."""
    signatures, petitions, campaigns, cases = (Signature.__table__, Petition.__table__, Campaign.__table__,
                                               Case.__table__)
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    bound = {name: bindparam(name, type_=signatures.c[name].type) for name in SIGNATURE_COLUMNS}
    insert_signature = (
        dialect_insert(signatures).values(bound)
        .on_conflict_do_nothing(index_elements=["petition_id", "email_index"])
        .returning(signatures.c.id)
    )
    live_petition = (
        petitions.join(campaigns, campaigns.c.id == petitions.c.campaign_id).join(cases, cases.c.id == campaigns.c.case_id)
    )
    live = (campaigns.c.slug == bindparam("slug"), campaigns.c.published.is_(True),
            # Compared one by one: an IN list would be expanded into the SQL again at every execution.
            or_(*(cases.c.consent_level == level for level in LIVE_CONSENT)), petitions.c.is_open.is_(True))
    columns = [name for name in SIGNATURE_COLUMNS if name != "petition_id"]
    insert_if_live = (
        dialect_insert(signatures)
        .from_select(["petition_id", *columns],
                     select(petitions.c.id, *[bound[name] for name in columns]).select_from(live_petition).where(*live))
        .on_conflict_do_nothing(index_elements=["petition_id", "email_index"])
        .returning(signatures.c.id)
    )
    existing = select(signatures.c.id, signatures.c.form_nonce).where(
        signatures.c.petition_id == bindparam("petition_id"), signatures.c.email_index == bindparam("email_index")
    )
    existing_by_slug = (
        select(signatures.c.id, signatures.c.form_nonce)
        .select_from(signatures.join(petitions, petitions.c.id == signatures.c.petition_id)
                     .join(campaigns, campaigns.c.id == petitions.c.campaign_id))
        .where(campaigns.c.slug == bindparam("slug"), signatures.c.email_index == bindparam("email_index"))
    )
    return _SignStatements(insert_signature, insert_if_live, existing, existing_by_slug)


def _signature_values(name: str, email: str | None, city: str | None, comment: str | None, contact_ok: bool,
                      nonce: str | None, source: SignatureSource, entered_by_id: int | None, locale: str | None) -> dict:
    normalized = signers.normalize_email(email or "") or None
    now = utcnow()  # given, not left to column defaults: an INSERT ... SELECT does not apply them
    return {
        "name": name.strip(),
        "email": normalized,
        "email_index": email_index(normalized) if normalized else None,
        "city": (city or "").strip() or None,
        "comment": (comment or "").strip() or None,
        "contact_ok": contact_ok,
        "source": source,
        "form_nonce": nonce,
        "entered_by_id": entered_by_id,
        "locale": locale,
        "signed_at": now,
        "updated_at": now,
    }


def sign(
    petition: Petition | int,
    *,
    name: str,
    email: str | None,
    city: str | None = None,
    comment: str | None = None,
    contact_ok: bool = False,
    nonce: str | None = None,
    source: SignatureSource = SignatureSource.ONLINE,
    entered_by_id: int | None = None,
    locale: str | None = None,
) -> SignResult:
    """Add a signature, once per email per petition.

    A second signature from the same email (however it is typed) changes
    nothing of the first: whoever knows an email must not be able to rename a
    signer or withdraw their consent to be contacted. The unique constraint on
    (petition, email index) decides, so two requests racing with one email
    cannot both insert. `petition` may be given by its id.
    """
    petition_id = petition if isinstance(petition, int) else petition.id
    values = {"petition_id": petition_id,
              **_signature_values(name, email, city, comment, contact_ok, nonce, source, entered_by_id, locale)}
    if values["email"] is None:  # a paper signature without an email: nothing to match it with
        signature = Signature(**values)
        db.session.add(signature)
        db.session.flush()
        return SignResult(signature.id, created=True)
    # Core statements on the session's connection, in its transaction: the ORM has nothing to track here.
    connection = db.session.connection()
    statements = _sign_statements(connection.dialect.name)
    new_id = connection.execute(statements.insert_signature, values).scalar()
    if new_id is not None:
        return SignResult(new_id, created=True)
    # The same email on another petition is another signature: look only at this one.
    existing = connection.execute(
        statements.existing, {"petition_id": petition_id, "email_index": values["email_index"]}
    ).one()
    return SignResult(existing.id, created=False, same_form=nonce is not None and existing.form_nonce == nonce)


def sign_live(slug: str, *, name: str, email: str, city: str | None, comment: str | None, contact_ok: bool,
              nonce: str | None, locale: str | None) -> SignResult | None:
    """The public sign form: a signature on the open petition of the live campaign at
    /c/<slug>, once per email, with one statement (the campaign's liveness is checked
    by the INSERT itself), committed at once in a transaction of its own: nothing else
    of the request goes with it, and the session's unit of work is not needed. None
    when there is no such petition: no page, no consent, no petition, or it is closed."""
    values = {"slug": slug, **_signature_values(name, email, city, comment, contact_ok, nonce, SignatureSource.ONLINE,
                                                None, locale)}
    with db.engine.begin() as connection:
        statements = _sign_statements(connection.dialect.name)
        new_id = connection.execute(statements.insert_if_live, values).scalar()
        if new_id is not None:
            return SignResult(new_id, created=True)
        existing = connection.execute(statements.existing_by_slug,
                                      {"slug": slug, "email_index": values["email_index"]}).first()
        target = sign_target(slug, connection) if existing is not None else None
    if target is None or not target.is_open:
        return None
    return SignResult(existing.id, created=False, same_form=nonce is not None and existing.form_nonce == nonce)


def search_signatures(petition: Petition, query: str):
    """Signatures of a petition, newest first, matching a name, city or exact email."""
    statement = select(Signature).where(Signature.petition_id == petition.id)
    text = (query or "").strip()
    if text:
        pattern = contains_pattern(text)
        conditions = [Signature.name.ilike(pattern, escape="\\"), Signature.city.ilike(pattern, escape="\\")]
        if "@" in text:
            conditions.append(Signature.email_index == email_index(signers.normalize_email(text)))
        statement = statement.where(or_(*conditions))
    return statement.order_by(Signature.signed_at.desc(), Signature.id.desc())


def neutralize(value: str | None) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    value = value or ""
    return "'" + value if value.startswith(FORMULA_START) else value


CSV_HEADER = ["name", "email", "city_or_zip", "comment", "contact_ok", "source", "signed_at_utc"]


def signatures_csv(petition_id: int) -> Iterator[str]:
    """The petition's signatures as CSV (UTF-8 with a byte-order mark for
    spreadsheets), streamed in batches.

    It takes an id, not the petition: the body is sent after the view has
    returned and its database session is gone, so it reads through the session
    of the context it runs in. Every field is quoted: where a spreadsheet splits
    on ";", an unquoted `Bob;=1+2` would become a formula cell.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    buffer.write("\ufeff")
    writer.writerow(CSV_HEADER)
    rows = db.session.scalars(
        select(Signature).where(Signature.petition_id == petition_id).order_by(Signature.signed_at, Signature.id)
    ).yield_per(500)
    for count, signature in enumerate(rows, start=1):
        writer.writerow(
            [
                neutralize(signature.name),
                neutralize(signature.email),
                neutralize(signature.city),
                neutralize(signature.comment),
                "yes" if signature.contact_ok else "no",
                signature.source.value,
                signature.signed_at.strftime("%Y-%m-%d %H:%M:%S"),
            ]
        )
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@dataclass
class ImportReport:
    added: int = 0
    already_signed: int = 0  # the same email was on the petition: left as it was
    errors: list[tuple[int, str]] = field(default_factory=list)
    refused_lines: list[str] = field(default_factory=list)  # to correct and send again


PAPER_COLUMNS = ("name", "city", "email", "comment")
_HEADER_WORDS = {
    "name": "name", "full name": "name", "city": "city", "zip": "city", "city or zip": "city",
    "city_or_zip": "city", "email": "email", "e-mail": "email", "comment": "comment", "comments": "comment",
}


def import_paper_signatures(petition: Petition, text: str, entered_by_id: int) -> ImportReport:
    """Enter paper signatures pasted as CSV or spreadsheet rows: name, city or
    ZIP, email (optional), comment (optional). Bad lines are reported by number;
    good lines are kept."""
    report = ImportReport()
    lines = (text or "").splitlines()
    delimiter = "\t" if any("\t" in line for line in lines) else ","
    columns = PAPER_COLUMNS
    reader = csv.reader(lines, delimiter=delimiter)
    for row in reader:
        number = reader.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        lowered = [cell.casefold() for cell in cells]
        if number == 1 and "name" in lowered:
            columns = tuple(_HEADER_WORDS.get(cell, f"ignored-{index}") for index, cell in enumerate(lowered))
            continue
        values = {column: "" for column in PAPER_COLUMNS}
        for column, cell in zip(columns, cells, strict=False):
            if column in values:
                values[column] = cell
        values["name"] = clean_name(values["name"])
        problem = (
            signers.name_problem(values["name"])
            or signers.email_problem(values["email"], required=False)
            or signers.city_problem(values["city"])
            or signers.comment_problem(values["comment"])
        )
        if problem:
            report.errors.append((number, problem))
            report.refused_lines.append(lines[number - 1])
            continue
        result = sign(
            petition,
            name=values["name"],
            email=values["email"] or None,
            city=values["city"],
            comment=values["comment"],
            source=SignatureSource.PAPER,
            entered_by_id=entered_by_id,
        )
        if result.created:
            report.added += 1
        else:
            report.already_signed += 1
    return report


@dataclass(frozen=True)
class PublicEvent:
    label: str
    starts_at: datetime
    timezone: str
    all_day: bool
    location: str | None


@dataclass(frozen=True)
class PublicPetition:
    title: str
    target: str | None
    ask: str | None
    goal: int
    is_open: bool
    delivered_on: date | None
    delivered_to: str | None


@dataclass(frozen=True)
class PublicPage:
    """Everything the public campaign page may show, and nothing else: the
    template never sees the person's record, nor a text that does not fit
    the person's consent."""

    slug: str
    language: str  # of the page; each text below may be in the other one where it has no version in this
    headline: str
    name: str
    story: str | None
    ask: str | None
    target: str | None
    has_photo: bool
    photo_alt: str | None
    a_number: str | None
    petition: PublicPetition | None
    signature_count: int
    events: list[PublicEvent]
    version: str  # the campaign's page_version

    @property
    def summary(self) -> str:
        """The text that describes the page to link previews (description, Open
        Graph): the first of the ask, the story and the headline written in the
        page's language, else the first there is."""
        texts = [text for text in (self.ask, self.story, self.headline) if text]
        return next((text for text in texts if getattr(text, "lang", self.language) == self.language), texts[0])


def _fit(hidden, record: str, item, field: str, fallback=None):
    """The text if it fits the consent, else the fallback."""
    return fallback if (record, item.id, field) in hidden else getattr(item, field)


def public_headline(campaign: Campaign, hidden=None, language: str | None = None) -> str:
    """The headline in `language` (the page's) where it is written, else in the
    other; a plain one naming the person as consent allows when neither fits."""
    hidden = fitness.hidden_fields([campaign.case_id]) if hidden is None else hidden
    return choose(campaign, "campaign", "headline", language or current_language(), hidden) or _(
        "Stand with %(name)s", name=public_name(campaign.case) or ""
    )


def public_page(campaign: Campaign, language: str | None = None) -> PublicPage:
    """The public page of a campaign in `language` (the request's by default):
    only texts that fit the consent (as last checked by fitness.recheck), each
    in that language where it is written (languages.py), and the A-number only
    where it may be shown. Nothing restricted is loaded or decrypted besides
    that A-number."""
    language = language or current_language()
    case = campaign.case
    hidden = fitness.hidden_fields([case.id])
    events = db.session.scalars(
        select(Event)
        .where(
            Event.case_id == case.id,
            Event.visibility == Visibility.PUBLIC,
            Event.removed_at.is_(None),
            Event.starts_at >= utcnow(),
        )
        .order_by(Event.starts_at)
        .limit(10)
    )
    name = public_name(case) or ""
    petition = campaign.petition
    return PublicPage(
        slug=campaign.slug,
        language=language,
        headline=public_headline(campaign, hidden, language),
        name=name,
        story=choose(campaign, "campaign", "story", language, hidden),
        ask=choose(campaign, "campaign", "ask", language, hidden),
        target=_fit(hidden, "campaign", campaign, "target"),
        has_photo=campaign.photo_id is not None,
        photo_alt=_fit(hidden, "campaign", campaign, "photo_alt", _("Photo of %(name)s", name=name)),
        a_number=case.person.a_number_display if campaign.show_a_number and case.person.a_number else None,
        petition=PublicPetition(
            title=choose(petition, "petition", "title", language, hidden) or _("Petition for %(name)s", name=name),
            target=_fit(hidden, "petition", petition, "target"),
            ask=choose(petition, "petition", "ask", language, hidden),
            goal=petition.goal,
            is_open=petition.is_open,
            delivered_on=petition.delivered_on,
            delivered_to=_fit(hidden, "petition", petition, "delivered_to"),
        ) if petition else None,
        signature_count=petition.signature_count if petition else 0,
        events=[
            PublicEvent(
                _fit(hidden, "event", event, "title") or event.kind.label, event.starts_at, event.timezone,
                event.all_day, _fit(hidden, "event", event, "location"),
            )
            for event in events
        ],
        version=campaign.page_version,
    )

