"""Addresses that leave the app: invitation and set-up links, share, canonical
and Open Graph links, calendar addresses, links in emails and on the command line.

Every one of them is built by `external_url` from `TRACKER_BASE_URL`, never from
the Host header a request happens to carry: otherwise anyone could send
`Host: evil.example` and have the app hand a volunteer an invitation link that
delivers its token to their site. In production the app also refuses requests
for any host it does not serve (Flask's TRUSTED_HOSTS, see `trusted_hosts`).
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import Flask, current_app


def _base(value: str) -> tuple[str, str, str]:
    """(scheme, host[:port], path prefix) of a base URL, or ValueError with the reason."""
    parts = urlsplit((value or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"TRACKER_BASE_URL must be an http:// or https:// address, not {value!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"TRACKER_BASE_URL must be a plain address like https://tracker.example.org, not {value!r}")
    return parts.scheme, parts.netloc.lower(), parts.path.rstrip("/")


def external_url(endpoint: str, **values) -> str:
    """The full address of `endpoint` (a full name such as "letters.writer") as the
    world reaches it, for links that leave the app. Use it instead of
    `url_for(..., _external=True)`, in Python and in templates alike."""
    scheme, netloc, prefix = _base(current_app.config["TRACKER_BASE_URL"])
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(netloc, script_name=prefix or "/", url_scheme=scheme)
    url = adapter.build(endpoint, values, force_external=True)
    if anchor is not None:
        url += "#" + quote(anchor, safe="%!#$&'()*+,/:;=?@")
    return url


def webcal_url(endpoint: str, **values) -> str:
    """`external_url` with the webcal:// scheme: a phone or a desktop calendar opens
    it and offers to subscribe, where an https:// address would be downloaded once."""
    return "webcal://" + external_url(endpoint, **values).split("://", 1)[1]


def base_host() -> str:
    """The host name the app is reached at (no port), e.g. for calendar event ids."""
    return urlsplit(current_app.config["TRACKER_BASE_URL"]).hostname or "sanctuary-tracker"


def trusted_hosts(config) -> list[str]:
    """The host names a production app answers to: the one of TRACKER_BASE_URL and
    those listed in TRACKER_TRUSTED_HOSTS (comma-separated; e.g. the address a load
    balancer's health check uses; ".example.org" allows every subdomain)."""
    hosts = [urlsplit(config["TRACKER_BASE_URL"]).hostname]
    extra = config.get("TRACKER_TRUSTED_HOSTS") or ""
    hosts += [host.strip().lower() for host in extra.split(",") if host.strip()]
    return list(dict.fromkeys(hosts))


def init_app(app: Flask) -> None:
    """Check TRACKER_BASE_URL once at start-up, trust only its host in production,
    and offer `external_url` and `webcal_url` to templates."""
    if not app.config.get("TRACKER_BASE_URL"):
        raise RuntimeError(
            "TRACKER_BASE_URL is not set. In production every link the app sends is built from it: "
            "set it to the https:// address people reach the tracker at (see README, Configuration)."
        )
    try:
        _base(app.config["TRACKER_BASE_URL"])
    except ValueError as error:
        raise RuntimeError(str(error)) from error
    if app.config["TRACKER_ENV"] == "production":
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
    app.jinja_env.globals.update(external_url=external_url, webcal_url=webcal_url)
