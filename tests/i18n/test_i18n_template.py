"""translations/messages.pot holds exactly the messages the code marks for translation.

A string added (or reworded) in the code without running ``python -m vetdesk.i18n_tools`` fails here.
"""

from __future__ import annotations

import pytest

from vetdesk import i18n_tools as tools


@pytest.fixture(scope="module")
def extracted() -> dict[object, tuple[str, ...]]:
    return _ids(tools.extract())


def _ids(catalogue) -> dict[object, tuple[str, ...]]:  # noqa: ANN001 - a babel Catalog
    return {tools.message_key(m): tools._as_tuple(m.id) for m in catalogue if m.id}


def test_template_is_up_to_date_with_the_code(extracted: dict[object, tuple[str, ...]]) -> None:
    committed = _ids(tools.read_catalogue(tools.template_path()))
    new = sorted(map(repr, set(extracted) - set(committed)))
    gone = sorted(map(repr, set(committed) - set(extracted)))
    assert not new and not gone, (
        "translations/messages.pot is stale; run `python -m vetdesk.i18n_tools` and translate.\n"
        f"In the code but not the template ({len(new)}): {new[:15]}\n"
        f"In the template but no longer in the code ({len(gone)}): {gone[:15]}")
    changed_plural = [k for k in extracted if extracted[k] != committed[k]]
    assert not changed_plural, f"plural forms changed: {changed_plural[:10]}"


def test_extraction_finds_every_kind_of_call(extracted: dict[object, tuple[str, ...]]) -> None:
    """The keyword list catches _, N_, ngettext and a module-qualified call (i18n.ngettext)."""
    keys = set(extracted)
    assert "draft" in keys  # N_ in vetdesk/domain/lifecycle.py
    assert "{n} error" in keys  # i18n.ngettext in vetdesk/commands/records.py
    assert any(isinstance(k, str) and k.endswith("is required; fill it in.") for k in keys)  # _ in rules


def test_labels_translated_through_variables_are_marked() -> None:
    """Labels kept in registries and translated later with ``_(label)`` must be marked with ``N_``.

    Babel cannot see a label that is only ever passed as a variable; an unmarked one stays English in
    every language. This checks the registries the domain and services keep.
    """
    from vetdesk.domain import lifecycle, permissions, scales
    from vetdesk.services import records

    keys = set(_ids(tools.read_catalogue(tools.template_path())))
    wanted: set[str] = set()
    for kind in records.KINDS.values():
        wanted |= {kind.singular, kind.plural}
        wanted |= {f.label for f in kind.fields}
    wanted |= set(lifecycle._LABELS.values())
    wanted |= set(permissions.ROLE_LABELS.values())
    wanted |= set(permissions._ACTION_LABELS.values())
    for scale in scales.SCALES.values():
        for entry in [*scale.get("levels", ()), *scale.get("bands", ())]:
            wanted.add(entry["label"])
    assert len(wanted) > 60
    unmarked = sorted(w for w in wanted if w not in keys)
    assert not unmarked, f"labels that are never extracted (wrap them in N_): {unmarked}"
