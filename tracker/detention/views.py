"""Detention periods and bonds on a case; the facility directory and the bond
fund's totals for admins."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from tracker.auth.models import Role
from tracker.detention import bonds, services
from tracker.detention.forms import BondEditForm, BondForm, DetainForm, FacilityForm, ReleaseForm, TransferForm
from tracker.detention.models import Bond, DetentionPeriod, Facility
from tracker.extensions import db
from tracker.forms import copy_fields
from tracker.security import audit
from tracker.security.access import case_for, role_required, team_record

blueprint = Blueprint("detention", __name__)


@blueprint.app_template_global("dollars")
def dollars(amount: int | None) -> str:
    """Whole US dollars as written on a bond: "$12,500"."""
    return "—" if amount is None else f"${amount:,}"


LEGAL_ROLES = (Role.ADMIN, Role.LEGAL)
FACILITY_FIELDS = ("name", "address", "phone", "visiting_rules", "ice_field_office", "active")
BOND_FIELDS = ("amount", "set_by", "set_on", "paid_by", "organization_contribution", "status", "returned_on")


def _case_page(case_id: int, anchor: str) -> str:
    return url_for("cases.show", case_id=case_id) + anchor


def _facility_choices(form, include_id: int | None = None) -> None:
    form.facility_id.choices = [SelectChoice(str(facility.id), facility.name)
                                for facility in services.facilities(include_id=include_id)]


# --- Detention periods -----------------------------------------------------------------------------


@blueprint.route("/cases/<int:case_id>/detention/new", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def detain(case_id: int):
    case = case_for(case_id, legal=True)
    form = DetainForm()
    _facility_choices(form)
    if form.validate_on_submit():
        try:
            period = services.detain(case, db.session.get(Facility, form.facility_id.data), form.from_date.data,
                                     current_user)
        except services.DetentionError as error:
            form.from_date.errors.append(str(error))
        else:
            done = form.made(period, _case_page(case.id, "#detention"))
            db.session.commit()
            flash(_("Detention recorded."), "success")
            return redirect(done)
    return render_template("detention/step.html", form=form, case=case, title=_("Record a detention"),
                           button=_("Record detention"))


@blueprint.route("/detention/<int:period_id>/<any(transfer, release):step>", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def change(period_id: int, step: str):
    period = team_record(DetentionPeriod, period_id, legal=True)
    form = TransferForm() if step == "transfer" else ReleaseForm()
    if step == "transfer":
        _facility_choices(form)
    if form.validate_on_submit():
        try:
            if step == "transfer":
                services.transfer(period, db.session.get(Facility, form.facility_id.data), form.on_date.data,
                                  current_user)
            else:
                services.end_detention(period, form.on_date.data, form.how.data, current_user)
        except services.DetentionError as error:
            form.on_date.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Transfer recorded.") if step == "transfer" else _("End of detention recorded."), "success")
            return redirect(_case_page(period.case_id, "#detention"))
    title = _("Record a transfer") if step == "transfer" else _("Record a release or removal")
    return render_template("detention/step.html", form=form, case=period.case, period=period, title=title,
                           button=title)


# --- Bonds (legal volunteers and admins only) ------------------------------------------------------


def _save_bond(bond: Bond, form: BondForm) -> list[str]:
    changed = copy_fields(bond, form, BOND_FIELDS)
    bond.updated_by_id = current_user.id
    return changed


@blueprint.route("/cases/<int:case_id>/bonds/new", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def new_bond(case_id: int):
    case = case_for(case_id, legal=True)
    form = BondForm()
    if form.validate_on_submit():
        bond = Bond(case_id=case.id)
        _save_bond(bond, form)
        db.session.add(bond)
        db.session.flush()
        audit.record("bond.create", target=bond)
        done = form.made(bond, _case_page(case.id, "#bonds"))
        db.session.commit()
        flash(_("Bond recorded."), "success")
        return redirect(done)
    return render_template("detention/bond_form.html", form=form, case=case, bond=None)


@blueprint.route("/bonds/<int:bond_id>/edit", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def edit_bond(bond_id: int):
    bond = team_record(Bond, bond_id, legal=True)
    form = BondEditForm(obj=bond)
    if form.validate_on_submit():
        changed = _save_bond(bond, form)
        if changed:
            audit.record("bond.update", target=bond, detail="changed: " + ", ".join(changed))
        db.session.commit()
        flash(_("Bond updated.") if changed else _("Nothing was changed."), "success" if changed else "info")
        return redirect(_case_page(bond.case_id, "#bonds"))
    return render_template("detention/bond_form.html", form=form, case=bond.case, bond=bond)


# --- Admin: the facility directory and the bond fund --------------------------------------------------


@blueprint.get("/admin/facilities")
@role_required(Role.ADMIN)
def facilities():
    rows = db.session.scalars(db.select(Facility).order_by(Facility.active.desc(), Facility.name))
    return render_template("detention/facilities.html", facilities=list(rows))


@blueprint.route("/admin/facilities/new", methods=["GET", "POST"])
@blueprint.route("/admin/facilities/<int:facility_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def facility(facility_id: int | None = None):
    record = db.get_or_404(Facility, facility_id) if facility_id else None
    form = FacilityForm(obj=record)
    if form.validate_on_submit():
        if _name_taken(form.name.data, facility_id):
            form.name.errors.append(_("The directory already has a facility of this name."))
        else:
            record = record or Facility()
            changed = copy_fields(record, form, FACILITY_FIELDS)
            db.session.add(record)
            db.session.flush()
            if changed:
                audit.record("facility.save", target=record, detail="changed: " + ", ".join(changed))
            db.session.commit()
            flash(_("%(name)s saved.", name=record.name), "success")
            return redirect(url_for("detention.facilities"))
    return render_template("detention/facility_form.html", form=form, facility=record)


def _name_taken(name: str, facility_id: int | None) -> bool:
    query = db.select(Facility.id).where(db.func.lower(Facility.name) == name.strip().lower())
    if facility_id:
        query = query.where(Facility.id != facility_id)
    return db.session.scalar(query) is not None


@blueprint.get("/admin/bonds")
@role_required(Role.ADMIN)
def bond_fund():
    rows = bonds.all_bonds()
    return render_template("detention/bond_fund.html", fund=bonds.fund_totals(rows), bonds=rows)
