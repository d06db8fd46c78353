"""What every page shares: sign-in loading, idle sessions, security headers,
error pages, and the template filters for dates, times and A-numbers."""
from __future__ import annotations

import re
import time
from datetime import date, datetime
from datetime import time as time_of_day
from zoneinfo import ZoneInfo

import flask_babel
from flask import Flask, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError

from tracker.auth import passwords, sessions
from tracker.auth.models import Role
from tracker.extensions import db, limiter, login_manager
from tracker.people import a_number as a_numbers
from tracker.security.access import in_public_view
from tracker.types import utcnow

ERRORS = {
    400: (_l("Something in that request was not right"), _l("Go back, check what you entered and try again.")),
    403: (_l("You do not have access to this page"), _l("If you need it for your work, ask your network coordinator.")),
    404: (_l("Page not found"), _l("The address may be mistyped, or the page was taken down.")),
    405: (_l("That action is not possible here"), _l("Go back and use the buttons on the page.")),
    413: (_l("That upload is too large"), _l("Choose a smaller file and try again.")),
    429: (
        _l("Too many attempts"),
        _l("Too many requests came from your connection in a short time. Wait a few minutes and try again."),
    ),
    500: (_l("Something went wrong on our side"), _l("Nothing you entered was lost on purpose; please try again in a moment.")),
    503: (_l("The tracker is unavailable"), _l("Please try again in a few minutes.")),
}


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.localize_callback = str  # the lazy message, in the language of the page
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    # The cookie names a server-side session; sign-out and every other ending deletes it.
    login_manager.user_loader(sessions.load)

    app.before_request(_end_idle_session)
    app.after_request(_security_headers)
    for status in ERRORS:
        app.register_error_handler(status, _error_page)
    app.register_error_handler(CSRFError, _csrf_error)

    app.jinja_env.filters.update(
        day=format_day,
        when=format_when,
        clock=format_clock,
        weekday=format_weekday,
        number=format_count,
        tel=tel_address,
        a_number=a_numbers.display,
    )
    app.jinja_env.globals.update(Role=Role, password_min_length=passwords.MIN_LENGTH)

    @app.context_processor
    def _shared():
        return {"network_name": app.config["TRACKER_NETWORK_NAME"], "now_utc": utcnow()}


def _end_idle_session():
    if request.endpoint in (None, "static") or not current_user.is_authenticated:
        return None
    now = time.time()
    last_seen = session.get("last_seen")
    limit = sessions.idle_minutes(current_user) * 60
    if last_seen is not None and now - last_seen > limit:
        sessions.end_current(current_user)
        db.session.commit()
        logout_user()
        session.clear()
        flash(gettext("You were signed out after %(minutes)s minutes without activity. Please sign in again.", minutes=limit // 60), "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
    session["last_seen"] = now
    session.permanent = True
    return None


# Everything is served by the app itself: no CDN, font or tracker. Visitors may be
# watched: never tell another site where they came from.
SECURITY_HEADERS = (
    ("Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def _security_headers(response):
    headers = response.headers
    # Each one unless the view set its own (looked up once: a missed lookup costs werkzeug an exception).
    present = {name.lower() for name in headers.keys()}
    wanted = SECURITY_HEADERS
    if current_app.config["TRACKER_HSTS"]:
        wanted += (("Strict-Transport-Security", current_app.config["TRACKER_HSTS"]),)
    for name, value in wanted:
        if name.lower() not in present:
            headers.add(name, value)
    if current_user.is_authenticated and request.endpoint != "static":
        # No copy of a case page in a shared computer's cache or back button.
        headers["Cache-Control"] = "no-store"
    return response


def _error_page(error):
    status = getattr(error, "code", 500) or 500
    title, advice = ERRORS.get(status, ERRORS[500])
    if status == 500:
        db.session.rollback()
    if isinstance(error, SecurityError):
        # The request named a host this app does not serve (TRUSTED_HOSTS): there is
        # no address to build the page's links from, so the answer is plain text.
        return Response(f"{title}.", status=status, mimetype="text/plain")
    page, status = _render_error(status, title, advice)
    if status == 429:
        return page, status, _retry_after(error)
    return page, status


def _retry_after(error) -> dict[str, str]:
    """When a refused request may come again: said by the refusal (signing
    counts its own attempts), else asked of Flask-Limiter, which writes no
    rate-limit headers on other answers (config.py)."""
    if getattr(error, "retry_after", None) is not None:
        return {"Retry-After": str(error.retry_after)}
    limit = limiter.current_limit
    if limit is None:
        return {}
    return {"Retry-After": str(max(1, int(limit.reset_at - time.time())))}


def _csrf_error(error):
    return _render_error(
        400,
        gettext("This form has expired"),
        gettext("For your safety forms expire when you sign out or after a long pause. "
                "Go back, reload the page and send it again."),
    )


# Addresses the public reaches, even where nothing answers there (a mistyped campaign page).
PUBLIC_PREFIXES = ("/c/", "/letters/invite/", "/calendar/")


def _on_public_address() -> bool:
    """An anonymous visitor on a public address: a supporter, never sent to the staff sign-in."""
    if current_user.is_authenticated:
        return False
    if request.endpoint and request.endpoint in current_app.view_functions:
        return in_public_view()
    return request.path.startswith(PUBLIC_PREFIXES)


def _render_error(status: int, title: str, advice: str):
    if not _on_public_address():
        return render_template("errors.html", status=status, title=title, advice=advice), status
    return render_template(
        "public/error.html", status=status, title=title, advice=advice, campaign_slug=_live_slug(status)
    ), status


def _live_slug(status: int) -> str | None:
    """The campaign page a public error can lead back to: only a live one, so
    that a page without consent stays exactly like one that never existed."""
    if status >= 500:
        return None  # the database may be what failed
    from tracker.campaigns.services import live_campaign

    slug = (request.view_args or {}).get("slug")
    if slug is None and request.path.startswith("/c/"):
        slug = request.path.split("/")[2]
    return slug if slug and live_campaign(slug) is not None else None


def local_target(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None: never an open redirect."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and all(" " <= character != "\x7f" for character in target)
    ):
        return target
    return None


# Short enough for a table cell, unambiguous in either language:
# "Tue 1 Dec 2026, 9:00 AM CST" / "mié 25 de noviembre de 2026, 9:00 CST".
DAY_PATTERNS = {"en": "EEE d MMM y", "es": "EEE d 'de' MMMM 'de' y"}
CLOCK_PATTERNS = {"en": "h:mm a", "es": "H:mm"}
WEEKDAY_PATTERN = "EEEE"


def _pattern(patterns: dict[str, str]) -> str:
    from tracker.i18n import current_language

    return patterns.get(current_language(), patterns["en"])


def format_day(value: date | datetime | None) -> str:
    """A calendar day in the page's language: "Tue 1 Dec 2026" / "mar 1 de diciembre de 2026"."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return flask_babel.format_date(day, _pattern(DAY_PATTERNS))


def format_clock(value: datetime | time_of_day | None) -> str:
    """A time of day as the page's language writes it: "9:00 AM" / "9:00"."""
    if value is None:
        return ""
    return flask_babel.format_time(value, _pattern(CLOCK_PATTERNS), rebase=False)


def format_weekday(value: date | datetime) -> str:
    """ "Saturday" / "sábado"."""
    return flask_babel.format_date(value.date() if isinstance(value, datetime) else value, WEEKDAY_PATTERN)


def format_count(value: int | None) -> str:
    """A count with the page's language's grouping: "12,345" / "12.345"."""
    return flask_babel.format_decimal(value or 0)


def format_when(value: datetime | None, zone: str | None = None, all_day: bool = False) -> str:
    """A moment in the zone it happens in, with the zone's abbreviation: "Tue 1 Dec 2026, 9:00 AM CST"."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(zone)) if zone else value
    if all_day:
        return format_day(local)
    return f"{format_day(local)}, {format_clock(local)} {local.tzname()}"


def tel_address(number: str | None) -> str:
    """The `tel:` form of a number as people write it: "(312) 555-0100" -> "3125550100",
    "+1 312 555 0100" -> "+13125550100"; "" when there are no digits to dial."""
    digits = re.sub(r"\D", "", number or "")
    if not digits:
        return ""
    return ("+" if (number or "").lstrip().startswith("+") else "") + digits
