"""E-mail drafts of documents: an ``.eml`` file with the PDF attached, for the officer's own mail program.

A draft carries ``X-Unsent: 1``, so Outlook and Thunderbird open it as a message still to be edited and sent:
vetdesk never sends anything itself. Its recipients are the document's readers — the family (the guardians of
a minor, else the apprentice), the school's liaison and the company's contact — and its subject and text come
from the office's editable mail template in the document's language (``services.clauses``, document
``mail``). A batch writes one draft per recipient, with that recipient's documents only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from vetdesk.domain import contract, limits, normalize
from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import Translator, _, ngettext, translator
from vetdesk.services import clauses
from vetdesk.services.exporting import write_atomically
from vetdesk.services.settings import _load as load_settings
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import LearningAgreement


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    #: family, school or company
    role: str
    #: H or M when recorded (the apprentice's sex, a guardian's relation: mother, father…): the salutation
    #: follows it; "" when not known (a neutral salutation, by name).
    sex: str = ""
    #: A parent or legal guardian of a minor apprentice (not the apprentice).
    guardian: bool = False
    #: The surnames a formal salutation uses ("Sehr geehrter Herr García Medina"): recorded apart for the
    #: apprentice, read from the one name field otherwise (domain.normalize.surnames).
    surname: str = ""
    #: The title the recorded name begins with ("Mtra.", "Lic."), which a Spanish salutation keeps.
    title: str = ""


def contact(name: str, email: str, role: str) -> Recipient:
    """A school's or a company's contact, known by one name field: the sex and the salutation's title and
    surnames as its title says them ("Mtra. Sofía Ibáñez": a woman, "Mtra." and "Ibáñez"); none of them without
    a title (a neutral salutation by the full name)."""
    title, sex, rest = normalize.title_of(name)
    return Recipient(name, email, role, sex=sex, surname=normalize.surnames(rest) if title else "", title=title)


@dataclass(frozen=True)
class Attachment:
    file_name: str
    pdf: bytes
    #: The agreement the document belongs to, and what the mail template says of it.
    agreement_id: int
    reference: str
    apprentice: str
    company: str
    #: The school (a collaboration agreement names no apprentice: the school and the company are its parties).
    school: str = ""


@dataclass
class Draft:
    recipients: list[Recipient]
    attachments: list[Attachment] = field(default_factory=list)
    #: Who reads the document but gets no draft, and why, in words (the window and the command say it).
    left_out: list[str] = field(default_factory=list)


#: A guardian's sex as their recorded relation says it (domain.choices.GUARDIAN_RELATION); a legal guardian's
#: is not known.
_RELATION_SEX = {"mother": "M", "grandmother": "M", "aunt": "M", "sister": "M",
                 "father": "H", "grandfather": "H", "uncle": "H", "brother": "H"}


def recipients(db: Database, agreement_id: int, *, today: date | None = None) -> list[Recipient]:
    """Who receives a document of this agreement: the guardians of a minor (else the apprentice), the school's
    liaison, the company's contact — each only when an e-mail address is recorded."""
    today = today or date.today()
    with reading(db) as session:
        ag = session.get(LearningAgreement, agreement_id)
        if ag is None:
            raise RuleViolation([error("id", _("There is no learning agreement with id {id}.").format(
                id=agreement_id), "record.missing")])
        a = ag.apprentice
        out: list[Recipient] = []
        if limits.minor_on_start(a.birth_date, today):
            for name, mail, relation in ((a.guardian_name, a.guardian_email, a.guardian_relation),
                                         (a.guardian2_name, a.guardian2_email, a.guardian2_relation)):
                if mail:
                    out.append(Recipient(name or "", mail, "family", sex=_RELATION_SEX.get(relation or "", ""),
                                         guardian=True))
        elif a.email:
            out.append(Recipient(normalize.full_name(a.given_names, a.first_surname, a.second_surname), a.email,
                                 "family", sex=a.sex if a.sex in ("H", "M") else "",
                                 surname=normalize.full_name(a.first_surname, a.second_surname)))
        if ag.school is not None and ag.school.email:
            out.append(contact(ag.school.liaison_name or ag.school.name, ag.school.email, "school"))
        if ag.company.contact_email:
            out.append(contact(ag.company.contact_name or ag.company.name, ag.company.contact_email, "company"))
        return out


def attachment(db: Database, agreement_id: int, file_name: str, pdf: bytes) -> Attachment:
    with reading(db) as session:
        ag = session.get(LearningAgreement, agreement_id)
        assert ag is not None
        a = ag.apprentice
        return Attachment(file_name, pdf, agreement_id, ag.reference,
                          normalize.full_name(a.given_names, a.first_surname, a.second_surname), ag.company.name,
                          ag.school.name if ag.school is not None else "")


def agreement_draft(db: Database, agreement_id: int, file_name: str, pdf: bytes) -> Draft:
    """The draft of one document of a learning agreement: to :func:`recipients`, the PDF attached, and who was
    left out for want of an e-mail address (a minor's family, the school, the company), so that none is dropped
    without a word."""
    item = attachment(db, agreement_id, file_name, pdf)
    found = recipients(db, agreement_id)
    return Draft(found, [item], [_left_out_text(role, name, [item.reference])
                                 for role, name in _missing_addresses(db, agreement_id, found)])


def collaboration_draft(db: Database, collaboration_id: int, file_name: str, pdf: bytes) -> Draft:
    """The draft of a collaboration agreement: to its parties, the school (whoever signs for it, else the
    school's own address) and the company's contact, each only when an e-mail address is recorded; the PDF
    attached."""
    from vetdesk.storage.models import CollaborationAgreement

    with reading(db) as session:
        c = session.get(CollaborationAgreement, collaboration_id)
        if c is None:
            raise RuleViolation([error("id", _("There is no collaboration agreement with id {id}.").format(
                id=collaboration_id), "record.missing")])
        out: list[Recipient] = []
        signatory = c.school_signatory
        if signatory is not None and signatory.email:
            out.append(contact(signatory.name, signatory.email, "school"))
        elif c.school.email:
            out.append(contact(c.school.liaison_name or c.school.name, c.school.email, "school"))
        if c.company.contact_email:
            out.append(contact(c.company.contact_name or c.company.name, c.company.contact_email, "company"))
        roles = {r.role for r in out}
        left_out = [_left_out_text(role, name, [c.reference]) for role, name in
                    (("school", c.school.name), ("company", c.company.name)) if role not in roles]
        return Draft(out, [Attachment(file_name, pdf, 0, c.reference, "", c.company.name, c.school.name)], left_out)


def message(db: Database, draft: Draft, *, document: str, language: str) -> EmailMessage:
    """The draft as an e-mail message: recipients, subject and text from the office's template, the PDFs."""
    with reading(db) as session:
        text = clauses.current_in(session, "mail", clauses.language_of(language))
        chamber = str(load_settings(session).get("chamber_name") or "")
    single = len(draft.recipients) == 1
    t = translator(language)  # "und 6 weitere" in a German mail, whatever the officer's own language
    context = {"document": document, "reference": _references(draft.attachments, t),
               "apprentice": _some((a.apprentice for a in draft.attachments), t),
               "company": _some((a.company for a in draft.attachments), t),
               "school": _some((a.school for a in draft.attachments if a.school), t),
               "chamber": chamber, "recipient": draft.recipients[0].name if single else "",
               # the salutation: by the one recipient's sex when known, else neutral; plural for several
               "recipient_sex": draft.recipients[0].sex if single else "",
               # "Herr/Sr./Sr. " goes with the surnames only, never the given names
               "recipient_surname": (draft.recipients[0].surname or normalize.surnames(draft.recipients[0].name))
               if single else "",
               "recipient_title": draft.recipients[0].title if single else "",
               # the text names every document and apprentice (up to a limit), "the documents" when several
               "count": len(draft.attachments),
               "references": _listed([a.reference for a in draft.attachments], t),
               "apprentices": _listed((a.apprentice for a in draft.attachments), t),
               "several": len(draft.recipients) > 1,
               "family": bool(draft.recipients) and all(r.guardian for r in draft.recipients),
               # whom the one recipient is, so the text speaks to them: the apprentice ("your training"), a
               # parent or guardian, the school, the company; "" for several
               "recipient_role": _role(draft.recipients[0]) if single else ""}
    try:
        subject, body = clauses.mail_parts(text.body, context)
    except clauses.ClauseError as exc:
        raise RuleViolation([error("office text", clauses.describe(exc), "clauses.template")]) from exc
    msg = EmailMessage(policy=_POLICY)
    # Each address as an Address, so a name with accents is encoded on its own and the commas stay commas (a
    # joined text had its separator encoded, and mail programs dropped the company's contact).
    msg["To"] = [Address(display_name=r.name, addr_spec=r.email) for r in draft.recipients]
    msg["Subject"] = subject
    msg["X-Unsent"] = "1"  # Outlook (and Thunderbird) open it as a draft to edit and send
    msg.set_content(body)
    for a in draft.attachments:
        msg.add_attachment(a.pdf, maintype="application", subtype="pdf", filename=a.file_name)
    return msg


def _role(recipient: Recipient) -> str:
    """Who a recipient is to the document: ``apprentice``, ``guardian``, ``school`` or ``company``."""
    if recipient.role == "family":
        return "guardian" if recipient.guardian else "apprentice"
    return recipient.role


def document_name(db: Database, document: str, language: str, *, agreement_ids: Sequence[int] = (),
                  layout: str | None = None) -> str:
    """What a draft's subject and text call its document: the words the PDF is titled with, in ``language`` (a
    learning agreement printed in the AHK layout is the "apprenticeship contract", as its title says).
    ``layout``: the one printed; None: each agreement's own (``documents.print_layout``); agreements printed in
    different layouts are named by both titles."""
    t = translator(language)
    if document == "agreement":
        from babel.lists import format_list

        from vetdesk.services.documents import print_layout

        layouts = {layout} if layout else {print_layout(db, i) for i in agreement_ids}
        if len(layouts) <= 1:
            return contract.document_kind(t, layouts.pop() if layouts else None)
        # Agreements printed in both layouts: each document by its own title ("Learning agreement and
        # Apprenticeship contract (AHK standard)"), not all by the learning agreement's.
        return format_list([contract.document_kind(t, each) for each in sorted(layouts, key=str)],
                           locale=t.formats)
    names = {"progress": t.gettext("Progress report"), "certificate": t.gettext("Completion certificate"),
             "form": t.gettext("Workplace assessment form"),
             "amendment": t.gettext("Amendment to the learning agreement")}
    return names.get(document, document)


#: Lines folded only past 998 characters: Python folds a subject at 78 between two encoded words and drops the
#: space between them ("JoaquínGonzález"); unfolded, the words after the first accent are one encoded word.
_POLICY = SMTP.clone(max_line_length=998)

#: A subject names this many documents' references at most (a batch for a school lists the rest as a count).
_SUBJECT_REFERENCES = 3


def _some(names: Iterable[str], t: Translator) -> str:
    """At most :data:`_SUBJECT_REFERENCES` names and how many more (a batch's subject listed every apprentice
    of the draft: some 350 characters)."""
    found = list(dict.fromkeys(names))
    shown = ", ".join(found[:_SUBJECT_REFERENCES])
    rest = len(found) - _SUBJECT_REFERENCES
    if rest <= 0:
        return shown
    return t.ngettext("{names} and {n} more", "{names} and {n} more", rest).format(names=shown, n=rest)


#: The text of a draft names this many documents and apprentices at most, each in full (the subject: three).
_TEXT_NAMES = 10


def _listed(names: Iterable[str], t: Translator) -> str:
    """Every name, as the language lists them ("A, B y C"), up to :data:`_TEXT_NAMES`, then how many more."""
    from babel.lists import format_list

    found = [n for n in dict.fromkeys(names) if n]
    if len(found) <= _TEXT_NAMES:
        return format_list(found, locale=t.formats) if found else ""
    rest = len(found) - _TEXT_NAMES
    return t.ngettext("{names} and {n} more", "{names} and {n} more", rest).format(
        names=", ".join(found[:_TEXT_NAMES]), n=rest)


def _references(attachments: Sequence[Attachment], t: Translator) -> str:
    shown = ", ".join(a.reference for a in attachments[:_SUBJECT_REFERENCES])
    rest = len(attachments) - _SUBJECT_REFERENCES
    if rest <= 0:
        return shown
    return t.ngettext("{references} and {n} more", "{references} and {n} more", rest).format(
        references=shown, n=rest)


def write_draft(db: Database, path: str | Path, draft: Draft, *, document: str, language: str) -> Path:
    """Write the draft to ``path`` (an ``.eml`` file), whole or not at all."""
    if not draft.recipients and not any(a.apprentice for a in draft.attachments):  # a collaboration's
        raise RuleViolation([error("email", _(
            "No e-mail address is recorded for the school or the company of {reference}. Record one (the school "
            "signatory's or the school's, or the company contact's e-mail), then write the draft again.")
            .format(reference=", ".join(a.reference for a in draft.attachments)), "mail.no_recipient")])
    if not draft.recipients:
        raise RuleViolation([error("email", _(
            "No e-mail address is recorded for the family, the school or the company of {reference}. Record "
            "one (the guardian's, the school's or the company contact's e-mail), then write the draft again.")
            .format(reference=", ".join(a.reference for a in draft.attachments)), "mail.no_recipient")])
    msg = message(db, draft, document=document, language=language)
    data = bytes(msg)
    return write_atomically(path, lambda tmp: tmp.write_bytes(data))


@dataclass(frozen=True)
class BatchDrafts:
    """What a batch of drafts came to: the files written, and in words who was left out and why."""

    written: list[Path]
    left_out: list[str]


def _missing_addresses(db: Database, agreement_id: int, found: Sequence[Recipient], *,
                       today: date | None = None) -> list[tuple[str, str]]:
    """The readers of this agreement's document with no e-mail address: (role, name) of the family, the school
    (when one is party) and the company."""
    roles = {r.role for r in found}
    with reading(db) as session:
        ag = session.get(LearningAgreement, agreement_id)
        assert ag is not None
        a = ag.apprentice
        out: list[tuple[str, str]] = []
        if "family" not in roles:
            guardian = limits.minor_on_start(a.birth_date, today or date.today())
            out.append(("guardian" if guardian else "apprentice",
                        normalize.full_name(a.given_names, a.first_surname, a.second_surname)))
        if ag.school is not None and "school" not in roles:
            out.append(("school", ag.school.name))
        if "company" not in roles:
            out.append(("company", ag.company.name))
        return out


def _left_out_text(role: str, name: str, references: Sequence[str]) -> str:
    refs = ", ".join(references)
    if role == "guardian":
        return _("{apprentice} ({references}): no e-mail address of a parent or guardian is recorded. Record it on "
                 "the apprentice (guardian's e-mail) and write the draft again.").format(apprentice=name,
                                                                                        references=refs)
    if role == "apprentice":
        return _("{apprentice} ({references}): no e-mail address of the apprentice is recorded. Record it on the "
                 "apprentice and write the draft again.").format(apprentice=name, references=refs)
    if role == "school":
        return ngettext("School {school}: no e-mail address is recorded, so it gets no draft of {references}. "
                        "Record the school's e-mail and write the draft again.",
                        "School {school}: no e-mail address is recorded, so it gets no draft of its {n} documents "
                        "({references}). Record the school's e-mail and write the drafts again.",
                        len(references)).format(school=name, references=refs, n=len(references))
    return ngettext("Company {company}: no contact e-mail is recorded, so it gets no draft of {references}. "
                    "Record the company contact's e-mail and write the draft again.",
                    "Company {company}: no contact e-mail is recorded, so it gets no draft of its {n} documents "
                    "({references}). Record the company contact's e-mail and write the drafts again.",
                    len(references)).format(company=name, references=refs, n=len(references))


def batch_drafts(db: Database, items: Sequence[Attachment], folder: str | Path, *,
                 document: str | Callable[[list[int]], str], language: str,
                 refused: Sequence[tuple[str, str]] = ()) -> BatchDrafts:
    """One draft per recipient into ``folder``, each with that recipient's documents only; and, in words, who
    was left out and why: each family, school or company with no e-mail address, and each document ``refused``
    (its reference and the reason it was not printed), so none is skipped without a word. ``document``: what
    every draft calls its documents, or what names the documents of these agreements (a school's draft of
    agreements printed in both layouts names both; a family's, its own)."""
    by_address: dict[str, Draft] = {}
    missing: dict[tuple[str, str], list[str]] = {}
    for item in items:
        found = recipients(db, item.agreement_id)
        for r in found:
            draft = by_address.setdefault(r.email.lower(), Draft([r]))
            draft.attachments.append(item)
        for key in _missing_addresses(db, item.agreement_id, found):
            missing.setdefault(key, []).append(item.reference)
    out = []
    target = Path(folder)
    if by_address:  # no draft to write (every document refused, no address): no empty folder
        target.mkdir(parents=True, exist_ok=True)
    for address, draft in sorted(by_address.items()):
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", address)
        named = document if isinstance(document, str) else document([a.agreement_id for a in draft.attachments])
        out.append(write_draft(db, target / f"{name}.eml", draft, document=named, language=language))
    # The families first, then the schools and the companies (each as first met).
    order = {"guardian": 0, "apprentice": 0, "school": 1, "company": 2}
    left_out = [_left_out_text(role, name, refs)
                for (role, name), refs in sorted(missing.items(), key=lambda item: order[item[0][0]])]
    left_out += [_("{reference}: not printed, so not e-mailed: {reason}").format(reference=reference, reason=reason)
                 for reference, reason in refused]
    return BatchDrafts(out, left_out)
