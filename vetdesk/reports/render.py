"""Printing use cases for the window and the command line: gather (services), build (reports), write the
file atomically. A refusal is raised before any file is opened, so nothing is written.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import current as current_language
from vetdesk.i18n import safe_file_name, translator
from vetdesk.reports import agreement as agreement_report
from vetdesk.reports.page import write_atomically
from vetdesk.services import documents
from vetdesk.services.actors import Actor
from vetdesk.services.office import Office
from vetdesk.services.outputs import BATCH_PROCESSES, prepare_folder

TEMPLATES = agreement_report.TEMPLATES


def default_template(doc: documents.AgreementDocument) -> str:
    """The programme says which template(s) its agreements use; anything unknown prints the MMFD layout."""
    return documents.template_of(doc.programme.templates)


def _office(db: Office) -> Office:
    """The office whose operations record what printing writes (a bare database handle: its office, sharing
    its engine and listeners)."""
    return db if isinstance(db, Office) else Office.of(db)


def agreement_pdf(db: Office, agreement_id: int, *, lang: str | None = None,
                  template: str | None = None, paper: str | None = None, translation: bool = False) -> bytes:
    t = translator(lang)
    doc = documents.agreement_document(db, agreement_id, template=template, language=t.locale,
                                       translation=translation)
    return agreement_report.document_pdf(doc, t, template, paper=paper)


def amendment_pdf(db: Office, agreement_id: int, number: int | None = None, *, lang: str | None = None,
                  paper: str | None = None, record: bool = True) -> bytes:
    """An amendment to a signed agreement (the latest, or ``number``), for signature; recorded in the
    agreement's history as printed, its first printing the day it went out for signature (``record=False``: a
    preview, recorded once printed or saved)."""
    from vetdesk.reports.amendment import amendment_pdf as build
    from vetdesk.services.amendments import amendment_document

    t = translator(lang)
    doc = amendment_document(db, agreement_id, number, language=t.locale)
    pdf = build(doc, t, paper=paper)
    if record:
        _office(db).amendment_printed(agreement_id, doc.number, language=t.locale)
    return pdf


def progress_pdf(db: Office, *, apprentice_id: int | None = None, agreement_id: int | None = None,
                 period_start: date | None = None, period_end: date | None = None, lang: str | None = None,
                 today: date | None = None, paper: str | None = None) -> bytes:
    from vetdesk.reports import progress as progress_report  # its charts and tables: not every command's

    doc = documents.progress_document(db, apprentice_id=apprentice_id, agreement_id=agreement_id,
                                      period_start=period_start, period_end=period_end, today=today)
    pdf = progress_report.build(doc, translator(lang), paper=paper)
    _office(db).record_printings([doc.reference], "progress", language=translator(lang).locale)
    return pdf


def progress_pdfs(db: Office, agreement_ids: Sequence[int], *, lang: str | None = None, today: date | None = None,
                  paper: str | None = None) -> list[bytes | RuleViolation]:
    """:func:`progress_pdf` of many agreements over their default periods (a batch's share), in their order; an
    agreement refused gets its refusal in its place. Gathered together (``documents.progress_documents``) and
    recorded in the history in one transaction."""
    from vetdesk.reports import progress as progress_report

    t = translator(lang)
    out: list[bytes | RuleViolation] = []
    printed = []
    for doc in documents.progress_documents(db, agreement_ids, today=today):
        if isinstance(doc, RuleViolation):
            out.append(doc)
            continue
        out.append(progress_report.build(doc, t, paper=paper))
        printed.append(doc.reference)
    _office(db).record_printings(printed, "progress", language=t.locale)
    return out


def form_pdf(db: Office, apprentice_id: int, *, lang: str | None = None, today: date | None = None,
             paper: str | None = None) -> bytes:
    from vetdesk.reports import form as form_report

    doc = documents.assessment_form_document(db, apprentice_id=apprentice_id, today=today)
    pdf = form_report.build(doc, translator(lang), paper=paper)
    _office(db).record_printings([doc.reference], "form", language=translator(lang).locale)
    return pdf


def certificate_pdf(db: Office, agreement_id: int, *, lang: str | None = None, paper: str | None = None,
                    today: date | None = None) -> bytes:
    """The completion certificate, its QR code signed with the office's key (``vetdesk verify`` checks it)."""
    from dataclasses import replace

    from vetdesk.reports import certificate as certificate_report
    from vetdesk.services import signing

    doc = documents.certificate_document(db, agreement_id)
    issued = today or date.today()  # one date: the date line, the signature's and none in the footer
    fields = {
        "office": doc.letterhead.chamber_name, "reference": doc.reference, "name": doc.apprentice.full_name,
        "programme": doc.programme.name, "company": doc.company.name, "start": doc.start_date.isoformat(),
        "end": doc.completed_on.isoformat(), "issued": issued.isoformat(),
        "competencies": f"{doc.reached}/{doc.total}"}
    # Laid out twice: first with a placeholder of the signed text's length (the same QR code size, so the same
    # layout), whose pages' digest the signature then carries (signing.page_digest; verify refuses a change).
    office = _office(db)
    draft = office.sign_certificate(fields, curp=doc.apprentice.curp, digest=signing.DIGEST_PLACEHOLDER)
    first = certificate_report.build(replace(doc, signed=draft, issued_on=issued), translator(lang), paper=paper,
                                     draft_qr=True)
    digest, _found = signing.page_digest(first, draft, blank=True)
    signed = office.sign_certificate(fields, curp=doc.apprentice.curp, digest=digest)
    pdf = certificate_report.build(replace(doc, signed=signed, issued_on=issued), translator(lang), paper=paper)
    office.record_printings([doc.reference], "certificate", language=translator(lang).locale)
    return pdf


def save(path: str | os.PathLike[str], produce: Callable[[], bytes]) -> Path:
    """Write the PDF ``produce`` returns to ``path`` (temporary file, then rename; nothing on refusal)."""
    return write_atomically(path, produce)


# -- batches --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchItem:
    agreement_id: int
    path: str
    ok: bool
    message: str = ""


_worker_db: Office | None = None


def _init_worker(url: str, interface_locale: str, actor: Actor | None = None) -> None:
    global _worker_db
    from vetdesk import i18n

    i18n.set_language(interface_locale)  # refusals read in the caller's language, not the default
    _worker_db = Office.open(url, actor=actor)  # the caller's user: their rights and scope
    # What is loaded by now stays for the worker's life: the garbage collector leaves it out (it walked all of it
    # in every full collection), and it runs less often (each document's short-lived objects, a few thousand, go
    # with their document): ≈3 ms of CPU a progress report.
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _batch_chunk(task: tuple[str, Sequence[tuple[int, str]], str | None, str | None, str | None]
                 ) -> list[BatchItem]:
    """Print a share of a batch (its progress reports gathered together), each into its file."""
    what, items, lang, template, paper = task
    assert _worker_db is not None
    db = _worker_db
    if what == "progress":
        try:
            made = progress_pdfs(db, [agreement_id for agreement_id, _path in items], lang=lang, paper=paper)
        except RuleViolation as exc:  # the user may not print them (refused before anything is read)
            return [BatchItem(agreement_id, path, False, _refusal(exc)) for agreement_id, path in items]
        out = []
        for (agreement_id, path), pdf in zip(items, made, strict=True):
            if isinstance(pdf, RuleViolation):
                out.append(BatchItem(agreement_id, path, False, _refusal(pdf)))
            else:
                save(path, partial(bytes, pdf))
                out.append(BatchItem(agreement_id, path, True))
        return out
    out = []
    for agreement_id, path in items:
        try:
            save(path, partial(agreement_pdf, db, agreement_id, lang=lang, template=template, paper=paper))
        except RuleViolation as exc:
            out.append(BatchItem(agreement_id, path, False, _refusal(exc)))
            continue
        out.append(BatchItem(agreement_id, path, True))
    return out


def _refusal(exc: RuleViolation) -> str:
    return "; ".join(p.message for p in exc.errors or exc.problems)


def batch_file_name(what: str, agreement_id: int, reference: str | None = None, lang: str | None = None) -> str:
    """The default file name of an agreement's document ("progress" or "agreements"), in the document's
    language ``lang`` ("convenio-CA-2027-000006.pdf"), of safe characters only."""
    t = translator(lang)
    if what == "progress":
        name = t.pgettext("file name", "progress-{reference}.pdf")
    else:
        name = t.pgettext("file name", "agreement-{reference}.pdf")
    return safe_file_name(name.format(reference=reference or agreement_id))


def print_batch(db: Office, what: str, agreement_ids: Sequence[int], directory: str | os.PathLike[str], *,
                lang: str | None = None, template: str | None = None, processes: int = BATCH_PROCESSES,
                references: dict[int, str] | None = None, paper: str | None = None) -> Iterator[BatchItem]:
    """Print many documents into ``directory`` with a pool of ``processes`` workers; yields each outcome as
    it finishes (so a progress dialog can count and cancel by stopping the iteration)."""
    if what not in ("progress", "agreements"):
        raise ValueError(what)
    made = not Path(directory).exists()
    folder = prepare_folder(directory)  # made now: a folder that cannot be written is said before any work
    try:
        yield from _printed(db, what, agreement_ids, folder, lang=lang, template=template, processes=processes,
                            references=references, paper=paper)
    finally:
        if made:  # a batch that wrote nothing leaves no empty folder behind (rmdir takes only an empty one)
            with contextlib.suppress(OSError):
                folder.rmdir()


def _printed(db: Office, what: str, agreement_ids: Sequence[int], folder: Path, *, lang: str | None,
             template: str | None, processes: int, references: dict[int, str] | None,
             paper: str | None) -> Iterator[BatchItem]:
    refs = references or {}
    items = [(i, str(folder / batch_file_name(what, i, refs.get(i), lang))) for i in agreement_ids]
    if not items:
        return
    if processes <= 1 or len(items) < 4:
        global _worker_db
        _worker_db = db
        for start in range(0, len(items), 32):
            yield from _batch_chunk((what, items[start:start + 32], lang, template, paper))
        return
    # Shares of 8 to 32 documents: each share's reports gathered together, and fewer round trips between the pool
    # and its workers, while a progress dialog still moves. The shares shrink towards the end (a quarter of what
    # is left per worker, at least 8), so that no worker is still on a long share while the others wait.
    tasks = []
    start = 0
    while start < len(items):
        size = max(8, min(32, (len(items) - start) // (processes * 4)))
        tasks.append((what, items[start:start + size], lang, template, paper))
        start += size
    method = start_method()
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(list(_PRELOAD))
    frozen = gc.get_freeze_count()
    if method == "fork":
        for module in _PRELOAD:  # loaded once here, each worker starting with them
            importlib.import_module(module)
        # What this process holds at the fork (its open database connections among it) is never collected in a
        # worker, so a worker never closes a connection it inherited (SQLite: never carry one across a fork).
        gc.collect()
        gc.freeze()
    try:
        pool = context.Pool(processes, initializer=_init_worker,
                            initargs=(db.url, current_language().locale, db.actor))
    finally:
        if method == "fork" and not frozen:  # what the process had frozen before stays frozen
            gc.unfreeze()
    with pool:
        for done in pool.imap_unordered(_batch_chunk, tasks):
            yield from done


def start_method() -> str:
    """How a batch starts its workers. ``fork`` when this process is a plain one (one thread, Qt not loaded: the
    command line): the workers start at once from what it has loaded, where a forkserver first imported the
    builders again (≈0.5 s of a 1,000-report batch's ≈10 s, one core idle meanwhile). ``forkserver`` in the
    window: its workers never inherit the window's threads (Qt's own among them) or its open connections; the
    server imports the builders once, each worker starting from its copy. ``spawn`` where neither exists."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and not any(
            name == "PySide6" or name.startswith("PySide6.") for name in sys.modules):
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


#: What a batch's workers use, imported once by the forkserver.
_PRELOAD = ("vetdesk.reports.render", "vetdesk.reports.progress", "vetdesk.services.documents",
            "vetdesk.services.office")
