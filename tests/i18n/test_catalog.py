"""The Spanish catalog is complete and current: every message has a Spanish
translation keeping its placeholders, and extracting the code now gives the
same messages as the catalog (`make catalog` was run after the last change)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "tracker" / "translations"
SPANISH = TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po"
# The same keywords as `make catalog` (Makefile).
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
FIX = "Run `make catalog`, then write the Spanish in tracker/translations/es/LC_MESSAGES/messages.po."


def _catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="es" if path == SPANISH else None)


def _ids(catalog) -> set[str]:
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


def placeholders(text: str) -> set[str]:
    return {match.group(0) for match in PLACEHOLDER.finditer(text)}


def translation_problems(catalog) -> list[str]:
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = (message.string,) if isinstance(message.string, str) else message.string
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        elif not all(strings):
            problems.append(f"no Spanish: {ids[0]!r}")
        else:
            expected = [placeholders(text) for text in ids]
            for index, string in enumerate(strings):
                # A plural's singular form may spell the number out ("un campo"); its other forms keep every placeholder.
                allowed = set().union(*expected)
                wanted = expected[-1] if index > 0 or len(ids) == 1 else set()
                found = placeholders(string)
                if not (wanted <= found <= allowed):
                    problems.append(f"placeholders {sorted(found)} instead of {sorted(expected[-1])}: {ids[0]!r}")
    return problems


def test_every_message_has_a_spanish_translation_with_the_same_placeholders():
    problems = translation_problems(_catalog(SPANISH))
    assert problems == [], FIX + "\n" + "\n".join(problems)


def test_the_catalog_is_current_with_the_code(tmp_path):
    extracted = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", *KEYWORDS, "-o", str(extracted), "."],
                   cwd=ROOT, check=True)
    now = _ids(_catalog(extracted))
    for kept in (TRANSLATIONS / "messages.pot", SPANISH):
        catalog = _ids(_catalog(kept))
        assert (sorted(now - catalog), sorted(catalog - now)) == ([], []), f"{kept.name} is stale (new, gone). {FIX}"


@pytest.mark.parametrize(("msgid", "msgstr", "ok"), [
    ("Case %(id)s", "Caso %(id)s", True),
    ("Case %(id)s", "Caso", False),
    ("Case %(id)s", "Caso %(number)s", False),
    ("Sign", "", False),
    (("Please correct this field:", "Please correct these %(num)s fields:"), ("Corrige este campo:", "Corrige estos %(num)s campos:"), True),
    (("%(num)s page", "%(num)s pages"), ("%(num)s página", "páginas"), False),
])
def test_the_check_catches_a_missing_or_broken_translation(msgid, msgstr, ok):
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="es")
    catalog.add(msgid, msgstr)
    assert (translation_problems(catalog) == []) is ok
