"""Values that are choices: stored as codes, typed in any of vetdesk's languages, printed in the document's.

A choice field (the guardian's relation, the weekly pattern, the stipend's period and payer, the overtime rule,
the form of the training record) holds a code such as ``mother`` or ``monthly``. What a person types — in
Spanish, English, German or Portuguese, with or without accents — is read to its code here. Text that names
no code is refused (:func:`refusal`: the field, the value and the choices).
Labels are marked with ``N_`` and translated with the document's own translator when printed, with the
interface's in the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from vetdesk.domain.normalize import fold
from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import N_, _


@dataclass(frozen=True)
class Option:
    code: str
    #: The label in the window (source English, translated by the catalogues).
    label: str
    #: How the option reads inside a printed sentence, where that differs from the label.
    printed: str = ""
    #: Other words people type for it (any language; folded before comparing).
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    name: str
    options: tuple[Option, ...]

    def option(self, code: str | None) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)

    def code_of(self, text: str) -> str | None:
        """The code ``text`` names (the code, its label in any of vetdesk's languages, or a word people type
        for it), else None."""
        from vetdesk.i18n import LANGUAGES, translator

        key = fold(text).strip(" .")
        for o in self.options:
            if key in (o.code, fold(o.label), *(fold(w) for w in o.words)):
                return o.code
        for lang in LANGUAGES:
            t = translator(lang)
            for o in self.options:
                if key in (fold(t.gettext(o.label)).strip(" ."), fold(t.gettext(o.printed)).strip(" .")
                           if o.printed else ""):
                    return o.code
        return None

    def parse(self, text: str) -> str:
        """The code ``text`` names, else ``text`` itself (as typed, for :func:`refusal` to name)."""
        return self.code_of(text) or text.strip()

    def labels(self) -> str:
        """The choices as the reader reads them, in the interface's language ("on paper, electronically")."""
        return ", ".join(_(o.label) for o in self.options)


GUARDIAN_RELATION = Choice("guardian_relation", (
    Option("mother", N_("mother"), words=("madre", "mamá", "mama", "mutter", "mãe", "mae")),
    Option("father", N_("father"), words=("padre", "papá", "papa", "vater", "pai")),
    Option("grandmother", N_("grandmother"), words=("abuela", "großmutter", "grossmutter", "oma", "avó")),
    Option("grandfather", N_("grandfather"), words=("abuelo", "großvater", "grossvater", "opa", "avô")),
    Option("aunt", N_("aunt"), words=("tía", "tia", "tante")),
    Option("uncle", N_("uncle"), words=("tío", "tio", "onkel")),
    Option("sister", N_("sister"), words=("hermana", "schwester", "irmã")),
    Option("brother", N_("brother"), words=("hermano", "bruder", "irmão")),
    Option("legal_guardian", N_("legal guardian"), words=(
        "tutor legal", "tutora legal", "tutor", "tutora", "vormund", "gesetzlicher vormund",
        "tutor legal (a)", "guardian", "legal representative")),
))

WEEKLY_PATTERN = Choice("weekly_pattern", (
    Option("days", N_("fixed days each week"), words=(
        "dias fijos", "días fijos", "feste tage", "dias fixos", "4 dias en la empresa, 1 dia en el plantel",
        "4 días en la empresa, 1 día en el plantel", "4+1", "3+2", "weekly", "semanal")),
    Option("blocks", N_("alternating blocks of weeks"), words=(
        "bloques", "por bloques", "blockunterricht", "blöcke", "blocos", "block release", "blocks of weeks")),
))

STIPEND_PERIOD = Choice("stipend_period", (
    Option("monthly", N_("monthly"), N_("per month"), ("mensual", "month", "monatlich", "mensal")),
    Option("fortnightly", N_("fortnightly"), N_("every two weeks"),
           ("quincenal", "biweekly", "halbmonatlich", "vierzehntägig", "quinzenal")),
    Option("weekly", N_("weekly"), N_("per week"), ("semanal", "week", "wöchentlich")),
    Option("yearly", N_("yearly"), N_("per year"), ("anual", "annual", "jährlich", "year")),
))

STIPEND_PAYER = Choice("stipend_payer", (
    Option("company", N_("the company"), words=("empresa", "company", "unternehmen", "betrieb", "la empresa")),
    Option("sep", N_("the Ministry of Public Education (SEP)"), words=("sep",)),
    Option("state", N_("the state government"), words=("estado", "state", "gobierno del estado", "land")),
))

OVERTIME = Choice("overtime_compensation", (
    Option("none", N_("no overtime"), N_("No overtime is allowed."), (
        "no se permiten horas extra", "no se permiten horas extra.", "sin horas extra", "keine überstunden",
        "nenhuma hora extra", "no overtime is allowed")),
    Option("time_off", N_("equal time off"), N_(
        "Training beyond the regular daily training time is compensated with equal time off."), (
        "tiempo por tiempo", "tiempo por tiempo, segun la lft", "tiempo por tiempo, según la lft.",
        "freizeitausgleich", "folga compensatória")),
    Option("paid", N_("paid at double rate"), N_(
        "Training beyond the regular daily training time is paid at twice the ordinary rate, as the Federal "
        "Labour Law provides."), ("pago doble", "horas extra dobles", "bezahlt", "pagas em dobro")),
))

TRAINING_RECORD = Choice("training_record_form", (
    Option("paper", N_("on paper"), words=("papel", "en papel", "schriftlich", "papier", "impreso")),
    Option("electronic", N_("electronically"), words=("electrónico", "electronico", "digital", "elektronisch",
                                                       "eletrônico", "eletronico")),
))

SECTOR = Choice("sector", (
    Option("automotive", N_("Automotive"), words=("automotriz", "automotor", "automobil", "automobilindustrie",
                                                 "automotivo", "autopartes", "automotive industry", "auto")),
    Option("metalworking", N_("Metalworking"), words=("metalmecanica", "metalmecánica", "metalurgia",
                                                     "metallverarbeitung", "metalurgica", "metalomecanica")),
    Option("machinery", N_("Machinery"), words=("maquinaria", "maschinenbau", "maquinas", "máquinas")),
    Option("electronics", N_("Electronics"), words=("electronica", "electrónica", "elektronik", "eletronica",
                                                   "eletrônica", "electrical", "electrico", "eléctrico")),
    Option("logistics", N_("Logistics"), words=("logistica", "logística", "logistik", "transporte",
                                               "transport")),
    Option("food", N_("Food and beverages"), words=("alimentos", "alimentos y bebidas", "alimentaria",
                                                   "lebensmittel", "food", "bebidas")),
    Option("plastics", N_("Plastics"), words=("plasticos", "plásticos", "kunststoff", "kunststoffe")),
    Option("chemicals", N_("Chemicals"), words=("quimica", "química", "chemie", "quimico", "químico")),
    Option("aerospace", N_("Aerospace"), words=("aeroespacial", "luft- und raumfahrt", "luftfahrt")),
    Option("energy", N_("Energy"), words=("energia", "energía", "energie")),
    Option("construction", N_("Construction"), words=("construccion", "construcción", "bau", "bauwesen",
                                                     "construcao", "construção")),
    Option("services", N_("Services"), words=("servicios", "dienstleistungen", "servicos", "serviços")),
    Option("mining", N_("Mining"), words=("mineria", "minería", "bergbau", "mineracao", "mineração", "minas")),
    Option("textiles", N_("Textiles"), words=("textil", "textiles", "textilindustrie", "confeccion", "confección",
                                             "têxtil", "textile")),
    Option("other", N_("Other sector"), words=("otro", "otros", "otra", "sonstige", "andere",
                                                             "outro", "outros")),
))

COMPANY_SIZE = Choice("size", (
    Option("micro", N_("Micro"), words=("micro", "microempresa", "kleinstunternehmen")),
    Option("small", N_("Small"), words=("pequeña", "pequena", "pequeno", "pequeño", "klein", "pyme")),
    Option("medium", N_("Medium"), words=("mediana", "mediano", "mittel", "mittelgroß", "média", "media",
                                         "médio", "medio")),
    Option("large", N_("Large"), words=("grande", "groß", "gross", "großunternehmen")),
))

CHOICES: dict[str, Choice] = {c.name: c for c in (GUARDIAN_RELATION, WEEKLY_PATTERN, STIPEND_PERIOD, STIPEND_PAYER,
                                                   OVERTIME, TRAINING_RECORD, SECTOR, COMPANY_SIZE)}
#: The second guardian's relation reads like the first's.
CHOICES["guardian2_relation"] = GUARDIAN_RELATION


def choice(name: str) -> Choice:
    return CHOICES[name]


def refusal(name: str, label: str, value: object) -> Problem | None:
    """The refusal of ``value`` in the choice field ``name`` (shown as ``label``, in the reader's words) when it
    is not one of its codes: it names the field and the value and lists the choices. None for a code or an
    empty value."""
    choice_ = CHOICES[name]
    if value in (None, "") or is_code(name, value):
        return None
    shown = " ".join(str(value).split())
    shown = shown if len(shown) <= 30 else shown[:29] + "…"
    return error(name, _("{label}: \u201c{value}\u201d is not one of the choices; choose one of: {choices}.")
                 .format(label=label, value=shown, choices=choice_.labels()), "choice.value")


def is_code(name: str, value: object) -> bool:
    return isinstance(value, str) and CHOICES[name].option(value) is not None


def search_words(name: str, value: object) -> str:
    """What a stored code is found by in a list's search: its label in each of vetdesk's languages and the
    words people type for it (a company of the sector ``automotive`` is found by "automotriz"); other text as
    it is."""
    if not isinstance(value, str):
        return ""
    option = CHOICES[name].option(value)
    if option is None:
        return value
    from vetdesk.i18n import LANGUAGES, translator

    words = dict.fromkeys([option.code, *(translator(lang).gettext(option.label) for lang in LANGUAGES),
                           *option.words])
    return " ".join(words)
