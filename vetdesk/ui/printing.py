"""Printing: render the PDF off the GUI thread (vetdesk.reports), preview it, print or save it.

Pages are drawn with pypdfium2 (to a PIL image, then a QImage), on screen and on the printer alike.
Printing an agreement for signature moves a draft to "printed" through ``Office.print_for_signature``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSaveFile, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vetdesk import i18n
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _, ngettext, safe_file_name
from vetdesk.services.office import Office
from vetdesk.ui.files import open_path, show_saved
from vetdesk.ui.folders import remember_folder, start_folder, start_path
from vetdesk.ui.tasks import Cancelled, run_with_progress


def page_images(pdf: bytes, dpi: float = 110) -> list[QImage]:
    """Every page of ``pdf`` as a QImage at ``dpi``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for i in range(len(document)):
            page = document[i]
            bitmap = page.render(scale=dpi / 72)
            image = bitmap.to_pil().convert("RGBA")
            data = image.tobytes("raw", "RGBA")
            images.append(QImage(data, image.width, image.height, image.width * 4,
                                 QImage.Format.Format_RGBA8888).copy())
            page.close()
        return images
    finally:
        document.close()


#: The document languages a preview offers (``vetdesk print --lang``), each named in its own language.
DOCUMENT_LANGUAGES = (("es", "Español (México)"), ("en", "English"), ("de", "Deutsch"), ("pt", "Português (Brasil)"))


class PrintChoices:
    """What a preview lets the officer choose before printing, as ``vetdesk print --lang/--template/--paper``
    does: the document's language, the layout (agreements only) and the paper; ``render`` makes the PDF for a
    choice (refusing with a RuleViolation, e.g. a layout whose law the contract breaks); ``notice`` says, for a
    document language, what the officer should know before it goes out (the core's warning, e.g. the office's
    text behind in that language), "" when nothing. ``translatable``: whether the document in a language may be
    printed as a translation to read, not for signature (an agreement out for signature in another language);
    ``translation``: it is asked so (``render`` reads it)."""

    def __init__(self, render: Callable[[str, str | None, str], bytes], *, language: str, paper: str,
                 layout: str | None = None, notice: Callable[[str], str] | None = None,
                 translatable: Callable[[str], bool] | None = None) -> None:
        self.render = render
        self.notice = notice
        self.language, self.paper, self.layout = language, paper, layout
        self.translatable = translatable
        self.translation = False


class PdfPreview(QDialog):
    """Shows a PDF's pages; Print sends them to a printer, Save writes the file. With ``choices`` it shows the
    document's language, layout and paper above the pages, and a change renders the document again."""

    def __init__(self, pdf: bytes, title: str, file_name: str, parent: QWidget | None = None, *,
                 mail: Callable[[str], tuple[Path, list[str]]] | None = None, announce: bool = True,
                 choices: PrintChoices | None = None) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.choices = choices
        self.file_name = file_name
        #: False: the caller says where a saved PDF went (with what saving it changed), not this dialog; an e-mail
        #: draft is said here, over the preview, whatever this says.
        self.announce = announce
        #: Writes an e-mail draft of this document to the path given (None: no e-mail for this document).
        self.mail = mail
        self.left_out: list[str] = []
        self.saved_path: str | None = None
        self.done_with: str | None = None  # "printed" or "saved" once that happened
        self.setWindowTitle(title)
        self.resize(900, 720)
        layout = QVBoxLayout(self)
        #: What to know before this document goes out in the language chosen (``PrintChoices.notice``), shown
        #: above the pages while it holds.
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(_("Before printing"))
        self.notice.setStyleSheet("QLabel { background: #fff4ce; border: 1px solid #d8b200; padding: 6px; }")
        self.notice.setVisible(False)
        if choices is not None:
            layout.addLayout(self._choice_row(choices))
            layout.addWidget(self.notice)
            self._show_notice(choices.language)
        self.page_area = QScrollArea(self)
        self.page_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_area.setBackgroundRole(self.page_area.backgroundRole())
        self.page_count = 0
        self._show_pages(pdf)
        layout.addWidget(self.page_area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))  # Qt's own stays English
        self.print_button = QPushButton(_("&Print…"), self)
        self.save_button = QPushButton(_("&Save as PDF…"), self)
        self.mail_button = QPushButton(_("&E-mail draft…"), self)
        self.mail_button.setToolTip(_("Write an e-mail with this PDF attached, to the family, the school and the "
                                      "company, and open it in your mail program to check and send"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.mail_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.mail_button.setVisible(mail is not None)  # (after adding it: the box shows what it is given)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_pages)
        self.save_button.clicked.connect(self.save_file)
        self.mail_button.clicked.connect(self.mail_draft)
        layout.addWidget(buttons)

    def _show_pages(self, pdf: bytes) -> None:
        body = QWidget(self.page_area)
        pages = QVBoxLayout(body)
        self.page_count = 0
        for image in page_images(pdf, dpi=96):
            label = QLabel(body)
            label.setPixmap(_pixmap(image))
            label.setAccessibleName(_("Page {n}").format(n=self.page_count + 1))
            pages.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_count += 1
        self.page_area.setWidget(body)  # (the pages shown before are deleted with their widget)

    def _choice_row(self, choices: PrintChoices) -> QHBoxLayout:
        row = QHBoxLayout()
        self.language_box = self._combo(_("Document language"), DOCUMENT_LANGUAGES, choices.language, row)
        self.layout_box: QComboBox | None = None
        if choices.layout is not None:
            from vetdesk.services.print_check import LAYOUT_NAMES

            self.layout_box = self._combo(_("Layout"), [(code, _(name)) for code, name in LAYOUT_NAMES.items()],
                                          choices.layout, row)
        self.paper_box = self._combo(_("Paper size"), (("letter", _("Letter (Mexico)")), ("a4", _("A4"))),
                                     choices.paper, row)
        #: A translation to read, not for signature: offered in a language other than the one to sign.
        self.translation_box: QCheckBox | None = None
        if choices.translatable is not None:
            self.translation_box = QCheckBox(_("&Translation only, not for signature"), self)
            self.translation_box.setAccessibleName(_("Translation only, not for signature"))
            self.translation_box.setToolTip(_("Print this language as a translation for the parties to read: every "
                                              "page says so, and the agreement is still signed in the language it "
                                              "went out in"))
            self.translation_box.setVisible(choices.translatable(choices.language))
            self.translation_box.toggled.connect(lambda _on: self._choice_changed(self.translation_box))
            row.addWidget(self.translation_box)
        row.addStretch(1)
        return row

    def _combo(self, label: str, items: Sequence[tuple[str, str]], current: str, row: QHBoxLayout) -> QComboBox:
        combo = QComboBox(self)
        for code, name in items:
            combo.addItem(name, code)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.setAccessibleName(label)
        caption = QLabel(label + ":", self)
        caption.setBuddy(combo)
        row.addWidget(caption)
        row.addWidget(combo)
        combo.currentIndexChanged.connect(lambda _index: self._choice_changed(combo))
        return combo

    def _choice_changed(self, changed: QWidget | None) -> None:
        """Render the document again as chosen; a refusal is said and the choice goes back to the one shown."""
        assert self.choices is not None
        language = self.language_box.currentData()
        layout = self.layout_box.currentData() if self.layout_box is not None else None
        paper = self.paper_box.currentData()
        translatable = self.choices.translatable is not None and self.choices.translatable(language)
        was_translation = self.choices.translation
        self.choices.translation = bool(translatable and self.translation_box is not None
                                        and self.translation_box.isChecked())
        try:
            from PySide6.QtWidgets import QApplication

            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                pdf = self.choices.render(language, layout, paper)
            finally:
                QApplication.restoreOverrideCursor()
        except RuleViolation as exc:
            QMessageBox.warning(self, _("Print"), "\n".join(p.message for p in exc.problems))
            self.choices.translation = was_translation
            if isinstance(changed, QComboBox):
                shown = {self.language_box: self.choices.language, self.paper_box: self.choices.paper,
                         self.layout_box: self.choices.layout}[changed]
                changed.blockSignals(True)
                changed.setCurrentIndex(max(0, changed.findData(shown)))
                changed.blockSignals(False)
            elif isinstance(changed, QCheckBox):
                changed.blockSignals(True)
                changed.setChecked(was_translation)
                changed.blockSignals(False)
            return
        self.choices.language, self.choices.layout, self.choices.paper = language, layout, paper
        if self.translation_box is not None:
            self.translation_box.setVisible(translatable)
        self.pdf = pdf
        self._show_pages(pdf)
        self._show_notice(language)

    def _show_notice(self, language: str) -> None:
        """Say (or stop saying) what the officer should know before the document goes out in ``language``."""
        text = self.choices.notice(language) if self.choices is not None and self.choices.notice else ""
        self.notice.setText(text)
        self.notice.setAccessibleDescription(text)
        self.notice.setVisible(bool(text))

    def print_pages(self) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.print_to(printer)
        self.done_with = "printed"
        self.accept()
        return True

    def print_to(self, printer: QPrinter) -> None:
        dpi = min(printer.resolution(), 300)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError(_("The printer cannot be opened."))
        try:
            for i, image in enumerate(page_images(self.pdf, dpi)):
                if i:
                    printer.newPage()
                target = QRectF(painter.viewport())
                scale = min(target.width() / image.width(), target.height() / image.height())
                w, h = image.width() * scale, image.height() * scale
                painter.drawImage(QRectF(target.x() + (target.width() - w) / 2, target.y(), w, h), image)
        finally:
            painter.end()

    def save_file(self) -> bool:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), start_path(self, self.file_name),
                                                    _("PDF documents") + " (*.pdf)")
        if not path:
            return False
        self.write(path)
        remember_folder(self, path)  # the next document is proposed in the same folder
        self.saved_path = path
        self.done_with = "saved"
        self.accept()
        if self.announce:
            show_saved(self.parentWidget() or self, path)
        return True

    def mail_draft(self) -> bool:
        """Write the e-mail draft (PDF attached) beside the documents folder and open it in the mail program."""
        if self.mail is None:
            return False
        stem = self.file_name.rsplit(".", 1)[0]
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the e-mail draft"), start_path(self, f"{stem}.eml"),
                                                    _("E-mail drafts") + " (*.eml)")
        if not path:
            return False
        remember_folder(self, path)
        try:
            written, left_out = self.mail(path)
        except RuleViolation as exc:
            QMessageBox.warning(self, _("E-mail draft"), "\n".join(p.message for p in exc.problems))
            return False
        self.done_with = "mailed"
        self.saved_path = str(written)
        opened = open_path(str(written))  # in the mail program, to check and send
        #: Who the draft leaves out, in words (a family without an e-mail address), said with where it went.
        self.left_out = left_out
        # Said now, over the preview still open (what saving it changed is the caller's to say once it closes),
        # and as it went: the file is written; the mail program may not have opened it.
        show_saved(self, written, title=_("E-mail draft"), text=mailed_text(written, left_out, opened=opened))
        return True

    def write(self, path: str) -> None:
        out = QSaveFile(path)  # written whole or not at all
        if not out.open(QSaveFile.OpenModeFlag.WriteOnly):
            raise OSError(out.errorString())
        out.write(self.pdf)
        if not out.commit():
            raise OSError(out.errorString())


def mailed_text(path: str | Path, left_out: Sequence[str] = (), *, opened: bool = True) -> str:
    """Where an e-mail draft went, whether the mail program opened it, and who it leaves out (none is skipped
    without a word)."""
    missing = ("\n\n" + _("Left out of the e-mail draft:") + "\n" + "\n".join(left_out)) if left_out else ""
    if opened:
        said = _("The e-mail draft was written to {path} and opened in your mail program to check and send.")
    else:
        said = _("The e-mail draft was written to {path}. It could not be opened here: open the file with your "
                 "mail program to check and send it.")
    return said.format(path=path) + missing


def _pixmap(image: QImage) -> Any:
    from PySide6.QtGui import QPixmap

    return QPixmap.fromImage(image)


def print_agreement(parent: QWidget, db: Office, agreement_id: int, *, warnings_read: bool = False) -> None:
    """Render the agreement off the GUI thread and preview it; printing it or saving it as a PDF sends it out
    for signature (a draft becomes "printed": ``Office.print_for_signature``, announced to every view).
    ``warnings_read``: the officer has just read and accepted the draft's warnings (the wizard's review), so
    they are not asked again; a refusal is still said."""
    from vetdesk.i18n import locale_for
    from vetdesk.reports import render
    from vetdesk.services.clauses import LANGUAGE_NAMES
    from vetdesk.services.documents import print_layout
    from vetdesk.services.settings import office_settings

    lang = i18n.current().locale
    record = db.get("agreements", agreement_id)
    layout = layout_to_print(parent, db, agreement_id, print_layout(db, agreement_id),
                             ask_warnings=not warnings_read)
    if layout is None:
        return  # refused (or its warnings not accepted) before anything is rendered, saved or printed

    def checked(language: str, chosen: str | None, paper: str) -> bytes:
        """The document in the layout chosen, once the core's check of that layout lets it go out (the check
        ``vetdesk print --template`` asks): a refusal is said, and nothing is shown."""
        check = db.print_checks([agreement_id], template=chosen, language=language,
                                translation=choices.translation).get(agreement_id)
        if check is not None:  # another layout (or language) may be refused: in the core's words, as vetdesk print
            check.refuse()
        return render.agreement_pdf(db, agreement_id, lang=language, template=chosen, paper=paper,
                                    translation=choices.translation)

    def behind(language: str) -> str:
        """In a language whose office text misses another language's change, the core's warning (as ``vetdesk
        print`` says it): a draft prints the texts of today, a reprint the versions it went out with. One out for
        signature shown in another language than it went out in: the core's warning that the copies handed
        out become void (as ``vetdesk print --lang`` says it; once a party signed, the language is refused)."""
        said: list[str] = []
        if record["status"] != "draft":  # and a reprint prints the text it went out with: said when edited since
            check = db.print_checks([agreement_id], language=language,
                                    translation=choices.translation).get(agreement_id)
            changing = [p.message for p in (check.problems if check is not None else ())
                        if p.code == "print.language_changed" and not p.is_error]
            said += changing
            if changing and choices.translatable is not None:
                said.append(_("To hand out a translation to read instead, tick “Translation only, not for "
                              "signature”."))
            if choices.translation and went_out:
                said.append(_("A translation to read: every page says so, and the agreement is still signed in "
                              "{language}.").format(language=_(LANGUAGE_NAMES[went_out])))
            said += list(filter(None, [db.kept_text_note(agreement_id, language)]))
        note = db.office_text_notes([agreement_id], language).get(agreement_id)
        return " ".join([*said, *([note.message] if note is not None else [])])

    # The document's language, layout and paper as the officer chooses them in the preview (as the command
    # line's --lang, --template and --paper): the window's language, the programme's layout (or the one the
    # officer took when it was refused), the office's paper.
    # (one that went out for signature: the language it went out in, print_check.language_of_record)
    from vetdesk.services.agreement_sheet import translation_refusal
    from vetdesk.services.print_check import language_of_record

    went_out = language_of_record(db, agreement_id)
    choices = PrintChoices(checked, language=went_out or next(
                               (code for code, loc in i18n.LANGUAGES.items() if loc == lang), "es"),
                           layout=layout, paper=str(office_settings(db).get("paper_size") or "letter"),
                           notice=behind,
                           # out for signature, not signed yet: another language may be a translation to read
                           translatable=(lambda language: translation_refusal(
                               str(record["reference"]), record["status"], went_out, language) is None)
                           if record["status"] == "printed" else None)

    def shown(pdf: bytes) -> None:
        file_name = render.batch_file_name("agreements", agreement_id, record["reference"], lang)
        holder: list[PdfPreview] = []

        def mail(path: str) -> tuple[Path, list[str]]:  # the document as last chosen, in its language
            chosen = holder[0]
            return mailer(db, agreement_id, chosen.file_name, chosen.pdf, "agreement",
                          locale_for(choices.language), layout=choices.layout)(path)

        preview = PdfPreview(pdf, _("Agreement {reference}").format(reference=record["reference"]), file_name,
                             parent, mail=mail, announce=False, choices=choices)
        holder.append(preview)
        preview.exec()
        if preview.done_with:
            before = db.get("agreements", agreement_id)["status"]
            try:  # the language and layout printed: the gate judges the layout that went out
                db.print_for_signature([agreement_id], language=locale_for(choices.language),
                                       template=choices.layout, translation=choices.translation)
            except RuleViolation as exc:
                QMessageBox.warning(parent, _("Print"), "\n".join(p.message for p in exc.problems))
                return
            after = db.get("agreements", agreement_id)["status"]
            if preview.done_with == "printed":
                _tell_printed(parent, str(record["reference"]), preview.page_count, before, after)
            elif preview.done_with == "mailed":  # the draft was said in the preview: now where the agreement stands
                QMessageBox.information(parent, _("E-mail draft"), _status_now(str(record["reference"]), before, after))
            elif preview.saved_path:  # saved as a PDF: where it went, and the status
                saved = preview.saved_path
                show_saved(parent, saved, title=_("File saved"),
                           text=_("The file was saved as {path}.").format(path=saved) + "\n\n"
                           + _status_now(str(record["reference"]), before, after))

    run_with_progress(parent, _("Preparing the agreement…"),
                      lambda _p: choices.render(choices.language, choices.layout, choices.paper), shown,
                      lambda exc: _failed(parent, exc))


def print_amendment(parent: QWidget, db: Office, agreement_id: int, number: int | None = None) -> None:
    """Render the agreement's latest amendment (or ``number``) off the GUI thread and preview it, to print or save
    for the parties to sign (recorded in the agreement's history once printed or saved). Its language is the one
    the agreement was signed in, unless the officer chooses another: then the preview says, as the document does,
    that it is a translation (``Office.amendment_translation_notice``)."""
    from vetdesk.i18n import locale_for
    from vetdesk.reports import render
    from vetdesk.services.settings import office_settings

    lang = i18n.current().locale
    record = db.get("agreements", agreement_id)

    def rendered(language: str, _layout: str | None, paper: str) -> bytes:
        return render.amendment_pdf(db, agreement_id, number, lang=locale_for(language), paper=paper, record=False)

    choices = PrintChoices(rendered, language=db.language_of_record(agreement_id) or next(
                               (code for code, loc in i18n.LANGUAGES.items() if loc == lang), "es"),
                           paper=str(office_settings(db).get("paper_size") or "letter"),
                           notice=lambda language: db.amendment_translation_notice(
                               agreement_id, locale_for(language), number))

    def shown(pdf: bytes) -> None:
        file_name = safe_file_name(_("Amendment {reference}").format(reference=record["reference"])) + ".pdf"
        preview = PdfPreview(pdf, _("Amendment to agreement {reference}").format(reference=record["reference"]),
                             file_name, parent, choices=choices)
        preview.exec()
        if preview.done_with:  # printed or saved: in the agreement's history, in the language chosen
            try:
                db.amendment_printed(agreement_id, number, language=locale_for(choices.language))
            except RuleViolation as exc:
                QMessageBox.warning(parent, _("Print"), "\n".join(p.message for p in exc.problems))

    run_with_progress(parent, _("Preparing the amendment…"),
                      lambda _p: choices.render(choices.language, None, choices.paper), shown,
                      lambda exc: _failed(parent, exc))


def layout_to_print(parent: QWidget, db: Office, agreement_id: int, layout: str, *,
                    ask_warnings: bool = True) -> str | None:
    """The layout to preview the agreement in, once the core lets it go out (``Office.print_checks``, as
    ``vetdesk print`` asks it): the programme's ``layout``; when that is refused and another layout passes (no
    school is party: the AHK contract, not the Mexican agreement), the refusal offers to print in that one, as
    ``vetdesk print --template`` can. None: refused, or its warnings not accepted."""
    check = db.print_checks([agreement_id], alternatives=True).get(agreement_id)
    if check is None or not check.refused:
        return layout if may_go_out(parent, db, agreement_id, ask_warnings=ask_warnings) else None
    if not check.other_layout:
        QMessageBox.warning(parent, _("Print"), check.refusal())
        return None
    from vetdesk.services.print_check import layout_name

    box = QMessageBox(QMessageBox.Icon.Warning, _("Print"), check.refusal(), QMessageBox.StandardButton.Close,
                      parent)
    box.button(QMessageBox.StandardButton.Close).setText(_("Close"))
    other = box.addButton(_("Print as \u201c{layout}\u201d…").format(layout=layout_name(check.other_layout)),
                          QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    if box.clickedButton() is not other:
        return None
    return check.other_layout if may_go_out(parent, db, agreement_id, check.other_layout,
                                            ask_warnings=ask_warnings) else None


def may_go_out(parent: QWidget, db: Office, agreement_id: int, template: str | None = None, *,
               ask_warnings: bool = True, title: str | None = None) -> bool:
    """Ask the core whether this draft may go out for signature before its document is rendered
    (``Office.print_checks``): a refusal is said (every reason, the agreement stays a draft) and nothing is
    printed; warnings are asked as warnings, and the draft is printed once the user accepts them. A reprint is
    not asked. The form's "Mark as printed" asks the same (``title``: its own), so a refusal reads the same
    whichever way the draft was to go out (``PrintCheck.refusal``, as ``vetdesk print`` says it)."""
    check = db.print_checks([agreement_id], template=template).get(agreement_id)
    if check is None:
        return True
    if check.refused:
        QMessageBox.warning(parent, title or _("Print"), check.refusal())
        return False
    if not ask_warnings:
        return True
    answer = QMessageBox.question(parent, _("Print a copy") if check.reprint else _("Print for signature"),
                                  check.question(),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _tell_printed(parent: QWidget, reference: str, pages: int, before: str, after: str) -> None:
    """Say what went to the printer and where the agreement now stands (a printer says nothing itself)."""
    if before != after:
        text = ngettext("Agreement {reference} ({pages} page) was sent to the printer for the parties to sign.",
                        "Agreement {reference} ({pages} pages) was sent to the printer for the parties to sign.",
                        pages)
    else:
        text = ngettext("Agreement {reference} ({pages} page) was sent to the printer again.",
                        "Agreement {reference} ({pages} pages) was sent to the printer again.", pages)
    QMessageBox.information(parent, _("Sent to the printer"), text.format(reference=reference, pages=pages) + " "
                            + _status_now(reference, before, after))


def _status_now(reference: str, before: str, after: str) -> str:
    """Where an agreement stands after it was printed, saved as a PDF or e-mailed for signature, and what comes
    next: one sentence for every way it went out (a saved file changes the status as a printed one does)."""
    from vetdesk.domain.lifecycle import status_label

    if before != after:
        return _("Agreement {reference} is now \u201c{status}\u201d: out for the parties to sign. Record the "
                 "signatures as they come in ({action}).").format(reference=reference, status=status_label(after),
                                                                 action=_("Record signatures…"))
    return _("Its status stays \u201c{status}\u201d.").format(status=status_label(after))


def print_progress(parent: QWidget, db: Office, apprentice_id: int) -> None:
    from vetdesk.reports import render

    lang = i18n.current().locale

    def shown(pdf: bytes) -> None:
        from vetdesk.services.documents import current_agreement_id

        agreement_id = current_agreement_id(db, apprentice_id)
        from vetdesk.services.documents import references

        file_name = render.batch_file_name("progress", agreement_id, references(db, [agreement_id]).get(agreement_id),
                                           lang)
        PdfPreview(pdf, _("Progress report"), file_name, parent,
                   mail=mailer(db, agreement_id, file_name, pdf, "progress", lang)).exec()

    run_with_progress(parent, _("Preparing the progress report…"),
                      lambda _p: render.progress_pdf(db, apprentice_id=apprentice_id, lang=lang), shown,
                      lambda exc: _failed(parent, exc))


def mailer(db: Office, agreement_id: int, file_name: str, pdf: bytes, document: str,
           lang: str, *, layout: str | None = None) -> Callable[[str], tuple[Path, list[str]]]:
    """What the preview's e-mail button does: write the draft of this document (services.mail), naming it as its
    title does (``layout``: the agreement's printed); it returns the file and who was left out, in words."""
    from vetdesk.services import mail

    kind = mail.document_name(db, document, lang, agreement_ids=[agreement_id], layout=layout)

    def write(path: str) -> tuple[Path, list[str]]:
        draft = mail.agreement_draft(db, agreement_id, file_name, pdf)
        return mail.write_draft(db, path, draft, document=kind, language=lang), draft.left_out

    return write


def collaboration_mailer(db: Office, collaboration_id: int, file_name: str, pdf: bytes,
                         lang: str) -> Callable[[str], tuple[Path, list[str]]]:
    """The e-mail button of a collaboration agreement's preview: as a learning agreement's, a draft (``.eml``,
    ``X-Unsent``) with the PDF attached, to the school and the company (services.mail)."""
    from vetdesk.i18n import translator
    from vetdesk.reports.collaboration import kind_label
    from vetdesk.services import mail

    kind = kind_label(translator(lang))

    def write(path: str) -> tuple[Path, list[str]]:
        draft = mail.collaboration_draft(db, collaboration_id, file_name, pdf)
        return mail.write_draft(db, path, draft, document=kind, language=lang), draft.left_out

    return write


def _batch_drafts(db: Office, what: str, paths: dict[int, str], folder: str,
                  lang: str) -> tuple[list[Path], list[str]]:
    """A batch's e-mail drafts, one per recipient with their documents, in the folder's subfolder of drafts (its
    name in the documents' language, as theirs: "borradores-de-correo"; nothing is sent: the officer opens them in
    the mail program); and who was left out, and why, in words."""
    from vetdesk.i18n import translator
    from vetdesk.services import mail
    from vetdesk.services.kinds import batch_document

    if not paths:
        return [], []
    document = batch_document(what)
    items = [mail.attachment(db, i, Path(p).name, Path(p).read_bytes()) for i, p in sorted(paths.items())]
    subfolder = safe_file_name(translator(lang).pgettext("file name", "e-mail-drafts"))
    try:
        done = mail.batch_drafts(db, items, Path(folder) / subfolder, language=lang, document=lambda ids: (
            mail.document_name(db, document, lang, agreement_ids=ids)))
    except RuleViolation as exc:  # the office's mail text has an error: the PDFs are written all the same
        return [], [_("No e-mail drafts were written: {reason}").format(
            reason=" ".join(p.message for p in exc.problems))]
    return done.written, done.left_out


def _failed(parent: QWidget, exc: BaseException) -> None:
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, RuleViolation):
        QMessageBox.warning(parent, _("Print"), "\n".join(p.message for p in exc.problems))
        return
    raise exc


#: The most lines of "left out of the e-mail drafts" a message box shows; more go in a scrolling text window.
_LINES_IN_A_MESSAGE = 8


class BatchPrintDialog(QDialog):
    """Before a batch is printed: the folder its PDF files go to (an existing one: the last saved into, else
    Documents), the documents' language (the office's unless chosen), and whether e-mail drafts are written beside
    them, which the officer ticks (never unasked)."""

    def __init__(self, parent: QWidget, total: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(ngettext("Print {n} document", "Print {n} documents", total).format(n=total))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        label = QLabel(_("Folder for the PDF files"), self)
        # Typed or chosen: a folder typed that does not exist is created when the officer prints.
        self.folder = QLineEdit(start_folder(parent), self)
        self.folder.setAccessibleName(_("Folder for the PDF files"))
        self.folder.setMinimumWidth(420)
        label.setBuddy(self.folder)
        choose = QPushButton(_("Choose…"), self)
        choose.setAccessibleName(_("Choose the folder"))
        choose.clicked.connect(self.choose)
        row.addWidget(label)
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        layout.addLayout(row)
        # The documents' language, as vetdesk print batch --lang: the office's (vetdesk's default, Spanish for a
        # Mexican office) unless chosen, not the window's: families and schools read the office's language. The
        # e-mail drafts are written in it too.
        language_row = QHBoxLayout()
        self.language = QComboBox(self)
        for code, name in DOCUMENT_LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.DEFAULT_LANGUAGE)))
        self.language.setAccessibleName(_("Document language"))
        self.language.setToolTip(_("The language of the documents and of the e-mail drafts written with them"))
        caption = QLabel(_("Document language") + ":", self)
        caption.setBuddy(self.language)
        language_row.addWidget(caption)
        language_row.addWidget(self.language)
        language_row.addStretch(1)
        layout.addLayout(language_row)
        self.drafts = QCheckBox(_("Also write e-mail drafts (nothing is sent)"), self)
        self.drafts.setToolTip(_("One draft per recipient, with their documents, in a folder of e-mail drafts "
                                 "beside the PDF files, to check and send from your mail program"))
        self.drafts.setAccessibleName(_("Also write e-mail drafts"))
        self.drafts.setChecked(False)
        layout.addWidget(self.drafts)
        # Why the folder typed cannot be used (not writable, cannot be created), in words.
        self.folder_problem = QLabel(self)
        self.folder_problem.setWordWrap(True)
        self.folder_problem.setAccessibleName(_("Problem with the folder"))
        self.folder_problem.hide()
        layout.addWidget(self.folder_problem)
        self.folder.textEdited.connect(lambda _text: self.folder_problem.hide())
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton(_("&Print"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for the PDF files"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)
            self.folder_problem.hide()

    def accept(self) -> None:
        """Print into the folder typed or chosen: created if missing; one that cannot be written in is refused
        here, in words, and the dialog stays open."""
        problem = usable_folder(self.folder.text())
        if isinstance(problem, str):
            self.folder_problem.setText(problem)
            self.folder_problem.show()
            self._fit_height()
            self.folder.setFocus()
            return
        self.folder.setText(str(problem))
        super().accept()


    def _fit_height(self) -> None:
        """Grow the dialog to what its lines need at its width (the problem's wrapped lines are read whole)."""
        layout = self.layout()
        assert layout is not None
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else \
            layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)


def usable_folder(typed: str) -> Path | str:
    """The folder ``typed`` (``~`` is the home folder), created if missing, when files can be written in it;
    else why not, in the user's words."""
    import tempfile

    text = typed.strip()
    if not text:
        return _("Write the folder for the PDF files, or choose it with Choose….")
    folder = Path(text).expanduser()
    if folder.exists() and not folder.is_dir():
        return _("{folder} is a file, not a folder. Write a folder for the PDF files, or choose one.").format(
            folder=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return _("The folder {folder} cannot be created here. Choose a folder you may write in, for example "
                 "in Documents.").format(folder=folder)
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return _("vetdesk cannot write in the folder {folder}. Choose a folder you may write in, for example "
                 "in Documents.").format(folder=folder)
    return folder


def print_batch(parent: QWidget, db: Office, what: str, agreement_ids: list[int], folder: str | None = None,
                on_finished: Callable[[int, list[str]], None] | None = None, *, drafts: bool = False,
                language: str | None = None) -> None:
    """Print the listed agreements (or their progress reports) into a folder, one PDF each, off the GUI
    thread behind a progress dialog that can be cancelled; then say what was written and what refused. Without a
    ``folder``, the officer chooses it, the documents' language (the e-mail drafts follow it) and whether e-mail
    drafts are written too (:class:`BatchPrintDialog`)."""
    from vetdesk.reports import render

    if not agreement_ids:
        return
    if folder is None:
        dialog = BatchPrintDialog(parent, len(agreement_ids))
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.folder.text():
                return
            folder, drafts = dialog.folder.text(), dialog.drafts.isChecked()
            language = str(dialog.language.currentData())
        finally:
            dialog.deleteLater()
        remember_folder(parent, folder, is_folder=True)
    from vetdesk.services.clauses import grouped_notes
    from vetdesk.services.documents import references
    from vetdesk.services.kinds import batch_for_signature

    refs = references(db, agreement_ids)
    # the language chosen in the dialog (a folder given without one: the window's, as before)
    lang = i18n.locale_for(language) if language else i18n.current().locale
    total = len(agreement_ids)
    #: Each document goes out for signature (agreements): checked before it is written, marked printed after.
    for_signature = batch_for_signature(what)

    drafts_written: list[Path] = []
    left_out: list[str] = []
    printed_now: list[int] = []  # drafts this printing made "printed": said, as vetdesk print batch says it
    #: The warnings of the agreements written (the core's words, each agreement's under its name, as vetdesk print
    #: batch says them): a draft that went out all the same, a signed agreement's copy.
    warned: list[str] = []

    def work(progress: Any) -> tuple[int, list[str]]:
        written: list[int] = []
        paths: dict[int, str] = {}
        refused: list[str] = []
        wanted = agreement_ids
        was_draft: set[int] = set()
        checks: dict[int, Any] = {}
        notes: dict[int, Any] = {}  # (clauses.agreement_text_notes)
        if for_signature:  # a draft the rules refuse is left out before anything is rendered: no file
            from vetdesk.services.documents import drafts_among

            checks = db.print_checks(agreement_ids, language=lang)  # another language than signed: refused
            refused.extend(c.refusal() for c in checks.values() if c.refused)
            wanted = [i for i in agreement_ids if not (i in checks and checks[i].refused)]
            was_draft = drafts_among(db, wanted)
            notes = db.office_text_notes(wanted, lang)
        items = render.print_batch(db, what, wanted, folder, lang=lang, references=refs)
        try:
            for n, item in enumerate(items, start=1):
                if item.ok:
                    written.append(item.agreement_id)
                    paths[item.agreement_id] = item.path
                else:
                    refused.append(f"{refs.get(item.agreement_id, item.agreement_id)}: {item.message}")
                progress.report(n, total, _("{n} of {total} written…").format(n=n, total=total))
                progress.check()
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()  # stops the worker processes when cancelled
            if for_signature:  # also when cancelled: what was written went out; each its own unit
                for agreement_id in written:
                    try:
                        db.print_for_signature([agreement_id], language=lang)
                        if agreement_id in was_draft:
                            printed_now.append(agreement_id)
                    except RuleViolation as exc:  # changed since it was asked (another user)
                        refused.append(_("{reference}: written but not marked printed; do not send it for "
                                         "signature: {reason}").format(
                            reference=refs.get(agreement_id, agreement_id),
                            reason=" ".join(p.message for p in exc.problems)))
        warned.extend(checks[i].warning() for i in written if i in checks and checks[i].warned)
        # an office text behind another language's change: said once, with the agreements written it concerns
        warned.extend(grouped_notes({i: n for i, n in notes.items() if i in written}, refs))
        # (the documents refused are listed as "Not printed", with their reasons, above the drafts' list)
        if drafts:  # only when asked for
            written_drafts, missing = _batch_drafts(db, what, paths, folder, lang)
            drafts_written.extend(written_drafts)
            left_out.extend(missing)
        return len(written), refused

    def finished(result: tuple[int, list[str]]) -> None:
        written, refused = result
        if on_finished is not None:
            on_finished(written, refused)
            return
        text = i18n.ngettext("{n} PDF file written to {folder}.", "{n} PDF files written to {folder}.",
                             written).format(n=written, folder=folder)
        if printed_now:
            from vetdesk.domain.lifecycle import status_label

            text += "\n" + i18n.ngettext(
                "{n} of them was a draft and is now “{status}”: it went out for signature.",
                "{n} of them were drafts and are now “{status}”: they went out for signature.",
                len(printed_now)).format(n=len(printed_now), status=status_label("printed"))
        if drafts_written:
            text += "\n" + i18n.ngettext(
                "{n} e-mail draft (one per recipient, with their documents) is in {folder}: open it in your mail "
                "program to check and send it.",
                "{n} e-mail drafts (one per recipient, with their documents) are in {folder}: open them in your "
                "mail program to check and send them.", len(drafts_written)).format(
                    n=len(drafts_written), folder=drafts_written[0].parent)
        # None is skipped without a word: at the end, who gets no e-mail draft, and why.
        missing = ("\n\n" + _("Left out of the e-mail drafts:") + "\n" + "\n".join(left_out)) if left_out else ""
        if refused or warned or len(left_out) > _LINES_IN_A_MESSAGE:  # a long list scrolls in a text window
            from vetdesk.ui.text_dialog import TextDialog

            not_printed = ("\n\n" + _("Not printed:") + "\n" + "\n\n".join(refused)) if refused else ""
            note = ("\n\n" + _("Printed, with warnings to note:") + "\n" + "\n\n".join(warned)) if warned else ""
            # nothing written (every one refused): no folder to offer
            TextDialog(_("Printing finished"), text + not_printed + note + missing, parent,
                       folder=folder if written else None).open()
        else:
            show_saved(parent, folder, title=_("Printing finished"), text=text + missing, folder_only=True)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            QMessageBox.information(parent, _("Printing stopped"),
                                    _("Printing was cancelled; the files written so far are in {folder}.")
                                    .format(folder=folder))
            return
        _failed(parent, exc)

    title = ngettext("Printing {n} document…", "Printing {n} documents…", total).format(n=total)
    run_with_progress(parent, title, work, finished, failed)
