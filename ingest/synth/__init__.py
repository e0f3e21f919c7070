"""A synthetic county (东岭县) in the roster formats towns keep, with ``truth.json``.

``generate(out, villages, seed)`` writes one file per roster kind (households,
低保, 特困, 残疾人补贴, cadres, 近亲属备案, deaths, payments) and returns the
truth: expected loaded/rejected rows per file, bad rows per class, and the
planted and found patterns with the ID numbers involved. Deterministic for a seed.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from qinyou.ingest.synth import chars
from qinyou.ingest.synth.notices import write_notices
from qinyou.ingest.synth.plant import Plan, make_plan
from qinyou.ingest.synth.truth import patterns, planted
from qinyou.ingest.synth.world import World, make_world
from qinyou.ingest.synth.write import Layout, Written, date_forms, mess_ids, mess_names, write

__all__ = ["generate", "make_world", "make_plan"]


def _scale(rows: int) -> int:
    return max(2, rows // 20000)


def _places(w: World, village: pd.Series, rng: np.random.Generator, suffix_share: float = 0.0) -> dict[str, Any]:
    v = village.to_numpy()
    names = w.villages["name"].to_numpy()[v]
    if suffix_share:
        names = np.where(rng.random(len(v)) < suffix_share, np.char.add(names.astype(str), "(居)"), names)
    return {"county": chars.COUNTY, "town": w.towns["name"].to_numpy()[w.villages["town"].to_numpy()[v]],
            "village": names}


def _xlsx_ids(ids: pd.Series, rng: np.random.Generator, share: float) -> pd.Series:
    as_number = (rng.random(len(ids)) < share) & ids.str.fullmatch(r"\d{18}").to_numpy()
    out = ids.astype(object).copy()
    out[as_number] = [int(x) for x in ids[as_number]]
    return out


def _xlsx_dates(dates: pd.Series, rng: np.random.Generator) -> list[object]:
    text = date_forms(dates, rng, month_only=True)
    real = rng.random(len(dates)) < 0.5
    d = pd.to_datetime(dates)
    return [x.date() if r and not pd.isna(x) else t for x, t, r in zip(d, text, real)]


def _frames(w: World, plan: Plan, rng: np.random.Generator) -> list[tuple[Layout, pd.DataFrame, dict[str, str]]]:
    p = w.persons
    idno, name = p["idno"], p["name"]
    out = []

    # 户籍: everyone; old people partly with the 15-digit number
    ids = mess_ids(idno, rng)
    old = (p["birth"] < np.datetime64("1960-01-01")).to_numpy() & (rng.random(len(p)) < 0.1)
    ids[old] = idno[old].str.slice(0, 6) + idno[old].str.slice(8, 17)
    hh = pd.DataFrame({"hh_no": w.households["hh_no"].to_numpy()[p["hh"]], "name": mess_names(name, rng),
                       "idno": ids, "relation": p["relation"], **_places(w, p["village"], rng)})
    n = len(hh)
    out.append((Layout("东岭县户籍人口登记.csv", "households",
                       {"hh_no": "户号", "name": "姓名", "idno": "公民身份号码", "relation": "与户主关系",
                        "county": "县(市、区)", "town": "乡镇(街道)", "village": "村(社区)"}, "csv-utf8",
                       bad={c: _scale(n) for c in ("idno_check", "idno_format", "missing_value", "duplicate")}),
                hh, {"idno": "idno", "name": "name"}))

    # 低保
    d = plan.dibao
    db = pd.DataFrame({"seq": np.arange(1, len(d) + 1).astype(str), **_places(w, d["village"], rng, 0.05),
                       "head_name": name.to_numpy()[d["head"]], "head_idno": idno.to_numpy()[d["head"]],
                       "name": mess_names(name.iloc[d["pid"]].reset_index(drop=True), rng),
                       "idno": mess_ids(idno.iloc[d["pid"]].reset_index(drop=True), rng),
                       "relation": d["relation"].to_numpy(), "programme": chars.BENEFIT_DIBAO,
                       "persons_covered": d["size"].astype(str).to_numpy(),
                       "monthly_yuan": d["monthly"].astype(str).to_numpy(),
                       "start_date": date_forms(d["start"], rng, month_only=True)})
    n = len(db)
    out.append((Layout("东岭县2023年农村低保对象花名册.csv", "beneficiaries",
                       {"seq": "序号", "county": "县区", "town": "乡镇", "village": "村(居)", "head_name": "户主姓名",
                        "head_idno": "户主身份证号", "name": "成员姓名", "idno": "公民身份号码", "relation": "与户主关系",
                        "programme": "保障类别", "persons_covered": "保障人数", "monthly_yuan": "月保障金额",
                        "start_date": "享受起始时间"}, "csv-gb18030",
                       titles=["东岭县2023年农村低保对象花名册", "填报单位：东岭县民政局　　填报日期：2023年12月"],
                       bad={c: _scale(n) for c in ("idno_check", "idno_excel", "idno_birth", "idno_format",
                                                   "missing_value", "duplicate", "bad_date", "bad_number")},
                       blank_rows=3, total_row=True),
                db, {"idno": "idno", "name": "name", "date": "start_date", "number": "monthly_yuan"}))

    # 特困
    t = plan.tekun
    tk = pd.DataFrame({**_places(w, t["village"], rng), "head_name": name.to_numpy()[t["pid"]],
                       "head_idno": idno.to_numpy()[t["pid"]], "name": name.to_numpy()[t["pid"]],
                       "idno": idno.to_numpy()[t["pid"]], "relation": "户主", "programme": chars.BENEFIT_TEKUN,
                       "persons_covered": "1", "monthly_yuan": t["monthly"].astype(str).to_numpy(),
                       "start_date": date_forms(t["start"], rng), "end_date": ""})
    out.append((Layout("特困供养人员名册.csv", "beneficiaries",
                       {"county": "县(市、区)", "town": "乡镇(街道)", "village": "村(社区)", "head_name": "户主姓名",
                        "head_idno": "户主身份证号", "name": "姓名", "idno": "身份证号", "relation": "与户主关系",
                        "programme": "保障类别", "persons_covered": "保障人数", "monthly_yuan": "月保障金额",
                        "start_date": "享受起始时间", "end_date": "享受终止时间"}, "csv-utf8-bom",
                       bad={c: _scale(len(tk)) for c in ("idno_check", "duplicate", "bad_date")}),
                tk, {"idno": "idno", "date": "start_date"}))

    # 残疾人补贴: person level, .xlsx, IDs partly stored as numbers
    s = plan.disabled
    ds = pd.DataFrame({"seq": np.arange(1, len(s) + 1), **_places(w, s["village"], rng),
                       "name": name.to_numpy()[s["pid"]],
                       "idno": _xlsx_ids(pd.Series(idno.to_numpy()[s["pid"]]), rng, 0.3),
                       "programme": chars.BENEFIT_DISABLED, "monthly_yuan": s["monthly"].to_numpy(),
                       "start_date": _xlsx_dates(s["start"], rng), "note": np.where(rng.random(len(s)) < 0.1,
                                                                                    "二级肢体", "")})
    out.append((Layout("困难残疾人生活补贴名册.xlsx", "beneficiaries",
                       {"seq": "序号", "county": "县", "town": "乡镇", "village": "村", "name": "姓名",
                        "idno": "身份证号码", "programme": "类别", "monthly_yuan": "月补助金额",
                        "start_date": "审批时间", "note": "备注"}, "xlsx",
                       titles=["东岭县困难残疾人生活补贴发放名册"],
                       bad={c: _scale(len(ds)) for c in ("idno_excel", "idno_check", "missing_value")}),
                ds, {"idno": "idno", "name": "name"}))

    # cadres: two-level merged header, IDs partly numbers
    c = plan.cadres
    cd = pd.DataFrame({"seq": np.arange(1, len(c) + 1), "name": name.to_numpy()[c["pid"]],
                       "idno": _xlsx_ids(pd.Series(idno.to_numpy()[c["pid"]]), rng, 0.4),
                       "title": c["title"].to_numpy(), "unit": c["unit"].to_numpy(),
                       "town": w.towns["name"].to_numpy()[c["town"]], "county": chars.COUNTY,
                       "start_date": _xlsx_dates(c["start"], rng),
                       "end_date": [x.date() if not pd.isna(x) else "" for x in pd.to_datetime(c["end"])]})
    group = {"name": "基本信息", "idno": "基本信息", "title": "任职情况", "unit": "任职情况", "town": "任职情况",
             "county": "任职情况", "start_date": "任职情况", "end_date": "任职情况"}
    out.append((Layout("村两委及乡镇干部花名册.xlsx", "cadres",
                       {"seq": "序号", "name": "姓名", "idno": "身份证号", "title": "职务", "unit": "单位",
                        "town": "乡镇(街道)", "county": "县(市、区)", "start_date": "任职时间", "end_date": "离任时间"},
                       "xlsx", titles=["东岭县村(社区)两委干部及乡镇工作人员花名册"], group_header=group,
                       bad={x: _scale(len(cd)) for x in ("idno_excel", "idno_check", "duplicate", "bad_date")}),
                cd, {"idno": "idno", "date": "start_date"}))

    # 近亲属备案
    r = plan.relatives
    cadre_title = c.drop_duplicates("pid").set_index("pid")["title"]
    rl = pd.DataFrame({"seq": np.arange(1, len(r) + 1), "cadre_name": name.to_numpy()[r["cadre"]],
                       "cadre_idno": idno.to_numpy()[r["cadre"]],
                       "cadre_title": cadre_title.reindex(r["cadre"]).to_numpy(),
                       "kin_name": name.to_numpy()[r["kin"]], "kin_idno": idno.to_numpy()[r["kin"]],
                       "relation": r["word"].to_numpy(), "declared_on": _xlsx_dates(r["declared_on"], rng)})
    out.append((Layout("近亲属备案表.xlsx", "relatives",
                       {"seq": "序号", "cadre_name": "干部姓名", "cadre_idno": "干部身份证号", "cadre_title": "干部职务",
                        "kin_name": "亲属姓名", "kin_idno": "亲属身份证号", "relation": "与干部关系",
                        "declared_on": "备案日期"}, "xlsx", titles=["村干部和民政工作人员近亲属享受低保备案表"],
                       bad={x: _scale(len(rl)) for x in ("unknown_relation", "idno_check", "duplicate")}),
                rl, {"idno": "kin_idno", "relation": "relation"}))

    # deaths
    dd = pd.DataFrame({"name": name.to_numpy()[plan.deaths["pid"]], "idno": idno.to_numpy()[plan.deaths["pid"]],
                       "date": date_forms(plan.deaths["date"], rng)})
    out.append((Layout("殡葬火化登记.csv", "deaths", {"name": "姓名", "idno": "公民身份号码", "date": "火化日期"},
                       "csv-utf8-bom", bad={x: _scale(len(dd)) for x in ("idno_check", "bad_date", "duplicate")}),
                dd, {"idno": "idno", "date": "date"}))

    # payments
    pm = plan.payments
    pay = pd.DataFrame({"name": name.to_numpy()[pm["pid"]], "idno": mess_ids(pd.Series(idno.to_numpy()[pm["pid"]]), rng),
                        "programme": pm["programme"].to_numpy(), "amount": pm["amount"].astype(float).map("{:.2f}".format),
                        "date": date_forms(pm["date"], rng), **{k: v for k, v in _places(w, p["village"].iloc[pm["pid"]],
                                                                                      rng).items() if k != "county"}})
    out.append((Layout("一卡通资金发放明细2023.csv", "payments",
                       {"name": "领取人", "idno": "公民身份号码", "programme": "资金项目", "amount": "发放金额",
                        "date": "发放日期", "village": "村(社区)", "town": "乡镇(街道)"}, "csv-gb18030",
                       titles=["东岭县惠民惠农财政补贴资金“一卡通”发放明细（2023年）"],
                       bad={x: _scale(len(pay)) for x in ("idno_check", "idno_excel", "bad_number", "bad_date",
                                                          "duplicate")},
                       blank_rows=2, total_row=True),
                pay, {"idno": "idno", "date": "date", "number": "amount"}))
    return out


def generate(out: Path, villages: int, seed: int, notices: int = 0) -> dict[str, Any]:
    """Write the county's rosters and ``truth.json`` to ``out``; returns the truth.

    ``notices`` > 0 also writes that many case notices about the county's cadres into
    ``out/notices`` (:mod:`qinyou.ingest.synth.notices`), with the truth of every mention;
    the rosters are the same with or without them.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    world = make_world(villages, seed)
    plan = make_plan(world, rng)
    written: list[Written] = []
    for layout, frame, keys in _frames(world, plan, rng):
        written.append(write(out, frame.reset_index(drop=True), layout, keys, rng))
    bad: dict[str, int] = {}
    for wr in written:
        for cls, cnt in wr.bad_rows.items():
            bad[cls] = bad.get(cls, 0) + cnt
    truth = {
        "county": chars.COUNTY, "seed": seed, "villages": villages, "towns": len(world.towns),
        "persons": len(world.persons), "households": len(world.households),
        "cadres": len(plan.cadres), "files": {wr.name: asdict(wr) for wr in written},
        "bad_rows": bad, "patterns": patterns(world, plan), "planted": planted(world, plan),
    }
    if notices:
        truth["notices"] = write_notices(out / "notices", world, plan, np.random.default_rng(seed + 7919), notices)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return truth
