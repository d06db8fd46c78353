"""Configuration classes, read from the environment.

`create_app()` picks one by name (`TRACKER_ENV`: development, testing or
production). Secrets never live in this file or in the repository: in
development they are generated into `instance/` on first run; in production
they must come from the environment, because several app servers have to
share them.
"""
from __future__ import annotations

import os


def _database_url(value: str | None) -> str | None:
    """Accept the `postgres://` spellings hosting providers hand out."""
    if not value:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    return value


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def _bool(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


class Config:
    TRACKER_ENV = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    TRACKER_ENCRYPTION_KEY = os.environ.get("TRACKER_ENCRYPTION_KEY")
    # Generate SECRET_KEY / TRACKER_ENCRYPTION_KEY into instance/ when unset.
    TRACKER_GENERATE_SECRETS = False

    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {
        # Bound values never appear in exception messages or logs.
        "hide_parameters": True,
        "pool_pre_ping": True,
    }

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # No X-RateLimit-* headers on every answer: they cost two more round trips to
    # the store per limited request. A refused request still says when to come
    # back (Retry-After, tracker/web.py).
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "20 per 15 minutes")
    # Public forms: generous, because a whole church hall may share one address.
    RATELIMIT_SIGN = os.environ.get("RATELIMIT_SIGN", "30 per 10 minutes")
    RATELIMIT_LETTER = os.environ.get("RATELIMIT_LETTER", "10 per hour")

    UPLOAD_MAX_BYTES = _int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    # One form sent, all its files together: a letter may come as a photo of each page.
    UPLOAD_REQUEST_MAX_BYTES = _int("UPLOAD_REQUEST_MAX_BYTES", 40 * 1024 * 1024)
    # EOIR's ECAS takes files of up to 25 MB; a larger packet is split into volumes.
    TRACKER_PACKET_MAX_MB = _int("TRACKER_PACKET_MAX_MB", 25)
    # What an upload may cost to unpack, checked before it is kept (tracker/files/).
    # A PDF: pages, and content once decompressed per page and per file.
    UPLOAD_PDF_MAX_PAGES = _int("UPLOAD_PDF_MAX_PAGES", 100)
    UPLOAD_PDF_MAX_PAGE_MB = _int("UPLOAD_PDF_MAX_PAGE_MB", 40)
    UPLOAD_PDF_MAX_FILE_MB = _int("UPLOAD_PDF_MAX_FILE_MB", 200)
    # An image: pixels decoded per image (a JPEG is decoded reduced first) and per form
    # sent; the longest side kept (3000 px prints a letter page at over 300 dpi).
    UPLOAD_IMAGE_MAX_PIXELS = _int("UPLOAD_IMAGE_MAX_PIXELS", 25_000_000)
    UPLOAD_REQUEST_MAX_PIXELS = _int("UPLOAD_REQUEST_MAX_PIXELS", 50_000_000)
    UPLOAD_IMAGE_MAX_SIDE = _int("UPLOAD_IMAGE_MAX_SIDE", 3000)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "tracker_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    # WTForms' own messages ("Not a valid integer value.") in the page's language.
    WTF_I18N_ENABLED = True

    # Minutes of inactivity after which a session ends.
    TRACKER_IDLE_MINUTES = _int("TRACKER_IDLE_MINUTES", 60)
    TRACKER_ADMIN_IDLE_MINUTES = _int("TRACKER_ADMIN_IDLE_MINUTES", 15)
    # Roles that must sign in with a second factor (comma-separated: admin, legal, campaign, congregation).
    TRACKER_REQUIRE_2FA = os.environ.get("TRACKER_REQUIRE_2FA", "admin,legal")
    # Hours after which every session ends, however active (tracker/auth/sessions.py).
    TRACKER_SESSION_HOURS = _int("TRACKER_SESSION_HOURS", 12)
    # Failed sign-ins slow further attempts down instead of locking the account
    # (tracker/auth/throttle.py): free attempts, then a wait that starts at BASE
    # seconds and doubles up to MAX minutes; failures are forgotten after WINDOW hours.
    TRACKER_THROTTLE_FREE_ATTEMPTS = _int("TRACKER_THROTTLE_FREE_ATTEMPTS", 5)
    TRACKER_THROTTLE_BASE_SECONDS = _int("TRACKER_THROTTLE_BASE_SECONDS", 30)
    TRACKER_THROTTLE_MAX_MINUTES = _int("TRACKER_THROTTLE_MAX_MINUTES", 15)
    TRACKER_THROTTLE_WINDOW_HOURS = _int("TRACKER_THROTTLE_WINDOW_HOURS", 24)
    # How long an account set-up link stays valid.
    TRACKER_INVITE_HOURS = _int("TRACKER_INVITE_HOURS", 72)

    # Where the app is reached: every link that leaves the app is built from it
    # (tracker/links.py), never from the Host header of a request.
    TRACKER_BASE_URL = os.environ.get("TRACKER_BASE_URL", "http://127.0.0.1:5000")
    # In production the app answers only to the host of TRACKER_BASE_URL and these
    # (comma-separated, e.g. the address a load balancer's health check uses).
    TRACKER_TRUSTED_HOSTS = os.environ.get("TRACKER_TRUSTED_HOSTS", "")
    TRACKER_NETWORK_NAME = os.environ.get("TRACKER_NETWORK_NAME", "Sanctuary Network")
    # Lines under the name on the packet letterhead, separated by "|": address, phone, email.
    TRACKER_LETTERHEAD = os.environ.get("TRACKER_LETTERHEAD", "")
    # The language of a page when neither the visitor nor the browser asks for one: en or es.
    TRACKER_DEFAULT_LOCALE = os.environ.get("TRACKER_DEFAULT_LOCALE", "en")
    TRACKER_DEFAULT_TIMEZONE = os.environ.get("TRACKER_DEFAULT_TIMEZONE", "America/New_York")
    # Closed cases (stage closed or a final outcome) are listed for purge this many days after closing.
    TRACKER_RETENTION_DAYS = _int("TRACKER_RETENTION_DAYS", 365)
    # Number of proxies in front of the app whose X-Forwarded-For to trust.
    TRACKER_PROXY_COUNT = _int("TRACKER_PROXY_COUNT", 0)

    # Mail (see README, Mail). Without MAIL_SERVER messages are written to instance/mail/ as .eml files.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = _int("MAIL_PORT", 0)  # 0: 465 with SSL, 587 with TLS, else 25
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_FROM = os.environ.get("MAIL_FROM", "Sanctuary Network <tracker@localhost>")
    MAIL_TIMEOUT = _int("MAIL_TIMEOUT", 30)
    # Temporary failures are retried after 1, 2, 4… minutes (at most an hour apart), this many times.
    MAIL_RETRY_SECONDS = _int("MAIL_RETRY_SECONDS", 60)
    MAIL_MAX_ATTEMPTS = _int("MAIL_MAX_ATTEMPTS", 20)
    # How long a message that could not be delivered keeps its body and address.
    MAIL_KEEP_FAILED_DAYS = _int("MAIL_KEEP_FAILED_DAYS", 7)
    MAIL_BATCH = _int("MAIL_BATCH", 100)
    # Strict-Transport-Security header; set in production only.
    TRACKER_HSTS = ""

    # argon2 cost; tests lower it to keep the suite fast.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536


class DevelopmentConfig(Config):
    TRACKER_ENV = "development"
    TRACKER_GENERATE_SECRETS = True
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


class TestingConfig(Config):
    TRACKER_ENV = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    # A fixed, fictional Fernet key for tests only.
    TRACKER_ENCRYPTION_KEY = "dGVzdC1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXM="
    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("TEST_DATABASE_URL")) or "sqlite://"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    RATELIMIT_STORAGE_URI = "memory://"
    # The test client's own host: tests that send another Host header prove links ignore it.
    TRACKER_BASE_URL = "http://localhost"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 64
    # No role needs a second factor unless a test says so (tests/auth/test_two_factor.py),
    # so that `login_as` signs in with the password alone.
    TRACKER_REQUIRE_2FA = ""
    # Tests deliver to their own SMTP server, or not at all.
    MAIL_SERVER = None


class ProductionConfig(Config):
    TRACKER_ENV = "production"
    # No default: a link built from a guess would send people elsewhere.
    TRACKER_BASE_URL = os.environ.get("TRACKER_BASE_URL")
    # Browsers that once reached the tracker over HTTPS never try plain HTTP again.
    TRACKER_HSTS = "max-age=31536000; includeSubDomains"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
