"""The audit log: one JSON object per line, appended, each chained to the one before.

Every entry holds the time (UTC), user, role, action, its parameters and whether
it was allowed, plus ``prev`` (the previous entry's hash) and ``hash`` (SHA-256
of the entry's canonical JSON without ``hash``). The file is opened with
``O_APPEND`` only (nothing in qinyou reads it for writing elsewhere), under an
exclusive ``flock`` so two processes never interleave; :func:`verify` recomputes
the chain, so an edited, inserted or removed line is found. Removing lines from
the end is found only against a hash noted before (``qinyou audit verify``
prints the head hash).

Parameters never carry a password or a revealed value; ID numbers in them
(say a searched ID number) are masked as everywhere else.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qinyou.errors import InputError
from qinyou.graph.privacy import mask_idno

GENESIS = "0" * 64
#: an ID number (18 characters, or the old 15 digits) or any long run of digits inside a text
_ID_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{12,16})(?![0-9Xx])")
_READ_BACK = 8192  # bytes read from the end to find the last entry


def scrub(value: Any) -> Any:
    """``value`` with every ID number (and digit run of 12+) masked, through lists and dicts."""
    if isinstance(value, str):
        return _ID_LIKE.sub(lambda m: mask_idno(m.group(0)), value)
    if isinstance(value, Mapping):
        return {str(k): scrub(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [scrub(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return scrub(str(value))


def _digest(entry: Mapping[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()


def _last_line(fd: int) -> str:
    size = os.fstat(fd).st_size
    if size == 0:
        return ""
    start = max(0, size - _READ_BACK)
    while True:
        chunk = os.pread(fd, size - start, start)
        lines = chunk.rstrip(b"\n").split(b"\n")
        if len(lines) > 1 or start == 0:
            return lines[-1].decode("utf-8", errors="replace")
        start = max(0, start - _READ_BACK)


def record(path: Path, user: str, role: str, action: str, params: Mapping[str, Any] | None = None,
           ok: bool = True) -> dict[str, Any]:
    """Append one entry (masked parameters, chained hash) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        reader = os.open(path, os.O_RDONLY)
        try:
            last = _last_line(reader)
        finally:
            os.close(reader)
        prev, seq = GENESIS, 1
        if last.strip():
            try:
                before = json.loads(last)
                prev, seq = str(before["hash"]), int(before["seq"]) + 1
            except (ValueError, KeyError, TypeError):
                prev, seq = hashlib.sha256(last.encode("utf-8")).hexdigest(), 0  # verify will flag it
        entry: dict[str, Any] = {
            "seq": seq, "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
            "user": user, "role": role, "action": action, "ok": ok,
            "params": scrub(dict(params or {})), "prev": prev}
        entry["hash"] = _digest(entry)
        os.write(fd, (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    finally:
        os.close(fd)  # closing releases the lock
    return entry


def entries(path: Path) -> Iterator[dict[str, Any]]:
    """Every entry, oldest first; a line that is not JSON is an error naming the line."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield dict(json.loads(line))
                except (ValueError, TypeError) as exc:
                    raise InputError(f"audit log line {n} is not JSON", file=str(path), row=n) from exc


@dataclass(frozen=True)
class Verdict:
    """The result of :func:`verify`: entries checked, the first broken line (0: none) and the head hash."""

    entries: int
    broken_at: int
    problem: str
    head: str

    @property
    def ok(self) -> bool:
        return self.broken_at == 0


def verify(path: Path) -> Verdict:
    """Recompute the chain; the first line whose hash, link or number does not fit is reported."""
    prev, n = GENESIS, 0
    try:
        for n, entry in enumerate(entries(path), 1):
            if entry.get("prev") != prev:
                return Verdict(n, n, "does not link to the entry before (a line removed or inserted)", prev)
            if entry.get("seq") != n:
                return Verdict(n, n, f"is numbered {entry.get('seq')}, not {n}", prev)
            if entry.get("hash") != _digest(entry):
                return Verdict(n, n, "was changed after it was written (its hash does not match)", prev)
            prev = str(entry["hash"])
    except InputError as exc:
        return Verdict(n + 1, n + 1, str(exc), prev)
    return Verdict(n, 0, "", prev)


def tail(path: Path, count: int = 20, user: str | None = None, action: str | None = None) -> list[dict[str, Any]]:
    """The latest ``count`` entries, optionally of one user or one action."""
    kept = [e for e in entries(path) if (user is None or e.get("user") == user)
            and (action is None or e.get("action") == action)]
    return kept[-count:] if count > 0 else kept
