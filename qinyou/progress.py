"""A small progress bar on stderr (silent when stderr is not a terminal).

``qinyou ingest`` and ``qinyou rebuild`` hand :meth:`Bar.on_file` and :meth:`Bar.on_load`
to the library as its ``on_file`` and ``progress`` callbacks: one bar, reading then loading.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path


class Bar:
    """``with Bar("ingest", total) as bar: bar.update(what, done)``."""

    def __init__(self, label: str, total: int, stream=None) -> None:  # type: ignore[no-untyped-def]
        self.label = label
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()

    def update(self, what: str, done: int) -> None:
        if not self.live:
            return
        width = 30
        filled = int(width * min(done, self.total) / self.total)
        elapsed = time.monotonic() - self.started
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                          f"{done}/{self.total} {what[:30]:<30} {elapsed:5.1f}s")
        self.stream.flush()

    def on_file(self, path: Path, done: int, total: int) -> None:
        """The reading callback (``on_file``): file ``done`` of ``total``."""
        self.label, self.total = "read", max(total, 1)
        self.update(path.name, done)

    def on_load(self, what: str, done: int, total: int) -> None:
        """The store's loading callback (``progress``): table ``done`` of ``total``."""
        self.label, self.total = "load", max(total, 1)
        self.update(what, done)

    def __enter__(self) -> "Bar":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
