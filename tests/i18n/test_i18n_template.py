"""translations/messages.pot holds exactly the messages the code marks for translation.

A string added (or reworded) in the code without running ``python -m vetdesk.i18n_tools`` fails here.
"""

from __future__ import annotations

from vetdesk import i18n_tools as tools


def _ids(catalogue) -> dict[object, tuple[str, ...]]:  # noqa: ANN001 - a babel Catalog
    return {tools.message_key(m): tools._as_tuple(m.id) for m in catalogue if m.id}


def test_template_is_up_to_date_with_the_code() -> None:
    extracted = _ids(tools.extract())
    committed = _ids(tools.read_catalogue(tools.template_path()))
    new = sorted(map(repr, set(extracted) - set(committed)))
    gone = sorted(map(repr, set(committed) - set(extracted)))
    assert not new and not gone, (
        "translations/messages.pot is stale; run `python -m vetdesk.i18n_tools` and translate.\n"
        f"In the code but not the template ({len(new)}): {new[:15]}\n"
        f"In the template but no longer in the code ({len(gone)}): {gone[:15]}")
    changed_plural = [k for k in extracted if extracted[k] != committed[k]]
    assert not changed_plural, f"plural forms changed: {changed_plural[:10]}"


def test_extraction_finds_every_kind_of_call() -> None:
    """The keyword list catches _, N_, ngettext and a module-qualified call (i18n.ngettext)."""
    keys = set(_ids(tools.extract()))
    assert "draft" in keys  # N_ in vetdesk/domain/lifecycle.py
    assert "{n} error" in keys  # i18n.ngettext in vetdesk/cli.py
    assert any(isinstance(k, str) and k.endswith("is required; fill it in.") for k in keys)  # _ in rules
