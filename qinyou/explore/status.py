"""The store's status as the Store page and ``qinyou status`` report it: never a traceback."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from qinyou.errors import ConfigError, QinyouError, StoreUnavailableError
from qinyou.settings import Settings
from qinyou.stores import open_store

#: states: ok, empty, not_configured, unreachable, no_graph, error
STATE_ZH = {"ok": "正常", "empty": "图谱为空", "not_configured": "未配置", "unreachable": "无法连接",
            "no_graph": "尚未建图", "error": "出错"}


@dataclass
class StoreStatus:
    kind: str
    label: str
    state: str
    message: str = ""
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    last_change: str = ""

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def store_status(settings: Settings) -> StoreStatus:
    """Which store, whether it answers, its counts and (embedded) when its files last changed."""
    status = StoreStatus(settings.store, settings.store_label, "ok")
    if settings.store == "neo4j" and not settings.neo4j_uri:
        status.state = "not_configured"
        status.message = "QINYOU_STORE=neo4j needs QINYOU_NEO4J_URI (e.g. bolt://localhost:7687); see docs/neo4j.md"
        return status
    try:
        with open_store(settings, read_only=True) as store:
            status.counts = store.counts()
    except ConfigError as exc:
        status.state, status.message = "not_configured", str(exc)
        return status
    except StoreUnavailableError as exc:
        missing = settings.store == "embedded" and "no graph" in str(exc)
        status.state, status.message = ("no_graph" if missing else "unreachable"), str(exc)
        return status
    except QinyouError as exc:
        status.state, status.message = "error", str(exc)
        return status
    if not sum(status.counts.get("nodes", {}).values()):
        status.state, status.message = "empty", "the graph is empty: run `qinyou ingest FILES…` or `qinyou demo`"
    if settings.store == "embedded" and settings.db_path.exists():
        newest = max((p.stat().st_mtime for p in settings.db_path.rglob("*") if p.is_file()), default=None)
        if newest is not None:
            status.last_change = dt.datetime.fromtimestamp(newest, dt.timezone.utc).isoformat(timespec="seconds")
    return status
