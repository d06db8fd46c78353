"""Fixtures shared by every test: the app on a migrated database (SQLite, or
PostgreSQL when TEST_DATABASE_URL is set), a test client that sends CSRF
tokens like a browser does, and signed-in clients for each role."""
from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event, text
from werkzeug.serving import make_server

from tests import factories
from tracker import create_app
from tracker.auth.models import Role
from tracker.extensions import db, limiter

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Client(FlaskClient):
    """A test client that fetches a CSRF token from a page before each form post,
    as a browser would have it from the form it submits.

    Each request runs in an app context of its own, as in production: the
    test's own context would otherwise lend every request the same `g` (the
    signed-in user, the CSRF token) and the same database session. After a
    request the test's session forgets what it had loaded, so the test reads
    what the request wrote.
    """

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)  # a streamed body is read while its context is still here
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        page = self.get("/account", follow_redirects=True)
        match = CSRF_META.search(page.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1)

    def submit(self, url: str, data: dict | None = None, **kwargs):
        """POST a form with a valid CSRF token."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def login(self, email: str, password: str = factories.PASSWORD, **kwargs):
        return self.submit("/login", {"email": email, "password": password}, **kwargs)

    def text(self, url: str, **kwargs) -> str:
        response = self.get(url, **kwargs)
        assert response.status_code == 200, f"GET {url} answered {response.status_code}"
        return response.get_data(as_text=True)


@pytest.fixture(scope="session")
def _database_url():
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        yield _database_of_its_own(url, worker) if worker else url
        return
    # A file, not :memory:, so that threads (concurrency tests) share one database.
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'test.db'}"


def _database_of_its_own(url: str, worker: str) -> str:
    """With pytest-xdist each worker gets its own PostgreSQL database beside the named one
    (tests empty every table between them, so workers must not share one)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    named = make_url(url)
    own = named.set(database=f"{named.database}_{worker}")
    server = create_engine(named.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    server.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _app(_database_url, tmp_path_factory):
    app = create_app(
        {
            "TRACKER_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": _database_url,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        }
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()  # the schema comes from the migrations, as in production
    return app


def _empty_tables():
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()


@pytest.fixture
def app(_app):
    with _app.app_context():
        _empty_tables()
        limiter.reset()
        yield _app
        db.session.remove()


@pytest.fixture
def client(app) -> Client:
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def users(app):
    """One user per role, plus a second legal volunteer on no case."""
    return {
        "admin": factories.make_user(Role.ADMIN, "admin@example.test", "Ada Admin"),
        "legal": factories.make_user(Role.LEGAL, "legal@example.test", "Lee Legal"),
        "campaign": factories.make_user(Role.CAMPAIGN, "campaign@example.test", "Cam Campaign"),
        "congregation": factories.make_user(Role.CONGREGATION, "congregation@example.test", "Connie Congregation"),
        "outsider": factories.make_user(Role.LEGAL, "outsider@example.test", "Otto Outsider"),
    }


@pytest.fixture
def login_as(app, users):
    """`login_as("legal")` gives a client signed in as that user."""

    def sign_in(name: str) -> Client:
        app.test_client_class = Client
        client = app.test_client()
        response = client.login(users[name].email)
        assert response.status_code == 302, f"sign-in as {name} failed: {response.status_code}"
        return client

    return sign_in


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counted: ...` then `counted.count` SQL statements."""

    class Counter:
        count = 0
        statements: list[str]

        def __init__(self):
            self.statements = []

        def __enter__(self):
            event.listen(db.engine, "before_cursor_execute", self._count)
            return self

        def __exit__(self, *exc):
            event.remove(db.engine, "before_cursor_execute", self._count)

        def _count(self, conn, cursor, statement, parameters, context, executemany):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "PRAGMA")):
                self.count += 1
                self.statements.append(statement)

    return Counter


@pytest.fixture
def live_server(app):
    """Serve the test app from a real WSGI server on a free local port for the duration
    of a test. Unlike the test client, each request's context ends before its body is
    sent, as in production: streamed downloads and teardown bugs show here."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
