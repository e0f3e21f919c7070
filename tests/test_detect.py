"""`qinyou detect` on small rosters written here: composed kinship, the schema of findings.md,
stable ids, ambiguity, and a clue ledger in which no cell becomes a formula."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from qinyou.cli import main
from qinyou.graph.embedded import EmbeddedStore
from qinyou.ingest.rosters import read_roster
from qinyou.ingest.rosters.idno import check_digit
from qinyou.detect import detect
from idkeys import TEST_KEY


def idno(body: str) -> str:
    return body + check_digit(body)


# sequence digit parity is the sex: odd men, even women
CADRE = idno("45273119750101011")      # 王建国, male, 1975
FATHER = idno("45273119500101031")     # 王德山, head, male, 1950
BROTHER = idno("45273119780101051")    # 王建民, male, 1978 (declared 弟弟, also 子 of 王德山)
MOTHER = idno("45273119520101062")     # 李秀英, female, 1952
SIL = idno("45273119790101082")        # 赵红, 王德山's 儿媳 (wife of one of his sons)
WIFE = idno("45273119770101102")       # 陈美, the cadre's wife
IN_LAW = idno("45273119480101121")     # 陈大, the wife's father, head of his own household
NEPHEW = idno("45273120020101141")     # 王小明, 孙子 of 王德山 (the cadre's son or nephew)
HOSTILE = idno("45273119600101161")    # a household head whose name is a formula

HOUSEHOLDS = [
    "户号,姓名,身份证号,与户主关系,村(社区),乡镇(街道),县(市、区)",
    f"001,王德山,{FATHER},户主,柳溪村,青石镇,东岭县",
    f"001,李秀英,{MOTHER},配偶,柳溪村,青石镇,东岭县",
    f"001,王建民,{BROTHER},子,柳溪村,青石镇,东岭县",
    f"001,赵红,{SIL},儿媳,柳溪村,青石镇,东岭县",
    f"001,王小明,{NEPHEW},孙子,柳溪村,青石镇,东岭县",
    f"002,王建国,{CADRE},户主,柳溪村,青石镇,东岭县",
    f"002,陈美,{WIFE},妻,柳溪村,青石镇,东岭县",
    f"003,陈大,{IN_LAW},户主,柳溪村,青石镇,东岭县",
    f"003,陈美,{WIFE},女,柳溪村,青石镇,东岭县",
    f"004,=CMD|' /C calc'!A0,{HOSTILE},户主,柳溪村,青石镇,东岭县",
]
DIBAO = [
    "县区,乡镇,村(居),户主姓名,户主身份证号,成员姓名,公民身份号码,与户主关系,保障类别,保障人数,月保障金额,享受起始时间",
    f"东岭县,青石镇,柳溪村,王德山,{FATHER},王德山,{FATHER},户主,农村低保,3,900,2022-01",
    f"东岭县,青石镇,柳溪村,王德山,{FATHER},王建民,{BROTHER},子,农村低保,3,900,2022-01",
    f"东岭县,青石镇,柳溪村,王德山,{FATHER},王小明,{NEPHEW},孙子,农村低保,3,900,2022-01",
    f"东岭县,青石镇,柳溪村,陈大,{IN_LAW},陈大,{IN_LAW},户主,农村低保,1,400,2022-03",
    f"东岭县,青石镇,柳溪村,=CMD|' /C calc'!A0,{HOSTILE},=CMD|' /C calc'!A0,{HOSTILE},户主,农村低保,1,400,2022-03",
]
CADRES = ["姓名,身份证号,职务,单位,乡镇(街道),县(市、区),任职时间",
          f"王建国,{CADRE},村委会主任,柳溪村,青石镇,东岭县,2018-01-01",
          f"+1+1,{HOSTILE},村民小组长,柳溪村,青石镇,东岭县,2018-01-01"]
RELATIVES = ["干部姓名,干部身份证号,亲属姓名,亲属身份证号,关系",
             f"王建国,{CADRE},王建民,{BROTHER},弟弟",
             f"王建国,{CADRE},陈美,{WIFE},老婆"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("detect")
    files = {"户籍.csv": HOUSEHOLDS, "低保.csv": DIBAO, "干部.csv": CADRES, "近亲属备案.csv": RELATIVES}
    store = EmbeddedStore(root / "db")
    try:
        for name, lines in files.items():
            (root / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
            batch, report = read_roster(root / name, key=TEST_KEY)
            assert report.rejected == 0, report.rejects
            store.load(batch)
    finally:
        store.close()
    return root / "db"


def findings(db: Path, *args: str) -> list[dict]:  # type: ignore[type-arg]
    out = db.parent / "out.jsonl"
    assert main(["--db", str(db), "detect", "--reveal", "--reason", "test oracle", "--out", str(out), *args]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_kin_composed_through_records(db: Path) -> None:
    kin = {f["people"][1]["idno"]: f for f in findings(db, "--rule", "kin_benefit")
           if f["people"][0]["idno"] == CADRE}
    # a declared brother who is the 子 of a head makes that head the cadre's father
    assert kin[FATHER]["relation"] == "父亲" and kin[FATHER]["certainty"] == "certain"
    assert kin[FATHER]["declared"] is False
    assert kin[BROTHER]["relation"] == "弟弟" and kin[BROTHER]["declared"] is True
    # the wife's father, through the wife's row in his household: 岳父, never 岳母
    assert kin[IN_LAW]["relation"] == "岳父"
    assert kin[IN_LAW]["path"][0] == "王建国" and kin[IN_LAW]["path"][-1] == "陈大"
    # the head's 孙子 is the cadre's son or nephew: ambiguous, readings listed
    amb = kin[NEPHEW]
    assert amb["certainty"] == "ambiguous"
    assert {(r["relation"], r["in_scope"]) for r in amb["readings"]} == {("儿子", True), ("侄子", False)}


def test_schema_and_evidence_order(db: Path) -> None:
    for f in findings(db, "--rule", "kin_benefit"):
        assert list(f)[:6] == ["id", "rule", "title", "severity", "certainty", "people"]
        assert f["evidence"][0]["source"] == "干部.csv"        # cadre row first
        assert f["evidence"][-1]["source"] == "低保.csv"       # beneficiary row last
        assert all("row" in e for e in f["evidence"])
        assert "*" in f["people"][0]["idno_masked"]


def test_ids_stable_across_runs_and_reingest(db: Path, tmp_path: Path) -> None:
    first = [f["id"] for f in findings(db)]
    assert first == [f["id"] for f in findings(db)]
    store = EmbeddedStore(db)
    try:
        for name in ("近亲属备案.csv", "户籍.csv"):  # again, in another order
            store.load(read_roster(db.parent / name, key=TEST_KEY)[0])
        assert sorted(first) == sorted(f.id for f in detect(store))
    finally:
        store.close()


def test_scope_presets(db: Path) -> None:
    civil = {f["people"][1]["idno"] for f in findings(db, "--rule", "kin_benefit", "--scope", "civil_code")
             if f["people"][0]["idno"] == CADRE}
    assert IN_LAW not in civil and FATHER in civil  # the Civil Code's list has no in-laws


def test_ledger_cells_are_text(db: Path, tmp_path: Path) -> None:
    xlsx, csv_path = tmp_path / "ledger.xlsx", tmp_path / "ledger.csv"
    assert main(["--db", str(db), "detect", "--format", "xlsx", "--out", str(xlsx)]) == 0
    assert main(["--db", str(db), "detect", "--format", "csv", "--out", str(csv_path)]) == 0
    sheet = openpyxl.load_workbook(xlsx).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["线索编号", "规则", "问题类型"] and "是否备案" in header and "证据" in header
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value]
    assert all(c.data_type == "s" for c in cells)
    values = {c.value for c in cells}
    assert "+1+1" in values                                  # the hostile name, as text
    assert not any(str(v).startswith("45273119") for v in values)  # ID numbers masked
    assert any("第" in str(v) and "行" in str(v) for v in values)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "线索编号"
    flat = {c for r in rows[1:] for c in r}
    assert "'+1+1" in flat and not any(c.startswith(("=", "+", "@")) for c in flat)


def test_generic_bulk_reads_give_the_same_findings(db: Path) -> None:
    """The store-neutral read_table (what the Neo4j store uses) finds what the Arrow path finds."""
    from qinyou.graph.store import GraphStore

    class Plain(EmbeddedStore):
        def read_table(self, cypher: str, params: dict | None = None, name: str | None = None) -> object:  # type: ignore[type-arg]
            return GraphStore.read_table(self, cypher, params, name)

    with EmbeddedStore(db, read_only=True) as store:
        arrow = [f.as_dict(reveal=True) for f in detect(store)]
    with Plain(db, read_only=True) as store:
        plain = [f.as_dict(reveal=True) for f in detect(store)]
    assert arrow == plain and any(f["rule"] == "kin_benefit" for f in arrow)
