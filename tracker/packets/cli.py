"""`flask --app tracker packets build CASE_ID --out FILE [--service]`: the same packet as the web page builds."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from tracker.auth.models import User
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.packets import court, services, volumes
from tracker.packets.forms import BATES_PREFIX
from tracker.packets.layout import PacketError
from tracker.packets.models import Recipient

packets = click.Group("packets", help="Build support-letter packets.")


@packets.command("build")
@click.argument("case_id", type=int)
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="Where to write the PDF.")
@click.option("--recipient", type=click.Choice([kind.value for kind in Recipient if kind is not Recipient.OTHER]),
              default=Recipient.ICE.value, show_default=True)
@click.option("--signers/--no-signers", default=False, help="Add the list of petition signers (names and cities).")
@click.option("--ids/--no-ids", default=True, show_default=True, help="Add writers' ID copies after their letters.")
@click.option("--bates", "bates_prefix", default="", help="Number every page PREFIX-000001, PREFIX-000002, …")
@click.option("--as", "as_email", help="Record the build as made by this user, who signs it.")
@click.option("--service/--no-service", default=False,
              help="Add a certificate of service on the DHS Office of the Chief Counsel (address from the courts table).")
@click.option("--service-method", type=click.Choice(sorted(court.SERVICE_METHODS)), default="mail", show_default=True)
@click.option("--service-date", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date of service (default: today).")
@click.option("--max-mb", type=click.FloatRange(min=1), default=None,
              help="Largest file an e-filing system takes (default: TRACKER_PACKET_MAX_MB).")
@click.option("--volumes/--no-volumes", "split", default=False,
              help="When the packet is larger than --max-mb, also write it as numbered volumes and a ZIP of them.")
def build(case_id: int, out: Path, recipient: str, signers: bool, ids: bool, bates_prefix: str, as_email: str | None,
          service: bool, service_method: str, service_date, max_mb: float | None, split: bool) -> None:
    """Build a packet of every approved letter of CASE_ID and keep it as the next version."""
    case = db.session.get(Case, case_id)
    if case is None:
        raise click.ClickException(f"There is no case {case_id}.")
    actor = None
    if as_email:
        actor = db.session.scalar(select(User).where(User.email == as_email.strip().casefold()))
        if actor is None:
            raise click.ClickException(f"No account with the email {as_email}.")
    bates_prefix = bates_prefix.strip().upper()
    if bates_prefix and not BATES_PREFIX.fullmatch(bates_prefix):
        raise click.ClickException("--bates takes letters, digits and dashes only, for example ROSA.")
    kind = Recipient(recipient)
    letters = services.approved_letters(case)
    petition = services.petition_of(case)
    service_text = None
    if service:
        address = court.chief_counsel_address(case)
        if actor is None or address is None:
            needed = [*(["--as EMAIL: the person who serves DHS signs the certificate"] if actor is None else []),
                      *([f"the address of the DHS Office of the Chief Counsel for {case.court or 'the case’s court'} "
                         "(an admin records it under Admin → Courts)"] if address is None else [])]
            raise click.ClickException("Missing for the certificate of service: " + "; ".join(needed) + ".")
        service_text = court.service_certificate(
            service_date.date() if service_date else date.today(), service_method, address, actor.name, actor.title,
            current_app.config["TRACKER_NETWORK_NAME"])
    choices = services.PacketChoices(
        recipient_kind=kind,
        recipient=services.recipient_text(case, kind),
        cover_text=services.default_cover_text(case, kind, letters, actor),
        letter_ids=[letter.id for letter in letters],
        include_petition=petition is not None,
        include_signers=signers and petition is not None,
        include_id_copies=ids,
        service_text=service_text,
        filer_lines=services.filer_lines(actor),
        bates_prefix=bates_prefix,
    )
    try:
        packet = services.build_and_keep(case, choices, actor)
        # Written before the version is committed: no version is kept for a file nobody received.
        out.write_bytes(services.packet_pdf(packet))
    except PacketError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    except OSError as error:
        db.session.rollback()
        raise click.ClickException(f"Could not write {out}: {error.strerror}; no packet was kept.") from error
    db.session.commit()
    click.echo(f"Packet version {packet.version} of case {case.id}: {packet.page_count} pages, sha256 {packet.sha256}")
    click.echo(f"Written to {out}")
    for warning in (packet.warnings or "").splitlines():
        click.echo(f"Warning: {warning}", err=True)
    limit = int(max_mb * volumes.MEGABYTE) if max_mb else services.max_bytes()
    if packet.size <= limit:
        return
    if not split:
        click.echo(f"Warning: the packet is {packet.size / volumes.MEGABYTE:.1f} MB, over the "
                   f"{limit / volumes.MEGABYTE:g} MB an e-filing system takes in one file; add --volumes to split it.", err=True)
        return
    try:
        parts = services.split_into_volumes(case, choices, limit)
        stem = out.with_suffix("")
        for number, volume in enumerate(parts.volumes, start=1):
            path = Path(f"{stem}-vol{number}-of-{len(parts.volumes)}.pdf")
            path.write_bytes(volume.pdf)
            labels = ", ".join(parts.labels[number - 1])
            click.echo(f"Volume {number} of {len(parts.volumes)}: {path} ({volume.page_count} pages, "
                       f"{len(volume.pdf) / volumes.MEGABYTE:.1f} MB; exhibits {labels})")
        archive = Path(f"{stem}-volumes.zip")
        archive.write_bytes(parts.zip(stem.name))
        click.echo(f"All volumes: {archive}")
    except (PacketError, OSError) as error:
        raise click.ClickException(f"The volumes could not be written: {error}") from error
    for warning in parts.warnings:
        click.echo(f"Warning: {warning}", err=True)
