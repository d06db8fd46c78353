"""`flask --app tracker packets build CASE_ID --out FILE`: the same packet as the web page builds."""
from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from tracker.auth.models import User
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.packets import services
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
@click.option("--as", "as_email", help="Record the build as made by this user.")
def build(case_id: int, out: Path, recipient: str, signers: bool, as_email: str | None) -> None:
    """Build a packet of every approved letter of CASE_ID and keep it as the next version."""
    case = db.session.get(Case, case_id)
    if case is None:
        raise click.ClickException(f"There is no case {case_id}.")
    actor = None
    if as_email:
        actor = db.session.scalar(select(User).where(User.email == as_email.strip().casefold()))
        if actor is None:
            raise click.ClickException(f"No account with the email {as_email}.")
    kind = Recipient(recipient)
    letters = services.approved_letters(case)
    petition = services.petition_of(case)
    choices = services.PacketChoices(
        recipient_kind=kind,
        recipient=services.recipient_text(case, kind),
        cover_text=services.default_cover_text(case, kind, letters, actor),
        letter_ids=[letter.id for letter in letters],
        include_petition=petition is not None,
        include_signers=signers and petition is not None,
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
