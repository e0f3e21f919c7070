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
    warnings: list[Reject] = field(default_factory=list)  # loaded rows worth a look (unknown relation words)

    @property
    def rejected(self) -> int:
        return len(self.rejects)

    @property
    def unrecognised(self) -> int:
        """Loaded rows whose relation word the kinship vocabulary does not know."""
        return sum(1 for w in self.warnings if w.reason.startswith("unknown_relation"))

    def summary(self) -> str:
        text = f"{self.source}: read {self.read} rows: loaded {self.loaded}, rejected {self.rejected}"
        if self.unrecognised:
            text += f", {self.unrecognised} relation words not recognised"
        return text


def write_rejects(reports: list[FileReport], path: Path) -> int:
    """Write all rejects to ``path`` (CSV or JSON Lines by extension); returns the count."""
    return _write([r.as_dict() for rep in reports for r in rep.rejects], path)


def write_warnings(reports: list[FileReport], path: Path) -> int:
    """Write the warnings (loaded rows, e.g. unknown relation words) to ``path``, the rejects file's columns."""
    return _write([w.as_dict() for rep in reports for w in rep.warnings], path)


def _write(rows: list[dict[str, Any]], path: Path) -> int:
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
