"""A wide table scrolls in its own box, not the page: the box is a named region a
keyboard can reach (to scroll it with the arrow keys), and it contains its
visually-hidden header cells (otherwise they stick out and the phone scrolls sideways)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).parents[2] / "templates"
WRAPPED = sorted(path for path in TEMPLATES.rglob("*.html") if 'class="table-wrap"' in path.read_text())
CSS = (Path(__file__).parents[2] / "static" / "css" / "app.css").read_text()


def test_the_case_page_is_among_them():
    assert TEMPLATES / "cases" / "show.html" in WRAPPED


@pytest.mark.parametrize("path", WRAPPED, ids=[str(p.relative_to(TEMPLATES)) for p in WRAPPED])
def test_every_scroll_box_is_a_named_region_a_keyboard_reaches(path):
    for tag in re.findall(r'<div class="table-wrap"[^>]*>', path.read_text()):
        assert 'role="region"' in tag and 'tabindex="0"' in tag and re.search(r'aria-label="[^"]+"', tag), tag


def test_the_scroll_box_contains_what_is_positioned_inside_it():
    rule = re.search(r"^\.table-wrap \{([^}]*)\}", CSS, flags=re.M).group(1)
    assert "overflow-x: auto" in rule and "position: relative" in rule
    assert re.search(r"^\.table-wrap:focus-visible \{[^}]*outline", CSS, flags=re.M)


def test_the_case_page_puts_its_filings_in_a_named_scroll_box(login_as, users):
    from tests import factories
    from tracker.cases.models import Filing, FilingKind
    from tracker.extensions import db

    case = factories.make_case(team=[users["legal"]])
    db.session.add(Filing(case_id=case.id, kind=FilingKind.STAY_OF_REMOVAL))
    db.session.commit()
    page = login_as("legal").text(f"/cases/{case.id}")
    assert re.search(r'<div class="table-wrap" role="region" aria-label="Filings" tabindex="0">\s*<table', page)
