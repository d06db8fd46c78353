"""The rendered public campaign page, kept by each app process under a version
the database holds, so that no process ever serves it stale.

Each request reads, with one query, whether the page is live (published, with
publicity consent), its `page_version` and the signature count. Every change
the page shows gives the campaign a new version in the same transaction
(bookkeeping.py), so a page rendered before it is never used again, by this
process or any other; withdrawing consent takes the page down at the next
request. The signature count moves with every signature, so it is not part of
the kept page: it is filled in at each request from the counter read in the
same query. A kept page also lapses when the first event or action it lists
starts, since that one then drops off the page.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import current_app, request, session
from markupsafe import Markup
from sqlalchemy import bindparam, select

from tracker.campaigns.models import Campaign, Petition
from tracker.cases.models import Case, ConsentLevel
from tracker.extensions import db
from tracker.types import utcnow

# Where the kept page takes the signature count of the moment.
COUNT_SLOT = Markup("<!--signature-count-->")
LIVE_CONSENT = (ConsentLevel.FIRST_NAME, ConsentLevel.FULL_NAME)
PAGES_KEPT = 256


@dataclass(frozen=True)
class PageState:
    campaign_id: int
    version: str
    live: bool
    consent: ConsentLevel
    signature_count: int
    goal: int | None


@cache
def _state_query():
    """Built once: on the tables, not the mapped classes, it runs without the ORM."""
    campaigns, cases, petitions = Campaign.__table__, Case.__table__, Petition.__table__
    return (
        select(campaigns.c.id, campaigns.c.page_version, campaigns.c.published, cases.c.consent_level,
               petitions.c.signature_count, petitions.c.goal)
        .select_from(campaigns.join(cases, cases.c.id == campaigns.c.case_id)
                     .outerjoin(petitions, petitions.c.campaign_id == campaigns.c.id))
        .where(campaigns.c.slug == bindparam("slug"))
    )


def page_state(slug: str) -> PageState | None:
    """What the page at /c/<slug> depends on, in one query; None for an unknown slug."""
    row = db.session.execute(_state_query(), {"slug": slug}).first()
    if row is None:
        return None
    return PageState(
        campaign_id=row.id,
        version=row.page_version,
        live=bool(row.published) and row.consent_level in LIVE_CONSENT,
        consent=row.consent_level,
        signature_count=row.signature_count or 0,
        goal=row.goal,
    )


class RenderedPages:
    """Rendered pages by (campaign, version, consent, language), the least
    recently used dropped first; shared by the threads of one process."""

    def __init__(self, size: int = PAGES_KEPT):
        self._pages: OrderedDict[tuple, tuple[str, datetime | None]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            html, lapses_at = entry
            if lapses_at is not None and utcnow() >= lapses_at:
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return html

    def put(self, key: tuple, html: str, lapses_at: datetime | None) -> None:
        with self._lock:
            self._pages[key] = (html, lapses_at)
            self._pages.move_to_end(key)
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def _pages() -> RenderedPages:
    return current_app.extensions["campaign_pages"]


def messages_waiting() -> bool:
    """Whether this visitor has a message to see (after sending a form): their
    page is rendered for them alone. Without a session cookie the session is not opened."""
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return False
    return bool(session.get("_flashes"))


def campaign_page(state: PageState, language: str, render: Callable[[], tuple[str, datetime | None]]) -> str:
    """The page for `state` in `language`: kept, or rendered by `render()` (which
    returns the page and when it lapses), then with the signature count filled in."""
    key = (state.campaign_id, state.version, state.consent.value, language)
    html = _pages().get(key)
    if html is None:
        html, lapses_at = render()
        _pages().put(key, html, lapses_at)
    return fill_count(html, state)


def fill_count(html: str, state: PageState) -> str:
    if state.goal is None:
        return html
    meter = current_app.jinja_env.get_template("public/_signature_count.html").render(
        signature_count=state.signature_count, goal=state.goal
    )
    return html.replace(COUNT_SLOT, meter, 1)


def init_app(app) -> None:
    app.extensions["campaign_pages"] = RenderedPages()
