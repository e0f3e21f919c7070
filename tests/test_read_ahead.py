"""Reading ahead with a helper process gives the graph a sequential read gives."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from qinyou.ingest import ahead
from qinyou.graph.embedded import EmbeddedStore
from qinyou.ingest.dispatch import expand, read_inputs
from qinyou.ingest.synth import generate
from qinyou import api
from qinyou.settings import load
from storedump import everything
from idkeys import TEST_KEY


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ahead-county")
    generate(out, 6, 11)
    (out / "坏文件.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")  # read as unreadable, either way
    return out


def _graph(db: Path) -> list[str]:
    """Every property of every node and relationship, sorted."""
    with EmbeddedStore(db, read_only=True) as store:
        return everything(store)


def _ingest(county: Path, db: Path, setting: str, monkeypatch: pytest.MonkeyPatch) -> api.IngestSummary:
    monkeypatch.setenv("QINYOU_READ_AHEAD", setting)
    # one ID key for both stores (the helper must key ids exactly as this process does)
    return api.ingest([county], load(store="embedded", db_path=db, id_key_file=db.parent / "id.key"))


def test_helper_reads_give_the_sequential_graph(county: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    answers: list[str | None] = []
    real_next = ahead._next

    def next_answer(helper: subprocess.Popen[str] | None) -> str | None:
        answers.append(real_next(helper))
        return answers[-1]

    monkeypatch.setattr(ahead, "_next", next_answer)  # records what the real helper answered
    alone = _ingest(county, tmp_path / "alone", "off", monkeypatch)
    files = expand([county])
    assert ahead.chosen(files, "auto") is None
    monkeypatch.setenv("QINYOU_READ_AHEAD", "on")
    big = ahead.chosen(files, "on")
    assert big is not None and files[big].stat().st_size == max(f.stat().st_size for f in files)
    scratch = tmp_path / "scratch"  # a private temp folder: other processes' helpers do not show here
    scratch.mkdir()
    monkeypatch.setattr(ahead.tempfile, "tempdir", str(scratch))
    helped = api.ingest([county], load(store="embedded", db_path=tmp_path / "helped", id_key_file=tmp_path / "id.key"),
                        on_file=lambda p, i, n: seen.append(p.name))
    assert sorted(seen) == sorted(f.name for f in files) and seen[0] == files[big].name
    assert len(answers) == len(files) - 1 and all(a and a.endswith(".pickle") for a in answers)
    assert [r.summary() for r in helped.reports] == [r.summary() for r in alone.reports]
    assert [r.kind for r in helped.reports].count("unreadable") == 1
    assert helped.load.created == alone.load.created and helped.load.updated == alone.load.updated
    assert _graph(tmp_path / "helped") == _graph(tmp_path / "alone")
    assert not list(scratch.glob("qinyou-ahead-*"))  # the helper's folder is gone


def test_files_the_helper_did_not_read_are_read_here(county: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A helper that ends without answering (crashed, killed) costs time, not data."""
    def gone(*_: object) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-c", "print('-')"], stdout=subprocess.PIPE, text=True)

    monkeypatch.setattr(ahead, "_start", gone)
    batches = list(read_inputs([county], read_ahead_setting="on", key=TEST_KEY))
    sequential = list(read_inputs([county], read_ahead_setting="off", key=TEST_KEY))
    assert [r.summary() for _, r in batches] == [r.summary() for _, r in sequential]
    assert [len(b) for b, _ in batches] == [len(b) for b, _ in sequential]
