"""The office's own text: clause templates per document and language, stored in the database and versioned.

Each template is a Jinja2 text rendered in Jinja's sandbox (an administrator's text reaches the values given to
it and nothing of Python), with ``StrictUndefined`` so that a misspelt name is an error, not a blank. Its lines
are a small markup the report turns into paragraphs: ``# `` a heading, ``## `` a subheading, ``- `` a bullet, a
blank line between paragraphs. The shipped text is version 0 (``resources/clauses``); saving adds the next
version, a reset saves the shipped text again as a new version, and nothing is ever overwritten, so a printed
document's "text version" names exactly the words it used. A template that does not compile or render with
vetdesk's built-in sample documents (and the real one chosen for the preview) is refused when saved, with its
line; one that fails when a document is built stops the document before any file is opened.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vetdesk.domain.normalize import one_period
from vetdesk.domain.problems import Problem, RuleViolation, error, warning
from vetdesk.i18n import N_, _, ngettext, shown_day
from vetdesk.paths import resource_path
from vetdesk.services.actors import SYSTEM, Actor
from vetdesk.storage.engine import Database
from vetdesk.storage.plain import PlainReads, json_value, moment

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# SQLAlchemy, the models and the units of work load when a text is saved or listed, not with this module: the
# one-shot print command reads the current text with plain SQL (storage.plain) and never imports them.

#: The texts an office edits, and what the window calls them.
DOCUMENTS: dict[str, str] = {
    "agreement": N_("Learning agreement: clauses"),
    "collaboration": N_("Collaboration agreement: clauses"),
    "mail": N_("E-mail sent with a document"),
}
#: The learning agreement's clauses whose body the office's text may give (a line ``#= name`` starts one; it runs
#: to the next such line or ``# `` heading). The clause's number and heading stay the layout's; a text without
#: the section prints vetdesk's own words there.
AGREEMENT_SECTIONS = ("obligations", "termination", "data_protection")
#: The languages of the documents (the short codes of ``vetdesk print --lang``).
LANGUAGES = ("es", "en", "de", "pt")
#: The longest text taken (a few pages of clauses are a few kilobytes).
MAX_CHARS = 100_000
#: Each language's name, as the messages about an office text say it (in the user's language).
LANGUAGE_NAMES: dict[str, str] = {"es": N_("Spanish"), "en": N_("English"), "de": N_("German"),
                                  "pt": N_("Portuguese")}


@dataclass(frozen=True)
class ClauseText:
    """One version of one document's text in one language."""

    document: str
    language: str
    #: 0: the shipped text; 1, 2…: the office's saved versions.
    version: int
    body: str
    saved_at: datetime | None = None
    saved_by: str | None = None

    @property
    def digest(self) -> str:
        """The first six hex digits of the text's SHA-256: two printings with the same label used the same words."""
        return hashlib.sha256(self.body.encode("utf-8")).hexdigest()[:6]

    @property
    def label(self) -> str:
        """What the footer and the history record: ``agreement/es v3 (1a2b3c)``."""
        return f"{self.document}/{self.language} v{self.version} ({self.digest})"


@dataclass(frozen=True)
class Saved:
    """A text just saved, and what the office is told of the other languages: those whose text was last saved
    before it (:func:`languages_behind`) still print the earlier words."""

    text: ClauseText
    behind: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.text.label

    @property
    def version(self) -> int:
        return self.text.version

    @property
    def warnings(self) -> list[Problem]:
        return [behind_on_save(self.text.document, self.text.language, self.behind)] if self.behind else []


@dataclass(frozen=True)
class Block:
    """One rendered piece: heading, subheading, bullet or paragraph."""

    kind: str
    text: str


class ClauseError(Exception):
    """A template that cannot be rendered: its line (1-based, 0 if unknown), Jinja's message (English, for a
    developer), and what :func:`describe` tells the user in their language: ``kind`` of mistake and the
    ``name`` it is about."""

    def __init__(self, line: int, message: str, kind: str = "", name: str = "", names: tuple[str, ...] = (),
                 opened: str = ""):
        super().__init__(f"line {line}: {message}")
        self.line, self.message = line, message
        self.kind, self.name, self.names = kind, name, names
        #: An instruction never closed, as typed ("{% if minor %}"): ``line`` is the line that opened it.
        self.opened = opened


def language_of(locale: str) -> str:
    """The short language code of a translator's locale (es_MX -> es, pt_BR -> pt)."""
    code = locale.split("_")[0].lower()
    return code if code in LANGUAGES else "es"


@lru_cache(maxsize=1)
def shipped_text_version() -> str:
    """The version of a document's text that ships with vetdesk and that the office does not edit (a progress
    report's, a certificate's): vetdesk's own version (its package's, as ``vetdesk --version`` reads
    it), shown in the footer as the office's text's is."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"vetdesk {version('vetdesk')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "vetdesk"


def _check_names(document: str, language: str) -> None:
    if document not in DOCUMENTS or language not in LANGUAGES:
        raise RuleViolation([error("document", _("There is no office text {document} in language {language}.")
                                   .format(document=document, language=language), "clauses.unknown")])


@lru_cache(maxsize=32)
def shipped(document: str, language: str) -> str:
    """The text vetdesk ships (version 0)."""
    return Path(resource_path("clauses", f"{document}.{language}.txt")).read_text(encoding="utf-8")


def current_from(reads: PlainReads, document: str, language: str) -> ClauseText:
    """The text printed now: the office's latest version, else the shipped one (plain SQL: a session's or a
    bare connection's)."""
    found = reads.rows("SELECT version, body, saved_at, saved_by FROM clause_templates WHERE document = :document "
                       "AND language = :language ORDER BY version DESC LIMIT 1",
                       {"document": document, "language": language})
    if not found:
        return ClauseText(document, language, 0, shipped(document, language))
    version, body, saved_at, saved_by = found[0]
    return ClauseText(document, language, version, body, moment(saved_at), saved_by)


def version_from(reads: PlainReads, document: str, language: str, version: int) -> ClauseText:
    """One version of the text (0: the shipped one); the current one when the office has no such version (a
    database restored without it)."""
    if version == 0:
        return ClauseText(document, language, 0, shipped(document, language))
    found = reads.rows("SELECT version, body, saved_at, saved_by FROM clause_templates WHERE document = :document "
                       "AND language = :language AND version = :version",
                       {"document": document, "language": language, "version": version})
    if not found:
        return current_from(reads, document, language)
    number, body, saved_at, saved_by = found[0]
    return ClauseText(document, language, number, body, moment(saved_at), saved_by)


def printed_versions(reads: PlainReads, document: str) -> dict[str, int]:
    """The version of the text each language prints now (0: the shipped one): what an agreement going out for
    signature keeps, so that its reprint says the words it was signed with."""
    found = dict(reads.rows("SELECT language, MAX(version) FROM clause_templates WHERE document = :document "
                            "GROUP BY language", {"document": document}))
    return {language: int(found.get(language) or 0) for language in LANGUAGES}


def kept_or_current(reads: PlainReads, document: str, language: str, kept: Mapping[str, Any] | None) -> ClauseText:
    """The version an agreement kept when it went out for signature (``printed_annex["clauses"]``), else the
    current one."""
    version = (kept or {}).get(language)
    return version_from(reads, document, language, int(version)) if version is not None \
        else current_from(reads, document, language)


def kept(db: Database, document: str, language: str, versions: Mapping[str, Any] | None) -> ClauseText:
    """:func:`kept_or_current` in a reading of its own: the text a document kept when it went out for signature
    (``versions``: its language -> version), else the current one."""
    _check_names(document, language)
    from vetdesk.services.uow import reading
    from vetdesk.storage.plain import SessionReads

    with reading(db) as session:
        return kept_or_current(SessionReads(session), document, language, versions)


def _saves(reads: PlainReads, document: str) -> list[tuple[str, int, str, datetime | None]]:
    """Every saved version of ``document``'s texts in the order saved: (language, version, body, saved at)."""
    return [(str(language), int(version), str(body), moment(saved_at)) for language, version, body, saved_at
            in reads.rows("SELECT language, version, body, saved_at FROM clause_templates WHERE document = "
                          ":document ORDER BY saved_at, id", {"document": document})]


@dataclass(frozen=True)
class Behind:
    """The languages whose text is behind, and the change they miss: its language and when it was saved."""

    languages: tuple[str, ...] = ()
    changed_in: str = ""
    changed_at: datetime | None = None


def _behind(document: str, saves: Sequence[tuple[str, int, str, datetime | None]],
            versions: Mapping[str, Any] | None = None) -> Behind:
    """:func:`languages_behind` read from ``saves``; with ``versions`` (a printed document's kept versions, by
    language) only the saves up to those versions count: the texts as they stood when it went out."""
    behind: set[str] = set()
    changed_in, changed_at = "", None
    latest = {code: shipped(document, code) for code in LANGUAGES}
    for language, version, body, saved_at in saves:
        if versions is not None and version > int(versions.get(language) or 0):
            continue  # saved after the document went out: not among the words it printed
        if language not in latest or latest[language] == body:
            continue  # the same words saved again change nothing
        latest[language] = body
        if language in behind:
            behind.discard(language)
        else:
            behind = set(LANGUAGES) - {language}
            changed_in, changed_at = language, saved_at
        if all(latest[code] == shipped(document, code) for code in LANGUAGES):
            behind = set()
    return Behind(tuple(code for code in LANGUAGES if code in behind), changed_in, changed_at)


def languages_behind(reads: PlainReads, document: str) -> tuple[str, ...]:
    """The languages whose text of ``document`` is behind: not saved since a change made in another language, so
    that they still print the earlier words. Read from the saves in order: a save that changes the words of a
    language that was behind brings it up to date (the change carried over); one in any other language is a new
    change, and puts every other language behind (the same words saved again change nothing). Nothing is behind
    while every language prints its shipped text. In :data:`LANGUAGES` order."""
    return _behind(document, _saves(reads, document)).languages


def language_names(codes: Sequence[str]) -> str:
    """``German, Portuguese``: the languages named in the user's language."""
    return ", ".join(_(LANGUAGE_NAMES[code]) for code in codes)


def behind_on_save(document: str, language: str, behind: Sequence[str]) -> Problem:
    """The warning on saving a text whose other languages were not edited with it (the window and ``vetdesk
    clauses save`` say it alike)."""
    return warning("body", _("The text “{text}” was changed in {language} only: in {others} it still has "
                             "the earlier words, and documents printed in those languages say them. Edit the text "
                             "in those languages too.").format(text=_(DOCUMENTS[document]),
                                                               language=_(LANGUAGE_NAMES[language]),
                                                               others=language_names(behind)),
                   "clauses.behind")


def behind_on_print(reads: PlainReads, document: str, language: str,
                    versions: Mapping[str, Any] | None = None, *, printing: bool = True) -> Problem | None:
    """The warning on printing ``document`` in a language whose office text is behind another language's newest
    edit (:func:`languages_behind`): printing goes on; the officer knows the words are the earlier ones and which
    they are. ``versions``: the versions a document kept when it went out for signature (it prints those).
    ``printing=False``: the text is only shown (``vetdesk clauses show``), no copy exists: it says what documents
    printed in that language use."""
    return _behind_note(document, language, _saves(reads, document), versions, printing=printing)


def _behind_note(document: str, language: str, saves: Sequence[tuple[str, int, str, datetime | None]],
                 versions: Mapping[str, Any] | None, *, printing: bool = True) -> Problem | None:
    found = _behind(document, saves, versions)
    if language not in found.languages:
        return None
    own = [v for code, v, _body, _at in saves if code == language
           and (versions is None or v <= int(versions.get(code) or 0))]
    version = max(own, default=0)
    saved = next((at for code, v, _body, at in saves if code == language and v == version), None)
    values = {"text": _(DOCUMENTS[document]), "language": _(LANGUAGE_NAMES[language]),
              "other": _(LANGUAGE_NAMES[found.changed_in]) if found.changed_in else "",
              "day": shown_day(found.changed_at.date()) if found.changed_at else "—", "n": version,
              "saved": shown_day(saved.date()) if saved else "—"}
    if not printing:
        if version == 0:
            message = _("The office's text \u201c{text}\u201d was changed in {other} on {day} and not in {language}: "
                        "documents printed in {language} use vetdesk's own text in {language} (v0), without that "
                        "change. An administrator can edit it under Tools \u203a Office texts.")
        else:
            message = _("The office's text \u201c{text}\u201d was changed in {other} on {day} and not in {language}: "
                        "documents printed in {language} use the earlier text in {language} (v{n}, saved on "
                        "{saved}), without that change. An administrator can edit it under Tools \u203a Office "
                        "texts.")
    elif version == 0:
        message = _("The office's text \u201c{text}\u201d was changed in {other} on {day} and not in {language}: "
                    "this copy in {language} uses vetdesk's own text in {language} (v0), without that change. An "
                    "administrator can edit it under Tools \u203a Office texts.")
    else:
        message = _("The office's text \u201c{text}\u201d was changed in {other} on {day} and not in {language}: "
                    "this copy in {language} uses the earlier text in {language} (v{n}, saved on {saved}), without "
                    "that change. An administrator can edit it under Tools \u203a Office texts.")
    return warning("body", message.format(**values), "clauses.behind")


def agreement_text_notes(reads: PlainReads, agreement_ids: Sequence[int], language: str) -> dict[int, Problem]:
    """For each agreement printed in ``language`` whose office text there is behind another language's change,
    the warning that says so (:func:`behind_on_print`), by id. A draft prints the texts of today; one that went
    out for signature prints the versions it kept (``printed_annex["clauses"]``), judged as they stood then.
    Read with plain SQL: the one-shot print command, the full way, the window's preview and a batch say it
    alike."""
    language = language_of(language)
    saves = _saves(reads, "agreement")
    if not saves:
        return {}
    out: dict[int, Problem] = {}
    ids = list(agreement_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ", ".join(f":id{n}" for n in range(len(chunk)))
        for agreement_id, status, annex in reads.rows(
                f"SELECT id, status, printed_annex FROM learning_agreements WHERE id IN ({marks})",
                {f"id{n}": value for n, value in enumerate(chunk)}):
            value = json_value(annex)
            kept = (value or {}).get("clauses") if value and status != "draft" else None
            note = _behind_note("agreement", language, saves, kept)
            if note is not None:
                out[int(agreement_id)] = note
    return out


def grouped_notes(notes: Mapping[int, Problem], references: Mapping[int, str]) -> list[str]:
    """A batch's notes (:func:`agreement_text_notes`), each said once, after the agreements it concerns."""
    by_message: dict[str, list[str]] = {}
    for agreement_id, note in sorted(notes.items()):
        by_message.setdefault(note.message, []).append(references.get(agreement_id) or str(agreement_id))
    return [f"{', '.join(refs)}: {message}" for message, refs in by_message.items()]


def behind_when_printing(db: Database, document: str, language: str, *, printing: bool = True) -> Problem | None:
    """:func:`behind_on_print` in a reading of its own."""
    _check_names(document, language)
    from vetdesk.services.uow import reading
    from vetdesk.storage.plain import SessionReads

    with reading(db) as session:
        return behind_on_print(SessionReads(session), document, language, printing=printing)


def current_in(session: Session, document: str, language: str) -> ClauseText:
    """:func:`current_from` in a session."""
    from vetdesk.storage.plain import SessionReads

    return current_from(SessionReads(session), document, language)


def current(db: Database, document: str, language: str) -> ClauseText:
    _check_names(document, language)
    from vetdesk.services.uow import reading

    with reading(db) as session:
        return current_in(session, document, language)


def versions(db: Database, document: str, language: str) -> list[ClauseText]:
    """Every saved version, newest first, and the shipped text last."""
    _check_names(document, language)
    from sqlalchemy import select

    from vetdesk.services.uow import reading
    from vetdesk.storage.models import ClauseTemplate

    with reading(db) as session:
        rows = session.scalars(select(ClauseTemplate).where(ClauseTemplate.document == document,
                                                            ClauseTemplate.language == language)
                               .order_by(ClauseTemplate.version.desc()))
        found = [ClauseText(document, language, r.version, r.body, r.saved_at, r.saved_by) for r in rows]
    return [*found, ClauseText(document, language, 0, shipped(document, language))]


def save(db: Database, document: str, language: str, body: str, *, sample: Mapping[str, Any] | None = None,
         actor: Actor = SYSTEM) -> Saved:
    """Save ``body`` as the next version (the administrator's right). Refused, with the line, when it does not
    compile, or does not render with every built-in sample of the document (:func:`samples`, never skipped) or
    with ``sample`` (a real document's values, when one could be gathered): nothing is written then. Returned
    with the languages now behind it (a warning to show: :attr:`Saved.warnings`)."""
    _check_names(document, language)
    built_in = samples(document, language)
    problems = template_problems(body, *built_in, *([sample] if sample is not None else []),
                                 sections=AGREEMENT_SECTIONS if document == "agreement" else ())
    if not problems:
        gutted = sections_problem(document, language, body, built_in)
        problems = [gutted] if gutted else []
    if problems:
        raise RuleViolation(problems)
    from sqlalchemy import func, select

    from vetdesk.services.uow import unit_of_work, utcnow
    from vetdesk.storage.models import ClauseTemplate

    with unit_of_work(db, _("Change office text"), actor, permission="settings") as uow:
        last = uow.session.scalar(select(func.max(ClauseTemplate.version)).where(
            ClauseTemplate.document == document, ClauseTemplate.language == language)) or 0
        row = ClauseTemplate(document=document, language=language, version=last + 1, body=body,
                             saved_at=utcnow(), saved_by=uow.actor.username)
        uow.session.add(row)
        uow.session.flush()
        uow.audit(kind="clause_templates", record_id=row.id, action="create",
                  after={"document": document, "language": language, "version": row.version})
        saved = ClauseText(document, language, row.version, body, row.saved_at, row.saved_by)
        from vetdesk.storage.plain import SessionReads

        behind = languages_behind(SessionReads(uow.session), document)
    return Saved(saved, behind)


def reset(db: Database, document: str, language: str, *, actor: Actor = SYSTEM) -> Saved:
    """Print the shipped text again (saved as the next version, so the history keeps the office's)."""
    return save(db, document, language, shipped(document, language), actor=actor)


def template_problems(body: str, *sample_values: Mapping[str, Any], sections: tuple[str, ...] = ()) -> list[Any]:
    """What stops ``body`` from being printed: too long, a syntax error, an error while rendering it with any
    of ``sample_values``, or a ``#=`` clause that is none of ``sections``; each with its line."""
    if len(body) > MAX_CHARS:
        return [error("body", _("The text is longer than {n} characters; shorten it.").format(n=MAX_CHARS),
                      "clauses.length")]
    try:
        compiled = _environment().from_string(body)
        for values in sample_values:
            unknown = [b.text for b in blocks(_render_compiled(compiled, values))
                       if b.kind == "section" and b.text not in sections]
            if unknown:
                line = next((n for n, raw in enumerate(body.splitlines(), start=1)
                             if raw.strip().startswith("#=") and raw.strip()[2:].strip() == unknown[0]), 0)
                return [error("body", _("Line {line} of the office's text: there is no clause named {name} whose "
                                        "text the office gives; the names are {names}. Correct the line, or reset "
                                        "the text to the shipped one.").format(
                    line=line, name=f"«{unknown[0]}»", names=", ".join(sections) or "—"), "clauses.section")]
    except ClauseError as exc:
        return [error("body", describe(exc), "clauses.template")]
    except Exception as exc:  # noqa: BLE001 - any syntax error of Jinja's, reported with its line
        return [error("body", describe(_as_clause_error(exc, body=body)), "clauses.template")]
    return []


def empty_text() -> Problem:
    """The refusal of an office text with no words (the window and ``vetdesk clauses save`` say it alike)."""
    return error("body", _("The text is empty: a document printed with it would have none of its clauses. Write "
                           "the clauses, or reset the text to the shipped one."), "clauses.empty")


def missing_sections(document: str, language: str, body: str,
                     sample_values: Sequence[Mapping[str, Any]]) -> list[str]:
    """The sections of the shipped text (its ``# `` headings and ``## `` subheadings outside the ``#=`` clauses,
    each with words under it) that ``body`` rendered with the same values lacks or leaves empty: the headings
    as the shipped text words them, in its order. A heading counts as kept when one of the same level has the
    same words (case, accents and its number aside) or, for a numbered one ("4. …"), the same number."""
    missing: list[str] = []
    for values in sample_values:
        wanted = _sections(render(shipped(document, language), values))
        given = _sections(render(body, values))
        for level, heading, filled in wanted:
            if not filled:
                continue
            key, number = _heading_key(heading)
            kept = any(lv == level and full and (k == key or (number and n == number))
                       for lv, h, full in given for k, n in [_heading_key(h)])
            if not kept and heading not in missing:
                missing.append(heading)
    return missing


def sections_problem(document: str, language: str, body: str,
                     sample_values: Sequence[Mapping[str, Any]]) -> Problem | None:
    """The refusal of a text that is empty or lacks a section the shipped text has (:func:`missing_sections`),
    naming them: saved, a document would go out for signature without those clauses."""
    if not body.strip() or not any(b.kind in ("paragraph", "bullet") for values in sample_values
                                   for b in render(body, values)):
        return empty_text()
    missing = missing_sections(document, language, body, sample_values)
    if not missing:
        return None
    return error("body", ngettext(
        "The text lacks the section {sections} that every “{text}” has, or leaves it without words: a "
        "document printed with it would go out without that clause. Put the section back with its words (its "
        "heading may keep its number), or reset the text to the shipped one.",
        "The text lacks the sections {sections} that every “{text}” has, or leaves them without words: a "
        "document printed with it would go out without those clauses. Put the sections back with their words "
        "(a heading may keep its number), or reset the text to the shipped one.", len(missing)).format(
        sections=", ".join(f"«{h}»" for h in missing), text=_(DOCUMENTS[document])), "clauses.sections")


def _sections(found: Sequence[Block]) -> list[tuple[int, str, bool]]:
    """The headings (1) and subheadings (2) of a rendered text outside its ``#=`` clauses, each with whether
    words (a paragraph or bullet) follow it: a subheading's words are its heading's too."""
    out: list[list[Any]] = []
    inside = False
    for block in found:
        if block.kind == "section":
            inside = True
        elif block.kind == "heading":
            inside = False
            out.append([1, block.text, False])
        elif block.kind == "subheading" and not inside:
            out.append([2, block.text, False])
        elif block.kind in ("paragraph", "bullet") and not inside and out:
            out[-1][2] = True
            parent = next((h for h in reversed(out) if h[0] == 1), None)
            if parent is not None:
                parent[2] = True
    return [(int(lv), str(h), bool(full)) for lv, h, full in out]


def _heading_key(heading: str) -> tuple[str, str]:
    """A heading's words to compare (no case, accents, number) and its number ("4", "III", "" if none)."""
    import re
    import unicodedata

    match = re.match(r"\s*(?:§\s*)?([0-9]+|[IVXLC]+)[.)]\s+", heading)
    number = match.group(1) if match else ""
    words = heading[match.end():] if match else heading
    plain = "".join(c for c in unicodedata.normalize("NFKD", words) if not unicodedata.combining(c))
    return " ".join(plain.casefold().rstrip(":. ").split()), number


def samples(document: str, language: str) -> list[dict[str, Any]]:
    """Built-in documents that always render, with every name a document gives the text ``document``: the
    save check never depends on the office's data (a demo agreement that cannot be gathered skipped it, and a
    text using a name no document gives was saved and then refused every print). The agreement's come in its
    variants (a minor with a guardian and an adult; a stipend and none; a school and none), so that a name
    used only inside ``{% if minor %}`` or ``{% if school %}`` is checked too. Values are examples in
    ``language``; which names exist is what matters (``tests`` compare them with a real document's)."""
    _check_names(document, language)
    from num2words import num2words

    from vetdesk.i18n import translator

    t = translator(language)
    words = str(num2words(4500, lang={"pt": "pt_BR"}.get(language, language)))
    if document == "mail":
        return [{"document": t.gettext("Progress report"), "reference": "CAMEXA-2026-0001",
                 "apprentice": "María Pérez", "company": "Ejemplo S.A. de C.V.", "chamber": "CAMEXA",
                 "school": school, "recipient": recipient, "recipient_sex": sex,
                 "recipient_surname": recipient.split(" ", 1)[-1] if recipient else "", "several": several,
                 "recipient_title": title, "count": count, "references": "CAMEXA-2026-0001",
                 "apprentices": "María Pérez", "family": family, "recipient_role": role}
                for school, recipient, sex, several, family, title, count, role in (
                    ("CONALEP Plantel Ejemplo", "Ana López", "M", False, False, "Mtra.", 1, "company"),
                    ("", "", "", True, True, "", 2, ""),
                    ("CONALEP Plantel Ejemplo", "Luis Ruiz", "", False, True, "Lic.", 3, "guardian"),
                    ("CONALEP Plantel Ejemplo", "María Pérez", "M", False, False, "", 1, "apprentice"),
                    ("CONALEP Plantel Ejemplo", "Pablo Soto", "", False, False, "Ing.", 2, "school"))]
    if document == "collaboration":  # with an end and programmes, and for an indefinite period with none
        return [{"reference": "CONV-2026-0001", "chamber": "CAMEXA", "place": "Ciudad de México",
                 "school": {"name": "CONALEP Plantel Ejemplo", "cct": "09DCT0001A", "address": "Calle Ejemplo 2"},
                 "company": {"name": "Ejemplo S.A. de C.V.", "rfc": "EJE010101AAA", "address": "Av. Ejemplo 1"},
                 "programmes": programmes, "start": "2026-08-01", "end": end,
                 "term": t.gettext("From {start} to {end}.").format(start="2026-08-01", end=end) if end else
                 t.gettext("From {start}, for an indefinite period.").format(start="2026-08-01")}
                for programmes, end in ((["Mecatrónica"], "2029-07-31"), ([], ""))]
    out: list[dict[str, Any]] = []
    for minor, sex, paid, school in ((True, "M", True, True), (False, "H", False, False),
                                     (False, "X", True, False)):
        out.append({
            "reference": "CAMEXA-2026-0001", "chamber": "CAMEXA", "place": "Ciudad de México",
            # a legal entity for the minor, a natural person (persona física) signing in their own name for the
            # adult without a school, one with a representative for the other
            "company": {"name": "Ejemplo S.A. de C.V." if minor else "Ana López Ruiz",
                        "rfc": "EJE010101AAA" if minor else "LORA800101AB5", "address": "Av. Ejemplo 1",
                        "representative": "" if not minor and not paid else "Ana López",
                        "natural_person": not minor, "in_own_name": not minor and not paid},
            "apprentice": {"name": "María Pérez", "sex": sex, "curp": "PEMM080101MDFRRR09"},
            "minor": minor, "guardians": ["Rosa Pérez"] if minor else [],
            "minor_until": "2027-01-19" if minor else "", "probation": minor,
            "school": {"name": "CONALEP Plantel Ejemplo", "cct": "09DCT0001A"} if school else None,
            "stipend": {"paid": paid, "amount": "$4,500.00" if paid else "",
                        "words": f"{words} 00/100" if paid else "", "period": "",
                        # every training year's amount: three rising ones for the minor, one for the other
                        "years": [{"year": n, "amount": "$4,500.00", "words": f"{words} 00/100"}
                                  for n in range(1, (4 if minor else 2))] if paid else []},
            "record_form": t.gettext("on paper or electronically"),
            "start": "2026-08-01", "end": "2029-07-31", "g": by_sex(sex),
            "contract": not school, "kind": by_layout(not school), "language": t.gettext(LANGUAGE_NAMES["es"])})
    return out


def describe(exc: ClauseError) -> str:
    """The mistake in the user's language, with its line (never Jinja's English)."""
    message = explain(exc)
    if exc.line:
        return _("Line {line} of the office's text: {message}. Correct it, or reset the text to the shipped one."
                 ).format(line=exc.line, message=message)
    return _("The office's text: {message}. Correct it, or reset the text to the shipped one.").format(
        message=message)


def explain(exc: ClauseError) -> str:
    """What is wrong, in words an office's administrator knows."""
    if exc.kind == "undefined":
        known = ", ".join(n for n in exc.names if n != "g")
        if known:
            return _("the text uses the name \u201c{name}\u201d, which a document does not give; check its "
                     "spelling (the names it can use: {names})").format(name=exc.name, names=known)
        return _("the text uses the name \u201c{name}\u201d, which a document does not give; check its "
                 "spelling").format(name=exc.name)
    if exc.kind == "attribute":
        return _("\u201c{name}\u201d is not a part of the value before its period; check its spelling").format(
            name=exc.name)
    if exc.kind == "unsafe":
        return _("\u201c{name}\u201d is not allowed in an office text").format(name=exc.name)
    if exc.kind == "filter":
        return _("there is no filter named \u201c{name}\u201d (after a \u201c|\u201d)").format(name=exc.name)
    if exc.kind == "unclosed" and exc.opened:
        return _("\u201c{opened}\u201d is never closed: add \u201c{end}\u201d where its part ends").format(
            opened=exc.opened, end="{% " + exc.name + " %}")
    if exc.kind == "unclosed":
        return _("an instruction opened up to here is not closed by the end of the text: add \u201c{end}\u201d "
                 "where its part ends").format(end="{% " + exc.name + " %}")
    if exc.kind == "tag":
        return _("\u201c{name}\u201d is not an instruction an office text knows (if, elif, else, endif, for, "
                 "endfor)").format(name=exc.name)
    if exc.kind == "syntax":
        return _("the markup is not complete here: a value is written as {value} and an instruction as "
                 "{instruction}").format(value="{{ name }}", instruction="{% if \u2026 %}")
    return _("a value here cannot be written as the text asks; check what is between the braces")


# -- rendering ------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False,
                                        finalize=_finalize)
    return env


def _finalize(value: Any) -> Any:
    # A value never starts a line of markup: its own line breaks become spaces.
    return " ".join(value.split("\n")) if isinstance(value, str) else value


@lru_cache(maxsize=64)
def _compiled(body: str) -> Any:
    try:
        return _environment().from_string(body)
    except Exception as exc:  # noqa: BLE001 - reported with its line
        raise _as_clause_error(exc, body=body) from exc


def _as_clause_error(exc: BaseException, names: tuple[str, ...] = (), body: str = "") -> ClauseError:
    line = getattr(exc, "lineno", None) or _template_line(exc)
    message = str(getattr(exc, "message", None) or str(exc)).rstrip(". ")
    kind, name = _kind_of(exc, message)
    if kind == "unclosed" and body:  # Jinja names the line where it gave up (the end): the line that opened it
        found = unclosed_instruction(body)
        if found is not None:
            opened_on, opened, end = found
            return ClauseError(opened_on, message, kind, end, names, opened)
    return ClauseError(int(line or 0), message, kind, name, names)


#: The instructions that open a part closed by "end…" ({% if %} … {% endif %}); "set" only in its block form.
_OPENING = frozenset({"if", "for", "with", "filter", "macro", "call", "block", "autoescape"})


def unclosed_instruction(body: str) -> tuple[int, str, str] | None:
    """The instruction of ``body`` left open, as typed, with the line that opened it and the tag that closes it
    (``(17, "{% if minor %}", "endif")``): the innermost one open at the end of the text, or at an "end…" that
    closes an outer one first. Read from Jinja's own tokens (strings, comments and raw parts are not mistaken for
    instructions); None when every instruction is closed (or the text cannot be read into tokens)."""
    try:
        tokens = list(_environment().lex(body))
    except Exception:  # noqa: BLE001 - a text Jinja cannot tokenize: its own message says where
        return None
    open_parts: list[tuple[int, str, str]] = []
    i = 0
    while i < len(tokens):
        line, kind, _value = tokens[i]
        if kind != "block_begin":
            i += 1
            continue
        j = i
        while j < len(tokens) and tokens[j][1] != "block_end":
            j += 1
        typed = "".join(str(value) for _line, _kind, value in tokens[i:j + 1]).strip()
        words = [(k, str(v)) for _line, k, v in tokens[i + 1:j] if k != "whitespace"]
        tag = words[0][1] if words and words[0][0] == "name" else ""
        if tag in _OPENING or (tag == "set" and ("operator", "=") not in words):
            open_parts.append((line, typed, "end" + tag))
        elif tag.startswith("end") and open_parts:
            if open_parts[-1][2] == tag:
                open_parts.pop()
            elif any(part[2] == tag for part in open_parts):
                return open_parts[-1]  # closes an outer part while an inner one is open
        i = j + 1
    return open_parts[-1] if open_parts else None


def _kind_of(exc: BaseException, message: str) -> tuple[str, str]:
    """Jinja's mistake, read from its exception and message: (kind, the name it is about)."""
    import re

    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    quoted = re.findall(r"'([^']*)'", message)
    if isinstance(exc, SecurityError):
        return "unsafe", quoted[0] if quoted else ""
    if isinstance(exc, UndefinedError):
        if "has no attribute" in message and len(quoted) >= 2:
            return "attribute", quoted[-1]
        if message.endswith("is undefined") and quoted:
            return "undefined", quoted[0]
        return "value", ""
    if isinstance(exc, TemplateSyntaxError):
        if message.startswith(("No filter named", "No test named")) and quoted:
            return "filter", quoted[0]
        ends = [q for q in quoted if q.startswith("end")]
        if message.startswith("Unexpected end of template") and ends:
            return "unclosed", ends[-1]
        if message.startswith("Encountered unknown tag") and "needs to be closed" in message and ends:
            return "unclosed", ends[-1]  # an "end…" of an outer part while an inner one is open
        if message.startswith("Encountered unknown tag") and quoted:
            return "tag", quoted[0]
        return "syntax", ""
    return "value", ""


def _template_line(exc: BaseException) -> int:
    """The template's line in the traceback Jinja rewrites (its frames carry the template's line numbers)."""
    tb, line = exc.__traceback__, 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _render_compiled(compiled: Any, context: Mapping[str, Any]) -> str:
    try:
        return str(compiled.render(**context))
    except Exception as exc:  # noqa: BLE001 - an undefined name, a wrong filter, the sandbox's refusal
        raise _as_clause_error(exc, tuple(sorted(context))) from exc


def render(body: str, context: Mapping[str, Any]) -> list[Block]:
    """The text rendered with ``context`` and read into blocks (:class:`ClauseError` with the line on failure)."""
    text = _render_compiled(_compiled(body), context)
    return blocks(text)


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            out.append(Block("paragraph", " ".join(paragraph)))
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("#="):
            close()
            out.append(Block("section", line[2:].strip()))
        elif line.startswith("## "):
            close()
            out.append(Block("subheading", line[3:].strip()))
        elif line.startswith("# "):
            close()
            out.append(Block("heading", line[2:].strip()))
        elif line.startswith("- "):
            close()
            out.append(Block("bullet", line[2:].strip()))
        else:
            paragraph.append(line)
    close()
    return out


def by_layout(contract: bool) -> Callable[[str, str], str]:
    """``kind(agreement, contract)`` for a template: the words by which the document names itself, the MMFD
    learning agreement ("este convenio") or the AHK contract ("este contrato"), from one office text."""
    def kind(agreement: str, contract_words: str = "") -> str:
        return (contract_words or agreement) if contract else agreement
    return kind


def by_sex(sex: str) -> Callable[[str, str, str], str]:
    """``g(man, woman, neutral)`` for a template: the word for the apprentice's recorded sex."""
    def g(man: str, woman: str = "", neutral: str = "") -> str:
        if sex == "H":
            return man
        if sex == "M":
            return woman or man
        return neutral or woman or man
    return g


def mail_parts(body: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """A rendered mail template as (subject, text): its first line's words after the colon, and the rest."""
    text = one_period(_render_compiled(_compiled(body), context).strip("\n"))
    first, _sep, rest = text.partition("\n")
    subject = first.split(":", 1)[1].strip() if ":" in first else first.strip()
    return subject, rest.strip("\n") + "\n"
