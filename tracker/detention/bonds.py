"""The bond fund's totals: what is out now, what came back, what was lost."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.cases.models import Case
from tracker.detention.models import Bond, BondStatus
from tracker.extensions import db

# The fund's money is out while a bond is posted or on its way back.
OUT_STATUSES = frozenset({BondStatus.POSTED, BondStatus.BEING_RETURNED})


@dataclass(frozen=True)
class FundTotals:
    out: int
    returned: int
    lost: int
    bonds_out: int


def fund_totals(rows: list[Bond] | None = None) -> FundTotals:
    rows = all_bonds() if rows is None else rows
    return FundTotals(
        out=sum(bond.fund_share for bond in rows if bond.status in OUT_STATUSES),
        returned=sum(bond.fund_share for bond in rows if bond.status is BondStatus.RETURNED),
        lost=sum(bond.fund_share for bond in rows if bond.status is BondStatus.BREACHED),
        bonds_out=sum(1 for bond in rows if bond.status in OUT_STATUSES and bond.fund_share),
    )


def all_bonds() -> list[Bond]:
    return list(db.session.scalars(
        select(Bond).options(joinedload(Bond.case).joinedload(Case.person)).order_by(Bond.set_on.desc(), Bond.id)
    ).unique())


def bonds_of(case: Case) -> list[Bond]:
    return list(db.session.scalars(select(Bond).where(Bond.case_id == case.id).order_by(Bond.set_on, Bond.id)))
