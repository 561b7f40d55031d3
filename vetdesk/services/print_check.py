"""May these drafts go out for signature? Asked before a document is rendered, saved or sent to a printer.

Printing a draft for signature makes it "printed" (``records.print_for_signature``), through the rules of that
status change. Those rules are asked first (``records.signature_problems``: the same rules, nothing written),
so that a draft they refuse leaves no file and no printer job behind, and its refusal is said the same way in
the window and on the command line: which agreement (reference and apprentice), each problem as a bullet naming
the field in the user's words, that it stays a draft and what to do. Warnings are said apart from refusals: the
user accepts them and the draft is printed. A reprint of an agreement already printed is not asked; one of
a signed agreement (or further along) is printed as a copy of it, with what the copy must warn about
(``domain.contract.reprint_warnings``: an accident insurance that lapses before the agreement ends).

The layout is part of what is asked (the AHK contract cites § 11 BBiG, the Mexican agreement is made with a
school): a draft refused in the layout asked may pass in another, which the check names (``layouts``), so that
the window offers to print it in that layout as ``vetdesk print --template`` does, and the preview's change of
layout is asked the same check before it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select

from vetdesk.domain import contract
from vetdesk.domain.lifecycle import Status
from vetdesk.domain.problems import Problem, RuleViolation, error, errors, warnings
from vetdesk.i18n import _
from vetdesk.services.actors import SYSTEM, Actor
from vetdesk.services.agreement_sheet import (  # noqa: F401 - the layouts' names, re-exported for the window
    FOR_SIGNATURE,
    LAYOUT_NAMES,
    TEMPLATES,
    agreement_name,
    full_name,
    language_change,
    layout_change,
    layout_name,
    layout_of_record,
    no_chamber_signatory,
    print_refusal,
    printed_language,
    printed_layout,
    signatures_recorded,
    template_of,
)
from vetdesk.services.kinds import problem_bullets
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import LearningAgreement


@dataclass(frozen=True)
class PrintCheck:
    """What the change to "printed" of one draft would meet."""

    agreement_id: int
    reference: str
    apprentice: str
    problems: tuple[Problem, ...]
    #: A reprint of a signed agreement (signed or further along): printed as a copy, its warnings said.
    reprint: bool = False
    #: The layout asked about (the one chosen, else the programme's).
    layout: str = ""
    #: Another layout in which a refused draft may go out for signature as it stands (asked with
    #: ``alternatives``): at most one can pass when the one asked fails (both layouts together fail with either).
    other_layout: str = ""
    #: It went out for signature in another layout than the one asked (:func:`layout_change`).
    went_out: bool = False

    @property
    def refused(self) -> bool:
        """A rule refuses it: it is not printed, saved nor marked."""
        return bool(errors(self.problems))

    @property
    def warned(self) -> list[Problem]:
        return warnings(self.problems)

    @property
    def name(self) -> str:
        """The agreement in the user's words: its reference and its apprentice."""
        return agreement_name(self.reference, self.apprentice)

    def reasons(self, problems: Sequence[Problem] | None = None) -> list[str]:
        """Each problem on its line as a bullet, its field named by its label ("• Rotation plan: …")."""
        return problem_bullets(errors(self.problems) if problems is None else problems, "agreements")

    def refusal(self) -> str:
        """The refusal: which agreement, every reason as a bullet, that it stays a draft and what to do."""
        if self.went_out:  # not a draft: what it went out as, and what to do
            return "\n".join([*self.reasons(), "", _("Nothing was printed.")])
        return print_refusal(self.name, self.reasons(), self.other_layout)

    def refuse(self) -> None:
        """Raise the refusal (one problem, :meth:`refusal`'s text) when a rule refuses the draft: the command
        line's ``vetdesk print`` and the window's preview, whichever layout is chosen, say the same."""
        if self.refused:
            raise RuleViolation([error("", self.refusal(), "print.refused")])

    def warning(self) -> str:
        """The warnings a draft that may go out meets (or a signed agreement's copy), as bullets, apart from any
        refusal."""
        heading = _("Agreement {agreement} is printed as a copy of the signed agreement, but note:") \
            if self.reprint else _("Agreement {agreement} may go out for signature, but note:")
        return "\n".join([heading.format(agreement=self.name), *self.reasons(self.warned)])

    def question(self) -> str:
        """The warnings, and whether to print all the same."""
        return self.warning() + "\n\n" + (_("Print the copy all the same?") if self.reprint
                                           else _("Print it for signature all the same?"))


def print_checks(db: Database, agreement_ids: Sequence[int], *, actor: Actor = SYSTEM,
                 today: date | None = None, template: str | None = None,
                 alternatives: bool = False, language: str | None = None,
                 translation: bool = False) -> dict[int, PrintCheck]:
    """The drafts among ``agreement_ids`` that the change to "printed" would refuse or warn about
    (``records.signature_problems``), and the signed ones (or further along) whose copy warns
    (``domain.contract.reprint_warnings``), by id; the others (fine, printed, missing) are not named.
    ``alternatives``: a refused draft is asked in the other layouts too, and names those it passes in.
    ``language``: the document's language, asked against the one it went out in (:func:`language_change`; a
    ``translation`` to read changes nothing: it is not asked)."""
    from vetdesk.services import records
    from vetdesk.storage.plain import SessionReads

    found = records.signature_problems(db, agreement_ids, actor=actor, today=today, template=template)
    out: dict[int, PrintCheck] = {}
    ids = list(agreement_ids)
    with reading(db, actor) as session:
        for agreement in (a for i in range(0, len(ids), 500) for a in session.scalars(
                select(LearningAgreement).where(LearningAgreement.id.in_(ids[i:i + 500])))):
            reprint = agreement.status not in FOR_SIGNATURE
            problems = contract.reprint_warnings(agreement.insurance_expiry, agreement.end_date) if reprint \
                else found.get(agreement.id, [])
            changed = None
            if template and agreement.status != Status.DRAFT.value:  # another layout than the one it went out in
                name = agreement_name(agreement.reference or str(agreement.id),
                                      full_name(agreement.apprentice)) if agreement.apprentice else str(agreement.id)
                changed = layout_change(name, layout_of_record(
                    SessionReads(session), agreement.id, agreement.programme.templates if agreement.programme
                    else None), template, signed=signatures_recorded(agreement))
            if language and not translation and agreement.status == Status.PRINTED.value:  # another language
                # (a signed agreement's copy in another language is printed as a translation, not for signature)
                spoken = language_change(agreement.reference or str(agreement.id), printed_language(
                    SessionReads(session), agreement.id), language, signed=signatures_recorded(agreement))
                if spoken is not None and changed is None:
                    changed = spoken
                elif spoken is not None:
                    problems = [spoken, *problems]
            if changed is not None:
                problems = [changed, *problems]
            if problems:
                out[agreement.id] = PrintCheck(agreement.id, agreement.reference or str(agreement.id),
                                               full_name(agreement.apprentice) if agreement.apprentice else "",
                                               tuple(problems), reprint=reprint, layout=template_of(
                                                   agreement.programme.templates if agreement.programme else None,
                                                   template), went_out=changed is not None)
    if alternatives:
        for agreement_id, check in list(out.items()):
            if check.refused and not check.reprint and not check.went_out and not any(
                    p.code == "print.chamber_signatory" for p in check.problems):  # no layout has a signatory
                passing = [other for other in TEMPLATES if other != check.layout and not errors(
                    records.signature_problems(db, [agreement_id], actor=actor, today=today, template=other)
                    .get(agreement_id, []))]
                if passing:
                    out[agreement_id] = replace(check, other_layout=passing[0])
    return out


def draft_print_problems(db: Database, values: dict[str, Any], *, actor: Actor = SYSTEM) -> list[Problem]:
    """What printing for signature would refuse in an agreement with these values, not saved yet (the wizard's
    review): the contract's problems (``documents.contract_problems``) and, as :func:`print_checks` adds to them,
    no one named to sign for the chamber (``agreement_sheet.no_chamber_signatory``). The review lists every
    refusal printing would give, not only the contract's (trial 24c)."""
    from types import SimpleNamespace

    from vetdesk.services.documents import contract_problems
    from vetdesk.storage.plain import SessionReads

    problems = contract_problems(db, values)
    start = values.get("start_date")
    if not values.get("company_id") or not isinstance(start, date):
        return problems
    draft = SimpleNamespace(school_id=values.get("school_id"), company_id=values["company_id"], start_date=start)
    with reading(db, actor) as session:
        unsigned = no_chamber_signatory(SessionReads(session), draft)
    return [*problems, unsigned] if unsigned is not None else problems


def language_of_record(db: Database, agreement_id: int, *, actor: Actor = SYSTEM) -> str | None:
    """The language an agreement out for signature (or signed) went out in: what its print preview shows first;
    None for a draft, or one whose history does not say."""
    from vetdesk.storage.plain import SessionReads

    with reading(db, actor) as session:
        status = session.scalar(select(LearningAgreement.status).where(LearningAgreement.id == agreement_id))
        if status in (None, Status.DRAFT.value):
            return None
        return printed_language(SessionReads(session), agreement_id)


def kept_text_note(db: Database, agreement_id: int, language: str | None, *, actor: Actor = SYSTEM) -> str:
    """What a reprint says of its office text when the office edited it since the agreement went out for
    signature (``agreement_sheet.kept_text_note``): the window's preview shows it above the pages, ``vetdesk
    print`` says it."""
    from vetdesk.services.agreement_sheet import kept_text_note as note
    from vetdesk.storage.plain import SessionReads

    with reading(db, actor) as session:
        return note(SessionReads(session), agreement_id, language)
