"""How cleaner's modules depend on each other: no cycle, counting imports inside functions, and no
module reaching for another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cleaner"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, module: str, package: bool) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) of every import that runs, at the top or inside a
    function; ``if TYPE_CHECKING:`` blocks are for the type checker and never run."""
    found: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            found.append((base, [alias.name for alias in node.names]))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _graph() -> tuple[dict[str, set[str]], dict[str, list[tuple[str, list[str]]]]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {name: set() for name in modules}
    imports = {}
    for name, path in modules.items():
        found = _imports(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py")
        imports[name] = found
        for target, names in found:
            if not target.startswith("cleaner"):
                continue
            # "from cleaner import linemodel" imports the module cleaner.linemodel
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
            for dependency in submodules or [target]:
                if dependency in modules and dependency != name:
                    edges[name].add(dependency)
    return edges, imports


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the graph, as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = walk(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = walk(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_even_through_imports_inside_functions():
    edges, _ = _graph()
    # The package's __init__ re-exports the API; its modules do not import it.
    edges = {name: deps - {"cleaner"} for name, deps in edges.items()}
    assert _cycle(edges) is None, " -> ".join(_cycle(edges) or [])


def test_no_module_imports_another_modules_private_names():
    _, imports = _graph()
    reaching = [(name, target, n) for name, found in imports.items() for target, names in found
                if target.startswith("cleaner") and not name.startswith(target) for n in names
                if n.startswith("_") and not n.startswith("__")]
    assert not reaching


def test_only_the_pipeline_imports_its_steps():
    _, imports = _graph()
    importers = {name for name, found in imports.items()
                 for target, names in found if target.startswith("cleaner.steps")
                 or (target == "cleaner" and "steps" in names)}
    assert importers <= {"cleaner.pipeline"} | {n for n in imports if n.startswith("cleaner.steps")}, importers


def test_run_steps_stops_after_the_step_it_names():
    import pytest

    from cleaner.document import Document
    from cleaner.pipeline import STEP_NAMES, run_steps
    from cleaner.rulebook import RuleBook

    assert STEP_NAMES[:4] == ("decode", "extract_html", "repair_text", "split_lines")
    doc = Document(raw="Headline here\n\nShare this\n\nA paragraph of text.")
    run_steps(doc, RuleBook(()), last="split_lines")
    assert [line.text for line in doc.lines] == ["Headline here", "Share this", "A paragraph of text."]
    assert doc.site is None and all(line.state == "body" for line in doc.lines)
    with pytest.raises(ValueError, match="no step named 'split'"):
        run_steps(doc, RuleBook(()), last="split")


def test_text_mode_and_check_never_load_the_html_libraries():
    """trafilatura and what it imports (courlan, babel, urllib3…, ~0.13 s of every start) serve HTML
    input only: a process normalising text dumps or running `cleaner check` never imports them,
    and an HTML page does."""
    code = ("import sys, cleaner, cleaner.cli\n"
            "from cleaner.check import check_text\n"
            "from cleaner.pipeline import default_rulebook\n"
            "html = ('trafilatura', 'courlan', 'htmldate')\n"
            "cleaner.normalize('Harbour freezes early\\n'\n"
            "                  'The harbour froze three weeks early this year, the port said.')\n"
            "check_text('A quote: & ldquo;yes& rdquo;', default_rulebook())\n"
            "print(sorted(m for m in html if m in sys.modules))\n"
            "cleaner.normalize('<html><body><p>Harbour freezes early</p></body></html>', html=True)\n"
            "print(sorted(m for m in html if m in sys.modules))\n")
    assert _printed(code) == ["[]", "['courlan', 'htmldate', 'trafilatura']"]


def test_check_of_article_text_never_starts_numba():
    """Starting numba costs about a second a process, more than `cleaner check` of a few files (a
    pre-commit hook) costs in all: checking article text in Latin, Cyrillic, Greek or Chinese
    script, long enough for the page-wide passes, takes numpy's and str.lower's exact ways, and
    normalizing a page, which needs the compiled loops, loads them."""
    code = ("import sys\n"
            "from cleaner.check import check_text\n"
            "from cleaner.pipeline import default_rulebook, normalize\n"
            "rules = default_rulebook()\n"
            "for text in ['Die Straße wurde am Dienstag gesperrt, sagte die Polizei. ' * 20,\n"
            "             'Порт закрыли во вторник, сообщили в администрации города. ' * 20,\n"
            "             'Το λιμάνι έκλεισε την Τρίτη, ανακοίνωσε ο δήμος της πόλης. ' * 20,\n"
            "             '港口周二关闭，市政府表示将在下周重新开放。' * 20,\n"
            "             'Bookmark and Share\\nThe harbour — froze “early” this year, the port said.\\n' * 20]:\n"
            "    assert check_text(text, rules) is not None\n"
            "print('numba' in sys.modules)\n"
            "normalize('Harbour freezes early\\n' + 'The harbour froze early this year, the port said. ' * 9)\n"
            "print('numba' in sys.modules)\n")
    assert _printed(code) == ["False", "True"]


def _printed(code: str) -> list[str]:
    """The lines ``code`` prints, run in a new Python process (one that has imported nothing yet)."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
