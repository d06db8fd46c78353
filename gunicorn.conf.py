"""gunicorn reads this file from the folder it starts in (`gunicorn wsgi:app`).

Rate-limit counts kept in memory (`RATELIMIT_STORAGE_URI=memory://`, the
default) are counted per worker process: with four workers an address gets
four times the sign-in attempts it should. Starting several workers that way
is refused, unless `TRACKER_ACCEPT_MEMORY_RATELIMITS=1` says it is meant
(then it is only warned about, loudly).
"""
from __future__ import annotations

import os
import sys


def memory_storage_problem(workers: int, environ=os.environ) -> str | None:
    """Why this start would count rate limits per worker, or None."""
    storage = environ.get("RATELIMIT_STORAGE_URI", "memory://").strip()
    if workers > 1 and storage.startswith("memory://"):
        return (
            f"RATELIMIT_STORAGE_URI is {storage!r} with {workers} workers: each worker would count "
            "sign-in attempts on its own, multiplying the limits. Set RATELIMIT_STORAGE_URI to a shared "
            "store (redis://host:6379/0), or run one worker, or set TRACKER_ACCEPT_MEMORY_RATELIMITS=1."
        )
    return None


def on_starting(server) -> None:
    problem = memory_storage_problem(server.cfg.workers)
    if problem is None:
        return
    if os.environ.get("TRACKER_ACCEPT_MEMORY_RATELIMITS", "").strip().lower() in ("1", "true", "yes", "on"):
        server.log.warning("WARNING: %s", problem)
        return
    server.log.error("Refusing to start: %s", problem)
    sys.exit(1)
