"""The tree keeps the shape issue 20 gave it, read from its syntax tree: no dead fallbacks for modules every
build ships, rule messages that take their numbers from the constants they state, and the window and the command
line ask no kind of record by its name (what differs between kinds is on the kind: ``services.kinds.RecordKind``).
Each test has a short list of named exceptions with their reasons, and a test showing that it finds what it
looks for."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import vetdesk

ROOT = Path(vetdesk.__file__).parent


def _sources(root: Path, *parts: str) -> dict[str, ast.Module]:
    out: dict[str, ast.Module] = {}
    for part in parts or ("",):
        for path in sorted((root / part).rglob("*.py")):
            if "migrations" in path.parts:  # frozen history: copies checked in tests/storage/test_definitions
                continue
            out[path.relative_to(root.parent).as_posix()] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def _functions(tree: ast.Module) -> dict[ast.AST, str]:
    """Every node -> the top-level function or method (``Class.method``) it is in; ``<module>`` outside them."""
    owner: dict[ast.AST, str] = {}

    def mark(node: ast.AST, name: str) -> None:
        for inner in ast.walk(node):
            owner[inner] = name

    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            mark(node, node.name)
        elif isinstance(node, ast.ClassDef):
            mark(node, node.name)
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    mark(item, f"{node.name}.{item.name}")
        else:
            mark(node, "<module>")
    return owner


# -- dead fallbacks -------------------------------------------------------------------------------------

#: (file, function) -> why an import there may fail in a build vetdesk ships.
IMPORT_FALLBACKS = {
    ("vetdesk/services/outputs.py", "_lock"): "fcntl exists on Linux and macOS only (Windows locks files itself)",
}


def import_fallbacks(root: Path) -> set[tuple[str, str]]:
    """(file, function) of every ``except ImportError`` / ``ModuleNotFoundError`` handler."""
    found = set()
    for name, tree in _sources(root).items():
        owner = _functions(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                if names & {"ImportError", "ModuleNotFoundError"}:
                    found.add((name, owner.get(node, "<module>")))
    return found


def test_no_fallback_guards_a_module_every_build_ships() -> None:
    """Issue 20 found eleven ``except ImportError: "not part of this build"`` around modules build.spec always
    ships; none is left but the named ones."""
    assert import_fallbacks(ROOT) == set(IMPORT_FALLBACKS)
    assert all(reason.strip() for reason in IMPORT_FALLBACKS.values())


def test_the_fallback_finder_sees_one(tmp_path: Path) -> None:
    tree = tmp_path / "vetdesk" / "ui"
    tree.mkdir(parents=True)
    (tree / "charts.py").write_text("def draw():\n    try:\n        import QtCharts\n    except ImportError:\n"
                                    "        return None  # not part of this build\n", encoding="utf-8")
    assert import_fallbacks(tmp_path / "vetdesk") == {("vetdesk/ui/charts.py", "draw")}


# -- numbers in messages ---------------------------------------------------------------------------------

_GETTEXT = ("_", "N_", "ngettext", "pgettext")
#: A number a message may say although a constant of its module has that value: not the constant's number.
NUMBERS_SAID = {
    ("vetdesk/domain/contract.py", "0"): "a stipend of 0 (no stipend), not a constant",
}


def _int_constants(tree: ast.Module) -> dict[str, str]:
    """A module's upper-case int constants: name -> the number as written."""
    out = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Constant) \
                and type(node.value.value) is int:
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name) and target.id.isupper():
                    out[target.id] = str(node.value.value)
    return out


def hand_typed_numbers(root: Path) -> set[tuple[str, str, int]]:
    """(file, number, line) of a user's message (gettext) that types a number equal to an upper-case int
    constant of its own module, instead of taking it from the constant (``{min}`` and ``.format(min=…)``)."""
    found = set()
    sources = _sources(root)
    own = {name: _int_constants(tree) for name, tree in sources.items()}
    for name, tree in sources.items():
        constants = set(own[name].values())
        for node in tree.body:  # and those it imports by name from other modules of vetdesk
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("vetdesk."):
                module = node.module.replace(".", "/") + ".py"
                constants |= {own.get(module, {}).get(alias.name, "") for alias in node.names} - {""}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _GETTEXT):
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    text = re.sub(r"\{[^}]*\}", "", arg.value)
                    text = re.sub(r"(§+|arts?\.)\s*[\d\s,()a-z]+", "", text)  # the law's paragraphs
                    for number in re.findall(r"(?<![\w.:/-])\d+(?![\w:/-]|\.\d)", text):
                        if number in constants and (name, number) not in NUMBERS_SAID:
                            found.add((name, number, node.lineno))
    return found


def test_rule_messages_take_their_numbers_from_the_constants() -> None:
    """Issue 20: messages hard-coded 15, 8 and 6 beside the constants they state (and the logo's 2 MB and
    17 mm): a changed constant would leave the message saying the old number."""
    assert hand_typed_numbers(ROOT) == set()


def test_the_number_finder_sees_a_hand_typed_limit(tmp_path: Path) -> None:
    tree = tmp_path / "vetdesk" / "domain"
    tree.mkdir(parents=True)
    (tree / "rules.py").write_text("MIN_AGE = 15\ndef check():\n    return _('The minimum age is 15.')\n"
                                   "def fine():\n    return _('The minimum age is {min}.').format(min=MIN_AGE)\n",
                                   encoding="utf-8")
    assert hand_typed_numbers(tmp_path / "vetdesk") == {("vetdesk/domain/rules.py", "15", 3)}


# -- kinds asked by name ----------------------------------------------------------------------------------

def _kind_names() -> frozenset[str]:
    from vetdesk.services.kinds import KINDS

    return frozenset(KINDS)


def _names_a_kind(node: ast.AST) -> bool:
    """An expression that holds a kind or its name: ``kind``, ``self.kind``, ``self._kind``, ``record_kind``,
    ``args.kind``, ``spec.refs_kind``, ``k.name``, ``kind.name``, ``page.record_kind.name``,
    ``getattr(value, "kind", "")``, ``getattr(kind, "name")``; ``what`` and ``args.what`` (what a batch prints)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr":
        if len(node.args) < 2 or not isinstance(node.args[1], ast.Constant):
            return False
        attr = str(node.args[1].value)
        return "kind" in attr or (attr == "name" and _names_a_kind(node.args[0]))
    if isinstance(node, ast.Attribute) and node.attr == "name":  # a kind object's name
        return _names_a_kind(node.value) or (isinstance(node.value, ast.Name) and node.value.id in ("k", "spec"))
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return "kind" in name or name == "what"  # what a batch prints: a kind's name ("agreements") or a document's


def _pattern_names_kind(pattern: ast.pattern, kinds: frozenset[str]) -> bool:
    """A ``case`` pattern that matches a kind's name (``case "agreements":``, ``case "a" | "b":``)."""
    if isinstance(pattern, ast.MatchValue):
        return _kind_constants(pattern.value, kinds)
    if isinstance(pattern, ast.MatchOr):
        return any(_pattern_names_kind(p, kinds) for p in pattern.patterns)
    if isinstance(pattern, ast.MatchAs) and pattern.pattern is not None:
        return _pattern_names_kind(pattern.pattern, kinds)
    return False


def _kind_constants(node: ast.AST, kinds: frozenset[str]) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in kinds
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(isinstance(e, ast.Constant) and e.value in kinds for e in node.elts)
    return False


def kind_branches(root: Path, parts: tuple[str, ...] = ("ui", "commands")) -> dict[tuple[str, str], int]:
    """(file, function) -> how many comparisons there ask which kind of record it is handling by its name
    (``kind == "agreements"``, ``self.kind in ("agreements", "apprentices")``)."""
    kinds = _kind_names()
    found: dict[tuple[str, str], int] = {}
    for name, tree in _sources(root, *parts).items():
        owner = _functions(tree)
        for node in ast.walk(tree):
            hits = 0
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                hits = sum(1 for a, b in zip(sides, sides[1:], strict=False)
                           if (_names_a_kind(a) and _kind_constants(b, kinds))
                           or (_names_a_kind(b) and _kind_constants(a, kinds)))
            elif isinstance(node, ast.Match) and _names_a_kind(node.subject):  # each case naming a kind
                hits = sum(1 for case in node.cases if _pattern_names_kind(case.pattern, kinds))
            if hits:
                key = (name, owner.get(node, "<module>"))
                found[key] = found.get(key, 0) + hits
    return found


#: (file, function) -> (how many, why the window or the command line still asks the kind's name there): none left.
#: The main window, the office texts' preview and the batch printers ask the kind (``RecordKind.drawn_up_in_wizard``,
#: ``printed_as``, ``keeps_weekly_reports``, ``batch_printed``, ``sample_words``, ``kinds.batch_for_signature``);
#: a form's choices that follow other fields are declared on the fields (``Field.follows``) and offered by the core
#: (``offered.offered``, ``offered.ticked``); what an open record adds above its fields is its kind's form
#: (``ui.lists.FORMS``: an apprentice's ``ApprenticeForm`` lists what belongs to them).
KIND_BRANCHES: dict[tuple[str, str], tuple[int, str]] = {}


def test_the_window_and_the_command_line_ask_no_kind_by_its_name() -> None:
    """Issue 20: what differs between kinds lives on the kind (``RecordKind``: its parties, the field a record
    is named within, where its files are kept, what its fields derive…), so that adding a kind needs no
    if-chain in ``ui/`` or ``commands/``. The branches left are named with their reasons."""
    found = kind_branches(ROOT)
    assert found == {key: n for key, (n, _why) in KIND_BRANCHES.items()}, sorted(found.items())
    assert all(why.strip() for _n, why in KIND_BRANCHES.values())


#: Each way of asking a kind its name the counter must see (a method's body each), with how many branches it holds.
ASKED_BY_NAME = {
    "equal": ("if self.kind == 'apprentices':\n    pass", 1),
    "in_a_tuple": ("if self.kind in ('agreements', 'schools'):\n    pass", 1),
    "name_in_a_tuple": ("if kind.name in ('agreements', 'schools'):\n    pass", 1),
    "object_s_name": ("if self.kind.name == 'agreements':\n    pass", 1),
    "record_kind_s_name": ("if page.record_kind.name != 'agreements':\n    pass", 1),
    "constant_first": ("if 'agreements' == kind:\n    pass", 1),
    "chained": ("if 'agreements' == kind == other:\n    pass", 1),
    "getattr_name": ("if getattr(kind, 'name') == 'agreements':\n    pass", 1),
    "getattr_kind": ("if getattr(page, 'kind', '') == 'agreements':\n    pass", 1),
    "own_kind": ("if self._kind == 'agreements':\n    pass", 1),
    "record_kind": ("if record_kind == 'agreements':\n    pass", 1),
    "what": ("if what == 'agreements':\n    pass", 1),
    "args_what": ("if args.what in ('agreements',):\n    pass", 1),
    "match": ("match kind:\n    case 'agreements':\n        pass\n    case 'schools' | 'companies':\n        pass\n"
              "    case 'other':\n        pass\n    case _:\n        pass", 2),
    "match_name": ("match self.kind.name:\n    case 'agreements' as chosen:\n        pass", 1),
}
#: What the counter must not count: a status, a field's name, an audit row's kind… compared with a kind's word.
NOT_ASKED = ("if self.status == 'agreements':\n    pass", "if field.name == 'positions':\n    pass",
             "if what == 'progress':\n    pass", "if document == 'agreement':\n    pass",
             "match status:\n    case 'agreements':\n        pass",
             "if getattr(page, 'title') == 'agreements':\n    pass")


def test_the_branch_counter_sees_each_way_of_asking(tmp_path: Path) -> None:
    import textwrap

    tree = tmp_path / "vetdesk" / "commands"
    tree.mkdir(parents=True)
    methods = [(f"asks_{form}", body, n) for form, (body, n) in ASKED_BY_NAME.items()]
    methods += [(f"fine_{i}", body, 0) for i, body in enumerate(NOT_ASKED)]
    source = "class Command:\n" + "".join(
        f"    def {name}(self, kind, page, record_kind, other, field, status):\n"
        + textwrap.indent(body, " " * 8) + "\n" for name, body, _n in methods)
    (tree / "run.py").write_text(source, encoding="utf-8")
    assert kind_branches(tmp_path / "vetdesk") == {
        ("vetdesk/commands/run.py", f"Command.{name}"): n for name, _body, n in methods if n}


def test_the_branch_counter_sees_a_kind_asked_by_name(tmp_path: Path) -> None:
    tree = tmp_path / "vetdesk" / "ui"
    tree.mkdir(parents=True)
    (tree / "forms.py").write_text(
        "class Form:\n    def load(self):\n        if self.kind == 'apprentices':\n            pass\n"
        "        if self.kind in ('agreements', 'schools'):\n            pass\n"
        "        if self.status == 'agreements':\n            pass\n", encoding="utf-8")
    assert kind_branches(tmp_path / "vetdesk") == {("vetdesk/ui/forms.py", "Form.load"): 2}


def test_a_batch_asks_the_kind_what_it_prints() -> None:
    """``vetdesk print batch`` and the window's batch ask the kind what a batch of it prints
    (``RecordKind.printed_as`` of a kind printed in batches) instead of comparing ``what`` with its name."""
    from vetdesk.services.kinds import KINDS, batch_document

    assert batch_document("agreements") == KINDS["agreements"].printed_as == "agreement"
    assert batch_document("progress") == "progress"  # a document's own name: each agreement's report
    assert batch_document("apprentices") == "apprentices"  # printed one by one, not in batches


def test_a_batch_asks_the_kind_whether_it_goes_out_for_signature() -> None:
    """The window's batch and ``vetdesk print batch`` ask the kind whether each document goes out for signature
    (checked before, marked printed after): a kind printed in batches that its parties sign."""
    from vetdesk.services.kinds import KINDS, batch_for_signature

    assert batch_for_signature("agreements") and KINDS["agreements"].parties
    assert not batch_for_signature("progress")
    assert not batch_for_signature("apprentices")  # printed in batches (their reports), signed by nobody


def test_choices_that_follow_other_fields_are_declared_on_the_fields() -> None:
    """What a form offers in a field that follows others is declared on the field and answered by the core for
    every kind alike: each followed field is a field of the same kind, and each follower the core can offer."""
    from vetdesk.services import offered
    from vetdesk.services.kinds import KINDS

    assert offered.followers("agreements") == {"company_id": ("instructor_id", "rotation_plan_id"),
                                               "school_id": ("tutor_id",), "programme_id": ("rotation_plan_id",)}
    assert offered.followers("assessments") == {"agreement_id": ("competency_id", "position_id", "level")}
    for k in KINDS.values():
        names = {f.name for f in k.fields}
        for f in k.fields:
            assert set(f.follows) <= names - {f.name}, (k.name, f.name)
            if f.follows:  # a reference its records hold the followed fields of, or one the core says apart
                ref = KINDS.get(f.ref_kind or "")
                held = ref is not None and set(f.follows) <= {g.name for g in ref.fields}
                assert held or (k.name, f.name) in offered._CHOOSERS, (k.name, f.name)
