"""Rating scales are data, not code: a programme stores its scale as a small JSON document.

``{"kind": "levels", "levels": [{"value": 1, "label": "...", "reached": false}, ...]}``
The IHK 100-point scale has values 0–100 and grade bands; a value counts as reached from 50.
"""

from __future__ import annotations

from typing import Any

from vetdesk.i18n import N_, _

FOUR_LEVELS: dict[str, Any] = {
    "kind": "levels",
    "levels": [
        {"value": 1, "label": N_("not yet shown"), "reached": False},
        {"value": 2, "label": N_("developing"), "reached": False},
        {"value": 3, "label": N_("competent"), "reached": True},
        {"value": 4, "label": N_("outstanding"), "reached": True},
    ],
}

PASS_FAIL: dict[str, Any] = {
    "kind": "levels",
    "levels": [
        {"value": 0, "label": N_("not yet competent"), "reached": False},
        {"value": 1, "label": N_("competent"), "reached": True},
    ],
}

IHK_100: dict[str, Any] = {
    "kind": "points",
    "min": 0,
    "max": 100,
    "reached_from": 50,
    "bands": [
        {"from": 92, "grade": 1, "label": N_("very good")},
        {"from": 81, "grade": 2, "label": N_("good")},
        {"from": 67, "grade": 3, "label": N_("satisfactory")},
        {"from": 50, "grade": 4, "label": N_("sufficient")},
        {"from": 30, "grade": 5, "label": N_("poor")},
        {"from": 0, "grade": 6, "label": N_("insufficient")},
    ],
}

SCALES = {"four_levels": FOUR_LEVELS, "pass_fail": PASS_FAIL, "ihk100": IHK_100}

#: Each scale of :data:`SCALES` in words, as the programme's form offers it (``vetdesk catalogue scale`` names it):
#: a short name, whole in a narrow choice at 1366×768; :func:`describe` says its levels.
SCALE_NAMES = {"four_levels": N_("Four levels"),
               "pass_fail": N_("Competent or not yet competent"),
               "ihk100": N_("0 to 100 points (IHK grades 1 to 6)")}


def preset_of(scale: dict[str, Any] | None) -> str | None:
    """Which of :data:`SCALES` a programme's scale is (None: a scale of its own, read from a file)."""
    return next((name for name, document in SCALES.items() if dict(document) == dict(scale or {})), None)


def allowed_values(scale: dict[str, Any]) -> list[int]:
    if scale.get("kind") == "points":
        return list(range(int(scale["min"]), int(scale["max"]) + 1))
    return [int(level["value"]) for level in scale["levels"]]


def is_valid_level(scale: dict[str, Any], value: int) -> bool:
    if scale.get("kind") == "points":
        return int(scale["min"]) <= value <= int(scale["max"])
    return value in allowed_values(scale)


def is_reached(scale: dict[str, Any], value: int) -> bool:
    if scale.get("kind") == "points":
        return value >= int(scale["reached_from"])
    return any(int(level["value"]) == value and level["reached"] for level in scale["levels"])


def level_label(scale: dict[str, Any], value: int) -> str:
    if scale.get("kind") == "points":
        for band in scale["bands"]:
            if value >= band["from"]:
                word = band["label"]  # marked with N_ above; a variable keeps extraction from seeing "label"
                return f"{value} ({_(word)})"
        return str(value)
    for level in scale["levels"]:
        if int(level["value"]) == value:
            word = level["label"]
            return _(word)
    return str(value)


def describe(scale: dict[str, Any]) -> str:
    if scale.get("kind") == "points":
        return _("{min} to {max} points, reached from {reached}").format(
            min=scale["min"], max=scale["max"], reached=scale["reached_from"])
    return ", ".join(f"{lv['value']} = {label_of(lv)}" for lv in scale["levels"])


def label_of(level: dict[str, Any]) -> str:
    """A level's or band's word in the interface language (the words are marked with N_ above)."""
    word = level["label"]
    return _(word)
