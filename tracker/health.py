"""`GET /healthz` for load balancers and uptime checks: JSON, nothing personal."""
from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tracker.extensions import csrf, db, unlimited
from tracker.security.access import public

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
@public
@unlimited
@csrf.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
