"""Sanctuary Tracker: case timelines, campaigns and support-letter packets.

`create_app()` reads the configuration, binds the extensions, registers one
blueprint per domain, the command line and the error pages, and does nothing
else.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from config import CONFIGS
from tracker.extensions import csrf, db, limiter, login_manager, migrate
from tracker.security.crypto import FieldCipher
from tracker.security.instance_secrets import load_or_create
from tracker.types import render_migration_type

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: str | dict | None = None) -> Flask:
    """Build the app. `config` is a configuration name (development, testing,
    production) or a mapping of settings applied over the testing or
    `TRACKER_ENV` configuration."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("TRACKER_INSTANCE_PATH") or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    overrides = config if isinstance(config, dict) else {}
    name = config if isinstance(config, str) else os.environ.get("TRACKER_ENV", "development")
    if overrides and "TRACKER_ENV" in overrides:
        name = overrides["TRACKER_ENV"]
    if name not in CONFIGS:
        raise RuntimeError(f"TRACKER_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    app.config.from_object(CONFIGS[name])
    app.config.update(overrides)

    _load_secrets(app)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        # Only this user may read the folder that holds the SQLite file and the keys.
        Path(app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'tracker.db'}"
    app.config["MAX_CONTENT_LENGTH"] = max(app.config["UPLOAD_MAX_BYTES"], app.config["UPLOAD_REQUEST_MAX_BYTES"]) + 1024 * 1024
    if app.config["TRACKER_PROXY_COUNT"]:
        count = app.config["TRACKER_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A file never drops a connection: no test query before each request.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_pre_ping": False}
    app.extensions["tracker_cipher"] = FieldCipher(app.config["TRACKER_ENCRYPTION_KEY"])
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
    migrate.init_app(
        app,
        db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_type,
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)

    _register_blueprints(app)
    _register_cli(app)

    from tracker import i18n, links, submissions, web
    from tracker.campaigns import bookkeeping, page_cache
    from tracker.files import images

    bookkeeping.init_app(app)
    page_cache.init_app(app)
    links.init_app(app)
    images.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    submissions.init_app(app)
    return app


def _load_secrets(app: Flask) -> None:
    for name in ("SECRET_KEY", "TRACKER_ENCRYPTION_KEY"):
        if app.config.get(name):
            continue
        if not app.config["TRACKER_GENERATE_SECRETS"]:
            raise RuntimeError(
                f"{name} is not set. In production every app server must share the same "
                f"{name}: set it in the environment (see README, Configuration)."
            )
        app.config[name] = load_or_create(app.instance_path, name)


def _register_blueprints(app: Flask) -> None:
    from tracker.actions.portal import blueprint as portal
    from tracker.actions.views import blueprint as actions
    from tracker.admin.views import blueprint as admin
    from tracker.auth.two_factor_views import blueprint as two_factor
    from tracker.auth.views import blueprint as auth
    from tracker.calendar.views import blueprint as calendar
    from tracker.campaigns.public import blueprint as public
    from tracker.campaigns.views import blueprint as campaigns
    from tracker.cases.views import blueprint as cases
    from tracker.detention.views import blueprint as detention
    from tracker.health import blueprint as health
    from tracker.letters.views import blueprint as letters
    from tracker.mail.views import blueprint as mail
    from tracker.packets.views import blueprint as packets
    from tracker.people.views import blueprint as people
    from tracker.purge.views import blueprint as purge
    from tracker.tasks.views import blueprint as tasks
    from tracker.timeline.views import blueprint as timeline

    for blueprint in (
        auth, two_factor, admin, people, cases, timeline, tasks, detention, campaigns, letters, packets, actions, portal,
        calendar, purge, public,
        mail, health,
    ):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from tracker.auth.cli import users
    from tracker.cases.cli import cases
    from tracker.demo import seed_demo
    from tracker.files.cli import files
    from tracker.mail.cli import mail
    from tracker.packets.cli import packets
    from tracker.purge.cli import purge

    app.cli.add_command(users)
    app.cli.add_command(cases)
    app.cli.add_command(seed_demo)
    app.cli.add_command(packets)
    app.cli.add_command(files)
    app.cli.add_command(mail)
    app.cli.add_command(purge)


def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite ignores foreign keys unless asked, per connection; a writer
    waits for another instead of failing at once; deleted content is
    overwritten with zeros, so a purged record leaves nothing readable in the file.

    Write-ahead logging lets pages be read while a signature is written, and
    synchronous=NORMAL syncs the log at checkpoints rather than at every commit:
    a power cut (not a crash of the app) may lose the last commits, never
    corrupt the file (README, Performance)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
