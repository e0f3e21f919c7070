"""What reading one input file gave: loaded rows, rejected rows with reasons."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Reject:
    """One input row (or document) that was not loaded, and why."""

    source: str
    row: int | None
    reason: str
    raw: str

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "row": self.row, "reason": self.reason, "raw": self.raw}


@dataclass
class FileReport:
    """Every data row of a file ends loaded or rejected: ``read == loaded + rejected``."""

    source: str
    kind: str
    read: int = 0
    loaded: int = 0
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejects)

    def summary(self) -> str:
        return f"{self.source}: read {self.read} rows: loaded {self.loaded}, rejected {self.rejected}"


def write_rejects(reports: list[FileReport], path: Path) -> int:
    """Write all rejects to ``path`` (CSV or JSON Lines by extension); returns the count."""
    rows = [r.as_dict() for rep in reports for r in rep.rejects]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["source", "row", "reason", "raw"])
            writer.writeheader()
            writer.writerows(rows)
    return len(rows)
