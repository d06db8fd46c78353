"""Signing in through the real sign-in page, as a person does."""
from __future__ import annotations

from tests import factories


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
