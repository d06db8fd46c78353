"""Badge text reads at WCAG AA (4.5:1) on its own background."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).parents[2] / "static" / "css" / "app.css").read_text()
VARIABLES = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\b", CSS))
BADGES = re.findall(r"^\.(badge-[\w-]+) \{([^}]*)\}", CSS, flags=re.M)


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


@pytest.mark.parametrize(("name", "rule"), BADGES, ids=[name for name, _ in BADGES])
def test_badge_text_contrast_is_at_least_aa(name, rule):
    assert contrast(_colour(rule, "color"), _colour(rule, "background")) >= 4.5
