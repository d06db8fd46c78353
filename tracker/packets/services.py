"""From the case's approved letters to a kept packet: recipient presets, the
cover letter template, the exhibits, the petition appendix, and the history."""
from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l  # lazy: raised while building in English, shown in the page's language
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.auth.models import User
from tracker.campaigns.models import Campaign, Petition, Signature
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.files import services as files
from tracker.files.models import StoredFile
from tracker.letters.models import Letter, LetterStatus, Relation
from tracker.packets import court, volumes
from tracker.packets.layout import Exhibit, PacketError, PacketSpec, Part, build_packet, exhibit_label
from tracker.packets.models import Packet, PacketExhibit, PacketVolume, Recipient
from tracker.security import audit
from tracker.security.crypto import cipher

# Letters go in this order by default: the closest to the person first.
RELATION_ORDER = [Relation.FAMILY, Relation.CLERGY, Relation.EMPLOYER, Relation.TEACHER, Relation.ELECTED_OFFICIAL,
                  Relation.NEIGHBOUR, Relation.COMMUNITY, Relation.OTHER]


long_date = court.long_date


def a_number_line(case: Case) -> str:
    """"A# 999-000-123", or nothing for a person who has no A-number yet (never "A# (none yet)")."""
    return f"A# {case.person.a_number_display}" if case.person.a_number else ""


def name_and_a_number(case: Case, separator: str = ", ") -> str:
    line = a_number_line(case)
    return f"{case.person.legal_name}{separator}{line}" if line else case.person.legal_name


def plural(count: int, one: str, many: str) -> str:
    """Packets stay English (see tracker/packets/layout.py): "1 exhibit", "5 exhibits"."""
    return f"{count:,} {one if count == 1 else many}"


def _listing(words: list[str]) -> str:
    """"a, b and c" """
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# How each kind of writer is named in the cover letter's sentence "They come from …".
RELATION_WRITERS = {
    Relation.FAMILY: ("a family member", "family members"),
    Relation.CLERGY: ("a member of the clergy", "members of the clergy"),
    Relation.EMPLOYER: ("an employer", "employers"),
    Relation.TEACHER: ("a teacher", "teachers"),
    Relation.ELECTED_OFFICIAL: ("an elected official", "elected officials"),
    Relation.NEIGHBOUR: ("a neighbour", "neighbours"),
    Relation.COMMUNITY: ("a member of the community", "members of the community"),
    Relation.OTHER: ("a friend", "friends"),
}


def writers_phrase(letters: list[Letter]) -> str:
    """"family members, a teacher and neighbours": each kind of writer, singular or plural by count."""
    counts: dict[Relation, int] = {}
    for letter in letters:
        counts[letter.relation] = counts.get(letter.relation, 0) + 1
    kinds = sorted(counts, key=RELATION_ORDER.index)
    return _listing([RELATION_WRITERS[kind][0 if counts[kind] == 1 else 1] for kind in kinds]) if kinds else "people"


def recipient_text(case: Case, kind: Recipient) -> str:
    if kind is Recipient.ICE:
        office = case.ice_field_office or "[field office and address]"
        return f"Field Office Director\nU.S. Immigration and Customs Enforcement\nEnforcement and Removal Operations\n{office}"
    if kind is Recipient.JUDGE:
        judge = (case.judge or "[name of the judge]").removeprefix("IJ ").strip()
        return f"The Honorable {judge}\nImmigration Judge\nExecutive Office for Immigration Review\n{case.court or '[immigration court and address]'}"
    if kind is Recipient.COUNSEL:
        address = court.chief_counsel_address(case) or "[address of the Office of the Chief Counsel]"
        return f"Chief Counsel\nOffice of the Chief Counsel\nU.S. Department of Homeland Security\n{address}"
    return ""


def salutation(kind: Recipient, case: Case | None = None) -> str:
    if kind is Recipient.JUDGE and case is not None and case.judge:
        return f"Dear Judge {case.judge.removeprefix('IJ ').split()[-1]}"
    return {
        Recipient.ICE: "Dear Field Office Director",
        Recipient.JUDGE: "Dear Judge",
        Recipient.COUNSEL: "Dear Chief Counsel",
    }.get(kind, "To whom it may concern")


def ask_for(case: Case, kind: Recipient, first: str) -> str:
    """What the packet asks of whom it is addressed to."""
    if kind is Recipient.JUDGE:
        return (f"We respectfully ask the Court to consider these letters as evidence of {first}'s good moral "
                f"character, family ties and standing in the community, and to weigh them in {first}'s favour "
                "when it decides the application for relief before it and exercises its discretion.")
    if kind is Recipient.COUNSEL:
        return (f"We respectfully ask the Office of the Chief Counsel to consider these letters and to exercise "
                f"prosecutorial discretion in {first}'s case, by agreeing to dismiss or administratively close the "
                f"proceedings, or by not opposing the relief {first} seeks.")
    filing = court.stay_filing(case)
    stay = ("We respectfully ask that you grant a stay of removal or exercise prosecutorial discretion")
    if filing is not None:
        filed = f" filed on {long_date(filing.filed_on)}" if filing.filed_on else ""
        receipt = f" (receipt {filing.receipt_number})" if filing.receipt_number else ""
        stay = (f"These letters support the application for a stay of removal (Form I-246){filed}{receipt}. "
                "We respectfully ask that you grant the stay or otherwise exercise prosecutorial discretion")
    return f"{stay}, so that {first} may remain with family and community."


def approved_letters(case: Case) -> list[Letter]:
    letters = db.session.scalars(
        select(Letter).where(Letter.case_id == case.id, Letter.status == LetterStatus.APPROVED)
    ).all()
    return sorted(letters, key=lambda letter: (RELATION_ORDER.index(letter.relation), letter.author_name.casefold()))


def petition_of(case: Case) -> Petition | None:
    campaign = db.session.scalar(select(Campaign).where(Campaign.case_id == case.id))
    return campaign.petition if campaign else None


def default_cover_text(case: Case, kind: Recipient, letters: list[Letter], signatory: User | None) -> str:
    person = case.person
    first = (person.preferred_name or person.legal_name).split()[0]
    network = current_app.config["TRACKER_NETWORK_NAME"]
    who = writers_phrase(letters)
    know = "knows" if len(letters) == 1 else "know"
    petition = petition_of(case)
    count = _signature_count(petition) if petition else 0
    petition_line = (
        f"\n\n{count:,} community members have also signed a petition asking that {first} be allowed to stay; "
        "a summary is the last exhibit." if count else ""
    )
    # No signer (the command line without --as): the network signs.
    signature = f"{signatory.name}\n{signatory.title or '[title]'}\n{network}" if signatory else network
    return (
        f"{salutation(kind, case)}:\n\n"
        f"On behalf of {network}, we respectfully submit the enclosed {plural(len(letters), 'letter', 'letters')} "
        f"of support for {person.legal_name}" + (f" ({a_number_line(case)})" if person.a_number else "") + ". "
        + (f"It comes from {who} who {know} {first} well and describes" if len(letters) == 1 else
           f"They come from {who} who {know} {first} well and describe")
        + f" the place {first} holds in their lives and in our community.{petition_line}\n\n"
        f"{ask_for(case, kind, first)}\n\n"
        "Thank you for your consideration.\n\n"
        f"Respectfully,\n\n{signature}"
    )


def _signature_count(petition: Petition) -> int:
    return db.session.scalar(select(func.count()).where(Signature.petition_id == petition.id)) or 0


def _read(stored: StoredFile, what: str) -> bytes:
    try:
        return files.read(stored)
    except ValueError as error:
        raise PacketError(f"The file of {what} could not be read; replace the upload or leave the letter out.") from error


def _file_part(stored: StoredFile, heading: str, what: str, details: list[tuple[str, str]]) -> Part:
    """An uploaded letter, translation or ID copy with the same heading as a typed letter: over
    each page of a PDF as a band, above a photo as on a typed page."""
    data = _read(stored, what)
    if stored.is_pdf:
        words = {"Has known them": "known {}", "Language": "written in {}", "Translated from": "translated from {}"}
        band = " · ".join([heading, *(words.get(name, "{}").format(value) for name, value in details
                                      if value and name != "Writer")])
        return Part(pdf=data, name=what, band=band)
    return Part(heading=heading, details=details, image=data, name=what)


def letter_exhibit(letter: Letter, label: str, include_id: bool) -> Exhibit:
    author = letter.author_name
    what = f"the letter from {author} (Exhibit {label})"
    relationship = letter.relationship_detail or letter.relation.english
    title = f"Letter from {author}" + (f", {letter.organization}" if letter.organization else "") + f" — {relationship}"
    if include_id and letter.id_copy_file is not None:
        title += " (with a copy of the writer's ID)"
    details = [("Writer", author), ("Organization", letter.organization or ""), ("Relationship", relationship),
               ("Has known them", letter.known_for or ""), ("Language", letter.language if letter.needs_translation else "")]
    parts: list[Part] = []
    if letter.body:
        parts.append(Part(
            heading=f"Exhibit {label} — Letter from {author}",
            details=details,
            text=letter.body,
            closing=(f"Submitted electronically by {author} on {long_date(letter.submitted_at.date())}."
                     if letter.submitted_at else None),
            name=what,
        ))
    # The uploaded letter: its files in the order the writer gave (or the team set), one exhibit.
    count = len(letter.pages)
    for number, page in enumerate(letter.pages, start=1):
        heading = f"Exhibit {label} — Letter from {author}" + (f" ({number} of {count})" if count > 1 else "")
        parts.append(_file_part(page.file, heading, what if count == 1 else f"file {number} of {what}", details))
    if letter.has_translation:
        translated = f"the translation of the letter from {author} (Exhibit {label})"
        if letter.translation_text:
            parts.append(Part(heading=f"Exhibit {label} — English translation of the letter from {author}",
                              details=[("Translated from", letter.language)], text=letter.translation_text, name=translated))
        if letter.translation_file is not None:
            parts.append(_file_part(letter.translation_file, f"Exhibit {label} — English translation of the letter from {author}",
                                    translated, [("Translated from", letter.language)]))
        certified = letter.translation_certified_on
        address = (letter.translator_address or "").replace("\n", ", ")
        parts.append(Part(
            heading=f"Exhibit {label} — Certificate of translation",
            text=(f"I, {letter.translator_name}, translator of the letter from {author} from {letter.language} into "
                  f"English, state:\n\n{letter.translator_statement}\n\n"
                  f"Signature: /s/ {letter.translator_name}\nName: {letter.translator_name}\n"
                  f"Address: {address or '—'}\nDate: {long_date(certified) if certified else '—'}"),
            name=f"the translator's certificate for Exhibit {label}",
        ))
    if include_id and letter.id_copy_file is not None:
        parts.append(_file_part(letter.id_copy_file, f"Exhibit {label} — Identification of {author}",
                                f"the ID copy of {author} (Exhibit {label})", [("Relationship", relationship)]))
    return Exhibit(label=label, title=title, parts=parts)


def _signers(petition_id: int) -> Iterator[tuple[str, str]]:
    """Name and city only — never an email — streamed in batches (a server-side cursor on PostgreSQL)."""
    rows = db.session.execute(
        select(Signature.name, Signature.city).where(Signature.petition_id == petition_id).order_by(Signature.signed_at, Signature.id)
        .execution_options(yield_per=1000)
    )
    for name, city in rows:
        yield name, city or ""


class SignerRows:
    """The signer list, streamed again each time it is read: a packet split into volumes reads it twice."""

    def __init__(self, petition_id: int):
        self.petition_id = petition_id

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return _signers(self.petition_id)


def petition_exhibit(petition: Petition, label: str, with_signers: bool) -> Exhibit:
    count = _signature_count(petition)
    first, last = db.session.execute(
        select(func.min(Signature.signed_at), func.max(Signature.signed_at)).where(Signature.petition_id == petition.id)
    ).one()
    summary = (f"{count:,} people signed the petition “{petition.title}”, addressed to {petition.target}"
               + (f", between {long_date(first.date())} and {long_date(last.date())}." if first else "."))
    text = f"{summary}\n\nThe petition reads:\n\n{petition.ask}"
    if petition.delivered_on:
        text += (f"\n\nThe petition was delivered to {petition.delivered_to} on {long_date(petition.delivered_on)}"
                 f" with {petition.delivered_count or count:,} signatures.")
    if with_signers:
        text += "\n\nThe signers' names and cities follow. Their contact details are kept private."
    return Exhibit(
        label=label,
        title=f"Petition: {count:,} signatures — {petition.title}",
        parts=[Part(heading=f"Exhibit {label} — Petition", text=text, name="the petition summary")],
        signers=SignerRows(petition.id) if with_signers else None,
        signer_count=count if with_signers else 0,
    )


@dataclass
class PacketChoices:
    recipient_kind: Recipient
    recipient: str
    cover_text: str
    letter_ids: list[int]  # in exhibit order
    include_petition: bool = False
    include_signers: bool = False
    include_id_copies: bool = True
    service_text: str | None = None
    bates_prefix: str = ""
    filer_lines: list[str] = field(default_factory=list)  # the court cover page's top left: who files


def filer_lines(user: User | None) -> list[str]:
    """Who files, at the top left of the court cover page: the person, their title, the network and its address."""
    network = current_app.config["TRACKER_NETWORK_NAME"]
    letterhead = [line for line in current_app.config.get("TRACKER_LETTERHEAD", "").split("|") if line]
    person = [user.name, user.title or ""] if user else []
    return [line for line in (*person, network, *letterhead) if line]


def gaps_in(choices: PacketChoices) -> list[str]:
    """Gaps the team must fill before the packet is built; empty when nothing is missing."""
    return court.missing_in({"the recipient": choices.recipient, "the cover letter": choices.cover_text,
                             "the certificate of service": choices.service_text or ""})


def spec_for(case: Case, choices: PacketChoices) -> tuple[PacketSpec, list[Letter]]:
    """The layout of the packet from the database; raises PacketError with a reason."""
    available = {letter.id: letter for letter in approved_letters(case)}
    if not available:
        raise PacketError(_l("This case has no approved letters yet. Approve letters on the Letters tab first."))
    missing = [letter_id for letter_id in choices.letter_ids if letter_id not in available]
    if missing:
        raise PacketError(_l("A chosen letter is no longer approved; reload the page and choose again."))
    if not choices.letter_ids:
        raise PacketError(_l("Choose at least one letter for the packet."))
    gaps = gaps_in(choices)
    if gaps:
        raise PacketError("Fill in what is missing before building: " + "; ".join(gaps) + ".")
    letters = [available[letter_id] for letter_id in choices.letter_ids]
    exhibits = [letter_exhibit(letter, exhibit_label(index), choices.include_id_copies) for index, letter in enumerate(letters)]
    petition = petition_of(case) if choices.include_petition else None
    if choices.include_petition and petition is None:
        raise PacketError(_l("This case has no petition to add."))
    if petition is not None:
        exhibits.append(petition_exhibit(petition, exhibit_label(len(exhibits)), choices.include_signers))
    person = case.person
    network = current_app.config["TRACKER_NETWORK_NAME"]
    spec = PacketSpec(
        title=f"Letters of support for {person.legal_name}",
        network_name=network,
        letterhead_lines=[line for line in current_app.config.get("TRACKER_LETTERHEAD", "").split("|") if line],
        date_line=long_date(date.today()),
        recipient_lines=[line for line in choices.recipient.splitlines() if line.strip()],
        re_lines=[f"Re: {name_and_a_number(case)}",
                  f"Letters of support ({plural(len(exhibits), 'exhibit', 'exhibits')})"],
        cover_text=choices.cover_text,
        stamp_name=person.legal_name,
        stamp_number=a_number_line(case),
        exhibits=exhibits,
        service_text=choices.service_text,
        court_cover=court.court_cover(case, choices.filer_lines) if choices.recipient_kind is Recipient.JUDGE else None,
        bates_prefix=choices.bates_prefix,
    )
    return spec, letters


def max_bytes() -> int:
    """The largest file an e-filing system takes (TRACKER_PACKET_MAX_MB)."""
    return int(float(current_app.config["TRACKER_PACKET_MAX_MB"]) * volumes.MEGABYTE)


def over_the_limit(size: int) -> str | None:
    """What to say when a packet is too large for one e-filing upload; None when it fits."""
    if size <= max_bytes():
        return None
    return _l("This packet is %(size)s MB, over the %(limit)s MB an e-filing system takes in one file. "
              "Build it again with “Split into volumes” ticked to get numbered volumes that each fit.",
              size=f"{size / volumes.MEGABYTE:.1f}", limit=f"{max_bytes() / volumes.MEGABYTE:g}")


def estimated_size(letters: list[Letter]) -> int:
    """About how large a packet of these letters will be, from their files' sizes, before it is built."""
    files = sum(stored.size for letter in letters
                for stored in (*(page.file for page in letter.pages), letter.translation_file, letter.id_copy_file)
                if stored is not None)
    typed = sum(bool(letter.body) + bool(letter.translation_text) for letter in letters)
    return volumes.VOLUME_OVERHEAD + files + typed * volumes.PAGE_ESTIMATE


def split_into_volumes(case: Case, choices: PacketChoices, limit: int | None = None) -> volumes.Volumes:
    """The packet these choices build, as volumes of at most `limit` bytes each (one volume when it fits)."""
    with force_locale("en"):
        spec, _ = spec_for(case, choices)
        return volumes.split(spec, limit or max_bytes())


def next_version(case: Case) -> int:
    return (db.session.scalar(select(func.max(Packet.version)).where(Packet.case_id == case.id)) or 0) + 1


def build_and_keep(case: Case, choices: PacketChoices, actor: User | None, split: bool = False) -> Packet:
    """Build the packet and keep it as the case's next version; with `split`, a packet over
    TRACKER_PACKET_MAX_MB also keeps its numbered volumes. Nothing is kept on failure."""
    with force_locale("en"):  # the recipients require English, whatever the language of the page
        spec, letters = spec_for(case, choices)
        built = build_packet(spec)
        parts = volumes.split(spec, max_bytes(), built=built) if split and len(built.pdf) > max_bytes() else None
    packet = Packet(
        case_id=case.id,
        version=next_version(case),
        recipient_kind=choices.recipient_kind,
        recipient=choices.recipient,
        cover_text=choices.cover_text,
        include_petition=choices.include_petition,
        include_signers=choices.include_signers,
        include_id_copies=choices.include_id_copies,
        service_text=choices.service_text,
        page_count=built.page_count,
        size=len(built.pdf),
        sha256=hashlib.sha256(built.pdf).hexdigest(),
        warnings="\n".join(built.warnings) or None,
        content=cipher().encrypt_bytes(built.pdf),
        built_by_id=actor.id if actor else None,
    )
    letter_by_label = {exhibit_label(index): letter for index, letter in enumerate(letters)}
    position = 0
    for label, title, first_page, last_page in built.ranges:
        if not label.startswith("Exhibit "):
            continue
        short = label.removeprefix("Exhibit ")
        letter = letter_by_label.get(short)
        packet.exhibits.append(PacketExhibit(
            letter_id=letter.id if letter else None, position=position, label=short, title=title[:400],
            first_page=first_page, last_page=last_page,
        ))
        position += 1
    if parts is not None and len(parts.volumes) > 1:
        for number, (volume, labels) in enumerate(zip(parts.volumes, parts.labels, strict=True), start=1):
            packet.volumes.append(PacketVolume(
                number=number, page_count=volume.page_count, size=len(volume.pdf),
                sha256=hashlib.sha256(volume.pdf).hexdigest(), first_label=labels[0], last_label=labels[-1],
                content=cipher().encrypt_bytes(volume.pdf),
            ))
        packet.warnings = "\n".join(dict.fromkeys([*(packet.warnings or "").splitlines(), *parts.warnings])) or None
    db.session.add(packet)
    db.session.flush()
    # The builder is named even without a request (the CLI's --as).
    audit.record("packet.build", target=packet, case_id=case.id, user_id=actor.id if actor else None,
                 detail=f"version {packet.version}, {packet.page_count} pages, {len(letters)} letters"
                        + (f", {len(packet.volumes)} volumes" if packet.volumes else ""))
    return packet


def history(case: Case) -> list[Packet]:
    return list(db.session.scalars(select(Packet).where(Packet.case_id == case.id).order_by(Packet.version.desc())
                                   .options(selectinload(Packet.exhibits), selectinload(Packet.volumes))))


def packet_pdf(packet: Packet) -> bytes:
    return cipher().decrypt_bytes(packet.content)


def volume_pdf(volume: PacketVolume) -> bytes:
    return cipher().decrypt_bytes(volume.content)


def volume_name(packet: Packet, volume: PacketVolume) -> str:
    return f"packet-case-{packet.case_id}-v{packet.version}-vol{volume.number}-of-{len(packet.volumes)}.pdf"


def volumes_zip(packet: Packet) -> bytes:
    """Every volume of a split packet in one ZIP, named as volume_name() names them."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        for volume in packet.volumes:
            archive.writestr(volume_name(packet, volume), volume_pdf(volume))
    return out.getvalue()
