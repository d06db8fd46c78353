"""SQLite runs in write-ahead-log mode and syncs at checkpoints (README, Performance)."""
import pytest

from tracker.extensions import db


def test_sqlite_uses_a_write_ahead_log_synced_at_checkpoints(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
