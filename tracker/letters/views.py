"""Support letters: the team's checklist and review, the writers' private
links, and the public letter form of a campaign page."""
from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.auth.models import CASE_ROLES
from tracker.campaigns.next_steps import next_steps
from tracker.campaigns.public import live_or_404
from tracker.campaigns.services import public_name, public_page
from tracker.cases.models import Case
from tracker.extensions import db, limiter
from tracker.files import services as files
from tracker.files.models import StoredFile
from tracker.forms import BaseForm
from tracker.letters import services
from tracker.letters.forms import COMMON_LANGUAGES, InvitationForm, LetterForm, NeedsForm, ReviewForm
from tracker.letters.models import Invitation, Letter, LetterPage, LetterSource, LetterStatus, Relation
from tracker.links import external_url
from tracker.mail import notices
from tracker.mail import services as mail
from tracker.mail.privacy import RestrictedContent
from tracker.security import audit
from tracker.security.access import case_for, public, role_required, team_record
from tracker.types import utcnow

blueprint = Blueprint("letters", __name__)
FILES = {"id": "id_copy_file", "translation": "translation_file"}


def _letter_for(letter_id: int) -> Letter:
    return team_record(Letter, letter_id)


def _letter_limit() -> str:
    return current_app.config["RATELIMIT_LETTER"]


@blueprint.get("/cases/<int:case_id>/letters")
@role_required(*CASE_ROLES)
def index(case_id: int):
    return _index(case_for(case_id))


def _index(case: Case, invite_form: InvitationForm | None = None, status: int = 200):
    rows = services.checklist(case)
    needs = NeedsForm()
    for row in rows:
        getattr(needs, row.relation.value).data = row.wanted
    letters = services.letters_of(case)
    return render_template(
        "letters/index.html",
        case=case,
        rows=rows,
        letters=letters,
        statuses=LetterStatus,
        needs_form=needs,
        invite_form=invite_form or InvitationForm(days=30),
        relations=Relation,
        action_form=BaseForm(),
        now=utcnow(),
    ), status


@blueprint.post("/cases/<int:case_id>/letters/needs")
@role_required(*CASE_ROLES)
def needs(case_id: int):
    case = case_for(case_id)
    form = NeedsForm()
    if form.validate_on_submit():
        services.set_needs(case, {relation: getattr(form, relation.value).data or 0 for relation in Relation})
        db.session.commit()
        flash(_("Letter checklist saved."), "success")
    else:
        form.flash_errors()
    return redirect(url_for("letters.index", case_id=case.id))


@blueprint.post("/cases/<int:case_id>/letters/invitations")
@role_required(*CASE_ROLES)
def invite(case_id: int):
    case = case_for(case_id)
    form = InvitationForm()
    if not form.validate_on_submit():
        return _index(case, invite_form=form, status=400)
    invitation, token = services.create_invitation(
        case, current_user, author_name=form.author_name.data, relation=form.relation.data, days=form.days.data
    )
    if form.email.data:
        try:
            services.email_invitation(invitation.letter, token, form.email.data, form.locale.data)
        except RestrictedContent as found:
            db.session.rollback()
            form.author_name.errors.append(_("This would email %(what)s of the person.", what=found.label))
            return _index(case, invite_form=form, status=400)
    # A second send goes to the letter's page: the one-time link is never kept.
    form.made(invitation, url_for("letters.show", letter_id=invitation.letter.id))
    db.session.commit()
    return render_template(
        "letters/invitation_link.html",
        case=case,
        invitation=invitation,
        link=external_url("letters.writer", token=token),
        emailed_to=form.email.data,
    )


def _invitation_for(invitation_id: int) -> Invitation:
    return team_record(Invitation, invitation_id, case_of=lambda invitation: invitation.letter.case_id)


@blueprint.post("/invitations/<int:invitation_id>/<any(revoke, renew, email):action>")
@role_required(*CASE_ROLES)
def invitation_action(invitation_id: int, action: str):
    invitation = _invitation_for(invitation_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    letter = invitation.letter
    if action == "revoke":
        invitation.revoked_at = utcnow()
        audit.record("letters.invite_revoked", target=letter)
        db.session.commit()
        flash(_("The link for %(name)s no longer works.", name=letter.author_name), "success")
        return redirect(url_for("letters.show", letter_id=letter.id))
    address = notices.writer_address(letter) if action == "email" else None
    if action == "email" and (address is None or not letter.writer_may_edit):
        flash(_("There is no email address for this writer: add it to the letter's contact, or copy a new link."), "error")
        return redirect(url_for("letters.show", letter_id=letter.id))
    token = services.renew_invitation(invitation, current_user, days=30)
    if address is not None:
        services.email_invitation(letter, token, address, letter.writer_locale)
        db.session.commit()
        flash(_("A new private link was emailed to %(name)s; the earlier link no longer works.", name=letter.author_name), "success")
        return redirect(url_for("letters.show", letter_id=letter.id))
    db.session.commit()
    return render_template(
        "letters/invitation_link.html",
        case=letter.case,
        invitation=invitation,
        link=external_url("letters.writer", token=token),
    )


@blueprint.route("/cases/<int:case_id>/letters/new", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def new(case_id: int):
    """The team enters a letter that came on paper or by email."""
    case = case_for(case_id)
    form = LetterForm()
    if form.validate_on_submit():
        letter = Letter(case_id=case.id, source=LetterSource.STAFF, status=LetterStatus.RECEIVED)
        db.session.add(letter)
        services.submit(letter, form, by_writer=False)
        done = form.made(letter, url_for("letters.show", letter_id=letter.id))
        db.session.commit()
        flash(_("Letter from %(name)s added for review.", name=letter.author_name), "success")
        return redirect(done)
    db.session.commit()  # keeps valid uploads for the re-shown form
    return render_template("letters/form.html", case=case, form=form, letter=None, languages=COMMON_LANGUAGES)


@blueprint.route("/letters/<int:letter_id>/edit", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def edit(letter_id: int):
    letter = _letter_for(letter_id)
    if letter.status is LetterStatus.APPROVED:
        flash(_("An approved letter cannot be changed; reopen it for review first."), "info")
        return redirect(url_for("letters.show", letter_id=letter.id))
    form = LetterForm(obj=letter, letter=letter)
    if request.method == "GET":
        form.translation_certified.data = letter.translation_certified_on is not None
    if form.validate_on_submit():
        services.submit(letter, form, by_writer=False)
        db.session.commit()
        flash(_("Letter saved."), "success")
        return redirect(url_for("letters.show", letter_id=letter.id))
    db.session.commit()
    return render_template("letters/form.html", case=letter.case, form=form, letter=letter, languages=COMMON_LANGUAGES)


@blueprint.get("/letters/<int:letter_id>")
@role_required(*CASE_ROLES)
def show(letter_id: int):
    letter = _letter_for(letter_id)
    return render_template(
        "letters/show.html",
        letter=letter,
        case=letter.case,
        form=ReviewForm(),
        problems=services.approval_problems(letter),
        now=utcnow(),
        writer_email=notices.writer_address(letter),
        mail_failures=mail.failed_about(letter),
    )


@blueprint.post("/letters/<int:letter_id>/review/<any(receive, revise, approve, exclude, reopen):action>")
@role_required(*CASE_ROLES)
def review(letter_id: int, action: str):
    letter = _letter_for(letter_id)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            services.review(letter, current_user, action, form.text("note"))
        except ValueError as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Letter from %(name)s %(done)s.", name=letter.author_name, done=services.REVIEW_ACTIONS[action]), "success")
    else:
        form.flash_errors()
    return redirect(url_for("letters.show", letter_id=letter.id))


@blueprint.get("/letters/<int:letter_id>/files/<any(id, translation):which>")
@role_required(*CASE_ROLES)
def file(letter_id: int, which: str):
    """An uploaded file, only for the case team; never from a guessable public address."""
    letter = _letter_for(letter_id)
    stored = getattr(letter, FILES[which])
    if stored is None:
        abort(404)
    audit.record("letters.file_read", target=letter, detail=which)
    db.session.commit()
    return _send_upload(stored)


def _page_of(letter: Letter, page_id: int) -> LetterPage:
    page = next((page for page in letter.pages if page.id == page_id), None)
    if page is None:
        abort(404)
    return page


@blueprint.get("/letters/<int:letter_id>/pages/<int:page_id>")
@role_required(*CASE_ROLES)
def page_file(letter_id: int, page_id: int):
    """One file of the uploaded letter (a PDF, or the photo of a page)."""
    letter = _letter_for(letter_id)
    page = _page_of(letter, page_id)
    audit.record("letters.file_read", target=letter, detail=f"letter file {letter.pages.index(page) + 1}")
    db.session.commit()
    return _send_upload(page.file)


def _send_upload(stored: StoredFile):
    response = send_file(
        io.BytesIO(files.read(stored)),
        mimetype=stored.mime,
        # Cleaned again for a name kept before names were cleaned: a control
        # character in a header makes a real server (gunicorn) refuse the answer.
        download_name=stored.display_name,
        as_attachment=request.args.get("download") == "1",
    )
    # Opened in the browser, a file cannot run scripts against this site.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.post("/letters/<int:letter_id>/pages/<int:page_id>/<any(up, down, remove):action>")
@role_required(*CASE_ROLES)
def page_action(letter_id: int, page_id: int, action: str):
    """The team puts the letter's files in order, or takes one off (no script needed)."""
    letter = _letter_for(letter_id)
    page = _page_of(letter, page_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    back = redirect(url_for("letters.edit", letter_id=letter.id, _anchor="letter-pages"))
    if letter.status is LetterStatus.APPROVED:
        flash(_("An approved letter cannot be changed; reopen it for review first."), "info")
        return redirect(url_for("letters.show", letter_id=letter.id))
    number = letter.pages.index(page) + 1
    if action == "remove":
        services.remove_page(letter, page)
        db.session.commit()
        flash(_("File %(number)s was removed from the letter.", number=number), "success")
    elif services.move_page(letter, page, -1 if action == "up" else 1):
        db.session.commit()
        flash(_("File %(number)s moved up: it is now file %(now)s.", number=number, now=number - 1) if action == "up"
              else _("File %(number)s moved down: it is now file %(now)s.", number=number, now=number + 1), "success")
    else:
        flash(_("File %(number)s is already first.", number=number) if action == "up"
              else _("File %(number)s is already last.", number=number), "info")
    return back


# --- Writers: a private invitation link, or the public campaign page ---------


@blueprint.route("/letters/invite/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_letter_limit, methods=["POST"])
def writer(token: str):
    invitation = services.invitation_for(token)
    if invitation is None:
        return render_template("public/link_gone.html"), 404
    letter = invitation.letter
    case: Case = letter.case
    name = public_name(case) or _("the person you are writing for")
    if not letter.writer_may_edit:
        return render_template("public/letter_closed.html", letter=letter, name=name)
    form = LetterForm(obj=letter, letter=letter)
    if request.method == "GET":
        invitation.last_opened_at = utcnow()
        form.translation_certified.data = letter.translation_certified_on is not None
        db.session.commit()
    elif form.validate_on_submit():
        services.submit(letter, form, by_writer=True, locale=notices.page_locale())
        form.made(letter)  # a second send comes back to this page (the link is never stored)
        db.session.commit()
        flash(_("Thank you! Your letter was sent to the team. You can come back to this link to change it until it is approved."), "success")
        return redirect(url_for("letters.writer", token=token))
    else:
        db.session.commit()  # keeps valid uploads for the re-shown form
    return render_template(
        "public/letter.html", form=form, letter=letter, name=name, languages=COMMON_LANGUAGES, invited=True, page=None
    )


@blueprint.route("/c/<slug>/letter", methods=["GET", "POST"])
@public
@limiter.limit(_letter_limit, methods=["POST"])
def public_letter(slug: str):
    campaign = live_or_404(slug)
    page = public_page(campaign)
    if request.method == "GET" and request.args.get("thanks") == "1":
        # Whether the writer left a phone or email decides what the page promises.
        return render_template("public/letter_thanks.html", page=page, contact_given=request.args.get("contact") == "1",
                               steps=next_steps(campaign, page, "letter"))
    form = LetterForm()
    if request.method == "POST" and request.form.get("website"):
        # The honeypot was filled in: thank the bot and keep nothing.
        return redirect(url_for("letters.public_letter", slug=slug, thanks=1))
    if form.validate_on_submit():
        letter = Letter(case_id=campaign.case_id, source=LetterSource.PUBLIC, status=LetterStatus.RECEIVED)
        db.session.add(letter)
        services.submit(letter, form, by_writer=True, locale=notices.page_locale())
        thanks = {"thanks": 1, "contact": 1} if (form.author_contact.data or "").strip() else {"thanks": 1}
        done = form.made(letter, url_for("letters.public_letter", slug=slug, **thanks))
        db.session.commit()
        return redirect(done)
    db.session.commit()  # keeps valid uploads for the re-shown form
    return render_template(
        "public/letter.html", form=form, letter=None, name=page.name, languages=COMMON_LANGUAGES, invited=False, page=page
    )
