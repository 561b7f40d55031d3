"""An amendment to a signed learning agreement, printed for the parties' signature (convenio modificatorio,
Änderungsvereinbarung, aditivo): which agreement it amends, from when, why, what changes (the end, the rotation
plan), the rotation plan from then on, and the signature blocks of the agreement's parties. The agreement as
first signed is not reprinted: it stays what was signed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from vetdesk.domain.amendments import effect_words
from vetdesk.i18n import Translator
from vetdesk.reports import words as w
from vetdesk.reports.agreement import _insurance_rows, _stipend, plan_table, signature_parties
from vetdesk.reports.page import (
    DocumentKind,
    PageInfo,
    build_pdf,
    esc,
    facts,
    footnote,
    heading,
    para,
    signatures_section,
)
from vetdesk.reports.styles import Paragraph, stylesheet
from vetdesk.services.agreement_sheet import PlanInfo
from vetdesk.services.clauses import LANGUAGE_NAMES

if TYPE_CHECKING:  # the document is gathered by the services; drawing it needs no database
    from vetdesk.services.amendments import AmendmentDocument


def kind_label(t: Translator, contract: bool = False) -> str:
    """The document's name; ``contract``: amending the AHK contract (signed in that layout alone), which calls
    itself a contract as the contract does."""
    return t.gettext("Amendment to the apprenticeship contract") if contract \
        else t.gettext("Amendment to the learning agreement")


def _plan(t: Translator, plan: PlanInfo | None, weeks: int) -> str:
    if plan is None:
        return t.gettext("no rotation plan")
    return t.ngettext("{name}, version {version} ({weeks} week)", "{name}, version {version} ({weeks} weeks)",
                      weeks).format(name=plan.name, version=plan.version, weeks=weeks)


def effect_sentence(t: Translator, stated: date | None) -> str:
    """When the amendment takes effect (:func:`vetdesk.domain.amendments.effect_words`), the day written out."""
    return effect_words(w.day(t, stated) if stated is not None else None, t)


def effect_day(t: Translator, stated: date | None) -> str:
    """The day of effect in the list of changes: the one stated, else its signing by all the parties."""
    return w.day(t, stated) if stated is not None else t.gettext("its signing by all the parties")


def content(doc: AmendmentDocument, t: Translator) -> list[Flowable]:
    s = stylesheet()
    ag = doc.agreement
    contract = ag.layout == "bbig"  # signed as the AHK contract alone: the amendment names it as it names itself
    out: list[Flowable] = [
        DocumentKind(kind_label(t, contract), doc.reference, doc.qr_reference),
        Paragraph(esc(kind_label(t, contract)), s["title"]),
        Paragraph(esc((t.gettext("Amendment no. {number} to contract {agreement}") if contract else
                       t.gettext("Amendment no. {number} to agreement {agreement}")).format(
            number=doc.number, agreement=ag.reference)), s["subtitle"]),
        Paragraph(esc(t.gettext("Reference {reference}").format(reference=doc.reference)), s["reference"]),
    ]
    if ag.translation_of:  # printed in another language than the agreement was signed in, as its copy says it
        out.append(Paragraph("<b>" + esc(t.gettext(
            "This is a translation: the agreement was signed in {language}, and that text is the one that "
            "binds.").format(language=t.gettext(LANGUAGE_NAMES[ag.translation_of]))) + "</b>", s["note"]))
    signed = (t.gettext("signed on {date}").format(date=w.day(t, doc.signed_on)) if doc.signed_on
              else t.gettext("signed by the parties"))
    out.append(para((t.gettext(
        "The parties to apprenticeship contract {agreement}, {signed}, for the dual training of {apprentice} in "
        "{programme} at {company}, agree to amend it as set out below.") if contract else t.gettext(
        "The parties to learning agreement {agreement}, {signed}, for the dual training of {apprentice} in "
        "{programme} at {company}, agree to amend it as set out below.")).format(
            agreement=ag.reference, signed=signed, apprentice=ag.apprentice.full_name, programme=ag.programme.name,
            company=ag.company.name) + " " + effect_sentence(t, doc.effective_on)))
    out.append(heading(t.gettext("1. Reason for the amendment")))
    out.append(para(doc.reason))
    out.append(heading(t.gettext("2. What changes")))
    rows: list[tuple[str, object]] = [(t.gettext("Effective from"), effect_day(t, doc.effective_on))]
    if doc.end != doc.previous_end:
        rows.append((t.gettext("End of the training"), t.gettext("{before} becomes {after}").format(
            before=w.day(t, doc.previous_end), after=w.day(t, doc.end))))
    else:
        rows.append((t.gettext("End of the training"), t.gettext("{date} (unchanged)").format(
            date=w.day(t, doc.end))))
    if doc.plan_changed:
        rows.append((t.gettext("Rotation plan"), t.gettext("{before} becomes {after}").format(
            before=_plan(t, doc.plan_before, doc.weeks_before), after=_plan(t, doc.plan_after, doc.weeks_after))))
        if doc.dropped:
            rows.append((t.gettext("Learning positions dropped"), ", ".join(doc.dropped)))
        if doc.added:
            rows.append((t.gettext("Learning positions added"), ", ".join(doc.added)))
    else:
        rows.append((t.gettext("Rotation plan"), t.gettext("{plan} (unchanged)").format(
            plan=_plan(t, doc.plan_after, doc.weeks_after))))
    # The stipend and the insurance in the agreement's own words (its clauses 4 and 5), as they stand from now on.
    if doc.stipend_changed:
        after = replace(ag, stipend_steps=doc.stipend_steps_after)
        rows.append((t.gettext("Stipend"), esc(_stipend(after, t))))
    if doc.insurance_changed:
        after = replace(ag, insurance_policy=doc.policy_after or "", insurance_expiry=doc.insurance_expiry_after)
        before = replace(ag, insurance_policy=doc.policy_before or "", insurance_expiry=doc.insurance_expiry_before)
        for (label, old), (_label, new) in zip(_insurance_rows(before, t)[2:], _insurance_rows(after, t)[2:],
                                               strict=True):
            if old != new:
                rows.append((label, esc(t.gettext("{before} becomes {after}").format(before=old, after=new))))
    out.append(facts(rows))
    if doc.insurance_changed:
        out.append(para(t.gettext("The accident insurance covers {name} during the whole agreement as amended, "
                                  "until it ends on {end}.").format(name=ag.apprentice.full_name,
                                                                    end=w.day(t, doc.end))))
    out.append(heading(t.gettext("3. The rotation plan from {date}").format(date=w.day(t, doc.effective_on))
                       if doc.effective_on is not None else t.gettext("3. The rotation plan from then on")))
    if doc.positions:
        out.append(para((t.gettext("From the day the amendment takes effect, the training follows this rotation "
                                   "plan, which replaces the annex of contract {agreement}. The time already "
                                   "spent at each learning position counts towards it.") if contract else
                         t.gettext("From the day the amendment takes effect, the training follows this rotation "
                                   "plan, which replaces the annex of agreement {agreement}. The time already "
                                   "spent at each learning position counts towards it.")).format(
                                      agreement=ag.reference)))
        out.append(plan_table(doc.positions, t))
    else:
        out.append(para(t.gettext("The agreement has no rotation plan.")))
    out.append(heading(t.gettext("4. Everything else stays as signed")))
    out.append(para((t.gettext("All other terms of contract {agreement} remain as the parties signed them. This "
                               "amendment forms part of the contract.") if contract else
                     t.gettext("All other terms of agreement {agreement} remain as the parties signed them. This "
                               "amendment forms part of the agreement.")).format(agreement=ag.reference)))
    place = para(t.gettext("Signed in {place} on ______________________, in one original for each party.")
                 .format(place=ag.place_of_signing or "______________________"))
    out += [Spacer(1, 4 * mm), signatures_section(t.gettext("5. Signatures"), signature_parties(ag, t), t, [place])]
    return out


def amendment_pdf(doc: AmendmentDocument, t: Translator, *, paper: str | None = None) -> bytes:
    ag = doc.agreement
    kind = kind_label(t, ag.layout == "bbig")
    info = PageInfo(letterhead=ag.letterhead,
                    title=t.gettext("{kind} {reference} – {name}").format(kind=kind, reference=doc.reference,
                                                                        name=ag.apprentice.full_name),
                    subject=t.gettext("{programme} at {company}").format(programme=ag.programme.name,
                                                                         company=ag.company.name),
                    kind=kind, reference=doc.reference, qr_text=doc.qr_reference, lang=t.locale,
                    paper=paper or ag.letterhead.paper,
                    footnote=" · ".join(x for x in (footnote(t), t.gettext("Translation — not valid for signature")
                                                    if ag.translation_of else "") if x),
                    initials=tuple(who.initials_label for who in signature_parties(ag, t)))
    return build_pdf(content(doc, t), info, t)
