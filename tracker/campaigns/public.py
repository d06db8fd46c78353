"""The public campaign page and petition signing: `/c/<slug>` and `/c/<slug>/sign`.

A campaign without publicity consent has no page: it answers 404 exactly like
a slug that never existed. Browsers and proxies never keep a page; the app
keeps the rendered campaign page under a version the database renews with
every change (page_cache.py), so withdrawing consent takes it down at once.
"""
from __future__ import annotations

import io
import time
from functools import cache

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from limits import parse_many
from werkzeug.exceptions import TooManyRequests

from tracker.actions.models import Action
from tracker.actions.services import open_to_congregations, public_actions, supporting_congregations
from tracker.campaigns import page_cache, services
from tracker.campaigns.forms import SignForm, Signing, accepted_signing, new_nonce
from tracker.campaigns.models import Campaign
from tracker.campaigns.next_steps import next_steps
from tracker.extensions import db, limiter, unlimited
from tracker.files import services as files
from tracker.i18n import current_language
from tracker.security.access import public

blueprint = Blueprint("public", __name__)


def live_or_404(slug: str) -> Campaign:
    campaign = services.live_campaign(slug)
    if campaign is None:
        abort(404)
    return campaign


@blueprint.after_request
def _never_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@cache
def _parsed_limits(setting: str):
    return tuple(parse_many(setting))


def _count_signing_attempt() -> None:
    """The per-address limit on sending the sign form (RATELIMIT_SIGN), counted
    in the limiter's store with one round trip: on the busiest public POST,
    Flask-Limiter's own per-request work cost more than the count. A refusal
    answers 429 with Retry-After, as Flask-Limiter's do."""
    if not limiter.enabled:
        return
    keys = (current_app.config.get("RATELIMIT_KEY_PREFIX") or "tracker", "sign", get_remote_address())
    for item in _parsed_limits(current_app.config["RATELIMIT_SIGN"]):
        if not limiter.limiter.hit(item, *keys):
            reset_at, _remaining = limiter.limiter.get_window_stats(item, *keys)
            raise TooManyRequests(retry_after=max(1, int(reset_at - time.time())))


@blueprint.get("/c/<slug>")
@public
@unlimited
def campaign(slug: str):
    state = page_cache.page_state(slug)
    if state is None or not state.live:
        abort(404)
    if page_cache.messages_waiting():
        html, _lapses_at = _render_campaign(state.campaign_id)
        return page_cache.fill_count(html, state)
    return page_cache.campaign_page(state, current_language(), lambda: _render_campaign(state.campaign_id))


def _render_campaign(campaign_id: int):
    """The campaign page without its signature count, and when it lapses (the
    first listed event or action to start drops off the page then)."""
    campaign = db.session.get(Campaign, campaign_id)
    page = services.public_page(campaign)
    actions = public_actions(open_to_congregations().where(Action.case_id == campaign.case_id))
    html = render_template(
        "public/campaign.html",
        page=page,
        actions=actions,
        supporters=supporting_congregations(campaign.case_id),
        count_slot=page_cache.COUNT_SLOT,
    )
    starts = [event.starts_at for event in page.events] + [item.action.starts_at for item in actions]
    return html, min(starts, default=None)


@blueprint.get("/c/<slug>/photo")
@public
def photo(slug: str):
    campaign = live_or_404(slug)
    if campaign.photo is None:
        abort(404)
    return send_file(io.BytesIO(files.read(campaign.photo)), mimetype=campaign.photo.mime, max_age=0)


@blueprint.route("/c/<slug>/sign", methods=["GET", "POST"])
@public
@unlimited  # counted by _count_signing_attempt
def sign(slug: str):
    form = None
    if request.method == "POST":
        _count_signing_attempt()
        # What was sent, checked as the form checks it; the form itself is built only to
        # show a problem (or when the token was not checked before the view).
        signing = accepted_signing(request.form) if g.get("csrf_valid") and not request.files else None
        if signing is None:
            form = SignForm()
            signing = Signing.of(form) if form.validate_on_submit() else None
        if signing is not None:
            if signing.is_bot:
                # Say thank you and keep nothing: the bot learns nothing.
                if services.sign_target(slug) is None:
                    abort(404)
                return redirect(url_for("public.sign", slug=slug, thanks=1))
            # One statement, which itself checks that the campaign is live and the petition open.
            # No audit entry: it would keep each signer's address beside the time they signed.
            result = services.sign_live(
                slug,
                name=signing.name,
                email=signing.email,
                city=signing.city,
                comment=signing.comment,
                contact_ok=signing.contact_ok,
                nonce=signing.nonce or None,
                locale=current_language(),
            )
            if result is not None:  # stored and committed
                # The outcome travels in the address, not in the session: the answer writes no cookie.
                outcome = "1" if result.created or result.same_form else "again"
                return redirect(url_for("public.sign", slug=slug, thanks=outcome))
            # No live campaign with an open petition here: answered below, as to a visitor.
    form = form or SignForm()
    if services.sign_target(slug) is None:
        abort(404)
    if request.method == "GET":
        form.nonce.data = new_nonce()
    campaign = live_or_404(slug)
    thanked = _THANKS.get(request.args.get("thanks", ""))
    # The petition as consent allows it in public (its texts are fitted like the page's).
    page = services.public_page(campaign)
    steps = next_steps(campaign, page, "sign") if thanked else None
    return render_template("public/sign.html", page=page, form=form, petition=page.petition, thanks=thanked is not None,
                           steps=steps, status_messages=[("success", thanked)] if thanked else [])


# What the thank-you page says after a signature (?thanks=...): a new one (or the same form sent
# twice), or an email that had signed before.
_THANKS = {"1": _l("Thank you for signing!"), "again": _l("You had already signed this petition — thank you.")}
