"""`flask --app tracker cases ...`: case upkeep from the command line (cron)."""
from __future__ import annotations

import click

from tracker.cases import team_access

cases = click.Group("cases", help="Case upkeep: team access that has ended.")


@cases.command("expire-team-access")
def expire_team_access() -> None:
    """Record every time-limited team membership that has ended (remove and audit it). Run hourly from cron."""
    ended = team_access.end_expired()
    if ended:
        click.echo(f"Ended {ended} time-limited team memberships.")
