"""Time the app's pages as a user meets them, through Streamlit's AppTest, on an existing embedded store.

    QINYOU_DB=/tmp/county3000-db python bench/bench_app_pages.py --person 王 [--repeat 3]

Each round starts a fresh AppTest (a new session: nothing cached in Streamlit's session
state) and times: the first page after login (the store opened); the Findings page's first
open (it reads the stored findings snapshot: run ``qinyou detect`` once before, or the page
only says the snapshot is missing); a search on the Search page; and opening the first
person's card there. "Interactive" is the time until the script run that draws the page
returns. The app's process-wide caches (``st.cache_data``/``cache_resource``) persist
between rounds in one process, so round 1 is the cold figure. Tests never assert speed.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--person", default="王", help="search text whose first person hit is opened")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("QINYOU_DB"):
        raise SystemExit("set QINYOU_DB to an existing embedded store")

    from qinyou.access import users

    work = Path(tempfile.mkdtemp(prefix="qinyou-bench-app-"))
    users.add(work / "users.json", "bench", "investigator", "bench-password", demo=True)
    os.environ.update(QINYOU_STORE="embedded", QINYOU_USERS=str(work / "users.json"),
                      QINYOU_AUDIT=str(work / "audit.jsonl"), QINYOU_DEMO_USER="bench")
    os.environ.pop("QINYOU_TRAINER", None)
    from streamlit.testing.v1 import AppTest

    def run(step: str, fn: Callable[[], AppTest]) -> AppTest:
        start = time.perf_counter()
        at = fn()
        took = time.perf_counter() - start
        problems = [e.value for e in at.exception] + [e.value for e in at.error]
        print(f"  {step:<34} {took:7.2f} s{'   PROBLEM: ' + str(problems)[:200] if problems else ''}", flush=True)
        return at

    for round_no in range(1, args.repeat + 1):
        print(f"round {round_no} (load {os.getloadavg()[0]:.1f})", flush=True)
        at = AppTest.from_file(str(ROOT / "qinyou" / "app" / "page.py"), default_timeout=600)
        at = run("first page (store opened)", at.run)
        at = run("findings page, first open", lambda: at.switch_page("pages/findings.py").run())
        shown = [df for df in at.dataframe]
        print(f"  {'':<34} findings table rows shown: {[len(df.value) for df in shown]}")
        at = run("search page", lambda: at.switch_page("pages/search.py").run())
        at = run(f"search {args.person!r}", lambda: at.text_input(key="search_text").set_value(args.person).run())
        boxes = [s for s in at.selectbox if s.key == "card_person"]
        if not boxes or not boxes[0].options:
            print("  no person to open")
            continue
        index = min(1, len(boxes[0].options) - 1)  # the first option may be "none chosen"
        at = run("open a person card", lambda: at.selectbox(key="card_person").select_index(index).run())
        print(f"  {'':<34} card tables shown: {len(at.dataframe)}")


if __name__ == "__main__":
    main()
