"""Past one machine: `qinyou export --neo4j-import` files, imported by the real
`neo4j-admin database import full` (from the jars scripts/neo4j-local.sh runs) into
a fresh database, give the same counts, properties and saved-query answers as the
store they came from. Without a server, the files themselves are checked.
"""
from __future__ import annotations

import csv
import os
from unittest import mock
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import neo4j_scratch_settings, TEST_KEY_FILE
from store_compare import first_difference, query_answers, store_snapshot
from test_neo4j_parity import parameter_sets, unordered
from qinyou import api
from qinyou.cli import main
from qinyou.graph.ids import SEP
from qinyou.settings import Settings, load

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / "scripts" / "neo4j-local.sh"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = load(store="embedded", db_path=tmp_path_factory.mktemp("bulk") / "db", id_key_file=TEST_KEY_FILE)
    api.ingest(api.demo_paths(), settings)
    return settings


def export(settings: Settings, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    with mock.patch.dict(os.environ, {"QINYOU_ID_KEY_FILE": str(TEST_KEY_FILE)}):  # the store's ID key
        assert main(["--db", str(settings.db_path), "export", "--neo4j-import", str(out)]) == 0
    return capsys.readouterr().out


def test_export_writes_typed_headers_and_every_element(demo: Settings, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    printed = export(demo, tmp_path / "imp", capsys)
    stats = api.stats(demo)
    header = (tmp_path / "imp" / "nodes" / "Case.header.csv").read_text(encoding="utf-8").strip().split(",")
    assert header[0] == "id:ID" and "violations:string[]" in header and "amounts_yuan:double[]" in header
    assert "recovered:boolean" in header
    for label, n in stats["nodes"].items():
        with (tmp_path / "imp" / "nodes" / f"{label}.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert len(rows) == n, label
    kin = list(csv.reader((tmp_path / "imp" / "relationships" / "KIN.Person.Person.csv").open(encoding="utf-8")))
    assert len(kin) == stats["relationships"]["KIN"] and all(r[2].startswith("KIN:") for r in kin)
    person = next(csv.reader((tmp_path / "imp" / "nodes" / "Person.csv").open(encoding="utf-8")))
    assert person[0].startswith("Person:") and all("#r" in s for s in person[1].split(SEP))
    args = (tmp_path / "imp" / "import.args").read_text(encoding="utf-8").splitlines()
    assert "--array-delimiter=U+001F" in args and sum(a.startswith("--nodes=") for a in args) == len(stats["nodes"])
    assert "neo4j-admin database import full --overwrite-destination @" in printed
    assert "CREATE CONSTRAINT Person_id" in (tmp_path / "imp" / "schema.cypher").read_text(encoding="utf-8")


@pytest.fixture()
def imported(demo: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The demo graph exported, imported by neo4j-admin into a new DBMS of its own, and served."""
    neo4j_scratch_settings()  # the Neo4j tier is on (Java, the jars)
    export(demo, tmp_path / "imp", capsys)
    env = dict(os.environ, NEO4J_LOCAL_DIR=str(tmp_path / "dbms"), NEO4J_LOCAL_FRESH="0")
    done = subprocess.run(["bash", str(LOCAL), "admin", "database", "import", "full", "--overwrite-destination",
                           f"@{tmp_path / 'imp' / 'import.args'}", "neo4j"], env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "IMPORT DONE" in done.stdout + done.stderr
    started = subprocess.run(["bash", str(LOCAL), "start"], env=env, capture_output=True, text=True, timeout=600)
    try:
        assert started.returncode == 0, started.stderr[-3000:]
        uri = re.search(r"QINYOU_NEO4J_URI=(\S+)", started.stdout)
        secret = re.search(r"QINYOU_NEO4J_PASSWORD='([^']+)'",
                           (tmp_path / "dbms" / "password.env").read_text(encoding="utf-8"))
        assert uri and secret
        monkeypatch.setenv("QINYOU_NEO4J_URI", uri.group(1))
        monkeypatch.setenv("QINYOU_NEO4J_PASSWORD", secret.group(1))
        yield load(store="neo4j", id_key_file=TEST_KEY_FILE, db_path=tmp_path / "side")
    finally:
        subprocess.run(["bash", str(LOCAL), "stop"], env=env, capture_output=True, timeout=300)


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_admin_import_gives_the_same_graph_and_answers(demo: Settings, imported: Settings,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    with mock.patch.dict(os.environ, {"QINYOU_ID_KEY_FILE": str(TEST_KEY_FILE)}):  # the ids' ID key
        assert main(["--store", "neo4j", "schema", "--apply"]) == 0  # constraints, indexes, empty lists
    assert "schema applied" in capsys.readouterr().out
    assert api.stats(imported) == api.stats(demo)
    left, right = store_snapshot(demo), store_snapshot(imported)
    assert left == right, first_difference(left, right)
    runs = parameter_sets(demo)
    left, right = unordered(query_answers(demo, runs)), unordered(query_answers(imported, runs))
    assert left == right, first_difference(left, right)
