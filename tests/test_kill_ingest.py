"""Loads that survive a kill: `qinyou ingest` SIGKILLed at random points, then run again,
leaves each store exactly as one clean run does (stats, every property, every saved query).

The kill points are drawn at random (seeded per run; the seed is in the test id's
output on failure) within phases seen from outside the process: any time after
start, and once the store's bulk copy has begun (embedded: its ``.copy-*`` folder
exists) or the first write batches are in (Neo4j: nodes are there). Neo4j runs
with small batches so a kill lands between committed transactions.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import neo4j_scratch_settings, wipe_neo4j
from store_compare import first_difference, query_answers, store_snapshot
from qinyou import api
from qinyou.cli import main
from qinyou.settings import Settings, load

pytestmark = pytest.mark.slow
SEED = int(os.environ.get("QINYOU_TEST_KILL_SEED") or random.SystemRandom().randrange(1 << 30))
RUNS: dict[str, list[dict[str, Any]]] = {
    "kin_benefit": [{}, {"legal_only": False}], "self_benefit": [{}], "deceased_paid": [{}],
    "duplicate_benefit": [{}], "case_list": [{}], "repeat_offender": [{}, {"min_cases": 1}],
    "village_overview": [{}], "post_after_punishment": [{}],
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    county = tmp_path_factory.mktemp("kill") / "county"
    assert main(["synth", "--out", str(county), "--villages", "2", "--seed", "31"]) == 0
    return [county, api.demo_paths()[1]]  # rosters of a small county and the demo notices


def ingest(settings: Settings, paths: list[Path]) -> subprocess.Popen[bytes]:
    env = dict(os.environ, QINYOU_STORE=settings.store, QINYOU_DB=str(settings.db_path),
               QINYOU_ID_KEY_FILE=str(settings.id_key_path),
               QINYOU_BATCH_SIZE="200", QINYOU_READ_AHEAD="off")
    return subprocess.Popen([sys.executable, "-m", "qinyou.cli", "ingest", *map(str, paths)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finish(proc: subprocess.Popen[bytes]) -> None:
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode(errors="replace")[-2000:]


def picture(settings: Settings) -> dict[str, Any]:
    return {"stats": api.stats(settings), "elements": store_snapshot(settings),
            "answers": query_answers(settings, RUNS)}


def kill_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool], delay: float) -> bool:
    """SIGKILL ``proc`` ``delay`` seconds after ``ready()`` holds; False if it ended first."""
    deadline = time.monotonic() + 300
    while not ready():
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    time.sleep(delay)
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return True


def neo4j_has_nodes(settings: Settings) -> Callable[[], bool]:
    import neo4j

    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    driver = neo4j.GraphDatabase.driver(settings.neo4j_uri or "", auth=auth, notifications_min_severity="OFF")

    def ready() -> bool:
        with driver.session(database=settings.neo4j_database) as session:
            return bool(session.run("MATCH (n) RETURN count(n) > 0 AS some").single(strict=True)["some"])
    ready.close = driver.close  # type: ignore[attr-defined]
    return ready


@pytest.mark.parametrize("store", ["embedded", "neo4j"])
def test_a_killed_ingest_run_again_equals_a_clean_run(store: str, inputs: list[Path], tmp_path: Path) -> None:
    rng = random.Random(f"{SEED}-{store}")
    print(f"kill points drawn with QINYOU_TEST_KILL_SEED={SEED}")

    def fresh(name: str) -> Settings:
        if store == "neo4j":
            settings = neo4j_scratch_settings()
            wipe_neo4j(settings)
            return settings
        return load(store="embedded", db_path=tmp_path / name, id_key_file=tmp_path / "id.key")  # one key

    began = time.monotonic()
    clean = fresh("clean")
    finish(ingest(clean, inputs))
    took = time.monotonic() - began
    print(f"{store}: a clean ingest took {took:.1f}s")
    want = picture(clean)
    assert want["stats"]["nodes"]["Person"] > 500 and want["answers"]

    killed = 0
    for i in range(3):
        share = 1.0
        for attempt in range(4):  # a run faster than the clean one may end first: try earlier
            settings = fresh(f"killed{i}-{attempt}")
            began = time.monotonic()
            proc = ingest(settings, inputs)
            if i % 2 == 0:  # anywhere in the run
                hit = kill_when(proc, lambda: True, share * rng.uniform(0.2, 0.95) * took)
            elif store == "embedded":  # inside the bulk copy
                db = settings.db_path
                hit = kill_when(proc, lambda: any(db.glob(".copy-*")), share * rng.uniform(0.0, 0.3))
            else:  # between write batches
                ready = neo4j_has_nodes(settings)
                try:
                    hit = kill_when(proc, ready, share * rng.uniform(0.0, 0.5 * took))
                finally:
                    ready.close()  # type: ignore[attr-defined]
            if hit:
                break
            finish(proc)
            share /= 3
        killed += hit
        print(f"{store} run {i}: {'killed' if hit else 'ended first'} at {time.monotonic() - began:.1f}s")
        finish(ingest(settings, inputs))  # run again, to the end
        got = picture(settings)
        for part in ("stats", "elements", "answers"):
            assert got[part] == want[part], f"kill {i} (seed {SEED}): {part}: " + \
                first_difference(got[part], want[part])
    assert killed >= 2, "too few runs were killed before they ended"
