"""The layer rule, checked on the source: the engine knows no op library and no screen, and views
read a tape only through its public recording API.

    framework/   imports nothing else of tapeviz (the core: tensors, tape, registry, Variables)
    ops/         framework only
    viewmodel/   framework, ops, train, module; never widgets; never a tape's private field
    widgets/     anything below
"""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tapeviz"

# Fields of GradientTape that only the engine may touch.
TAPE_PRIVATE = {"_records", "_watched", "_held", "_var_reads", "_variables", "_explicit_vars",
                "_events", "_last_call", "_persistent", "_watch_accessed_variables", "_used",
                "_entered", "_clear", "_backprop", "_on_read", "_on_create", "_note_variable"}


def modules(subpackage):
    return sorted((PACKAGE / subpackage).rglob("*.py"))


def imports(path):
    """(line, module, at top level?) for every `import tapeviz...` / `from tapeviz... import`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names]
            found += [(node.lineno, n, id(node) in top) for n in names]
    return [(line, name, at_top) for line, name, at_top in found if name.startswith("tapeviz")]


def layer_of(name):
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def violations(subpackage, allowed):
    bad = []
    for path in modules(subpackage):
        for line, name, _ in imports(path):
            if layer_of(name) not in allowed:
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    return bad


def test_framework_imports_only_framework():
    assert violations("framework", {"framework"}) == []


def test_framework_has_no_lazy_imports():
    """An import inside a function hides an import cycle; the core has none."""
    lazy = [f"{p.relative_to(PACKAGE.parent)}:{line} imports {name}"
            for p in modules("framework") for line, name, at_top in imports(p) if not at_top]
    assert lazy == []


def test_ops_import_only_framework_and_ops():
    assert violations("ops", {"framework", "ops"}) == []


def test_viewmodel_never_imports_widgets():
    assert violations("viewmodel", {"framework", "ops", "viewmodel", "train", "module"}) == []


@pytest.mark.parametrize("subpackage", ["viewmodel", "widgets"])
def test_views_use_only_the_public_tape_api(subpackage):
    bad = []
    for path in modules(subpackage):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in TAPE_PRIVATE:
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} reads .{node.attr}")
    assert bad == []


def test_the_rule_catches_a_violation(tmp_path, monkeypatch):
    """The checks above can fail: a framework module importing ops is reported."""
    fake = tmp_path / "tapeviz"
    (fake / "framework").mkdir(parents=True)
    (fake / "framework" / "bad.py").write_text("def f():\n    from tapeviz.ops import math\n")
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    assert violations("framework", {"framework"}) == ["tapeviz/framework/bad.py:2 imports tapeviz.ops.math"]
