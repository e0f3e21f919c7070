"""The built wheel: one top-level import name, every module and data file inside, and it runs.

The wheel is built from a copy of the checkout (nothing written into it), then
installed without dependencies into a folder that goes first on PYTHONPATH;
the dependencies come from the test environment. Interpreters start with
``-P`` in a scratch directory, so neither the checkout nor the editable
install can stand in for the installed copy (the test checks where
``qinyou.graph`` was imported from).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "qinyou-data",
                              "node_modules", ".mypy_cache", ".pytest_cache", ".hypothesis", ".benchmarks")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src") / "qinyou"
    shutil.copytree(ROOT, src, ignore=SKIP)
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "--disable-pip-version-check", "-q", "-w", str(out), str(src)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("qinyou-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--disable-pip-version-check",
                           "-q", "--target", str(target), str(wheel)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return target


def _expected_files() -> set[str]:
    """Every module and data file of the checkout, at the path it must have in the wheel."""
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    dirs = {"qinyou": "qinyou", **setup["package-dir"]}
    want: set[str] = set()
    for package, folder in dirs.items():
        base = ROOT / folder
        for file in base.rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts and (
                    file.suffix in (".py", ".yaml", ".txt", ".tsv", ".cypher", ".typed") or folder == "corpus"):
                want.add("/".join([*package.split("."), *file.relative_to(base).parts]))
    return want


def test_the_wheel_has_one_top_level_name(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        info = next(n for n in names if n.endswith(".dist-info/top_level.txt")) if any(
            n.endswith("top_level.txt") for n in names) else None
        tops = {n.split("/")[0] for n in names}
        assert {t for t in tops if not t.endswith(".dist-info")} == {"qinyou"}
        if info is not None:
            assert zf.read(info).decode().split() == ["qinyou"]


def test_the_wheel_holds_every_module_and_data_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = {n for n in zf.namelist() if not n.split("/")[0].endswith(".dist-info")}
    want = _expected_files()
    assert {"qinyou/py.typed", "qinyou/graph/schema/Person.yaml", "qinyou/queries/kin_benefit.cypher",
            "qinyou/ingest/dicts/roles.yaml", "qinyou/ingest/mappings/cadres.yaml",
            "qinyou/app/page.py", "qinyou/corpus/expected.json"} <= want
    assert sorted(want - names) == []
    assert sorted(n for n in names - want if not n.endswith(".py")) == []


def _env(installed: Path, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QINYOU_")}
    env.update(PYTHONPATH=str(installed), QINYOU_DB=str(db), QINYOU_STORE="embedded")
    return env


def _run(installed: Path, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-P", *args], cwd=db.parent, env=_env(installed, db),
                          capture_output=True, text=True, timeout=300)


def test_the_installed_copy_is_the_one_imported(installed: Path, tmp_path: Path) -> None:
    done = _run(installed, tmp_path / "db", "-c",
                "import qinyou.graph.model as m, qinyou.resources as r; print(m.__file__); "
                "print(r.data_path('qinyou.corpus'))")
    assert done.returncode == 0, done.stderr
    module, corpus = done.stdout.split()
    assert Path(module).is_relative_to(installed) and Path(corpus).is_relative_to(installed)


@pytest.fixture()
def served(installed: Path, tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """``qinyou demo --port N`` from the installed copy: builds the demo graph, then serves."""
    db, port = tmp_path / "db", free_port()
    log = (tmp_path / "demo.log").open("w")
    proc = subprocess.Popen([sys.executable, "-P", "-m", "qinyou", "demo", "--port", str(port)],
                            cwd=tmp_path, env=_env(installed, db), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        wait_until_serving(proc, f"http://127.0.0.1:{port}", 240, tmp_path / "demo.log")
        yield db, port
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
        log.close()


def test_demo_serves_and_queries_answer_from_the_installed_copy(installed: Path, served: tuple[Path, int]) -> None:
    db, port = served
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
        assert response.status == 200
    done = _run(installed, db, "-m", "qinyou", "query", "kin_benefit", "--format", "csv")
    assert done.returncode == 0, done.stderr
    header, *rows = done.stdout.strip().splitlines()
    assert header.split(",")[:2] == ["cadre", "cadre_idno"]
    expected = json.loads((installed / "qinyou" / "corpus" / "expected.json").read_text(encoding="utf-8"))
    assert len(rows) == expected["kin_benefit_query"]
    assert all("********" in row.split(",")[1] for row in rows)  # masked without --reveal
