"""Issue 23: an office text edited in one language only was not warned of: the other languages still printed the
earlier words. The core names the languages behind the newest edit (``clauses.languages_behind``), on saving and on
printing in such a language; the window and the command line show its message."""

from __future__ import annotations

from vetdesk import i18n
from vetdesk.services import clauses
from vetdesk.storage.engine import Database
from vetdesk.storage.plain import SessionReads


def edited(document: str, language: str, extra: str = "Una frase más.") -> str:
    return clauses.shipped(document, language) + "\n" + extra + "\n"


def _behind(db: Database, document: str = "collaboration") -> tuple[str, ...]:
    with db.reader() as session:  # type: ignore[attr-defined]
        return clauses.languages_behind(SessionReads(session), document)


def test_an_edit_in_one_language_leaves_the_others_behind_until_they_are_edited(db: Database) -> None:
    assert _behind(db) == ()  # the shipped texts: nothing to warn of
    saved = clauses.save(db, "collaboration", "es", edited("collaboration", "es"))
    assert saved.behind == ("en", "de", "pt") == _behind(db)
    [warning] = saved.warnings  # in the user's language (the tests' is English)
    assert not warning.is_error and warning.code == "clauses.behind"
    assert "Spanish only" in warning.message and "English, German, Portuguese" in warning.message
    assert _behind(db, "agreement") == ()  # another document's texts are not concerned
    assert clauses.save(db, "collaboration", "en", edited("collaboration", "en")).behind == ("de", "pt")
    assert clauses.save(db, "collaboration", "de", edited("collaboration", "de")).behind == ("pt",)
    assert clauses.save(db, "collaboration", "pt", edited("collaboration", "pt")).behind == ()
    assert clauses.save(db, "collaboration", "pt", edited("collaboration", "pt")).warnings == []
    # A later edit in one language (a new change) puts the others behind again.
    assert clauses.save(db, "collaboration", "de", edited("collaboration", "de", "Mehr.")).behind == (
        "es", "en", "pt")


def test_printing_in_a_language_behind_warns_and_the_edited_one_does_not(db: Database) -> None:
    clauses.save(db, "collaboration", "es", edited("collaboration", "es"))
    i18n.set_language("es")
    found = clauses.behind_when_printing(db, "collaboration", "de")
    assert found is not None and not found.is_error and "alemán" in found.message
    assert clauses.behind_when_printing(db, "collaboration", "es") is None
    assert clauses.behind_when_printing(db, "agreement", "de") is None


def test_putting_back_the_shipped_text_everywhere_is_not_behind(db: Database) -> None:
    clauses.save(db, "collaboration", "es", edited("collaboration", "es"))
    assert clauses.reset(db, "collaboration", "es").behind == ()  # all four print vetdesk's own text again
    assert clauses.save(db, "collaboration", "en", edited("collaboration", "en")).behind == ("es", "de", "pt")
