"""Badge and status text reads at WCAG AA (4.5:1) on its own background, and the
coloured text colours read at AA on the page's backgrounds."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).parents[2] / "static" / "css" / "app.css").read_text()
VARIABLES = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\b", CSS))
BADGES = re.findall(r"^\.(badge-[\w-]+) \{([^}]*)\}", CSS, flags=re.M)
# Filing, letter and campaign states shown as pills: those that set both colours.
STATUSES = [(name, rule) for name, rule in re.findall(r"^\.(status-[\w-]+) \{([^}]*)\}", CSS, flags=re.M)
            if "background:" in rule and re.search(r"(?<![\w-])color:", rule)]
# Text colours set on plain page backgrounds (ok, warning and danger words, muted hints).
TEXT_COLOURS = ["--ok", "--danger", "--muted", "--brand", "--ink"]
PAGE_BACKGROUNDS = ["--paper", "--bg"]


def _colour(rule: str, prop: str) -> str:
    value = re.search(rf"(?<![\w-]){prop}:\s*([^;]+);", rule).group(1).strip()
    return VARIABLES.get(value.removeprefix("var(").removesuffix(")"), value)


def _luminance(hex_colour: str) -> float:
    if len(hex_colour) == 4:  # "#fff"
        hex_colour = "#" + "".join(c * 2 for c in hex_colour[1:])
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_rules_are_found():
    assert {"badge-ok", "badge-danger", "badge-muted"} <= {name for name, _ in BADGES}
    assert {"status-granted", "status-live", "status-approved", "status-denied"} <= {name for name, _ in STATUSES}


def test_the_contrast_sums_are_right():
    """WCAG's own reference points: black on white is 21:1, and the old green 4.26:1."""
    assert contrast("#000000", "#fff") == pytest.approx(21)
    assert contrast("#2e7d4f", "#dff0e5") == pytest.approx(4.26, abs=0.01)


@pytest.mark.parametrize(("name", "rule"), BADGES + STATUSES, ids=[name for name, _ in BADGES + STATUSES])
def test_badge_text_contrast_is_at_least_aa(name, rule):
    ratio = contrast(_colour(rule, "color"), _colour(rule, "background"))
    assert ratio >= 4.5, f".{name}: {ratio:.2f}:1"


@pytest.mark.parametrize("background", PAGE_BACKGROUNDS)
@pytest.mark.parametrize("text", TEXT_COLOURS)
def test_coloured_text_reads_on_the_page(text, background):
    ratio = contrast(VARIABLES[text], VARIABLES[background])
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"
