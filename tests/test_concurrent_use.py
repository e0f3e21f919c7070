"""The app open while the CLI ingests.

Embedded (LadybugDB: one process writes, or several read): whoever comes second
gets one clear "in use" line, and nothing is lost or broken. Neo4j: the app
reads while `qinyou ingest` writes, two ingests run at once, and the graph ends
with every element and all its evidence of one clean run.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import TEST_KEY_FILE, neo4j_scratch_settings, wipe_neo4j
from store_compare import first_difference, query_answers, store_snapshot
from test_app import sign_in
from qinyou import api
from qinyou.cli import main
from qinyou.errors import StoreInUseError
from qinyou.resources import data_path
from qinyou.settings import Settings, load
from qinyou.stores import open_store

pytestmark = pytest.mark.slow
RUNS = {"kin_benefit": [{}], "self_benefit": [{}], "deceased_paid": [{}], "village_overview": [{}]}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("concurrent") / "county"
    assert main(["synth", "--out", str(out), "--villages", "2", "--seed", "41"]) == 0
    return out


def cli(settings: Settings, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, QINYOU_STORE=settings.store, QINYOU_DB=str(settings.db_path), QINYOU_BATCH_SIZE="200")
    return subprocess.Popen([sys.executable, "-m", "qinyou.cli", *args], env=env, text=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def picture(settings: Settings) -> dict[str, object]:
    return {"stats": api.stats(settings), "elements": store_snapshot(settings),
            "answers": query_answers(settings, RUNS)}


def test_embedded_ingest_while_the_app_reads_is_refused_in_one_line(county: Path, tmp_path: Path) -> None:
    settings = load(store="embedded", db_path=tmp_path / "db")
    api.ingest([county / "东岭县户籍人口登记.csv"], settings)
    before = picture(settings)
    reader = open_store(settings, read_only=True)  # what the app holds (qinyou.app.page.get_store)
    try:
        proc = cli(settings, "ingest", str(county))
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 2, (out, err)
        assert err.strip().splitlines() == [f"qinyou: error: {err.strip().split(': ', 2)[2]}"]  # one line
        assert "in use by another qinyou process (the app" in err and "Traceback" not in err
        assert reader.counts() == before["stats"]  # the app still reads
    finally:
        reader.close()
    assert picture(settings) == before  # nothing lost, nothing half-written
    proc = cli(settings, "ingest", str(county))  # the app closed: the load goes through
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert api.stats(settings)["nodes"]["Benefit"] > before["stats"]["nodes"]["Benefit"] == 0


def test_embedded_app_opened_during_an_ingest_says_the_store_is_in_use(county: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load(store="embedded", db_path=tmp_path / "db")
    api.ingest([county / "东岭县户籍人口登记.csv"], settings)
    clean = load(store="embedded", db_path=tmp_path / "clean", id_key_file=tmp_path / "db-id.key")  # the same ID key
    api.ingest([county / "东岭县户籍人口登记.csv"], clean)
    api.ingest([county], clean)
    # a writer that holds the store until told to go on, then ingests (the CLI's own path)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from qinyou import api
        from qinyou.settings import load
        from qinyou.stores import open_store
        settings = load(store="embedded", db_path={str(settings.db_path)!r})
        with open_store(settings) as store:
            print("writing", flush=True)
            sys.stdin.readline()
        api.ingest([Path({str(county)!r})], settings)
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "writing"
        with pytest.raises(StoreInUseError, match="writing it"):
            open_store(settings, read_only=True)
        monkeypatch.setenv("QINYOU_DB", str(settings.db_path))
        monkeypatch.setenv("QINYOU_STORE", "embedded")
        sign_in(monkeypatch, tmp_path)
        at = AppTest.from_file(str(data_path("qinyou.app", "page.py")), default_timeout=30).run()
        assert not at.exception
        assert "in use" in at.error[0].value and "try again when it is done" in at.error[0].value
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        assert holder.wait(timeout=300) == 0
    assert picture(settings) == picture(clean)  # the refused reader broke nothing


def test_neo4j_the_app_reads_while_two_ingests_write(county: Path, tmp_path: Path) -> None:
    neo = neo4j_scratch_settings()
    emb = load(store="embedded", db_path=tmp_path / "clean", id_key_file=TEST_KEY_FILE)
    api.ingest([county], emb)
    want = picture(emb)
    wipe_neo4j(neo)
    api.ingest([county / "东岭县户籍人口登记.csv"], neo)  # the app has something to show from the start
    files = sorted(p for p in county.iterdir() if p.suffix in (".csv", ".xlsx", ".xls"))
    # two writers at once over files that share persons and households, in opposite orders
    writers = [cli(neo, "ingest", *map(str, files)), cli(neo, "ingest", *map(str, reversed(files)))]
    reads = 0
    with open_store(neo, read_only=True) as app:
        while any(w.poll() is None for w in writers):
            assert app.counts()["nodes"]["Person"] > 0
            api.run_query("kin_benefit", {}, neo, store=app)
            reads += 1
    for w in writers:
        out, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
    assert reads >= 2, "the reader did not read while the writers ran"
    got = picture(neo)
    assert got["stats"] == want["stats"]
    # Every element and all its evidence (sources, raw texts) arrive whatever the interleaving: no
    # update is lost. Other values follow the last write (a KIN read from a household and from a
    # 备案 row keeps the basis of whichever came last), so with two writers in opposite orders
    # they may differ from the sequential run's; they are not compared here.
    evidence = {name: sorted((tuple(kv for kv in row if kv[0] in ("id", "from_id", "to_id", "sources", "raw"))
                              for row in rows), key=repr)
                for name, rows in got["elements"].items()}  # type: ignore[attr-defined]
    wanted = {name: sorted((tuple(kv for kv in row if kv[0] in ("id", "from_id", "to_id", "sources", "raw"))
                            for row in rows), key=repr)
              for name, rows in want["elements"].items()}  # type: ignore[attr-defined]
    assert evidence == wanted, first_difference(evidence, wanted)
