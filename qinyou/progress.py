"""A small progress bar on stderr (silent when stderr is not a terminal)."""
from __future__ import annotations

import sys
import time


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

    def __enter__(self) -> "Bar":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
