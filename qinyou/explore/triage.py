"""Triage of findings: open / confirmed / dismissed, with a note, kept by the finding's stable id.

Decisions are appended to a JSON Lines file (``Settings.triage_path``), one
object per decision; the latest decision on an id is in force, and earlier ones
stay as its history. The file lives outside the store, so re-ingesting or
rebuilding the graph keeps it, and a finding that comes back with the same id
keeps its status.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from qinyou.errors import InputError

STATUSES = ("open", "confirmed", "dismissed")
STATUS_ZH = {"open": "待核查", "confirmed": "已确认", "dismissed": "已排除"}


@dataclass(frozen=True)
class Decision:
    finding: str
    status: str
    note: str
    by: str
    at: str


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def record(path: Path, finding: str, status: str, note: str = "", by: str = "") -> Decision:
    """Append a decision on ``finding``; the status must be one of :data:`STATUSES`."""
    if status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if ":" not in finding:
        raise InputError(f"not a finding id: {finding!r} (rule:digest)")
    decision = Decision(finding, status, note.strip(), by.strip(), _now())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(asdict(decision), ensure_ascii=False) + "\n")
    return decision


def history(path: Path) -> list[Decision]:
    """Every decision in the file, oldest first; unreadable lines are an error naming the line."""
    if not path.exists():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            out.append(Decision(str(data["finding"]), str(data["status"]), str(data.get("note", "")),
                                str(data.get("by", "")), str(data.get("at", ""))))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"triage file line {n} is not a decision", file=str(path), row=n) from exc
    return out


def current(path: Path) -> dict[str, Decision]:
    """Finding id → the decision in force (the latest)."""
    return {d.finding: d for d in history(path)}
