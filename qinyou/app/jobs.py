"""Long actions of the app with a progress bar: running detection, ingesting uploads.

Both call :mod:`qinyou.api` (the CLI equivalents are ``qinyou detect`` and
``qinyou ingest --keep --detect``); this module only shows their progress.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from qinyou import api
from qinyou.app import common
from qinyou.errors import QinyouError
from qinyou.explore.snapshot import Snapshot, generation, snapshot_path
from qinyou.graph.store import GraphStore
from qinyou.settings import Settings

#: a first guess of detection time when no earlier run is known: seconds per person (3000-village county: ~30 µs)
SECONDS_PER_PERSON = 3e-5


@st.cache_data(show_spinner=False, max_entries=4)
def _snapshot(store_label: str, gen: int, stamp: tuple[int, int], _settings: Settings) -> Snapshot:
    return api.findings_snapshot(_settings, common.store())


def findings_snapshot(settings: Settings) -> Snapshot:
    """The stored findings, read once per store generation and snapshot file (not once per click)."""
    path = snapshot_path(settings)
    try:
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
    except FileNotFoundError:
        stamp = (0, 0)
    try:
        return _snapshot(settings.store_label, generation(settings), stamp, settings)
    except QinyouError as exc:
        common.fail(exc)
        st.stop()
        raise


def _expected_seconds(snap: Snapshot, store: GraphStore) -> float:
    if snap.header.get("seconds"):
        return max(1.0, float(snap.header["seconds"]))
    persons = store.counts()["nodes"].get("Person", 0)
    return max(2.0, persons * SECONDS_PER_PERSON)


def with_progress(work: Callable[[], Any], expected: float, label: str) -> Any:
    """Run ``work`` in a thread while a bar moves by elapsed time against ``expected`` seconds
    (the last run's time); raises what ``work`` raised."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = work()
        except BaseException as exc:  # handed to the page's thread below
            out["error"] = exc

    thread = threading.Thread(target=run, name="qinyou-job", daemon=True)
    start = time.monotonic()
    thread.start()
    bar = st.progress(0.0, text=label)
    while thread.is_alive():
        thread.join(0.3)
        elapsed = time.monotonic() - start
        bar.progress(min(0.95, elapsed / expected), text=f"{label} {elapsed:.0f} s (预计 / expected ≈ {expected:.0f} s)")
    bar.progress(1.0, text=f"{label} {time.monotonic() - start:.1f} s")
    if "error" in out:
        raise out["error"]
    return out.get("value")


def run_detection(settings: Settings, store: GraphStore, snap: Snapshot) -> bool:
    """Run every rule and store the snapshot, with a progress bar; False (and a message) on failure."""
    try:
        with_progress(lambda: api.build_findings_snapshot(settings, store), _expected_seconds(snap, store),
                      "运行检测规则 / running the rules…")
    except QinyouError as exc:
        common.fail(exc)
        return False
    _snapshot.clear()
    return True


def ingest(files: list[tuple[str, bytes]], settings: Settings, kind: str | None) -> api.IngestSummary | None:
    """Keep and load uploaded files, then refresh the findings snapshot; the app's read handle is
    released first (the store takes one writer and no readers) and reopened on the next page."""
    common.release_store()
    bar = st.progress(0.0, text="读取 / reading…")

    def on_file(path: Path, i: int, n: int) -> None:
        bar.progress(min(1.0, (i - 1) / max(n, 1)), text=f"读取 / reading {path.name} ({i}/{n})")

    def on_load(what: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"载入 / loading {what} ({done}/{total})")

    def on_step(step: str) -> None:
        bar.progress(0.5 if step == "detect" else 0.9, text="运行检测规则 / running the rules…" if step == "detect"
                     else "线索地点 / placing the findings…")

    try:
        summary = common.session().ingest(files, kind=kind, on_file=on_file, progress=on_load, on_step=on_step)
    except QinyouError as exc:
        common.fail(exc)
        return None
    finally:
        common.release_store()
        st.cache_data.clear()
    bar.progress(1.0, text="完成 / done")
    return summary
