"""Entry point for gunicorn: `gunicorn wsgi:app`. Production settings unless TRACKER_ENV says otherwise."""
import os

from tracker import create_app

app = create_app(os.environ.get("TRACKER_ENV", "production"))
