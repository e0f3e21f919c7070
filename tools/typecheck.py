"""Type-check the package as it installs: ``python tools/typecheck.py [mypy options]``.

The checkout keeps ``graph/``, ``ingest/``, ``queries/`` and ``corpus/`` at its top
level, mapped into ``qinyou`` by ``[tool.setuptools.package-dir]``. The editable
install resolves that mapping with an import hook, which mypy cannot follow, so
this script lays out the same tree with symbolic links (``build/typecheck/qinyou``,
read from pyproject.toml, not restated here), runs ``mypy -p qinyou`` on it, and
prints every path back as the checkout's own (``graph/embedded.py:12: …``).
Exit status is mypy's.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "build" / "typecheck"


def package_dirs() -> dict[str, str]:
    """``{"qinyou": "qinyou", "qinyou.graph": "graph", …}`` from pyproject.toml."""
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    mapped = dict(setup.get("package-dir", {}))
    return {"qinyou": mapped.pop("qinyou", "qinyou"), **mapped}


def build_tree() -> dict[str, str]:
    """Link the package tree; returns link prefix → checkout prefix, longest first."""
    base = TREE / "qinyou"
    if base.exists():
        shutil.rmtree(base)  # links only; mypy's cache beside it is kept
    base.mkdir(parents=True)
    dirs = package_dirs()
    mapped = {name.split(".", 1)[1]: src for name, src in dirs.items() if name != "qinyou"}
    for entry in (ROOT / dirs["qinyou"]).iterdir():
        if entry.name not in mapped and entry.name != "__pycache__":
            os.symlink(entry, base / entry.name)
    back = {}
    for sub, src in mapped.items():
        os.symlink(ROOT / src, base / sub)
        back[f"qinyou/{sub}/"] = f"{src}/"
    back["qinyou/"] = f"{dirs['qinyou']}/"
    return dict(sorted(back.items(), key=lambda kv: -len(kv[0])))


def main(argv: list[str]) -> int:
    back = build_tree()
    pattern = re.compile("^(" + "|".join(re.escape(k) for k in back) + ")", re.M)
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                           "-p", "qinyou", *argv], cwd=TREE, capture_output=True, text=True)
    sys.stdout.write(pattern.sub(lambda m: back[m.group(1)], done.stdout))
    sys.stderr.write(done.stderr)
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
