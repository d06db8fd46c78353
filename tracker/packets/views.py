"""Building, keeping and downloading packets; only the case team may."""
from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from tracker.auth.models import CASE_ROLES, Role
from tracker.extensions import db
from tracker.packets import court, services, volumes
from tracker.packets.forms import CourtOfficeForm, PacketForm
from tracker.packets.layout import PacketError
from tracker.packets.models import CourtOffice, Packet, PacketVolume, Recipient
from tracker.security import audit
from tracker.security.access import case_for, role_required, team_record

blueprint = Blueprint("packets", __name__)


def _chosen(letters) -> tuple[list[int], dict[int, str]]:
    """The ticked letters in the order their position numbers give, and per-letter errors."""
    chosen, errors = [], {}
    for index, letter in enumerate(letters):
        if not request.form.get(f"include_{letter.id}"):
            continue
        raw = (request.form.get(f"order_{letter.id}") or "").strip()
        if not raw.isdigit() or not 1 <= int(raw) <= 999:
            errors[letter.id] = _("Give a position number from 1 to 999.")
            continue
        chosen.append((int(raw), index, letter.id))
    return [letter_id for _, _, letter_id in sorted(chosen)], errors


@blueprint.route("/cases/<int:case_id>/packets", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def index(case_id: int):
    case = case_for(case_id)
    letters = services.approved_letters(case)
    petition = services.petition_of(case)
    form = PacketForm()
    selection = {letter.id: (True, position) for position, letter in enumerate(letters, start=1)}
    letter_errors: dict[int, str] = {}
    problem = None
    estimate, limit = services.estimated_size(letters), services.max_bytes()
    form.split_volumes.label.text = _("Split into volumes of at most %(limit)s MB each, if the packet is larger",
                                      limit=f"{limit / volumes.MEGABYTE:g}")
    if request.method == "GET":
        form.split_volumes.data = estimate > limit
        form.recipient_kind.data = Recipient.ICE
        form.recipient.data = services.recipient_text(case, Recipient.ICE)
        form.cover_text.data = services.default_cover_text(case, Recipient.ICE, letters, current_user)
        form.include_petition.data = petition is not None
        form.service_address.data = court.chief_counsel_address(case) or ""
        # The cover letter's re: line carries the A-number.
        audit.record("person.view_restricted", target=case.person, case_id=case.id, detail="viewed A-number (packet builder)")
        db.session.commit()
    else:
        letter_ids, letter_errors = _chosen(letters)
        selection = {
            letter.id: (bool(request.form.get(f"include_{letter.id}")), request.form.get(f"order_{letter.id}", ""))
            for letter in letters
        }
        if form.validate_on_submit() and not letter_errors:
            choices = services.PacketChoices(
                recipient_kind=form.recipient_kind.data,
                recipient=form.recipient.data,
                cover_text=form.cover_text.data,
                letter_ids=letter_ids,
                include_petition=form.include_petition.data,
                include_signers=form.include_signers.data,
                include_id_copies=form.include_id_copies.data,
                service_text=court.service_certificate(
                    form.service_date.data, form.service_method.data, form.service_address.data, current_user.name,
                    current_user.title, current_app.config["TRACKER_NETWORK_NAME"],
                ) if form.add_service.data else None,
                filer_lines=services.filer_lines(current_user),
                bates_prefix=form.bates_prefix.data or "",
            )
            # Taken before the slow build: a second send waits, then is shown the first's packet.
            form.claim()
            try:
                packet = services.build_and_keep(case, choices, current_user, split=form.split_volumes.data)
            except PacketError as error:
                db.session.rollback()  # the form's id too: corrected, it may be sent again
                problem = str(error)
            else:
                done = form.made(packet, url_for("packets.index", case_id=case.id) + f"#packet-{packet.id}")
                db.session.commit()
                flash(_("Packet version %(version)s built: %(pages)s pages.", version=packet.version, pages=packet.page_count), "success")
                for warning in (packet.warnings or "").splitlines():
                    flash(warning, "error")
                too_large = services.over_the_limit(packet.size)
                if packet.volumes:
                    flash(ngettext("It is split into %(num)s volume.", "It is split into %(num)s volumes.",
                                   len(packet.volumes)), "success")
                elif too_large:
                    flash(str(too_large), "error")
                return redirect(done)
    presets = {kind.value: (services.recipient_text(case, kind), services.salutation(kind, case)) for kind in Recipient}
    return render_template(
        "packets/index.html",
        case=case,
        form=form,
        letters=letters,
        selection=selection,
        letter_errors=letter_errors,
        petition=petition,
        problem=problem,
        packets=services.history(case),
        presets=presets,
        estimate=estimate,
        limit=limit,
    ), (400 if problem or letter_errors or form.errors else 200)


@blueprint.get("/packets/<int:packet_id>/download")
@role_required(*CASE_ROLES)
def download(packet_id: int):
    packet = team_record(Packet, packet_id)
    return _sent(packet, f"version {packet.version}", services.packet_pdf(packet),
                 f"packet-case-{packet.case_id}-v{packet.version}.pdf")


def _sent(packet: Packet, what: str, data: bytes, name: str):
    """A packet's file sent to a team member, audited (`packet.download`) and kept out of
    every cache. A PDF opens in the browser with `?view=1`; otherwise it is a download."""
    audit.record("packet.download", target=packet, case_id=packet.case_id, detail=what)
    db.session.commit()
    is_pdf = name.endswith(".pdf")
    response = send_file(io.BytesIO(data), mimetype="application/pdf" if is_pdf else "application/zip",
                         as_attachment=not (is_pdf and request.args.get("view") == "1"), download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


def _split_packet(packet_id: int) -> Packet:
    """The packet, after the same role and team checks as its download; 404 when it was not split."""
    packet = team_record(Packet, packet_id)
    if not packet.volumes:
        abort(404)
    return packet


@blueprint.get("/packets/<int:packet_id>/volumes/<int:number>.pdf")
@role_required(*CASE_ROLES)
def download_volume(packet_id: int, number: int):
    packet = _split_packet(packet_id)
    volume = db.session.scalar(select(PacketVolume).where(PacketVolume.packet_id == packet.id, PacketVolume.number == number))
    if volume is None:
        abort(404)
    return _sent(packet, f"version {packet.version}, volume {number} of {len(packet.volumes)}",
                 services.volume_pdf(volume), services.volume_name(packet, volume))


@blueprint.get("/packets/<int:packet_id>/volumes.zip")
@role_required(*CASE_ROLES)
def download_volumes(packet_id: int):
    packet = _split_packet(packet_id)
    return _sent(packet, f"version {packet.version}, all {len(packet.volumes)} volumes (ZIP)",
                 services.volumes_zip(packet), f"packet-case-{packet.case_id}-v{packet.version}-volumes.zip")


@blueprint.route("/admin/courts", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def courts():
    """The table of DHS Chief Counsel offices per immigration court, for certificates of service."""
    form = CourtOfficeForm()
    if form.validate_on_submit():
        name = " ".join(form.court.data.split())
        office = db.session.scalar(select(CourtOffice).where(func.lower(CourtOffice.court) == name.casefold()))
        if office is None:
            office = CourtOffice(court=name, chief_counsel_address=form.chief_counsel_address.data.strip())
            db.session.add(office)
        else:
            office.chief_counsel_address = form.chief_counsel_address.data.strip()
        db.session.flush()
        audit.record("court_office.save", target=office, detail=name)
        db.session.commit()
        flash(_("The address for %(court)s is saved.", court=name), "success")
        return redirect(url_for("packets.courts"))
    offices = db.session.scalars(select(CourtOffice).order_by(CourtOffice.court)).all()
    return render_template("packets/courts.html", form=form, offices=offices), (400 if form.errors else 200)
