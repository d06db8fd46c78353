"""Every kind of email the app sends, and the topics people can turn off.

A kind without a topic is essential (a set-up link, a security notice, the
invitation a writer is waiting for): it carries no unsubscribe link and no
setting turns it off. Every other kind belongs to a topic, carries a
one-click unsubscribe link, and is not sent to whoever turned its topic off.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from tracker.auth.models import Role
from tracker.types import N_, LabelledEnum


class Topic(LabelledEnum):
    PLEDGES = ("pledges", N_("Confirmations and changes of our pledges (with a calendar file)"))
    REMINDERS = ("reminders", N_("A reminder the day before an action, and a request to record attendance after it"))
    DEADLINE_ALERTS = ("deadline_alerts", N_("Alerts 7, 3 and 1 days before a filing deadline of my cases"))
    WEEKLY_DIGEST = ("weekly_digest", N_("A weekly digest of deadlines in the next 30 days and hearings to re-check"))
    LETTERS = ("letters", N_("News about a support letter I wrote"))
    CAMPAIGN = ("campaign", N_("Updates from a campaign"))

    def key(self, scope: int | None = None) -> str:
        """The stored name of an opt-out: a campaign's updates are turned off one campaign at a time."""
        return f"{self.value}:{scope}" if scope is not None else self.value


# The notices an account holder can turn on and off on the account page, by role.
ACCOUNT_TOPICS = {
    Role.CONGREGATION: (Topic.PLEDGES, Topic.REMINDERS),
    Role.LEGAL: (Topic.DEADLINE_ALERTS, Topic.WEEKLY_DIGEST),
    Role.ADMIN: (Topic.DEADLINE_ALERTS,),
    Role.CAMPAIGN: (),
}


@dataclass(frozen=True)
class Kind:
    key: str
    # templates/mail/<template>.txt and .html
    template: str
    # What staff read when a message could not be delivered.
    label: str
    topic: Topic | None = None

    @property
    def essential(self) -> bool:
        return self.topic is None


ACCOUNT_SETUP = Kind("account.setup", "account_setup", _l("The set-up link"))
PASSWORD_CHANGED = Kind("account.password_changed", "password_changed", _l("The password-change notice"))
TWO_FACTOR_CHANGED = Kind("account.two_factor_changed", "two_factor_changed", _l("The two-factor sign-in notice"))
SIGN_IN_FAILURES = Kind("account.sign_in_failures", "sign_in_failures", _l("The notice of repeated failed sign-ins"))
ACCOUNT_LOCKED_DOWN = Kind("account.locked_down", "account_locked_down", _l("The notice to admins of a lockdown"))
SIGN_IN_FAILURES_ADMIN = Kind(
    "account.sign_in_failures_admin", "sign_in_failures_admin", _l("The notice to admins of repeated failed sign-ins")
)
LETTER_INVITATION = Kind("letter.invitation", "letter_invitation", _l("The invitation to write a letter"))
LETTER_RECEIVED = Kind("letter.received", "letter_received", _l("The letter-received notice"), Topic.LETTERS)
LETTER_NEEDS_REVISION = Kind("letter.needs_revision", "letter_needs_revision", _l("The request to revise the letter"), Topic.LETTERS)
LETTER_APPROVED = Kind("letter.approved", "letter_approved", _l("The letter-approved notice"), Topic.LETTERS)
PLEDGE_CONFIRMATION = Kind("pledge.confirmation", "pledge_confirmation", _l("The pledge confirmation"), Topic.PLEDGES)
PLEDGE_CHANGED = Kind("pledge.changed", "pledge_changed", _l("The pledge-changed notice"), Topic.PLEDGES)
ACTION_CHANGED = Kind("action.changed", "action_changed", _l("The action-changed notice"), Topic.PLEDGES)
ACTION_CANCELLED = Kind("action.cancelled", "action_cancelled", _l("The action-cancelled notice"), Topic.PLEDGES)
PLEDGE_REMINDER = Kind("pledge.reminder", "pledge_reminder", _l("The reminder before the action"), Topic.REMINDERS)
ATTENDANCE_REQUEST = Kind("pledge.attendance_request", "attendance_request", _l("The request to record attendance"), Topic.REMINDERS)
DEADLINE_ALERT = Kind("legal.deadline_alert", "deadline_alert", _l("The deadline alert"), Topic.DEADLINE_ALERTS)
WEEKLY_DIGEST = Kind("legal.weekly_digest", "weekly_digest", _l("The weekly digest"), Topic.WEEKLY_DIGEST)
CAMPAIGN_UPDATE = Kind("campaign.update", "campaign_update", _l("The campaign update"), Topic.CAMPAIGN)

ALL_KINDS = (
    ACCOUNT_SETUP, PASSWORD_CHANGED, TWO_FACTOR_CHANGED, SIGN_IN_FAILURES, SIGN_IN_FAILURES_ADMIN,
    ACCOUNT_LOCKED_DOWN,
    LETTER_INVITATION, LETTER_RECEIVED, LETTER_NEEDS_REVISION, LETTER_APPROVED,
    PLEDGE_CONFIRMATION, PLEDGE_CHANGED, ACTION_CHANGED, ACTION_CANCELLED, PLEDGE_REMINDER, ATTENDANCE_REQUEST,
    DEADLINE_ALERT, WEEKLY_DIGEST, CAMPAIGN_UPDATE,
)
BY_KEY = {kind.key: kind for kind in ALL_KINDS}
