"""Rating scales are data: levels and the IHK 100-point bands."""

from __future__ import annotations

import pytest

from vetdesk.domain import scales


@pytest.mark.parametrize(("points", "label"), [
    (100, "very good"), (92, "very good"), (91, "good"), (81, "good"), (80, "satisfactory"),
    (67, "satisfactory"), (66, "sufficient"), (50, "sufficient"), (49, "poor"), (30, "poor"),
    (29, "insufficient"), (0, "insufficient"),
])
def test_ihk_bands(points: int, label: str) -> None:
    assert scales.level_label(scales.IHK_100, points) == f"{points} ({label})"
    assert scales.is_reached(scales.IHK_100, points) is (points >= 50)


def test_levels_and_validity() -> None:
    assert scales.allowed_values(scales.FOUR_LEVELS) == [1, 2, 3, 4]
    assert scales.is_valid_level(scales.FOUR_LEVELS, 4) and not scales.is_valid_level(scales.FOUR_LEVELS, 5)
    assert not scales.is_valid_level(scales.IHK_100, 101) and scales.is_valid_level(scales.IHK_100, 0)
    assert [scales.is_reached(scales.FOUR_LEVELS, v) for v in (1, 2, 3, 4)] == [False, False, True, True]
    assert "3 = competent" in scales.describe(scales.FOUR_LEVELS)
