"""The app's pages through AppTest over a small county ingested from rosters and a notice written here:
search → card → evidence; finding → path + evidence → triage → ledger; saved query → table → export;
graph → kin path; trainer mode masks everything; and the CLI commands behind each page action."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from qinyou import api
from qinyou.app.common import release_store
from qinyou.app.page import MENU
from qinyou.errors import QueryError
from qinyou.cli import main
from qinyou.explore.export import ledger_bytes
from qinyou.explore.findings import Filters
from qinyou.settings import load
from qinyou.stores import open_store
from test_app import APP, page_text, sign_in
from test_detect import BROTHER, CADRE, CADRES, DIBAO, FATHER, HOUSEHOLDS, IN_LAW, RELATIVES, WIFE

NOTICE = ("东岭县纪委监委通报一起群众身边腐败问题\n\n"
          "一、青石镇柳溪村村委会主任王建国优亲厚友问题。2023年，王建国利用职务便利，"
          "违规将其弟王建民纳入农村低保，涉及资金6230元。2024年3月，王建国受到党内警告处分。\n")
PAGES = [file.removesuffix(".py") for file, _, _ in MENU]
SECRETS = (CADRE, BROTHER, FATHER, WIFE, IN_LAW)


def build_county(root: Path) -> Path:
    """Rosters of test_detect and one notice, ingested into ``root/db``."""
    inputs = root / "in"
    inputs.mkdir()
    for name, lines in {"户籍.csv": HOUSEHOLDS, "低保.csv": DIBAO, "干部.csv": CADRES,
                        "近亲属备案.csv": RELATIVES}.items():
        (inputs / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (inputs / "qingshi_2024.txt").write_text(NOTICE, encoding="utf-8")
    api.ingest([inputs], load(db_path=root / "db"))
    api.build_findings_snapshot(load(db_path=root / "db"))  # what `qinyou detect` leaves for the Findings page
    return root / "db"


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_county(tmp_path_factory.mktemp("county"))


@pytest.fixture()
def app(monkeypatch: pytest.MonkeyPatch, county: Path, tmp_path: Path) -> AppTest:
    monkeypatch.setenv("QINYOU_DB", str(county))
    monkeypatch.setenv("QINYOU_STORE", "embedded")
    monkeypatch.setenv("QINYOU_TRIAGE", str(tmp_path / "triage.jsonl"))
    monkeypatch.delenv("QINYOU_TRAINER", raising=False)
    sign_in(monkeypatch, tmp_path)
    return AppTest.from_file(str(APP), default_timeout=60).run()


def open_page(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"pages/{page}.py").run()


def settled(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def mark_html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown if "<mark>" in m.value)


@pytest.mark.parametrize("trainer", [False, True])
def test_every_page_renders_masked(app: AppTest, trainer: bool) -> None:
    if trainer:
        app.sidebar.toggle[0].set_value(True).run()
    for page in PAGES:
        at = open_page(app, page)
        settled(at)
        assert at.header, page
        text = page_text(at)
        for secret in SECRETS:
            assert secret not in text, (page, secret)


def person(text: str, county: Path, roster: bool = True) -> str:
    """The id of the roster person (or the notice person) a search finds."""
    hits = [n for n in api.search(text, load(db_path=county)) if n.label == "Person"]
    return next(n.id for n in hits if bool(n.props.get("idno_masked")) is roster)


def open_card(app: AppTest, text: str, pid: str) -> None:
    app.text_input(key="search_text").input(text).run()
    app.selectbox(key="card_person").set_value(pid).run()


def test_search_card_and_roster_evidence(app: AppTest, county: Path) -> None:
    open_card(app, "王建国", person("王建国", county))
    settled(app)
    assert "人员卡片 / card: 王\\*\\*" in page_text(app)
    tables = {tuple(df.value.columns): df.value for df in app.dataframe}
    posts = next(t for cols, t in tables.items() if "离任" in cols)
    assert posts["内容"].tolist() == ["村委会主任（柳溪村村民委员会）"]
    members = next(t for cols, t in tables.items() if "与户主关系" in cols)
    assert {"户主", "妻"} <= set(members["与户主关系"])
    relatives = next(t for cols, t in tables.items() if "近亲属范围" in cols)
    brother = relatives[relatives["内容"].str.contains("弟")]
    assert not brother.empty and set(brother["近亲属范围"]) == {"是"}
    assert "备案" in set(relatives["依据"])
    # the cadre row as evidence: file, row, and what the row says
    source = next(o for o in app.selectbox(key="card_evidence").options if o.startswith("干部.csv"))
    app.selectbox(key="card_evidence").set_value(source).run()
    settled(app)
    assert "干部.csv 第2行" in page_text(app)
    assert "村委会主任（柳溪村村民委员会）" in app.dataframe[-1].value.to_string()


def test_notice_person_card_case_and_highlighted_span(app: AppTest, county: Path) -> None:
    open_card(app, "王建国", person("王建国", county, roster=False))
    cases = next(df.value for df in app.dataframe if "角色" in df.value.columns)
    assert cases["内容"].str.contains("优亲厚友").any()
    notice = [o for o in app.selectbox(key="card_evidence").options if o.startswith("qingshi_2024#c")]
    assert notice, "the card cites the notice"
    app.selectbox(key="card_evidence").set_value(notice[0]).run()
    settled(app)
    marked = mark_html(app)
    start, end = (int(x) for x in notice[0].rsplit("#c", 1)[1].split("-"))
    assert f"<mark>{NOTICE[start:end]}</mark>" in marked


def test_masked_name_finds_the_people_it_may_stand_for(app: AppTest) -> None:
    app.text_input(key="search_text").input("王某某").run()
    settled(app)
    names = app.dataframe[0].value["名称"].tolist()
    assert names.count("王**") >= 3  # 王建国, 王建民, 王德山, 王小明: surname and length fit
    assert all(n.startswith("王") for n in names if n)


def test_finding_path_evidence_triage_and_ledger(app: AppTest, tmp_path: Path) -> None:
    at = open_page(app, "findings")
    settled(at)
    at.multiselect(key="f_rules").set_value(["kin_benefit"]).run()
    settled(at)
    table = at.dataframe[0].value
    assert set(table["问题类型"]) == {"村干部近亲属享受低保"}
    assert "弟弟" in set(table["关系"]) or "弟" in set(table["关系"])
    brother = table[table["关系"].str.startswith("弟")]["线索编号"].iloc[0]
    at.selectbox(key="f_open").set_value(brother).run()
    settled(at)
    text = page_text(at)
    assert "路径 / path: 王\\*\\*" in text
    assert "干部.csv 第2行" in "\n".join(e.label for e in at.expander)
    # triage: confirmed, with a note, kept by the finding id
    at.radio[0].set_value("confirmed")
    at.text_area[0].input("已入户核实")
    next(b for b in at.button if b.label == "保存 / save").click().run()
    settled(at)
    decisions = [json.loads(line) for line in (tmp_path / "triage.jsonl").read_text(encoding="utf-8").splitlines()]
    assert decisions[-1]["finding"] == brother and decisions[-1]["status"] == "confirmed"
    assert decisions[-1]["note"] == "已入户核实" and decisions[-1]["by"] == "demo-investigator"
    again = open_page(AppTest.from_file(str(APP), default_timeout=60).run(), "findings")
    again.multiselect(key="f_status").set_value(["confirmed"]).run()
    assert again.dataframe[0].value["线索编号"].tolist() == [brother]
    assert again.dataframe[0].value["备注"].tolist() == ["已入户核实"]
    labels = [b.label for b in again.get("download_button")]
    assert any("CSV (1 条)" in lab for lab in labels) and any("Excel (1 条)" in lab for lab in labels)


def test_the_ledger_export_is_masked_text(county: Path, tmp_path: Path) -> None:
    settings = load(db_path=county, triage_file=tmp_path / "t.jsonl")
    page = api.findings(settings, Filters(["kin_benefit"]), 0, 100)
    book = openpyxl.load_workbook(io.BytesIO(ledger_bytes(page.findings, "xlsx")))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row]
    assert cells[0] == "线索编号" and any("第2行" in c for c in cells)
    assert not any(secret in c for c in cells for secret in SECRETS)
    csv_text = ledger_bytes(page.findings, "csv").decode("utf-8-sig")
    assert csv_text.startswith("线索编号") and CADRE not in csv_text


def test_saved_query_with_parameters_table_and_export(app: AppTest) -> None:
    at = open_page(app, "queries")
    at.selectbox(key="q_name").set_value("case_list").run()
    settled(at)
    at.button[0].click().run()  # the form's run button
    settled(at)
    assert at.dataframe[0].value.shape[0] >= 1
    assert "优亲厚友" in at.dataframe[0].value.to_string()
    assert {"下载 CSV", "下载 Excel"} <= {b.label for b in at.get("download_button")}
    assert "LadybugDB" in page_text(at)  # the dialect is named
    at.text_area(key="cypher_text").input("MATCH (p:Person) DETACH DELETE p").run()
    at.button(key="cypher_run").click().run()
    assert "read-only" in at.error[0].value


def test_kin_path_between_two_people(app: AppTest) -> None:
    at = open_page(app, "graph")
    at.text_input(key="kin_a_text").input(CADRE).run()  # a full number: looked up by its keyed id
    at.text_input(key="kin_b_text").input("陈大").run()
    settled(at)
    assert "乙是甲的 **岳父**" in at.success[0].value
    assert "户主" in page_text(at)


def test_neighbourhood_shows_a_stub_for_hubs(app: AppTest, county: Path) -> None:
    village = next(n.id for n in api.search("柳溪村", load(db_path=county)) if n.label == "Place")
    at = open_page(app, "graph")
    at.text_input(key="graph_text").input("柳溪村").run()
    at.selectbox(key="graph_choice").set_value(village).run()
    at.slider(key="graph_per_node").set_value(3).run()
    settled(at)
    html = str(at.get("iframe")[0].proto.srcdoc)
    assert "\\u8fd8\\u6709" in html or "还有" in html  # "…还有 N 个": the rest of the village


def test_graph_expand_then_the_path_between_two_people(app: AppTest, county: Path) -> None:
    """One flow: a person's neighbourhood → expand a neighbour (its own neighbours are drawn) →
    the kin path between two people on the same page."""
    def drawn(at: AppTest) -> int:
        caption = next(c.value for c in at.caption if "节点 nodes" in c.value)
        return int(caption.split()[0])

    settings = load(db_path=county)
    person = next(n.id for n in api.search(CADRE, settings) if n.label == "Person")
    with open_store(settings, read_only=True) as store:
        household = store.read("MATCH (p:Person)-[:MEMBER_OF]->(h:Household) WHERE p.id = $id RETURN h.id",
                               {"id": person}, name="test").rows[0][0]
    at = open_page(app, "graph")
    at.text_input(key="graph_text").input(CADRE).run()
    at.selectbox(key="graph_choice").set_value(person).run()
    settled(at)
    before = drawn(at)
    at.multiselect(key="graph_expanded").set_value([household]).run()
    settled(at)
    assert drawn(at) > before, "expanding the household draws its members"
    at.text_input(key="kin_a_text").input(CADRE).run()
    at.text_input(key="kin_b_text").input("陈大").run()
    settled(at)
    assert "乙是甲的 **岳父**" in at.success[0].value


def test_trainer_mode_masks_names_notice_style(app: AppTest, county: Path) -> None:
    app.sidebar.toggle[0].set_value(True).run()
    open_card(app, "王建国", person("王建国", county, roster=False))
    settled(app)
    text = page_text(app)
    assert "王某某" in text and "王建国" not in text and "王**" not in text
    notice = [o for o in app.selectbox(key="card_evidence").options if o.startswith("qingshi_2024#c")]
    app.selectbox(key="card_evidence").set_value(notice[0]).run()
    assert "王建国" not in mark_html(app) and "王某某" in mark_html(app)
    walk = open_page(app, "trainer")
    settled(walk)
    text = page_text(walk)
    assert "违反的规定" in text and "王建国" not in text
    assert not [f for f in app.get("form") if "reveal" in str(f.proto)]  # no revealing in trainer mode


def test_cli_commands_behind_the_pages(county: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(county)]
    assert main([*db, "status"]) == 0
    assert "state: ok" in capsys.readouterr().out
    cadre = person("王建国", county)  # the roster person (ids are keyed: their order says nothing)
    assert main([*db, "card", cadre]) == 0
    out = capsys.readouterr().out
    assert "村委会主任" in out and CADRE not in out
    assert main([*db, "kin", cadre, person("陈大", county)]) == 0
    assert "relation: 岳父" in capsys.readouterr().out
    assert main([*db, "walk"]) == 0
    assert "王建国" not in capsys.readouterr().out
    found = api.all_findings(load(db_path=county))[0]["id"]
    os.environ["QINYOU_TRIAGE"] = str(tmp_path / "triage.jsonl")
    try:
        assert main([*db, "triage", found, "--status", "dismissed", "--note", "已退出"]) == 0
        assert main([*db, "triage", "--list", "--format", "json"]) == 0
        assert "dismissed" in capsys.readouterr().out
        with pytest.raises(SystemExit):  # argparse refuses a status that is not one of the three
            main([*db, "triage", found, "--status", "maybe"])
    finally:
        del os.environ["QINYOU_TRIAGE"]


def test_review_page_undoes_a_judgement(app: AppTest, county: Path, tmp_path: Path) -> None:
    """A judgement recorded (as `qinyou judge` does) is undone from the Review page; the store is written."""
    settings = load(db_path=county)
    roster, notice = person("王建国", county), person("王建国", county, roster=False)
    at = open_page(app, "review")
    settled(at)
    release_store()  # the app's read-only store lets go before the test writes
    api.judge(roster, notice, "different", "测试员", settings)
    at = open_page(at, "review")
    inputs = [t for t in at.text_input if t.label.startswith(("甲", "乙"))]
    inputs[0].input(roster)
    inputs[1].input(notice)
    next(b for b in at.button if b.label.startswith("撤销")).click().run()
    settled(at)
    assert "undone: different by 测试员" in at.success[0].value
    release_store()
    clusters, _ = api.judgements(settings)
    assert not any({roster, notice} <= c for c in clusters)
    with pytest.raises(QueryError, match="no judgement"):
        api.undo_judgement(roster, notice, settings)


def test_the_cypher_box_pages_through_an_answer_and_exports_all_of_it(app: AppTest, tmp_path: Path) -> None:
    """130 rows at 50 a page: three pages by next / previous, each fetched alone; the download is all 130."""
    at = open_page(app, "queries")
    at.text_area(key="cypher_text").input("UNWIND range(1, 130) AS i RETURN i AS n ORDER BY n").run()
    at.button(key="cypher_run").click().run()
    settled(at)
    assert "rows 1–100, more follow" in page_text(at)  # 100 a page by default
    at.selectbox(key="cypher_size").set_value(50).run()
    frame = at.dataframe[0].value
    assert list(frame["n"]) == list(range(1, 51)) and "rows 1–50, more follow" in page_text(at)
    at.button(key="cypher_next").click().run()
    at.button(key="cypher_next").click().run()
    settled(at)
    assert list(at.dataframe[0].value["n"]) == list(range(101, 131))
    assert "130 rows" in page_text(at) and at.button(key="cypher_next").disabled
    at.button(key="cypher_prev").click().run()
    assert list(at.dataframe[0].value["n"]) == list(range(51, 101)) and not at.button(key="cypher_next").disabled
    logged = [json.loads(line) for line in Path(os.environ["QINYOU_AUDIT"]).read_text(encoding="utf-8").splitlines()]
    pages = [e["params"]["offset"] for e in logged if e["action"] == "cypher" and e["ok"]]
    assert pages == [0, 0, 50, 100, 50]  # one fetch per page shown, none again on reruns
    assert all(e["params"]["rows"] <= 100 for e in logged if e["action"] == "cypher")
    csv_button = next(b for b in at.get("download_button") if b.proto.label == "下载 CSV")
    assert csv_button is not None
    # what the button streams: the session's export of the whole answer
    from qinyou.access.roles import Principal
    from qinyou.access.session import Session

    release_store()
    store = open_store(load(), read_only=True)
    try:
        me = Session(load(), Principal("zhang", "investigator"))
        assert me.export_cypher("UNWIND range(1, 130) AS i RETURN i AS n", "csv", tmp_path / "all.csv", store) == 130
    finally:
        store.close()
    assert len((tmp_path / "all.csv").read_text(encoding="utf-8-sig").splitlines()) == 131


def test_the_cli_pages_and_streams_a_query(county: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(county)]
    release_store()
    assert main([*db, "cypher", "UNWIND range(1, 30) AS i RETURN i AS n ORDER BY n", "--page", "2",
                 "--page-size", "12", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["n"] for line in out.splitlines()] == list(range(13, 25))
    assert "rows 13-24; more follow: --page 3" in err
    assert main([*db, "query", "case_list", "--page", "1", "--page-size", "1", "--format", "json"]) == 0
    assert len(capsys.readouterr()[0].splitlines()) == 1
    out_file = tmp_path / "cases.xlsx"
    assert main([*db, "query", "case_list", "--out", str(out_file)]) == 0
    book = openpyxl.load_workbook(out_file)
    assert book.active["A1"].value == "notice" and book.active.max_row >= 2
    assert main([*db, "cypher", "MATCH (p:Person) SET p.name = 'x' RETURN p"]) == 2
    assert "read-only" in capsys.readouterr()[1]
