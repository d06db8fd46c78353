"""Unsubscribing without signing in, choosing one's notices on the account
page, and the campaign lead's updates to signers (write, preview, send)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.auth.models import Role
from tracker.campaigns.views import campaign_of
from tracker.extensions import csrf, db
from tracker.i18n import current_language
from tracker.mail import services, updates
from tracker.mail.forms import CampaignUpdateForm, NoticesForm
from tracker.mail.kinds import ACCOUNT_TOPICS, BY_KEY, Topic
from tracker.mail.privacy import RestrictedContent
from tracker.security import audit
from tracker.security.access import case_for, public, role_required, signed_in
from tracker.types import utcnow

blueprint = Blueprint("mail", __name__)


@blueprint.app_template_global()
def mail_kind_label(key: str) -> str:
    """What staff read for a kind of message ("The invitation to write a letter")."""
    kind = BY_KEY.get(key)
    return str(kind.label) if kind else key


def _topic_label(topic_key: str) -> str:
    try:
        return str(Topic(topic_key.partition(":")[0]).label)
    except ValueError:
        return topic_key


@blueprint.route("/mail/unsubscribe/<token>", methods=["GET", "POST"])
@public
@csrf.exempt  # mail programs POST "List-Unsubscribe=One-Click" here (RFC 8058); the signed token is the proof
def unsubscribe(token: str):
    """The link in every non-essential email. GET asks (link checkers and
    previews must not unsubscribe anyone); POST, from the page's button or a
    mail program's one-click, does it."""
    payload = services.read_unsubscribe_token(token)
    if payload is None:
        return render_template("mail/unsubscribe.html", state="invalid"), 404
    label = _topic_label(payload["t"])
    if request.method == "POST":
        services.unsubscribe(payload)
        db.session.commit()
        return render_template("mail/unsubscribe.html", state="done", label=label)
    return render_template("mail/unsubscribe.html", state="ask", label=label, token=token)


@blueprint.post("/account/notices")
@signed_in
def notices():
    user = current_user._get_current_object()
    topics = ACCOUNT_TOPICS.get(user.role, ())
    form = NoticesForm()
    if form.validate_on_submit():
        wanted = {topic for topic in topics if topic.value in request.form.getlist("topics")}
        services.set_account_topics(user, topics, wanted)
        db.session.commit()
        flash(_("Your email notices are saved."), "success")
    else:
        form.flash_errors()
    return redirect(url_for("auth.account") + "#notices")


@blueprint.app_errorhandler(RestrictedContent)
def _restricted_content(error: RestrictedContent):
    """A change whose email would carry a restricted value is not made at all."""
    db.session.rollback()
    return render_template(
        "errors.html",
        status=400,
        title=_("This change would email a restricted detail"),
        advice=_("What you typed contains %(what)s of the person, and this change sends an email. "
                 "Go back, remove it and send the form again.", what=error.label),
    ), 400


@blueprint.route("/cases/<int:case_id>/campaign/updates", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.CAMPAIGN)
def campaign_updates(case_id: int):
    case = case_for(case_id)
    campaign = campaign_of(case)
    if campaign is None:
        flash(_("Set up the campaign first."), "info")
        return redirect(url_for("campaigns.settings", case_id=case.id))
    form = CampaignUpdateForm()
    preview = None
    status = 200
    if form.validate_on_submit():
        try:
            if request.form.get("step") == "send":
                entry = updates.record(campaign, form.subject.data, form.body.data, current_user)
                audit.record("campaign.update_sent", target=case, detail=f"update {entry.id}")
                db.session.commit()
                flash(_("The update goes to %(count)s signers within a few minutes.", count=updates.reachable_signers(campaign)),
                      "success")
                return redirect(url_for("mail.campaign_updates", case_id=case.id))
            updates.check(campaign, form.subject.data, form.body.data, utcnow())
            preview = updates.preview(campaign, form.subject.data, form.body.data, current_language())
        except updates.UpdateRefused as refused:
            db.session.rollback()
            form.body.errors.append(str(refused))
            status = 400
    elif request.method == "POST":
        status = 400
    return render_template(
        "mail/campaign_updates.html",
        case=case,
        campaign=campaign,
        form=form,
        preview=preview,
        reachable=updates.reachable_signers(campaign),
        history=updates.history(campaign),
    ), status
