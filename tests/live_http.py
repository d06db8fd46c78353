"""A plain HTTP visitor for the app served by the `live_server` fixture: keeps
cookies, signs in with a CSRF token like a browser, and reads whole bodies.
Only the standard library, so that it sees exactly what a download gives."""
from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar

from tests import factories

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Visitor:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> Reply:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, data: dict) -> Reply:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(self.base_url + path, data=body, method="POST"))

    def sign_in(self, email: str, password: str = factories.PASSWORD) -> None:
        token = CSRF_META.search(self.get("/login").text).group(1)
        reply = self.post("/login", {"email": email, "password": password, "csrf_token": token})
        assert "Sign out" in reply.text, f"sign-in as {email} failed ({reply.status})"

    def _open(self, request) -> Reply:
        try:
            with self._opener.open(request, timeout=30) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read())
