"""Unsubscribing without signing in, and choosing one's notices on the account page."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.extensions import csrf, db
from tracker.mail import services
from tracker.mail.forms import NoticesForm
from tracker.mail.kinds import ACCOUNT_TOPICS, BY_KEY, Topic
from tracker.security.access import public, signed_in

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
