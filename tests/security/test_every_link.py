"""Every link each role can reach answers without a server error, on a real
server: the app under the live_server fixture (a request's context ends before
its body is sent, as under gunicorn), a demo-like network with one of every
record (tests/filled_network.py), and a visitor that signs in as each role and
follows every link on this host from the start page — pages, CSV, ICS, PDF and
file downloads — never sending a form.

To keep the run short, a route is opened at most a few times whatever the ids
in its address (/letters/3 and /letters/4 are one route), and each role stops
after MAX_PAGES. The addresses seen are printed (pytest -s, or shown on failure)."""
from __future__ import annotations

import re
import urllib.parse
from collections import Counter

import pytest
from werkzeug.exceptions import HTTPException

from tests.filled_network import fill_network
from tests.live_http import Visitor

MAX_PAGES = 150
PER_ROUTE = 2  # different addresses of one route (other ids, other query strings)
LINK = re.compile(r"""<(?:a|link|img|script)\b[^>]*?\b(?:href|src)="([^"#]*)""", re.I)
STATIC_PER_ROLE = 5
# What each role reaches at the least on the filled network (a coordinator's portal
# has the account page and pledge forms, a visitor the campaign page and its forms).
LEAST_PAGES = {"admin": 60, "legal": 40, "campaign": 40, "congregation": 5, "visitor": 6}


def _links(base_url: str, page_url: str, body: str) -> list[str]:
    found = []
    for raw in LINK.findall(body):
        target = urllib.parse.urljoin(page_url, raw.replace("&amp;", "&"))
        if target.startswith(base_url + "/"):
            found.append(target[len(base_url):])
    return found


def _route(app, path: str) -> str:
    """The route an address belongs to (its endpoint), or the address itself when none matches."""
    parsed = urllib.parse.urlsplit(path)
    try:
        endpoint, _values = app.url_map.bind("localhost").match(parsed.path, method="GET")
    except HTTPException:
        return parsed.path
    return endpoint


def crawl(app, base_url: str, visitor: Visitor, starts: list[str]) -> tuple[list[tuple[int, str]], list[str]]:
    """Follow links breadth first; returns (status, address) of each address opened and the failures.

    A route still waiting in the queue when MAX_PAGES is reached, never opened, is
    a failure too: "every link a role can reach" must not end at an arbitrary count."""
    queue, queued = list(starts), set(starts)
    per_route: Counter[str] = Counter()
    seen, failures = [], []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        route = _route(app, path)
        limit = STATIC_PER_ROLE if route == "static" else PER_ROUTE
        if per_route[route] >= limit:
            continue
        per_route[route] += 1
        try:
            reply = visitor.get(path)
        except Exception as error:  # noqa: BLE001 - a broken download is a failure to report
            failures.append(f"{path}: {type(error).__name__}: {error}")
            continue
        seen.append((reply.status, path))
        if reply.status >= 500:
            failures.append(f"{path}: {reply.status}")
            continue
        if "text/html" not in reply.headers.get("Content-Type", ""):
            continue
        for link in _links(base_url, base_url + path, reply.body.decode("utf-8", "replace")):
            if link not in queued and "logout" not in link:
                queued.add(link)
                queue.append(link)
    never_opened = sorted({_route(app, path) for path in queue} - set(per_route))
    if never_opened:
        failures.append(f"stopped at {MAX_PAGES} addresses before opening these routes: {never_opened}")
    return seen, failures


@pytest.fixture
def network(app):
    return fill_network()


@pytest.mark.parametrize("role", ["admin", "legal", "campaign", "congregation", "visitor"])
def test_every_link_a_role_can_reach_answers_without_a_server_error(app, live_server, network, role):
    visitor = Visitor(live_server)
    starts = ["/"]
    if role == "visitor":
        # A supporter arrives by a shared link to the campaign page.
        starts.append(f"/c/{network.url_values['slug']}")
    else:
        visitor.sign_in(network.users[role].email)
    seen, failures = crawl(app, live_server, visitor, starts)
    print(f"\n{role}: {len(seen)} addresses opened")
    for status, path in seen:
        print(f"  {status} {path}")
    assert failures == [], f"{role}: {failures}"
    # The crawl went beyond the start page (a sign-in that failed would stop it there).
    assert len(seen) >= LEAST_PAGES[role]
    if role in ("admin", "campaign"):
        kinds = {path.split("?")[0].rsplit(".", 1)[-1] for _status, path in seen}
        downloads = {"csv", "ics"} & kinds if role == "admin" else {"csv"} & kinds
        assert downloads, f"{role} reached no download: {kinds}"
        assert any("/download" in path or "/files/" in path for _status, path in seen)
