"""Issue 23 (words23n): messages about an apprentice ignored the recorded sex ("El aprendiz es menor de 18 años…"
of a woman, "cubre al aprendiz durante todo el convenio", "Regístrelo en los datos del aprendiz", German
"Die/der Auszubildende", Portuguese "do aprendiz… ele" and "precisa de o número"). Every rule message that names
the apprentice is worded by the recorded sex: a woman's and a non-binary apprentice's messages are listed in
Spanish, German and Portuguese and none has a masculine or a slashed form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.domain.test_contract import facts as contract_facts
from tests.domain.test_rules import facts as agreement_facts
from vetdesk import i18n
from vetdesk.domain import contract, exams, logbook, progress, rules, training, working_time
from vetdesk.domain.contract import GuardianFacts

TODAY = date(2026, 8, 1)
#: What a message must not say of a woman or a non-binary apprentice, by language.
MASCULINE = {
    "es": re.compile(r"\b(?:[Ee]l|del|al|un|[Ee]ste) aprendiz\b|Regístrelo en los datos del aprendiz|inscrito"),
    "de": re.compile(r"[Dd]ie/der|[Dd]er/die|der/dem|der/des|\(r\)|\b[Dd]er Auszubildende\b|\bdes Auszubildenden\b"
                     r"|sie/er|er/sie"),
    "pt": re.compile(r"\b(?:[Oo]|do|ao|no) aprendiz\b|\bele\b|precisa de o\b|inscrito"),
}
#: How a message names a woman (sex M) and a non-binary apprentice (X), by language.
NAMED = {("es", "M"): "La aprendiz", ("es", "X"): "La persona aprendiz",
         ("de", "M"): "Die Auszubildende", ("de", "X"): "Die auszubildende Person",
         ("pt", "M"): "A aprendiz", ("pt", "X"): "A pessoa aprendiz"}


def _messages(sex: str) -> Iterator[str]:
    """Every rule message about the apprentice that these facts call up."""
    end = date(2027, 8, 23)
    bare = contract_facts(minor=True, apprentice_address="", apprentice_nss="", guardians=(),
                          insurance_expiry=end - timedelta(days=60), apprentice_sex=sex)
    for p in contract.check_contract(bare):
        yield p.message
    partial = replace(bare, guardians=(GuardianFacts(1, "Rosa Núñez", "", "", ""),))
    for p in contract.check_contract(partial):
        yield p.message
    young = agreement_facts(birth=date(2012, 9, 1), guardian=False)  # 13 on the start date: under the minimum
    app = replace(young.apprentice, sex=sex, semester=1)  # type: ignore[arg-type]
    other = rules.OtherAgreement(11, "active", young.values["start_date"], young.values["end_date"], "CA-2026-000011")
    overlapping = replace(young, apprentice=app, others=[other], programme_requires_permit=True,
                          programme_min_semester=3)
    for p in rules.check_agreement(overlapping):
        yield p.message
    for p in rules.check_status_change("signed", "active", {"start_date": young.values["start_date"]}, minor=True,
                                       has_school=False, today=TODAY, permit_required=True, sex=sex):
        yield p.message
    for p in rules.check_apprentice({"sex": sex, "birth_date": date(2011, 3, 1)}, today=TODAY):
        yield p.message
    yield rules.overlap_problem(other, sex).message
    start, end = date(2026, 8, 24), date(2027, 8, 23)
    for birth, cites in ((date(2011, 9, 1), False), (date(2009, 9, 1), True)):  # 14 (LFT art. 177); 16 (JArbSchG)
        for p in working_time.check_hours(birth, start, end, Decimal(9), 5, cites_jarbschg=cites, sex=sex):
            yield p.message
    period = {"actual_start": date(2026, 9, 20), "actual_end": date(2026, 9, 10)}  # left before starting
    for p in training.check_period(period, agreement_start=date(2026, 8, 24), agreement_end=date(2027, 8, 23),
                                   in_plan=True, others=[], sex=sex):
        yield p.message
    gap = {"actual_start": date(2026, 10, 5), "actual_end": None}
    earlier = [training.OtherPeriod(1, "Almacén", date(2026, 8, 24), date(2026, 9, 18))]
    for p in training.check_period(gap, agreement_start=date(2026, 8, 24), agreement_end=date(2027, 8, 23),
                                   in_plan=True, others=earlier, today=date(2026, 9, 1), sex=sex):
        yield p.message
    # the logbook's and the progress's rules say what they need without naming the apprentice at all
    for p in [*logbook.approval_problems(""),
              *logbook.hours_attendance_problems(Decimal(40), Decimal(20), ["present", "school"], Decimal(8)),
              *progress.flag_overruns([progress.PeriodFacts(1, "Almacén", 4, date(2026, 1, 5), None)],
                                      date(2026, 6, 1))]:
        yield p.message
    exam = exams.AdmissionRules(part="part2", held_on=date(2026, 10, 1), min_term_share=50)
    candidate = exams.Candidate(agreement_status="active", start=date(2026, 8, 24), end=date(2028, 8, 23),
                                completed_on=None, fee_paid=True, first_part_taken=False, already_registered=True,
                                already_passed=True, sex=sex)
    for p in exams.admission_problems(exam, candidate):
        yield p.message
    for hours in (None, Decimal(40)):
        week = working_time.minor_week_problem((Decimal(30), "LFT", 15), date(2026, 9, 7), hours, sex)
        assert week is not None
        yield week.message


@pytest.mark.parametrize("lang", ["es", "de", "pt"])
@pytest.mark.parametrize("sex", ["M", "X"])
def test_no_message_calls_a_woman_or_a_non_binary_apprentice_a_man(lang: str, sex: str) -> None:
    i18n.set_language(lang)
    try:
        said = list(_messages(sex))
    finally:
        i18n.set_language("en")
    text = "\n".join(said)
    assert len(said) >= 30, said
    assert [m for m in said if MASCULINE[lang].search(m)] == [], text
    assert text.count(NAMED[(lang, sex)]) >= 5, text  # the apprentice named, by the recorded sex


@pytest.mark.parametrize("lang", ["es", "de", "pt"])
def test_a_man_is_named_as_a_man(lang: str) -> None:
    i18n.set_language(lang)
    try:
        text = "\n".join(_messages("H"))
    finally:
        i18n.set_language("en")
    assert {"es": "El aprendiz", "de": "Der Auszubildende", "pt": "O aprendiz"}[lang] in text, text
    assert "/" not in re.sub(r"\d+/\d+/\d+|\d+\.\d+\.\d+", "", text.replace("d/m", "")) or lang != "de", text
