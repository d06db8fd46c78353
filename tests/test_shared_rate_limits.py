"""Production keeps rate-limit counts in Redis, shared by every app server, not in process memory."""
import os
import uuid

import pytest

from tracker import create_app
from tracker.extensions import limiter

REDIS = os.environ.get("TEST_REDIS_URL")


@pytest.mark.skipif(not REDIS, reason="needs TEST_REDIS_URL (set by .ci/run)")
def test_two_app_servers_share_the_sign_in_limit_through_redis(_app, tmp_path):
    def server():
        app = create_app({
            "TRACKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": _app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_STORAGE_URI": REDIS, "RATELIMIT_LOGIN": "3 per minute",
            "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        })
        app.config["WTF_CSRF_ENABLED"] = False
        return app.test_client()

    try:
        first, second = server(), server()
        statuses = [client.post("/login", data={"email": "nobody@example.test", "password": "x" * 12}).status_code
                    for client in (first, second, first, second)]
        # Three attempts are allowed in all, whichever server takes them; the fourth is refused.
        assert statuses == [200, 200, 200, 429]
    finally:
        limiter.init_app(_app)  # back to the suite's in-memory counts
