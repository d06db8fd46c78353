"""How fast the public campaign page and petition signing are under load,
beside bare Flask routes on the same server and database.

For SQLite (a temporary file) and PostgreSQL (a database of its own on the
server of TEST_DATABASE_URL, else 127.0.0.1:5432), it migrates and seeds the
fictional demo data, starts the app with `gunicorn -w 4` and a bare Flask
app with the same settings, and drives both with `wrk` (16 connections),
alternating A/B/A/B in this one run, because other programs on the machine
move absolute numbers:

- POST /c/<slug>/sign (a CSRF token valid for the run, a distinct email per
  request) against a bare Flask-SQLAlchemy route that inserts one row;
- GET /c/<slug> against a bare route that runs one query and renders a
  template of the same size as the campaign page.

It prints each rate, the ratios (aim: at least 0.5) and the signatures
stored against the thank-you answers served (aim: none lost, none failed).
The sign rate limit is lifted for the run through the environment only.

    .venv/bin/python bench/web.py          # needs wrk (apt-get install wrk)
    BENCH_SECONDS=10 .venv/bin/python bench/web.py
"""
from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Integer, String, create_engine, event, text
from sqlalchemy.orm import DeclarativeBase, mapped_column

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = 16
WORKERS = 4
ROUNDS = 2  # A/B pairs per measure
SLUG = "keep-rosa-home"  # a demo campaign with a petition, events, actions and supporters
SECRET_KEY = "bench-secret-key-not-for-production"
ENCRYPTION_KEY = "YmVuY2gta2V5LWZvci1iZW5jaG1hcmtzLW9ubHktMzI="
BIN = Path(sys.executable).parent

# ---------------------------------------------------------------- baseline app


class _BaselineBase(DeclarativeBase):
    pass


class BenchRow(_BaselineBase):
    """The one row the baseline's insert route adds (a table of its own in the same database)."""

    __tablename__ = "bench_rows"
    id = mapped_column(Integer, primary_key=True)
    name = mapped_column(String(120))
    email = mapped_column(String(200))
    city = mapped_column(String(120))


def baseline_app():
    """The bare app the tracker is measured against, served by gunicorn in its
    own processes: Flask and Flask-SQLAlchemy, one route that inserts one row,
    one that runs one query and renders a template (BENCH_PAGE_TEMPLATE)."""
    from flask import Flask, redirect, render_template, request
    from flask_sqlalchemy import SQLAlchemy
    from jinja2 import DictLoader

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.jinja_loader = DictLoader({"page.html": Path(os.environ["BENCH_PAGE_TEMPLATE"]).read_text()})
    db = SQLAlchemy(app, model_class=_BaselineBase)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            # The same connection settings as the tracker's, so that only the code differs.
            from tracker import _sqlite_pragmas

            event.listen(db.engine, "connect", _sqlite_pragmas)

    @app.post("/insert")
    def insert():
        db.session.add(BenchRow(name=request.form["name"], email=request.form["email"], city=request.form["city"]))
        db.session.commit()
        return redirect("/insert?thanks=1")

    @app.get("/page")
    def page():
        row = db.session.execute(
            text("SELECT headline, story FROM campaigns WHERE slug = :slug"), {"slug": SLUG}
        ).one()
        return render_template("page.html", headline=row.headline, story=row.story)

    return app


def page_template(html: str, headline: str, story: str) -> str:
    """The campaign page as served, turned into a template that prints the
    headline and the story from the query: the same size of output."""

    def raw(chunk: str) -> str:
        return "{% raw %}" + chunk + "{% endraw %}" if chunk else ""

    def fill(chunk: str, value: str, name: str) -> str:
        return ("{{ " + name + " }}").join(raw(part) if "{" in part else part for part in chunk.split(value))

    parts = [fill(part, story, "story") for part in html.split(headline)]
    return "{{ headline }}".join(parts)


# ---------------------------------------------------------------- databases


def postgres_admin_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@contextlib.contextmanager
def postgres_database():
    """A database of its own on the PostgreSQL server, dropped afterwards."""
    import psycopg

    admin = postgres_admin_url()
    name = (urlsplit(admin).path.strip("/") or "tracker") + "_webbench"
    plain = with_database(admin, "postgres").replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(admin, name)
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def sqlite_database(folder: Path):
    yield f"sqlite:///{folder / 'bench.db'}"


def app_settings(url: str, port: int) -> dict:
    return {
        "TRACKER_ENV": "production",
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": SECRET_KEY,
        "TRACKER_ENCRYPTION_KEY": ENCRYPTION_KEY,
        "TRACKER_BASE_URL": f"http://127.0.0.1:{port}",
    }


def prepare(url: str, port: int) -> None:
    """Migrate and load the fictional demo data (campaigns, petitions with
    signatures, actions, pledges, events)."""
    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.demo import load_demo
    from tracker.extensions import db

    app = create_app(app_settings(url, port))
    with app.app_context():
        upgrade()
        load_demo("bench-demo-password")
        _BaselineBase.metadata.create_all(db.engine)
        db.session.remove()
        db.engine.dispose()


def scalar(url: str, sql: str, **params) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql), params).scalar() or 0
    finally:
        engine.dispose()


def signatures_stored(url: str) -> int:
    return scalar(
        url,
        "SELECT count(*) FROM signatures JOIN petitions ON petitions.id = signatures.petition_id "
        "JOIN campaigns ON campaigns.id = petitions.campaign_id WHERE campaigns.slug = :slug",
        slug=SLUG,
    )


# ---------------------------------------------------------------- servers


def limiter_store() -> dict:
    """Rate-limit counts in Redis as in production (TEST_REDIS_URL), else in
    each worker's memory, which the app accepts only when told."""
    url = os.environ.get("TEST_REDIS_URL")
    return {"RATELIMIT_STORAGE_URI": url} if url else {"TRACKER_ACCEPT_MEMORY_RATELIMITS": "1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(app: str, port: int, env: dict, ready_path: str, chdir: Path, log: Path):
    command = [str(BIN / "gunicorn"), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--chdir", str(chdir), app]
    with log.open("w") as output:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {app} stopped: see {log}\n{log.read_text()[-2000:]}")
            try:
                if get(port, ready_path)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn {app} did not answer on {ready_path}: see {log}")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def form_token(port: int) -> tuple[str, str]:
    """A CSRF token and the session cookie it belongs to, valid for the whole run."""
    status, headers, body = get(port, f"/c/{SLUG}/sign")
    assert status == 200, f"the sign form answered {status}"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', body
    )
    cookie = re.match(r"[^;]+", headers.get("Set-Cookie", ""))
    assert token and cookie, "no CSRF token or session cookie on the sign form"
    return token.group(1), cookie.group(0)


# ---------------------------------------------------------------- load


WRK_SCRIPT = r"""
-- Posts forms with a distinct email and form id per request (POST mode) or
-- GETs a page, and counts the answers that are what a person should see.
local mode, token, cookie, run
local threads, made = {}, 0
local sent = 0

function setup(thread)
  made = made + 1
  thread:set("thread_number", made)
  table.insert(threads, thread)
end

function init(args)
  mode, token, cookie, run = args[1], args[2], args[3], args[4]
  good, bad = 0, 0
  if mode == "post" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie ~= "-" then wrk.headers["Cookie"] = cookie end
  end
end

function request()
  if mode ~= "post" then return wrk.format() end
  sent = sent + 1
  local id = run .. "-" .. thread_number .. "-" .. sent
  local body = "csrf_token=" .. token .. "&name=Bench+Signer+" .. sent .. "&email=signer-" .. id ..
    "%40example.org&city=Chicago&comment=&nonce=benchnonce-" .. id
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  if (mode == "post" and status == 302 and string.find(location, "thanks=1", 1, true))
     or (mode ~= "post" and status == 200) then
    good = good + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local g, b = 0, 0
  for _, thread in ipairs(threads) do
    g = g + thread:get("good")
    b = b + thread:get("bad")
  end
  local errors = summary.errors
  io.write(string.format("RESULT good=%d bad=%d socket_errors=%d\n", g, b,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


@dataclass
class Run:
    rate: float
    good: int
    bad: int
    errors: int


def wrk(url: str, script: Path, mode: str, token: str = "-", cookie: str = "-", run: str = "0",
        seconds: int = SECONDS) -> Run:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script), url,
         "--", mode, token, cookie, run],
        capture_output=True, text=True, check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    result = re.search(r"RESULT good=(\d+) bad=(\d+) socket_errors=(\d+)", output)
    return Run(rate, int(result.group(1)), int(result.group(2)), int(result.group(3)))


@dataclass
class Measure:
    what: str
    ours: list[Run] = field(default_factory=list)
    baseline: list[Run] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return sum(run.rate for run in self.ours) / sum(run.rate for run in self.baseline)


def measure(what: str, ours, baseline) -> Measure:
    """A/B/A/B: the two alternate, so that a neighbour's load falls on both."""
    result = Measure(what)
    for _ in range(ROUNDS):
        result.ours.append(ours())
        result.baseline.append(baseline())
    return result


def bench_database(kind: str, url: str, folder: Path, script: Path) -> list[Measure]:
    app_port, base_port = free_port(), free_port()
    prepare(url, app_port)
    env = {
        "TRACKER_ENV": "production",
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "TRACKER_ENCRYPTION_KEY": ENCRYPTION_KEY,
        "TRACKER_BASE_URL": f"http://127.0.0.1:{app_port}",
        "TRACKER_INSTANCE_PATH": str(folder / "instance"),
        # Every request comes from 127.0.0.1: lift the per-address limit for the run only.
        "RATELIMIT_SIGN": "100000000 per minute",
        **limiter_store(),
        "PYTHONPATH": str(ROOT),
    }
    with gunicorn("wsgi:app", app_port, env, "/healthz", ROOT, folder / f"app-{kind}.log"):
        status, _, html = get(app_port, f"/c/{SLUG}")
        assert status == 200, f"/c/{SLUG} answered {status}"
        headline = scalar(url, "SELECT headline FROM campaigns WHERE slug = :slug", slug=SLUG)
        story = scalar(url, "SELECT story FROM campaigns WHERE slug = :slug", slug=SLUG)
        template = folder / "page.html"
        template.write_text(page_template(html, headline, story))
        # The repository's gunicorn.conf.py checks the limiter settings of every server it starts.
        base_env = {"DATABASE_URL": url, "BENCH_PAGE_TEMPLATE": str(template), "PYTHONPATH": str(ROOT), **limiter_store()}
        with gunicorn("web:baseline_app()", base_port, base_env, "/page", ROOT / "bench",
                      folder / f"baseline-{kind}.log"):
            status, _, bare = get(base_port, "/page")
            assert status == 200 and abs(len(bare) - len(html)) < 200, "the baseline page is not the same size"
            token, cookie = form_token(app_port)
            app_sign = f"http://127.0.0.1:{app_port}/c/{SLUG}/sign"
            base_insert = f"http://127.0.0.1:{base_port}/insert"
            # Warm up both: imports, connections, compiled templates.
            for target, mode in ((app_sign, "post"), (base_insert, "post"), (f"http://127.0.0.1:{app_port}/c/{SLUG}", "get"),
                                 (f"http://127.0.0.1:{base_port}/page", "get")):
                wrk(target, script, mode, token, cookie, run=f"{kind}-warm-{len(target)}", seconds=2)
            stored_before = signatures_stored(url)
            runs = iter(range(1000))
            sign = measure(
                f"POST /c/<slug>/sign, {kind}",
                lambda: wrk(app_sign, script, "post", token, cookie, run=f"{kind}-{next(runs)}"),
                lambda: wrk(base_insert, script, "post", run=f"{kind}-{next(runs)}"),
            )
            # Let requests in flight when wrk stopped finish before counting.
            time.sleep(1)
            stored = signatures_stored(url) - stored_before
            page = measure(
                f"GET /c/<slug>, {kind}",
                lambda: wrk(f"http://127.0.0.1:{app_port}/c/{SLUG}", script, "get"),
                lambda: wrk(f"http://127.0.0.1:{base_port}/page", script, "get"),
            )
    thanked = sum(run.good for run in sign.ours)
    failed = sum(run.bad + run.errors for run in sign.ours)
    print(f"{kind}: signatures stored {stored:,}; thank-you answers served {thanked:,}; "
          f"failed {failed}; lost {max(0, thanked - stored)} "
          f"({stored - thanked} stored for requests still in flight when wrk stopped: at most {CONNECTIONS} per run)")
    page_failed = sum(run.bad + run.errors for run in page.ours)
    print(f"{kind}: campaign pages served {sum(run.good for run in page.ours):,}; failed {page_failed}")
    return [sign, page]


def report(measures: list[Measure]) -> None:
    print()
    print("| what | this app (req/s, A/B/A/B) | bare baseline (req/s) | ratio |")
    print("| --- | --- | --- | --- |")
    for item in measures:
        ours = ", ".join(f"{run.rate:,.0f}" for run in item.ours)
        base = ", ".join(f"{run.rate:,.0f}" for run in item.baseline)
        print(f"| {item.what} | {ours} | {base} | {item.ratio:.2f}× |")
    print()
    for item in measures:
        verdict = "ok" if item.ratio >= 0.5 else "below the aim"
        print(f"{item.what}: ratio {item.ratio:.2f} (aim >= 0.5: {verdict})")


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("bench/web.py needs wrk: apt-get install wrk")
    measures: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="tracker-web-bench-") as name:
        folder = Path(name)
        script = folder / "load.lua"
        script.write_text(WRK_SCRIPT)
        print(f"{WORKERS} gunicorn workers each, {CONNECTIONS} connections, {SECONDS} s per run, "
              f"{ROUNDS} A/B pairs per measure", flush=True)
        with sqlite_database(folder) as url:
            measures += bench_database("SQLite", url, folder, script)
        try:
            with postgres_database() as url:
                measures += bench_database("PostgreSQL", url, folder, script)
        except Exception as error:  # noqa: BLE001 - say why and still print what was measured
            if "psycopg" not in type(error).__module__:
                raise
            print(f"PostgreSQL: not measured ({error})")
    report(measures)


if __name__ == "__main__":
    main()
