"""Reading ahead: a second process reads the other input files while this one reads the biggest.

Reading a roster is single-threaded Python work (pandas on text columns,
hashing ids), and a county's household register alone takes most of it. A
helper process therefore reads every other file, in order, and leaves each
result as a pickle in a private temporary directory; this process reads the
biggest file itself and then hands the results on in the original file order,
so the store folds them exactly as a sequential read would. On the
3000-village county that hides about 12 s of reading behind the register.

The helper exits when its files are read, so its memory is gone before this
process reaches the peak of the big file. A file the helper could not read
(it crashed, or was killed) is read here, where any error surfaces as it
would have without the helper.

The choice is :attr:`qinyou.settings.Settings.read_ahead` (``QINYOU_READ_AHEAD``),
passed in by the caller: ``auto`` (when there are two cores and at least
:data:`AHEAD_MIN_BYTES` besides the biggest file), ``on`` or ``off``. The helper
is ``python -m qinyou.ingest.ahead`` in the same interpreter, which finds the
installed package as this process did.
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from qinyou.graph.batch import GraphBatch
from qinyou.graph.idkey import IdKey
from qinyou.ingest.reader import read_one
from qinyou.ingest.report import FileReport

#: below this many bytes besides the biggest file, starting a process costs more than it saves
AHEAD_MIN_BYTES = 8 << 20


def chosen(files: list[Path], setting: str = "auto") -> int | None:
    """The index of the file this process reads while a helper reads the others, or None to read in turn.

    ``setting`` is ``auto``, ``on`` or ``off`` (:attr:`qinyou.settings.Settings.read_ahead`).
    """
    if setting == "off" or len(files) < 2:
        return None
    sizes = [f.stat().st_size if f.is_file() else 0 for f in files]
    big = max(range(len(files)), key=sizes.__getitem__)
    if setting == "on":
        return big
    if (os.cpu_count() or 1) < 2 or sum(sizes) - sizes[big] < AHEAD_MIN_BYTES:
        return None
    return big


def _start(files: list[Path], kind: str | None, mapping: Path | None, out: str,
           key: IdKey) -> subprocess.Popen[str] | None:
    """The helper: ``python -P -m qinyou.ingest.ahead`` (a fresh interpreter that runs nothing of
    the caller's script; ``-P`` keeps the working directory off its path, so a folder there named
    like the package cannot stand in for the installed one). The ID key goes to it on its
    standard input (never on the command line, where ``ps`` would show it)."""
    args = [sys.executable, "-P", "-m", "qinyou.ingest.ahead", out, kind or "", str(mapping) if mapping else "",
            *(str(f) for f in files)]
    try:
        helper = subprocess.Popen(args, stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True,
                                  encoding="utf-8")
    except OSError:
        return None
    assert helper.stdin is not None
    try:
        helper.stdin.write(f"{key.hex()} {int(key.store_idno)}\n")
        helper.stdin.close()
    except OSError:  # it died at once: its files are read here
        pass
    return helper


def read_ahead(files: list[Path], big: int, kind: str | None, mapping: Path | None, key: IdKey,
               on_file: Callable[[Path, int, int], None] | None = None
               ) -> Iterator[tuple[GraphBatch, FileReport]]:
    """Every file's batch and report, in file order; ``files[big]`` read here, the rest by a helper."""
    others = [f for i, f in enumerate(files) if i != big]
    with tempfile.TemporaryDirectory(prefix="qinyou-ahead-") as out:
        helper = _start(others, kind, mapping, out, key)
        try:
            if on_file:
                on_file(files[big], big + 1, len(files))
            own: tuple[GraphBatch, FileReport] | None = read_one(files[big], kind, mapping, key=key)
            for i, path in enumerate(files):
                if i == big:
                    assert own is not None
                    result, own = own, None
                else:
                    if on_file:
                        on_file(path, i + 1, len(files))
                    where = _next(helper)
                    if where is None:
                        result = read_one(path, kind, mapping, key=key)
                    else:
                        with open(where, "rb") as fh:
                            result = pickle.load(fh)
                        os.unlink(where)
                yield result
                del result
        finally:
            if helper is not None:
                if helper.poll() is None:
                    helper.kill()
                helper.wait()
                if helper.stdout:
                    helper.stdout.close()


def _next(helper: subprocess.Popen[str] | None) -> str | None:
    """Where the helper left its next result; None when it did not (the file is read here)."""
    if helper is None or helper.stdout is None:
        return None
    line = helper.stdout.readline().strip()  # the helper answers in file order; "" once it has ended
    return line if line and line != "-" else None


def _helper(out: str, kind: str | None, mapping: str | None, files: list[str], answer: IO[str],
            key: IdKey) -> None:
    """In the helper: read each file, leave its result in ``out``, answer with its path (or ``-``)."""
    for i, name in enumerate(files):
        try:
            result = read_one(Path(name), kind, Path(mapping) if mapping else None, key=key)
            target = Path(out) / f"{i}.pickle"
            with open(target, "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            del result
            answer.write(f"{target}\n")
        except Exception:  # noqa: BLE001 - read again by the main process, which reports the error as usual
            answer.write("-\n")
        answer.flush()


if __name__ == "__main__":
    _answer = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # anything else the readers print goes to stderr, not into the answers
    _secret, _store = sys.stdin.readline().split()
    _helper(sys.argv[1], sys.argv[2] or None, sys.argv[3] or None, sys.argv[4:], _answer,
            IdKey(bytes.fromhex(_secret), _store == "1"))
