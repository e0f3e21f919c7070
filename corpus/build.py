"""Rebuild the demo corpus: ``python -m corpus.build``.

1. ``qinyou synth`` writes a small synthetic county into ``corpus/rosters``.
2. The rosters are loaded into a scratch store and the cast of the notices is
   picked from it with Cypher: a cadre whose relative receives 低保, a cadre of
   the village where a dead person is still paid, a town official, a village
   clerk, a cadre in a beneficiary household.
3. The notice templates of ``corpus/templates.py`` (written for this project)
   are filled with that cast and written to ``corpus/notices``, and the facts
   the tests expect are written to ``corpus/expected.json``.

Everything here is fictional; nothing is copied from real reports.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import opencc

from qinyou.corpus import templates
from qinyou.graph.embedded import EmbeddedStore
from qinyou import api
from qinyou.settings import load

HERE = Path(__file__).resolve().parent
VILLAGES = 8
SEED = 20241

#: household KIN words (graph.kinship, the cadre-side word) that a notice writes as they are
_WORDS = ("丈夫", "妻子", "父亲", "母亲", "儿子", "女儿", "哥哥", "弟弟", "姐姐", "妹妹", "儿媳", "女婿", "孙子", "孙女")
KIN_WORDS = {(w, g): w for w in _WORDS for g in ("男", "女")}


def one(store: EmbeddedStore, cypher: str, what: str, **params: Any) -> dict[str, Any]:
    rows = store.read(cypher, params).records()
    if not rows:
        raise SystemExit(f"corpus.build: the synthetic county has no {what}; try another SEED")
    return rows[0]


def cast(store: EmbeddedStore) -> dict[str, Any]:
    kin = one(store, """
        MATCH (c:Person)-[:HOLDS]->(post:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(v:Place)
        MATCH (c)-[k:KIN]->(b:Person)-[:MEMBER_OF]->(h:Household)-[:RECEIVES]->(:Benefit)
        MATCH (h)-[:LOCATED_IN]->(v)
        MATCH (v)-[:PART_OF]->(t:Place)
        WHERE k.legal_scope = true AND c.id <> b.id AND NOT EXISTS { MATCH (c)-[:MEMBER_OF]->(h) }
          AND NOT EXISTS { MATCH (c)-[d:KIN]-(b) WHERE d.basis = 'declared' }
          AND k.relation IN $words
        RETURN c.name AS cadre, b.name AS relative, b.gender AS gender, k.relation AS relation,
               v.name AS village, t.name AS town
        ORDER BY c.name, b.name LIMIT 1""", "cadre with a relative on 低保",
        words=sorted({k for k, _ in KIN_WORDS}))
    dead = one(store, """
        MATCH (d:Death)-[:DEATH_OF]->(p:Person)<-[:PAID_TO]-(pay:Payment)
        MATCH (p)-[:MEMBER_OF]->(:Household)-[:LOCATED_IN]->(v:Place)-[:PART_OF]->(t:Place)
        MATCH (c:Person)-[:HOLDS]->(post:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(v)
        WHERE pay.date > d.date AND post.end_date IS NULL AND c.name <> $a
        RETURN c.name AS cadre, post.title AS title, p.name AS payee, d.date AS died, v.name AS village,
               t.name AS town
        ORDER BY c.name LIMIT 1""", "cadre of a village where the dead are paid", a=kin["cadre"])
    town_official = one(store, """
        MATCH (c:Person)-[:HOLDS]->(post:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(t:Place)
        WHERE t.level = 'town' AND c.name <> $a AND c.name <> $b
        RETURN c.name AS name, t.name AS town ORDER BY c.name LIMIT 1""", "town official",
        a=kin["cadre"], b=dead["cadre"])
    clerk = one(store, """
        MATCH (c:Person)-[:HOLDS]->(:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(v:Place)
        WHERE v.name = $village AND c.name <> $a AND c.name <> $b
        RETURN c.name AS name ORDER BY c.name LIMIT 1""", "second cadre in the village",
        village=kin["village"], a=kin["cadre"], b=dead["cadre"])
    own = one(store, """
        MATCH (c:Person)-[:HOLDS]->(:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(v:Place)-[:PART_OF]->(t:Place)
        MATCH (c)-[:MEMBER_OF]->(:Household)-[:RECEIVES]->(:Benefit)
        RETURN c.name AS cadre, v.name AS village, t.name AS town ORDER BY c.name LIMIT 1""",
        "cadre in a beneficiary household")
    total = one(store, """
        MATCH (d:Death)-[:DEATH_OF]->(p:Person)<-[:PAID_TO]-(pay:Payment)
        WHERE p.name = $payee AND pay.date > d.date
        RETURN sum(pay.amount_yuan) AS total""", "payments after death", payee=dead["payee"])
    return {"kin": kin, "dead": dead, "town_official": town_official, "clerk": clerk, "own": own,
            "dead_total": f"{total['total']:.0f}"}


def fill(c: dict[str, Any], county: str) -> dict[str, str]:
    kin, dead = c["kin"], c["dead"]
    died = dead["died"]
    t2s = opencc.OpenCC("s2t")
    notices = {
        "dongling_2024_01.txt": templates.NOTICE_2024.format(
            county=county, town_a=kin["town"], village_a=kin["village"], cadre_a=kin["cadre"],
            kin_word_a=KIN_WORDS[(kin["relation"], kin["gender"] or "男")] if (kin["relation"], kin["gender"])
            in KIN_WORDS else "亲属", relative_a=kin["relative"], amount_a="8640",
            town_b=dead["town"], village_b=dead["village"], cadre_b=dead["cadre"], payee_b=dead["payee"],
            title_b=dead["title"],
            death_b=f"{died.year}年{died.month}月", amount_b=c["dead_total"]),
        "dongling_2025_02.txt": templates.NOTICE_2025.format(
            county=county, town_a=kin["town"], village_a=kin["village"], town_b=dead["town"],
            village_b=dead["village"], cadre_b=dead["cadre"], official_c=c["town_official"]["name"],
            clerk_d=c["clerk"]["name"]),
        "dongling_2024_03_trad.txt": templates.NOTICE_2024_TRADITIONAL.format(
            county_t=t2s.convert(county), town_c_t=t2s.convert(c["own"]["town"]),
            village_c_t=t2s.convert(c["own"]["village"]), cadre_e=t2s.convert(c["own"]["cadre"])),
    }
    return notices


def main() -> None:
    from qinyou.ingest.synth import generate

    rosters, notices_dir = HERE / "rosters", HERE / "notices"
    for d in (rosters, notices_dir):
        if d.exists():
            shutil.rmtree(d)
    truth = generate(rosters, VILLAGES, SEED)
    scratch = Path(tempfile.mkdtemp(prefix="qinyou-corpus-"))
    try:
        settings = load(db_path=scratch / "db", store="embedded")
        api.ingest([rosters], settings)
        with EmbeddedStore(settings.db_path, read_only=True) as store:
            chosen = cast(store)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    notices_dir.mkdir()
    for name, text in fill(chosen, truth["county"]).items():
        (notices_dir / name).write_text(text, encoding="utf-8")
    expected = {
        "kin_benefit": truth["patterns"]["kin_benefit"]["count"],
        "kin_benefit_declared": truth["patterns"]["kin_benefit"]["declared"],
        # the saved query reaches the pairs one recorded link joins; `qinyou detect` composes the rest
        "kin_benefit_query": sum(x["one_link"] for x in truth["patterns"]["kin_benefit"]["pairs"]),
        "kin_benefit_query_declared": sum(x["one_link"] and x["declared"]
                                          for x in truth["patterns"]["kin_benefit"]["pairs"]),
        "self_benefit": truth["patterns"]["self_benefit"]["count"],
        "deceased_paid": truth["patterns"]["deceased_paid"]["count"],
        "deceased_paid_payments": truth["patterns"]["deceased_paid"]["payments"],
        "duplicate_benefit": truth["patterns"]["duplicate_benefit"]["count"],
        "repeat_offender": [chosen["dead"]["cadre"]],
        "post_after_punishment": [chosen["dead"]["cadre"]],
        "case_notice_kin": {"official": chosen["kin"]["cadre"], "relative": chosen["kin"]["relative"]},
        "cases": 7,
    }
    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")
    print(json.dumps(expected, ensure_ascii=False))


if __name__ == "__main__":
    main()
