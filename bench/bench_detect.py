"""Time `qinyou detect` (all six rules) on a synthetic county, against DuckDB SQL for kin_benefit.

    qinyou synth --out ROSTERS --villages 3000 --seed 1
    QINYOU_DB=DB qinyou ingest ROSTERS            # once
    python bench/bench_detect.py --db DB --rosters ROSTERS [--score] [--no-duckdb] [--repeat N] [--no-saved-identities]

Prints the wall time, CPU time and peak memory of ``detect`` on the embedded
store (all rules, with each rule's share; then ``kin_benefit`` alone), each the
best of ``--repeat`` runs on a freshly opened store, and the load average before
and after. ``--no-saved-identities`` deletes the identities kept beside the store before
each run, so the notice rules pay for identity resolution (as on the first ``detect`` after
a ``qinyou judge``). With DuckDB installed (the ``bench`` extra) it times the check an
analyst writes in SQL on the same roster files: declared relatives and
same-household members (户籍 and 低保 households) of each cadre, joined to the
beneficiary rosters of the cadre's village (town officials: town). Loading the
files into DuckDB is timed apart from the query, and ``kin_benefit`` is compared
with both: the files read and queried (what an analyst starting from the files
waits for) and the query alone. ``--score`` compares both with ``truth.json``
(precision and recall per rule): the truth names people by ID number, so the store
must keep the raw numbers (ingest with ``QINYOU_STORE_IDNO=on``). Figures go in
bench/README.md; tests never assert speed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from qinyou.detect import RULES, detect
from qinyou.graph.embedded import EmbeddedStore
from qinyou.identity.cache import cache_path

FULL = "０１２３４５６７８９Ｘｘx"
HALF = "0123456789XXX"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Run:
    wall: float
    cpu: float                                   # user + system of this process (all its threads)
    found: list[dict[str, Any]]
    rules: dict[str, tuple[float, float]] = field(default_factory=dict)  # rule → (wall, cpu)


def _timed(name: str, rule: Any, into: dict[str, tuple[float, float]]) -> Any:
    def run(*args: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        out = rule(*args)
        into[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        return out
    return run


def run_detect(db: Path, rules: list[str] | None, saved: bool = True) -> Run:
    """One ``detect`` call on a freshly opened store (nothing cached), timed as a whole and per rule.

    ``saved=False``: the identities kept beside the store (``<db>-identities.json``) are deleted
    first, so the notice rules resolve identities as after a ``qinyou judge`` (the uncached path)."""
    if not saved:
        cache_path(db).unlink(missing_ok=True)
    per_rule: dict[str, tuple[float, float]] = {}
    saved = dict(RULES)
    RULES.update({name: _timed(name, rule, per_rule) for name, rule in saved.items()})
    try:
        with EmbeddedStore(db, read_only=True) as store:
            wall, cpu = time.perf_counter(), time.process_time()
            found = detect(store, rules)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        RULES.update(saved)
    return Run(wall, cpu, [f.as_dict(reveal=True) for f in found], per_rule)


def best(db: Path, rules: list[str] | None, repeat: int, saved: bool = True) -> Run:
    """The run with the least wall time of ``repeat`` (the machine may be shared)."""
    runs = [run_detect(db, rules, saved) for _ in range(repeat)]
    return min(runs, key=lambda r: r.wall)


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _frame(path: Path, header_row: int, columns: dict[str, str]) -> Any:
    """One roster as a DataFrame of text (what an analyst gets after saving it as UTF-8)."""
    import pandas as pd

    if path.suffix == ".xlsx":
        df = pd.read_excel(path, header=header_row, dtype=str)
    else:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig") if raw[:3] == b"\xef\xbb\xbf" else \
            raw.decode("gb18030") if _not_utf8(raw) else raw.decode("utf-8")
        df = pd.read_csv(StringIO(text), header=header_row, dtype=str, keep_default_na=False)
    df = df.rename(columns=lambda c: str(c).strip())
    return df[[c for c in columns if c in df.columns]].rename(columns=columns)


def _not_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


def load_duckdb(rosters: Path) -> Any:
    import duckdb

    files = {
        "hh": ("东岭县户籍人口登记.csv", 0, {"户号": "hh_no", "公民身份号码": "idno", "与户主关系": "relation",
                                          "村(社区)": "village", "乡镇(街道)": "town"}),
        "dibao": ("东岭县2023年农村低保对象花名册.csv", 2, {"村(居)": "village", "乡镇": "town", "户主身份证号": "head_idno",
                                                 "公民身份号码": "idno", "保障类别": "programme"}),
        "tekun": ("特困供养人员名册.csv", 0, {"村(社区)": "village", "乡镇(街道)": "town", "身份证号": "idno",
                                         "保障类别": "programme"}),
        "disabled": ("困难残疾人生活补贴名册.xlsx", 1, {"村": "village", "乡镇": "town", "身份证号码": "idno",
                                                "类别": "programme"}),
        "cadres": ("村两委及乡镇干部花名册.xlsx", 2, {"身份证号": "idno", "职务": "title", "单位": "unit",
                                             "乡镇(街道)": "town", "离任时间": "until"}),
        "decl": ("近亲属备案表.xlsx", 1, {"干部身份证号": "cadre_idno", "亲属身份证号": "kin_idno", "与干部关系": "relation"}),
    }
    con = duckdb.connect()
    for table, (name, header, cols) in files.items():
        df = _frame(rosters / name, header, cols)
        con.register(f"{table}_raw", df)
        id_cols = [c for c in df.columns if c.endswith("idno")]
        select = ", ".join(f"upper(translate(trim(CAST({c} AS VARCHAR)), '{FULL}', '{HALF}')) AS {c}"
                           if c in id_cols else f"trim(CAST({c} AS VARCHAR)) AS {c}" for c in df.columns)
        con.execute(f"CREATE TABLE {table} AS SELECT {select} FROM {table}_raw")
        con.unregister(f"{table}_raw")
    return con


#: the analyst's check: a cadre's declared relatives and the members of the cadre's households
#: (户籍 and 低保), receiving a benefit in the cadre's village (town officials: the town)
KIN_SQL = """
WITH benef AS (
    SELECT idno, regexp_replace(village, '\\(居\\)$', '') AS village, town, programme FROM dibao
    UNION ALL SELECT idno, village, town, programme FROM tekun
    UNION ALL SELECT idno, village, town, programme FROM disabled),
cadre AS (SELECT DISTINCT idno, unit, town FROM cadres WHERE idno IS NOT NULL),
kin AS (
    SELECT cadre_idno AS cadre, kin_idno AS kin, true AS declared FROM decl
    UNION ALL SELECT a.idno, b.idno, false FROM hh a JOIN hh b ON a.hh_no = b.hh_no AND a.idno <> b.idno
              WHERE a.idno IN (SELECT idno FROM cadre)
    UNION ALL SELECT a.idno, b.idno, false FROM dibao a JOIN dibao b ON a.head_idno = b.head_idno AND a.idno <> b.idno
              WHERE a.idno IN (SELECT idno FROM cadre))
SELECT c.idno AS cadre, b.idno AS beneficiary, bool_or(k.declared) AS declared, min(b.programme) AS programme
FROM kin k JOIN cadre c ON c.idno = k.cadre JOIN benef b ON b.idno = k.kin
WHERE b.village = c.unit OR (c.unit NOT LIKE '%村' AND b.town = c.town)
GROUP BY c.idno, b.idno
"""


def score(expected: set[Any], got: set[Any]) -> str:
    tp = len(expected & got)
    p = tp / len(got) if got else 1.0
    r = tp / len(expected) if expected else 1.0
    return f"P {p:.4f} R {r:.4f} (expected {len(expected)}, found {len(got)}, right {tp})"


def score_findings(truth: dict[str, Any], found: list[dict[str, Any]]) -> None:
    pats = truth["patterns"]
    kin = {}
    for f in found:
        if f["rule"] == "kin_benefit":
            kin.setdefault((f["people"][0]["idno"], f["people"][1]["idno"]), f)
    pairs = pats["kin_benefit"]["pairs"]
    print("kin_benefit      ", score({(x["cadre"], x["beneficiary"]) for x in pairs}, set(kin)))
    if pairs and "certainty" not in pairs[0]:
        print("  (truth.json written by a qinyou synth before composed kinship: words, certainty and scope unchecked)")
    else:
        _score_words(pats, pairs, kin)
    for rule, exp in (("self_benefit", set(pats["self_benefit"]["idnos"])),
                      ("deceased_paid", set(pats["deceased_paid"]["idnos"])),
                      ("duplicate_benefit", set(pats["duplicate_benefit"]["two_households"])
                       | set(pats["duplicate_benefit"]["dibao_and_tekun"]))):
        got = {f["people"][0]["idno"] for f in found if f["rule"] == rule}
        print(f"{rule:<17}", score(exp, got))
    for rule in ("repeat_offender", "post_after_punishment"):
        print(f"{rule:<17} {sum(f['rule'] == rule for f in found)} findings (no notices in a roster-only world)")


def _score_words(pats: dict[str, Any], pairs: list[dict[str, Any]], kin: dict[Any, dict[str, Any]]) -> None:
    found = [(x, kin[(x["cadre"], x["beneficiary"])]) for x in pairs if (x["cadre"], x["beneficiary"]) in kin]
    wrong_word = sum(1 for x, f in found if x["certainty"] == "certain" and f["relation"] != x["relation"])
    wrong_decl = sum(1 for x, f in found if f["declared"] != x["declared"])
    amb_certain = sum(1 for x, f in found if x["certainty"] == "ambiguous" and f["certainty"] == "certain")
    certain_amb = sum(1 for x, f in found if x["certainty"] == "certain" and f["certainty"] == "ambiguous")
    other_readings = sum(1 for x, f in found if x["certainty"] == "ambiguous" == f["certainty"]
                         and (len(f["readings"]) != len(x.get("readings", []))
                              or _in_scope(f["readings"]) != _in_scope(x.get("readings", []))))
    leaked = sum(1 for x in pats["kin_benefit"]["out_of_scope"] + pats["kin_benefit"]["out_of_office"]
                 if (x["cadre"], x["beneficiary"]) in kin)
    print(f"  pairs {len(pairs)} ({sum(x['certainty'] == 'ambiguous' for x in pairs)} ambiguous, "
          f"{sum(x['declared'] for x in pairs)} declared): wrong word {wrong_word}, wrong declared {wrong_decl}, "
          f"ambiguous reported certain {amb_certain}, certain reported ambiguous {certain_amb}, "
          f"other readings {other_readings}, out of scope/office reported {leaked}, "
          f"unreachable in truth {len(pats['kin_benefit']['unreachable'])}")


def _in_scope(readings: list[dict[str, Any]]) -> set[str]:
    return {w for r in readings if r["in_scope"] for w in r["relation"].split("或")}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rosters", type=Path, required=True)
    parser.add_argument("--score", action="store_true")
    parser.add_argument("--no-duckdb", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best wall time is reported")
    parser.add_argument("--no-saved-identities", action="store_true",
                        help="delete <db>-identities.json before each run: time identity resolution too")
    args = parser.parse_args()

    print(f"before: {load()}", flush=True)
    saved = not args.no_saved_identities
    run = best(args.db, None, args.repeat, saved)
    found = run.found
    print(f"detect, all six rules{'' if saved else ' (identities resolved, none saved)'}: {run.wall:.2f}s wall, "
          f"{run.cpu:.2f}s CPU, {len(found)} findings, peak RSS {peak_mb():,.0f} MB (best of {args.repeat})", flush=True)
    for name, (wall, cpu) in run.rules.items():
        print(f"  {name:<22} {wall:6.2f}s wall {cpu:6.2f}s CPU")
    kin = best(args.db, ["kin_benefit"], args.repeat)
    print(f"detect --rule kin_benefit: {kin.wall:.2f}s wall, {kin.cpu:.2f}s CPU (best of {args.repeat})", flush=True)
    truth = json.loads((args.rosters / "truth.json").read_text(encoding="utf-8"))
    if args.score:
        if any("*" in str(p.get("idno") or "") for f in found for p in f["people"]):
            print("--score: the store keeps masked ID numbers only; ingest with QINYOU_STORE_IDNO=on to score",
                  file=sys.stderr)
        else:
            score_findings(truth, found)
    if args.no_duckdb:
        return 0
    try:
        started = time.perf_counter()
        con = load_duckdb(args.rosters)
    except ImportError:
        print("DuckDB not installed (pip install -e '.[bench]'): no SQL comparison", file=sys.stderr)
        return 0
    loaded = time.perf_counter() - started
    times = []
    for _ in range(3):
        started = time.perf_counter()
        rows = con.execute(KIN_SQL).fetchall()
        times.append(time.perf_counter() - started)
    sql = min(times)
    print(f"DuckDB: files loaded in {loaded:.2f}s; kin check best of 3 {sql:.3f}s, {len(rows)} pairs")
    print(f"ratio detect kin_benefit / DuckDB from the files (load + query): {kin.wall / (loaded + sql):.2f}")
    print(f"ratio detect kin_benefit / DuckDB query alone (tables already loaded): {kin.wall / sql:.2f}")
    print(f"after: {load()}")
    if args.score:
        pairs = truth["patterns"]["kin_benefit"]["pairs"]
        print("DuckDB kin check ", score({(x["cadre"], x["beneficiary"]) for x in pairs}, {(r[0], r[1]) for r in rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
