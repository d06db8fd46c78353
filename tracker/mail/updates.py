"""Campaign updates: news a campaign lead writes to the signers who agreed to be
contacted, at most one per campaign per day, each with a one-click unsubscribe.

Sending records the update (in the request's transaction); `mail schedule`
then queues one message per signer, in the signer's language, so a request
never renders ten thousand emails.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tracker.campaigns import fitness
from tracker.campaigns.models import Campaign, Petition, Signature
from tracker.campaigns.services import is_live, public_headline
from tracker.extensions import db
from tracker.links import external_url
from tracker.mail import compose, kinds, privacy
from tracker.mail.compose import Recipient
from tracker.mail.models import CampaignUpdate
from tracker.mail.services import queue
from tracker.types import utcnow

BATCH = 500


class UpdateRefused(ValueError):
    """The update cannot be sent; the message says why."""


def _signers(campaign: Campaign):
    return (
        select(Signature)
        .join(Petition, Petition.id == Signature.petition_id)
        .where(Petition.campaign_id == campaign.id, Signature.contact_ok.is_(True), Signature.email.is_not(None))
    )


def reachable_signers(campaign: Campaign) -> int:
    """Signers who agreed to be contacted and gave an email."""
    return db.session.scalar(_signers(campaign).with_only_columns(func.count())) or 0


def history(campaign: Campaign) -> list[CampaignUpdate]:
    return list(
        db.session.scalars(
            select(CampaignUpdate).where(CampaignUpdate.campaign_id == campaign.id).order_by(CampaignUpdate.id.desc())
        )
    )


def _context(campaign: Campaign, body: str, locale: str | None = None) -> dict:
    return {
        "body": body,
        # As the public page shows it: a headline that no longer fits consent is not mailed either;
        # in the signer's language where the campaign wrote it.
        "headline": public_headline(campaign, language=locale),
        "campaign_url": external_url("public.campaign", slug=campaign.slug),
    }


def check(campaign: Campaign, subject: str, body: str, now: datetime) -> None:
    """Raise UpdateRefused when this update may not go (now)."""
    if not is_live(campaign):
        raise UpdateRefused(_("Updates go out only while the campaign page is public."))
    try:
        privacy.check([subject, body], [campaign.case.person])
    except privacy.RestrictedContent as found:
        raise UpdateRefused(
            _("The update contains %(what)s of the person. Remove it: an email must never carry it.", what=found.label)
        ) from found
    problems = fitness.unfit_texts(campaign.case, {_("Subject"): subject, _("Update"): body})
    if problems:
        raise UpdateRefused(" ".join(problems))
    today = now.astimezone(ZoneInfo(campaign.case.timezone)).date()
    if db.session.scalar(select(CampaignUpdate.id).where(CampaignUpdate.campaign_id == campaign.id, CampaignUpdate.sent_on == today)):
        raise UpdateRefused(
            _("An update of this campaign was already sent today. Signers get at most one a day: send this one tomorrow.")
        )


def preview(campaign: Campaign, subject: str, body: str, locale: str) -> compose.Rendered:
    """The update as a signer will read it (with a stand-in unsubscribe link)."""
    to = Recipient.person("signer@example.invalid", locale, _("Signer's name"))
    return compose.render(kinds.CAMPAIGN_UPDATE, to, subject, _context(campaign, body, locale), "#unsubscribe")


def record(campaign: Campaign, subject: str, body: str, actor, now: datetime | None = None) -> CampaignUpdate:
    """Keep the update for `mail schedule` to send. Two leads sending at the same
    moment: the database keeps one (one per campaign per day)."""
    now = now or utcnow()
    check(campaign, subject, body, now)
    entry = CampaignUpdate(
        campaign_id=campaign.id,
        subject=subject,
        body=body,
        sent_on=now.astimezone(ZoneInfo(campaign.case.timezone)).date(),
        sent_by_id=actor.id,
        created_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError as race:
        raise UpdateRefused(
            _("An update of this campaign was already sent today. Signers get at most one a day: send this one tomorrow.")
        ) from race
    return entry


def queue_pending(now: datetime) -> int:
    """Queue one message per reachable signer for every update not yet queued.
    Committed batch by batch; the key (update + signature) makes a rerun after a
    crash queue only what is missing."""
    count = 0
    for entry in db.session.scalars(select(CampaignUpdate).where(CampaignUpdate.queued_at.is_(None)).order_by(CampaignUpdate.id)).all():
        campaign = db.session.get(Campaign, entry.campaign_id)
        if not is_live(campaign):
            entry.queued_at, entry.recipients = now, 0
            continue
        sent = 0
        signatures = db.session.scalars(_signers(campaign).order_by(Signature.id)).all()
        contexts = {}  # by the signer's language
        for number, signature in enumerate(signatures, start=1):
            if signature.locale not in contexts:
                contexts[signature.locale] = _context(campaign, entry.body, signature.locale)
            message_id = queue(
                kinds.CAMPAIGN_UPDATE,
                Recipient.person(signature.email, signature.locale, signature.name),
                subject=entry.subject,
                context=contexts[signature.locale],
                about=entry,
                key=f"campaign.update:{entry.id}:s{signature.id}",
                scope=campaign.id,
                cases=[campaign.case],
            )
            sent += message_id is not None
            if number % BATCH == 0:
                db.session.commit()
        entry.queued_at, entry.recipients = now, sent
        db.session.commit()
        count += sent
    return count

