"""Readers and writers of one embedded store, across processes.

LadybugDB 0.22 keeps a second writer out of a database, but not a writer out
of a database that another process has open read-only, nor a reader out of one
that is being written: the app's read-only handle would then read pages while
``qinyou ingest`` rewrites them. A lock file beside the database closes that
gap: a writer holds it exclusively, readers share it, and whoever cannot have
it is told at once (never kept waiting).

Advisory ``flock`` locks are released by the kernel when a process ends, even
by SIGKILL, so a killed ingest never leaves the store locked. Where ``fcntl``
does not exist (Windows) only LadybugDB's own writer lock applies.
"""
from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".qinyou.lock"


class StoreLock:
    """A shared (reader) or exclusive (writer) hold on a store directory."""

    def __init__(self, directory: Path, exclusive: bool) -> None:
        self.path = Path(directory) / LOCK_FILE
        self.exclusive = exclusive
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another process holds it the other way."""
        if fcntl is None:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except PermissionError:
            if self.exclusive:
                raise
            try:  # a reader of a store it may not write: lock the file it can open
                fd = os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:
                return True  # a store nobody has written through this code: nothing to share
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None
