"""Every form that posts can show it is sending and refuse a second click:
static/js/app.js does it for any POST form on a page that loads it, through the
form's submit buttons. Checked here for every template; the behaviour itself is
driven in tests/browser/test_double_click.py."""
from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LAYOUTS = {"base.html", "public/base.html"}
POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
# What app.js takes for a submit button: button[type=submit], button:not([type]), input[type=submit].
SUBMIT = re.compile(r"<button\b(?![^>]*\btype=\"(?:button|reset)\")[^>]*>|<input\b[^>]*\btype=\"submit\"", re.I)
EXTENDS = re.compile(r"\{%\s*extends\s+\"([^\"]+)\"")


def _pages() -> list[Path]:
    """Templates that are pages (not partials, macros or mail)."""
    return [
        path for path in TEMPLATES.rglob("*.html")
        if not path.name.startswith("_") and path.relative_to(TEMPLATES).parts[0] != "mail"
        and str(path.relative_to(TEMPLATES)) not in LAYOUTS
    ]


def _layout_of(path: Path) -> str | None:
    seen = set()
    name = str(path.relative_to(TEMPLATES))
    while name not in LAYOUTS:
        if name in seen:
            return None
        seen.add(name)
        found = EXTENDS.search((TEMPLATES / name).read_text())
        if not found:
            return None
        name = found.group(1)
    return name


def test_both_layouts_load_the_script_that_disables_sending_buttons():
    for layout in LAYOUTS:
        assert "js/app.js" in (TEMPLATES / layout).read_text(), layout


def test_every_page_extends_a_layout_that_loads_the_script():
    pages = _pages()
    assert len(pages) > 30
    orphans = [str(path.relative_to(TEMPLATES)) for path in pages if _layout_of(path) is None]
    assert orphans == []


def test_every_post_form_has_a_submit_button_the_script_handles():
    checked, without = 0, []
    for path in [*TEMPLATES.rglob("*.html")]:
        if path.relative_to(TEMPLATES).parts[0] == "mail":
            continue
        for body in POST_FORM.findall(path.read_text()):
            checked += 1
            if not SUBMIT.search(body):
                without.append(f"{path.relative_to(TEMPLATES)}: {body.strip()[:80]}")
    assert checked >= 30
    assert without == []
