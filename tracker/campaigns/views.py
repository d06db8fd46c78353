"""The campaign lead's pages: campaign settings, the petition and its signatures."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from tracker.auth.models import CASE_ROLES
from tracker.campaigns import dashboard, fitness, services
from tracker.campaigns.forms import CampaignForm, DeliveryForm, PaperSignaturesForm, PetitionForm, SignatureSearchForm
from tracker.campaigns.models import Campaign, Petition, Signature
from tracker.cases.models import Case, ConsentLevel
from tracker.extensions import db
from tracker.forms import BaseForm, copy_fields, page_arg
from tracker.security import audit
from tracker.security.access import case_for, role_required, team_record

blueprint = Blueprint("campaigns", __name__)
PER_PAGE = 50
SEARCH_LIMIT = 100
CAMPAIGN_FIELDS = ("headline", "slug", "story", "ask", "headline_es", "story_es", "ask_es", "target", "photo_alt",
                   "show_a_number", "published")
PETITION_FIELDS = ("title", "target", "ask", "title_es", "ask_es", "goal", "is_open")


def campaign_of(case: Case) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.case_id == case.id))


@blueprint.get("/campaigns")
@role_required(*CASE_ROLES)
def overview():
    return render_template("campaigns/overview.html", rows=dashboard.overview(current_user))


@blueprint.get("/cases/<int:case_id>/campaign/dashboard")
@role_required(*CASE_ROLES)
def case_dashboard(case_id: int):
    case = case_for(case_id)
    campaign = campaign_of(case)
    if campaign is None:
        flash(_("Set up the campaign first."), "info")
        return redirect(url_for("campaigns.settings", case_id=case.id))
    return render_template(
        "campaigns/dashboard.html", case=case, board=dashboard.case_dashboard(case, campaign), live=services.is_live(campaign),
        unfit=fitness.unfit_entries(case),
    )


@blueprint.route("/cases/<int:case_id>/campaign", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def settings(case_id: int):
    case = case_for(case_id)
    campaign = campaign_of(case)
    form = CampaignForm(obj=campaign)
    if request.method == "GET":
        form.consent_level.data = case.consent_level
        form.consent_date.data = case.consent_date
        if campaign is None:
            form.slug.data = services.suggest_slug(case)
            name = services.public_name(case)
            form.headline.data = f"Keep {name} home" if name else ""
            form.target.data = f"ICE Field Office Director, {case.ice_field_office}" if case.ice_field_office else ""
        else:
            # Texts hidden since consent narrowed: say beside each what to remove.
            fitness.refuse_unfit(form, case, "campaign")
    if form.validate_on_submit():
        taken = db.session.scalar(
            select(Campaign.id).where(Campaign.slug == form.slug.data, Campaign.id != (campaign.id if campaign else -1))
        )
        if taken is not None:
            form.slug.errors.append(_("Another campaign already uses this address."))
        elif _texts_fit(case, campaign, form):
            created = campaign is None
            if created:
                campaign = Campaign(case_id=case.id)
                db.session.add(campaign)
            changed = copy_fields(campaign, form, CAMPAIGN_FIELDS)
            changed += _apply_photo(campaign, form)
            changed += _apply_consent(case, form)
            db.session.flush()
            hidden = fitness.recheck(case)
            audit.record("campaign.create" if created else "campaign.update", target=case, detail="changed: " + ", ".join(changed))
            db.session.commit()
            flash(_status_message(campaign), "success")
            if hidden:
                flash(_("%(count)s public texts no longer fit the consent and are hidden from the public page: "
                        "fix them (listed below).", count=len(hidden)), "error")
            return redirect(url_for("campaigns.settings", case_id=case.id))
    db.session.commit()  # keeps a valid photo upload for the re-shown form
    return render_template(
        "campaigns/settings.html",
        case=case,
        campaign=campaign,
        form=form,
        live=services.is_live(campaign),
        public_name=services.public_name(case),
        unfit=fitness.unfit_entries(case),
    )


def _texts_fit(case: Case, campaign: Campaign | None, form: CampaignForm) -> bool:
    """Refuse page texts that say more than consent allows, unless this very
    save narrows consent: that is never held up; what no longer fits is then
    hidden from the public and listed to fix."""
    level, show = form.consent_level.data, form.show_a_number.data
    if fitness.narrows(case, campaign, level, show):
        return True
    return fitness.refuse_unfit(form, case, "campaign", level=level, show_a_number=show)


def _apply_photo(campaign: Campaign, form: CampaignForm) -> list[str]:
    if form.photo.stored is not None:
        campaign.photo = form.photo.claim()
        return ["photo"]
    if form.remove_photo.data and campaign.photo_id is not None:
        campaign.photo = None
        return ["photo removed"]
    return []


def _apply_consent(case: Case, form: CampaignForm) -> list[str]:
    changed = copy_fields(case, form, ("consent_level", "consent_date"))
    if changed:
        case.consent_recorded_by_id = current_user.id
        audit.record("case.consent", target=case, detail=f"publicity consent now {case.consent_level.value}")
    return changed


def _status_message(campaign: Campaign) -> str:
    if services.is_live(campaign):
        return _("Campaign saved. The page is public.")
    if campaign.case.consent_level is ConsentLevel.NONE:
        return _("Campaign saved. It is not public: there is no publicity consent.")
    return _("Campaign saved. It is not public until you publish it.")


def _petition_for(case: Case) -> Petition:
    campaign = campaign_of(case)
    if campaign is None or campaign.petition is None:
        abort(404)
    return campaign.petition


@blueprint.route("/cases/<int:case_id>/petition", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def petition(case_id: int):
    case = case_for(case_id)
    campaign = campaign_of(case)
    if campaign is None:
        flash(_("Set up the campaign first; the petition belongs to it."), "info")
        return redirect(url_for("campaigns.settings", case_id=case.id))
    if "q" in request.args:
        # An old bookmark of a search by address: the page no longer echoes it into its links.
        return redirect(url_for("campaigns.petition", case_id=case.id))
    current = campaign.petition
    form = PetitionForm(obj=current)
    if request.method == "GET" and current is None:
        form.title.data = campaign.headline
        form.target.data = campaign.target or ""
        form.ask.data = campaign.ask or ""
        form.title_es.data = campaign.headline_es or ""
        form.ask_es.data = campaign.ask_es or ""
        form.goal.data = 500
        form.is_open.data = True
    if request.method == "GET" and current is not None:
        fitness.refuse_unfit(form, case, "petition")
    if form.validate_on_submit() and fitness.refuse_unfit(form, case, "petition"):
        if current is None:
            current = Petition(campaign=campaign)
            db.session.add(current)
        changed = copy_fields(current, form, PETITION_FIELDS)
        db.session.flush()
        fitness.recheck(case)
        audit.record("petition.update", target=case, detail="changed: " + ", ".join(changed))
        db.session.commit()
        flash(_("Petition saved."), "success")
        return redirect(url_for("campaigns.petition", case_id=case.id))
    return _petition_page(case, campaign, form)


@blueprint.post("/cases/<int:case_id>/petition/search")
@role_required(*CASE_ROLES)
def search_signatures(case_id: int):
    """Find signers by name, city or exact email. A POST, so that what is typed (a
    signer's name or email) never lands in a URL, a proxy's log or the browser history."""
    case = case_for(case_id)
    campaign = campaign_of(case)
    if campaign is None or campaign.petition is None:
        abort(404)
    search = SignatureSearchForm()
    matches = None
    if search.validate_on_submit():
        matches = db.session.scalars(
            services.search_signatures(campaign.petition, search.q.data).limit(SEARCH_LIMIT)
        ).all()
    settings = PetitionForm(formdata=None, obj=campaign.petition)
    return _petition_page(case, campaign, settings, search=search, matches=matches)


def _petition_page(case: Case, campaign: Campaign, form: PetitionForm, *, search=None, matches=None, delivery=None):
    """The petition page: its settings, delivery and paper forms, and either every
    signature a page at a time or the matches of a search. `delivery` is a
    delivery form sent back with its errors."""
    current = campaign.petition
    page = None
    count = 0
    if current is not None:
        count = services.signature_count(current)
        if matches is None:
            page = db.paginate(services.search_signatures(current, None), page=page_arg(), per_page=PER_PAGE,
                               error_out=False)
    # The delivery and paper forms are sent to their own addresses: never filled from this request.
    if delivery is None and current is not None:
        delivery = DeliveryForm(formdata=None, obj=current)
        if current.delivered_on:
            # "Delivered to" hidden since consent narrowed: say beside it what to remove.
            fitness.refuse_unfit(delivery, case, "petition")
        else:
            delivery.delivered_count.data = count
            delivery.delivered_to.data = current.target
    return render_template(
        "campaigns/petition.html",
        case=case,
        campaign=campaign,
        petition=current,
        form=form,
        page=page,
        count=count,
        search=search or SignatureSearchForm(formdata=None),
        matches=matches,
        search_limit=SEARCH_LIMIT,
        delivery_form=delivery,
        paper_form=PaperSignaturesForm(formdata=None),
        action_form=BaseForm(),
    )


@blueprint.get("/cases/<int:case_id>/petition/signatures.csv")
@role_required(*CASE_ROLES)
def export(case_id: int):
    case = case_for(case_id)
    chunks = services.signatures_csv(_petition_for(case).id)
    body = _audited_once_delivered(chunks, case_id=case.id, user_id=current_user.id)
    response = Response(stream_with_context(body), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="signatures-case-{case.id}.csv"'
    return response


def _audited_once_delivered(chunks, *, case_id: int, user_id: int):
    """Send the file, then audit the export: the server asks for more only after
    the last part went out, so a download that breaks is never logged as an export."""
    yield from chunks
    audit.record("petition.export", target=db.session.get(Case, case_id), user_id=user_id,
                 detail="signatures exported as CSV")
    db.session.commit()


@blueprint.post("/cases/<int:case_id>/petition/paper")
@role_required(*CASE_ROLES)
def paper(case_id: int):
    case = case_for(case_id)
    current = _petition_for(case)
    form = PaperSignaturesForm()
    report = None
    if form.validate_on_submit():
        report = services.import_paper_signatures(current, form.rows.data, current_user.id)
        audit.record(
            "petition.paper",
            target=case,
            detail=f"{report.added} added, {report.already_signed} already signed, {len(report.errors)} refused",
        )
        # The refused lines come back in a new form (a new id): only they are sent again.
        form.made(current, url_for("campaigns.petition", case_id=case.id))
        db.session.commit()
        if not report.errors:
            flash(
                _("%(added)s paper signatures added; %(already)s were already on the petition and were left as they were.",
                  added=report.added, already=report.already_signed),
                "success",
            )
            return redirect(url_for("campaigns.petition", case_id=case.id))
        # Good lines are in; only the refused ones come back to be corrected.
        form.rows.data = "\n".join(report.refused_lines)
    return render_template("campaigns/paper.html", case=case, form=form, report=report)


@blueprint.post("/cases/<int:case_id>/petition/delivery")
@role_required(*CASE_ROLES)
def delivery(case_id: int):
    case = case_for(case_id)
    current = _petition_for(case)
    form = DeliveryForm()
    # "Delivered to" is shown on the public page: it obeys publicity consent like every public word.
    if form.validate_on_submit() and fitness.refuse_unfit(form, case, "petition"):
        copy_fields(current, form, ("delivered_on", "delivered_to", "delivered_count"))
        fitness.recheck(case)
        audit.record("petition.delivered", target=case)
        db.session.commit()
        flash(_("Delivery recorded."), "success")
        return redirect(url_for("campaigns.petition", case_id=case.id) + "#delivery")
    # Back with each message beside its field and what was typed kept.
    settings = PetitionForm(formdata=None, obj=current)
    return _petition_page(case, current.campaign, settings, delivery=form)


@blueprint.post("/signatures/<int:signature_id>/delete")
@role_required(*CASE_ROLES)
def delete_signature(signature_id: int):
    signature = team_record(Signature, signature_id, case_of=lambda signature: signature.petition.campaign.case_id)
    case = signature.petition.campaign.case
    if not BaseForm().validate_on_submit():
        abort(400)
    db.session.delete(signature)
    audit.record("petition.signature_deleted", target=case)
    db.session.commit()
    flash(_("Signature deleted."), "success")
    return redirect(url_for("campaigns.petition", case_id=case.id))
