"""Floors: every module imports only downward, and no import cycle exists.

The imports of every module are read with :mod:`ast` (function-level imports
count too: a lazy import upward is still upward). A module's floor comes from
the longest prefix of its dotted name in :data:`FLOORS`; modules on one floor
may import each other only inside the same package (``qinyou.ingest`` and
``qinyou.queries`` share a floor and may not import each other).
docs/architecture.md draws the same table.
"""
from __future__ import annotations

import ast
import tomllib
from collections.abc import Mapping
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent

#: dotted-name prefix → (floor, room); a higher floor may import a lower one
FLOORS: dict[str, tuple[int, str]] = {
    "qinyou": (0, "base"),  # the package's own __init__
    "qinyou.errors": (0, "base"),
    "qinyou.settings": (0, "base"),
    "qinyou.compat": (0, "base"),
    "qinyou.resources": (0, "base"),
    "qinyou.graph": (1, "graph"),
    "qinyou.ingest": (2, "ingest"),
    "qinyou.queries": (2, "queries"),
    "qinyou.api": (3, "api"),
    "qinyou.stores": (3, "api"),
    "qinyou.idstore": (3, "api"),
    "qinyou.rebuild": (3, "api"),
    "qinyou.identity": (3, "api"),
    "qinyou.detect": (3, "api"),
    "qinyou.explore": (3, "api"),
    "qinyou.access": (3, "api"),
    "qinyou.output": (4, "shell"),
    "qinyou.progress": (4, "shell"),
    "qinyou.__main__": (4, "shell"),
    "qinyou.cli": (4, "shell"),
    "qinyou.commands": (4, "shell"),
    "qinyou.app": (4, "shell"),
    "qinyou.corpus": (4, "shell"),
}


def modules(roots: Mapping[str, Path]) -> dict[str, Path]:
    """Dotted module name → file, for packages mapped to folders (``{"qinyou.graph": Path("graph")}``)."""
    found: dict[str, Path] = {}
    for package, folder in roots.items():
        for file in sorted(folder.rglob("*.py")):
            rel = file.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            if any(not (folder / Path(*rel.parts[:i]) / "__init__.py").exists() for i in range(len(rel.parts) - 1)):
                continue  # not inside a package (scripts, stray files)
            name = ".".join([package, *parts])
            found.setdefault(name, file)
    return found


def imports(name: str, file: Path, known: set[str]) -> set[str]:
    """The project modules ``file`` (module ``name``) imports, resolved to known module names."""
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from pkg import sub`` depends on pkg.sub, not on pkg's __init__ (which Python
            # imports first for any submodule anyway); ``from pkg import name`` depends on pkg
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def floor_of(name: str, floors: Mapping[str, tuple[int, str]]) -> tuple[int, str] | None:
    best = max((p for p in floors if name == p or name.startswith(p + ".")), key=len, default=None)
    return floors[best] if best is not None else None


def violations(roots: Mapping[str, Path], floors: Mapping[str, tuple[int, str]]) -> list[str]:
    """Every upward or sideways import, every module without a floor, and every cycle."""
    found = modules(roots)
    graph = nx.DiGraph()
    problems: list[str] = []
    for name, file in found.items():
        graph.add_node(name)
        mine = floor_of(name, floors)
        if mine is None:
            problems.append(f"{name}: no floor")
            continue
        for target in imports(name, file, set(found)):
            graph.add_edge(name, target)
            theirs = floor_of(target, floors)
            if theirs is None:
                continue
            if theirs[0] > mine[0] or (theirs[0] == mine[0] and theirs[1] != mine[1]):
                problems.append(f"{name} (floor {mine[0]} {mine[1]}) imports {target} (floor {theirs[0]} {theirs[1]})")
    problems += [f"cycle: {' -> '.join([*c, c[0]])}" for c in sorted(map(sorted, nx.simple_cycles(graph)))]
    return problems


def project_roots() -> dict[str, Path]:
    """The package → folder mapping of pyproject.toml (the one place it is written)."""
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    dirs = {"qinyou": "qinyou", **setup.get("package-dir", {})}
    return {package: ROOT / folder for package, folder in dirs.items()}


def test_the_project_imports_only_downward() -> None:
    found = modules(project_roots())
    assert {"qinyou.graph.store", "qinyou.ingest.ahead", "qinyou.api", "qinyou.app.page"} <= set(found)
    assert violations(project_roots(), FLOORS) == []


def test_every_floor_has_a_module() -> None:
    names = set(modules(project_roots()))
    assert all(any(n == p or n.startswith(p + ".") for n in names) for p in FLOORS)


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_bad_package_is_caught(tmp_path: Path) -> None:
    """A synthetic package with an upward import, a sideways one, a cycle and a lazy upward import."""
    _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/base.py": "import os\n",
        "pkg/low/__init__.py": "",
        "pkg/low/a.py": "from pkg.low import b\nfrom pkg.high import top\n",  # upward
        "pkg/low/b.py": "from . import a\n",                                 # cycle with a (relative)
        "pkg/side/__init__.py": "",
        "pkg/side/c.py": "import pkg.other.d\n",                             # sideways, same floor
        "pkg/other/__init__.py": "",
        "pkg/other/d.py": "def f():\n    from pkg.high.top import g\n    return g\n",  # lazy upward
        "pkg/high/__init__.py": "",
        "pkg/high/top.py": "from pkg.low.a import *\nfrom pkg import base\ndef g():\n    return 1\n",
    })
    floors = {"pkg": (0, "base"), "pkg.base": (0, "base"), "pkg.low": (1, "low"), "pkg.side": (2, "side"),
              "pkg.other": (2, "other"), "pkg.high": (3, "high")}
    found = violations({"pkg": tmp_path / "pkg"}, floors)
    assert "pkg.low.a (floor 1 low) imports pkg.high.top (floor 3 high)" in found
    assert "pkg.side.c (floor 2 side) imports pkg.other.d (floor 2 other)" in found
    assert "pkg.other.d (floor 2 other) imports pkg.high.top (floor 3 high)" in found
    assert "cycle: pkg.low.a -> pkg.low.b -> pkg.low.a" in found
    assert any(f.startswith("cycle:") and "pkg.high.top" in f for f in found)
    assert "pkg.high.top (floor 3 high) imports pkg.base (floor 0 base)" not in " ".join(found)


def test_a_module_without_a_floor_is_caught(tmp_path: Path) -> None:
    _write(tmp_path, {"pkg/__init__.py": "", "pkg/stray.py": "x = 1\n"})
    assert violations({"pkg": tmp_path / "pkg"}, {"pkg": (0, "base")}) == []
    assert violations({"pkg": tmp_path / "pkg"}, {"pkg.other": (0, "base")}) == ["pkg: no floor",
                                                                                 "pkg.stray: no floor"]


def environment_readers(roots: Mapping[str, Path]) -> list[str]:
    """Modules that touch ``os.environ`` / ``os.getenv`` (attribute or imported name)."""
    out = []
    for name, file in modules(roots).items():
        tree = ast.parse(file.read_text(encoding="utf-8"))
        if any((isinstance(n, ast.Attribute) and n.attr in ("environ", "getenv", "environb"))
               or (isinstance(n, ast.alias) and n.name in ("environ", "getenv", "environb"))
               for n in ast.walk(tree)):
            out.append(name)
    return sorted(out)


def test_only_settings_reads_the_environment(tmp_path: Path) -> None:
    assert environment_readers(project_roots()) == ["qinyou.settings"]
    _write(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "import os\nX = os.environ.get('QINYOU_X')\n",
                      "pkg/b.py": "from os import getenv\n", "pkg/c.py": "import os\n"})
    assert environment_readers({"pkg": tmp_path / "pkg"}) == ["pkg.a", "pkg.b"]
